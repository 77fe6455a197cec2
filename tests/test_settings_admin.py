"""Admins change settings in the app: targets, health thresholds, small-sample thresholds and
the working calendar, saved in the store with who changed what and when, read by every
analysis when it runs (pages and command line alike, no restart), each refused value with its
own message; viewers and editors neither see the page nor can save, whatever the UI shows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analytics import i18n, settings_store, store
from analytics.filters import Filters
from analytics.metrics import health_records, headline
from analytics.metrics.headline import headline_with_targets
from analytics.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-secret-123456",
        "client_id": "pulse", "client_secret": "pulse-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
ADMIN, EDITOR, VIEWER = "lead@example.com", "ed@example.com", "vi@example.com"


@pytest.fixture
def con(tmp_path):
    c = store.connect(tmp_path / "s.duckdb")
    yield c
    c.close()


def history_rows(c) -> list[tuple]:
    return c.execute("SELECT changed_by, name, old_value, new_value FROM settings_history "
                     "ORDER BY changed_at").fetchall()


# -- the store ------------------------------------------------------------------------------


def test_a_saved_value_is_read_by_the_next_call_and_its_change_recorded(con):
    assert load_settings(con).target_csat_pct == 0.9
    version = store.data_version(con)
    changed = settings_store.save(con, {"target_csat_pct": "85%", "health_hypercare_days": "60",
                                        "working_weekdays": "1, 2, 3, 4, 5, 6"},
                                  role="admin", by=ADMIN, defaults=Settings())
    assert changed == ["target_csat_pct", "health_hypercare_days", "working_weekdays"]
    s = load_settings(con)
    assert (s.target_csat_pct, s.health_hypercare_days, s.working_weekdays) == (
        0.85, 60, (1, 2, 3, 4, 5, 6))
    assert store.data_version(con) != version  # every cached figure is computed again
    assert history_rows(con) == [(ADMIN, "target_csat_pct", None, "0.85"),
                                 (ADMIN, "health_hypercare_days", None, "60"),
                                 (ADMIN, "working_weekdays", None, "[1, 2, 3, 4, 5, 6]")]
    # an empty value goes back to the default, and says so in the history
    assert settings_store.save(con, {"target_csat_pct": ""}, role="admin", by=ADMIN,
                               defaults=Settings()) == ["target_csat_pct"]
    assert load_settings(con).target_csat_pct == 0.9
    assert history_rows(con)[-1] == (ADMIN, "target_csat_pct", "0.85", None)
    shown = settings_store.history(con)
    assert list(shown.loc[0, ["name", "old_value", "new_value"]]) == ["target_csat_pct", "85%", ""]


def test_saving_the_values_in_force_again_changes_nothing(con):
    texts = settings_store.current_texts(load_settings(con))
    assert texts["target_complaint_rate"] == "5%" and texts["working_weekdays"] == "1,2,3,4,5"
    assert settings_store.save(con, texts, role="admin", by=ADMIN, defaults=Settings()) == []
    assert history_rows(con) == []


@pytest.mark.parametrize("role", ["viewer", "editor", None])
def test_only_an_admin_may_save(con, role):
    with pytest.raises(settings_store.NotAllowed) as refused:
        settings_store.save(con, {"target_csat_pct": "50%"}, role=role, by="someone",
                            defaults=Settings())
    assert history_rows(con) == [] and load_settings(con).target_csat_pct == 0.9
    if role == "editor":
        assert str(refused.value) == "Only an admin can change settings (this account is editor)."
        assert refused.value.message.text("zh") == "只有管理员可以修改设置（当前账号为编辑者）。"


def test_each_refused_value_has_its_own_message_and_nothing_is_saved(con):
    with pytest.raises(settings_store.SettingsRefused) as refused:
        settings_store.save(con, {
            "target_complaint_rate": "150%", "target_resolution_median_hours": "-1",
            "health_csat_min_n": "2.5", "red_slip_days": "abc", "working_hours": "18:00-09:00",
            "working_weekdays": "1,8", "calendar_country": "XX", "calendar_by_team": "ops",
            "sla_clock": "fast", "health_hypercare_days": "90"},
            role="admin", by=ADMIN, defaults=Settings())
    texts = {k: m.text("en") for k, m in refused.value.problems.items()}
    assert texts == {
        "target_complaint_rate": "Target: projects with a complaint (at most): '150%' is not a "
                                 "percentage from 0% to 100%.",
        "target_resolution_median_hours": "Target: median resolution time, hours (at most): '-1' "
                                          "must be more than 0 and at most 8760 hours.",
        "health_csat_min_n": "Responses a CSAT rule needs: '2.5' is not a whole number.",
        "red_slip_days": "Red: slip beyond, days: 'abc' is not a number.",
        "working_hours": "Working hours (09:00-18:00): '18:00-09:00' is not a working span such "
                         "as 09:00-18:00 that ends after it starts.",
        "working_weekdays": "Working weekdays (1 = Monday ... 7 = Sunday): '1,8' is not a list of "
                            "weekdays from 1 (Monday) to 7 (Sunday), such as 1,2,3,4,5.",
        "calendar_country": "Holidays of (country code): 'XX' is not a country code a working "
                            "calendar can be made for (CN, US, DE, SG ...).",
        "calendar_by_team": "Calendars of teams (运维=CN, Europe=DE): 'ops' is not a list of "
                            "name=country such as 运维=CN, Europe=DE.",
        "sla_clock": "SLA clock (wall or business): 'fast' is neither wall nor business.",
    }
    assert refused.value.problems["red_slip_days"].text("zh") == "红色：延误超过（天）：'abc' 不是数字。"
    assert history_rows(con) == [] and load_settings(con).health_hypercare_days == 90


def test_thresholds_that_would_make_amber_unreachable_are_refused(con):
    with pytest.raises(settings_store.SettingsRefused) as refused:
        settings_store.save(con, {"amber_csat_pct": "50%", "amber_slip_days": "45"},
                            role="admin", by=ADMIN, defaults=Settings())
    assert {k: str(m) for k, m in refused.value.problems.items()} == {
        "amber_csat_pct": "The amber CSAT threshold (50%) is below the red one (60%): amber "
                          "would never show.",
        "amber_slip_days": "The amber slip (45 days) is beyond the red one (30 days): amber "
                           "would never show."}


def test_every_analysis_reads_the_saved_settings_when_it_runs(demo_store_copy):
    c = store.connect(demo_store_copy)
    try:
        before = health_records(c, Filters())
        figures = headline(c, Filters())
        settings_store.save(c, {"health_hypercare_days": "0", "target_csat_pct": "70%"},
                            role="admin", by=ADMIN, defaults=Settings())
        # the same as passing the settings by hand: the saved values are the ones in force
        assert health_records(c, Filters()) == health_records(
            c, Filters(), settings=Settings(health_hypercare_days=0, target_csat_pct=0.7))
        assert health_records(c, Filters()) != before  # a slip after go-live stops counting
        assert headline_with_targets(c, Filters())["targets"]["csat_pct"] == 0.7
        assert headline(c, Filters()) == figures  # the figures themselves rest on no target
    finally:
        c.close()


def test_a_store_of_schema_5_gets_the_settings_tables(tmp_path):
    path = tmp_path / "old.duckdb"
    c = store.connect(path)
    c.execute("DROP TABLE settings; DROP TABLE settings_history")
    c.execute("DELETE FROM schema_migrations WHERE version = 6")
    c.execute("UPDATE schema_migrations SET version = 5")
    c.close()
    c = store.connect(path)
    try:
        assert store.schema_version(c) == store.SCHEMA_VERSION
        assert load_settings(c) == load_settings()
    finally:
        c.close()


# -- the app --------------------------------------------------------------------------------


@pytest.fixture
def roles(tmp_path: Path) -> Path:
    path = tmp_path / "roles.toml"
    path.write_text('default = "none"\n[roles]\n'
                    f'"{ADMIN}" = "admin"\n"{EDITOR}" = "editor"\n"{VIEWER}" = "viewer"\n',
                    encoding="utf-8")
    return path


def signed_in(at, email: str):
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email, "name": email.split("@")[0]}
    return at


def no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def settings_title_shown(at) -> bool:
    return any(t.value == i18n.t("nav.settings", "zh") for t in at.title)


@pytest.mark.parametrize("who", [VIEWER, EDITOR])
def test_viewers_and_editors_neither_see_nor_reach_the_settings(app_test, demo_store, roles, who):
    at = signed_in(app_test(demo_store, roles=roles), who).run()
    no_exceptions(at)
    assert not settings_title_shown(at)
    # the page is not registered for them: no menu entry, and its address leads nowhere
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/settings.py")
    assert not [w for w in at.text_input if str(w.key).startswith("setting_")]


def test_an_admin_has_the_settings_page(app_test, demo_store, roles):
    at = signed_in(app_test(demo_store, roles=roles), ADMIN).run()
    at.switch_page("pages/settings.py").run()
    no_exceptions(at)
    assert settings_title_shown(at)
    keys = {w.key for w in at.text_input}
    assert {f"setting_{e.name}" for e in settings_store.EDITABLE} <= keys
    assert at.text_input(key="setting_target_complaint_rate").value == "5%"


def cards_target_lines(at) -> list[str]:
    return [c.value for c in at.caption if "5.0%" in c.value or "80.0%" in c.value]


def test_in_local_mode_the_one_user_changes_a_target_for_the_overview_and_the_cli(
        app_test, demo_store_copy):
    at = app_test(demo_store_copy).run()
    no_exceptions(at)
    assert any("≤ 5.0%" in line for line in cards_target_lines(at))  # the complaint rate card
    health_before = at.dataframe[0].value  # the health table, cached on the data version
    at.switch_page("pages/settings.py").run()
    no_exceptions(at)
    at.text_input(key="setting_target_complaint_rate").set_value("80%")
    at.text_input(key="setting_health_hypercare_days").set_value("0")
    at.button(key="settings_save").click().run()
    no_exceptions(at)
    assert [s.value for s in at.success] == [i18n.t("settings.saved", "zh", names=", ".join(
        i18n.t(f"settings.name.{n}", "zh")
        for n in ("target_complaint_rate", "health_hypercare_days")))]
    assert at.text_input(key="setting_target_complaint_rate").value == "80%"
    history = at.dataframe[0].value
    assert list(history[i18n.t("settings.col.changed_by", "zh")]) == ["local", "local"]
    assert sorted(history[i18n.t("settings.col.new_value", "zh")]) == ["0", "80%"]

    at.switch_page("pages/overview.py").run()
    no_exceptions(at)
    lines = cards_target_lines(at)
    assert any("≤ 80.0%" in line for line in lines) and not any("≤ 5.0%" in line for line in lines)
    # the health table is computed again: with no hypercare, a live project's slip stops counting
    assert not at.dataframe[0].value.equals(health_before)

    # the command line, while this session's server holds the store, asks it
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "analytics", "metrics", "--db", str(demo_store_copy),
                        "--json"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["targets"]["complaint_rate"] == 0.8


def test_a_refused_value_is_shown_under_its_box_and_nothing_is_saved(app_test, demo_store_copy):
    at = app_test(demo_store_copy).run()
    at.switch_page("pages/settings.py").run()
    at.text_input(key="setting_health_csat_min_n").set_value("0")
    at.text_input(key="setting_target_csat_pct").set_value("95%")
    at.button(key="settings_save").click().run()
    no_exceptions(at)
    errors = [e.value for e in at.error]
    assert errors == [i18n.t("settings.refused", "zh", n=1),
                      "满意度规则所需的最少答卷数：'0' 须在 1 到 100000 之间。"]
    assert at.text_input(key="setting_health_csat_min_n").value == "0"  # kept, to be corrected
    c = store.connect(demo_store_copy)
    try:
        assert c.execute("SELECT count(*) FROM settings_history").fetchone()[0] == 0
        assert load_settings(c).target_csat_pct == 0.9  # the valid value of the save neither
    finally:
        c.close()
