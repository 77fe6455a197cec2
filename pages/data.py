"""Data page: upload files, check how they will be read, import them, and see what happened.

Every file is previewed before anything is written: the detected table and header row, and
the header -> column mapping as an editable table, because a wrong guess is cheaper to fix
here than after the import. Imports go to the store the whole server shares (see
analytics/ui/stores.py), for visitors whose role allows it; the history lists every batch, and
an editor can undo one, after confirming, for everyone.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from analytics import i18n, ingest, private_files, readers, safe_import, store, ui
from analytics.messages import text_of

TABLE_CHOICES: tuple[str, ...] = ("auto", "projects", "tickets", "surveys")
MB = 1024 * 1024
RESULTS_KEY = "_import_results"
GENERATION_KEY = "_uploader_generation"
UNDO_PENDING_KEY = "_undo_pending"
UNDO_DONE_KEY = "_undo_done"
UNDO_BATCH_KEY = "undo_batch"


def store_summary() -> None:
    counts = ui.query(store.table_counts)
    language = ui.lang()
    st.markdown(ui.t("datapage.store_counts",
                     **{k: i18n.format_number(v, language) for k, v in counts.items()}))
    if ui.visitor().can("import"):
        st.caption(":material/group: " + ui.t("datapage.shared_note"))


def sheet_preview(file_id: str, table_choice: str | None, index: int, plan: ingest.SheetPlan,
                  slot: st.delta_generator.DeltaGenerator) -> dict[str, str]:
    """Draw one sheet's detection and mapping editor; return the user's mapping changes.

    The editor always starts from the detection without edits, so its edit state stays valid
    across reruns; the effect of the edits is shown below it (in ``slot``) by the caller.
    """
    language = ui.lang()
    if plan.sheet:
        st.markdown(f"**{ui.t('datapage.sheet_title', sheet=plan.sheet)}**")
    if plan.table is None:
        slot.warning(ui.t("datapage.sheet_skipped", reason=text_of(plan.message, ui.lang())))
        return {}
    st.caption(ui.t("datapage.sheet_summary", table=ui.t(f"datapage.table.{plan.table}"),
                    row=plan.header_row, rows=i18n.format_number(plan.rows, language)))
    edited = st.data_editor(
        ui.mapping_frame(plan, language),
        key=f"mapping_{file_id}_{table_choice}_{index}",
        hide_index=True,
        num_rows="fixed",
        disabled=["header", "sample"],
        column_config={
            "header": st.column_config.TextColumn(ui.t("datapage.col.header")),
            "sample": st.column_config.TextColumn(ui.t("datapage.col.sample")),
            "column": st.column_config.SelectboxColumn(
                ui.t("datapage.col.maps_to"), options=ui.mapping_choices(plan.table, language),
                required=True, help=ui.t("datapage.mapping_help")),
        },
    )
    date_orders(plan)
    with st.expander(ui.t("datapage.sample_rows")):
        st.dataframe(plan.sample, hide_index=True, placeholder="—")
    return ui.mapping_overrides(plan, edited, ingest.KEEP_AS_EXTRA)


def _reading(value: datetime | None) -> str:
    if value is None:
        return ui.t("datapage.dates.unread")
    text = value.isoformat(sep=" ")
    return text.removesuffix(" 00:00:00").removesuffix(":00") if " " in text else text


def date_orders(plan: ingest.SheetPlan) -> None:
    """Per date column: the day/month order decided and why, and a few raw values beside how
    they will be read, before anything is imported (open: a wrong date costs more than a look)."""
    orders = ingest.date_preview(plan)
    if not orders:
        return
    with st.expander(ui.t("datapage.dates_title"), expanded=True, icon=":material/event:"):
        for d in orders:
            line = ui.t(f"datapage.dates.{d.basis}", column=d.column, order=ui.t(f"ingest.order.{d.order}"),
                        evidence=d.evidence or "", source=d.source or "",
                        others=d.month_proof if d.day_first else d.day_proof)
            if d.unreadable:
                line += " · " + ui.t("datapage.dates.unreadable", n=d.unreadable)
            shown = " · ".join(ui.t("datapage.dates.example", raw=raw, read=_reading(read))
                               for raw, read in d.examples)
            st.markdown(f"{line}  \n{shown}" if shown else line)


def file_preview(uploaded: UploadedFile, cap_mb: int) -> ui.ImportItem | None:
    """Preview one uploaded file; the item to import when at least one sheet is usable."""
    with st.container(border=True):
        st.subheader(uploaded.name, anchor=False)
        if uploaded.size > cap_mb * MB:
            st.error(ui.t("datapage.too_big", name=uploaded.name,
                          size=f"{uploaded.size / MB:.1f}", cap=cap_mb))
            return None
        try:
            path = ui.save_upload(uploaded.file_id, uploaded.name, uploaded.getvalue())
        except private_files.NoRoom as e:
            st.error(ui.t("datapage.no_room", needed=f"{e.needed_mb:.1f}", cap=e.cap_mb))
            return None
        choice = st.selectbox(ui.t("datapage.table"), TABLE_CHOICES,
                              format_func=ui.labeller("datapage.table"),
                              key=f"table_{uploaded.file_id}", help=ui.t("datapage.table_help"))
        table = None if choice == "auto" else choice
        detected = ui.preview_upload(path, uploaded.name, table)
        if detected.error:
            st.error(ui.t("datapage.unreadable", name=uploaded.name, reason=text_of(detected.error, ui.lang())))
            return None
        overrides: dict[str, str] = {}
        slots = []
        for i, plan in enumerate(detected.plans):
            slot = st.container()
            overrides.update(sheet_preview(uploaded.file_id, choice, i, plan, slot))
            slots.append(slot)
        effective = ui.preview_upload(path, uploaded.name, table, overrides) if overrides else detected
        if effective.error:
            st.error(ui.t("datapage.unreadable", name=uploaded.name, reason=text_of(effective.error, ui.lang())))
            return None
        for plan, slot in zip(effective.plans, slots):
            if plan.table is None:
                continue
            if plan.missing_required:
                slot.error(ui.t("datapage.missing_required",
                                columns=", ".join(plan.missing_required)))
            elif plan.message:
                slot.warning(ui.t("datapage.sheet_skipped", reason=text_of(plan.message, ui.lang())))
        if not any(p.usable for p in effective.plans):
            return None
        return ui.ImportItem(path, uploaded.name, table, overrides)


def run_import(items: list[ui.ImportItem]) -> None:
    """Import the files into the shared store with a progress bar, keep the outcomes for
    display, and rerun so every widget (counts, sidebar options) sees the data."""
    con = ui.get_connection()
    who = ui.visitor().label
    outcomes: list[ui.ImportOutcome] = []
    with st.status(ui.t("datapage.importing"), expanded=True) as status:
        bar = st.progress(0.0)
        for i, item in enumerate(items):
            def progress(fraction: float, _text: str, i: int = i, name: str = item.name) -> None:
                overall = min(1.0, (i + min(max(fraction, 0.0), 1.0)) / len(items))
                bar.progress(overall, text=ui.t("datapage.progress", name=name,
                                                pct=int(overall * 100)))

            try:
                report = safe_import.import_file(con, item.path, file_name=item.name,
                                                 table=item.table, mapping=item.mapping or None,
                                                 progress=progress, imported_by=who)
                outcomes.append(ui.ImportOutcome(item.name, report=report))
            except (ingest.IngestError, store.StoreError, duckdb.Error, OSError) as e:
                outcomes.append(ui.ImportOutcome(item.name, error=ui.problem_text(e)))
        failed = any(o.error for o in outcomes)
        status.update(label=ui.t("datapage.import_partly" if failed else "datapage.import_done"),
                      state="error" if failed else "complete")
    st.session_state[RESULTS_KEY] = outcomes
    st.session_state[GENERATION_KEY] = st.session_state.get(GENERATION_KEY, 0) + 1
    st.session_state.pop(UNDO_BATCH_KEY, None)  # the undo list offers the newest batch again
    st.rerun()


def import_results() -> None:
    outcomes: list[ui.ImportOutcome] = st.session_state.get(RESULTS_KEY) or []
    if not outcomes:
        return
    language = ui.lang()
    st.subheader(ui.t("datapage.results"), anchor=False)
    for n, outcome in enumerate(outcomes):
        if outcome.error or outcome.report is None:
            st.error(ui.t("datapage.file_refused", name=outcome.name, reason=outcome.error))
            continue
        if outcome.report.message is not None:  # this very file was imported before
            st.info(text_of(outcome.report.message, language))
            continue
        st.success(ui.t("datapage.file_imported", name=outcome.name,
                        imported=i18n.format_number(outcome.total("rows_imported"), language),
                        folded=i18n.format_number(outcome.total("rows_folded"), language),
                        rejected=i18n.format_number(outcome.total("rows_rejected"), language)))
        st.dataframe(ui.report_frame(outcome.report, language), hide_index=True, placeholder="—")
        for sheet in outcome.report.sheets:
            if sheet.message:
                st.info(ui.t("datapage.sheet_not_imported", sheet=sheet.sheet or outcome.name,
                             reason=text_of(sheet.message, language)))
            for note in getattr(sheet, "notes", None) or ():
                st.caption(ui.t("datapage.sheet_note", sheet=sheet.sheet or outcome.name,
                                note=text_of(note, language)))
        issues = ui.query(ui.import_issues, outcome.batch_ids, language)
        if len(issues):
            st.markdown(f"**{ui.t('datapage.rejected')}**")
            st.dataframe(ui.localise_columns(issues, language), hide_index=True, placeholder="—")
            ui.download_buttons(issues, f"{Path(outcome.name).stem}_rejected", key=f"rejected_{n}")
        else:
            st.caption(ui.t("datapage.no_rejects"))


def upload_tab() -> None:
    if not ui.visitor().can("import"):
        st.info(ui.t("datapage.viewer_note"), icon=":material/visibility:")
        return
    cap = ui.upload_cap_mb()
    generation = st.session_state.get(GENERATION_KEY, 0)
    files = st.file_uploader(
        ui.t("datapage.uploader"), type=[s.lstrip(".") for s in readers.SUPPORTED],
        accept_multiple_files=True, key=f"uploader_{generation}", max_upload_size=max(cap, 1),
        help=ui.t("datapage.uploader_help", cap=cap)) or []
    ui.uploader_texts(f"uploader_{generation}", cap, readers.SUPPORTED)
    ui.forget_uploads({f.file_id for f in files})
    items = [item for f in files if (item := file_preview(f, cap)) is not None]
    if files:
        if not items:
            st.warning(ui.t("datapage.nothing_to_import"))
        if st.button(ui.t("datapage.import_button", n=len(items)), type="primary",
                     disabled=not items, key="import", icon=":material/database_upload:"):
            run_import(items)
    import_results()


def history_tab() -> None:
    done = st.session_state.pop(UNDO_DONE_KEY, None)
    if done:
        st.success(ui.t("datapage.undo_done", batch=done[0], file=done[1]))
    history = ui.query(ui.import_history)
    if history.empty:
        ui.empty_state(ui.t("datapage.history_empty"), link_to_data=False)
        return
    st.dataframe(ui.localise_columns(history, ui.lang()), hide_index=True, placeholder="—")
    ui.download_buttons(history, "import_history", key="history")
    if ui.visitor().can("undo"):
        undo_section()


def undo_section() -> None:
    """Pick a batch, ask, then undo it. Two steps, so a click never takes data away alone."""
    st.subheader(ui.t("datapage.undo_title"), anchor=False)
    st.caption(ui.t("datapage.undo_intro"))
    candidates = ui.query(ui.undoable_batches)
    if candidates.empty:
        st.caption(ui.t("datapage.undo_none"))
        return
    language = ui.lang()
    rows = {int(r.batch_id): r for r in candidates.itertuples()}

    def label(batch: int) -> str:
        r = rows[batch]
        return ui.t("datapage.undo_option", batch=batch,
                    file=r.file_name + (f" [{r.sheet}]" if isinstance(r.sheet, str) else ""),
                    table=ui.t(f"datapage.table.{r.table_name}"),
                    when=str(r.imported_at)[:16],
                    rows=i18n.format_number(int(r.rows_imported or 0), language))

    chosen = st.selectbox(ui.t("datapage.undo_batch"), list(rows), format_func=label,
                          key=UNDO_BATCH_KEY)
    pending = st.session_state.get(UNDO_PENDING_KEY)
    if pending is None or pending not in rows:
        if st.button(ui.t("datapage.undo_button"), key="undo", icon=":material/undo:"):
            st.session_state[UNDO_PENDING_KEY] = chosen
            st.rerun()
        return
    r = rows[pending]
    st.warning(ui.t("datapage.undo_confirm_text", batch=pending, file=r.file_name,
                    rows=i18n.format_number(int(r.rows_imported or 0), language)),
               icon=":material/warning:")
    yes, no = st.columns(2)
    if yes.button(ui.t("datapage.undo_confirm"), type="primary", key="undo_confirm"):
        st.session_state.pop(UNDO_PENDING_KEY, None)
        try:
            store.undo(ui.get_connection(), pending, by=ui.visitor().label)
        except (store.StoreError, duckdb.Error, OSError) as e:
            st.error(ui.t("datapage.undo_failed", batch=pending, reason=ui.problem_text(e)))
            return
        st.session_state[UNDO_DONE_KEY] = (pending, r.file_name)
        st.session_state.pop(UNDO_BATCH_KEY, None)
        st.rerun()
    if no.button(ui.t("datapage.undo_cancel"), key="undo_cancel"):
        st.session_state.pop(UNDO_PENDING_KEY, None)
        st.rerun()


def template_tab() -> None:
    language = ui.lang()
    st.markdown(ui.t("datapage.template_intro"))
    row = st.container(horizontal=True)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    row.download_button(ui.t("datapage.template_en"), ui.template_bytes("en", language),
                         file_name="delivery_pulse_template.xlsx", mime=xlsx,
                         key="template_en", on_click="ignore", icon=":material/download:")
    row.download_button(ui.t("datapage.template_zh"), ui.template_bytes("zh", language),
                          file_name="delivery_pulse_template_zh.xlsx", mime=xlsx,
                          key="template_zh", on_click="ignore", icon=":material/download:")


st.title(ui.t("nav.data"), anchor=False)
st.caption(ui.t("datapage.intro"))
store_summary()
upload, history, template = st.tabs([ui.t("datapage.tab_upload"), ui.t("datapage.tab_history"),
                                     ui.t("datapage.tab_template")])
with upload:
    upload_tab()
with history:
    history_tab()
with template:
    template_tab()
