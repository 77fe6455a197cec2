"""The app as a team uses it, under AppTest: one shared store that every session reads and
editors import into; imports that survive a reload; the command line and scheduled exports
getting in while the app holds the store; undo from the history behind a confirmation; what
each role sees; and a store failing under a page as one sentence.

Sign-in itself (Streamlit's st.login against a real OpenID provider) is driven in a browser by
tests/test_browser_sign_in.py; here ``AppTest.user`` stands for a signed-in user.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from waiting import until

from analytics import i18n, inbox, store

ROOT = Path(__file__).resolve().parent.parent
TICKETS_CSV = (
    "工单编号,创建时间,优先级,客户,更新时间\n"
    "TEAM-1,2025-01-02 10:00,高,Shared Import Co,2025-01-03 10:00\n"
    "TEAM-2,2025-01-05 09:00,P3,Shared Import Co,2025-01-05 10:00\n"
).encode()
# what st.login needs; never contacted here (AppTest.user stands for the signed-in user)
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-secret-123456",
        "client_id": "pulse", "client_secret": "pulse-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
EDITOR, VIEWER, LEAD, STRANGER = ("ed@example.com", "vi@example.com", "lead@example.com",
                                  "someone@elsewhere.org")


def no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def customers(at) -> list[str]:
    return at.sidebar.multiselect(key="f_customers").options


def data_page(at):
    at.switch_page("pages/data.py").run()
    no_exceptions(at)
    return at


def import_csv(at, name: str = "tickets.csv", data: bytes = TICKETS_CSV):
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    no_exceptions(at)
    at.button(key="import").click().run()
    no_exceptions(at)
    return at



@pytest.fixture
def roles(tmp_path: Path) -> Path:
    path = tmp_path / "roles.toml"
    path.write_text(
        'default = "none"\n'
        "[roles]\n"
        f'"{EDITOR}" = "editor"\n'
        f'"{VIEWER}" = "viewer"\n'
        '"group:delivery-leads" = "admin"\n', encoding="utf-8")
    return path


def signed_in(at, email: str | None, groups: tuple[str, ...] = ()):
    at.secrets["auth"] = AUTH
    at.user = ({"is_logged_in": True, "email": email, "name": email.split("@")[0],
                "groups": list(groups)} if email else {"is_logged_in": False})
    return at


# -- one shared store -----------------------------------------------------------------------


def test_an_import_is_seen_by_another_session_and_after_a_reload(app_test, demo_store_copy):
    first = app_test(demo_store_copy).run()
    second = app_test(demo_store_copy).run()
    assert "Shared Import Co" not in customers(second)
    import_csv(data_page(first))
    assert any("tickets.csv" in s.value for s in first.success)
    assert "Shared Import Co" in customers(first)

    second.run()  # the other session's next view
    no_exceptions(second)
    assert "Shared Import Co" in customers(second)

    reloaded = app_test(demo_store_copy).run()  # F5: a new session on the same server
    assert "Shared Import Co" in customers(reloaded)
    data_page(reloaded)
    history = reloaded.dataframe[0].value
    assert "tickets.csv" in set(history[i18n.t("datapage.col.file", "zh")])
    con = store.connect(demo_store_copy)  # and it is in the file, for the next server too
    assert con.execute("SELECT count(*) FROM tickets WHERE customer = 'Shared Import Co'"
                       ).fetchone()[0] == 2
    con.close()


def test_an_explore_upload_stays_in_its_session_and_out_of_the_store(app_test, demo_store_copy):
    con = store.connect(demo_store_copy)
    before = store.table_counts(con), len(store.batches(con))
    alice = app_test(demo_store_copy).run()
    alice.switch_page("pages/explore.py").run()
    no_exceptions(alice)
    alice.file_uploader(key="explore_uploader").set_value(
        [("alice_tickets.csv", TICKETS_CSV, "text/csv")]).run()
    no_exceptions(alice)
    assert list(alice.session_state["explore_tables"]) == ["alice_tickets"]

    assert (store.table_counts(con), len(store.batches(con))) == before  # nothing written
    bob = app_test(demo_store_copy).run()
    assert "Shared Import Co" not in customers(bob)
    bob.switch_page("pages/explore.py").run()
    no_exceptions(bob)
    tables = bob.session_state["explore_tables"] if "explore_tables" in bob.session_state else {}
    assert not tables
    con.close()


def test_the_command_line_imports_while_a_session_holds_the_store(app_test, demo_store_copy,
                                                                    tmp_path):
    at = app_test(demo_store_copy, inbox_poll_s=0.2).run()
    no_exceptions(at)
    export = tmp_path / "cli_tickets.csv"
    export.write_bytes(TICKETS_CSV)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "analytics", "import", str(export),
                        "--db", str(demo_store_copy)], capture_output=True, text=True,
                       cwd=ROOT, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "importing through its inbox" in r.stdout
    assert "cli_tickets.csv: tickets (header on row 1) — read 2, imported 2" in r.stdout
    at.run()
    no_exceptions(at)
    assert "Shared Import Co" in customers(at)


def test_a_scheduled_export_dropped_in_the_inbox_is_imported_without_a_click(app_test,
                                                                              demo_store_copy):
    at = app_test(demo_store_copy, inbox_poll_s=0.2, inbox_settle_s=0.5).run()
    folder = inbox.inbox_dir(demo_store_copy)
    staging = folder / ".nightly.csv.part"
    staging.write_bytes(TICKETS_CSV)
    staging.rename(folder / "nightly.csv")
    con = store.connect(demo_store_copy)
    until(timeout=60.0, check=lambda: "nightly.csv" in set(store.batches(con)["file_name"]))
    assert store.batches(con).iloc[0]["imported_by"] == "inbox"
    con.close()
    at.run()
    assert "Shared Import Co" in customers(at)


def test_undo_in_the_history_asks_first_then_restores_what_was_there(app_test, demo_store_copy):
    con = store.connect(demo_store_copy)
    before = {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
              for t in ("projects", "tickets", "surveys")}
    at = import_csv(data_page(app_test(demo_store_copy).run()))
    batch = int(store.batches(con).iloc[0]["batch_id"])
    assert at.selectbox(key="undo_batch").value == batch  # the newest batch is offered first
    at.button(key="undo").click().run()
    no_exceptions(at)
    # asked, not done
    assert at.button(key="undo_confirm") is not None
    assert con.execute("SELECT count(*) FROM tickets WHERE customer = 'Shared Import Co'"
                       ).fetchone()[0] == 2
    at.button(key="undo_confirm").click().run()
    no_exceptions(at)
    assert any(str(batch) in s.value for s in at.success)
    after = {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
             for t in ("projects", "tickets", "surveys")}
    assert after == before
    assert "Shared Import Co" not in customers(at)
    assert batch not in at.selectbox(key="undo_batch").options  # undone: no longer offered
    con.close()


def test_cancelling_the_undo_keeps_the_batch(app_test, demo_store_copy):
    at = import_csv(data_page(app_test(demo_store_copy).run()))
    at.button(key="undo").click().run()
    at.button(key="undo_cancel").click().run()
    no_exceptions(at)
    con = store.connect(demo_store_copy)
    assert store.batches(con).iloc[0]["undone_at"] is None or \
        store.batches(con)["undone_at"].isna().iloc[0]
    con.close()
    assert "Shared Import Co" in customers(at)


# -- who may do what ------------------------------------------------------------------------


def test_without_sign_in_the_app_says_it_is_in_local_mode(app_test, empty_store):
    at = app_test(empty_store).run()
    no_exceptions(at)
    assert any(i18n.t("access.local_mode", "zh") in c.value for c in at.sidebar.caption)
    data_page(at)
    assert len(at.file_uploader) == 1  # the one local user may import


def test_a_visitor_who_has_not_signed_in_sees_only_the_sign_in_button(app_test, demo_store,
                                                                      roles):
    at = signed_in(app_test(demo_store, roles=roles), None).run()
    no_exceptions(at)
    assert at.button(key="sign_in").label == i18n.t("access.sign_in", "zh")
    assert len(at.sidebar.multiselect) == 0  # no filters, no figures
    assert not at.metric


def test_a_viewer_sees_the_dashboards_and_history_but_cannot_import_or_undo(app_test,
                                                                           demo_store, roles):
    at = signed_in(app_test(demo_store, roles=roles), VIEWER).run()
    no_exceptions(at)
    assert len(customers(at)) >= 5
    role = i18n.t("access.role.viewer", "zh")
    assert any(VIEWER in c.value and role in c.value for c in at.sidebar.caption)
    data_page(at)
    assert len(at.file_uploader) == 0
    with pytest.raises(KeyError):
        at.button(key="import")
    with pytest.raises(KeyError):
        at.button(key="undo")
    assert any(i18n.t("datapage.viewer_note", "zh") in i.value for i in at.info)
    assert len(at.dataframe[0].value) >= 3  # the history is there to read


def test_an_editor_imports_and_undoes(app_test, demo_store_copy, roles):
    at = signed_in(app_test(demo_store_copy, roles=roles), EDITOR).run()
    import_csv(data_page(at))
    con = store.connect(demo_store_copy)
    newest = store.batches(con).iloc[0]
    assert newest["file_name"] == "tickets.csv" and newest["imported_by"] == EDITOR
    at.button(key="undo").click().run()
    at.button(key="undo_confirm").click().run()
    no_exceptions(at)
    assert store.batches(con).iloc[0]["undone_by"] == EDITOR
    con.close()


def test_a_group_can_carry_the_role(app_test, demo_store, roles):
    at = signed_in(app_test(demo_store, roles=roles), "x@example.com", ("delivery-leads",)).run()
    no_exceptions(at)
    assert any(i18n.t("access.role.admin", "zh") in c.value for c in at.sidebar.caption)


def test_an_account_without_a_role_is_turned_away(app_test, demo_store, roles):
    at = signed_in(app_test(demo_store, roles=roles), STRANGER).run()
    no_exceptions(at)
    assert len(at.error) == 1 and STRANGER in at.error[0].value
    assert at.button(key="sign_out") is not None
    assert len(at.sidebar.multiselect) == 0


def test_a_broken_roles_file_is_one_sentence(app_test, demo_store, tmp_path):
    broken = tmp_path / "roles.toml"
    broken.write_text('[roles]\n"a@example.com" = "superuser"\n', encoding="utf-8")
    at = signed_in(app_test(demo_store, roles=broken), "a@example.com").run()
    no_exceptions(at)
    assert [e.value for e in at.error] == [i18n.t(
        "access.error.role", "zh", name="roles.toml", entry="a@example.com", role="superuser",
        roles="viewer, editor, admin")]


# -- the store failing under a page --------------------------------------------------------


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/satisfaction.py",
                                  "pages/retro.py"])
def test_a_store_failing_while_a_page_runs_is_one_sentence(app_test, demo_store_copy, page):
    """The store goes bad under the server (here: the column the page reads is gone, a real
    DuckDB error): the page shows one sentence naming the store file, and no traceback."""
    con = store.connect(demo_store_copy)
    con.execute("ALTER TABLE surveys DROP COLUMN score")
    con.close()
    at = app_test(demo_store_copy)
    at.switch_page(page).run()
    no_exceptions(at)
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    assert errors[0].startswith("无法使用数据库 demo_copy.duckdb（") and "score" in errors[0]
    assert str(demo_store_copy.parent) not in errors[0]
    assert len(at.sidebar.multiselect) == 5  # the rest of the app still stands


def test_a_store_held_by_another_program_is_one_sentence(app_test, tmp_path):
    db = tmp_path / "held.duckdb"
    store.connect(db).close()
    holder = subprocess.Popen([sys.executable, "-c",
                               "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(120)", str(db)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        at = app_test(db).run()
        no_exceptions(at)
        assert [e.value for e in at.error] == [i18n.t(
            "store.error.locked", "zh", name="held.duckdb", pid=holder.pid)]
    finally:
        holder.kill()
        holder.wait()
