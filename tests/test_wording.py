"""Wording: words agree with their counts in English (Chinese has no plural), and an unchanged
figure reads "±0.0 pp", grey and without an arrow, on its card."""

from __future__ import annotations

import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

from analytics.i18n import plural_forms, t


@pytest.mark.parametrize("key,params,en,zh", [
    ("health.reason.red_slip", {"days": 1, "limit": 30}, "schedule slip 1 day (> 30 days)", "进度延期 1 天（超过 30 天）"),
    ("health.reason.red_slip", {"days": 45, "limit": 1}, "schedule slip 45 days (> 1 day)", None),
    ("health.reason.amber_recent_complaint", {"count": 1, "days": 30},
     "1 complaint in the last 30 days", None),
    ("health.reason.red_open_p1", {"count": 2, "days": 1.0}, "2 open P1 tickets older than 1 day", None),
    ("impact.caveat.not_recorded", {"n": 1}, "1 project has no record of the practice and is left out.", None),
    ("impact.caveat.not_recorded", {"n": 3}, "3 projects have no record of the practice and are left out.", None),
    ("kpi.rows_count", {"n": "1"}, "1 row counted", "共计 1 行"),
    ("kpi.rows_count", {"n": "1,000"}, "1,000 rows counted", None),
    ("datapage.import_button", {"n": 1}, "Import 1 file", "导入 1 个文件"),
])
def test_words_agree_with_their_counts(key, params, en, zh):
    assert t(key, "en", **params) == en
    if zh is not None:
        assert t(key, "zh", **params) == zh


def test_plural_forms():
    assert plural_forms("{n} [[n:day|days]]", {"n": -1}) == "{n} day"  # "-1 day" too
    assert plural_forms("{n} [[n:day|days]]", {"n": 0}) == "{n} days"
    assert plural_forms("{n} [[n:day|days]]", {"n": 1.5}) == "{n} days"
    assert plural_forms("{n} [[n:day|days]]", {}) == "{n} days"  # no count: the general form
    assert plural_forms("no markers", {"n": 1}) == "no markers"


def _card(delta: str) -> None:
    from analytics import ui

    ui.kpi_card("Complaint rate", "12.3%", delta=delta, delta_color="inverse")


@pytest.mark.parametrize("delta,color,direction", [
    ("±0.0 pp", MetricProto.MetricColor.GRAY, MetricProto.MetricDirection.NONE),
    ("+1.2 pp", MetricProto.MetricColor.RED, MetricProto.MetricDirection.UP),
    ("-1.2 pp", MetricProto.MetricColor.GREEN, MetricProto.MetricDirection.DOWN),
])
def test_an_unchanged_card_is_grey_without_an_arrow(delta, color, direction):
    at = AppTest.from_function(_card, args=(delta,))
    at.run()
    assert not at.exception
    metric = at.metric[0]
    assert metric.delta == delta
    assert (metric.proto.color, metric.proto.direction) == (color, direction)


def test_chinese_date_axes_are_written_with_nian_yue_ri():
    """plotly's bundled locales are en only: a zh date axis gets numeric formats with 年月日
    for every zoom level; period-name (category) axes and English figures stay as they are."""
    import pandas as pd
    import plotly.express as px

    from analytics import explore
    from analytics.figures.date_axes import date_axes, localise_dates

    df = pd.DataFrame({"day": pd.date_range("2025-01-01", periods=40, freq="D"), "n": range(40)})
    zh = explore.chart(df, "line", "day", lang="zh", grain="week")
    stops = {tuple(s.dtickrange): s.value for s in zh.figure.layout.xaxis.tickformatstops}
    assert stops[(86_400_000, "M1")] == "%-m月%-d日" and stops[("M1", "M12")] == "%Y年%-m月"
    assert zh.figure.layout.xaxis.hoverformat == "%Y年%-m月%-d日"
    en = explore.chart(df, "line", "day", lang="en", grain="week")
    assert not en.figure.layout.xaxis.tickformatstops
    periods = px.bar(pd.DataFrame({"period": ["2025年1月", "2025年2月"], "n": [1, 2]}), x="period", y="n")
    assert date_axes(localise_dates(periods, "zh")) == []
