"""What the import says: refusals, sheet messages, notes and rejected-row reasons."""

STRINGS: dict[str, dict[str, str]] = {
    # refusals of a whole file or sheet
    "ingest.error.mapping_missing": {"en": "mapping file {name} does not exist",
                                     "zh": "映射文件 {name} 不存在"},
    "ingest.error.mapping_json": {"en": "mapping file {name} is not valid JSON ({detail})",
                                  "zh": "映射文件 {name} 不是有效的 JSON（{detail}）"},
    "ingest.error.mapping_object": {"en": "a mapping must be a JSON object of header -> column",
                                    "zh": "映射必须是“表头 -> 字段”的 JSON 对象"},
    "ingest.error.mapping_columns": {"en": "mapping names columns that {table} does not have: {columns}",
                                     "zh": "映射中的字段不属于 {table}：{columns}"},
    "ingest.error.unknown_table": {"en": "unknown table {table}; choose one of {choices}",
                                   "zh": "未知的表 {table}；可选：{choices}"},
    "ingest.error.empty_sheet": {"en": "{label} is empty", "zh": "{label} 是空的"},
    "ingest.error.all_empty": {"en": "{name}: every sheet is empty; nothing to import",
                               "zh": "{name}：所有工作表都是空的，没有可导入的数据"},
    "ingest.error.cannot_tell": {"en": "{label}: cannot tell which table this is; name it with --table",
                                 "zh": "{label}：无法判断这是哪类表；请指定表类型（命令行 --table）"},
    "ingest.error.not_a_table": {
        "en": "{label} is not a projects, tickets or surveys table: none of its headers ({first}) is a known "
              "one; open it on the Explore page to explore it, or map its headers with --mapping",
        "zh": "{label} 不是项目、工单或问卷表：没有一个表头（{first}）可识别；请在“探索”页中分析它，或用映射指定表头"},
    "ingest.error.too_few_known": {
        "en": "{label} is not a projects, tickets or surveys table: its known headers ({found}) are too few "
              "to tell which; choose the table and map its columns on the Data page (or --table and "
              "--mapping), or open it on the Explore page to explore it",
        "zh": "{label} 不是项目、工单或问卷表：可识别的表头（{found}）太少，不足以判断表类型；请在数据页选择数据表并映射列"
              "（或命令行 --table 与 --mapping），或在“探索”页中分析它"},
    "ingest.error.no_table_sheet": {
        "en": "{name}: no sheet is a projects, tickets or surveys table; open it on the Explore page to explore it",
        "zh": "{name}：没有一个工作表是项目、工单或问卷表；请在“探索”页中分析它"},
    "ingest.error.looks_like": {
        "en": "{label} looks like {table} ({found} found) but has no {columns} column; map one with "
              "--mapping or on the Data page",
        "zh": "{label} 看起来是{table}表（已找到 {found}），但缺少{columns}列；请在数据页或用命令行 --mapping 指定"},
    "ingest.error.looks_like_vendor": {
        "en": "{label} looks like a {export} ({found} found) but has no {columns} column; map one with "
              "--mapping or on the Data page",
        "zh": "{label} 看起来是{export}（已找到 {found}），但缺少{columns}列；请在数据页或用命令行 --mapping 指定"},
    "ingest.error.needs_columns": {
        "en": "{label}: a {table} table needs a {columns} column, and no header maps to it ({found} found); "
              "map one with --mapping or on the Data page",
        "zh": "{label}：{table}表需要{columns}列，但没有表头对应（已找到 {found}）；请在数据页或用命令行 --mapping 指定"},
    "ingest.col.ticket_id": {"en": "ticket id", "zh": "工单编号"},
    "ingest.col.created_at": {"en": "creation date", "zh": "创建时间"},
    "ingest.col.project_id": {"en": "project id", "zh": "项目编号"},
    "ingest.col.submitted_at": {"en": "submission date", "zh": "提交时间"},
    "ingest.col.score or nps": {"en": "score or recommendation", "zh": "评分或推荐度"},
    "ingest.error.csv_reader": {"en": "{name}: {detail}", "zh": "{name}：{detail}"},
    "ingest.table.projects": {"en": "projects", "zh": "项目"},
    "ingest.table.tickets": {"en": "tickets", "zh": "工单"},
    "ingest.table.surveys": {"en": "surveys", "zh": "问卷"},
    # notes about a sheet
    "ingest.note.ambiguous_dates": {
        "en": "column {column}: dates such as {example} could be day-first or month-first and no value "
              "in the sheet decides (such values: {ambiguous}); read as day-first; unreadable: {unreadable}",
        "zh": "{column} 列：{example} 这类日期既可读作日/月也可读作月/日，表中没有可判定的值（共 {ambiguous} 个）；"
              "已按日在前读取；无法读取：{unreadable} 个"},
    "ingest.note.proven_dates": {
        "en": "column {column}: read {order}, as {evidence} proves (values with a part above 12: {proofs}); "
              "values that could be read either way, read so too: {ambiguous}; unreadable: {unreadable}",
        "zh": "{column} 列：按{order}读取，{evidence} 可证明（有大于 12 的部分的值：{proofs} 个）；"
              "可两读的值同样按此读取：{ambiguous} 个；无法读取：{unreadable} 个"},
    "ingest.note.sheet_dates": {
        "en": "column {column}: dates such as {example} could be day-first or month-first (such values: "
              "{ambiguous}); read {order} like column {source} of the same sheet, whose values prove it; "
              "unreadable: {unreadable}",
        "zh": "{column} 列：{example} 这类日期既可读作日/月也可读作月/日（共 {ambiguous} 个）；"
              "已与同表 {source} 列一致按{order}读取（该列的值可证明）；无法读取：{unreadable} 个"},
    "ingest.note.mixed_dates": {
        "en": "column {column}: day-first values such as {day_example} ({days}) and month-first ones such as "
              "{month_example} ({months}); read {order}, the majority; unreadable and reported: {unreadable}",
        "zh": "{column} 列：既有日在前的值（如 {day_example}，{days} 个），也有月在前的值（如 {month_example}，"
              "{months} 个）；已按多数的{order}读取；无法读取并已列为问题：{unreadable} 个"},
    "ingest.order.day_first": {"en": "day-first", "zh": "日在前"},
    "ingest.order.month_first": {"en": "month-first", "zh": "月在前"},
    "ingest.note.already_imported": {
        "en": "{name} was already imported on {when}; 0 rows changed",
        "zh": "{name} 已于 {when} 导入过；没有行发生变化"},
    "ingest.note.unknown_projects": {
        "en": "{rows} [[rows:row references|rows reference]] unknown projects: {ids}; they are imported and join their project "
              "once it is imported",
        "zh": "{rows} 行引用了未知的项目：{ids}；这些行已导入，导入对应项目后即可关联"},
    "ingest.note.recognised": {"en": "recognised as a {export}", "zh": "识别为{export}"},
    "ingest.note.status_history": {"en": "status history kept: {rows} [[rows:step|steps]] of {tickets} [[tickets:ticket|tickets]]",
                                   "zh": "已保留状态历史：{tickets} 个工单的 {rows} 个状态步骤"},
    "ingest.export.servicenow": {"en": "ServiceNow incident export", "zh": "ServiceNow 事件单导出"},
    "ingest.export.jira": {"en": "Jira issue export", "zh": "Jira 问题导出"},
    "ingest.export.jsm": {"en": "Jira Service Management request export", "zh": "Jira Service Management 请求导出"},
    "ingest.export.zendesk": {"en": "Zendesk ticket export", "zh": "Zendesk 工单导出"},
    "ingest.export.freshdesk": {"en": "Freshdesk ticket export", "zh": "Freshdesk 工单导出"},
    "ingest.export.glpi": {"en": "GLPI ticket export", "zh": "GLPI 工单导出"},
    "ingest.export.github": {"en": "GitHub issue export", "zh": "GitHub Issue 导出"},
    "ingest.note.ticket_surveys": {
        "en": "{n} satisfaction answers in the tickets became survey responses linked to their ticket "
              "({scale} scale)",
        "zh": "工单中的 {n} 条满意度评价已转为问卷答复，并关联到各自的工单（{scale} 分制）"},
    "ingest.note.scale": {"en": "satisfaction scores read on a {scale} scale",
                          "zh": "满意度评分按 {scale} 分制读取"},
    "ingest.note.scale_doubt": {
        "en": "check the scale of {header}: only {above} of {n} scores are above 10 (highest "
              "{top}), so it was read as 0-100; if it is a ten-point survey, name its scale in "
              "the header, e.g. {header}(1-10), or in a scale column, and import it again",
        "zh": "请核对 {header} 的分制：{n} 个评分中只有 {above} 个超过 10（最高 {top}），因此按 "
              "0-100 分制读取；如果是 10 分制问卷，请在表头写明分制，例如 {header}(1-10)，或加一列"
              "量表，然后重新导入"},
    "ingest.note.scale_named": {
        "en": "satisfaction scores read on a {scale} scale, as their header {header} says",
        "zh": "满意度评分按表头 {header} 所写的 {scale} 分制读取"},
    # reasons for a rejected row or an emptied cell
    "ingest.reason.required_empty": {"en": "{column} is empty (required)", "zh": "{column} 为空（必填）"},
    "ingest.reason.unreadable": {"en": "cannot read '{value}' as {what}", "zh": "无法把“{value}”读作{what}"},
    "ingest.reason.unreadable_kept": {"en": "cannot read '{value}' as {what}; left empty, the text is kept",
                                      "zh": "无法把“{value}”读作{what}；该值留空，原文已保留"},
    "ingest.reason.before_created": {"en": "{which} {at} is before created {created}",
                                     "zh": "{which} {at} 早于创建时间 {created}"},
    "ingest.reason.score_scale": {"en": "score {value} is outside the {scale} scale",
                                  "zh": "评分 {value} 超出 {scale} 分制"},
    "ingest.reason.nps_range": {"en": "recommendation {value} is outside 0-10",
                                "zh": "推荐度 {value} 超出 0-10"},
    "ingest.reason.no_score": {"en": "no satisfaction score or recommendation given",
                               "zh": "没有满意度评分，也没有推荐度"},
    "ingest.reason.conflict_created": {
        "en": "ticket {id} appears on rows {rows} with different creation times ({created} here): "
              "different tickets, not versions of one, so none is imported; map the project column "
              "or give each its own id",
        "zh": "工单 {id} 出现在第 {rows} 行，创建时间不同（此行为 {created}）：是不同的工单而非同一工单的多个版本，"
              "因此均未导入；请映射项目列，或为每张工单使用不同编号"},
    "ingest.reason.conflict_project": {
        "en": "ticket {id} appears on rows {rows}; this row names no project while others name {projects}, "
              "so it cannot tell which ticket it is",
        "zh": "工单 {id} 出现在第 {rows} 行；此行没有项目，而其他行的项目为 {projects}，无法判断它属于哪张工单"},
    "ingest.reason.stored_projects": {
        "en": "ticket {id} is stored under projects {projects}; this file names no project, so it cannot "
              "tell which one it updates; map a project column",
        "zh": "工单 {id} 已按项目 {projects} 分别存储；此文件没有项目列，无法判断更新哪一张；请映射项目列"},
    "ingest.what.date": {"en": "a date", "zh": "日期"},
    "ingest.what.timestamp": {"en": "a date/time", "zh": "日期时间"},
    "ingest.what.number": {"en": "a number", "zh": "数字"},
    "ingest.what.int": {"en": "a whole number", "zh": "整数"},
    "ingest.what.bool": {"en": "yes/no", "zh": "是/否"},
    "ingest.what.value": {"en": "a known value", "zh": "可识别的取值"},
    "ingest.what.first_response": {"en": "first response", "zh": "首次响应时间"},
    "ingest.what.resolved": {"en": "resolved", "zh": "解决时间"},
    "ingest.what.closed": {"en": "closed", "zh": "关闭时间"},
}
