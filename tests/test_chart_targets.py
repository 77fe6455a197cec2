"""Targets and small samples on the trend and breakdown charts: the on-time go-live and median
resolution trends carry their target line as the complaint and CSAT trends do, and a complaint
breakdown bar resting on too few projects is hatched. Figures are built from small frames
whose values are worked out by hand."""

from __future__ import annotations

import pandas as pd

from analytics.figures import complaints as complaint_plots
from analytics.figures import cycle_times as cycle_plots


def _trace(fig, name_start: str):
    return next(tr for tr in fig.data if (tr.name or "").startswith(name_start))


def test_the_on_time_trend_draws_its_target_and_marks_thin_quarters():
    df = pd.DataFrame({
        "period": pd.to_datetime(["2026-01-01", "2026-04-01", "2026-07-01"]),
        "golives": [4, 1, 6], "on_time": [3, 1, 3], "with_plan": [4, 1, 6],
        "on_time_golive_rate": [0.75, 1.0, 0.5],
    })
    fig = cycle_plots.on_time_trend_figure(df, "quarter", "en", low_n=5, target=0.9)
    rate = _trace(fig, "On time")
    assert list(rate.y) == [75.0, 100.0, 50.0]  # 3 of 4, 1 of 1, 3 of 6
    # 4 and 1 go-lives with a plan are fewer than 5: hollow; 6 is enough
    assert list(rate.marker.symbol) == ["circle-open", "circle-open", "circle"]
    target = _trace(fig, "Target 90%")
    assert list(target.y) == [90.0, 90.0, 90.0] and list(target.x) == list(rate.x)


def test_the_median_resolution_trend_draws_its_target_across_every_period():
    df = pd.DataFrame({
        "period": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-01-01", "2026-03-01"]),
        "priority": ["P1", "P1", "P2", "P2"],
        "resolution_median_hours": [3.0, 5.0, 30.0, 20.0],
        "resolution_p90_hours": [6.0, 9.0, 60.0, 40.0], "resolved": [4, 5, 10, 8],
    })
    fig = cycle_plots.trend_by_priority_figure(df, "month", "en", "resolution", target=24)
    target = _trace(fig, "Target 24.0 h")
    assert list(target.x) == ["Jan 2026", "Feb 2026", "Mar 2026"]  # the union of both lines
    assert list(target.y) == [24, 24, 24]
    without = cycle_plots.trend_by_priority_figure(df, "month", "en", "resolution")
    assert not [tr for tr in without.data if (tr.name or "").startswith("Target")]


def test_a_breakdown_bar_on_too_few_projects_is_hatched():
    df = pd.DataFrame({
        "customer": ["Big", "Tiny"], "projects_active": [12, 2], "projects_with_complaints": [3, 1],
        "complaint_rate": [0.25, 0.5], "tickets_created": [100, 10], "complaints": [6, 2],
        "complaints_per_100_tickets": [6.0, 20.0], "complaints_per_active_project": [0.5, 1.0],
        "share_of_complaints": [0.75, 0.25], "n": [100, 10], "low_confidence": [False, True],
    })
    bar = complaint_plots.complaint_breakdown_figure(df, "customer", "en").data[0]
    # drawn smallest first (the largest on top): Tiny, then Big
    assert list(bar.y) == ["Tiny", "Big"]
    assert list(bar.marker.pattern.shape) == ["/", ""]
    assert bar.marker.pattern.fillmode == "overlay"  # hatching over the red, not instead of it
    ticket_level = df.rename(columns={"customer": "category"}).assign(low_confidence=None)
    bar = complaint_plots.complaint_breakdown_figure(ticket_level, "category", "en").data[0]
    assert list(bar.marker.pattern.shape) == ["", ""]


def test_the_cycle_times_page_draws_both_targets(app_test, demo_store):
    """On the demo portfolio: the median resolution trend carries the 24 h target (settings'
    default) and the on-time go-live trend the 100 % one."""
    import json

    at = app_test(demo_store)
    at.query_params["lang"] = "en"
    at.query_params["period"] = "all"
    at.run(timeout=120)
    at.switch_page("pages/cycle_times.py").run(timeout=120)
    assert not at.exception
    specs = {c.key: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
    names = {key: [tr.get("name") for tr in spec["data"]] for key, spec in specs.items()}
    assert "Target 24.0 h" in names["ct_trend_resolution"]
    assert "Target 100%" in names["ct_on_time_trend"]
