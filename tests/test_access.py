"""Roles: who gets which role from the roles file, what each role allows, and local mode's
address (the app's side of sign-in is in tests/test_app_team.py and the browser tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import access


def _rules(tmp_path: Path, text: str) -> access.RoleRules:
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    return access.load_rules(path)


def test_each_role_allows_what_the_one_below_does_and_more():
    table = {role: [a for a in access.ACTIONS if access.allows(role, a)] for role in access.ROLES}
    assert table == {"viewer": ["view"], "editor": ["view", "import", "undo"],
                     "admin": ["view", "import", "undo", "settings"]}
    assert not any(access.allows(None, a) for a in access.ACTIONS)
    assert not access.allows("owner", "view")


def test_the_highest_matching_role_wins(tmp_path):
    rules = _rules(tmp_path, 'default = "none"\n[roles]\n"Lead@Example.com" = "admin"\n'
                             '"@example.com" = "viewer"\n"group:PMs" = "editor"\n')
    assert rules.role_for("lead@example.com") == "admin"          # address, any case
    assert rules.role_for("ann@example.com") == "viewer"          # the domain
    assert rules.role_for("ann@example.com", ["pms"]) == "editor"  # a group lifts her
    assert rules.role_for("x@elsewhere.org", ["PMs"]) == "editor"
    assert rules.role_for("x@elsewhere.org") is None               # default none: no access
    assert rules.role_for(None) is None


def test_without_a_roles_file_everyone_signed_in_is_a_viewer(tmp_path):
    rules = access.load_rules(tmp_path / "absent.toml")
    assert rules.role_for("anyone@anywhere.org") == "viewer"


@pytest.mark.parametrize("text,expected", [
    ('default = "boss"\n', "gives default the role boss"),
    ('[roles]\n"a@b.c" = "root"\n', "gives a@b.c the role root"),
    ("[roles\n", "cannot be read"),
])
def test_a_roles_file_that_cannot_be_used_is_one_sentence(tmp_path, text, expected):
    with pytest.raises(access.AccessError) as refused:
        _rules(tmp_path, text)
    message = str(refused.value)
    assert expected in message and "roles.toml" in message and "\n" not in message
    assert str(tmp_path) not in message


def test_groups_come_from_the_configured_claim():
    user = {"email": "a@b.c", "groups": ["x", "y"], "roles": "admins"}
    assert access.groups_of(user, "groups") == ["x", "y"]
    assert access.groups_of(user, "roles") == ["admins"]
    assert access.groups_of(user, "missing") == []


def test_the_server_listens_on_every_interface_only_with_sign_in(tmp_path):
    secrets = tmp_path / "secrets.toml"
    assert access.listen_address(secrets) == "127.0.0.1"  # no file: local mode
    secrets.write_text('[connections.other]\nurl = "x"\n', encoding="utf-8")
    assert access.listen_address(secrets) == "127.0.0.1"
    secrets.write_text('[auth]\nredirect_uri = "https://p.example.com/oauth2callback"\n',
                       encoding="utf-8")
    assert access.listen_address(secrets) == "0.0.0.0"
