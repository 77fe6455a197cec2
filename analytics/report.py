"""The quarterly retro as an Excel workbook: what a team takes into its retrospective.

One workbook per quarter, built from :func:`analytics.metrics.retro` so it shows exactly what
the Quarterly retro page shows:

- **Summary** - the quarter, what it is compared with, the filters; every headline KPI this
  quarter, the previous quarter and a year ago with both changes and whether each change is
  good; a chart of the rates across the three quarters;
- **Monthly trend** - the fifteen months from a year ago to the quarter's end, with a chart;
- **Top movers** - projects whose complaints, CSAT or schedule slip changed most;
- **Rising complaints** - complaint categories that grew, with a chart;
- **Go-lives** - the quarter's go-lives with delivery days and slip, with a chart;
- **Definitions** - the metric dictionary, so no figure travels without its definition.

Charts are native Excel charts (openpyxl.chart), so they stay live and editable. Every text
cell goes through :func:`analytics.exports.escape_formula`: customer names, categories and
project names come from uploaded files, and a value such as ``=HYPERLINK(...)`` must open as
text, never as a formula.

Raises ValueError with one clear sentence for a malformed quarter ("2025Q5") or a quarter
with nothing to report; the CLI prints it as is.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from . import i18n
from .exports import escape_formula
from .filters import Filters
from .metrics import (METRICS, Quarter, complaint_trend, cycle_time_trend, retro,
                      satisfaction_trend)
from .metrics._base import store_clock
from .metrics import registry
from .metrics.cycle_times import sla_trend
from .metrics.periods import quarter_has_data, unfinished_quarter
from .metrics.registry import TEXT_FIELDS, UNITS
from .settings import Settings, load_settings

DATE_FORMAT = "yyyy-mm-dd"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F6FB2")
TITLE_FONT = Font(bold=True, size=16)
SUBTITLE_FONT = Font(italic=True, color="555555")
GOOD_FONT = Font(color="2E9E4F", bold=True)
BAD_FONT = Font(color="D1342F", bold=True)
MUTED_FONT = Font(color="8C96A0")

# The rates charted on the summary sheet: comparable on one percentage axis.
SUMMARY_CHART_KEYS: tuple[str, ...] = ("complaint_rate", "sla_attainment",
                                       "on_time_golive_rate", "csat_pct")


# -- public API --------------------------------------------------------------------------------


def parse_quarter(quarter: str | Quarter) -> Quarter:
    """'2025Q2' -> Quarter; ValueError naming the expected form otherwise."""
    if isinstance(quarter, Quarter):
        return quarter
    try:
        return Quarter.parse(str(quarter))
    except ValueError:
        raise ValueError(f"{quarter!r} is not a quarter; write it like 2025Q2 "
                         "(year, Q, quarter 1-4)") from None


def retro_workbook(con: duckdb.DuckDBPyConnection, quarter: str | Quarter,
                   filters: Filters = Filters(), lang: str = "zh", *,
                   settings: Settings | None = None) -> bytes:
    """The retro workbook of ``quarter`` (filters' dimensions apply, their dates do not) as
    xlsx bytes, labelled in ``lang``."""
    settings = settings or load_settings(con)
    if lang not in i18n.LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(i18n.LANGUAGES)}, not {lang!r}")
    qtr = parse_quarter(quarter)
    _require_data(con, qtr, filters, settings)
    data = retro(con, filters, quarter=qtr, settings=settings)
    trend = monthly_trend(con, filters, quarter=qtr, settings=settings)
    wb = Workbook()
    summary = wb.active
    _summary_sheet(summary, con, data, filters, lang)
    _trend_sheet(wb.create_sheet(_title("report.sheet.trend", lang)), trend, lang,
                 settings.low_confidence_n)
    _movers_sheet(wb.create_sheet(_title("report.sheet.movers", lang)), data.movers, lang,
                  settings.small_group_n)
    _categories_sheet(wb.create_sheet(_title("report.sheet.categories", lang)),
                      data.rising_categories, data, lang)
    _golives_sheet(wb.create_sheet(_title("report.sheet.golives", lang)), data.golives, lang)
    _definitions_sheet(wb.create_sheet(_title("report.sheet.definitions", lang)), lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_retro(con: duckdb.DuckDBPyConnection, quarter: str | Quarter,
                out_path: str | Path, filters: Filters = Filters(), lang: str = "zh", *,
                settings: Settings | None = None) -> Path:
    """Write the retro workbook of ``quarter`` to ``out_path`` (its folder is created);
    returns the path. Nothing is printed: the CLI reports the result."""
    payload = retro_workbook(con, quarter, filters, lang, settings=settings)
    path = Path(out_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(payload)
    return path


def monthly_trend(con: duckdb.DuckDBPyConnection, filters: Filters, *, quarter: Quarter,
                  settings: Settings | None = None) -> pd.DataFrame:
    """Month by month from the same quarter a year before to the quarter's end: the rates a
    retro discusses, each with its n.

    Columns: period, complaint_rate, projects_active, complaints, sla_attainment,
    sla_population, resolution_median_hours, resolved, csat_pct, n (scored responses), nps,
    complaint_low_n and csat_low_n (the month's figure rests on fewer than
    settings.low_confidence_n active projects / scored responses, as the charts flag it).
    """
    settings = settings or load_settings(con)
    span = filters.with_period(quarter.year_before().first_day, quarter.last_day)
    complaints = complaint_trend(con, span, grain="month", settings=settings)
    sla = sla_trend(con, span, grain="month", settings=settings)
    cycle = cycle_time_trend(con, span, grain="month", settings=settings)
    sat = satisfaction_trend(con, span, grain="month", settings=settings)
    frame = complaints[["period", "complaint_rate", "projects_active", "complaints"]]
    frame = frame.merge(sla[["period", "sla_attainment", "sla_population"]], on="period",
                        how="left")
    frame = frame.merge(cycle[["period", "resolution_median_hours", "resolved"]], on="period",
                        how="left")
    frame = frame.merge(sat[["period", "csat_pct", "n", "nps"]], on="period", how="left")
    low_n = int(settings.low_confidence_n)
    frame["complaint_low_n"] = frame["projects_active"] < low_n
    frame["csat_low_n"] = frame["n"].fillna(0) < low_n
    return frame


# -- checks ------------------------------------------------------------------------------------


def _require_data(con: duckdb.DuckDBPyConnection, qtr: Quarter, filters: Filters,
                  settings: Settings) -> None:
    if quarter_has_data(con, qtr, filters, settings=settings):
        return
    first, last = store_clock(con)
    if first is None or last is None:
        raise ValueError(f"no data for {qtr}: the store is empty; import files first")
    span = (f"the store's records run from {_quarter_of(first.date())} "
            f"to {_quarter_of(last.date())}")
    if filters != Filters() and quarter_has_data(con, qtr, Filters(), settings=settings):
        raise ValueError(f"no data for {qtr} with these filters ({span})")
    raise ValueError(f"no data for {qtr}: {span}")


def _quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


# -- cells -------------------------------------------------------------------------------------


def _t(key: str, lang: str, **fmt: object) -> str:
    return i18n.t(key, lang, **fmt)


def _title(key: str, lang: str) -> str:
    """A sheet title: Excel allows 31 characters and none of []:*?/\\."""
    text = _t(key, lang)
    for ch in "[]:*?/\\":
        text = text.replace(ch, "_")
    return text[:31]


def _plain(value: Any) -> Any:
    """A pandas / numpy value as one openpyxl writes: None for missing, Python scalars."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    return value


def put(ws: Worksheet, row: int, col: int, value: Any, *, number_format: str | None = None,
        font: Font | None = None) -> Any:
    """Write one cell. Text is escaped (``escape_formula``) so it can never run as a
    formula; dates get a date format; everything else is written as it is."""
    value = _plain(value)
    if isinstance(value, str):
        value = escape_formula(ILLEGAL_CHARACTERS_RE.sub("", value)) or None
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if isinstance(value, (date, datetime)) and number_format is None:
        number_format = DATE_FORMAT
    if number_format is not None and not isinstance(value, str):
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def _header(ws: Worksheet, row: int, titles: Sequence[str]) -> None:
    for j, title in enumerate(titles, start=1):
        cell = put(ws, row, j, title, font=HEADER_FONT)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width


def _sheet_heading(ws: Worksheet, title: str, subtitle: str | None = None) -> int:
    """Title (and subtitle) on top of a sheet; returns the first free row."""
    put(ws, 1, 1, title, font=TITLE_FONT)
    if subtitle:
        put(ws, 2, 1, subtitle, font=SUBTITLE_FONT)
        return 4
    return 3


def _none_note(ws: Worksheet, row: int, lang: str) -> None:
    put(ws, row, 1, _t("report.no_rows", lang), font=MUTED_FONT)


def _axes_visible(chart: Any) -> None:
    # openpyxl marks axes deleted by default for some Excel builds; show both explicitly.
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def _quarter_text(text: str, lang: str) -> str:
    year, q = text.upper().split("Q")
    return _t("period.quarter", lang, year=int(year), q=int(q))


def _filters_text(filters: Filters, lang: str) -> str:
    parts = []
    for name in ("customers", "industries", "regions", "delivery_modes", "teams", "projects",
                 "priorities", "ticket_types"):
        values = getattr(filters, name)
        if values:
            parts.append(f"{_t(f'report.filter.{name}', lang)}: {', '.join(values)}")
    return "; ".join(parts) if parts else _t("report.filters_none", lang)


# -- sheets ------------------------------------------------------------------------------------


def _summary_sheet(ws: Worksheet, con: duckdb.DuckDBPyConnection, data: Any, filters: Filters,
                   lang: str) -> None:
    ws.title = _title("report.sheet.summary", lang)
    put(ws, 1, 1, _t("report.title", lang, quarter=_quarter_text(data.quarter, lang)),
        font=TITLE_FONT)
    put(ws, 2, 1, _t("report.compared", lang, previous=_quarter_text(data.previous, lang),
                     year_ago=_quarter_text(data.year_ago, lang)), font=SUBTITLE_FONT)
    put(ws, 3, 1, _t("report.filters", lang, filters=_filters_text(filters, lang)),
        font=SUBTITLE_FONT)
    _, last = store_clock(con)
    put(ws, 4, 1, _t("report.data_until", lang,
                     day=last.date().isoformat() if last else "—"), font=SUBTITLE_FONT)
    if last is not None and data.quarter == unfinished_quarter(con):
        put(ws, 5, 1, _t("retro.unfinished_note", lang, quarter=_quarter_text(data.quarter, lang),
                         day=last.date().isoformat()), font=BAD_FONT)

    header_row = 6
    _header(ws, header_row, [
        _t("retro.col.kpi", lang), _t("report.col.unit", lang),
        _t("report.col.current", lang, quarter=data.quarter),
        _t("report.col.previous", lang, quarter=data.previous),
        _t("report.col.delta_previous", lang),
        _t("report.col.year_ago", lang, quarter=data.year_ago),
        _t("report.col.delta_year_ago", lang),
        _t("report.col.verdict_previous", lang), _t("report.col.verdict_year_ago", lang),
        _t("report.col.key", lang), _t("report.col.target", lang),
        _t("report.col.on_target", lang)])
    row = header_row
    for r in data.kpis.to_dict("records"):
        row += 1
        unit = r["unit"]
        fmt, dfmt = UNITS[unit].excel, UNITS[unit].excel_delta
        put(ws, row, 1, r["name_zh"] if lang == "zh" else r["name_en"], font=Font(bold=True))
        put(ws, row, 2, _t(f"report.unit.{unit}", lang) if f"report.unit.{unit}" in i18n.table()
            else unit)
        put(ws, row, 3, r["current"], number_format=fmt)
        put(ws, row, 4, r["previous"], number_format=fmt)
        put(ws, row, 5, r["delta_previous"], number_format=dfmt,
            font=_verdict_font(r["better_vs_previous"]))
        put(ws, row, 6, r["year_ago"], number_format=fmt)
        put(ws, row, 7, r["delta_year_ago"], number_format=dfmt,
            font=_verdict_font(r["better_vs_year_ago"]))
        put(ws, row, 8, _verdict(r["better_vs_previous"], r["delta_previous"], lang),
            font=_verdict_font(r["better_vs_previous"]))
        put(ws, row, 9, _verdict(r["better_vs_year_ago"], r["delta_year_ago"], lang),
            font=_verdict_font(r["better_vs_year_ago"]))
        put(ws, row, 10, r["key"], font=MUTED_FONT)
        on = _plain(r["on_target"])
        put(ws, row, 11, _plain(r["target"]), number_format=fmt)
        put(ws, row, 12, None if on is None else
            _t("report.on_target" if on else "report.off_target", lang),
            font=_verdict_font(on))
    put(ws, row + 1, 1, _t("report.delta_note", lang), font=SUBTITLE_FONT)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    _widths(ws, [30, 16, 16, 16, 14, 16, 14, 12, 12, 28, 12, 14])

    # the chart's own small table: the four rates in the three quarters
    chart_row = row + 3
    put(ws, chart_row, 1, _t("report.chart_data", lang), font=Font(bold=True))
    _header(ws, chart_row + 1, [_t("retro.col.kpi", lang), data.year_ago, data.previous,
                                data.quarter])
    kpis = data.kpis.set_index("key")
    r = chart_row + 1
    for key in SUMMARY_CHART_KEYS:
        if key not in kpis.index:
            continue
        r += 1
        entry = kpis.loc[key]
        put(ws, r, 1, entry["name_zh"] if lang == "zh" else entry["name_en"])
        for j, column in enumerate(("year_ago", "previous", "current"), start=2):
            put(ws, r, j, entry[column], number_format="0.0%")
    chart = BarChart()
    chart.type = "col"
    chart.title = _t("report.chart.rates", lang)
    chart.y_axis.title = _t("report.axis.rate", lang)
    chart.x_axis.title = _t("report.axis.kpi", lang)
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.add_data(Reference(ws, min_col=2, max_col=4, min_row=chart_row + 1, max_row=r),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=chart_row + 2, max_row=r))
    chart.height, chart.width = 8, 18
    _axes_visible(chart)
    ws.add_chart(chart, f"N{header_row}")


