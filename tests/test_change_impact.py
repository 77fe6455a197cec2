"""Change impact: outcomes with against without a practice, and after against before a month.

The portfolio is tests/people_fixtures.py's, over 2025-01-01 to 2025-06-30. Worked out by hand:

By joint review (A1 A2 C1 held one; A3 B1 B2 did not; B3 has no record and is left out):

    complaint rate   with 1/3 (A1)          without 2/3 (B1, B2)       Fisher table [[1, 2], [2, 1]]
                     hypergeometric P(X=k), k = 0..3: 1 9 9 1 (/20); observed 1 -> p = 20/20 = 1
    slip at go-live  with 10 0 -7 -> 0      without 30 20 -> 25        difference -25 days
                     every "with" below every "without": U = 0; exact p = 2 x 1/C(5,2) = 0.2
    CSAT             with 5 4 3 5 -> 3/4    without 2 4 1 -> 1/3       Fisher [[3, 1], [1, 2]]
                     P(X=k), k = 1..4: 4 18 12 1 (/35); observed 3 (12) -> p = (4+12+1)/35
    resolution (h)   with 10 24 4 2 -> 7    without 48 48 72 6 24 -> 48, difference -41;
                     U = 2.5 (10 > 6, 24 > 6, 24 = 24); ties, so the normal approximation

After against before April 2025:

    complaint rate   after 1/6 (B2; B3 closed in March)   before 2/7 (A1, B1)
                     Fisher [[1, 5], [2, 5]]: P(X=k) 35 126 105 20 (/286); observed 1 -> p = 1
    slip at go-live  after 20 -7 -> 6.5     before 10 0 30 -> 10       difference -3.5
                     U = 2 of 6; exact P(U <= 2) = 4/10 -> two-sided p = 0.8
    CSAT             after 1 5 -> 1/2       before 5 4 3 2 4 -> 3/5    difference -0.1
    resolution (h)   after 48 24 2 -> 24    before 10 24 4 48 72 6 -> 17, difference +7
"""

from __future__ import annotations

from datetime import date
from math import erf, sqrt

import pytest

from analytics.filters import Filters
from analytics.metrics.impact import (duration_comparison, month_impact, practice_impact,
                                      rate_comparison, sentences)
from people_fixtures import people_portfolio

H1 = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
Z = 1.959963984540054


@pytest.fixture(scope="module")
def con():
    return people_portfolio()


def wilson(k: int, n: int) -> tuple[float, float]:
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


def newcombe(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float]:
    """Newcombe's hybrid score interval (his method 10) from the two Wilson intervals."""
    p1, p2 = k1 / n1, k2 / n2
    (l1, u1), (l2, u2) = wilson(k1, n1), wilson(k2, n2)
    d = p1 - p2
    return d - sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def test_by_joint_review_each_outcome_with_its_difference_interval_and_test(con):
    result = practice_impact(con, H1, practice="joint_review")
    assert (result.projects_a, result.projects_b, result.not_recorded) == (3, 3, 1)

    rate = result.comparison("complaint_rate")
    assert (rate.a_value, rate.a_n, rate.b_value, rate.b_n) == (
        pytest.approx(1 / 3), 3, pytest.approx(2 / 3), 3)
    assert rate.difference == pytest.approx(-1 / 3)
    assert rate.test == "fisher_exact" and rate.p_value == pytest.approx(1.0)
    assert (rate.low, rate.high) == tuple(pytest.approx(x, abs=1e-9) for x in newcombe(1, 3, 2, 3))

    slip = result.comparison("golive_slip_days")
    assert (slip.a_value, slip.a_n, slip.b_value, slip.b_n) == (0, 3, 25, 2)
    assert slip.difference == -25 and slip.test == "mann_whitney"
    assert slip.p_value == pytest.approx(0.2)
    assert slip.low <= slip.difference <= slip.high

    csat = result.comparison("csat_pct")
    assert (csat.a_value, csat.a_n, csat.b_value, csat.b_n) == (0.75, 4, pytest.approx(1 / 3), 3)
    assert csat.p_value == pytest.approx(17 / 35)
    assert (csat.low, csat.high) == tuple(pytest.approx(x, abs=1e-9) for x in newcombe(3, 4, 1, 3))

    hours = result.comparison("resolution_hours")
    assert (hours.a_value, hours.a_n, hours.b_value, hours.b_n) == (7, 4, 48, 5)
    assert hours.difference == -41
    # U = 2.5 of n1 n2 = 20; ties 24 24 and 48 48: variance 20/12 (10 - 12/72); continuity 0.5
    z = (abs(2.5 - 10) - 0.5) / sqrt(20 / 12 * (10 - 12 / 72))
    assert hours.p_value == pytest.approx(2 * (1 - 0.5 * (1 + erf(z / sqrt(2)))))


