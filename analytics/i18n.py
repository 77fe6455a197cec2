"""One translation table for every user-facing string, and a ``t()`` helper.

Streamlit has no i18n of its own. Strings live in ``analytics/translations/<area>.py`` as
``STRINGS = {"key": {"en": "...", "zh": "..."}}``; this module merges them once. Pages call
``t("key", lang)`` (or the app's session-bound wrapper). A key missing from the table is a bug:
``t`` raises in tests (``PULSE_STRICT_I18N=1``) and shows the key itself otherwise.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from datetime import date, datetime
from functools import lru_cache

LANGUAGES: dict[str, str] = {"zh": "简体中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    from . import translations

    merged: dict[str, dict[str, str]] = {}
    for info in pkgutil.iter_modules(translations.__path__):
        module = importlib.import_module(f"{translations.__name__}.{info.name}")
        for key, texts in getattr(module, "STRINGS", {}).items():
            if key in merged and merged[key] != texts:
                raise ValueError(f"translation key {key!r} defined twice with different texts")
            merged[key] = texts
    return merged


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fmt: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``fmt``."""
    entry = table().get(key)
    if entry is None:
        if os.environ.get("PULSE_STRICT_I18N") == "1":
            raise KeyError(f"missing translation key {key!r}")
        text = key
    else:
        text = entry.get(lang) or entry.get("en") or key
    return text.format(**fmt) if fmt else text


def format_number(value: float | int | None, lang: str, digits: int = 1) -> str:
    """Numbers for the language: thousands separators, a dash for missing."""
    if value is None or value != value:  # None or NaN
        return "—"
    if isinstance(value, int) or float(value).is_integer() and digits == 0:
        return f"{int(round(value)):,}"
    return f"{value:,.{digits}f}"


def format_pct(value: float | None, lang: str, digits: int = 1) -> str:
    if value is None or value != value:
        return "—"
    return f"{value * 100:.{digits}f}%"


def format_date(value: date | datetime | None, lang: str) -> str:
    if value is None:
        return "—"
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.strftime("%d %b %Y")