def _verdict(better: Any, delta: Any, lang: str) -> str:
    if _plain(delta) is None:
        return "—"
    if better is True:
        return _t("report.better", lang)
    if better is False:
        return _t("report.worse", lang)
    return _t("report.unchanged", lang) if _plain(delta) == 0 else _t("report.neutral", lang)


def _verdict_font(better: Any) -> Font | None:
    if better is True:
        return GOOD_FONT
    if better is False:
        return BAD_FONT
    return None


def _trend_sheet(ws: Worksheet, trend: pd.DataFrame, lang: str, low_n: int) -> None:
    start = _sheet_heading(ws, _t("report.sheet.trend", lang), _t("report.trend.subtitle", lang))
    columns = [
        ("period", _t("report.col.month", lang), "yyyy-mm"),
        ("complaint_rate", _t("col.complaint_rate", lang), "0.0%"),
        ("sla_attainment", _t("col.sla_attainment", lang), "0.0%"),
        ("csat_pct", _t("col.csat_pct", lang), "0.0%"),
        ("resolution_median_hours", _t("col.resolution_median_hours", lang), "#,##0.0"),
        ("nps", _t("col.nps", lang), "+0.0;-0.0;0.0"),
        ("projects_active", _t("col.projects_active", lang), "#,##0"),
        ("complaints", _t("col.complaints", lang), "#,##0"),
        ("sla_population", _t("report.col.sla_population", lang), "#,##0"),
        ("resolved", _t("col.resolved", lang), "#,##0"),
        ("n", _t("col.survey_responses", lang), "#,##0"),
    ]
    _header(ws, start, [title for _, title, _ in columns] + [_t("report.col.low_n", lang, n=low_n)])
    flagged = (("complaint_low_n", "col.complaint_rate"), ("csat_low_n", "col.csat_pct"))
    for i, r in enumerate(trend.to_dict("records"), start=start + 1):
        for j, (name, _, fmt) in enumerate(columns, start=1):
            put(ws, i, j, r.get(name), number_format=fmt)
        few = [_t(title, lang) for column, title in flagged if r.get(column)]
        put(ws, i, len(columns) + 1, "; ".join(few) if few else None, font=MUTED_FONT)
    last = start + len(trend)
    _widths(ws, [12, 14, 14, 12, 16, 10, 12, 10, 14, 10, 10, 30])
    ws.freeze_panes = ws.cell(row=start + 1, column=2)
    if len(trend) == 0:
        _none_note(ws, start + 1, lang)
        return
    chart = LineChart()
    chart.title = _t("report.chart.trend", lang)
    chart.y_axis.title = _t("report.axis.rate", lang)
    chart.x_axis.title = _t("report.col.month", lang)
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.x_axis.number_format = "yyyy-mm"
    chart.add_data(Reference(ws, min_col=2, max_col=4, min_row=start, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=start + 1, max_row=last))
    chart.height, chart.width = 9, 22
    _axes_visible(chart)
    ws.add_chart(chart, f"A{last + 3}")


