"""The Cycle times page's flow section and its wall-clock / business-hours switch, under
AppTest, on a store holding the event log of test_status_history."""

from __future__ import annotations

from analytics import ingest, store
from ingest_fixtures import write_csv
from test_status_history import EVENT_LOG_HEADERS, EVENTS


def event_log_store(tmp_path):
    db = tmp_path / "flow.duckdb"
    con = store.connect(db)
    ingest.import_file(con, write_csv(tmp_path / "incident_event_log.csv", [EVENT_LOG_HEADERS, *EVENTS]))
    con.close()
    return db


def test_flow_section_and_clock_switch(app_test, tmp_path):
    at = app_test(event_log_store(tmp_path)).run()
    at.switch_page("pages/cycle_times.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Flow" in [h.value for h in at.header] or "流动" in [h.value for h in at.header]
    tables = [df for df in (d.value for d in at.dataframe) if "Awaiting User Info" in df.to_string()]
    assert tables, "the time-in-status table lists the pause status"
    captions = " ".join(c.value for c in at.caption)
    assert "Group" not in captions  # teams are named in the figures, not in the caption
    assert ("ping-pong" in captions) or ("来回转派" in captions)
    at.button_group(key="ct_clock").set_value("business").run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(c.value for c in at.caption)
    assert ("09:00-18:00" in captions) and ("Awaiting User Info" in captions)
    assert at.session_state["ct_clock"] == "business"
