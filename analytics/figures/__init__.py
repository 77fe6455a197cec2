"""Plotly figures for the report pages, one module per page.

Pages stay thin: they fetch metric frames (through ``ui.query``) and hand them to a builder
here, which returns a figure ready to show. Nothing in this package queries the store or
imports Streamlit, so every figure can be built and checked in a plain test. What every figure
shares (title band, axes, conventions) is in :mod:`.layout`; colours in
:mod:`analytics.palette`; values as text in :mod:`analytics.formatting`.
"""

from . import complaints, cycle_times, layout, overview, retro, satisfaction

__all__ = ["complaints", "cycle_times", "layout", "overview", "retro", "satisfaction"]