def _movers_sheet(ws: Worksheet, movers: pd.DataFrame, lang: str, min_n: int) -> None:
    start = _sheet_heading(ws, _t("report.sheet.movers", lang),
                           _t("report.movers.subtitle", lang, min_n=min_n))
    titles = [_t("col.measure", lang), _t("col.project_id", lang), _t("col.project_name", lang),
              _t("col.customer", lang), _t("col.previous", lang), _t("col.current", lang),
              _t("col.change", lang), _t("report.col.verdict_previous", lang),
              _t("col.previous_n", lang), _t("col.current_n", lang)]
    _header(ws, start, titles)
    for i, r in enumerate(movers.to_dict("records"), start=start + 1):
        unit = UNITS[registry.kpi(r["measure"]).unit]
        put(ws, i, 1, _t(f"value.mover.{r['measure']}", lang)
            if f"value.mover.{r['measure']}" in i18n.table() else r["measure"])
        put(ws, i, 2, r["project_id"])
        put(ws, i, 3, r["project_name"])
        put(ws, i, 4, r["customer"])
        put(ws, i, 5, r["previous"], number_format=unit.excel)
        put(ws, i, 6, r["current"], number_format=unit.excel)
        put(ws, i, 7, r["change"], number_format=unit.excel_delta,
            font=_verdict_font(_plain(r["better"])))
        put(ws, i, 8, _verdict(_plain(r["better"]), r["change"], lang),
            font=_verdict_font(_plain(r["better"])))
        put(ws, i, 9, r["previous_n"], number_format="#,##0")
        put(ws, i, 10, r["current_n"], number_format="#,##0")
    if movers.empty:
        _none_note(ws, start + 1, lang)
    _widths(ws, [16, 12, 30, 20, 12, 12, 12, 10, 10, 10])
    ws.freeze_panes = ws.cell(row=start + 1, column=1)


