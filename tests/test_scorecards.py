"""Owner scorecards: the registry's KPIs over the projects each person is named on.

The portfolio is tests/people_fixtures.py's; the period is 2025-01-01 to 2025-06-30, in which
all seven projects are active (B3 closed on 2025-03-31, after the start). By presales owner,
worked out by hand:

    Ann (A1 A2 A3)  active 3, with a complaint 1 (A1)         complaint rate 1/3
                    tickets T1-T4: 4, complaints 1            per 100 tickets 25
                    go-lives A1 (cycle 133, slip 10), A2 (120, 0)
                                                              cycle median 126.5, slip median 5
                                                              on time 1/2 (slip <= 0 days)
                    answers 5 4 3: satisfied 2 of 3           CSAT 2/3
                    nps 10 9 7: 2 promoters, 0 detractors     NPS +66.7
                    nothing closed                            renewal rate unknown
    Bob (B1 B2 B3)  active 3, with a complaint 2 (B1, B2)     complaint rate 2/3
                    tickets T5-T8: 4, complaints 3            per 100 tickets 75
                    go-lives B1 (253, 30), B2 (109, 20)       cycle median 181, slip median 25
                                                              on time 0/2
                    answers 2 4 1: satisfied 1 of 3           CSAT 1/3
                    nps 3 8 0: 0 promoters, 2 detractors      NPS -66.7
                    B3 closed in the period, renewed          renewal rate 1/1
    (nobody) C1     active 1, no complaint; T9; go-live 85 days, 7 early; answer 5, nps 10

Ranked by complaint rate, lower first: Ann 1, Bob 2; the projects without a presales owner
are last and unranked.
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from analytics import cli
from analytics.filters import Filters
from analytics.metrics.headline import headline
from analytics.metrics.scorecards import OWNERS, SCORECARD_KPIS, scorecard, scorecard_rows
from analytics.settings import Settings
from people_fixtures import people_portfolio

H1 = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))


@pytest.fixture(scope="module")
def con():
    return people_portfolio()


def by_owner(frame) -> dict:
    return {(r["owner"] if r["owner"] == r["owner"] else None): r
            for r in frame.to_dict("records")}


def test_presales_scorecard_is_the_registry_kpis_over_each_owners_projects(con):
    rows = by_owner(scorecard(con, H1, by="presales_owner"))
    ann, bob, nobody = rows["Ann"], rows["Bob"], rows[None]
    assert (ann["projects_active"], ann["complaint_rate"]) == (3, pytest.approx(1 / 3))
    assert (ann["tickets_created"], ann["complaints_per_100_tickets"]) == (4, pytest.approx(25.0))
    assert ann["delivery_cycle_median_days"] == pytest.approx(126.5)
    assert ann["golive_slip_median_days"] == pytest.approx(5.0)
    assert (ann["with_plan"], ann["on_time_golive_rate"]) == (2, pytest.approx(0.5))
    assert (ann["n"], ann["csat_pct"]) == (3, pytest.approx(2 / 3))
    assert (ann["nps_n"], ann["nps"]) == (3, pytest.approx(200 / 3))
    assert ann["renewal_known"] == 0 and ann["renewal_rate"] != ann["renewal_rate"]  # NaN

    assert (bob["projects_active"], bob["complaint_rate"]) == (3, pytest.approx(2 / 3))
    assert bob["complaints_per_100_tickets"] == pytest.approx(75.0)
    assert bob["delivery_cycle_median_days"] == pytest.approx(181.0)
    assert bob["golive_slip_median_days"] == pytest.approx(25.0)
    assert bob["on_time_golive_rate"] == 0.0
    assert (bob["csat_pct"], bob["nps"]) == (pytest.approx(1 / 3), pytest.approx(-200 / 3))
    assert (bob["renewal_known"], bob["renewal_rate"]) == (1, 1.0)

    assert (nobody["projects_active"], nobody["complaint_rate"]) == (1, 0.0)
    assert nobody["golive_slip_median_days"] == -7 and nobody["delivery_cycle_median_days"] == 85


def test_rank_follows_the_kpis_direction_and_leaves_the_unnamed_last(con):
    frame = scorecard(con, H1, by="presales_owner")
    assert list(frame["owner"].fillna("-")) == ["Ann", "Bob", "-"]
    assert list(frame["rank"].astype(object).where(frame["rank"].notna(), None)) == [1, 2, None]
    by_csat = scorecard(con, H1, by="presales_owner", rank_by="csat_pct")  # higher is better
    assert list(by_csat["owner"].fillna("-")) == ["Ann", "Bob", "-"]
    by_slip = scorecard(con, H1, by="presales_owner", rank_by="golive_slip_median_days")
    assert list(by_slip["owner"].fillna("-")) == ["Ann", "Bob", "-"]  # 5 days before 25
    by_renewal = by_owner(scorecard(con, H1, by="presales_owner", rank_by="renewal_rate"))
    assert by_renewal["Bob"]["rank"] == 1 and pd.isna(by_renewal["Ann"]["rank"])  # no figure


def test_low_n_names_each_figure_resting_on_too_few_projects_or_answers(con):
    # 3 projects or answers are enough here; the two go-lives and no closed project are not
    settings = Settings(low_n_projects=3, low_confidence_n=3)
    ann = by_owner(scorecard(con, H1, by="presales_owner", settings=settings))["Ann"]
    assert ann["low_n"] == ["delivery_cycle_median_days", "on_time_golive_rate",
                            "golive_slip_median_days", "renewal_rate"]
    assert not ann["rank_low_n"]
    # by the defaults (5 projects, 30 answers) Ann's complaint rate rests on too few projects
    ann = by_owner(scorecard(con, H1, by="presales_owner"))["Ann"]
    assert "complaint_rate" in ann["low_n"] and "csat_pct" in ann["low_n"] and ann["rank_low_n"]


def test_intervals_are_wilsons_for_csat_and_the_normal_one_for_nps(con):
    ann = by_owner(scorecard(con, H1, by="presales_owner"))["Ann"]
    low, high = proportion_confint(2, 3, alpha=0.05, method="wilson")
    # the product's z is 1.96, statsmodels' 1.959964...: equal to four significant digits
    assert (ann["csat_low"], ann["csat_high"]) == (pytest.approx(low, rel=1e-4),
                                                   pytest.approx(high, rel=1e-4))
    # points +1 +1 0: mean 2/3, population variance 2/9; half width 1.96 * 100 * sqrt(2/27)
    half = 1.96 * 100 * (2 / 27) ** 0.5
    assert ann["nps_low"] == pytest.approx(200 / 3 - half)
    assert ann["nps_high"] == 100  # 66.7 + 53.3 clipped


def test_implementation_and_operations_scorecards(con):
    leads = by_owner(scorecard(con, H1, by="implementation_lead"))
    # Lee: A1 A2 C1, complaint only on A1; Kim: A3 B1 B2, complaints on B1 and B2
    assert (leads["Lee"]["projects_active"], leads["Lee"]["complaint_rate"]) == (3, pytest.approx(1 / 3))
    assert (leads["Kim"]["projects_active"], leads["Kim"]["complaint_rate"]) == (3, pytest.approx(2 / 3))
    assert leads[None]["projects_active"] == 1  # B3
    ops = by_owner(scorecard(con, H1, by="ops_owner"))
    # Oz: A1 A2 B1 C1; cycles 133 120 253 85 -> median (120 + 133) / 2
    assert ops["Oz"]["projects_active"] == 4
    assert ops["Oz"]["delivery_cycle_median_days"] == pytest.approx(126.5)
    # T1 T2 (A1), T3 (A2), T5 T6 T7 (B1), T9 (C1): seven
    assert ops["Oz"]["tickets_created"] == 7


def test_owners_add_up_to_the_headline_when_each_project_has_one(con):
    total = headline(con, H1)
    for by in OWNERS:
        frame = scorecard(con, H1, by=by)
        assert frame["projects_active"].sum() == total["projects_active"], by
        assert frame["tickets_created"].sum() == total["tickets_created"], by
        assert frame["n"].sum() == 7  # every answer, once


def test_a_period_narrows_every_figure(con):
    march = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    ann = by_owner(scorecard(con, march, by="presales_owner"))["Ann"]
    # T2 and T3 are March's; A1's complaint was in February; A2 went live on 03-01
    assert (ann["tickets_created"], ann["complaint_rate"]) == (2, 0.0)
    assert ann["delivery_cycle_median_days"] == 120


def test_an_unknown_role_or_rank_is_refused(con):
    with pytest.raises(ValueError, match="by must be one of"):
        scorecard(con, H1, by="customer")
    with pytest.raises(ValueError, match="rank_by must be one of"):
        scorecard(con, H1, by="presales_owner", rank_by="backlog_open")


def test_cli_scorecard_json_rows_carry_the_kpi_names(tmp_path, capsys):
    from analytics import store
    from people_fixtures import PROJECTS, SURVEYS, TICKETS
    from metrics_fixtures import insert

    db = tmp_path / "people.duckdb"
    con = store.connect(db)
    for table, rows in (("projects", PROJECTS), ("tickets", TICKETS), ("surveys", SURVEYS)):
        insert(con, table, rows)
    con.close()
    code = cli.main(["scorecard", "--by", "presales_owner", "--db", str(db), "--from",
                     "2025-01-01", "--to", "2025-06-30", "--json"])
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["owner"] for r in rows] == ["Ann", "Bob", None]
    assert set(SCORECARD_KPIS) <= set(rows[0])
    assert rows[0]["complaint_rate"] == pytest.approx(1 / 3) and rows[2]["rank"] is None
    con = store.connect(db, read_only=True)
    assert rows == json.loads(json.dumps(scorecard_rows(con, H1, by="presales_owner")))
    con.close()
    assert cli.main(["scorecard", "--by", "presales_owner", "--db", str(db), "--from",
                     "2025-07-01", "--to", "2025-01-01"]) == 2
    capsys.readouterr()
    assert cli.main(["scorecard", "--by", "presales_owner", "--db", str(db), "--from",
                     "2025-01-01", "--to", "2025-06-30"]) == 0
    header = capsys.readouterr().out.splitlines()[0].split()
    # each figure beside its n: the renewal rate's is the contracts with a known outcome
    assert header[header.index("renewal_rate") + 1] == "renewal_known"
    assert header[header.index("csat_pct") + 1] == "n"
