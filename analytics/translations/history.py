"""The shared store on the Data page: where imports go, who may import, the import history
and undoing a batch."""

STRINGS: dict[str, dict[str, str]] = {
    "datapage.shared_note": {
        "en": "Imports go to the store this whole server shares: after the import everyone sees "
              "the data, and the import history lists who imported what.",
        "zh": "导入的数据进入本服务器共享的数据库：导入后所有人都能看到，导入记录会列出谁导入了什么。",
    },
    "datapage.viewer_note": {
        "en": "Your role lets you read the import history; importing and undoing need the editor "
              "role. To look at a file of your own, open it on the Explore page.",
        "zh": "你的角色可以查看导入记录；导入和撤销需要编辑者角色。如需分析自己的文件，请在“探索”页打开。",
    },
    "datapage.col.rows_added": {"en": "New", "zh": "新增"},
    "datapage.col.rows_changed": {"en": "Changed", "zh": "变更"},
    "datapage.col.rows_unchanged": {"en": "Unchanged", "zh": "未变"},
    "datapage.col.rows_stale": {"en": "Older than stored", "zh": "旧于已存"},
    "datapage.col.imported_by": {"en": "By", "zh": "导入人"},
    "datapage.col.undone_at": {"en": "Undone at", "zh": "撤销时间"},
    "datapage.col.undone_by": {"en": "Undone by", "zh": "撤销人"},
    "datapage.undo_title": {"en": "Undo an import", "zh": "撤销导入"},
    "datapage.undo_intro": {
        "en": "Undoing a batch takes its rows out of the store and brings back the versions it "
              "replaced, for everyone.",
        "zh": "撤销一个批次会从数据库中移除它导入的行，并恢复被它替换的版本，对所有人生效。",
    },
    "datapage.undo_batch": {"en": "Batch", "zh": "批次"},
    "datapage.undo_option": {
        "en": "#{batch} · {file} · {table} · {when} · {rows} [[rows:row|rows]]",
        "zh": "#{batch} · {file} · {table} · {when} · {rows} 行",
    },
    "datapage.undo_none": {
        "en": "There is no import that can be undone.",
        "zh": "没有可以撤销的导入。",
    },
    "datapage.undo_button": {"en": "Undo this import…", "zh": "撤销此次导入…"},
    "datapage.undo_confirm_text": {
        "en": "Undo batch {batch} ({file}, {rows} [[rows:row|rows]])? Its rows leave the store and the "
              "versions it replaced come back, for everyone.",
        "zh": "确定撤销批次 {batch}（{file}，{rows} 行）吗？其导入的行将被移除，被它替换的版本将恢复，对所有人生效。",
    },
    "datapage.undo_confirm": {"en": "Yes, undo it", "zh": "确定撤销"},
    "datapage.undo_cancel": {"en": "Cancel", "zh": "取消"},
    "datapage.undo_done": {
        "en": "Batch {batch} ({file}) was undone; the versions it replaced are back.",
        "zh": "批次 {batch}（{file}）已撤销，被它替换的版本已恢复。",
    },
    "datapage.undo_failed": {"en": "Batch {batch} was not undone: {reason}",
                             "zh": "批次 {batch} 未能撤销：{reason}"},
}
