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
        expected = scorecard(demo_con, at.session_state["filters"], role, "complaint_rate")
        people = [o for o in expected["owner"] if isinstance(o, str)]
        assert list(shown[i18n.t("col.owner", "en")])[:len(people)] == people
        rate = shown[i18n.t("metric.complaint_rate.name", "en")]
        assert list(rate) == pytest.approx(list(expected["complaint_rate"]), nan_ok=True)


def test_an_empty_store_says_so(app_test, empty_store):
    at = open_page(app_test, empty_store)
    clean(at)
    assert at.info[0].value == i18n.t("ui.empty.store_empty", "en")
