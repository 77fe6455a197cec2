"""The Overview page's figures: projects per health status, and one project's plan against
what happened."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ..formatting import fmt_date, is_missing, pct_text, rag_text, value_text
from ..i18n import t
from ..palette import GREEN, GREY, LIGHT_BLUE, RAG_COLOURS, RED
from .layout import finish, hover_data


def health_counts(health: pd.DataFrame) -> pd.DataFrame:
    """Projects per health status (red, amber, green, zeros included) counted from a
    ``project_health`` frame: the figures of ``metrics.health_summary`` for the same filters,
    without querying the store a second time.

    Columns: rag, projects, share.
    """
    counts = health["rag"].value_counts()
    projects = [int(counts.get(rag, 0)) for rag in RAG_COLOURS]
    total = sum(projects)
    return pd.DataFrame({"rag": list(RAG_COLOURS), "projects": projects,
                         "share": [p / total if total else None for p in projects]})


def health_summary_figure(df: pd.DataFrame, lang: str) -> go.Figure:
    """Projects per RAG status as one stacked horizontal bar."""
    fig = go.Figure()
    for row in df.to_dict("records"):
        name = rag_text(row["rag"], lang)
        fig.add_bar(x=[row["projects"]], y=[""], orientation="h", name=name,
                    marker_color=RAG_COLOURS.get(row["rag"], GREY),
                    text=[f"{name}  {row['projects']}"], textposition="inside",
                    insidetextanchor="middle", textfont=dict(color="white", size=14),
                    customdata=hover_data(status=[name], projects=[row["projects"]],
                                          share=[pct_text(row["share"])]),
                    hovertemplate=t("chart.hover.rag", lang) + "<extra></extra>")
    fig.update_layout(barmode="stack")
    finish(fig, t("chart.health_summary.title", lang), t("chart.axis.projects", lang), None,
            height=170, hovermode="closest", legend=False)
    return fig


def project_timeline_figure(milestones: pd.DataFrame, project: Mapping[str, Any], lang: str,
                            today: Any = None) -> go.Figure:
    """One project's plan against what happened: a "plan" bar from kickoff to the planned
    go-live, an "actual" bar from kickoff to the go-live (or to today while not live), and
    every recorded milestone as a labelled dot."""
    plan_row, actual_row = t("chart.timeline.plan", lang), t("chart.timeline.actual", lang)
    start = project.get("kickoff_date") or project.get("signed_date")
    planned: Any = project.get("planned_golive_date")
    actual: Any = project.get("actual_golive_date")
    live = bool(project.get("live"))
    if is_missing(today) and not live and not is_missing(planned) \
            and not is_missing(project.get("slip_days")):
        # not live: slip is measured to "today", so the plan plus the slip is that day
        today = planned + timedelta(days=int(project["slip_days"]))
    fig = go.Figure()
    if not is_missing(start) and not is_missing(planned):
        fig.add_scatter(x=[start, planned], y=[plan_row, plan_row], mode="lines",
                        line=dict(color=LIGHT_BLUE, width=14), name=t("chart.planned", lang),
                        hoverinfo="skip")
    end = actual if live else today
    if not is_missing(start) and not is_missing(end):
        late = not is_missing(planned) and end > planned
        fig.add_scatter(x=[start, end], y=[actual_row, actual_row], mode="lines",
                        line=dict(color=RED if late else GREEN, width=14),
                        name=t("chart.timeline.actual", lang), hoverinfo="skip")
    xs, ys, text, custom = [], [], [], []
    for row in milestones.to_dict("records"):
        name = value_text("milestone", row["milestone"], lang)
        if not is_missing(row.get("planned_date")):
            xs.append(row["planned_date"])
            ys.append(plan_row)
            text.append(name)
            custom.append({"milestone": name, "date": fmt_date(row["planned_date"], lang),
                           "row": plan_row})
        if not is_missing(row.get("actual_date")):
            xs.append(row["actual_date"])
            ys.append(actual_row)
            text.append(name)
            custom.append({"milestone": name, "date": fmt_date(row["actual_date"], lang),
                           "row": actual_row})
    if xs:
        fig.add_scatter(x=xs, y=ys, mode="markers+text", text=text, textposition="top center",
                        marker=dict(size=11, color="white", line=dict(color="black", width=2)),
                        name=t("chart.milestones", lang), customdata=custom,
                        hovertemplate=t("chart.hover.milestone", lang) + "<extra></extra>")
    if not is_missing(today) and not live:
        fig.add_scatter(x=[today, today], y=[plan_row, actual_row], mode="lines",
                        line=dict(color=GREY, dash="dash", width=1), name=t("chart.today", lang),
                        hoverinfo="skip")
    finish(fig, t("chart.project_timeline.title", lang), t("chart.axis.date", lang), None,
            height=300, hovermode="closest")
    fig.update_yaxes(type="category", categoryorder="array",
                     categoryarray=[actual_row, plan_row], automargin=True, range=[-0.6, 1.7])
    return fig
