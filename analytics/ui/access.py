"""Who is using the app and what they may do: Streamlit's sign-in, our roles, the sidebar line.

With an ``[auth]`` section in ``.streamlit/secrets.toml`` every visitor signs in through the
OpenID Connect provider it names (``st.login``); their role comes from the roles file (see
``analytics/access.py``). Without one the app is in single-user local mode: nobody signs in,
the one user may do everything, and a visit from another computer is turned away (``make
run`` also listens on this computer only then).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import streamlit as st

from .. import access
from .language import lang, t

VISITOR_KEY = "_visitor"


@dataclass(frozen=True)
class Visitor:
    """The person behind this browser session."""

    role: str | None
    email: str | None = None
    name: str | None = None
    local: bool = False
    signed_in: bool = False

    def can(self, action: str) -> bool:
        """``action``: "view", "import", "undo" or "settings"."""
        return access.allows(self.role, action)

    @property
    def label(self) -> str:
        """How imports and undos record who did them."""
        return "local" if self.local else (self.email or self.name or "signed-in user")


def sign_in_configured() -> bool:
    """Whether the app's secrets hold an ``[auth]`` section (Streamlit's own secrets, so
    ``secrets.toml`` wherever Streamlit finds it)."""
    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file at all: local mode
        return False
    return bool(section)


def _from_this_computer() -> bool:
    address = st.context.ip_address  # None for a visit through localhost
    if not isinstance(address, str):  # no peer address at all (a script run without a server)
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


def identify() -> Visitor:
    """Who this is, without drawing anything: a local user, a signed-in user with their role
    (``role`` None when the roles file gives them none), or nobody yet (``signed_in`` False).
    Raises :class:`access.AccessError` for a roles file that cannot be read."""
    if not sign_in_configured():
        return Visitor(access.LOCAL_ROLE if _from_this_computer() else None, local=True)
    user = st.user
    if not user.get("is_logged_in"):
        return Visitor(None)
    rules = access.load_rules()
    email = user.get("email")
    role = rules.role_for(str(email) if email else None, access.groups_of(user, rules.groups_claim))
    name = user.get("name")
    return Visitor(role, str(email) if email else None, str(name) if name else None,
                   signed_in=True)


def admit() -> Visitor | None:
    """The visitor, kept for the pages (:func:`visitor`), if they may go on; None if not
    (app.py then shows :func:`closed_page` in place of every page). Draws nothing."""
    try:
        who = identify()
    except access.AccessError:
        return None
    if who.role is None:
        return None
    st.session_state[VISITOR_KEY] = who
    return who


def closed_page() -> None:
    """What a visitor who may not go on sees, whatever page they asked for: the sign-in
    button, "no access for this account", "local mode serves this computer only", or why the
    roles file cannot be read."""
    st.title(t("app.title"), anchor=False)
    try:
        who = identify()
    except access.AccessError as e:
        st.error(e.text(lang()))
        return
    if who.local:
        st.error(t("access.local_only"), icon=":material/lock:")
    elif not who.signed_in:
        st.markdown(t("access.sign_in_intro"))
        st.button(t("access.sign_in"), on_click=st.login, type="primary", key="sign_in",
                  icon=":material/login:")
    else:
        st.error(t("access.no_role", who=who.email or who.name or "?"), icon=":material/lock:")
        st.button(t("access.sign_out"), on_click=st.logout, key="sign_out")


def visitor() -> Visitor:
    """The visitor :func:`admit` let in (a visitor with no rights if it has not run)."""
    found = st.session_state.get(VISITOR_KEY)
    return found if isinstance(found, Visitor) else Visitor(None)


def sidebar_identity(who: Visitor) -> None:
    """One line at the bottom of the sidebar: local mode, or who is signed in as what."""
    sidebar = st.sidebar
    sidebar.divider()
    if who.local:
        sidebar.caption(":material/computer: " + t("access.local_mode"))
        return
    sidebar.caption(":material/account_circle: " + t(
        "access.signed_in", who=who.email or who.name or "?", role=t(f"access.role.{who.role}")))
    sidebar.button(t("access.sign_out"), on_click=st.logout, key="sign_out",
                   icon=":material/logout:")
