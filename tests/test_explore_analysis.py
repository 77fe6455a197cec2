"""Profile, chart builder and pivot: hand-checked numbers on a small table."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import explore
from analytics.explore import ChartRefused


@pytest.fixture()
def df() -> pd.DataFrame:
    return pd.DataFrame({
        "when": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-02-03", "2025-04-01", None]),
        "region": pd.Series(["东区", "西区", "东区", "东区", None], dtype="str"),
        "amount": [10.0, 20.0, 30.0, None, 5.0],
        "n": pd.array([1, 2, 3, 4, 5], dtype="Int64"),
        "ok": pd.array([True, False, True, None, True], dtype="boolean"),
    })


def test_profile(df: pd.DataFrame) -> None:
    prof = explore.profile(df).set_index("column")
    assert prof.loc["region", "type"] == "text"
    assert prof.loc["region", "non_null"] == 4 and prof.loc["region", "nulls"] == 1
    assert prof.loc["region", "distinct"] == 2
    assert prof.loc["region", "top"].startswith("东区 (3)")
    assert prof.loc["amount", "min"] == "5" and prof.loc["amount", "max"] == "30"
    assert prof.loc["when", "type"] == "date" and prof.loc["when", "min"] == "2025-01-05"
    assert prof.loc["n", "type"] == "integer" and sum(prof.loc["n", "histogram"]) == 5
    assert prof.loc["ok", "type"] == "boolean"
    assert sum(prof.loc["amount", "histogram"]) == 4


def test_profile_survives_odd_columns() -> None:
    odd = pd.DataFrame({"mixed": [1, "a", None, 2.5], "lists": [[1], [2], None, [1]], "empty": [None] * 4})
    prof = explore.profile(odd).set_index("column")
    assert prof.loc["mixed", "distinct"] == 3
    assert prof.loc["lists", "distinct"] == 2
    assert prof.loc["empty", "non_null"] == 0
    assert explore.profile(pd.DataFrame()).empty


def test_aggregate_month_grain(df: pd.DataFrame) -> None:
    out = explore.aggregate(df, "when", "amount", agg="sum", grain="month")
    got = dict(zip(out["when"].dt.strftime("%Y-%m").fillna("NaT"), out["value"], strict=True))
    assert got == {"2025-01": 30.0, "2025-02": 30.0, "2025-04": 0.0, "NaT": 5.0}


@pytest.mark.parametrize(("grain", "first"), [("day", "2025-01-05"), ("week", "2024-12-30"),
                                              ("quarter", "2025-01-01"), ("year", "2025-01-01")])
def test_time_bucket(df: pd.DataFrame, grain: str, first: str) -> None:
    assert explore.time_bucket(df["when"], grain).iloc[0] == pd.Timestamp(first)


def test_aggregate_count_and_colour(df: pd.DataFrame) -> None:
    out = explore.aggregate(df, "region", color="ok")
    assert out["value"].sum() == 5
    out = explore.aggregate(df, "region", "amount", agg="mean")
    assert dict(zip(out["region"].fillna("-"), out["value"], strict=True)) == {"东区": 20.0, "西区": 20.0, "-": 5.0}
    assert explore.aggregate(df, "region", "region", agg="distinct")["value"].max() == 1


def test_aggregate_refusals(df: pd.DataFrame) -> None:
    with pytest.raises(ChartRefused) as info:
        explore.aggregate(df, "region", "region", agg="sum")
    assert info.value.key == "explore.error.not_numeric"
    assert "求和" in info.value.message("zh") and "文本" in info.value.message("zh")
    with pytest.raises(ChartRefused):
        explore.aggregate(df, "nope")
    with pytest.raises(ChartRefused):
        explore.aggregate(df, "region", agg="drop table")


def test_aggregate_caps_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(explore, "MAX_CHART_GROUPS", 10)
    out = explore.aggregate(pd.DataFrame({"k": range(50)}), "k")
    assert len(out) == 10 and out.attrs["capped"] == 50


def test_pivot(df: pd.DataFrame) -> None:
    table = explore.pivot(df, ["region"], ["ok"], "amount", "sum")
    row = table.set_index("region").loc["东区"]
    assert row["True"] == 40.0
    counts = explore.pivot(df, ["region"], [], None, "count")
    assert counts.set_index("region")["count"].to_dict()["东区"] == 3
    total = explore.pivot(df, [], [], "amount", "sum")
    assert total.iloc[0, 0] == 65.0
    only_cols = explore.pivot(df, [], ["region"], None, "count")
    assert only_cols.shape[0] == 1
    with pytest.raises(ChartRefused) as info:
        explore.pivot(pd.DataFrame({"k": range(20)}), [], ["k"], max_columns=5)
    assert info.value.key == "explore.error.too_wide"


@pytest.mark.parametrize("kind", explore.CHART_KINDS)
def test_chart_kinds(df: pd.DataFrame, kind: str) -> None:
    y = "amount" if kind in {"box", "scatter"} else None
    result = explore.chart(df, kind, "when" if kind != "box" else "region", y, "region", "count", "month", "en")
    assert result.figure.layout.title.text
    assert len(result.figure.data) >= 1


def test_chart_labels_are_translated(df: pd.DataFrame) -> None:
    result = explore.chart(df, "bar", "region", "amount", None, "sum", None, "zh")
    assert "求和" in result.figure.layout.title.text
    assert result.figure.layout.yaxis.title.text == "amount的求和"


def test_chart_samples_raw_points(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(explore, "MAX_RAW_POINTS", 100)
    big = pd.DataFrame({"x": range(1000), "y": range(1000)})
    result = explore.chart(big, "scatter", "x", "y", agg="none", lang="en")
    assert len(result.data) == 100 and "100" in result.notice
