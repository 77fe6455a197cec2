"""Who may do what: roles from a small file, keyed by e-mail address, domain or group.

Sign-in itself is Streamlit's (``st.login`` / ``st.user``, OpenID Connect configured in the
``[auth]`` section of ``.streamlit/secrets.toml``); this module only turns a signed-in
identity into a role, and a role into what it allows:

* **viewer** - the dashboards, the Explore page, the import history;
* **editor** - also imports into the shared store and undoes imports;
* **admin** - also changes settings.

The roles file (``.streamlit/roles.toml``, or the file ``PULSE_ROLES`` names)::

    default = "viewer"            # anyone else who signs in; "none" turns them away
    groups_claim = "groups"       # the ID-token claim listing a user's groups

    [roles]
    "lead@example.com" = "admin"
    "group:delivery-managers" = "editor"
    "@example.com" = "viewer"     # everyone of a domain

A user gets the highest role any of their keys is given. Without an ``[auth]`` section the
app runs in single-user local mode: no sign-in, the one local user may do everything, and the
server listens on this computer only (:func:`listen_address`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .messages import Message
from .settings import PROJECT_ROOT

ROLES: tuple[str, ...] = ("viewer", "editor", "admin")
#: action -> the lowest role allowed to do it
ACTIONS: dict[str, str] = {"view": "viewer", "import": "editor", "undo": "editor",
                           "settings": "admin"}
LOCAL_ROLE = "admin"
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
DEFAULT_ROLES_FILE = PROJECT_ROOT / ".streamlit" / "roles.toml"


class AccessError(Exception):
    """The roles file cannot be used; ``str(e)`` is one sentence."""

    def __init__(self, code: str, **params: object) -> None:
        self.message = Message(code, params)
        super().__init__(str(self.message))

    def text(self, lang: str) -> str:
        return self.message.text(lang)


def allows(role: str | None, action: str) -> bool:
    """Whether ``role`` may do ``action`` (one of :data:`ACTIONS`)."""
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(ACTIONS[action])


@dataclass(frozen=True)
class RoleRules:
    """The roles file, read: ``default`` for anyone not listed (None: no access)."""

    default: str | None = "viewer"
    groups_claim: str = "groups"
    roles: dict[str, str] = field(default_factory=dict)

    def role_for(self, email: str | None, groups: Iterable[str] = ()) -> str | None:
        """The highest role among the user's address, its domain and their groups."""
        keys = []
        if email:
            address = email.strip().lower()
            keys += [address, "@" + address.rpartition("@")[2]]
        keys += [f"group:{g}".lower() for g in groups]
        found = [self.roles[k] for k in keys if k in self.roles]
        if not found:
            return self.default
        return max(found, key=ROLES.index)


def roles_file() -> Path:
    return Path(os.environ.get("PULSE_ROLES") or DEFAULT_ROLES_FILE)


def load_rules(path: Path | None = None) -> RoleRules:
    """Read the roles file; without one every signed-in user is a viewer."""
    path = path or roles_file()
    if not path.exists():
        return RoleRules()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise AccessError("access.error.unreadable", name=path.name,
                          detail=str(e).splitlines()[0] if str(e) else type(e).__name__) from None
    default = str(data.get("default", "viewer")).strip().lower()
    if default not in (*ROLES, "none"):
        raise AccessError("access.error.role", name=path.name, entry="default", role=default,
                          roles=", ".join(ROLES))
    roles: dict[str, str] = {}
    for key, role in (data.get("roles") or {}).items():
        role = str(role).strip().lower()
        if role not in ROLES:
            raise AccessError("access.error.role", name=path.name, entry=key, role=role,
                              roles=", ".join(ROLES))
        roles[str(key).strip().lower()] = role
    return RoleRules(None if default == "none" else default,
                     str(data.get("groups_claim", "groups")), roles)


def groups_of(user: object, claim: str) -> list[str]:
    """The user's groups from the ID token's claim (a list, or one name)."""
    value = user.get(claim) if hasattr(user, "get") else None
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else []


def sign_in_configured(secrets_file: Path | None = None) -> bool:
    """Whether the secrets file has an ``[auth]`` section (else: single-user local mode)."""
    path = secrets_file or SECRETS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("auth"), dict) and bool(data["auth"])


def listen_address(secrets_file: Path | None = None) -> str:
    """The address the server should listen on: every interface when sign-in is configured,
    this computer only in local mode."""
    return "0.0.0.0" if sign_in_configured(secrets_file) else "127.0.0.1"


if __name__ == "__main__":  # `make run` asks: python -m analytics.access
    print(listen_address())
