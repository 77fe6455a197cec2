"""Text in the session's language: ``t(key, **fmt)``, the language switch, and labels for
canonical values and widget options.

Streamlit has no i18n of its own: one translation table (:mod:`analytics.translations`) and
:func:`analytics.i18n.t`, bound here to ``st.session_state["lang"]`` ("zh" or "en").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from .. import i18n

# Session-state key of the language; part of the contract with the pages.
LANG_KEY = "lang"
# The session's choice, kept apart from the switch's own state: Streamlit may drop a widget's
# state on a page change (the switch is drawn before the navigation), never a plain value.
_CHOSEN_KEY = "_lang_chosen"


def lang() -> str:
    """The session's language code ("zh" or "en")."""
    value = st.session_state.get(LANG_KEY)
    return value if value in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def t(key: str, **fmt: object) -> str:
    """``i18n.t`` bound to the session's language."""
    return i18n.t(key, lang(), **fmt)


def value_label(kind: str, value: str, language: str | None = None) -> str:
    """A canonical value (``onsite``, ``implementation`` …) in the session's language (or
    ``language``).

    Values without an entry ``value.<kind>.<value>`` (customer names, free text) are shown as
    written; that is not a missing translation, so it does not go through strict ``t``.
    """
    key = f"value.{kind}.{value}"
    if key not in i18n.table():
        return str(value)
    return i18n.t(key, language or lang())


def labeller(prefix: str) -> Callable[[Any], str]:
    """A ``format_func`` showing option ``x`` as the text of ``f"{prefix}.{x}"``.

    The language is fixed when the widget is drawn: Streamlit may call a format function
    outside the script run, where the session's language cannot be read.
    """
    language = lang()
    return lambda option: i18n.t(f"{prefix}.{option}", language)


def browser_language(locale: str | None, accept_language: str | None = None) -> str | None:
    """The app language a browser asks for: its ``navigator.language`` (``st.context.locale``,
    e.g. "en-GB", "zh-CN") first, else the first of its ``Accept-Language`` header's languages
    the app speaks. None when neither names zh or en."""
    candidates = [locale or ""]
    for part in (accept_language or "").split(","):
        candidates.append(part.split(";")[0])
    for tag in candidates:
        code = tag.strip().lower().replace("_", "-").split("-")[0]
        if code in i18n.LANGUAGES:
            return code
    return None


def _first_language() -> str:
    """A first visit's language: ``?lang=`` in the link, else the browser's, else zh."""
    requested = st.query_params.get("lang")
    if requested in i18n.LANGUAGES:
        return requested
    try:
        accept = st.context.headers.get("Accept-Language")
    except Exception:  # no browser session (bare mode): only the default is left
        accept = None
    return browser_language(st.context.locale, accept) or i18n.DEFAULT_LANGUAGE


# The session-state values carried over a language switch: what selects, radios, multiselects,
# text and date inputs hold. Buttons (a bool), uploads and table selections cannot be set by a
# script, and a fresh one is what they should be anyway.
_SETTABLE = (str, int, float, date, tuple, list, type(None))


def _keep_widget_values() -> None:
    """Carry every widget's value over the language switch.

    A widget's identity includes its label, so a relabelled widget is a new one that would
    start from its default (Group by back to its first option, a page's choices lost). Setting
    each value again before the rerun makes the relabelled widget start from it.
    """
    ss = st.session_state
    ss[_CHOSEN_KEY] = lang()
    for key in list(ss.keys()):
        if key in (LANG_KEY, _CHOSEN_KEY):
            continue
        value = ss[key]
        if isinstance(value, bool) or not isinstance(value, _SETTABLE):
            continue
        try:
            ss[key] = value
        except StreamlitAPIException:  # a button's or an uploader's state: not settable
            pass


def sidebar_language() -> str:
    """The language switch. A first visit starts from ``?lang=``, else the browser's
    language; the session keeps its choice after that, and a switch keeps every filter."""
    ss = st.session_state
    if _CHOSEN_KEY not in ss:
        ss[_CHOSEN_KEY] = ss[LANG_KEY] if ss.get(LANG_KEY) in i18n.LANGUAGES \
            else _first_language()
    ss[LANG_KEY] = ss[_CHOSEN_KEY]
    # Both languages in the label, so someone who cannot read the current one finds it.
    label = " / ".join(i18n.t("app.language", code) for code in i18n.LANGUAGES)
    st.sidebar.radio(label, list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.__getitem__,
                     key=LANG_KEY, horizontal=True, on_change=_keep_widget_values)
    return lang()
