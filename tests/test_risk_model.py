"""Early warning: a model of late go-lives judged by a time-ordered backtest, which ranks
projects only when the backtest beats chance.

The synthetic portfolios below are drawn with a fixed seed: 120 projects kicked off ten days
apart from 2022-01-03, each planned to go live 180 days after kickoff; in the *signal*
portfolio an onsite project is late (40 days) with chance 0.85 and a remote one with chance
0.1, so the delivery mode predicts lateness; in the *noise* portfolio every project is late
with chance 0.5 whatever it is. The last ten projects are still to go live on the day asked.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pytest

from analytics import cli, store
from analytics.metrics.risk import backtest, early_warning, project_frame, split
from analytics.settings import Settings
from metrics_fixtures import insert, make_store
from people_fixtures import people_portfolio

TODAY = date(2025, 5, 1)
OWNERS = ("Ann", "Bob", "Cho", "Dev", "Eve")


def portfolio_rows(signal: bool, seed: int = 7, n: int = 120) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        kickoff = date(2022, 1, 3) + timedelta(days=10 * i)
        planned = kickoff + timedelta(days=180)
        mode = "onsite" if rng.random() < 0.5 else "remote"
        chance = (0.85 if mode == "onsite" else 0.1) if signal else 0.5
        late = rng.random() < chance
        actual = planned + timedelta(days=40 if late else -5)
        rows.append(dict(project_id=f"P{i:03d}", project_name=f"Project {i}",
                         customer=f"Customer {i % 17}", industry="manufacturing",
                         delivery_mode=mode, presales_owner=OWNERS[int(rng.integers(5))],
                         implementation_lead=OWNERS[int(rng.integers(5))],
                         contract_value=1_000_000.0, kickoff_date=kickoff,
                         planned_golive_date=planned,
                         actual_golive_date=actual if actual <= TODAY else None,
                         status="active"))
    return rows


@pytest.fixture(scope="module")
def signal():
    return make_store(portfolio_rows(signal=True))


@pytest.fixture(scope="module")
def noise():
    return make_store(portfolio_rows(signal=False))


def test_a_signal_in_the_history_is_found_and_the_open_projects_ranked(signal):
    result = early_warning(signal, TODAY)
    assert result.verdict == "ranked"
    bt = result.backtest
    assert bt.auc > 0.8 and bt.p_value < 0.01 and 0 <= bt.brier < 0.25
    frame = project_frame(signal, TODAY)
    history = frame[frame["history"]]
    assert bt.n_train + bt.n_test == len(history)
    open_ = set(frame.loc[~frame["history"], "project_id"])
    assert {p["project_id"] for p in result.projects} == open_
    risks = [p["risk"] for p in result.projects]
    assert risks == sorted(risks, reverse=True) and all(0 <= r <= 1 for r in risks)
    # a project already past its planned go-live is late for certain: first, risk 1
    overdue = set(frame.loc[frame["overdue"], "project_id"])
    assert overdue and {p["project_id"] for p in result.projects[:len(overdue)]} == overdue
    assert all(p["risk"] == 1.0 and "past its planned go-live" in p["reasons"][0]
               for p in result.projects[:len(overdue)])
    mode = dict(zip(frame["project_id"], frame["delivery_mode"]))
    modelled = result.projects[len(overdue):]
    ranked = [mode[p["project_id"]] for p in modelled]
    # every onsite project still to go live is ranked above every remote one
    assert "onsite" in ranked and "remote" in ranked
    assert ranked == sorted(ranked, key=lambda m: m != "onsite")
    assert "delivery mode onsite" in modelled[0]["reasons"]


def test_shuffled_outcomes_give_a_backtest_near_chance(signal):
    history = project_frame(signal, TODAY).query("history")
    rng = np.random.default_rng(1)
    aucs, beaten = [], 0
    for _ in range(20):
        shuffled = history.assign(late=rng.permutation(history["late"].to_numpy()))
        bt = backtest(shuffled)
        aucs.append(bt.auc)
        beaten += bt.p_value < 0.05
    assert abs(np.mean(aucs) - 0.5) < 0.08
    assert beaten <= 4  # 5 % false alarms expected: 1 in 20; at most 4 allowed


def test_a_history_without_signal_is_said_to_be_no_better_than_chance(noise):
    result = early_warning(noise, TODAY)
    assert result.verdict == "no_better_than_chance"
    assert result.projects == ()
    assert "no better than chance" in result.message


def test_too_little_history_is_said_and_nothing_ranked():
    result = early_warning(people_portfolio())
    assert result.verdict == "too_little_history" and result.projects == ()
    assert result.backtest.auc is None and result.backtest.n_train < 20


def test_every_training_go_live_precedes_every_test_go_live(signal):
    history = project_frame(signal, TODAY).query("history")
    train, test = split(history)
    assert train["actual_golive_date"].max() < test["actual_golive_date"].min()
    assert len(train) + len(test) == len(history)
    assert abs(len(train) / len(history) - 0.7) < 0.05
    bt = backtest(history)
    assert set(bt.train_ids) == set(train["project_id"])
    assert set(bt.train_ids).isdisjoint(bt.test_ids)


def test_no_later_event_reaches_a_projects_features():
    """Everything after 2024-01-01 changed (later go-lives flipped, tickets added): the
    features of every project whose cutoff is before that day stay as they were."""
    rows = portfolio_rows(signal=True)
    day = date(2024, 1, 1)
    changed = []
    for r in rows:
        r = dict(r)
        if r["actual_golive_date"] is not None and r["actual_golive_date"] >= day:
            late = r["actual_golive_date"] > r["planned_golive_date"]
            r["actual_golive_date"] = r["planned_golive_date"] + timedelta(days=-5 if late else 40)
            r["actual_golive_date"] = max(r["actual_golive_date"], day)
        changed.append(r)
    tickets = [dict(ticket_id=f"T{i}", project_id=r["project_id"], type="complaint",
                    priority="P1", created_at=day + timedelta(days=i % 30))
               for i, r in enumerate(rows)]
    before = project_frame(make_store(rows), TODAY).set_index("project_id")
    after = project_frame(make_store(changed, tickets), TODAY).set_index("project_id")
    early = before.index[before["cutoff"] < np.datetime64(day)]
    assert len(early) > 40
    # the outcome (late, and the go-live that decides it) is what changed; nothing else may
    outcome = ("late", "actual_golive_date")
    features = [c for c in before.columns if c not in outcome]
    differs = [c for c in features
               if not before.loc[early, c].equals(after.loc[early, c])]
    assert differs == []
    assert not before.loc[early, "late"].equals(after.loc[early, "late"])  # the change was real


def test_an_owners_track_record_counts_only_go_lives_before_the_cutoff():
    # tests/people_fixtures.py: B2's cutoff is 30 days before its planned 2025-05-01, so
    # 2025-04-01; Bob's go-lives before it: B1 (30 days late) and B3 (on time)
    frame = project_frame(people_portfolio()).set_index("project_id")
    assert frame.loc["B2", "cutoff"] == np.datetime64("2025-04-01")
    assert (frame.loc["B2", "presales_prior_n"], frame.loc["B2", "presales_prior_late"]) == (2, 1)
    # A2's cutoff is 2025-01-30, before A1 went live (02-11): Ann has no record yet
    assert frame.loc["A2", "presales_prior_n"] == 0
    # Settings move the cutoff: 60 days before B2's plan (03-02) B1 is already live
    sixty = project_frame(people_portfolio(), settings=Settings(risk_lead_days=60))
    assert sixty.set_index("project_id").loc["B2", "presales_prior_n"] == 2


def test_cli_risk_json(tmp_path, capsys):
    db = tmp_path / "risk.duckdb"
    con = store.connect(db)
    insert(con, "projects", portfolio_rows(signal=True))
    con.close()
    assert cli.main(["risk", "--db", str(db), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["backtest"]) >= {"auc", "n_train", "n_test", "brier"}
    assert out["verdict"] in ("ranked", "no_better_than_chance", "too_little_history")
    for p in out["projects"]:
        assert set(p) == {"project_id", "risk", "reasons"}
