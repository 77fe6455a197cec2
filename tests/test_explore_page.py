"""The Explore page under AppTest: uploads stay in their own browser session; refusals are friendly."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGE = Path(__file__).resolve().parents[1] / "pages" / "explore.py"
CSV = "客户,金额,日期\n华为,10,2025-01-05\n中兴,=1+1,2025-02-03\n".encode()


@pytest.fixture(autouse=True)
def strict_i18n(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE_STRICT_I18N", "1")


def new_session(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    return at


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="explore_uploader").set_value([(n, d, "application/octet-stream") for n, d in files])
    at.run()
    assert not at.exception, at.exception
    return at


def test_empty_page_invites_an_upload() -> None:
    at = new_session()
    assert [i.value for i in at.info] == ["Upload a file to start exploring."]
    zh = new_session("zh")
    assert zh.info[0].value == "上传一个文件即可开始探索。"


def test_uploads_are_invisible_to_another_session() -> None:
    alice = upload(new_session(), ("alice_sales.csv", CSV))
    assert list(alice.session_state["explore_tables"]) == ["alice_sales"]
    assert any("alice_sales.csv" in c.value for c in alice.caption)

    bob = new_session()
    assert "explore_tables" not in bob.session_state or not bob.session_state["explore_tables"]
    assert [i.value for i in bob.info] == ["Upload a file to start exploring."]
    assert not any("alice" in str(c.value) for c in bob.caption)
    # Bob's own upload does not show Alice's table either
    upload(bob, ("bob.csv", b"x\n1\n"))
    assert list(bob.session_state["explore_tables"]) == ["bob"]
    assert list(alice.session_state["explore_tables"]) == ["alice_sales"]
    # and Bob's SQL cannot reach it
    bob.text_area(key="explore_sql").set_value("SELECT * FROM alice_sales")
    bob.button[0].click()
    bob.run()
    assert any("alice_sales" in e.value for e in bob.error)


def test_refused_upload_shows_a_message_not_a_traceback() -> None:
    at = upload(new_session(), ("report.xlsx", b"just text, not a workbook\n"))
    assert not at.exception
    assert [e.value for e in at.error] == [
        "report.xlsx is a text file with an Excel name. Rename it to .csv (or save it from Excel "
        "as .xlsx) and upload it again."
    ]


def test_profile_chart_pivot_and_sql() -> None:
    at = upload(new_session(), ("sales.csv", CSV))
    assert len(at.get("plotly_chart")) == 1
    at.selectbox(key="explore_kind").set_value("line")
    at.selectbox(key="explore_x").set_value("日期")
    at.run()
    assert not at.exception and not at.error
    at.multiselect(key="explore_pivot_rows").set_value(["客户"])
    at.run()
    assert not at.exception
    at.text_area(key="explore_sql").set_value("SELECT 客户, 金额 FROM sales ORDER BY 客户")
    at.button[0].click()
    at.run()
    assert not at.exception and not at.error
    result = at.session_state["explore_sql_result"]
    assert result["金额"].tolist() == ["=1+1", "10"]
    assert len(at.get("download_button")) >= 2


@pytest.mark.parametrize(
    "sql",
    ["COPY sales TO '/tmp/x.csv'", "SELECT * FROM read_csv('/etc/passwd')", "SELECT 1; SELECT 2", "INSTALL httpfs"],
)
def test_refused_sql_shows_a_message(sql: str) -> None:
    at = upload(new_session("zh"), ("sales.csv", CSV))
    at.text_area(key="explore_sql").set_value(sql)
    at.button[0].click()
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and "Traceback" not in at.error[0].value
    assert "explore_sql_result" not in at.session_state


def test_portfolio_tables_in_the_sql_box(tmp_path: Path, monkeypatch) -> None:
    """With a store, the SQL box also reads its tables (as read-only copies)."""
    from analytics import store
    from analytics.ui import stores

    path = tmp_path / "session.duckdb"
    con = store.connect(path)
    con.execute("INSERT INTO projects (project_id, customer) VALUES ('P1', '华为')")
    con.close()
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.session_state["lang"] = "en"
    monkeypatch.setenv("PULSE_DB", str(path))
    at.run()
    assert not at.exception  # no uploads: the other tabs invite one, the SQL box works
    at.text_area(key="explore_sql").set_value("SELECT customer FROM projects")
    at.button[0].click()
    at.run()
    assert not at.exception and not at.error
    assert at.session_state["explore_sql_result"]["customer"].tolist() == ["华为"]
    at.text_area(key="explore_sql").set_value("DELETE FROM projects")
    at.button[0].click()
    at.run()
    assert len(at.error) == 1
    con = store.connect(path)  # the page's cached connection holds the file: same configuration
    assert con.execute("SELECT count(*) FROM projects").fetchall() == [(1,)]
    con.close()
    stores.release_all()
