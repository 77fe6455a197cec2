"""Text in the session's language: ``t(key, **fmt)``, the language switch, and labels for
canonical values and widget options.

Streamlit has no i18n of its own: one translation table (:mod:`analytics.translations`) and
:func:`analytics.i18n.t`, bound here to ``st.session_state["lang"]`` ("zh" or "en").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from .. import i18n

# Session-state key of the language; part of the contract with the pages.
LANG_KEY = "lang"


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


def sidebar_language() -> str:
    """The language switch. Starts from ``?lang=`` (default zh) and keeps the session value."""
    ss = st.session_state
    if LANG_KEY not in ss:
        requested = st.query_params.get("lang")
        ss[LANG_KEY] = requested if requested in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    # Both languages in the label, so someone who cannot read the current one finds it.
    label = " / ".join(i18n.t("app.language", code) for code in i18n.LANGUAGES)
    st.sidebar.radio(label, list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.__getitem__,
                     key=LANG_KEY, horizontal=True)
    return lang()
