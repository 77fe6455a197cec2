"""The People page under AppTest: it runs on the demo store in both languages, its scorecard
is the engine's scorecard for the role chosen, and an empty store says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics import i18n, store
from analytics.metrics.scorecards import scorecard

PAGE = "pages/people.py"
TIMEOUT = 60


@pytest.fixture
def demo_con(demo_store: Path) -> Iterator:
    con = store.connect(demo_store)
    yield con
    con.close()


def open_page(app_test, db: Path, lang: str = "en"):
    at = app_test(db)
    at.query_params["lang"] = lang
    at.run(timeout=TIMEOUT)
    at.switch_page(PAGE).run(timeout=TIMEOUT)
    return at


def clean(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_runs_on_the_demo_store_titled_in_the_language(app_test, demo_store, lang):
    at = open_page(app_test, demo_store, lang)
    clean(at)
    assert at.title[0].value == i18n.t("nav.people", lang)
    assert at.dataframe, "no scorecard table"


def test_the_scorecard_shown_is_the_engines_for_the_role_chosen(app_test, demo_store, demo_con):
    at = open_page(app_test, demo_store)
    for role in ("presales_owner", "ops_owner"):
        at.segmented_control(key="people_role").set_value(role).run(timeout=TIMEOUT)
        clean(at)
        shown = at.dataframe[0].value
        expected = scorecard(demo_con, at.session_state["filters"], by=role, rank_by="complaint_rate")
        people = [o for o in expected["owner"] if isinstance(o, str)]
        assert list(shown[i18n.t("col.owner", "en")])[:len(people)] == people
        rate = shown[i18n.t("metric.complaint_rate.name", "en")]
        assert list(rate) == pytest.approx(list(expected["complaint_rate"]), nan_ok=True)


def test_an_empty_store_says_so(app_test, empty_store):
    at = open_page(app_test, empty_store)
    clean(at)
    assert at.info[0].value == i18n.t("ui.empty.store_empty", "en")


def test_change_impact_reward_and_early_warning_are_the_engines(app_test, demo_store, demo_con):
    from analytics.metrics.impact import month_impact, practice_impact, sentences
    from analytics.metrics.reward import reward_projects
    from analytics.metrics.risk import early_warning

    at = open_page(app_test, demo_store)
    clean(at)
    filters = at.session_state["filters"]
    shown = [m.value for m in at.markdown]
    for line in sentences(practice_impact(demo_con, filters, practice="joint_review"), "en"):
        assert f"- {line}" in shown
    # the reward table lists the engine's projects in its order
    reward = next(df.value for df in at.dataframe
                  if i18n.t("col.standing", "en") in df.value.columns)
    assert list(reward[i18n.t("col.project_id", "en")]) == list(
        reward_projects(demo_con, filters)["project_id"])
    # the demo's history does not beat chance: the page says so and ranks nothing
    warning = early_warning(demo_con, lang="en")
    assert warning.verdict != "ranked"
    assert warning.message in [i.value for i in at.info]
    assert not any(i18n.t("col.risk", "en") in df.value.columns for df in at.dataframe)

    at.segmented_control(key="people_split").set_value("month").run(timeout=TIMEOUT)
    clean(at)
    month = at.selectbox(key="people_month").value
    shown = [m.value for m in at.markdown]
    for line in sentences(month_impact(demo_con, filters, month=month), "en"):
        assert f"- {line}" in shown
