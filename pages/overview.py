"""Placeholder for the overview page; it only names itself until the page is written."""

import streamlit as st

from analytics import ui

st.title(ui.t("nav.overview"))
