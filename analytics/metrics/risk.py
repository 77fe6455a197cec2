"""Early warning: the chance that a project not yet live goes live late, learnt from the
store's own history, and an honest account of whether that chance is worth reading.

**What is predicted.** A project is *late* when it goes live more than
``golive_tolerance_days`` after its planned go-live. The model is a logistic regression
(scikit-learn) on what is known *before* go-live, taken at a cutoff: ``risk_lead_days`` before
the planned go-live (never before kickoff, never after the actual go-live) for a project of
the history, today for a project still to go live. At its cutoff a project is described by its
delivery mode, industry, contract size, planned duration, the tickets, complaints and major
incidents of its project so far (per month since kickoff), whether a joint review and the
handover checklist were done by then, and its presales owner's and implementation lead's track
records: how many of their projects had gone live before the cutoff, and the share of them late
(smoothed toward the portfolio's share, so one project is not a record).

**How it is judged.** A time-ordered backtest: the projects of the history sorted by go-live,
the model trained on the first ``risk_train_share`` of them and scored on the later ones (every
training go-live before every test go-live); the features of each project are its own cutoff's,
so nothing that happened later reaches them. It reports the test set's ROC AUC and Brier score,
and a one-sided Mann-Whitney test of the AUC against 0.5 (the AUC *is* the Mann-Whitney U of
the late projects' scores over the others', divided by the number of pairs).

**When it says nothing.** With fewer than ``risk_min_train`` training or ``risk_min_test`` test
projects, or fewer than three of either outcome in either part, the history is too small; when
the AUC is not above chance at the 5 % level, the model is no better than chance. Either way no
project is ranked, and the result says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
import numpy as np
import pandas as pd
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.preprocessing import StandardScaler

from ..i18n import t
from ..settings import Settings, load_settings
from ._base import store_clock

#: Categorical features, one indicator per value seen in training.
CATEGORICAL: tuple[str, ...] = ("delivery_mode", "industry")

#: Numeric features.
NUMERIC: tuple[str, ...] = (
    "contract_value_log", "planned_days", "tickets_per_month", "complaints_per_month",
    "major_incidents", "no_joint_review", "no_handover", "presales_late_share",
    "presales_prior_n", "lead_late_share", "lead_prior_n")

#: Owner roles whose track record is a feature: (role column, feature prefix).
_TRACKED: tuple[tuple[str, str], ...] = (("presales_owner", "presales"),
                                         ("implementation_lead", "lead"))

#: Verdicts of :class:`EarlyWarning`.
VERDICTS: tuple[str, ...] = ("ranked", "too_little_history", "no_better_than_chance")

# Prior weight of the portfolio's late share in an owner's smoothed late share: an owner with
# no earlier go-lives reads as the portfolio, one with many as themselves.
_PRIOR_WEIGHT = 2.0
ALPHA = 0.05
# the fewest projects of each outcome in each part of the backtest
_MIN_CLASS = 3


def project_frame(con: duckdb.DuckDBPyConnection, today: date | None = None,
                  *, settings: Settings | None = None) -> pd.DataFrame:
    """Every project the model can read (not cancelled, with a planned go-live and a
    kickoff or signing date), each with its features at its cutoff.

    ``history``: live by ``today`` (the store's last event day unless given), with ``late``
    its outcome; the others are candidates, ``late`` NULL, their cutoff ``today``; a
    candidate already past its planned go-live beyond the tolerance is ``overdue``.
    Columns: project_id, project_name, presales_owner, implementation_lead, cutoff,
    actual_golive_date, planned_golive_date, history, overdue, late, the owners' prior late
    counts, and :data:`CATEGORICAL` and :data:`NUMERIC`.
    """
    if today is None:
        last = store_clock(con)[1]
        today = last.date() if last is not None else date.today()
    settings = settings or load_settings(con)
    tolerance, lead = int(settings.golive_tolerance_days), int(settings.risk_lead_days)
    owner_ctes, owner_cols, owner_joins = [], [], []
    for role, prefix in _TRACKED:
        owner_ctes.append(f"""
  {prefix}_record AS (
    SELECT c.project_id, count(h.project_id) AS {prefix}_prior_n,
           count(h.project_id) FILTER (WHERE h.late) AS {prefix}_prior_late
    FROM cut c LEFT JOIN cut h
      ON h.{role} = c.{role} AND h.history AND h.actual_golive_date < c.cutoff
         AND h.project_id <> c.project_id
    GROUP BY c.project_id)""")
        owner_cols.append(f"{prefix}.{prefix}_prior_n, {prefix}.{prefix}_prior_late")
        owner_joins.append(f"LEFT JOIN {prefix}_record {prefix} USING (project_id)")
    sql = f"""
WITH base AS (
    SELECT project_id, project_name, presales_owner, implementation_lead, delivery_mode,
           industry, contract_value, coalesce(kickoff_date, signed_date) AS started,
           planned_golive_date, actual_golive_date, joint_review, joint_review_date,
           handover_done, handover_date,
           actual_golive_date IS NOT NULL AND actual_golive_date <= $today AS history
    FROM projects
    WHERE coalesce(status, '') <> 'cancelled' AND planned_golive_date IS NOT NULL
      AND coalesce(kickoff_date, signed_date) IS NOT NULL),
  cut AS (
    SELECT *,
           CASE WHEN history THEN least(greatest(CAST(planned_golive_date - $lead * INTERVAL 1 DAY AS DATE), started),
                                        actual_golive_date)
                ELSE $today END AS cutoff,
           CASE WHEN history THEN date_diff('day', planned_golive_date, actual_golive_date) > $tolerance
                END
             AS late,
           NOT history AND date_diff('day', planned_golive_date, $today) > $tolerance AS overdue
    FROM base
    WHERE history OR (actual_golive_date IS NULL AND started <= $today)),
  early AS (
    SELECT c.project_id, count(t.ticket_id) AS tickets,
           count(t.ticket_id) FILTER (WHERE coalesce(t.is_complaint, t.type = 'complaint', false))
             AS complaints,
           count(t.ticket_id) FILTER (WHERE t.type = 'incident'
                                      AND t.priority IN ('P1', 'P2')) AS major_incidents
    FROM cut c LEFT JOIN tickets t
      ON t.project_id = c.project_id AND t.created_at >= c.started
         AND t.created_at < c.cutoff
    GROUP BY c.project_id),
  {', '.join(owner_ctes)}
SELECT c.project_id, c.project_name, c.presales_owner, c.implementation_lead, c.cutoff,
       c.actual_golive_date, c.planned_golive_date, c.history, c.overdue, c.late,
       coalesce(c.delivery_mode, '') AS delivery_mode, coalesce(c.industry, '') AS industry,
       ln(1 + coalesce(c.contract_value, 0)) AS contract_value_log,
       c.contract_value IS NULL AS contract_value_missing,
       date_diff('day', c.started, c.planned_golive_date) AS planned_days,
       e.tickets * 30e0 / greatest(date_diff('day', c.started, c.cutoff), 30) AS tickets_per_month,
       e.complaints * 30e0 / greatest(date_diff('day', c.started, c.cutoff), 30)
         AS complaints_per_month,
       e.major_incidents,
       NOT coalesce(c.joint_review AND coalesce(c.joint_review_date <= c.cutoff, true), false)
         AS no_joint_review,
       NOT coalesce(c.handover_done AND coalesce(c.handover_date <= c.cutoff, true), false)
         AS no_handover,
       {', '.join(owner_cols)}
FROM cut c
JOIN early e USING (project_id)
{' '.join(owner_joins)}
ORDER BY c.history DESC, c.actual_golive_date, c.project_id"""
    frame = con.cursor().execute(sql, {"today": today, "lead": lead,
                                       "tolerance": tolerance}).df()
    for col in ("cutoff", "actual_golive_date", "planned_golive_date"):
        frame[col] = pd.to_datetime(frame[col])
    # owners' late shares, smoothed toward the share late among the go-lives before the
    # project's cutoff (known then), not the whole history's
    done = frame[frame["history"]].sort_values("actual_golive_date")
    for _, prefix in _TRACKED:
        prior = [_late_share_before(done, c) for c in frame["cutoff"]]
        n, k = frame[f"{prefix}_prior_n"].astype(float), frame[f"{prefix}_prior_late"].astype(float)
        frame[f"{prefix}_late_share"] = (k + _PRIOR_WEIGHT * np.array(prior)) / (n + _PRIOR_WEIGHT)
    for col in ("no_joint_review", "no_handover", "history", "overdue"):
        frame[col] = frame[col].astype(bool)
    return frame


def _late_share_before(done: pd.DataFrame, cutoff: pd.Timestamp) -> float:
    before = done.loc[done["actual_golive_date"] < cutoff, "late"]
    return float(before.astype(float).mean()) if len(before) else 0.5


@dataclass
class Model:
    """A fitted model: the indicator columns it was trained with, the scaler and the
    regression."""

    columns: list[str]
    scaler: StandardScaler
    regression: LogisticRegression

    def design(self, frame: pd.DataFrame) -> np.ndarray:
        return self.scaler.transform(_design(frame, self.columns))

    def risk(self, frame: pd.DataFrame) -> np.ndarray:
        return self.regression.predict_proba(self.design(frame))[:, 1]

    def contributions(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Each feature's share of each row's log-odds above the training average."""
        return pd.DataFrame(self.design(frame) * self.regression.coef_[0],
                            columns=self.columns, index=frame.index)


def _design(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    numeric = frame[list(NUMERIC)].astype(float).fillna(0.0)
    dummies = pd.get_dummies(frame[list(CATEGORICAL)].astype(str), prefix_sep="=", dtype=float)
    design = pd.concat([numeric, dummies], axis=1)
    if columns is not None:
        design = design.reindex(columns=columns, fill_value=0.0)
    return design


def fit(frame: pd.DataFrame) -> Model:
    """The logistic regression on ``frame``'s rows (their ``late`` outcome)."""
    design = _design(frame)
    scaler = StandardScaler().fit(design)
    regression = LogisticRegression(C=1.0, max_iter=1000)
    regression.fit(scaler.transform(design), frame["late"].astype(int))
    return Model(list(design.columns), scaler, regression)


@dataclass(frozen=True)
class Backtest:
    """The time-ordered backtest: the model trained on the history's earlier go-lives and
    scored on its later ones. ``auc``, ``brier`` and ``p_value`` are None when the history is
    too small to split."""

    auc: float | None
    brier: float | None
    p_value: float | None
    n_train: int
    n_test: int
    split_date: date | None
    train_ids: tuple[str, ...] = field(default=())
    test_ids: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {"auc": self.auc, "n_train": self.n_train, "n_test": self.n_test,
                "brier": self.brier, "p_value": self.p_value,
                "split_date": self.split_date.isoformat() if self.split_date else None}


def split(history: pd.DataFrame, *, settings: Settings | None = None
          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The history in go-live order cut in two at a go-live date: the first
    ``risk_train_share`` (every project live on the cut's day goes to the test part, so each
    training go-live is before each test go-live)."""
    settings = settings or load_settings()
    ordered = history.sort_values(["actual_golive_date", "project_id"], kind="stable")
    if len(ordered) < 2:
        return ordered, ordered.iloc[0:0]
    at = ordered["actual_golive_date"].iloc[int(len(ordered) * float(settings.risk_train_share))]
    return (ordered[ordered["actual_golive_date"] < at],
            ordered[ordered["actual_golive_date"] >= at])


def backtest(history: pd.DataFrame, *, settings: Settings | None = None) -> Backtest:
    """Train on the earlier part of ``history`` (rows of :func:`project_frame` with an
    outcome), score the later part."""
    settings = settings or load_settings()
    train, test = split(history, settings=settings)
    ids = (tuple(train["project_id"]), tuple(test["project_id"]))
    when = test["actual_golive_date"].min() if len(test) else None
    day = when.date() if when is not None and not pd.isna(when) else None

    def classes(part: pd.DataFrame) -> int:
        late = part["late"].astype(bool)
        return min(int(late.sum()), int((~late).sum()))

    if (len(train) < settings.risk_min_train or len(test) < settings.risk_min_test
            or classes(train) < _MIN_CLASS or classes(test) < _MIN_CLASS):
        return Backtest(None, None, None, len(train), len(test), day, *ids)
    scores = fit(train).risk(test)
    truth = test["late"].astype(int).to_numpy()
    auc = float(roc_auc_score(truth, scores))
    p = float(stats.mannwhitneyu(scores[truth == 1], scores[truth == 0],
                                 alternative="greater").pvalue)
    return Backtest(auc, float(brier_score_loss(truth, scores)), p, len(train), len(test),
                    day, *ids)


@dataclass(frozen=True)
class EarlyWarning:
    """The backtest, the verdict (one of :data:`VERDICTS`) and, when ranked, the projects
    still to go live by risk, each with its reasons in the language."""

    backtest: Backtest
    verdict: str
    message: str
    projects: tuple[dict[str, Any], ...]

    def frame(self) -> pd.DataFrame:
        """The ranked projects as a table (risk, reasons joined)."""
        return pd.DataFrame([{**p, "reasons": list(p["reasons"])} for p in self.projects],
                            columns=["project_id", "risk", "reasons"])

    def as_json(self) -> dict[str, Any]:
        return {"backtest": self.backtest.as_json(), "verdict": self.verdict,
                "message": self.message, "projects": list(self.projects)}


def _reasons(row: pd.Series, contributions: pd.Series, lang: str, top: int = 3) -> list[str]:
    out: list[str] = []
    for column, value in contributions.sort_values(ascending=False).items():
        if value <= 0.05 or len(out) >= top:
            break
        name, _, level = str(column).partition("=")
        if level:
            if row[name] != level:
                continue  # a value the project does not have lowers someone else's risk
            out.append(t(f"risk.reason.{name}", lang, value=level or "—"))
            continue
        role = {"presales": "presales_owner", "lead": "implementation_lead"}.get(
            name.split("_")[0])
        if name.endswith("_late_share") and role:
            prefix = name.split("_")[0]
            out.append(t("risk.reason.owner_record", lang, role=t(f"role.{role}", lang),
                         owner=row[role] or "—", late=int(row[f"{prefix}_prior_late"]),
                         n=int(row[f"{prefix}_prior_n"])))
        elif name.endswith("_prior_n") and role:
            out.append(t("risk.reason.owner_new", lang, role=t(f"role.{role}", lang),
                         owner=row[role] or "—", n=int(row[name])))
        else:
            out.append(t(f"risk.reason.{name}", lang, value=_number(row[name])))
    return out


def _number(value: Any) -> str:
    v = float(value)
    return f"{v:.0f}" if v.is_integer() or abs(v) >= 10 else f"{v:.1f}"


def early_warning(con: duckdb.DuckDBPyConnection, today: date | None = None,
                  *, settings: Settings | None = None, lang: str = "en") -> EarlyWarning:
    """The backtest over the store's history and, when it beats chance, every project still
    to go live with its risk (highest first) and the reasons that raise it most."""
    settings = settings or load_settings(con)
    frame = project_frame(con, today, settings=settings)
    history = frame[frame["history"]]
    result = backtest(history, settings=settings)
    if result.auc is None:
        return EarlyWarning(result, "too_little_history",
                            t("risk.verdict.too_little_history", lang, train=result.n_train,
                              test=result.n_test, min_train=settings.risk_min_train,
                              min_test=settings.risk_min_test), ())
    if result.p_value is None or result.p_value >= ALPHA:
        return EarlyWarning(result, "no_better_than_chance",
                            t("risk.verdict.no_better_than_chance", lang,
                              auc=f"{result.auc:.2f}", p=f"{result.p_value:.2f}",
                              n=result.n_test), ())
    model = fit(history)
    candidates = frame[~frame["history"]]
    rows: list[dict[str, Any]] = []
    if len(candidates):
        risks = model.risk(candidates)
        parts = model.contributions(candidates)
        for (i, row), risk in zip(candidates.iterrows(), risks):
            if row["overdue"]:
                days = (pd.Timestamp(row["cutoff"]) - pd.Timestamp(row["planned_golive_date"])).days
                rows.append({"project_id": row["project_id"], "risk": 1.0,
                             "reasons": [t("risk.reason.overdue", lang, days=days)]})
            else:
                rows.append({"project_id": row["project_id"], "risk": float(risk),
                             "reasons": _reasons(row, parts.loc[i], lang)})
    rows.sort(key=lambda r: (-r["risk"], r["project_id"]))
    return EarlyWarning(result, "ranked",
                        t("risk.verdict.ranked", lang, auc=f"{result.auc:.2f}",
                          p=f"{result.p_value:.3f}", n=result.n_test), tuple(rows))


__all__ = ["ALPHA", "Backtest", "CATEGORICAL", "EarlyWarning", "Model", "NUMERIC", "VERDICTS",
           "backtest", "early_warning", "fit", "project_frame", "split"]
