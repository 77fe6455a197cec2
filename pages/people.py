"""People: how each presales owner's, implementation lead's and operations owner's projects
fared, whether the practices (joint reviews, the handover checklist) went with better
outcomes, which go-lives earned the reward, and which projects still to go live are at risk.

The source articles' chain (presales promises, implementation inherits, operations absorbs
the complaints) is only visible when the same KPIs are read per person in each role.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from analytics import formatting, i18n, ui
from analytics.metrics import registry
from analytics.metrics.impact import (impact_months, impact_table, month_impact,
                                      practice_impact, sentences)
from analytics.metrics.reward import reward_owners, reward_projects
from analytics.metrics.risk import early_warning
from analytics.metrics.scorecards import OWNERS, SCORECARD_KPIS, scorecard

SHOWN: tuple[str, ...] = (
    "rank", "owner", *SCORECARD_KPIS, "tickets_created", "cycle_n", "n", "csat_low",
    "csat_high", "nps_n", "nps_low", "nps_high", "renewal_known", "low_n")
SPLITS: list[str] = ["joint_review", "handover_done", "month"]

lang = ui.lang()


def kpi_name(key: str) -> str:
    # the language fixed when drawn: Streamlit may call this outside the script run
    return i18n.t(registry.kpi(key).text_key("name"), lang)


def month_label(month: date) -> str:
    return f"{month:%Y-%m}"


filters = ui.current_filters()
settings = ui.settings()

st.title(ui.t("nav.people"))
ui.period_caption(filters)
if ui.no_store_data():
    st.stop()

# -- owner scorecards --------------------------------------------------------------------------
st.header(ui.t("people.scorecards.title"))
st.caption(ui.t("people.scorecards.caption", projects=settings.low_n_projects,
                answers=settings.low_confidence_n))
left, right = st.columns(2)
with left:
    role = st.segmented_control(ui.t("people.role"), OWNERS, default=OWNERS[0],
                                format_func=ui.labeller("role"), key="people_role")
with right:
    rank_by = st.selectbox(ui.t("people.rank_by"), SCORECARD_KPIS, key="people_rank_by",
                           index=SCORECARD_KPIS.index("complaint_rate"), format_func=kpi_name)
role = role or OWNERS[0]
cards = ui.query(scorecard, filters, by=role, rank_by=rank_by, settings=settings)
if cards.empty or cards["owner"].isna().all():
    st.info(ui.t("people.none_named", role=ui.t(f"role.{role}")), icon=":material/info:")
else:
    ui.table(cards.fillna({"owner": ui.t("people.unnamed")}), f"scorecard_{role}",
             key=f"people_scorecard_{role}", columns=SHOWN, height=420)

# -- change impact -----------------------------------------------------------------------------
st.header(ui.t("impact.title"))
st.caption(ui.t("impact.caption"))
split = st.segmented_control(ui.t("impact.split"), SPLITS, default=SPLITS[0],
                             format_func=ui.labeller("impact.split"), key="people_split")
split = split or SPLITS[0]
result = None
if split == "month":
    months, first = ui.query(impact_months, filters)
    if not months:
        st.info(ui.t("impact.month_outside"), icon=":material/info:")
    else:
        month = st.selectbox(ui.t("impact.month"), months,
                             index=months.index(first) if first in months else 0,
                             format_func=month_label, key="people_month")
        result = ui.query(month_impact, filters, month=month, settings=settings)
else:
    result = ui.query(practice_impact, filters, practice=split, settings=settings)
if result is not None:
    ui.table(impact_table(result, lang), f"change_impact_{split}", key="people_impact")
    for line in sentences(result, lang, settings=settings):
        st.markdown(f"- {line}")

# -- reward rule -------------------------------------------------------------------------------
st.header(ui.t("reward.title"))
st.caption(ui.t("reward.caption", months=settings.reward_months,
                priorities="/".join(settings.reward_priorities),
                csat=formatting.fmt_value(settings.reward_csat_pct, "fraction", lang)))
rewarded = ui.query(reward_projects, filters, settings=settings)
if rewarded.empty:
    st.info(ui.t("reward.none"), icon=":material/info:")
else:
    ui.table(rewarded, "reward_projects", key="people_reward", height=360)
    st.subheader(ui.t("reward.owners", role=ui.t(f"role.{role}")))
    ui.table(reward_owners(rewarded, role), f"reward_by_{role}", key="people_reward_owners")

# -- early warning -----------------------------------------------------------------------------
st.header(ui.t("risk.title"))
st.caption(ui.t("risk.caption"))
warning = ui.query(early_warning, None, settings=settings, lang=lang)
bt = warning.backtest
if warning.verdict == "ranked":
    st.success(warning.message, icon=":material/insights:")
else:
    st.info(warning.message, icon=":material/info:")
if bt.auc is not None:
    st.caption(ui.t("risk.backtest", n_train=bt.n_train, n_test=bt.n_test,
                    split=bt.split_date, auc=f"{bt.auc:.2f}", brier=f"{bt.brier:.3f}"))
if warning.verdict == "ranked":
    if warning.projects:
        ui.table(warning.frame(), "early_warning", key="people_risk", height=360)
    else:
        st.info(ui.t("risk.none_open"), icon=":material/info:")