def _categories_sheet(ws: Worksheet, categories: pd.DataFrame, data: Any, lang: str) -> None:
    start = _sheet_heading(ws, _t("report.sheet.categories", lang),
                           _t("report.categories.subtitle", lang))
    _header(ws, start, [_t("col.category", lang), data.previous, data.quarter,
                        _t("col.change", lang)])
    for i, r in enumerate(categories.to_dict("records"), start=start + 1):
        put(ws, i, 1, r["category"] if _plain(r["category"]) is not None
            else _t("common.unspecified", lang))
        put(ws, i, 2, r["previous"], number_format="#,##0")
        put(ws, i, 3, r["current"], number_format="#,##0")
        put(ws, i, 4, r["change"], number_format="+#,##0;-#,##0;0", font=BAD_FONT)
    _widths(ws, [24, 12, 12, 12])
    if categories.empty:
        _none_note(ws, start + 1, lang)
        return
    last = start + len(categories)
    chart = BarChart()
    chart.type = "col"
    chart.title = _t("report.chart.categories", lang)
    chart.y_axis.title = _t("report.axis.complaints", lang)
    chart.x_axis.title = _t("col.category", lang)
    chart.y_axis.scaling.min = 0
    chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=start, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=start + 1, max_row=last))
    chart.height, chart.width = 8, 18
    _axes_visible(chart)
    ws.add_chart(chart, "F3")


