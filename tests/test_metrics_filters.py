"""Filters -> SQL: values travel as bound parameters, empty selections mean "all", and
tickets and surveys inherit the project dimensions through their project (customer falling
back to their own)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from analytics.filters import Filters
from metrics_fixtures import make_store, ts


def test_empty_filters_restrict_nothing():
    f = Filters()
    for sql, params in (f.project_sql(), f.ticket_sql(), f.survey_sql(), f.period_sql("x")):
        assert (sql, params) == ("TRUE", {})


def test_values_are_parameters_never_sql_text():
    evil = "x') OR 1=1 --"
    f = Filters(customers=(evil, "B"), teams=("ops",), priorities=("P1",), ticket_types=("complaint",))
    sql, params = f.ticket_sql("t", "p")
    assert evil not in sql and "ops" not in sql
    assert sql.count("$") == len(params) == 5
    assert list(params.values()) == [evil, "B", "ops", "P1", "complaint"]
    with pytest.raises(ValueError):
        f.ticket_sql("t; DROP TABLE tickets", "p")


def test_period_is_inclusive_by_day():
    f = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31))
    assert f.period_bounds() == (datetime(2025, 1, 1), datetime(2025, 4, 1))
    sql, params = f.period_sql("t.created_at")
    assert sql == "(t.created_at >= $period_start) AND (t.created_at < $period_end)"
    assert Filters(date_to=date(2025, 3, 31)).period_sql("x")[1] == {
        "period_end": datetime(2025, 4, 1)}


@pytest.fixture(scope="module")
def con():
    return make_store(
        projects=[dict(project_id="P1", customer="Acme", region="east", industry="retail"),
                  dict(project_id="P2", customer="Beta", region="west", industry="retail")],
        tickets=[dict(ticket_id="T1", project_id="P1", customer="ignored",
                      created_at=ts("2025-01-01 09:00"), team="ops", priority="P1"),
                 dict(ticket_id="T2", project_id="P2", created_at=ts("2025-02-01 09:00"),
                      team="impl", priority="P2", type="complaint"),
                 dict(ticket_id="T3", customer="Acme", created_at=ts("2025-03-01 09:00"),
                      team="ops", priority="P3"),
                 dict(ticket_id="T4", customer="Gamma", created_at=ts("2025-03-31 23:59"))],
        surveys=[dict(response_id="S1", project_id="P2", submitted_at=ts("2025-01-05 09:00"),
                      team="impl"),
                 dict(response_id="S2", customer="Acme", submitted_at=ts("2025-01-06 09:00"),
                      team="ops")])


def _tickets(con, f: Filters) -> list[str]:
    where, params = f.ticket_sql("t", "p")
    period, pparams = f.period_sql("t.created_at")
    return [r[0] for r in con.execute(
        f"SELECT t.ticket_id FROM tickets t LEFT JOIN projects p ON p.project_id = t.project_id"
        f" WHERE {where} AND {period} ORDER BY 1", {**params, **pparams}).fetchall()]


def _surveys(con, f: Filters) -> list[str]:
    where, params = f.survey_sql("s", "p")
    return [r[0] for r in con.execute(
        f"SELECT s.response_id FROM surveys s LEFT JOIN projects p ON p.project_id = s.project_id"
        f" WHERE {where} ORDER BY 1", params).fetchall()]


def test_ticket_inheritance(con):
    # Acme: T1 through its project (its own customer column is ignored), T3 by its own column.
    assert _tickets(con, Filters(customers=("Acme",))) == ["T1", "T3"]
    # Region is a project property: project-less tickets drop out.
    assert _tickets(con, Filters(regions=("east",))) == ["T1"]
    assert _tickets(con, Filters(industries=("retail",), teams=("impl",))) == ["T2"]
    assert _tickets(con, Filters(projects=("P2",))) == ["T2"]
    assert _tickets(con, Filters(priorities=("P1", "P3"))) == ["T1", "T3"]
    assert _tickets(con, Filters(ticket_types=("complaint",))) == ["T2"]
    # date_to is inclusive: 2025-03-31 23:59 is in.
    assert _tickets(con, Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))) == ["T3", "T4"]
    assert _tickets(con, Filters(customers=("Nobody",))) == []


def test_survey_inheritance(con):
    assert _surveys(con, Filters(customers=("Beta",))) == ["S1"]
    assert _surveys(con, Filters(customers=("Acme",))) == ["S2"]
    assert _surveys(con, Filters(teams=("ops",))) == ["S2"]
    # priority and ticket type are ticket properties: they do not narrow surveys
    assert _surveys(con, Filters(priorities=("P1",), ticket_types=("complaint",))) == ["S1", "S2"]
    # project filter on a project table row
    where, params = Filters(regions=("west",), projects=("P1", "P2")).project_sql("p")
    assert con.execute(f"SELECT project_id FROM projects p WHERE {where}", params).fetchall() == [("P2",)]
