"""Change impact: do outcomes differ with a practice or after a date, and can the data tell?

Two kinds of split. **By practice**: the projects that held a joint presales-implementation
review (``joint_review``) or completed the handover checklist (``handover_done``) against the
projects recorded as not having done so; a project with the column empty is *not recorded*
and in neither group. **By date**: the part of the period before a chosen month against the
part from that month on.

Each outcome is the registry KPI's own population, split in two: the complaint rate over the
active projects (:func:`.rows_behind.active_projects`), the slip at go-live over the go-lives
(:func:`.delivery.golives`), CSAT over the scored answers (:func:`.rows_behind.survey_responses`)
and the resolution time over the resolved tickets (:func:`.cycle_times.ticket_durations`).
Rates are compared with Fisher's exact test and Newcombe's hybrid score interval for the
difference of two proportions (statsmodels); durations with the Mann-Whitney U test (scipy)
and a percentile bootstrap interval for the difference of the medians (a fixed seed, so a
page shows the same interval on every rerun).

What this can say: whether the two groups differ by more than chance would make them. What it
cannot: why. The groups are not assigned at random; projects with a review are also the later
ones (the practice began on a date), and every other change since then moves with it. A date
split compares periods in which the same projects may appear twice. :func:`sentences` says so
with every result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal

import duckdb
import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep

from ..filters import Filters
from ..i18n import t
from ..settings import Settings, load_settings
from ._base import resolve_period
from .cycle_times import ticket_durations
from .delivery import golives
from .rows_behind import active_projects, survey_responses

#: Project columns a practice split can read.
PRACTICES: tuple[str, ...] = ("joint_review", "handover_done")

#: The outcomes compared, in order: (key, kind, unit).
OUTCOMES: tuple[tuple[str, Literal["rate", "duration"], str], ...] = (
    ("complaint_rate", "rate", "fraction"),
    ("golive_slip_days", "duration", "days"),
    ("csat_pct", "rate", "fraction"),
    ("resolution_hours", "duration", "hours"),
)

#: Significance level of the sentences' verdicts.
ALPHA = 0.05

# Bootstrap resamples of a difference of medians, and their seed.
_RESAMPLES = 2000
_SEED = 20250101


@dataclass(frozen=True)
class Comparison:
    """One outcome in the two groups: ``a`` (with the practice / from the month) against ``b``
    (without / before). ``difference`` is a - b (rates in fractions, durations as the
    difference of the medians); ``low`` / ``high`` its 95 % interval; ``p_value`` the test's
    two-sided p. A figure that cannot be computed (a group without rows) is None."""

    outcome: str
    kind: str
    unit: str
    test: str
    a_value: float | None
    a_n: int
    b_value: float | None
    b_n: int
    difference: float | None
    low: float | None
    high: float | None
    p_value: float | None

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class ChangeImpact:
    """The comparisons of one split. ``split`` is a practice column or ``"month"``;
    ``month`` the first day of the later part for a date split; ``projects_a`` /
    ``projects_b`` the projects in each group (a date split: active in each part);
    ``not_recorded`` the projects left out because the practice column is empty."""

    split: str
    month: date | None
    projects_a: int
    projects_b: int
    not_recorded: int
    comparisons: tuple[Comparison, ...]

    def comparison(self, outcome: str) -> Comparison:
        return next(c for c in self.comparisons if c.outcome == outcome)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([c.as_dict() for c in self.comparisons])


def rate_comparison(outcome: str, a_hits: int, a_n: int, b_hits: int, b_n: int) -> Comparison:
    """Two proportions: Fisher's exact test on the 2x2 table and Newcombe's interval for
    a/a_n - b/b_n."""
    a_value = a_hits / a_n if a_n else None
    b_value = b_hits / b_n if b_n else None
    diff = low = high = p = None
    if a_n and b_n:
        diff = a_value - b_value  # type: ignore[operator]
        p = float(stats.fisher_exact([[a_hits, a_n - a_hits], [b_hits, b_n - b_hits]])[1])
        lo, hi = confint_proportions_2indep(a_hits, a_n, b_hits, b_n, method="newcomb",
                                            compare="diff")
        low, high = float(lo), float(hi)
    unit = dict((k, u) for k, _, u in OUTCOMES)[outcome]
    return Comparison(outcome, "rate", unit, "fisher_exact", a_value, a_n, b_value, b_n,
                      diff, low, high, p)


def _median_difference(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.median(a, axis=axis) - np.median(b, axis=axis)


def duration_comparison(outcome: str, a: np.ndarray, b: np.ndarray) -> Comparison:
    """Two samples of durations: the Mann-Whitney U test (two-sided; exact for small samples
    without ties, scipy's choice) and a percentile bootstrap interval for median(a) -
    median(b) (needs two values in each group)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    a_value = float(np.median(a)) if len(a) else None
    b_value = float(np.median(b)) if len(b) else None
    diff = low = high = p = None
    if len(a) and len(b):
        diff = a_value - b_value  # type: ignore[operator]
        p = float(stats.mannwhitneyu(a, b, alternative="two-sided").pvalue)
        if len(a) >= 2 and len(b) >= 2:
            boot = stats.bootstrap((a, b), _median_difference, n_resamples=_RESAMPLES,
                                   method="percentile", vectorized=True,
                                   random_state=np.random.default_rng(_SEED))
            low, high = float(boot.confidence_interval.low), float(boot.confidence_interval.high)
    unit = dict((k, u) for k, _, u in OUTCOMES)[outcome]
    return Comparison(outcome, "duration", unit, "mann_whitney", a_value, len(a), b_value,
                      len(b), diff, low, high, p)


def _rows(con: duckdb.DuckDBPyConnection, filters: Filters, settings: Settings
          ) -> dict[str, pd.DataFrame]:
    """Each outcome's rows in the period: projects, go-lives, scored answers, tickets."""
    answers = survey_responses(con, filters, settings=settings)
    return {
        "complaint_rate": active_projects(con, filters, settings=settings),
        "golive_slip_days": golives(con, filters, settings=settings),
        "csat_pct": answers[answers["satisfied"].notna()],
        "resolution_hours": ticket_durations(con, filters, measure="resolution",
                                             settings=settings),
    }


def _compare(outcome: str, a: pd.DataFrame, b: pd.DataFrame) -> Comparison:
    if outcome == "complaint_rate":
        return rate_comparison(outcome, int((a["complaints"] > 0).sum()), len(a),
                               int((b["complaints"] > 0).sum()), len(b))
    if outcome == "csat_pct":
        return rate_comparison(outcome, int(a["satisfied"].astype(bool).sum()), len(a),
                               int(b["satisfied"].astype(bool).sum()), len(b))
    column = "slip_days" if outcome == "golive_slip_days" else "hours"
    return duration_comparison(outcome, a[column].dropna().to_numpy(float),
                               b[column].dropna().to_numpy(float))


def practice_impact(con: duckdb.DuckDBPyConnection, filters: Filters, *,
                    practice: str = "joint_review", settings: Settings | None = None
                    ) -> ChangeImpact:
    """Projects with ``practice`` (a :data:`PRACTICES` column true) against those recorded
    without it, each outcome over the period's rows of their projects."""
    if practice not in PRACTICES:
        raise ValueError(f"practice must be one of {', '.join(PRACTICES)}, not {practice!r}")
    flags = con.cursor().execute(
        f"SELECT project_id, {practice} AS flag FROM projects").df()
    with_ = set(flags.loc[flags["flag"].eq(True), "project_id"])
    without = set(flags.loc[flags["flag"].eq(False), "project_id"])
    rows = _rows(con, filters, settings or load_settings(con))
    active = rows["complaint_rate"]["project_id"]
    comparisons = tuple(
        _compare(key, frame[frame["project_id"].isin(with_)],
                 frame[frame["project_id"].isin(without)])
        for key, frame in ((k, rows[k]) for k, _, _ in OUTCOMES))
    return ChangeImpact(practice, None, int(active.isin(with_).sum()),
                        int(active.isin(without).sum()),
                        int((~active.isin(with_ | without)).sum()), comparisons)


def month_impact(con: duckdb.DuckDBPyConnection, filters: Filters, *, month: date,
                 settings: Settings | None = None) -> ChangeImpact:
    """The period from ``month``'s first day on against the part of it before, each outcome
    over its own part's rows (a project active in both parts counts in both)."""
    first = month.replace(day=1)
    settings = settings or load_settings(con)
    period = resolve_period(con, filters)
    start = period.start_date or (period.first_event.date() if period.first_event else None)
    end = period.end_date
    if start is None or end is None or not start < first <= end:
        raise ValueError(f"the month {first:%Y-%m} must start after the period's first day "
                         "and by its last")
    before = _rows(con, replace(filters, date_from=start, date_to=first - timedelta(days=1)),
                   settings)
    after = _rows(con, replace(filters, date_from=first, date_to=end), settings)
    comparisons = tuple(_compare(k, after[k], before[k]) for k, _, _ in OUTCOMES)
    return ChangeImpact("month", first, len(after["complaint_rate"]),
                        len(before["complaint_rate"]), 0, comparisons)


def _fmt(value: float | None, unit: str, lang: str, signed: bool = False) -> str:
    from ..formatting import fmt_delta, fmt_value

    if value is None:
        return "—"
    if signed:
        return fmt_delta(value, unit, lang) or "0"
    return fmt_value(value, unit, lang)


def p_text(p: float | None) -> str:
    """A p-value as the sentences write it: "= 0.048", "< 0.001"."""
    if p is None:
        return "—"
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


def sentences(result: ChangeImpact, lang: str, *, settings: Settings | None = None
              ) -> list[str]:
    """What the comparison says and cannot say, in the language: one sentence per outcome
    (the two figures with their n, the difference, its interval, the test and its verdict),
    then what the groups are and why a difference is not a cause."""
    settings = settings or load_settings()
    group = "month" if result.split == "month" else "practice"
    out = []
    for c in result.comparisons:
        name = t(f"impact.outcome.{c.outcome}", lang)
        if c.difference is None:
            out.append(t("impact.sentence.no_data", lang, outcome=name))
            continue
        verdict = ("impact.verdict.differs" if c.p_value is not None and c.p_value < ALPHA
                   else "impact.verdict.cannot_tell")
        interval = (t("impact.interval", lang, low=_fmt(c.low, c.unit, lang, True),
                      high=_fmt(c.high, c.unit, lang, True))
                    if c.low is not None and c.high is not None
                    else t("impact.no_interval", lang))
        out.append(t(f"impact.sentence.{group}", lang, outcome=name,
                     a=_fmt(c.a_value, c.unit, lang), a_n=c.a_n,
                     b=_fmt(c.b_value, c.unit, lang), b_n=c.b_n,
                     diff=_fmt(c.difference, c.unit, lang, True), interval=interval,
                     test=t(f"impact.test.{c.test}", lang), p=p_text(c.p_value),
                     verdict=t(verdict, lang)))
    few = min(result.projects_a, result.projects_b) < settings.low_n_projects
    if result.split == "month":
        out.append(t("impact.caveat.month", lang, month=f"{result.month:%Y-%m}"))
    else:
        out.append(t("impact.caveat.practice", lang, a=result.projects_a, b=result.projects_b,
                     practice=t(f"impact.practice.{result.split}", lang)))
        if result.not_recorded:
            out.append(t("impact.caveat.not_recorded", lang, n=result.not_recorded))
    out.append(t("impact.caveat.clustered", lang))
    if few:
        out.append(t("impact.caveat.few", lang, n=settings.low_n_projects))
    return out


def impact_table(result: ChangeImpact, lang: str) -> pd.DataFrame:
    """The comparisons as a reader's table, each figure written in its own unit (the rows mix
    rates, days and hours, so the cells are text).

    Columns: outcome_name, a_value, a_n, b_value, b_n, difference, low, high, test, p_value."""
    rows = []
    for c in result.comparisons:
        rows.append({
            "outcome_name": t(f"impact.outcome.{c.outcome}", lang),
            "a_value": _fmt(c.a_value, c.unit, lang), "a_n": c.a_n,
            "b_value": _fmt(c.b_value, c.unit, lang), "b_n": c.b_n,
            "difference": _fmt(c.difference, c.unit, lang, True),
            "low": _fmt(c.low, c.unit, lang, True), "high": _fmt(c.high, c.unit, lang, True),
            "test": t(f"impact.test.{c.test}", lang),
            "p_value": "—" if c.p_value is None else f"{c.p_value:.3f}" if c.p_value >= 0.001
            else "< 0.001",
        })
    return pd.DataFrame(rows)


def impact_months(con: duckdb.DuckDBPyConnection, filters: Filters
                  ) -> tuple[list[date], date | None]:
    """The months a date split can start at (each after the period's first month, by its
    last day) and the one to offer first: the month the first joint review was held, when it
    is one of them, else the middle one."""
    period = resolve_period(con, filters)
    start = period.start_date or (period.first_event.date() if period.first_event else None)
    end = period.end_date
    if start is None or end is None:
        return [], None
    months = [m.date() for m in pd.date_range(start.replace(day=1), end, freq="MS")
              if start < m.date() <= end]
    if not months:
        return [], None
    row = con.cursor().execute(
        "SELECT min(joint_review_date) FROM projects WHERE joint_review").fetchone()
    first = row[0] if row else None
    if first is not None and first.replace(day=1) in months:
        return months, first.replace(day=1)
    return months, months[len(months) // 2]


__all__ = ["ALPHA", "OUTCOMES", "PRACTICES", "ChangeImpact", "Comparison",
           "duration_comparison", "impact_months", "impact_table", "month_impact", "practice_impact", "rate_comparison",
           "sentences"]
