"""Messages the engine says to users, kept as a code plus parameters until they are shown.

The engine cannot know the reader's language: the CLI prints English, the app shows the
session's language. So ingest raises and reports :class:`Message` values whose text is looked
up in the translation table (``analytics/translations/ingest.py``) only when displayed.
A parameter that is itself a translation key (``ingest.what.date``) or a Message is translated
too. Ingest messages and the Explore page's errors render through here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import i18n


@dataclass(frozen=True)
class Message:
    code: str
    params: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return render(self.code, self.params, lang)

    def __str__(self) -> str:
        return self.text("en")


def render(code: str, params: dict[str, object] | str | None, lang: str = "en") -> str:
    """The text of ``code`` in ``lang``; ``params`` may be a dict or its JSON."""
    if isinstance(params, str):
        params = json.loads(params) if params else {}
    resolved = {}
    for k, v in (params or {}).items():
        if isinstance(v, Message):  # a fragment with parameters of its own
            v = v.text(lang)
        elif isinstance(v, str) and v in i18n.table():
            v = i18n.t(v, lang)
        resolved[k] = "" if v is None else v
    return i18n.t(code, lang, **resolved)


def text_of(value: object, lang: str) -> str:
    """A Message in ``lang``, anything else as it is (plain strings from older callers)."""
    return value.text(lang) if isinstance(value, Message) else ("" if value is None else str(value))


def sql_template(code: str, params: dict[str, str]) -> str:
    """The English text of ``code`` as a SQL expression, each ``{name}`` replaced by the SQL
    expression ``params[name]`` (so rejected-row reasons are built set-based in DuckDB, from
    the same template the translation table holds)."""
    template = i18n.t(code, "en")
    parts: list[str] = []
    rest = template
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, _, rest = after.partition("}")
        if before:
            parts.append("'" + before.replace("'", "''") + "'")
        parts.append(f"coalesce(CAST(({params[name]}) AS VARCHAR), '')")
    if rest:
        parts.append("'" + rest.replace("'", "''") + "'")
    return " || ".join(parts) if parts else "''"
