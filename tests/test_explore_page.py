"""The Explore page under AppTest: uploads stay in their own browser session; refusals are friendly."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

PAGE = Path(__file__).resolve().parents[1] / "pages" / "explore.py"
CSV = "客户,金额,日期\n华为,10,2025-01-05\n中兴,=1+1,2025-02-03\n".encode()


@pytest.fixture(autouse=True)
def strict_i18n(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE_STRICT_I18N", "1")


@pytest.fixture(autouse=True)
def own_store(demo_store_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test's page reads a private copy of the demo store, never the checkout's own
    data/pulse.duckdb (which an app running in the checkout holds)."""
    from analytics.ui import stores

    monkeypatch.setenv("PULSE_DB", str(demo_store_copy))
    monkeypatch.setenv("PULSE_AUTO_DEMO", "0")
    yield
    stores.release_all()


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


SURVEY = ("编号,渠道,评分,提交时间\n"
          "1,电话┋邮件,5,2025-01-05\n2,邮件,4,2025-01-20\n3,,2,2025-02-03\n4,微信┋电话┋邮件,5,2025-03-01\n").encode()


def test_a_multi_select_column_is_offered_for_splitting_and_split() -> None:
    at = upload(new_session(), ("survey.csv", SURVEY))
    assert any("渠道 holds several answers per cell, joined with “┋” (2 of 3 cells)" in c.value
               for c in at.caption)
    profile = at.dataframe[0].value.set_index("column")
    assert profile.loc["渠道", "joined"] == "┋" and profile.loc["评分", "joined"] == ""
    at.button(key="explore_split_渠道").click()
    at.run()
    assert not at.exception
    split = at.session_state["explore_tables"]["survey__渠道"]
    assert len(split) == 7  # 2 + 1 + 1 (no answer, kept) + 3
    assert at.session_state["explore_table"] == "survey__渠道"
    assert [s.value for s in at.success] == [
        "Table survey__渠道: 7 rows, one per answer of 渠道 (from 4 rows)."]
    # the chart of the split table counts answers: 邮件 3, 电话 2, 微信 1 (and one empty)
    at.selectbox(key="explore_kind").set_value("bar")
    at.selectbox(key="explore_x").set_value("渠道")
    at.run()
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    counts = np.frombuffer(base64.b64decode(bars["y"]["bdata"]), dtype=bars["y"]["dtype"])
    assert dict(zip(bars["x"], counts.tolist(), strict=True)) == {"微信": 1, "电话": 2, "邮件": 3, None: 1}
    assert not at.error


def test_the_first_chart_is_a_time_series_of_a_date_column() -> None:
    at = upload(new_session(), ("survey.csv", SURVEY))
    assert at.session_state["explore_kind"] == "line" and at.session_state["explore_x"] == "提交时间"
    # 5 Jan to 1 Mar is 55 days: a daily series
    assert at.session_state["explore_agg"] == "count" and at.session_state["explore_grain"] == "day"
    # a table without dates starts from its first category
    at = upload(new_session(), ("teams.csv", "工单,团队\nT1,运维\nT2,实施\nT3,运维\n".encode()))
    assert (at.session_state["explore_kind"], at.session_state["explore_x"]) == ("bar", "团队")


def test_the_sql_box_lists_columns_and_charts_its_result() -> None:
    at = upload(new_session(), ("survey.csv", SURVEY))
    catalog = [m.value for m in at.markdown if m.value.startswith("**survey**")]
    assert catalog == ["**survey**: `编号` (integer), `渠道` (text), `评分` (integer), `提交时间` (date/time)"]
    at.text_area(key="explore_sql").set_value("SELECT 评分, count(*) AS n FROM survey GROUP BY 评分")
    next(b for b in at.button if b.label == "Run query").click()
    at.run()
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 2  # the chart tab's and the result's
    assert at.session_state["explore_sql_chart_x"] == "评分"


def test_empty_cells_show_a_dash_not_none() -> None:
    at = upload(new_session(), ("survey.csv", SURVEY))
    assert at.dataframe, "the profile and preview tables"
    assert all(d.proto.placeholder == "—" for d in at.dataframe)


def test_the_uploader_speaks_chinese_with_the_real_cap() -> None:
    """st.file_uploader writes "Upload" and "200MB per file" in English with no parameter to
    change them; in Chinese a style scoped to the uploader shows ours, with the product's cap."""
    from analytics.settings import SETTINGS

    zh = new_session("zh")
    styles = [h.proto.body for h in zh.get("html")]
    assert any(".st-key-explore_uploader" in s and "上传文件" in s
               and f"每个文件最大 {SETTINGS.upload_cap_mb} MB" in s for s in styles), styles
    assert zh.get("file_uploader")[0].proto.max_upload_size_mb == SETTINGS.upload_cap_mb
    en = new_session("en")
    assert not any("st-key-explore_uploader" in h.proto.body for h in en.get("html"))
