"""Explore's shaping of a table before it is charted: multi-select answers split into one row
per answer, the top N groups plus "others", the first chart chosen from the column types, and
the catalogue the SQL box lists. Every expected figure is counted by hand from the fixtures."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import explore, explore_answers


@pytest.fixture()
def survey() -> pd.DataFrame:
    # Five respondents; "channels" is a multi-select question exported with ┋ between choices.
    return pd.DataFrame({
        "respondent": pd.array([1, 2, 3, 4, 5], dtype="Int64"),
        "channels": pd.Series(["phone┋email", "email", None, " wechat ┋ phone ┋email", "┋"], dtype="str"),
        "comment": pd.Series(["fast; friendly", "ok", "slow", "good", "fine"], dtype="str"),
        "score": [5.0, 4.0, 2.0, 5.0, 3.0],
    })


def test_a_column_joining_answers_is_found_with_its_separator(survey: pd.DataFrame) -> None:
    found = explore_answers.multi_answer_columns(survey)
    # channels: 4 filled cells, 3 hold ┋; comment: one stray ";" in 5 cells is below MIN_JOINED
    assert list(found) == ["channels"]
    assert (found["channels"].separator, found["channels"].joined, found["channels"].filled) == ("┋", 3, 4)


@pytest.mark.parametrize("separator", ["|", ";"])
def test_pipes_and_semicolons_are_separators_too(separator: str) -> None:
    df = pd.DataFrame({"q": pd.Series([f"a{separator}b", "a", f"b{separator}c"], dtype="str")})
    assert explore_answers.multi_answer_columns(df)["q"].separator == separator


def test_split_gives_one_row_per_answer_and_keeps_every_respondent(survey: pd.DataFrame) -> None:
    out = explore_answers.split_answers(survey, "channels", "┋")
    # 2 + 1 + 1 (no answer, kept) + 3 + 1 ("┋" alone: no answer, kept) = 8 rows
    assert out["respondent"].tolist() == [1, 1, 2, 3, 4, 4, 4, 5]
    assert out["channels"].tolist()[:2] == ["phone", "email"]
    assert out["channels"].tolist()[4:7] == ["wechat", "phone", "email"]  # trimmed
    assert out["channels"].isna().tolist() == [False] * 3 + [True] + [False] * 3 + [True]
    assert set(out["respondent"]) == set(survey["respondent"])
    assert out["respondent"].dtype == survey["respondent"].dtype and out["score"].tolist()[3] == 2.0
    # counted per answer: email 3, phone 2, wechat 1
    counts = out["channels"].value_counts().to_dict()
    assert counts == {"email": 3, "phone": 2, "wechat": 1}


def test_the_split_table_joins_the_session_beside_its_source(survey: pd.DataFrame) -> None:
    state = {"explore_tables": {"survey": survey}, "explore_uploads": {"f1": {"tables": ["survey"]}}}
    name = explore_answers.add_split_table(state, "survey", "channels", "┋")
    assert name == "survey__channels" and len(state["explore_tables"][name]) == 8
    assert state["explore_uploads"]["f1"]["tables"] == ["survey", name]  # removed with its file
    assert explore_answers.add_split_table(state, "survey", "channels", "┋") == name


def test_top_n_folds_the_rest_into_others_with_their_own_aggregate() -> None:
    df = pd.DataFrame({"c": list("aaaabbbccd"), "v": [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]})
    counts = explore.aggregate(df, "c", top=2, others="Others")
    assert counts.to_dict("list") == {"c": ["a", "b", "Others"], "value": [4, 3, 3]}
    assert counts.attrs["folded"] == 2  # c and d
    # the largest means are d (10) and c (8.5); others is the mean of the rows of a and b
    means = explore.aggregate(df, "c", "v", agg="mean", top=2, others="Others")
    assert means.to_dict("list") == {"c": ["d", "c", "Others"], "value": [10.0, 8.5, 4.0]}
    # few enough groups: nothing folded, the key order and type are kept
    assert explore.aggregate(df, "c", top=10).to_dict("list") == {"c": list("abcd"), "value": [4, 3, 2, 1]}


def test_top_n_on_the_colour_and_a_time_axis_never_folded() -> None:
    df = pd.DataFrame({"when": pd.to_datetime(["2025-01-03", "2025-02-03", "2025-03-03", "2025-03-04"]),
                       "who": ["x", "y", "z", "z"]})
    out = explore.aggregate(df, "when", color="who", grain="month", top=1, others="Others")
    assert out["when"].dt.month.tolist() == [1, 2, 3]  # three months, all drawn
    assert out["who"].tolist() == ["Others", "Others", "z"] and out["value"].tolist() == [1, 1, 2]


def test_a_chart_of_many_categories_says_what_it_folded() -> None:
    df = pd.DataFrame({"customer": [f"c{i:02d}" for i in range(30) for _ in range(i + 1)]})
    result = explore.chart(df, "bar", "customer", lang="en", top=5)
    assert result.data["customer"].tolist() == ["c29", "c28", "c27", "c26", "c25", "Others"]
    assert result.data["value"].iloc[-1] == sum(range(1, 26))  # customers c00..c24: 1 + ... + 25
    assert result.notice == "The 5 largest of 30 groups are drawn; the other 25 are combined as “Others”."


def test_the_first_chart_follows_the_column_types() -> None:
    rows = pd.DataFrame({
        "row": pd.array(range(1, 61), dtype="Int64"),      # a row number: never the x axis
        "ticket": pd.Series([f"T{i}" for i in range(60)], dtype="str"),  # an id: no category
        "team": pd.Series(["ops", "impl", "ops"] * 20, dtype="str"),
        "hours": [float(i % 7) for i in range(60)],
    })
    assert explore.default_chart(rows) == explore.ChartSpec("bar", "team")
    assert explore.default_chart(rows.drop(columns=["team"])) == explore.ChartSpec("histogram", "hours")
    dated = rows.assign(created=pd.date_range("2025-01-01", periods=60, freq="D"))
    # 59 days from first to last: a daily series of counts
    assert explore.default_chart(dated) == explore.ChartSpec("line", "created", None, "count", "day")
    yearly = rows.assign(created=pd.date_range("2025-01-01", periods=60, freq="W"))  # 413 days
    assert explore.default_chart(yearly).grain == "month"


def test_the_sql_catalogue_lists_uploads_and_the_store_columns(tmp_path) -> None:
    from analytics import store

    con = store.connect(tmp_path / "s.duckdb")
    try:
        columns = explore.portfolio_columns(con)
    finally:
        con.close()
    assert set(columns) == set(explore.PORTFOLIO_TABLES)
    assert ("project_id", "VARCHAR") in columns["projects"]
    catalog = explore.table_catalog({"sales": pd.DataFrame({"amount": [1.5], "who": ["a"]})}, "zh", columns)
    assert catalog.iloc[0].tolist() == ["sales", "amount", "数值"]
    assert catalog.iloc[1].tolist() == ["sales", "who", "文本"]
    created = catalog[(catalog["table"] == "tickets") & (catalog["column"] == "created_at")]
    assert created["type"].tolist() == ["日期时间"]
