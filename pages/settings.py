"""Settings (admins only): targets, health thresholds, small-sample thresholds and the working
calendar, for everyone using this Delivery Pulse, with the history of who changed what.

One text box per setting, as a person writes the value ("5%", "24", "09:00-18:00"); a save
checks every value first and writes nothing if one is refused, each refusal shown under its
box. The page is registered for admins only (app.py), and the store refuses a save from anyone
else (analytics/settings_store.py).
"""

from __future__ import annotations

import streamlit as st

from analytics import settings_store, ui

PREFIX = "setting_"
OUTCOME_KEY = "_settings_outcome"

st.title(ui.t("nav.settings"))
if not ui.visitor().can("settings"):
    st.error(ui.t("settings.admin_only"), icon=":material/lock:")
    st.stop()
st.caption(ui.t("settings.intro"))

in_force = ui.setting_texts()
defaults = ui.default_texts()
for name, text in in_force.items():  # the boxes start from the values in force
    st.session_state.setdefault(PREFIX + name, text)


def _save() -> None:
    entered = {name: st.session_state.get(PREFIX + name, "") for name in in_force}
    outcome = ui.save_settings(entered)
    st.session_state[OUTCOME_KEY] = outcome
    if not outcome.problems:  # the boxes show what is now in force (an empty one its default)
        for name, text in ui.setting_texts().items():
            st.session_state[PREFIX + name] = text


outcome: ui.SaveOutcome | None = st.session_state.pop(OUTCOME_KEY, None)
if outcome is not None:
    if outcome.problems:
        st.error(ui.t("settings.refused", n=len(outcome.problems)))
    elif outcome.changed:
        st.success(ui.t("settings.saved", names=", ".join(
            ui.t(f"settings.name.{n}") for n in outcome.changed)))
    else:
        st.info(ui.t("settings.unchanged"))
problems = outcome.problems if outcome is not None else {}

with st.form("settings_form", border=False):
    for group in settings_store.GROUPS:
        st.subheader(ui.t(f"settings.group.{group}"), anchor=False)
        items = [e for e in settings_store.EDITABLE if e.group == group]
        columns = st.columns(2)
        for i, item in enumerate(items):
            with columns[i % 2]:
                st.text_input(ui.t(f"settings.name.{item.name}"), key=PREFIX + item.name,
                              help=ui.t("settings.default", value=defaults[item.name] or "—"))
                if item.name in problems:
                    st.error(problems[item.name])
    st.form_submit_button(ui.t("settings.save"), type="primary", on_click=_save,
                          key="settings_save")

st.header(ui.t("settings.history.title"), anchor=False)
changes = ui.settings_history()
if changes.empty:
    st.caption(ui.t("settings.history.empty"))
else:
    changes["name"] = [ui.t(f"settings.name.{n}") for n in changes["name"]]
    for column in ("old_value", "new_value"):
        changes[column] = [v or ui.t("settings.history.default") for v in changes[column]]
    st.dataframe(changes.rename(columns={c: ui.t(f"settings.col.{c}") for c in changes.columns}),
                 hide_index=True, width="stretch")
