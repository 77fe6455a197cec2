"""The metric registry: every KPI declared once.

As in dbt's metrics with measures, a figure is built in two steps:

- a **measure** is one aggregate over the rows of a *source* in a window: tickets created,
  complaints, the sorted resolution times, scored survey answers ... (:data:`MEASURES`);
- a **KPI** is an expression over measures: complaint rate = projects with complaints /
  active projects (:data:`KPIS`).

Each KPI's declaration carries everything else the product needs to know about it: its key
(one name in SQL, Python, the CLI, exports and docs), its unit (which decides how it is
formatted on a card, in a table and in a workbook), whether higher is better, the measure
that is its n, the listing of the rows behind it, the trend it is drawn from, its texts in
the translation table, and whether it is a headline figure. From the registry come:

- the figures of any KPIs for one or several periods, in one statement
  (:func:`analytics.metrics.headline.figures`), hence the headline and the CLI's JSON keys;
- the KPI columns of trend and breakdown frames (:func:`columns_sql`);
- a card's name, unit, colour of change, definition, sparkline and click-through
  (:mod:`analytics.kpi_cards`, :mod:`analytics.ui.kpis`);
- the display formats of tables and workbooks (:data:`UNITS`);
- the metric dictionary (:mod:`.dictionary`) and the summary table of docs/metrics.md
  (:func:`docs_table`).

Adding a KPI is an entry here (and a measure, if it rests on a new aggregate), its texts in
analytics/translations/metrics.py, its test and its prose in docs/metrics.md; see
CONTRIBUTING.md. The SQL written here is the portable subset a second engine also runs; the
few engine-specific spellings are in :class:`Expr`'s constructors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

from ..settings import SETTINGS, Settings
from ._base import in_window, open_at, resolved_in, responded_in
from ._base import ratio as sql_ratio

# -- expressions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expr:
    """An SQL expression over measures: ``template`` with ``{0}``, ``{1}`` ... standing for
    ``args`` (measure names or expressions), each rendered by the caller's ``column``."""

    template: str
    args: tuple[str | Expr, ...]
    reads: str = "{0}"  # how docs/metrics.md writes it


    @property
    def measures(self) -> tuple[str, ...]:
        """Every measure the expression reads, in order, each once."""
        out: list[str] = []
        for a in self.args:
            for m in (a,) if isinstance(a, str) else a.measures:
                if m not in out:
                    out.append(m)
        return tuple(out)

    def sql(self, column: Callable[[str], str] = str) -> str:
        parts = [column(a) if isinstance(a, str) else a.sql(column) for a in self.args]
        return self.template.format(*parts)

    def text(self) -> str:
        """The expression as a reader writes it (``complaints / tickets_created``)."""
        return self.reads.format(*(a if isinstance(a, str) else a.text() for a in self.args))

    @property
    def is_measure(self) -> bool:
        """True for a KPI that is one of its measures as it is (a count, a median)."""
        return self.template == "{0}" and isinstance(self.args[0], str)


def measure(name: str) -> Expr:
    """The measure ``name`` itself."""
    return Expr("{0}", (name,))


def ratio(num: str | Expr, den: str | Expr) -> Expr:
    """num / den as DOUBLE; NULL when the denominator is 0 (a rate of nothing is unknown)."""
    return Expr(sql_ratio("{0}", "{1}"), (num, den), "{0} / {1}")


def per(scale: int, num: str | Expr, den: str | Expr) -> Expr:
    """scale x num / den (complaints per 100 tickets), NULL when den is 0."""
    return Expr(f"CAST({int(scale)} * {{0}} AS DOUBLE) / nullif({{1}}, 0)", (num, den),
                f"{int(scale)} × {{0}} / {{1}}")


def plus(*terms: str | Expr) -> Expr:
    sum_ = " + ".join(f"{{{i}}}" for i in range(len(terms)))
    return Expr(f"({sum_})", terms, f"({sum_})")


def item(values: str | Expr, position: int) -> Expr:
    """The ``position``-th (from 1) element of a list measure (a quantile_cont list)."""
    return Expr(f"{{0}}[{int(position)}]", (values,),
                f"{{0}}[{int(position)}]")


