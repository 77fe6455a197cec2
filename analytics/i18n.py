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
import re
from collections.abc import Mapping
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


#: A word that agrees with a count: ``[[days:day|days]]`` is "day" when the parameter ``days``
#: is 1, else "days". Only English texts need it: Chinese has no plural.
_PLURAL = re.compile(r"\[\[(\w+):([^|\]]*)\|([^\]]*)\]\]")


def _is_one(value: object) -> bool:
    """Whether a count reads as exactly one (1, 1.0, "1", "+1" and -1 too: "-1 day")."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        return abs(value) == 1
    return str(value).strip().lstrip("+-−") in {"1", "1.0"}


def plural_forms(text: str, fmt: Mapping[str, object]) -> str:
    """``text`` with every ``[[count:one|other]]`` replaced by the form its count takes."""
    if "[[" not in text:
        return text
    return _PLURAL.sub(lambda m: m.group(2) if _is_one(fmt.get(m.group(1))) else m.group(3), text)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fmt: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``fmt`` and its
    words agreeing with their counts (:func:`plural_forms`): "1 day", "2 days"."""
    entry = table().get(key)
    if entry is None:
        if os.environ.get("PULSE_STRICT_I18N") == "1":
            raise KeyError(f"missing translation key {key!r}")
        text = key
    else:
        text = plural_forms(entry.get(lang) or entry.get("en") or key, fmt)
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
