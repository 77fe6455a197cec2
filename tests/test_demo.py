"""The demo portfolio: deterministic, internally consistent, canonical, and telling its stories.

The shipped files in data/ are checked against a fresh write_demo() so they cannot drift from
the generator; regenerate them with ``python -m analytics demo --out data``.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from analytics import demo
from analytics.schema import (BOOLEAN_WORDS, TABLES, VOCABULARIES, alias_index, normalise_header,
                              normalise_value, vocabulary_lookup)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FILES = ("demo_portfolio.xlsx", "projects.csv", "tickets.csv", "surveys.csv")
AS_OF = pd.Timestamp(demo.DEFAULT_AS_OF)
STORY = demo.story_dates(demo.DEFAULT_AS_OF)
SPIKE = pd.Period("2025Q2", freq="Q")
# vocabulary each categorical column must stay inside
VOCAB_COLUMNS = {
    "projects": {"delivery_mode": "delivery_mode", "phase": "phase", "status": "project_status"},
    "tickets": {"type": "ticket_type", "priority": "priority", "status": "ticket_status",
                "team": "team"},
    "surveys": {"touchpoint": "touchpoint", "team": "team"},
}


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return demo.generate()


@pytest.fixture(scope="module")
def tickets(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Tickets with their project's owner and delivery mode, as the stories need them."""
    cols = ["project_id", "presales_owner", "delivery_mode"]
    return frames["tickets"].merge(frames["projects"][cols], on="project_id", how="left")


