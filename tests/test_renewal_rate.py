"""The renewal rate: a contract comes up for renewal when its term ends, whether or not it
renews. A renewed contract stays active (no closed_date), so the figure reads the term's end
(contract_end_date) and falls back to closed_date only where the term is not recorded.

Portfolio (Q1 2025 is the period):

    id   status     contract_end  closed       renewed    in Q1's figure
    R1   active     2025-02-10    -            yes        renewed, still active: both sides
    R2   active     2025-03-31    -            yes        both sides (last day of the period)
    R3   closed     2025-03-15    2025-03-15   no         denominator
    R4   active     2025-01-20    -            (unknown)  up for renewal, outcome not known
    R5   active     2025-05-01    -            yes        term ends in Q2: not in Q1
    R6   cancelled  2025-02-01    2025-02-01   no         cancelled: left out
    R7   closed     -             2025-02-01   no         no term recorded: closed_date, denominator
    R8   closed     2024-12-31    2025-02-15   yes        term ended in Q4 2024: not in Q1
                                                          (its closing in Q1 does not count)

Q1: up for renewal R1 R2 R3 R4 R7 = 5; outcome known R1 R2 R3 R7 = 4; renewed R1 R2 = 2
-> 2 / 4 = 0.5. By presales owner: Ann has R1 R3 R4 (1 renewed of 2 known -> 0.5), Bo has
R2 R7 (1 of 2 -> 0.5) and R5 R8 outside the period; Cy has only R6 (cancelled: no figure).
All data: up R1..R5 R7 R8 = 7, known 6, renewed R1 R2 R5 R8 = 4 -> 4 / 6.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics import demo, ingest, metrics, store
from analytics.filters import Filters
from analytics.metrics.headline import figures
from analytics.schema import TABLES, alias_index, normalise_header
from metrics_fixtures import d, load_frames, make_store

Q1 = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31))


def _p(pid, owner, status, end, closed, renewed):
    return dict(project_id=pid, project_name=f"Project {pid}", customer="Acme",
                presales_owner=owner, kickoff_date=d("2023-06-01"), status=status,
                contract_end_date=d(end) if end else None,
                closed_date=d(closed) if closed else None, renewed=renewed)


@pytest.fixture(scope="module")
def con():
    return make_store(projects=[
        _p("R1", "Ann", "active", "2025-02-10", None, True),
        _p("R2", "Bo", "active", "2025-03-31", None, True),
        _p("R3", "Ann", "closed", "2025-03-15", "2025-03-15", False),
        _p("R4", "Ann", "active", "2025-01-20", None, None),
        _p("R5", "Bo", "active", "2025-05-01", None, True),
        _p("R6", "Cy", "cancelled", "2025-02-01", "2025-02-01", False),
        _p("R7", "Bo", "closed", None, "2025-02-01", False),
        _p("R8", "Bo", "closed", "2024-12-31", "2025-02-15", True),
    ])


def test_a_renewed_contract_still_active_counts_on_both_sides(con):
    r = metrics.renewal_rate(con, Q1)
    assert (r.up_for_renewal, r.renewal_known, r.renewed, r.renewal_rate) == (5, 4, 2, 0.5)


def test_all_data_reads_every_term_end(con):
    r = metrics.renewal_rate(con, Filters())
    assert (r.up_for_renewal, r.renewal_known, r.renewed) == (7, 6, 4)
    assert r.renewal_rate == pytest.approx(4 / 6)


def test_the_registry_figure_and_its_rows_agree_with_the_definition(con):
    [fig] = figures(con, [Q1], ["renewal_rate"])
    assert (fig["renewal_rate"], fig["renewal_known"]) == (0.5, 4)
    rows = metrics.renewal_projects(con, Q1)
    assert rows["project_id"].tolist() == ["R2", "R3", "R1", "R7", "R4"]  # latest term end first
    assert [x.isoformat()[:10] for x in rows["renewal_due_date"]] == [
        "2025-03-31", "2025-03-15", "2025-02-10", "2025-02-01", "2025-01-20"]
    assert rows.loc[rows["project_id"] == "R1", "status"].item() == "active"


def test_the_scorecards_renewal_column_reads_each_owners_contracts(con):
    card = metrics.scorecard(con, Q1, by="presales_owner", rank_by="renewal_rate")
    got = {r["owner"]: (r["renewal_rate"], r["renewal_known"]) for r in card.to_dict("records")}
    assert got["Ann"] == (0.5, 2)
    assert got["Bo"] == (0.5, 2)
    cy_rate, cy_known = got.get("Cy", (None, 0))  # a cancelled contract gives Cy no figure
    assert cy_rate is None or pd.isna(cy_rate)
    assert cy_known == 0


def test_a_store_without_the_term_falls_back_to_the_closing_day():
    con = make_store(projects=[
        _p("C1", "Ann", "closed", None, "2025-02-01", True),
        _p("C2", "Ann", "closed", None, "2025-03-01", False),
        _p("C3", "Ann", "active", None, None, True),  # renewed, no term, never closed: unseen
    ])
    r = metrics.renewal_rate(con, Q1)
    assert (r.up_for_renewal, r.renewal_known, r.renewed, r.renewal_rate) == (2, 2, 1, 0.5)


@pytest.mark.parametrize("header", ["Contract end date", "合同到期日", "合同结束日期", "Term end",
                                    "续约日期"])
def test_the_term_end_is_read_from_english_and_chinese_headers(header, tmp_path):
    assert alias_index(TABLES["projects"])[normalise_header(header)][0] == "contract_end_date"
    path = tmp_path / "projects.csv"
    path.write_text(f"项目编号,状态,{header},是否续约\nP1,进行中,2025-02-10,是\n"
                    "P2,已结项,2025/3/15,否\n", encoding="utf-8")
    con = store.connect(tmp_path / "s.duckdb")
    ingest.import_file(con, path)
    rows = con.execute("SELECT project_id, contract_end_date, renewed FROM projects "
                       "ORDER BY project_id").fetchall()
    assert rows == [("P1", date(2025, 2, 10), True), ("P2", date(2025, 3, 15), False)]


def test_the_demo_counts_every_contract_whose_first_year_of_operations_ended():
    # An independent route to the same contracts: the demo's story puts a contract up for
    # renewal a year (365 days) after acceptance, renewed or not.
    frames = demo.generate()
    p = frames["projects"]
    accepted = pd.to_datetime(p["accepted_date"])
    up = (accepted + pd.Timedelta(days=365) <= pd.Timestamp(demo.DEFAULT_AS_OF)) \
        & (p["status"] != "cancelled")
    expected_known, expected_renewed = int(up.sum()), int(p.loc[up, "renewed"].sum())
    con = make_store()
    load_frames(con, frames)
    r = metrics.renewal_rate(con, Filters())
    assert (r.renewal_known, r.renewed) == (expected_known, expected_renewed)
    # renewed contracts stay active: without the term end only the losses were counted
    active_renewed = int((up & (p["status"] == "active") & p["renewed"].fillna(False)).sum())
    assert active_renewed == expected_renewed > 0
