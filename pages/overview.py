"""Overview: the portfolio at a glance, and one project in detail.

Six headline KPIs with their change against the previous period of equal length and a
sparkline per period of the chosen grain; the project health table (red / amber / green with
the reasons that set it); and a drill-down into one project: its planned and actual
milestones, its tickets and its survey answers.
"""

from __future__ import annotations

import streamlit as st

from analytics import display, formatting, metrics, ui
from analytics.figures import overview as plots
from analytics.filters import Filters
from analytics.metrics import project_detail, project_health, satisfaction_summary

PROJECT_KEY = "ov_project"
HEALTH_TABLE_KEY = "ov_health_table"

lang = ui.lang()
filters = ui.current_filters()
grain = ui.grain()

st.title(ui.t("nav.overview"))
ui.period_caption(filters)
if ui.no_store_data():
    st.stop()

# -- headline KPIs -----------------------------------------------------------------------------
CARDS: tuple[str, ...] = ("complaint_rate", "resolution_median_hours", "sla_attainment",
                          "csat_pct", "nps", "on_time_golive_rate")
previous_filters = ui.query(metrics.previous_period, filters)
figures, previous = ui.figures_and_previous(CARDS, filters, previous_filters)
ui.comparison_caption(previous_filters)
ui.kpi_grid(CARDS, figures, previous, per_row=3, trends=ui.kpi_trends(CARDS, filters, grain),
            rows=filters, prefix="ov")
st.caption(ui.t("overview.sparkline_note", grain=ui.t(f"sidebar.grain.{grain}")))

# -- project health ----------------------------------------------------------------------------
st.header(ui.t("overview.health.title"))
health = ui.query(project_health, filters)
if health.empty:
    ui.nothing_selected()
    st.stop()

# counted from the table below: the same projects, one query fewer
ui.chart(plots.health_summary_figure(plots.health_counts(health), lang), "ov_rag")
st.caption(ui.t("overview.health.caption"))
project_ids = list(health["project_id"])


def _pick_from_table() -> None:
    """A row picked in the health table becomes the project shown below."""
    state = st.session_state.get(HEALTH_TABLE_KEY)
    rows = state.selection.rows if state is not None else []
    if rows and rows[0] < len(project_ids):
        st.session_state[PROJECT_KEY] = project_ids[rows[0]]


ui.table(health, "project_health", key=HEALTH_TABLE_KEY,
          columns=["rag", "project_name", "reasons", "notes", "customer", "phase", "status",
                   "implementation_lead", "slip_days", "csat_recent", "csat_recent_n",
                   "old_open_p1", "old_open_complaints", "recent_complaints", "project_id"],
          on_select=_pick_from_table)
reason_lines = display.health_reason_lines(health, lang)
if reason_lines:
    with st.expander(ui.t("overview.health.reasons", n=len(reason_lines)),
                     icon=":material/format_list_bulleted:"):
        st.markdown("\n".join(f"- {line}" for line in reason_lines))

# -- one project -------------------------------------------------------------------------------
st.header(ui.t("overview.project.title"))
if st.session_state.get(PROJECT_KEY) not in project_ids:
    st.session_state[PROJECT_KEY] = project_ids[0]
labels = display.project_labels(health, lang)
project_id = st.selectbox(ui.t("overview.project.pick"), project_ids, key=PROJECT_KEY,
                          format_func=lambda pid: labels.get(pid, pid),
                          help=ui.t("overview.project.pick_help"))
# measured on the same day as the health table above: the period's end
detail = ui.query(project_detail, project_id, today=ui.query(metrics.health_day, filters))
project = detail.project
if not project:
    ui.nothing_selected()
    st.stop()

info = st.columns(4)
info[0].markdown(f"**{ui.t('col.customer')}**  \n{project.get('customer') or '—'}")
info[1].markdown(f"**{ui.t('col.phase')}**  \n"
                 f"{formatting.value_text('phase', project.get('phase'), lang)} · "
                 f"{formatting.value_text('project_status', project.get('status'), lang)}")
info[2].markdown(f"**{ui.t('col.implementation_lead')}**  \n"
                 f"{project.get('implementation_lead') or '—'}")
info[3].markdown(f"**{ui.t('col.slip_days')}**  \n"
                 f"{formatting.fmt_value(project.get('slip_days'), 'days', lang)}")
if detail.health is not None:
    reasons = display.health_reasons(detail.health, lang)
    verdict = formatting.rag_text(detail.health["rag"], lang)
    st.markdown(f"**{verdict}** — " + ("; ".join(reasons) if reasons
                                       else ui.t("overview.project.no_reasons")))
    notes = display.health_notes(detail.health, lang)
    if notes:
        st.caption("; ".join(notes))
else:
    st.caption(ui.t("overview.project.not_running"))

ui.chart(plots.project_timeline_figure(detail.milestones, project, lang), "ov_timeline")

tab_tickets, tab_surveys, tab_milestones = st.tabs([
    ui.t("overview.project.tickets", n=len(detail.tickets)),
    ui.t("overview.project.surveys", n=len(detail.surveys)),
    ui.t("overview.project.milestones")])
with tab_tickets:
    if detail.tickets.empty:
        st.caption(ui.t("kpi.no_rows"))
    else:
        ui.table(detail.tickets, f"{project_id}_tickets", key="ov_project_tickets", height=320)
with tab_surveys:
    if detail.surveys.empty:
        st.caption(ui.t("kpi.no_rows"))
    else:
        # every answer the project ever gave, like the tables of this section
        answers = ui.query(satisfaction_summary, Filters(projects=(project_id,)))
        cells = st.columns(3)
        with cells[0]:
            ui.kpi("survey_responses", answers, card_key="ov_p_responses",
                   label=ui.t("overview.project.responses"))
        with cells[1]:
            ui.kpi("csat_pct", answers, card_key="ov_p_csat", label=ui.t("overview.project.csat"))
        with cells[2]:
            ui.kpi("nps", answers, card_key="ov_p_nps", label=ui.t("overview.project.nps"))
        ui.table(detail.surveys, f"{project_id}_surveys", key="ov_project_surveys", height=320)
with tab_milestones:
    ui.table(detail.milestones, f"{project_id}_milestones", key="ov_project_milestones")