@pytest.fixture(scope="module")
def surveys(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    cols = ["project_id", "presales_owner", "delivery_mode"]
    return frames["surveys"].merge(frames["projects"][cols], on="project_id", how="left")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two directories, each written by its own write_demo() run."""
    first = demo.write_demo(tmp_path_factory.mktemp("demo_a"))
    second = demo.write_demo(tmp_path_factory.mktemp("demo_b"))
    assert [p.name for p in first] == [p.name for p in second] == list(FILES)
    return [first[0].parent, second[0].parent]


@pytest.fixture(scope="module")
def sheets(written: list[Path]) -> dict[str, list[list[object]]]:
    wb = CalamineWorkbook.from_path(str(written[0] / FILES[0]))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


# ---- generate() ---------------------------------------------------------------------------

def test_generate_is_deterministic(frames: dict[str, pd.DataFrame]) -> None:
    again = demo.generate()
    for name in TABLES:
        pd.testing.assert_frame_equal(frames[name], again[name])
    other = demo.generate(seed=7)
    assert not frames["tickets"]["created_at"].equals(other["tickets"]["created_at"])


def test_columns_are_canonical(frames: dict[str, pd.DataFrame]) -> None:
    assert set(frames) == set(TABLES)
    for name, table in TABLES.items():
        assert list(frames[name].columns) == table.column_names


@pytest.mark.parametrize("sizes", [dict(), dict(n_projects=12, n_tickets=500, n_surveys=80),
                                   dict(n_projects=200, n_tickets=20_000, n_surveys=3_000)])
def test_counts_are_as_requested(sizes: dict[str, int]) -> None:
    got = demo.generate(**sizes)
    assert len(got["projects"]) == sizes.get("n_projects", 60)
    assert len(got["tickets"]) == sizes.get("n_tickets", 6000)
    assert len(got["surveys"]) == sizes.get("n_surveys", 1500)
    for name, table in TABLES.items():
        assert got[name][table.key].is_unique
        assert got[name][table.key].notna().all()


def test_ids_and_scale(frames: dict[str, pd.DataFrame]) -> None:
    assert frames["surveys"]["response_id"].str.fullmatch(r"S\d{6}").all()
    assert frames["tickets"]["ticket_id"].str.fullmatch(r"TK\d{6}").all()
    assert (frames["surveys"]["scale"] == "1-5").all()
    assert frames["tickets"]["project_id"].isin(frames["projects"]["project_id"]).all()
    assert frames["surveys"]["project_id"].isin(frames["projects"]["project_id"]).all()


def _check_consistent(got: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> None:
    p, t, s = got["projects"], got["tickets"], got["surveys"]
    # projects: milestones in order, nothing that happened lies after as_of
    for earlier, later in [("signed_date", "kickoff_date"), ("kickoff_date", "actual_golive_date"),
                           ("actual_golive_date", "accepted_date"), ("kickoff_date", "closed_date"),
                           ("accepted_date", "closed_date")]:
        both = p[earlier].notna() & p[later].notna()
        assert (p.loc[both, earlier] <= p.loc[both, later]).all(), (earlier, later)
    for col in ["signed_date", "kickoff_date", "actual_golive_date", "accepted_date", "closed_date"]:
        assert (p[col].dropna() <= as_of).all(), col
    # tickets
    assert t["created_at"].notna().all()
    fr, res, clo = t["first_response_at"], t["resolved_at"], t["closed_at"]
    assert (fr.dropna() >= t.loc[fr.notna(), "created_at"]).all()
    assert (res.dropna() >= t.loc[res.notna(), "created_at"]).all()
    assert (res[res.notna() & fr.notna()] >= fr[res.notna() & fr.notna()]).all()
    assert (clo[clo.notna()] >= res[clo.notna()]).all()
    assert res[clo.notna()].notna().all()
    for col in ["created_at", "first_response_at", "resolved_at", "closed_at", "updated_at"]:
        assert (t[col].dropna() <= as_of).all(), col
    kickoff = t["project_id"].map(p.set_index("project_id")["kickoff_date"])
    assert (t["created_at"] >= kickoff).all()
    ends = t["project_id"].map(p.set_index("project_id")["closed_date"])
    assert (t.loc[ends.notna(), "created_at"] <= ends[ends.notna()] + pd.Timedelta(days=1)).all()
    status = t["status"]
    assert res[status.isin(["open", "in_progress", "pending"])].isna().all()
    assert fr[status == "open"].isna().all()
    assert (res[status == "resolved"].notna() & clo[status == "resolved"].isna()).all()
    assert clo[status == "closed"].notna().all()
    assert (t["is_complaint"] == (t["type"] == "complaint")).all()
    assert (t["reopened_count"] >= 0).all()
    # surveys
    assert s["submitted_at"].notna().all() and (s["submitted_at"] <= as_of).all()
    first = s["project_id"].map(p.set_index("project_id")["kickoff_date"])
    assert (s["submitted_at"] >= first).all()


def test_timestamps_are_consistent(frames: dict[str, pd.DataFrame]) -> None:
    _check_consistent(frames, AS_OF)


@pytest.mark.parametrize("seed,as_of", [(1, date(2024, 6, 30)), (99, date(2027, 2, 1))])
def test_consistent_for_other_seeds_and_dates(seed: int, as_of: date) -> None:
    got = demo.generate(seed, n_projects=40, n_tickets=3000, n_surveys=600, as_of=as_of)
    _check_consistent(got, pd.Timestamp(as_of))
    assert got["tickets"]["created_at"].max() > pd.Timestamp(as_of) - pd.Timedelta(days=7)


def test_values_are_canonical(frames: dict[str, pd.DataFrame]) -> None:
    for table, columns in VOCAB_COLUMNS.items():
        for col, vocab in columns.items():
            values = set(frames[table][col].dropna())
            assert values <= set(VOCABULARIES[vocab]), (table, col, values - set(VOCABULARIES[vocab]))
    t, s, p = frames["tickets"], frames["surveys"], frames["projects"]
    assert set(t["type"]) == set(demo.TICKET_TYPES)
    assert set(t["priority"]) == {"P1", "P2", "P3", "P4"}
    assert set(t["team"]) == {"presales", "implementation", "operations"}
    assert set(s["touchpoint"]) == {"golive", "acceptance", "quarterly", "ticket"}
    assert set(t["category"]) <= set(demo.CATEGORIES)
    assert set(p["industry"]) == set(demo.INDUSTRIES)
    assert set(p["region"]) <= set(demo.REGIONS)
    assert s["score"].between(1, 5).all() and (s["score"] % 1 == 0).all()
    nps = s["nps"].dropna()
    assert nps.between(0, 10).all() and 0.5 < len(nps) / len(s) < 0.7
    assert 0.2 < s["comment"].isna().mean() < 0.5
    assert 1 <= (p["status"] == "cancelled").sum() <= 2
    assert 1 <= (p["status"] == "on_hold").sum() <= 2
    # renewed only for contracts whose first year of operations has ended
    up = p["accepted_date"] + pd.Timedelta(days=365) <= AS_OF
    assert p.loc[~up, "renewed"].isna().all() and p.loc[up, "renewed"].notna().all()
    assert (p.loc[p["status"] == "closed", "closed_date"]).notna().all()
    # some tickets are still open at as_of, mostly recent ones
    open_ = t[t["resolved_at"].isna()]
    assert len(open_) >= 10
    assert (AS_OF - open_["created_at"]).median() < pd.Timedelta(days=30)


# ---- the stories ----------------------------------------------------------------------------

def _complaint_rate(p: pd.DataFrame, t: pd.DataFrame, q: pd.Period) -> float:
    """Design definition: active projects with >= 1 complaint created in the quarter / active."""
    start, end = q.start_time, q.end_time
    active = p[(p["kickoff_date"].fillna(p["signed_date"]) <= end)
               & (p["closed_date"].isna() | (p["closed_date"] >= start))
               & (p["status"] != "cancelled")]
    created = t["created_at"]
    complaints = t[t["is_complaint"] & (created >= start) & (created <= end)]
    return float(active["project_id"].isin(complaints["project_id"]).mean())


def test_story_dates() -> None:
    assert STORY == demo.StoryDates(date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1))


def test_story_overpromised_cluster(frames: dict[str, pd.DataFrame], tickets: pd.DataFrame,
                                    surveys: pd.DataFrame) -> None:
    p = frames["projects"]
    cluster = p[p["presales_owner"] == demo.OVERPROMISE_OWNER]
    assert 6 <= len(cluster) <= 8
    c = tickets[tickets["is_complaint"] & (tickets["presales_owner"] == demo.OVERPROMISE_OWNER)]
    per_q = c["created_at"].dt.to_period("Q").value_counts()
    assert per_q.get(SPIKE, 0) >= 20
    assert per_q.get(SPIKE, 0) >= 2 * per_q.get(SPIKE - 1, 0)
    in_spike = c[c["created_at"].dt.to_period("Q") == SPIKE]
    assert (in_spike["category"] == demo.SCOPE_CATEGORY).mean() > 0.6
    s = surveys[(surveys["presales_owner"] == demo.OVERPROMISE_OWNER)
                & (surveys["submitted_at"].dt.to_period("Q") == SPIKE)]
    assert len(s) >= 10 and (s["score"] >= 4).mean() < 0.3
    # and the whole portfolio feels it: complaint rate up, complaints per 100 tickets doubled
    t = frames["tickets"]
    earlier = pd.period_range("2024Q2", "2025Q1", freq="Q")
    assert _complaint_rate(p, t, SPIKE) > np.mean([_complaint_rate(p, t, q) for q in earlier])
    per_100 = t.groupby(t["created_at"].dt.to_period("Q"))["is_complaint"].mean() * 100
    assert per_100[SPIKE] > 2 * per_100[earlier].mean()


def test_story_improvement_after_reviews(frames: dict[str, pd.DataFrame]) -> None:
    p, t, s = frames["projects"], frames["tickets"], frames["surveys"]
    spike_rate = _complaint_rate(p, t, SPIKE)
    before = [_complaint_rate(p, t, q) for q in pd.period_range("2024Q2", "2025Q3", freq="Q")]
    after = [_complaint_rate(p, t, q) for q in pd.period_range("2025Q4", "2026Q3", freq="Q")]
    assert max(after) < spike_rate
    assert np.mean(after) < 0.5 * np.mean(before)

    review = pd.Timestamp(STORY.review_start)
    pre = t[(t["created_at"] >= review - pd.DateOffset(months=18)) & (t["created_at"] < review)]
    post = t[t["created_at"] >= review]
    assert post["is_complaint"].mean() < 0.5 * pre["is_complaint"].mean()

    def hours(frame: pd.DataFrame, col: str) -> pd.Series:
        return (frame[col] - frame["created_at"]).dt.total_seconds().dropna() / 3600

    assert hours(post, "resolved_at").median() < 0.7 * hours(pre, "resolved_at").median()
    assert hours(post, "first_response_at").median() < hours(pre, "first_response_at").median()
    csat_pre = (s.loc[s["submitted_at"] < review, "score"] >= 4).mean()
    csat_post = (s.loc[s["submitted_at"] >= review, "score"] >= 4).mean()
    assert csat_pre < 0.7 and csat_post > 0.8


def test_story_practices_start_with_the_reviews(frames: dict[str, pd.DataFrame]) -> None:
    """Joint reviews and handover checklists are the practice that began at review_start:
    none before it, each dated where it can have happened, and most projects due since have
    one."""
    p = frames["projects"]
    review, asof = pd.Timestamp(STORY.review_start), AS_OF
    held, handed = p[p["joint_review"]], p[p["handover_done"]]
    assert p["joint_review_date"].notna().eq(p["joint_review"]).all()
    assert p["handover_date"].notna().eq(p["handover_done"]).all()
    assert (held["planned_golive_date"] >= review).all()  # due after the practice began
    assert (held["joint_review_date"] <= asof).all()
    live = held[held["actual_golive_date"].notna()]
    assert (live["joint_review_date"] < live["actual_golive_date"]).all()  # before going live
    assert (handed["kickoff_date"] >= review).all()
    lag = (handed["handover_date"] - handed["kickoff_date"]).dt.days
    assert lag.between(0, 10).all()
    due_since = p[(p["planned_golive_date"] >= review) & p["signed_date"].notna()
                  & (p["status"] != "cancelled")]
    assert due_since["joint_review"].mean() > 0.7
    kicked_off_since = p[p["kickoff_date"] >= review]
    assert kicked_off_since["handover_done"].mean() > 0.6


def test_story_slipping_golives(frames: dict[str, pd.DataFrame]) -> None:
    p = frames["projects"]
    slip = (p["actual_golive_date"] - p["planned_golive_date"]).dt.days
    assert (slip > 30).sum() >= 5
    overdue = p["actual_golive_date"].isna() & (p["planned_golive_date"] < AS_OF) & p["status"].eq("active")
    assert overdue.sum() >= 1


def test_story_onsite_vs_remote(frames: dict[str, pd.DataFrame], tickets: pd.DataFrame,
                                surveys: pd.DataFrame) -> None:
    fr = (tickets["first_response_at"] - tickets["created_at"]).dt.total_seconds() / 3600
    by_mode = fr.groupby(tickets["delivery_mode"]).median()
    assert by_mode["onsite"] < 0.6 * by_mode["remote"]
    csat = (surveys["score"] >= 4).groupby(surveys["delivery_mode"]).mean()
    assert csat["onsite"] > csat["remote"] + 0.1
    p = frames["projects"]
    live = p[p["actual_golive_date"].notna()]
    ratio = (live["actual_cost"] / live["contract_value"]).groupby(live["delivery_mode"]).median()
    assert ratio["remote"] < ratio["onsite"]


# ---- write_demo() ---------------------------------------------------------------------------

def test_write_demo_is_byte_identical(written: list[Path]) -> None:
    a, b = written
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_shipped_files_match_the_generator(written: list[Path]) -> None:
    fresh = written[0]
    for name in FILES[1:]:
        assert (DATA_DIR / name).read_bytes() == (fresh / name).read_bytes(), (
            f"data/{name} differs from write_demo(); run python -m analytics demo --out data")
    # the workbook is compared entry by entry, so a different zlib build cannot fail it
    assert _members(DATA_DIR / FILES[0]) == _members(fresh / FILES[0])


def _read_csv(path: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(path, encoding=demo.CSV_ENCODINGS[table], dtype=str, keep_default_na=False)


def test_every_header_maps_to_its_column(written: list[Path],
                                         sheets: dict[str, list[list[object]]]) -> None:
    assert list(sheets) == ["projects", "tickets", "surveys"]
    for table in TABLES:
        index = alias_index(TABLES[table])
        expected = list(demo.HEADERS[table])
        for headers in (sheets[table][0], list(_read_csv(written[0] / f"{table}.csv", table).columns)):
            mapped = [index[normalise_header(h)][0] for h in headers]
            assert mapped == expected, (table, headers)
    # the tickets and surveys headers are Chinese, the projects headers English
    assert all(not h.isascii() for h in sheets["tickets"][0] + sheets["surveys"][0])
    assert all(h.isascii() for h in sheets["projects"][0])


def test_file_values_map_back(written: list[Path], frames: dict[str, pd.DataFrame]) -> None:
    booleans = {normalise_value(w): v for v, words in BOOLEAN_WORDS.items() for w in words}
    for table in TABLES:
        read = _read_csv(written[0] / f"{table}.csv", table)
        headers = {col: h for col, h in demo.HEADERS[table].items()}
        for col, vocab in VOCAB_COLUMNS[table].items():
            lookup = vocabulary_lookup(vocab)
            mapped = read[headers[col]].map(lambda v, lookup=lookup: lookup[normalise_value(v)])
            assert mapped.tolist() == frames[table][col].tolist(), (table, col)
        key = TABLES[table].key
        assert read[headers[key]].tolist() == frames[table][key].tolist()
    tickets = _read_csv(written[0] / "tickets.csv", "tickets")
    flags = tickets[demo.HEADERS["tickets"]["is_complaint"]].map(lambda v: booleans[normalise_value(v)])
    assert flags.tolist() == frames["tickets"]["is_complaint"].tolist()
    projects = _read_csv(written[0] / "projects.csv", "projects")
    renewed = projects["Renewed"].map(lambda v: booleans.get(normalise_value(v)) if v else None)
    assert renewed.tolist() == [None if pd.isna(v) else bool(v) for v in frames["projects"]["renewed"]]
    # the Chinese sheet really uses Chinese words
    assert set(tickets[demo.HEADERS["tickets"]["priority"]]) == {"紧急", "高", "中", "低"}


def test_csv_encodings(written: list[Path]) -> None:
    raw = {t: (written[0] / f"{t}.csv").read_bytes() for t in TABLES}
    assert raw["tickets"].startswith(b"\xef\xbb\xbf")
    assert not raw["projects"].startswith(b"\xef\xbb\xbf")
    raw["projects"].decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        raw["surveys"].decode("utf-8")
    assert raw["surveys"].decode("gb18030").startswith("问卷编号,")


def test_workbook_layout(written: list[Path], sheets: dict[str, list[list[object]]]) -> None:
    path = written[0] / FILES[0]
    projects, tickets, surveys = sheets["projects"], sheets["tickets"], sheets["surveys"]
    assert len(projects) == 61 and len(tickets) == 6001 and len(surveys) == 1501
    row = dict(zip(projects[0], projects[1]))
    assert type(row["Signed date"]) is date and isinstance(row["Contract value"], float)
    trow = dict(zip(tickets[0], tickets[1]))
    assert isinstance(trow["创建时间"], datetime)
    assert isinstance(dict(zip(surveys[0], surveys[1]))["提交时间"], datetime)
    members = _members(path)
    for i in (1, 2, 3):
        sheet = members[f"xl/worksheets/sheet{i}.xml"].decode()
        assert 'topLeftCell="A2"' in sheet and 'state="frozen"' in sheet
        assert "<cols>" in sheet and "autoFilter" in sheet
    assert b'<b val="1"' in members["xl/styles.xml"]
    assert b"2026-11-15T00:00:00Z" in members["docProps/core.xml"]
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 15, 0, 0, 0)}
