"""The reward rule: no major incident in the months after go-live and CSAT at least X.

The portfolio is tests/people_fixtures.py's, all data (its last event is 2025-06-01 11:00).
With a three-month window, worked out by hand:

    project  go-live     window ends  over?  incidents P1/P2 in it   answers in it   standing
    A1       2025-02-11  2025-05-11   yes    T2 (P2, 03-01)          5 4  -> 2/2      incident
    A2       2025-03-01  2025-06-01   yes    -                       3    -> 0/1      CSAT below
    B1       2025-02-09  2025-05-09   yes    T7 (P1, 03-06)          2 4  -> 1/2      incident
    B2       2025-05-21  2025-08-21   no     -                       1                pending
    C1       2025-05-25  2025-08-25   no     T9 is P3: not major     5                pending
    B3       2023-06-01  2023-09-01   yes    -                       none             no answers

With only P1 counted as major, A1 qualifies (CSAT 100 % >= 90 %) and its owners with it.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.filters import Filters
from analytics.metrics.reward import reward_owners, reward_projects
from analytics.settings import Settings
from people_fixtures import people_portfolio

THREE = Settings(reward_months=3)


@pytest.fixture(scope="module")
def con():
    return people_portfolio()


def standing(frame) -> dict[str, str]:
    return dict(zip(frame["project_id"], frame["standing"]))


def test_each_live_project_is_judged_once_its_window_is_over(con):
    frame = reward_projects(con, Filters(), settings=THREE)
    assert standing(frame) == {"A1": "incident", "A2": "csat_below", "B1": "incident",
                               "B2": "pending", "C1": "pending", "B3": "no_answers"}
    rows = frame.set_index("project_id")
    assert rows.loc["A1", "window_end"] == pd.Timestamp("2025-05-11")
    assert (rows.loc["A1", "major_incidents"], rows.loc["A1", "n"]) == (1, 2)
    assert rows.loc["A1", "csat_pct"] == 1.0 and rows.loc["A2", "csat_pct"] == 0.0
    assert rows.loc["C1", "major_incidents"] == 0  # a P3 incident is not major
    assert not rows.loc["B2", "window_over"] and rows.loc["B3", "window_over"]


def test_the_rule_is_configurable_and_lists_the_qualifying_owners(con):
    only_p1 = Settings(reward_months=3, reward_priorities=("P1",))
    frame = reward_projects(con, Filters(), settings=only_p1)
    assert frame["project_id"].iloc[0] == "A1" and frame["standing"].iloc[0] == "qualifies"
    assert list(frame.loc[frame["standing"] == "qualifies", "project_id"]) == ["A1"]
    a1 = frame.iloc[0]
    assert (a1["presales_owner"], a1["implementation_lead"], a1["ops_owner"]) == ("Ann", "Lee", "Oz")
    # a stricter CSAT bar than A1's 100 % cannot exist; a looser one lets A2's 0 % fail still
    loose = reward_projects(con, Filters(), settings=Settings(reward_months=3, reward_priorities=("P1",),
                                                     reward_csat_pct=0.5))
    assert standing(loose)["A2"] == "csat_below"
    # six months: only B3's window (2023) is over by the store's last event
    six = standing(reward_projects(con, Filters(), settings=Settings()))
    assert six["A1"] == "incident" and six["A2"] == "pending" and six["B3"] == "no_answers"

    owners = reward_owners(frame, "presales_owner").set_index("owner")
    assert owners.loc["Ann", "qualifies"] == 1 and owners.loc["Ann", "projects"] == ["A1"]
    assert owners.loc["Bob", "qualifies"] == 0
    assert owners.loc["Bob", "pending"] == 1 and owners.loc["Bob", "judged"] == 2  # B1 B3


def test_a_period_lists_the_windows_ending_in_it_or_running_at_its_end(con):
    march_may = Filters(date_from=date(2025, 5, 1), date_to=date(2025, 5, 31))
    frame = reward_projects(con, march_may, settings=THREE)
    # A1 and B1 end in May; B2 and C1 run at its end; A2 ends 06-01; B3 ended in 2023
    assert set(frame["project_id"]) == {"A1", "B1", "A2", "B2", "C1"}


def test_the_sidebars_ticket_filters_do_not_hide_an_incident(con):
    # showing only P3 tickets elsewhere must not let A1's P2 incident pass unseen
    only_p3 = Filters(priorities=("P3",), ticket_types=("complaint",))
    assert standing(reward_projects(con, only_p3, settings=THREE))["A1"] == "incident"
