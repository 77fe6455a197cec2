"""The settings an admin changes in the app: what is in force, saving a change for everyone,
and the history of changes (the Streamlit side of analytics/settings_store.py).

Whether the visitor may save is decided by :mod:`analytics.settings_store` from the role this
session signed in with (``ui.visitor()``), never from anything the browser sends; the page is
registered for admins only (app.py), and says so to anyone else who reaches it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import settings_store
from ..settings import Settings, load_settings
from .access import visitor
from .language import lang
from .stores import get_connection, settings


@dataclass(frozen=True)
class SaveOutcome:
    """What a save did: the settings changed, or why each refused value was refused (texts
    in the session's language; nothing was written then)."""

    changed: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)


def deployment_settings() -> Settings:
    """The settings an empty box goes back to: the code's defaults and ``PULSE_*``."""
    return load_settings()


def setting_texts() -> dict[str, str]:
    """Every editable setting's value in force, as its text box shows it."""
    return settings_store.current_texts(settings())


def default_texts() -> dict[str, str]:
    return settings_store.current_texts(deployment_settings())


def save_settings(texts: dict[str, str]) -> SaveOutcome:
    """Save ``texts`` (setting -> text as typed) for everyone, as this session's visitor.
    Raises :class:`settings_store.NotAllowed` for a visitor who is not an admin."""
    who = visitor()
    try:
        changed = settings_store.save(get_connection(), texts, role=who.role, by=who.label,
                                      defaults=deployment_settings())
    except settings_store.SettingsRefused as e:
        return SaveOutcome(problems={k: m.text(lang()) for k, m in e.problems.items()})
    return SaveOutcome(changed=changed)


def settings_history() -> pd.DataFrame:
    return settings_store.history(get_connection())