# -- measures ----------------------------------------------------------------------------------

# Where a measure's rows come from, for a window ``w`` (the period's bounds, a row of several
# windows, a period of the spine); the statements that compute measures over windows join
# each source to the windows as analytics.metrics.headline describes:
#   tickets          tk rows touching w; every ticket measure filters to its own rows in w
#   active_projects  projects active in w, each with the complaints it raised in w
#   golives          proj rows that went live in w
#   surveys          sv rows submitted in w
#   renewals_due     proj rows whose contract came up for renewal in w (renewal_due_date), not cancelled
#   business_tickets the same tickets with their business-hours durations (metrics.working_time)
Source = Literal["tickets", "business_tickets", "active_projects", "golives", "surveys", "renewals_due"]


@dataclass(frozen=True)
class Measure:
    """One aggregate over the rows of ``source`` in window ``w`` (``sql(w)``).

    ``empty`` is its value for a window without rows ("0" for a count, None for a
    statistic of nothing). A list measure (``listed=False``) feeds KPIs but is not a column
    of any frame.
    """

    name: str
    source: Source
    sql: Callable[[str], str]
    empty: str | None = "0"
    listed: bool = True


def _created(w: str) -> str:
    return in_window("tk.created_at", w)


def _resolved_at(w: str) -> str:
    return in_window("tk.resolved_ts", w)


_DELIVERED = "delivery_days >= 0"

MEASURES: tuple[Measure, ...] = (
    # tickets
    Measure("tickets_created", "tickets", lambda w: f"count(*) FILTER (WHERE {_created(w)})"),
    Measure("complaints", "tickets",
            lambda w: f"count(*) FILTER (WHERE tk.complaint AND {_created(w)})"),
    Measure("resolved", "tickets", lambda w: f"count(*) FILTER (WHERE {resolved_in(w)})"),
    Measure("resolution_q", "tickets",
            lambda w: "quantile_cont(tk.resolution_hours, [0.5, 0.9]) "
                      f"FILTER (WHERE {resolved_in(w)})", None, listed=False),
    Measure("resolution_mean_hours", "tickets",
            lambda w: f"avg(tk.resolution_hours) FILTER (WHERE {resolved_in(w)})", None),
    Measure("responded", "tickets", lambda w: f"count(*) FILTER (WHERE {responded_in(w)})"),
    Measure("first_response_q", "tickets",
            lambda w: "quantile_cont(tk.first_response_hours, [0.5, 0.9]) "
                      f"FILTER (WHERE {responded_in(w)})", None, listed=False),
    # the same tickets on the business clock (working calendar, pauses excluded)
    Measure("resolution_business_q", "business_tickets",
            lambda w: "quantile_cont(tk.resolution_business_hours, [0.5, 0.9]) "
                      f"FILTER (WHERE {resolved_in(w)})", None, listed=False),
    Measure("first_response_business_q", "business_tickets",
            lambda w: "quantile_cont(tk.first_response_business_hours, [0.5, 0.9]) "
                      f"FILTER (WHERE {responded_in(w)})", None, listed=False),
    Measure("sla_resolved", "tickets",
            lambda w: f"count(*) FILTER (WHERE {resolved_in(w)} AND tk.target_at IS NOT NULL)"),
    Measure("sla_met", "tickets",
            lambda w: f"count(*) FILTER (WHERE {resolved_in(w)} AND tk.resolved_ts <= tk.target_at)"),
    Measure("sla_open_breached", "tickets",
            lambda w: f"count(*) FILTER (WHERE {open_at('tk', w)} AND tk.target_at < {w}.as_of)"),
    Measure("sla_without_target", "tickets",
            lambda w: f"count(*) FILTER (WHERE ({resolved_in(w)} OR {open_at('tk', w)})"
                      " AND tk.target_at IS NULL)"),
    Measure("tickets_resolved", "tickets",
            lambda w: f"count(*) FILTER (WHERE {_resolved_at(w)})"),
    Measure("reopen_with_count", "tickets",
            lambda w: f"count(tk.reopened_count) FILTER (WHERE {_resolved_at(w)})"),
    Measure("reopened", "tickets",
            lambda w: f"count(*) FILTER (WHERE {_resolved_at(w)} AND tk.reopened_count >= 1)"),
    Measure("backlog_open", "tickets", lambda w: f"count(*) FILTER (WHERE {open_at('tk', w)})"),
    # active projects, each with its complaints in the window
    Measure("projects_active", "active_projects", lambda w: "count(*)"),
    Measure("projects_with_complaints", "active_projects",
            lambda w: "count(*) FILTER (WHERE complaints > 0)"),
    # go-lives
    Measure("golives", "golives", lambda w: "count(*)"),
    Measure("cycle_n", "golives", lambda w: f"count(*) FILTER (WHERE {_DELIVERED})"),
    Measure("delivery_cycle_median_days", "golives",
            lambda w: f"quantile_cont(delivery_days, 0.5) FILTER (WHERE {_DELIVERED})", None),
    Measure("delivery_cycle_p90_days", "golives",
            lambda w: f"quantile_cont(delivery_days, 0.9) FILTER (WHERE {_DELIVERED})", None),
    Measure("golive_slip_median_days", "golives",
            lambda w: "quantile_cont(date_diff('day', planned_golive_date, actual_golive_date),"
                      " 0.5)", None),
    Measure("with_plan", "golives", lambda w: "count(golive_on_time)"),
    Measure("on_time", "golives", lambda w: "count(*) FILTER (WHERE golive_on_time)"),
    # survey responses; n is CSAT's (the scored responses), as in every satisfaction frame
    Measure("survey_responses", "surveys", lambda w: "count(*)"),
    Measure("n", "surveys", lambda w: "count(sv.satisfied)"),
    Measure("satisfied", "surveys", lambda w: "count(*) FILTER (WHERE sv.satisfied)"),
    Measure("csat_mean_0_100", "surveys", lambda w: "avg(sv.score_0_100)", None),
    Measure("nps_n", "surveys", lambda w: "count(sv.nps_point)"),
    Measure("promoters", "surveys", lambda w: "count(*) FILTER (WHERE sv.nps_point = 1)"),
    Measure("detractors", "surveys", lambda w: "count(*) FILTER (WHERE sv.nps_point = -1)"),
    Measure("nps", "surveys", lambda w: "100 * avg(sv.nps_point)", None),
    Measure("nps_var", "surveys", lambda w: "var_pop(sv.nps_point)", None, listed=False),
    # contracts that came up for renewal in the window (their term ended, renewed or not)
    Measure("up_for_renewal", "renewals_due", lambda w: "count(*)"),
    Measure("renewal_known", "renewals_due", lambda w: "count(renewed)"),
    Measure("renewed", "renewals_due", lambda w: "count(*) FILTER (WHERE renewed)"),
)