def test_after_against_before_a_month(con):
    result = month_impact(con, H1, month=date(2025, 4, 17))  # any day names its month
    assert result.month == date(2025, 4, 1)
    assert (result.projects_a, result.projects_b) == (6, 7)

    rate = result.comparison("complaint_rate")
    assert (rate.a_value, rate.b_value) == (pytest.approx(1 / 6), pytest.approx(2 / 7))
    assert rate.difference == pytest.approx(-5 / 42) and rate.p_value == pytest.approx(1.0)

    slip = result.comparison("golive_slip_days")
    assert (slip.a_value, slip.b_value, slip.difference) == (6.5, 10, -3.5)
    assert slip.p_value == pytest.approx(0.8)

    csat = result.comparison("csat_pct")
    assert (csat.a_value, csat.a_n, csat.b_value, csat.b_n) == (0.5, 2, 0.6, 5)
    assert csat.difference == pytest.approx(-0.1)

    hours = result.comparison("resolution_hours")
    assert (hours.a_value, hours.a_n, hours.b_value, hours.b_n) == (24, 3, 17, 6)


def test_a_month_outside_the_period_is_refused(con):
    with pytest.raises(ValueError, match="must start after the period's first day"):
        month_impact(con, H1, month=date(2025, 1, 1))
    with pytest.raises(ValueError, match="must start after the period's first day"):
        month_impact(con, H1, month=date(2025, 7, 1))


def test_a_group_without_rows_has_no_difference_and_says_so(con):
    # nobody completed a handover checklist in this portfolio: every project is unrecorded
    result = practice_impact(con, H1, practice="handover_done")
    assert result.not_recorded == 7 and result.projects_a == result.projects_b == 0
    assert all(c.difference is None and c.p_value is None for c in result.comparisons)
    text = sentences(result, "en")
    assert sum("no data" in s for s in text) == 4


def test_a_clear_difference_is_called_one_and_a_small_sample_is_not():
    clear = rate_comparison("complaint_rate", 2, 40, 20, 40)
    assert clear.p_value < 0.001 and clear.high < 0
    unclear = rate_comparison("complaint_rate", 1, 4, 2, 4)
    assert unclear.p_value > 0.5 and unclear.low < 0 < unclear.high
    same = duration_comparison("golive_slip_days", [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6])
    assert same.difference == 0 and same.p_value == pytest.approx(1.0)


def test_the_sentences_say_what_the_data_cannot(con):
    result = practice_impact(con, H1, practice="joint_review")
    for lang in ("en", "zh"):
        text = sentences(result, lang)
        # four outcomes; the confounding, the unrecorded, the clustering, the few projects
        assert len(text) == 4 + 4
    en = sentences(result, "en")
    assert "p = 1.000" in en[0] and "cannot tell" in en[0]
    assert "not a cause" in en[4] or "not cause" in en[4]
    assert "1 project" in en[5] and "independent" in en[6]
    month = sentences(month_impact(con, H1, month=date(2025, 4, 1)), "en")
    assert "2025-04" in month[4]


def test_on_the_demo_portfolio_the_reviews_go_with_better_outcomes(demo_store):
    """The demo's story: outcomes improve once joint reviews start (2025-10-01)."""
    from analytics import store

    con = store.connect(demo_store)  # the app's own configuration: same-process sharing
    try:
        by_review = practice_impact(con, Filters(), practice="joint_review")
        after = month_impact(con, Filters(), month=date(2025, 10, 1))
    finally:
        con.close()
    for result in (by_review, after):
        rate, csat = result.comparison("complaint_rate"), result.comparison("csat_pct")
        assert rate.high < 0 and rate.p_value < 0.05
        assert csat.low > 0 and csat.p_value < 0.05
