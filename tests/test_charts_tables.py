"""Figures and tables that must stay readable and quick on a large portfolio: the go-live
timeline (a capped number of projects, chosen for a slippage review) and the display tables
(values translated once per distinct value, the health column as coloured labels).

The go-live frame below, worked out by hand. Today (as_of) is 2026-06-30; slip_days is the
go-live (or today, while not live) minus the plan; late means a slip beyond the tolerance.

    id  plan        live  actual      slip  late   drawn as   order
    A   2026-01-01  yes   2026-03-02    60  yes    late       2  overdue, slip 60 (tie: A<B)
    B   2026-05-01  no    -             60  yes    late       3  overdue, slip 60
    C   2026-06-25  no    -              5  no     pending    4  due, within tolerance: slip 5
    D   2026-08-01  no    -            -32  no     pending    6  not yet due, plan 08-01
    E   2026-07-15  no    -            -15  no     pending    5  not yet due, plan 07-15
    F   2026-02-01  yes   2026-01-25    -7  no     on time    8  live, plan 02-01
    G   2026-04-01  yes   2026-04-01     0  no     on time    7  live, plan 04-01 (later first)
    H   -           no    -              -  -      never         no plan: not drawn
    I   2026-03-01  yes   2026-05-10    70  yes    late       1  overdue, slip 70

    Drawn top to bottom: I, A, B, C, E, D, G, F - 8 projects with a plan (H has none).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics import display, figures, formatting, palette

TODAY = date(2026, 6, 30)


def _slips() -> pd.DataFrame:
    rows = [  # id, name, plan, live, actual, slip, late
        ("A", "Alpha", date(2026, 1, 1), True, date(2026, 3, 2), 60, True),
        ("B", "Bravo", date(2026, 5, 1), False, None, 60, True),
        ("C", "Charlie", date(2026, 6, 25), False, None, 5, False),
        ("D", "Delta", date(2026, 8, 1), False, None, -32, False),
        ("E", None, date(2026, 7, 15), False, None, -15, False),
        ("F", "Foxtrot", date(2026, 2, 1), True, date(2026, 1, 25), -7, False),
        ("G", "Golf", date(2026, 4, 1), True, date(2026, 4, 1), 0, False),
        ("H", "Hotel", None, False, None, None, None),
        ("I", "India", date(2026, 3, 1), True, date(2026, 5, 10), 70, True),
    ]
    df = pd.DataFrame(rows, columns=["project_id", "project_name", "planned_golive_date",
                                     "live", "actual_golive_date", "slip_days", "late"])
    for col in ("planned_golive_date", "actual_golive_date"):
        df[col] = pd.to_datetime(df[col])
    df["as_of"] = pd.Timestamp(TODAY)
    df["customer"] = "Cust " + df["project_id"]
    df["phase"] = "build"
    df["status"] = "active"
    df["kickoff_date"] = pd.Timestamp("2025-10-01")
    return df


def _label(pid: str, name: str | None) -> str:
    return f"{name or pid} · {pid}"


NAMES = {"A": "Alpha", "B": "Bravo", "C": "Charlie", "D": "Delta", "E": None, "F": "Foxtrot",
         "G": "Golf", "I": "India"}


def _rows_of(fig) -> list[str]:
    """The projects on the y axis, top row first."""
    return list(fig.layout.yaxis.categoryarray)[::-1]


def test_timeline_picks_the_largest_slips_then_the_next_due_then_the_latest_live():
    assert list(figures.cycle_times.golive_timeline_rows(_slips())["project_id"]) == \
        ["I", "A", "B", "C", "E", "D", "G", "F"]
    assert list(figures.cycle_times.golive_timeline_rows(_slips(), limit=3)["project_id"]) == ["I", "A", "B"]


def test_timeline_draws_every_project_under_the_cap_without_a_note():
    fig = figures.cycle_times.golive_timeline_figure(_slips(), "en")
    order = ["I", "A", "B", "C", "E", "D", "G", "F"]
    assert _rows_of(fig) == [_label(p, NAMES[p]) for p in order]
    assert fig.layout.title.subtitle.text is None
    assert fig.layout.height == 340 + 30  # max(340, 19 * 8 + 170 = 322), plus the toolbar band
    # one line trace per outcome: plan, actual (or today), gap, per project
    lines = {t.name: t for t in fig.data if t.mode == "lines"}
    assert set(lines) == {"Late", "On time or early", "Not live, not late (yet)"}
    late = lines["Late"]
    assert list(late.y) == [_label("I", "India")] * 2 + [None] + [_label("A", "Alpha")] * 2 \
        + [None] + [_label("B", "Bravo")] * 2 + [None]
    assert [pd.Timestamp(x) if x is not None else None for x in late.x] == [
        pd.Timestamp("2026-03-01"), pd.Timestamp("2026-05-10"), None,
        pd.Timestamp("2026-01-01"), pd.Timestamp("2026-03-02"), None,
        pd.Timestamp("2026-05-01"), pd.Timestamp(TODAY), None]  # B not live: ends today
    pending = lines["Not live, not late (yet)"]
    assert [y for y in pending.y if y is not None][::2] == [
        _label("C", "Charlie"), _label("E", None), _label("D", "Delta")]
    assert [y for y in lines["On time or early"].y if y is not None][::2] == [
        _label("G", "Golf"), _label("F", "Foxtrot")]


def test_timeline_hover_of_a_drawn_project():
    fig = figures.cycle_times.golive_timeline_figure(_slips(), "en")
    plans = next(t for t in fig.data if t.mode == "markers" and t.legendgroup == "late"
                 and t.marker.symbol == "diamond-open")
    b = [row for row in plans.customdata if row["project"] == _label("B", "Bravo")][0]
    assert b == {"project": _label("B", "Bravo"), "customer": "Cust B",
                 "planned": formatting.fmt_date(date(2026, 5, 1), "en"), "actual": "not live yet",
                 "slip_days": "60", "phase": formatting.value_text("phase", "build", "en")}
    assert "%{customdata.slip_days}" in plans.hovertemplate  # named, not by position


@pytest.mark.parametrize("lang, note", [
    ("en", "Showing 4 of 8 projects: the largest slips first, then the next due; "
           "the table below lists all"),
    ("zh", "显示 8 个项目中的 4 个：延期最多的在前，其次是即将到期的；下表列出全部项目"),
])
def test_capped_timeline_says_how_many_it_shows(lang, note):
    fig = figures.cycle_times.golive_timeline_figure(_slips(), lang, limit=4)
    assert [r.rsplit(" · ", 1)[1] for r in _rows_of(fig)] == ["I", "A", "B", "C"]
    assert fig.layout.title.subtitle.text == note
    assert fig.layout.height == 340 + 20 + 30  # max(340, 19 * 4 + 170 = 246), the note, the toolbar
    late = next(t for t in fig.data if t.mode == "lines" and t.legendgroup == "late")
    assert len(late.x) == 3 * 3  # I, A, B
    grey = next(t for t in fig.data if t.mode == "lines" and t.legendgroup == "pending")
    assert [y for y in grey.y if y is not None] == [_label("C", "Charlie")] * 2
    assert not any(t.legendgroup == "on_time" for t in fig.data)


def test_timeline_of_a_large_portfolio_draws_forty():
    n = 5000
    df = pd.DataFrame({
        "project_id": [f"P{i:04d}" for i in range(n)],
        "project_name": [f"Project {i}" for i in range(n)],
        "planned_golive_date": pd.Timestamp("2026-01-01") + pd.to_timedelta(
            [i % 300 for i in range(n)], unit="D"),
        "live": [i % 2 == 0 for i in range(n)],
        "as_of": pd.Timestamp(TODAY),
    })
    df["actual_golive_date"] = df["planned_golive_date"].where(df["live"])
    df["slip_days"] = (pd.Timestamp(TODAY) - df["planned_golive_date"]).dt.days.where(
        ~df["live"], 0)
    df["late"] = df["slip_days"] > 14
    df["customer"], df["phase"] = "C", "build"
    fig = figures.cycle_times.golive_timeline_figure(df, "en")
    rows = _rows_of(fig)
    assert len(rows) == figures.cycle_times.GOLIVE_TIMELINE_LIMIT == 40
    assert fig.layout.height == 19 * 40 + 170 + 20 + 30
    assert fig.layout.title.subtitle.text.startswith("Showing 40 of 5,000 projects")
    # the largest slip is not live with the earliest plan (2026-01-01): 180 days; P0001 is
    # the first odd (not live) id on that day
    assert rows[0] == "Project 1 · P0001"
    assert sum(len(t.x) for t in fig.data if t.mode == "lines") == 3 * 40


def test_display_table_translates_each_value_and_keeps_missing_ones_apart():
    df = pd.DataFrame({"phase": ["build", None, "build", "pilot-x"],
                       "status": ["closed", "open", None, "on_hold"],
                       "complaint": [True, None, False, True],
                       "rag": ["red", None, "amber", "red"]})
    frame, _ = display.display_table(df, "en")
    assert list(frame["Status"]) == ["Closed", "Open", "—", "On hold"]
    assert list(frame["Complaint"]) == ["Yes", "—", "No", "Yes"]
    assert list(frame["Health"]) == ["Red", "", "Amber", "Red"]
    # a value without an entry is shown as written
    assert list(frame["Phase"]) == ["Build", "—", "Build", "pilot-x"]
    zh, _ = display.display_table(df, "zh")
    assert list(zh["健康度"]) == ["红", "", "黄", "红"]
    assert list(zh["阶段"]) == ["实施", "—", "实施", "pilot-x"]


def test_health_labels_and_their_colours():
    assert display.rag_colours("zh") == {"红": palette.RED, "黄": palette.AMBER,
                                        "绿": palette.GREEN}
    assert list(display.rag_colours("en")) == ["Red", "Amber", "Green"]


def test_health_counts_by_hand():
    counted = figures.overview.health_counts(pd.DataFrame({"rag": ["red", "green", "red", "green",
                                                         "green"]}))
    assert counted.to_dict("list") == {"rag": ["red", "amber", "green"],
                                       "projects": [2, 0, 3], "share": [0.4, 0.0, 0.6]}
