"""The Quarterly retro page's figure: the complaint categories that rose."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..formatting import is_missing, quarter_label
from ..i18n import t
from ..palette import LIGHT_GREY, RED
from .layout import finish, hover_data


def rising_categories_figure(df: pd.DataFrame, quarter: str, previous: str,
                             lang: str) -> go.Figure:
    """Complaints per category in the previous and the current quarter, for the categories
    that rose."""
    names = [v if not is_missing(v) else t("common.unspecified", lang) for v in df["category"]]
    fig = go.Figure()
    fig.add_bar(x=names, y=df["previous"], name=quarter_label(previous, lang),
                marker_color=LIGHT_GREY,
                hovertemplate=t("chart.hover.category_count", lang,
                                 quarter=quarter_label(previous, lang)) + "<extra></extra>")
    fig.add_bar(x=names, y=df["current"], name=quarter_label(quarter, lang), marker_color=RED,
                customdata=hover_data(change=df["change"]),
                hovertemplate=t("chart.hover.category_count_change", lang,
                                 quarter=quarter_label(quarter, lang)) + "<extra></extra>")
    fig.update_layout(barmode="group")
    finish(fig, t("chart.rising_categories.title", lang), t("chart.axis.category", lang),
            t("chart.axis.complaints", lang), hovermode="x unified")
    fig.update_yaxes(rangemode="tozero", dtick=1 if df["current"].max() <= 10 else None)
    return fig