# -- units -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """How values of a unit are shown, the same on a card, in a chart, in a table and in the
    workbook: ``digits`` decimals (of the percentage for a fraction: 0.1234 is 12.3%),
    ``column`` the display tables' kind (see analytics.display.column_kind; None leaves a
    number as it is), ``excel`` and ``excel_delta`` the workbook's number formats of a value
    and of a change, with the same number of decimals."""

    column: str | None
    excel: str
    excel_delta: str
    digits: int

    @property
    def d3(self) -> str:
        """The plotly (d3) format of a value: ".1%" for a fraction, ",.1f" for hours …"""
        return f".{self.digits}%" if self.column == "pct" else f",.{self.digits}f"


UNITS: dict[str, Unit] = {
    "fraction": Unit("pct", "0.0%", "+0.0%;-0.0%;0.0%", 1),
    "hours": Unit("hours", "#,##0.0", "+#,##0.0;-#,##0.0;0.0", 1),
    "days": Unit("days", "#,##0", "+#,##0;-#,##0;0", 0),
    "count": Unit(None, "#,##0", "+#,##0;-#,##0;0", 0),
    "NPS": Unit("num1", "+0.0;-0.0;0.0", "+0.0;-0.0;0.0", 1),
    "score 0-100": Unit("num1", "0.0", "+0.0;-0.0;0.0", 1),
    "per 100 tickets": Unit("num2", "0.00", "+0.00;-0.00;0.00", 2),
    "complaints per project": Unit("num2", "0.00", "+0.00;-0.00;0.00", 2),
    "status": Unit(None, "0.00", "+0.00;-0.00;0", 2),
}

# -- KPIs --------------------------------------------------------------------------------------

#: The text fields of a KPI in the metric dictionary, in the order a reader goes through them.
TEXT_FIELDS: tuple[str, ...] = ("name", "definition", "population", "date_basis", "aggregator",
                                "unit")


@dataclass(frozen=True)
class Kpi:
    """One KPI.

    - ``key``: its one name (SQL column, dict key, CLI JSON key, export and docs key);
    - ``unit``: a key of :data:`UNITS`;
    - ``higher_is_better``: which change is good; None for volumes and statuses;
    - ``figure``: its expression over measures; None for a KPI that is a judgement per row
      (schedule slip, project health) with no single figure;
    - ``n``: the measure counting what the figure rests on (None for a count itself);
    - ``rows``: the :mod:`analytics.metrics` function listing the rows behind it, by name;
    - ``trend``: the :mod:`analytics.metrics` function giving it per period (a column
      ``key`` and the column ``n``), by name; the sparkline of its card;
    - ``headline``: one of the headline figures (``python -m analytics metrics``, the retro);
    - ``small_sample``: a figure from fewer than ``settings.low_confidence_n`` of its n is
      shown as low-confidence;
    - ``texts``: prefix of its texts in the translation table (``<texts>.<field>`` for each
      of :data:`TEXT_FIELDS`).
    - ``target``: the setting holding its target (a goal the figure should reach: at least
      it when higher is better, at most it otherwise), None for a KPI without one; drawn
      as a line on its trend and "on / off target" on its card and in the retro.
    """

    key: str
    unit: str
    higher_is_better: bool | None
    figure: Expr | None
    n: str | None = None
    rows: str | None = None
    trend: str | None = None
    headline: bool = False
    small_sample: bool = False
    texts: str = ""
    target: str | None = None

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.key):
            raise ValueError(f"a KPI key is lower case, digits and _: {self.key!r}")
        if self.unit not in UNITS:
            raise ValueError(f"{self.key}: unknown unit {self.unit!r} (one of {', '.join(UNITS)})")
        if not self.texts:
            object.__setattr__(self, "texts", f"metric.{self.key}")
        if self.target is not None and (self.higher_is_better is None
                                        or not hasattr(SETTINGS, self.target)):
            raise ValueError(f"{self.key}: a target needs a good direction and a setting "
                             f"(not {self.target!r})")

    def text_key(self, field_name: str) -> str:
        if field_name not in TEXT_FIELDS:
            raise KeyError(field_name)
        return f"{self.texts}.{field_name}"

    @property
    def measures(self) -> tuple[str, ...]:
        """The measures the figure and its n rest on."""
        own = self.figure.measures if self.figure is not None else ()
        return own + ((self.n,) if self.n and self.n not in own else ())


KPIS: tuple[Kpi, ...] = (
    Kpi("projects_active", "count", None, measure("projects_active"),
        rows="active_projects", trend="complaint_trend", headline=True),
    Kpi("complaint_rate", "fraction", False,
        ratio("projects_with_complaints", "projects_active"), n="projects_active",
        rows="active_projects", trend="complaint_trend", headline=True,
        target="target_complaint_rate"),
    Kpi("complaints_per_100_tickets", "per 100 tickets", False,
        per(100, "complaints", "tickets_created"), n="tickets_created",
        rows="tickets_created", trend="complaint_trend", headline=True),
    Kpi("complaints_per_active_project", "complaints per project", False,
        ratio("complaints", "projects_active"), n="projects_active",
        rows="active_projects", trend="complaint_trend"),
    Kpi("complaints", "count", False, measure("complaints"),
        rows="complaint_tickets", trend="complaint_trend"),
    Kpi("tickets_created", "count", None, measure("tickets_created"),
        rows="tickets_created", trend="complaint_trend", headline=True),
    Kpi("tickets_resolved", "count", None, measure("tickets_resolved"),
        rows="tickets_resolved", headline=True),
    Kpi("resolution_median_hours", "hours", False, item("resolution_q", 1), n="resolved",
        rows="resolution_durations", trend="cycle_time_trend", headline=True,
        target="target_resolution_median_hours"),
    Kpi("resolution_p90_hours", "hours", False, item("resolution_q", 2), n="resolved",
        rows="resolution_durations", trend="cycle_time_trend", headline=True),
    Kpi("first_response_median_hours", "hours", False, item("first_response_q", 1),
        n="responded", rows="first_response_durations", trend="cycle_time_trend",
        headline=True),
    Kpi("first_response_p90_hours", "hours", False, item("first_response_q", 2),
        n="responded", rows="first_response_durations", trend="cycle_time_trend"),
    Kpi("sla_attainment", "fraction", True,
        ratio("sla_met", plus("sla_resolved", "sla_open_breached")), n="sla_population",
        rows="sla_tickets", trend="sla_trend", headline=True),
    Kpi("reopen_rate", "fraction", False, ratio("reopened", "reopen_with_count"),
        n="reopen_with_count", rows="tickets_resolved"),
    Kpi("backlog_open", "count", False, measure("backlog_open"),
        rows="backlog_tickets", trend="backlog_trend", headline=True),
    Kpi("delivery_cycle_median_days", "days", False, measure("delivery_cycle_median_days"),
        n="cycle_n", rows="golives", trend="delivery_trend", headline=True),
    Kpi("delivery_cycle_p90_days", "days", False, measure("delivery_cycle_p90_days"),
        n="cycle_n", rows="golives", trend="delivery_trend"),
    Kpi("schedule_slip_days", "days", False, None, rows="schedule_slip"),
    Kpi("on_time_golive_rate", "fraction", True, ratio("on_time", "with_plan"), n="with_plan",
        rows="golives", trend="delivery_trend", headline=True,
        target="target_on_time_golive_rate"),
    Kpi("golive_slip_median_days", "days", False, measure("golive_slip_median_days"),
        n="with_plan", rows="golives", trend="delivery_trend"),
    Kpi("renewal_rate", "fraction", True, ratio("renewed", "renewal_known"),
        n="renewal_known", rows="renewal_projects"),
    Kpi("csat_pct", "fraction", True, ratio("satisfied", "n"), n="n",
        rows="survey_responses", trend="satisfaction_trend", headline=True, small_sample=True,
        target="target_csat_pct"),
    Kpi("csat_mean_0_100", "score 0-100", True, measure("csat_mean_0_100"), n="n",
        rows="survey_responses", trend="satisfaction_trend", headline=True, small_sample=True),
    Kpi("nps", "NPS", True, measure("nps"), n="nps_n",
        rows="survey_responses", trend="satisfaction_trend", headline=True, small_sample=True),
    Kpi("survey_responses", "count", None, measure("survey_responses"),
        rows="survey_responses", trend="satisfaction_trend", headline=True),
    # the business-hours twins of the durations (the working calendar, pauses excluded)
    Kpi("resolution_median_business_hours", "hours", False, item("resolution_business_q", 1),
        n="resolved", rows="resolution_business_durations", trend="cycle_time_trend", headline=True),
    Kpi("resolution_p90_business_hours", "hours", False, item("resolution_business_q", 2),
        n="resolved", rows="resolution_business_durations", trend="cycle_time_trend", headline=True),
    Kpi("first_response_median_business_hours", "hours", False, item("first_response_business_q", 1),
        n="responded", rows="first_response_business_durations", trend="cycle_time_trend",
        headline=True),
    Kpi("first_response_p90_business_hours", "hours", False, item("first_response_business_q", 2),
        n="responded", rows="first_response_business_durations", trend="cycle_time_trend",
        headline=True),
    Kpi("project_health", "status", None, None, rows="project_health"),
)

#: Measures computed from other measures: a column some frames show and a KPI's n reads.
DERIVED: dict[str, Expr] = {"sla_population": plus("sla_resolved", "sla_open_breached")}

# -- the registry ------------------------------------------------------------------------------


@dataclass
class _Registry:
    kpis: dict[str, Kpi] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)


_REGISTRY = _Registry({k.key: k for k in KPIS}, {m.name: m for m in MEASURES})


def kpi(key: str) -> Kpi:
    """The KPI ``key``; KeyError naming the known ones otherwise."""
    try:
        return _REGISTRY.kpis[key]
    except KeyError:
        raise KeyError(f"no KPI {key!r} in the registry") from None


def get(key: str) -> Kpi | None:
    return _REGISTRY.kpis.get(key)


def kpis() -> tuple[Kpi, ...]:
    """Every KPI, in the dictionary's order."""
    return tuple(_REGISTRY.kpis.values())


