"""Delivery cycle, slip, on-time rate, phases and renewals on the portfolio of
metrics_fixtures.delivery_portfolio (its docstring has the table).

Q1 2025 go-lives: D1 02-01, D4 03-10, D2 03-02, D3 03-20, D12 03-25 = 5.
    cycle (go-live - kickoff): D1 123, D2 107, D3 69, D12 79; D4 has no kickoff
      sorted 69 79 107 123 -> median (79 + 107) / 2 = 93; p90 at 0.9 * 3 = 2.7 ->
      107 + 0.7 * 16 = 118.2
    slip (actual - planned): D1 0, D2 15, D3 -11, D4 9; D12 has no plan
      on time (slip <= 0): D1, D3 -> 2 / 4
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics import metrics
from analytics.filters import Filters
from analytics.settings import Settings
from metrics_fixtures import delivery_portfolio

Q1 = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31))


@pytest.fixture(scope="module")
def con():
    return delivery_portfolio()


def test_delivery_kpis(con):
    k = metrics.delivery_kpis(con, Q1)
    assert (k.golives, k.cycle_n) == (5, 4)
    assert k.delivery_cycle_median_days == pytest.approx(93)
    assert k.delivery_cycle_p90_days == pytest.approx(118.2)
    assert (k.with_plan, k.on_time) == (4, 2)
    assert k.on_time_golive_rate == 0.5


def test_tolerance_is_a_setting(con):
    # 10 days of tolerance: D4 (9) is now on time too -> 3 / 4
    k = metrics.delivery_kpis(con, Q1, settings=Settings(golive_tolerance_days=10))
    assert k.on_time_golive_rate == 0.75 and k.tolerance_days == 10


def test_delivery_trend(con):
    # Jan: none. Feb: D1 (123, on time). Mar: D2 D3 D4 D12; cycles 107 69 79 -> median 79;
    # on time D3 of D2 D3 D4 -> 1 / 3.
    t = metrics.delivery_trend(con, Q1, grain="month")
    assert t["golives"].tolist() == [0, 1, 4]
    assert t["cycle_n"].tolist() == [0, 1, 3]
    assert pd.isna(t["delivery_cycle_median_days"][0])
    assert t["delivery_cycle_median_days"][1:].tolist() == pytest.approx([123, 79])
    assert t["on_time_golive_rate"][1:].tolist() == pytest.approx([1, 1 / 3])


def test_golives_list(con):
    g = metrics.golives(con, Q1)
    assert g["project_id"].tolist() == ["D1", "D2", "D4", "D3", "D12"]
    assert g["slip_days"].iloc[:4].tolist() == [0, 15, 9, -11]
    assert pd.isna(g["slip_days"].iloc[4])


def test_schedule_slip_as_of_period_end(con):
    # Today = 2025-03-31 (the period's last day). Active in Q1: D1-D6, D9-D12 (D7 starts in
    # April, D8 is cancelled). Not live: D5 03-31 - 05-01 = -31, D6 03-31 - 06-20 = -81.
    # Live: D1 0, D2 15, D3 -11, D4 9, D9 9, D10 0. No plan: D11, D12 (last).
    s = metrics.schedule_slip(con, Q1)
    assert s["project_id"].tolist() == ["D2", "D4", "D9", "D1", "D10", "D3", "D5", "D6",
                                        "D11", "D12"]
    assert s["slip_days"].iloc[:8].tolist() == [15, 9, 9, 0, 0, -11, -31, -81]
    assert s["late"].iloc[:8].tolist() == [True, True, True] + [False] * 5
    assert (s["as_of"] == pd.Timestamp("2025-03-31")).all()


def test_today_is_a_parameter(con):
    # Default for all data: the store's last day, 2025-06-30 -> D5 60, D6 10 days late.
    s = metrics.schedule_slip(con, Filters()).set_index("project_id")
    assert (s.loc["D5", "slip_days"], s.loc["D6", "slip_days"]) == (60, 10)
    s = metrics.schedule_slip(con, Filters(), today=date(2025, 5, 31)).set_index("project_id")
    assert (s.loc["D5", "slip_days"], s.loc["D6", "slip_days"]) == (30, -20)


def test_projects_by_phase(con):
    # Active in Q1: D1 hypercare, D2 golive, D3 golive, D4 operations, D5 build, D6 testing,
    # D9 D10 D11 closed, D12 hypercare = 10.
    p = metrics.projects_by_phase(con, Q1)
    assert p["phase"].tolist() == ["presales", "requirements", "design", "build", "testing",
                                   "golive", "hypercare", "operations", "closed"]
    assert p["projects"].tolist() == [0, 0, 0, 1, 1, 2, 2, 1, 3]
    assert p["share"].sum() == pytest.approx(1)


def test_renewal_rate(con):
    # No term end recorded: closed in Q1 counts. D9 (renewed), D10 (not), D11 (unknown:
    # left out) -> 1 / 2
    r = metrics.renewal_rate(con, Q1)
    assert (r.up_for_renewal, r.renewal_known, r.renewed, r.renewal_rate) == (3, 2, 1, 0.5)
    assert metrics.renewal_rate(con, Filters(date_from=date(2025, 4, 1))).renewal_rate is None


def test_nothing_selected(con):
    f = Filters(regions=("Mars",))
    k = metrics.delivery_kpis(con, f)
    assert k.golives == 0 and k.delivery_cycle_median_days is None
    assert k.on_time_golive_rate is None
    assert metrics.schedule_slip(con, f).empty
    assert metrics.projects_by_phase(con, f)["projects"].sum() == 0
