"""The metric dictionary speaks both languages in every text field: name, definition,
population, date basis, aggregation and unit, in the app's definition popovers, in the
dictionary table and in the retro workbook's definitions sheet."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from analytics import i18n, report, ui
from analytics.metrics import METRICS, dictionary_frame
from analytics.metrics.dictionary import TEXT_FIELDS
from metrics_fixtures import d, make_store, ts

CJK = re.compile(r"[\u4e00-\u9fff]")
KEYS = list(METRICS)


def has_cjk(text: object) -> bool:
    return isinstance(text, str) and bool(CJK.search(text))


def english(m, field: str) -> str:
    return getattr(m, f"{field}_en", None) or getattr(m, field)


@pytest.mark.parametrize("key", KEYS)
def test_every_field_has_chinese_and_english(key):
    m = METRICS[key]
    for field in TEXT_FIELDS:
        zh = getattr(m, f"{field}_zh")
        assert zh.strip(), (key, field)
        assert has_cjk(zh), (key, field, zh)
        assert english(m, field).strip(), (key, field)
        assert not has_cjk(english(m, field)), (key, field)
        assert m.text(field, "zh") == zh
        assert m.text(field, "en") == english(m, field)


def test_text_rejects_unknown_fields():
    with pytest.raises(KeyError):
        METRICS["nps"].text("higher_is_better", "zh")


@pytest.mark.parametrize("key", KEYS)
def test_chinese_popover_lines_are_chinese(key):
    lines = ui.definition_lines(key, "zh")
    assert [label for label, _ in lines] == [i18n.t(f"ui.kpi.field.{f}", "zh")
                                            for f in TEXT_FIELDS]
    for label, text in lines:
        assert has_cjk(text), (key, label, text)


@pytest.mark.parametrize("key", KEYS)
def test_english_popover_lines_are_english(key):
    lines = ui.definition_lines(key, "en")
    assert len(lines) == len(TEXT_FIELDS)
    assert not [text for _, text in lines if has_cjk(text)]
    assert dict(lines)[i18n.t("ui.kpi.field.unit", "en")] == METRICS[key].unit


def test_dictionary_frame_in_each_language():
    for language, expect_cjk in (("zh", True), ("en", False)):
        frame = dictionary_frame(language)
        assert list(frame["key"]) == KEYS
        assert list(frame.columns) == ["key", *TEXT_FIELDS, "higher_is_better"]
        for field in TEXT_FIELDS:
            assert all(has_cjk(v) == expect_cjk for v in frame[field]), (language, field)
    # without a language, the layout every export has used so far
    assert list(dictionary_frame()["population"]) == [m.population for m in METRICS.values()]


@pytest.fixture(scope="module")
def small_store():
    project = dict(project_id="P1", project_name="Alpha", customer="Acme",
                   kickoff_date=d("2025-01-02"), planned_golive_date=d("2025-05-01"),
                   actual_golive_date=d("2025-05-10"), status="active")
    tickets = [dict(ticket_id="T1", project_id="P1", created_at=ts("2025-05-01 09:00"),
                    type="complaint", priority="P2", resolved_at=ts("2025-05-02 09:00"))]
    con = make_store([project], tickets)
    yield con
    con.close()


def _definition_rows(con, lang: str) -> dict[str, tuple]:
    wb = load_workbook(io.BytesIO(report.retro_workbook(con, "2025Q2", lang=lang)))
    ws = wb[i18n.t("report.sheet.definitions", lang)]
    header = next(r for r in range(1, 10)
                  if ws.cell(r, 1).value == i18n.t("report.col.key", lang))
    labels = [ws.cell(header, c).value for c in range(2, 2 + len(TEXT_FIELDS))]
    assert labels == [i18n.t(f"ui.kpi.field.{f}", lang) for f in TEXT_FIELDS]
    return {row[0]: row for row in ws.iter_rows(min_row=header + 1, values_only=True)
            if row[0] is not None}


def test_chinese_workbook_definitions_are_chinese(small_store):
    rows = _definition_rows(small_store, "zh")
    assert set(rows) == set(METRICS)
    for key, row in rows.items():
        texts = row[1:1 + len(TEXT_FIELDS)]
        assert all(has_cjk(t) for t in texts), (key, texts)
        assert list(texts) == [METRICS[key].text(f, "zh") for f in TEXT_FIELDS]


def test_english_workbook_definitions_are_english(small_store):
    rows = _definition_rows(small_store, "en")
    assert set(rows) == set(METRICS)
    for key, row in rows.items():
        texts = row[1:1 + len(TEXT_FIELDS)]
        assert not any(has_cjk(t) for t in texts), (key, texts)
        assert list(texts) == [METRICS[key].text(f, "en") for f in TEXT_FIELDS]