def headline_keys() -> tuple[str, ...]:
    """The headline figures' keys, in order: the CLI's JSON keys."""
    return tuple(k.key for k in _REGISTRY.kpis.values() if k.headline)


def measure_of(name: str) -> Measure:
    try:
        return _REGISTRY.measures[name]
    except KeyError:
        raise KeyError(f"no measure {name!r} in the registry") from None


def base_measures(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` with derived measures replaced by the measures they are computed from."""
    out: list[str] = []
    for name in names:
        for m in DERIVED[name].measures if name in DERIVED else (name,):
            if m not in out:
                out.append(m)
    return tuple(out)


@contextmanager
def registered(*entries: Kpi | Measure) -> Iterator[None]:
    """KPIs (and the measures they rest on) added to the registry for the ``with`` block:
    how a test shows that a new entry reaches every consumer."""
    added_k = [e for e in entries if isinstance(e, Kpi)]
    added_m = [e for e in entries if isinstance(e, Measure)]
    clash = [e.key for e in added_k if e.key in _REGISTRY.kpis] + \
            [m.name for m in added_m if m.name in _REGISTRY.measures]
    if clash:
        raise ValueError(f"already registered: {', '.join(clash)}")
    _REGISTRY.kpis.update({k.key: k for k in added_k})
    _REGISTRY.measures.update({m.name: m for m in added_m})
    try:
        for k in added_k:
            missing = [m for m in base_measures(k.measures) if m not in _REGISTRY.measures]
            if missing:
                raise ValueError(f"{k.key}: unknown measures {', '.join(missing)}")
        yield
    finally:
        for k in added_k:
            _REGISTRY.kpis.pop(k.key, None)
        for m in added_m:
            _REGISTRY.measures.pop(m.name, None)


# -- targets ---------------------------------------------------------------------------------


def target(key: str, settings: Settings = SETTINGS) -> float | None:
    """KPI ``key``'s target under ``settings``; None when it carries none."""
    entry = get(key)
    if entry is None or entry.target is None:
        return None
    return float(getattr(settings, entry.target))


def on_target(key: str, value: float | None, settings: Settings = SETTINGS) -> bool | None:
    """Whether ``value`` of KPI ``key`` meets its target (at least it when higher is better,
    at most it otherwise); None without a target or a value."""
    goal = target(key, settings)
    if goal is None or value is None or value != value:
        return None
    return float(value) >= goal if kpi(key).higher_is_better else float(value) <= goal


# -- SQL from the registry ---------------------------------------------------------------------


def figure_sql(key: str, column: Callable[[str], str] = str) -> str:
    """The SQL of KPI ``key``'s figure, each measure rendered by ``column``; derived measures
    are expanded, so the expression reads base measures only."""
    figure = kpi(key).figure
    if figure is None:
        raise ValueError(f"{key} is judged per row; it has no single figure")

    def resolve(name: str) -> str:
        return DERIVED[name].sql(resolve) if name in DERIVED else column(name)

    return figure.sql(resolve)


def measure_sql(names: Sequence[str], w: str) -> str:
    """``<aggregate> AS <name>`` for each measure, over window ``w``, comma-separated."""
    return ",\n  ".join(f"{measure_of(n).sql(w)} AS {n}" for n in names)


def computable(available: Iterable[str]) -> tuple[str, ...]:
    """The KPIs with a figure whose measures are all in ``available``, in registry order."""
    have = set(available)
    return tuple(k.key for k in _REGISTRY.kpis.values()
                 if k.figure is not None and set(base_measures(k.figure.measures)) <= have)


Columns = Mapping[str, str] | Sequence[str]


def _columns(measures: Columns) -> Mapping[str, str]:
    """Measure name -> the SQL reading it in a frame (the name itself for plain columns)."""
    return measures if isinstance(measures, Mapping) else {m: m for m in measures}


def read(names: Sequence[str], source: str) -> dict[str, str]:
    """The measures ``names`` as read from a LEFT JOINed ``source``: each count turned into
    its empty value (0) where the source has no row; statistics stay NULL."""
    out = {}
    for name in names:
        empty = measure_of(name).empty
        out[name] = f"{source}.{name}" if empty is None else f"coalesce({source}.{name}, {empty})"
    return out


def sql_of(name: str, measures: Columns) -> str:
    """The SQL of ``name`` in a frame carrying ``measures``: a measure as the frame reads
    it, a derived measure, or a KPI's figure over them."""
    have = _columns(measures)
    entry = get(name)
    if name in have:
        return have[name]
    if name in DERIVED:
        return DERIVED[name].sql(have.__getitem__)
    if entry is not None and entry.figure is not None \
            and set(base_measures(entry.figure.measures)) <= set(have):
        return figure_sql(name, have.__getitem__)
    raise ValueError(f"{name!r} is neither a measure of this frame nor computable from its "
                     f"measures ({', '.join(have)})")


def columns_sql(columns: Sequence[str], measures: Columns, *,
                own: Mapping[str, str] | None = None, auto: bool = True) -> str:
    """The select list of a frame carrying ``measures`` (names, or name -> the SQL reading
    it): each of ``columns`` - a measure, a derived measure, a KPI computed from the
    measures, or one of the frame's ``own`` columns (name -> SQL) - then (with ``auto``)
    every other registered KPI computable from them, so a KPI added to the registry appears
    in every frame that carries its measures."""
    have = _columns(measures)
    own = own or {}
    extra = [k.key for k in kpis() if auto and k.key not in columns and k.figure is not None
             and not k.figure.is_measure and k.key in computable(have)]
    out = []
    for name in (*columns, *extra):
        text = own[name] if name in own else sql_of(name, have)
        out.append(name if text == name else f"{text} AS {name}")
    return ",\n           ".join(out)


# -- the docs' summary table -------------------------------------------------------------------

DOCS_BEGIN = "<!-- metric registry: begin (generated by docs/metric_table.py) -->"
DOCS_END = "<!-- metric registry: end -->"


def docs_table(language: str = "en") -> str:
    """The summary table of docs/metrics.md: one row per KPI of the registry."""
    from .. import i18n

    arrows = {True: "higher", False: "lower", None: "—"}
    rows = ["| key | name | figure | unit | better | n | rows behind | headline | target |",
            "|---|---|---|---|---|---|---|---|---|"]
    for k in kpis():
        figure = f"`{k.figure.text()}`" if k.figure is not None else "per row"
        rows.append(f"| `{k.key}` | {i18n.t(k.text_key('name'), language)} | {figure} | "
                    f"{k.unit} | {arrows[k.higher_is_better]} | {f'`{k.n}`' if k.n else '—'} | "
                    f"{f'`{k.rows}`' if k.rows else '—'} | {'yes' if k.headline else ''} | "
                    f"{f'`{k.target}`' if k.target else ''} |")
    return "\n".join([DOCS_BEGIN, *rows, DOCS_END])


def write_docs_table(path: str) -> bool:
    """Replace the summary table in the document at ``path``; True when it changed."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start, end = text.index(DOCS_BEGIN), text.index(DOCS_END) + len(DOCS_END)
    new = text[:start] + docs_table() + text[end:]
    if new != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
    return new != text


__all__ = ["DERIVED", "Expr", "KPIS", "Kpi", "MEASURES", "Measure", "TEXT_FIELDS", "UNITS",
           "Unit", "Columns", "base_measures", "columns_sql", "computable", "docs_table", "figure_sql",
           "get", "headline_keys", "item", "kpi", "kpis", "measure", "measure_of",
           "measure_sql", "on_target", "per", "plus", "ratio", "read", "registered", "sql_of",
           "target", "write_docs_table"]
