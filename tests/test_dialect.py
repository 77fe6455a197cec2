"""The dialect translation, statement by statement: each rewrite turns DuckDB's spelling into
Spark SQL's and leaves everything else (string literals, the rest of the text) alone. The
parity test (test_engine_parity.py) runs the rewritten statements on Spark."""

from __future__ import annotations

import pytest

from analytics.dialect import REWRITES, Untranslatable, to_spark


@pytest.mark.parametrize(("duckdb", "spark", "rewrite"), [
    ("SELECT * FROM t WHERE a >= $start_ts AND b IN ($t_teams_0, $t_teams_1)",
     "SELECT * FROM t WHERE a >= :start_ts AND b IN (:t_teams_0, :t_teams_1)", "named parameters"),
    ("SELECT date_diff('day', p.kickoff_date, p.actual_golive_date) AS d",
     "SELECT datediff(DAY, p.kickoff_date, p.actual_golive_date) AS d", "date_diff units"),
    ("SELECT date_diff('microsecond', a, coalesce(b, c)) / 3.6e9",
     "SELECT datediff(MICROSECOND, a, coalesce(b, c)) / 3.6e9", "date_diff units"),
    ("SELECT quantile_cont(x, 0.5) FILTER (WHERE x >= 0)",
     "SELECT percentile(x, 0.5) FILTER (WHERE x >= 0)", "exact percentiles"),
    ("SELECT quantile_cont(greatest(a, b), [0.5, 0.9]) AS q",
     "SELECT percentile(greatest(a, b), array(0.5, 0.9)) AS q", "exact percentiles"),
    ("SELECT m.q[1], m.q[2], coalesce(m.r, x)[1]",
     "SELECT m.q[0], m.q[1], coalesce(m.r, x)[0]", "list positions"),
    ("SELECT g.d FROM t, generate_series(CAST(a AS TIMESTAMP), b, INTERVAL 1 DAY) AS g(d)",
     "SELECT g.d FROM t, (SELECT explode(sequence(CAST(a AS TIMESTAMP), b, INTERVAL 1 DAY)) AS d) AS g",
     "series"),
    ("SELECT CAST(a AS DATE[]), CAST(b AS INTEGER[]), list_contains(a, d)",
     "SELECT CAST(a AS ARRAY<DATE>), CAST(b AS ARRAY<INT>), array_contains(a, d)", "list types"),
    ("SELECT isodow(g.d) AS dow", "SELECT (weekday(g.d) + 1) AS dow", "ISO weekday"),
    ("SELECT CAST(NULL AS VARCHAR) AS key", "SELECT CAST(NULL AS STRING) AS key", "text type"),
    ("SELECT EXISTS (SELECT 1 FROM h WHERE lower(s) IN ('x'))",
     "SELECT count(*) > 0 FROM (SELECT 1 FROM h WHERE lower(s) IN ('x') LIMIT 1) AS e", "scalar EXISTS"),
    ("SELECT make_timestamp(CAST(round(d * 6e7) AS BIGINT)) AS deadline",
     "SELECT CAST(timestamp_micros(CAST(round(d * 6e7) AS BIGINT)) AS TIMESTAMP_NTZ) AS deadline",
     "microseconds to a timestamp"),
])
def test_each_rewrite_turns_duckdb_into_spark(duckdb, spark, rewrite):
    text, used = to_spark(duckdb)
    assert text == spark
    assert used == (rewrite,)


def test_portable_text_passes_unchanged():
    sql = ("SELECT count(*) FILTER (WHERE tk.complaint AND tk.created_at >= b.start_ts) AS c,"
           " CAST(x AS DOUBLE) / nullif(y, 0), coalesce(t.sla_due_at, t.created_at + sla.span),"
           " a IS NOT DISTINCT FROM b, 1.96e0 * sqrt(v) FROM t GROUP BY ALL")
    assert to_spark(sql) == (sql, ())


def test_string_literals_and_comments_are_not_rewritten():
    text, used = to_spark("SELECT 'costs $5 [1]' AS s, x -- $not_a_parameter [1]\nFROM t")
    assert text == "SELECT 'costs $5 [1]' AS s, x \nFROM t"
    assert used == ()
    text, _ = to_spark("SELECT 'it''s $x', $y")
    assert text == "SELECT 'it''s $x', :y"


def test_what_spark_cannot_spell_is_refused_by_name():
    with pytest.raises(Untranslatable, match="SELECT \\* REPLACE"):
        to_spark("SELECT * REPLACE (a AS b) FROM t")
    with pytest.raises(Untranslatable, match="ASOF join"):
        to_spark("SELECT * FROM a ASOF LEFT JOIN b ON a.k = b.k AND a.t >= b.t")


def test_every_rewrite_has_a_distinct_name():
    names = [r.name for r in REWRITES]
    assert len(names) == len(set(names))
