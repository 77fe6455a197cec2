"""CSAT, mean score and NPS on hand-built responses; every figure is worked out below.

Q1 2025 responses (S11 is in April). Satisfied: >= 4 on 1-5, >= 8 on 1-10 / 0-10, >= 80 on
0-100. NPS points: 9-10 -> +1, 7-8 -> 0, 0-6 -> -1.

    id   month  scale   score  satisfied  0-100    nps  point  touchpoint  team  comment
    S1   Jan    1-5     5      yes        100      10   +1     golive      impl  Great go-live support
    S2   Jan    1-5     4      yes        75       9    +1     quarterly   ops
    S3   Feb    1-5     3      no         50       7    0      quarterly   ops   Slow response on tickets
    S4   Feb    1-10    8      yes        77.78    6    -1     ticket      ops
    S5   Feb    1-10    7      no         66.67    -           ticket      ops
    S6   Mar    0-100   80     yes        80       3    -1     golive      impl
    S7   Mar    1-5     -      (unscored) -        10   +1     quarterly   -     无法登录系统，响应很慢
    S8   Mar    (none)  4      (unscored: unknown scale)  8  0  -           -
    S9   Mar    0-10    10     yes        100      10   +1     -           -
    S10  Mar    1-5     6      (unscored: out of scale)   -     -           -
    S11  Apr    1-5     1      no         0        -

Q1: responses 10; scored n = 7 (S1-S6, S9), satisfied 5 -> CSAT 5/7 = 0.714;
    mean 0-100 = (100 + 75 + 50 + 700/9 + 600/9 + 80 + 100) / 7 = 78.49;
    NPS answers 8 (S1-S4, S6-S9): promoters 4, detractors 2 -> NPS 25;
    points mean 0.25, mean of squares 6/8 -> var_pop = 0.75 - 0.0625 = 0.6875;
    interval 25 +- 1.96 * 100 * sqrt(0.6875 / 8) = 25 +- 57.458.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from analytics import metrics
from analytics.filters import Filters
from analytics.settings import Settings
from metrics_fixtures import make_store, ts

Q1 = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31))


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval, written out independently of the SQL."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def _s(rid, when, scale, score, nps, touchpoint=None, team=None, comment=None, project=None):
    return dict(response_id=rid, submitted_at=ts(when), scale=scale, score=score, nps=nps,
                touchpoint=touchpoint, team=team, comment=comment, project_id=project,
                customer="Acme" if project is None else None)


@pytest.fixture(scope="module")
def con():
    return make_store(
        projects=[dict(project_id="P1", customer="Acme", kickoff_date=date(2024, 6, 1)),
                  dict(project_id="P2", customer="Beta", kickoff_date=date(2024, 6, 1))],
        surveys=[
            _s("S1", "2025-01-10 10:00", "1-5", 5, 10, "golive", "impl",
               "Great go-live support", project="P1"),
            _s("S2", "2025-01-20 10:00", "1-5", 4, 9, "quarterly", "ops", project="P2"),
            _s("S3", "2025-02-05 10:00", "1-5", 3, 7, "quarterly", "ops",
               "Slow response on tickets", project="P2"),
            _s("S4", "2025-02-10 10:00", "1-10", 8, 6, "ticket", "ops"),
            _s("S5", "2025-02-20 10:00", "1-10", 7, None, "ticket", "ops"),
            _s("S6", "2025-03-01 10:00", "0-100", 80, 3, "golive", "impl"),
            _s("S7", "2025-03-05 10:00", "1-5", None, 10, "quarterly", None, "无法登录系统，响应很慢"),
            _s("S8", "2025-03-10 10:00", None, 4, 8),
            _s("S9", "2025-03-15 10:00", "0-10", 10, 10),
            _s("S10", "2025-03-20 10:00", "1-5", 6, None),
            _s("S11", "2025-04-02 10:00", "1-5", 1, None),
        ])


def test_quarter_summary(con):
    s = metrics.satisfaction_summary(con, Q1)
    assert (s.survey_responses, s.n, s.satisfied) == (10, 7, 5)
    assert s.csat_pct == pytest.approx(5 / 7)
    low, high = wilson(5, 7)  # about 0.359 .. 0.918
    assert (s.csat_low, s.csat_high) == (pytest.approx(low), pytest.approx(high))
    assert s.csat_low == pytest.approx(0.3589, abs=1e-4)
    assert s.csat_mean_0_100 == pytest.approx((100 + 75 + 50 + 700 / 9 + 600 / 9 + 80 + 100) / 7)
    assert (s.nps_n, s.promoters, s.detractors) == (8, 4, 2)
    assert s.nps == pytest.approx(25)
    half = 1.96 * 100 * math.sqrt(0.6875 / 8)  # 57.458
    assert (s.nps_low, s.nps_high) == (pytest.approx(25 - half), pytest.approx(25 + half))
    assert s.low_confidence and s.nps_low_confidence  # 7 and 8 answers < 30


def test_low_confidence_threshold_is_a_setting(con):
    s = metrics.satisfaction_summary(con, Q1, settings=Settings(low_confidence_n=8))
    assert s.low_confidence is True and s.nps_low_confidence is False  # n 7 < 8, nps_n 8


def test_ten_point_and_hundred_point_scales(con):
    # Only S4 (8 of 1-10: satisfied, 77.78) and S5 (7 of 1-10: not, 66.67) are tickets.
    s = metrics.satisfaction_summary(con, Filters(date_from=Q1.date_from, date_to=Q1.date_to,
                                                  teams=("ops",)))
    # ops: S2 (yes), S3 (no), S4 (yes), S5 (no) -> 2 / 4; mean (75 + 50 + 700/9 + 600/9) / 4
    assert (s.n, s.satisfied, s.csat_pct) == (4, 2, 0.5)
    assert s.csat_mean_0_100 == pytest.approx((75 + 50 + 700 / 9 + 600 / 9) / 4)
    # ops NPS: S2 +1, S3 0, S4 -1 -> 0
    assert s.nps == pytest.approx(0) and s.nps_n == 3


def test_breakdown_by_touchpoint(con):
    # golive: S1, S6 both satisfied, mean 90, NPS +1 -1 -> 0
    # quarterly: S2 yes, S3 no (S7 unscored) -> 1/2; NPS S2 +1, S3 0, S7 +1 -> 66.7
    # ticket: S4 yes, S5 no -> 1/2; NPS S4 -1 only -> -100, one answer, interval collapses
    # none: S8 (unscored), S9 (yes), S10 (unscored) -> 1/1
    b = metrics.satisfaction_breakdown(con, Q1, by="touchpoint")
    rows = b.set_index("touchpoint")
    assert rows.loc["golive", ["n", "satisfied"]].tolist() == [2, 2]
    assert rows.loc["golive", "csat_mean_0_100"] == pytest.approx(90)
    assert rows.loc["golive", "nps"] == pytest.approx(0)
    assert rows.loc["quarterly", "csat_pct"] == 0.5 and rows.loc["quarterly", "survey_responses"] == 3
    assert rows.loc["quarterly", "nps"] == pytest.approx(200 / 3)
    assert rows.loc["ticket", "nps"] == -100
    assert rows.loc["ticket", "nps_low"] == rows.loc["ticket", "nps_high"] == -100
    none = b[b["touchpoint"].isna()].iloc[0]
    assert (none["survey_responses"], none["n"], none["csat_pct"]) == (3, 1, 1.0)
    # a perfect score from one answer: Wilson keeps the interval wide (not 1..1)
    assert none["csat_low"] == pytest.approx(wilson(1, 1)[0]) and none["csat_low"] < 0.3


def test_breakdown_by_customer_uses_the_project_customer(con):
    # P1 -> Acme (S1), P2 -> Beta (S2, S3); the rest carry customer Acme themselves.
    b = metrics.satisfaction_breakdown(con, Q1, by="customer").set_index("customer")
    assert b.loc["Beta", "survey_responses"] == 2 and b.loc["Acme", "survey_responses"] == 8
    assert b.loc["Beta", "csat_pct"] == 0.5


def test_monthly_trend_with_an_empty_month(con):
    # Jan S1 S2 -> 2/2; Feb S3 S4 S5 -> 1/3; Mar S6 S9 scored -> 2/2; Apr S11 -> 0/1; May none.
    t = metrics.satisfaction_trend(con, Filters(date_from=date(2025, 1, 1),
                                                date_to=date(2025, 5, 31)), grain="month")
    assert t["n"].tolist() == [2, 3, 2, 1, 0]
    assert t["survey_responses"].tolist() == [2, 3, 5, 1, 0]
    assert t["csat_pct"][:4].tolist() == pytest.approx([1, 1 / 3, 1, 0])
    assert pd.isna(t["csat_pct"][4]) and pd.isna(t["nps"][4]) and t["low_confidence"][4]
    q = metrics.satisfaction_trend(con, Q1, grain="quarter")
    assert q["n"].tolist() == [7] and q["csat_pct"][0] == pytest.approx(5 / 7)


def test_comments_search(con):
    all_ = metrics.survey_comments(con, Q1)
    assert all_["response_id"].tolist() == ["S7", "S3", "S1"]
    assert metrics.survey_comments(con, Q1, search="RESPONSE")["response_id"].tolist() == ["S3"]
    assert metrics.survey_comments(con, Q1, search="登录")["response_id"].tolist() == ["S7"]
    assert metrics.survey_comments(con, Q1, search="100%").empty  # literal, not a wildcard


def test_comments_limit_keeps_the_newest_and_counts_them_all(con):
    newest = metrics.survey_comments(con, Q1, limit=2)
    assert newest["response_id"].tolist() == ["S7", "S3"]
    assert newest["matching"].tolist() == [3, 3]


def test_nothing_selected(con):
    s = metrics.satisfaction_summary(con, Filters(customers=("Nobody",)))
    assert (s.survey_responses, s.n, s.nps_n) == (0, 0, 0)
    assert s.csat_pct is None and s.csat_low is None and s.nps is None and s.csat_mean_0_100 is None
    assert s.low_confidence
    assert metrics.satisfaction_breakdown(con, Filters(customers=("Nobody",))).empty
