"""Strings of the Data page (upload, preview, import, history) and the blank template."""

STRINGS: dict[str, dict[str, str]] = {
    "datapage.intro": {
        "en": "Upload Excel or CSV exports of projects, tickets and surveys. Each file is "
              "previewed first: check the detected table and the header mapping, then import.",
        "zh": "上传项目、工单、问卷的 Excel 或 CSV 导出文件。导入前会先预览：请核对识别出的数据表和表头对应关系，再导入。",
    },
    "datapage.tab_upload": {"en": "Upload", "zh": "上传"},
    "datapage.tab_history": {"en": "Import history", "zh": "导入记录"},
    "datapage.tab_template": {"en": "Blank template", "zh": "空白模板"},
    "datapage.store_counts": {
        "en": "In the store now: {projects} [[projects:project|projects]], {tickets} [[tickets:ticket|tickets]], {surveys} [[surveys:survey response|survey responses]].",
        "zh": "当前数据：{projects} 个项目，{tickets} 张工单，{surveys} 份问卷。",
    },
    "datapage.uploader": {
        "en": "Excel or text files (xlsx, xls, csv, tsv, txt …)",
        "zh": "Excel 或文本文件（xlsx、xls、csv、tsv、txt 等）",
    },
    "datapage.uploader_help": {
        "en": "Up to {cap} MB per file. CSV files may be UTF-8, UTF-16 or GBK.",
        "zh": "每个文件不超过 {cap} MB。CSV 文件可为 UTF-8、UTF-16 或 GBK 编码。",
    },
    "datapage.too_big": {
        "en": "{name} is {size} MB, larger than the {cap} MB limit, so it was not read. "
              "Split it or export fewer rows.",
        "zh": "{name} 大小为 {size} MB，超过 {cap} MB 的上限，未读取。请拆分文件或减少导出行数。",
    },
    "datapage.unreadable": {
        "en": "{name} cannot be used: {reason}",
        "zh": "{name} 无法使用：{reason}",
    },
    "datapage.table": {"en": "Table", "zh": "数据表"},
    "datapage.table_help": {
        "en": "Detected from the headers; choose one if the detection is wrong.",
        "zh": "根据表头自动识别；如识别有误，请手动选择。",
    },
    "datapage.table.auto": {"en": "Detect automatically", "zh": "自动识别"},
    "datapage.table.projects": {"en": "Projects", "zh": "项目"},
    "datapage.table.tickets": {"en": "Tickets", "zh": "工单"},
    "datapage.table.surveys": {"en": "Surveys", "zh": "问卷"},
    "datapage.sheet_title": {"en": "Sheet {sheet}", "zh": "工作表 {sheet}"},
    "datapage.sheet_summary": {
        "en": "{table} · header on row {row} · {rows} [[rows:data row|data rows]]",
        "zh": "{table} · 表头在第 {row} 行 · {rows} 行数据",
    },
    "datapage.sheet_skipped": {
        "en": "This sheet will be skipped: {reason}",
        "zh": "此工作表将被跳过：{reason}",
    },
    "datapage.mapping": {"en": "Header mapping", "zh": "表头对应关系"},
    "datapage.mapping_help": {
        "en": "Change a column to correct the mapping; headers kept as extra are stored too, "
              "just not used by the metrics.",
        "zh": "可修改右列以更正对应关系；“保留为附加列”的表头同样会保存，只是不参与指标计算。",
    },
    "datapage.keep_extra": {"en": "(keep as extra)", "zh": "（保留为附加列）"},
    "datapage.missing_required": {
        "en": "Required columns missing: {columns}. Map a header to each in the table above.",
        "zh": "缺少必需列：{columns}。请在上表中为其指定对应的表头。",
    },
    "datapage.sample_rows": {"en": "First rows as read", "zh": "读取到的前几行"},
    "datapage.dates_title": {"en": "How dates will be read", "zh": "日期将如何读取"},
    "datapage.dates.proven": {"en": "**{column}**: {order}, as {evidence} proves",
                              "zh": "**{column}**：{order}，由 {evidence} 证明"},
    "datapage.dates.mixed": {
        "en": "**{column}**: {order}, the majority; {others} [[others:value|values]] written the other way will be unreadable",
        "zh": "**{column}**：按多数的{order}读取；另一种写法的 {others} 个值将无法读取"},
    "datapage.dates.sheet": {"en": "**{column}**: {order}, like column {source}, whose values prove it",
                             "zh": "**{column}**：{order}，与 {source} 列一致（该列的值可证明）"},
    "datapage.dates.default": {
        "en": "**{column}**: day-first; nothing in the file tells day-first from month-first, check the "
              "readings below",
        "zh": "**{column}**：日在前；文件中没有可区分日/月顺序的值，请核对下方的读取结果"},
    "datapage.dates.none": {"en": "**{column}**: no day/month order to decide",
                            "zh": "**{column}**：无需判定日/月顺序"},
    "datapage.dates.unreadable": {"en": "{n} [[n:value|values]] cannot be read as dates",
                                  "zh": "{n} 个值无法读作日期"},
    "datapage.dates.example": {"en": "`{raw}` → {read}", "zh": "`{raw}` → {read}"},
    "datapage.dates.unread": {"en": "unreadable", "zh": "无法读取"},
    "datapage.import_button": {"en": "Import {n} [[n:file|files]]", "zh": "导入 {n} 个文件"},
    "datapage.nothing_to_import": {
        "en": "None of the uploaded files can be imported as they are.",
        "zh": "已上传的文件均无法直接导入。",
    },
    "datapage.importing": {"en": "Importing…", "zh": "正在导入…"},
    "datapage.progress": {"en": "{name}: {pct}%", "zh": "{name}：{pct}%"},
    "datapage.import_done": {"en": "Import finished", "zh": "导入完成"},
    "datapage.import_partly": {
        "en": "Import finished; some files were not imported",
        "zh": "导入完成，部分文件未导入",
    },
    "datapage.results": {"en": "Import results", "zh": "导入结果"},
    "datapage.file_refused": {
        "en": "{name} was not imported: {reason}",
        "zh": "{name} 未导入：{reason}",
    },
    "datapage.file_imported": {
        "en": "{name}: rows imported {imported}, folded into earlier versions {folded}, "
              "rejected {rejected}.",
        "zh": "{name}：导入 {imported} 行，合并重复版本 {folded} 行，拒绝 {rejected} 行。",
    },
    "datapage.sheet_not_imported": {
        "en": "Sheet {sheet} was skipped: {reason}",
        "zh": "工作表 {sheet} 已跳过：{reason}",
    },
    "datapage.sheet_note": {"en": "{sheet}: {note}", "zh": "{sheet}：{note}"},
    "datapage.rejected": {"en": "Rejected rows and warnings", "zh": "被拒绝的行与警告"},
    "datapage.no_rejects": {
        "en": "Every row read was imported.",
        "zh": "读取到的所有行均已导入。",
    },
    "datapage.history_empty": {
        "en": "Nothing has been imported yet.",
        "zh": "尚未导入任何数据。",
    },
    "datapage.template_intro": {
        "en": "A workbook with one sheet per table and the column names the import knows. "
              "Required columns are highlighted; each header has a note with its type and "
              "allowed values. Your own headers work too: the import recognises Chinese, "
              "English, Jira, Zendesk and ServiceNow names.",
        "zh": "模板每张数据表一个工作表，列名均可被导入识别。必填列已高亮，每个表头的批注说明了类型和可选值。"
              "你也可以使用自己的表头：导入可识别中文、英文以及 Jira、Zendesk、ServiceNow 的列名。",
    },
    "datapage.template_en": {
        "en": "Template with English headers",
        "zh": "模板（英文表头）",
    },
    "datapage.template_zh": {
        "en": "Template with Chinese headers",
        "zh": "模板（中文表头）",
    },
    # column headings of the mapping editor, the counts and the history
    "datapage.col.header": {"en": "Header in file", "zh": "文件中的表头"},
    "datapage.col.sample": {"en": "Example value", "zh": "示例值"},
    "datapage.col.maps_to": {"en": "Imported as", "zh": "导入为"},
    "datapage.col.batch": {"en": "Batch", "zh": "批次"},
    "datapage.col.file": {"en": "File", "zh": "文件"},
    "datapage.col.sheet": {"en": "Sheet", "zh": "工作表"},
    "datapage.col.table": {"en": "Table", "zh": "数据表"},
    "datapage.col.header_row": {"en": "Header row", "zh": "表头行"},
    "datapage.col.rows_read": {"en": "Read", "zh": "读取"},
    "datapage.col.rows_imported": {"en": "Imported", "zh": "导入"},
    "datapage.col.rows_folded": {"en": "Folded", "zh": "合并"},
    "datapage.col.ids_folded": {"en": "Ids folded", "zh": "合并的编号数"},
    "datapage.col.rows_rejected": {"en": "Rejected", "zh": "拒绝"},
    "datapage.col.blank_rows": {"en": "Blank", "zh": "空行"},
    "datapage.col.warnings": {"en": "Warnings", "zh": "警告"},
    "datapage.col.imported_at": {"en": "Imported at", "zh": "导入时间"},
    "datapage.col.sha256": {"en": "SHA-256", "zh": "SHA-256"},
    "datapage.col.row": {"en": "Row", "zh": "行号"},
    "datapage.col.column": {"en": "Column", "zh": "列"},
    "datapage.col.value": {"en": "Value", "zh": "值"},
    "datapage.col.severity": {"en": "Severity", "zh": "级别"},
    "datapage.col.reason": {"en": "Reason", "zh": "原因"},
    "datapage.severity.rejected": {"en": "rejected", "zh": "已拒绝"},
    "datapage.severity.warning": {"en": "warning", "zh": "警告"},
    # the blank template's header notes
    "template.required": {"en": "Required.", "zh": "必填。"},
    "template.type": {"en": "Type: {kind}.", "zh": "类型：{kind}。"},
    "template.values": {"en": "Values: {values}.", "zh": "可选值：{values}。"},
    "template.also": {"en": "Also recognised: {aliases}.", "zh": "也可识别：{aliases}。"},
    "template.kind.text": {"en": "text", "zh": "文本"},
    "template.kind.date": {"en": "date (2025-03-05, 2025/3/5, 2025年3月5日)",
                           "zh": "日期（2025-03-05、2025/3/5、2025年3月5日）"},
    "template.kind.timestamp": {"en": "date and time (2025-03-05 14:30)",
                                "zh": "日期时间（2025-03-05 14:30）"},
    "template.kind.number": {"en": "number", "zh": "数字"},
    "template.kind.int": {"en": "whole number", "zh": "整数"},
    "template.kind.bool": {"en": "yes / no", "zh": "是 / 否"},
    "template.survey_score": {
        "en": "Give score (1-5, 1-10 or 0-100) or nps (0-10), or both.",
        "zh": "score（1-5、1-10 或 0-100）与 nps（0-10）至少填写一项。",
    },
    "datapage.no_room": {
        "en": "The server has no room for more private data right now ({needed} MB more; {cap:,} MB "
        "are set aside for everyone's private copies together). Discard your private copy, or "
        "try again when other sessions have ended.",
        "zh": "服务器暂时没有空间存放更多私有数据（还需 {needed} MB；所有会话的私有副本共享 {cap:,} MB）。"
        "请放弃你的私有副本，或等其他会话结束后再试。",
    },
}
