"""The language: a first visit speaks the browser's language, a link's ``?lang=`` wins over
it, and switching language keeps every filter the sidebar and the page hold."""

from __future__ import annotations

import pytest

from analytics.ui.language import browser_language


@pytest.mark.parametrize("locale,accept,expected", [
    ("en-US", None, "en"),
    ("zh-CN", "en-US,en;q=0.9", "zh"),          # navigator.language comes first
    ("zh-Hant-TW", None, "zh"),
    ("zh_CN", None, "zh"),
    ("fr-FR", "fr-FR,fr;q=0.9,en;q=0.8", "en"),  # the first language the app speaks
    ("de-DE", "de-DE,zh-CN;q=0.7", "zh"),
    ("fr-FR", "fr", None),                       # neither: the caller's default
    (None, None, None),
])
def test_the_browser_language_is_read_from_locale_then_accept_language(locale, accept,
                                                                      expected):
    assert browser_language(locale, accept) == expected


def test_a_first_visit_follows_the_browser(app_test, demo_store):
    at = app_test(demo_store)
    at.context = {"locale": "en-GB"}
    at.run()
    assert not at.exception
    assert at.session_state["lang"] == "en"
    assert at.title[0].value == "Overview"
    assert at.query_params["lang"] == "en"  # a link copied now opens in English too


def test_a_link_language_wins_over_the_browser(app_test, demo_store):
    at = app_test(demo_store)
    at.context = {"locale": "en-US"}
    at.query_params["lang"] = "zh"
    at.run()
    assert at.session_state["lang"] == "zh"


def test_switching_language_keeps_every_filter(app_test, demo_store):
    at = app_test(demo_store).run()
    customer = at.sidebar.multiselect(key="f_customers").options[1]
    at.sidebar.radio(key="grain").set_value("quarter").run()
    at.sidebar.selectbox(key="f_preset").set_value("year_to_date").run()
    at.sidebar.multiselect(key="f_customers").set_value([customer]).run()
    before = at.session_state["filters"]
    url = {k: v for k, v in at.query_params.items() if k != "lang"}
    assert url["grain"] == "quarter" and url["period"] == "year_to_date"

    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.sidebar.radio(key="grain").value == "quarter"
    assert at.sidebar.selectbox(key="f_preset").value == "year_to_date"
    assert at.sidebar.multiselect(key="f_customers").value == [customer]
    assert at.session_state["filters"] == before
    assert {k: v for k, v in at.query_params.items() if k != "lang"} == url
    assert at.query_params["lang"] == "en"
