"""People: how each presales owner's, implementation lead's and operations owner's projects
fared, ranked, with the figures resting on too few projects or answers marked.

The source articles' chain (presales promises, implementation inherits, operations absorbs
the complaints) is only visible when the same KPIs are read per person in each role.
"""

from __future__ import annotations

import streamlit as st

from analytics import i18n, ui
from analytics.metrics import registry
from analytics.metrics.scorecards import OWNERS, SCORECARD_KPIS, scorecard
from analytics.settings import load_settings

SHOWN: tuple[str, ...] = (
    "rank", "owner", *SCORECARD_KPIS, "tickets_created", "cycle_n", "n", "csat_low",
    "csat_high", "nps_n", "nps_low", "nps_high", "renewal_known", "low_n")

lang = ui.lang()


def kpi_name(key: str) -> str:
    # the language fixed when drawn: Streamlit may call this outside the script run
    return i18n.t(registry.kpi(key).text_key("name"), lang)


filters = ui.current_filters()
settings = load_settings()

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
cards = ui.query(scorecard, filters, role, rank_by, settings)
if cards.empty or cards["owner"].isna().all():
    st.info(ui.t("people.none_named", role=ui.t(f"role.{role}")), icon=":material/info:")
else:
    ui.table(cards.fillna({"owner": ui.t("people.unnamed")}), f"scorecard_{role}",
             key=f"people_scorecard_{role}", columns=SHOWN, height=420)