def _golives_sheet(ws: Worksheet, golives: pd.DataFrame, lang: str) -> None:
    start = _sheet_heading(ws, _t("report.sheet.golives", lang),
                           _t("report.golives.subtitle", lang))
    columns = [("project_id", None), ("project_name", None), ("customer", None),
               ("delivery_mode", None), ("implementation_lead", None), ("kickoff_date", None),
               ("planned_golive_date", None), ("actual_golive_date", None),
               ("delivery_days", "#,##0"), ("slip_days", "+#,##0;-#,##0;0"), ("on_time", None)]
    _header(ws, start, [_t(f"col.{name}", lang) for name, _ in columns])
    for i, r in enumerate(golives.to_dict("records"), start=start + 1):
        for j, (name, fmt) in enumerate(columns, start=1):
            value = r.get(name)
            if name == "delivery_mode" and _plain(value) is not None:
                key = f"value.delivery_mode.{value}"
                value = _t(key, lang) if key in i18n.table() else value
            elif name == "on_time":
                value = None if _plain(value) is None else _t(
                    "common.yes" if value else "common.no", lang)
            font = None
            if name == "slip_days" and _plain(value) is not None:
                font = BAD_FONT if value > 0 else GOOD_FONT
            put(ws, i, j, value, number_format=fmt, font=font)
    _widths(ws, [12, 30, 20, 10, 12, 12, 12, 12, 10, 10, 8])
    ws.freeze_panes = ws.cell(row=start + 1, column=3)
    if golives.empty:
        _none_note(ws, start + 1, lang)
        return
    last = start + len(golives)
    chart = BarChart()
    chart.type = "bar"
    chart.title = _t("report.chart.slip", lang)
    chart.x_axis.title = _t("col.project_name", lang)
    chart.y_axis.title = _t("report.axis.slip_days", lang)
    chart.add_data(Reference(ws, min_col=10, max_col=10, min_row=start, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=start + 1, max_row=last))
    chart.legend = None
    chart.height, chart.width = max(7, 0.6 * len(golives) + 3), 18
    _axes_visible(chart)
    ws.add_chart(chart, f"A{last + 3}")


def _definitions_sheet(ws: Worksheet, lang: str) -> None:
    start = _sheet_heading(ws, _t("report.sheet.definitions", lang),
                           _t("report.definitions.subtitle", lang))
    _header(ws, start, [_t("report.col.key", lang), _t("ui.kpi.field.name", lang),
                        _t("ui.kpi.field.definition", lang), _t("ui.kpi.field.population", lang),
                        _t("ui.kpi.field.date_basis", lang),
                        _t("ui.kpi.field.aggregator", lang), _t("ui.kpi.field.unit", lang),
                        _t("report.col.direction", lang)])
    for i, m in enumerate(METRICS.values(), start=start + 1):
        direction = {True: "report.direction.up", False: "report.direction.down",
                     None: "report.direction.none"}[m.higher_is_better]
        values = [m.key, *(m.text(field, lang) for field in TEXT_FIELDS), _t(direction, lang)]
        for j, value in enumerate(values, start=1):
            cell = put(ws, i, j, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _widths(ws, [26, 22, 60, 36, 24, 22, 14, 14])
    ws.freeze_panes = ws.cell(row=start + 1, column=2)


__all__ = ["monthly_trend", "parse_quarter", "put", "retro_workbook", "write_retro"]
