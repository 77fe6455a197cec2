"""Strings of the Explore page and of the errors analytics.explore raises (shown to users)."""

STRINGS: dict[str, dict[str, str]] = {
    # page
    "explore.title": {"en": "Explore a spreadsheet", "zh": "探索任意表格"},
    "explore.intro": {
        "en": "Drop any Excel or CSV file: every sheet becomes a table you can profile, chart, "
        "pivot and query with read-only SQL. Your files stay in this browser session only.",
        "zh": "上传任意 Excel 或 CSV 文件：每个工作表都会成为一张表，可以查看字段概况、作图、"
        "做透视表，并用只读 SQL 查询。文件只保存在当前浏览器会话中，其他人看不到。",
    },
    "explore.upload.label": {"en": "Excel or CSV files", "zh": "Excel 或 CSV 文件"},
    "explore.upload.help": {
        "en": "xlsx, xlsm, xls, csv, tsv or txt; up to {cap} MB each.",
        "zh": "支持 xlsx、xlsm、xls、csv、tsv、txt；每个文件最大 {cap} MB。",
    },
    "explore.empty": {
        "en": "Upload a file to start exploring.",
        "zh": "上传一个文件即可开始探索。",
    },
    "explore.tables": {"en": "Tables from your files", "zh": "来自你的文件的表"},
    "explore.table": {"en": "Table", "zh": "表"},
    "explore.table_caption": {
        "en": "{rows} [[rows:row|rows]] × {cols} [[cols:column|columns]] · from {file}{sheet} · header on row {header}",
        "zh": "{rows} 行 × {cols} 列 · 来自 {file}{sheet} · 表头在第 {header} 行",
    },
    "explore.sheet_suffix": {"en": ", sheet {sheet}", "zh": "，工作表 {sheet}"},
    "explore.tab.profile": {"en": "Profile", "zh": "字段概况"},
    "explore.tab.chart": {"en": "Chart", "zh": "图表"},
    "explore.tab.pivot": {"en": "Pivot", "zh": "透视表"},
    "explore.tab.sql": {"en": "SQL", "zh": "SQL 查询"},
    "explore.preview": {"en": "First rows", "zh": "前几行"},
    # profile columns
    "explore.profile.column": {"en": "Column", "zh": "字段"},
    "explore.profile.type": {"en": "Type", "zh": "类型"},
    "explore.profile.non_null": {"en": "Filled", "zh": "非空"},
    "explore.profile.nulls": {"en": "Empty", "zh": "空值"},
    "explore.profile.distinct": {"en": "Distinct", "zh": "不同值"},
    "explore.profile.min": {"en": "Min", "zh": "最小"},
    "explore.profile.max": {"en": "Max", "zh": "最大"},
    "explore.profile.top": {"en": "Top values", "zh": "最常见的值"},
    "explore.profile.histogram": {"en": "Distribution", "zh": "分布"},
    "explore.type.integer": {"en": "integer", "zh": "整数"},
    "explore.type.number": {"en": "number", "zh": "数值"},
    "explore.type.date": {"en": "date/time", "zh": "日期时间"},
    "explore.type.boolean": {"en": "yes/no", "zh": "是/否"},
    "explore.type.text": {"en": "text", "zh": "文本"},
    "explore.type.duration": {"en": "duration", "zh": "时长"},
    "explore.type.other": {"en": "other", "zh": "其他"},
    # chart builder
    "explore.chart.kind": {"en": "Chart", "zh": "图表类型"},
    "explore.chart.x": {"en": "X axis", "zh": "X 轴"},
    "explore.chart.y": {"en": "Value (Y)", "zh": "数值 (Y)"},
    "explore.chart.color": {"en": "Colour by", "zh": "按颜色区分"},
    "explore.chart.agg": {"en": "Aggregation", "zh": "汇总方式"},
    "explore.chart.grain": {"en": "Time grain", "zh": "时间粒度"},
    "explore.chart.none": {"en": "(none)", "zh": "（无）"},
    "explore.chart.rows": {"en": "rows", "zh": "行数"},
    "explore.chart.title": {"en": "{value} by {x}", "zh": "{value}（按 {x}）"},
    "explore.chart.title_hist": {"en": "Distribution of {x}", "zh": "{x} 的分布"},
    "explore.chart.count_label": {"en": "Number of rows", "zh": "行数"},
    "explore.chart.agg_label": {"en": "{agg} of {y}", "zh": "{y}的{agg}"},
    "explore.kind.bar": {"en": "Bar", "zh": "柱状图"},
    "explore.kind.line": {"en": "Line", "zh": "折线图"},
    "explore.kind.area": {"en": "Area", "zh": "面积图"},
    "explore.kind.scatter": {"en": "Scatter", "zh": "散点图"},
    "explore.kind.histogram": {"en": "Histogram", "zh": "直方图"},
    "explore.kind.box": {"en": "Box plot", "zh": "箱线图"},
    "explore.agg.count": {"en": "count", "zh": "计数"},
    "explore.agg.sum": {"en": "sum", "zh": "求和"},
    "explore.agg.mean": {"en": "mean", "zh": "平均值"},
    "explore.agg.median": {"en": "median", "zh": "中位数"},
    "explore.agg.min": {"en": "minimum", "zh": "最小值"},
    "explore.agg.max": {"en": "maximum", "zh": "最大值"},
    "explore.agg.distinct": {"en": "distinct count", "zh": "去重计数"},
    "explore.agg.none": {"en": "none (raw rows)", "zh": "不汇总（原始行）"},
    "explore.grain.day": {"en": "day", "zh": "日"},
    "explore.grain.week": {"en": "week", "zh": "周"},
    "explore.grain.month": {"en": "month", "zh": "月"},
    "explore.grain.quarter": {"en": "quarter", "zh": "季度"},
    "explore.grain.year": {"en": "year", "zh": "年"},
    "explore.chart.sampled": {
        "en": "The chart shows a random sample of {shown:,} of {total:,} [[total:row|rows]].",
        "zh": "图中显示的是 {total:,} 行中随机抽取的 {shown:,} 行。",
    },
    "explore.chart.others": {"en": "Others", "zh": "其他"},
    "explore.chart.folded": {
        "en": "The {shown:,} largest of {total:,} [[total:group|groups]] are drawn; the other {rest:,} [[rest:is|are]] combined as “{others}”.",
        "zh": "画出了 {total:,} 个分组中最大的 {shown:,} 个；其余 {rest:,} 个合并为“{others}”。",
    },
    "explore.chart.top": {"en": "Largest groups shown", "zh": "显示最大的分组数"},
    "explore.split.offer": {
        "en": "{column} holds several answers per cell, joined with “{separator}” ({joined:,} of {filled:,} [[filled:cell|cells]]).",
        "zh": "{column} 的单元格里有多个答案，用“{separator}”连接（{filled:,} 个非空单元格中有 {joined:,} 个）。",
    },
    "explore.split.button": {"en": "Split {column} into one row per answer", "zh": "把 {column} 拆成每个答案一行"},
    "explore.split.done": {
        "en": "Table {table}: {rows:,} [[rows:row|rows]], one per answer of {column} (from {source:,} [[source:row|rows]]).",
        "zh": "已生成表 {table}：{rows:,} 行，{column} 的每个答案一行（原 {source:,} 行）。",
    },
    "explore.profile.joined": {"en": "Answers joined by", "zh": "多选分隔符"},
    "explore.sql.catalog": {"en": "Tables and their columns", "zh": "可查询的表和字段"},
    "explore.sql.catalog_table": {"en": "Table", "zh": "表"},
    "explore.sql.catalog_column": {"en": "Column", "zh": "字段"},
    "explore.sql.catalog_type": {"en": "Type", "zh": "类型"},
    "explore.sql.chart": {"en": "Chart this result", "zh": "把结果画成图"},
    "explore.chart.capped": {
        "en": "Only the first {shown:,} of {total:,} [[total:group|groups]] are drawn; choose a coarser grain or fewer categories.",
        "zh": "只画出了 {total:,} 个分组中的前 {shown:,} 个；请选择更粗的时间粒度或更少的类别。",
    },
    # pivot
    "explore.pivot.rows": {"en": "Rows", "zh": "行"},
    "explore.pivot.cols": {"en": "Columns", "zh": "列"},
    "explore.pivot.values": {"en": "Values", "zh": "值"},
    "explore.pivot.agg": {"en": "Aggregation", "zh": "汇总方式"},
    "explore.pivot.pick": {
        "en": "Pick at least one row or column field.",
        "zh": "请至少选择一个行字段或列字段。",
    },
    # SQL
    "explore.sql.label": {"en": "Read-only SQL (DuckDB dialect)", "zh": "只读 SQL（DuckDB 语法）"},
    "explore.sql.help": {
        "en": "One SELECT / WITH / VALUES / DESCRIBE / SUMMARIZE / SHOW statement. "
        "Tables: {tables}. At most {rows:,} [[rows:row|rows]] are returned; queries stop after {seconds:g} s.",
        "zh": "一次一条 SELECT / WITH / VALUES / DESCRIBE / SUMMARIZE / SHOW 语句。"
        "可用的表：{tables}。最多返回 {rows:,} 行，超过 {seconds:g} 秒的查询会被中止。",
    },
    "explore.sql.run": {"en": "Run query", "zh": "运行查询"},
    "explore.sql.rows": {"en": "{rows:,} [[rows:row|rows]]", "zh": "{rows:,} 行"},
    "explore.sql.portfolio": {
        "en": "The portfolio tables projects, tickets and surveys can be queried too (read-only copy).",
        "zh": "也可以查询组合数据表 projects、tickets、surveys（只读副本）。",
    },
    "explore.sql.portfolio_unavailable": {
        "en": "The portfolio tables could not be opened read-only, so only your uploaded tables can be queried.",
        "zh": "无法以只读方式打开组合数据表，因此只能查询你上传的表。",
    },
    "explore.sql.truncated": {
        "en": "Only the first {limit:,} [[limit:row|rows]] are shown; add a WHERE, GROUP BY or LIMIT to see the rest.",
        "zh": "只显示了前 {limit:,} 行；请加上 WHERE、GROUP BY 或 LIMIT 查看其余数据。",
    },
    "explore.sql.empty": {"en": "Type a query first.", "zh": "请先输入查询语句。"},
    "explore.sql.multiple": {
        "en": "Run one statement at a time: this box found {count}.",
        "zh": "一次只能运行一条语句：这里有 {count} 条。",
    },
    "explore.sql.not_read_only": {
        "en": "Only reading queries run here (SELECT, WITH, VALUES, DESCRIBE, SUMMARIZE, SHOW); "
        "{kind} statements are refused.",
        "zh": "这里只能运行读取数据的查询（SELECT、WITH、VALUES、DESCRIBE、SUMMARIZE、SHOW），"
        "{kind} 语句被拒绝。",
    },
    "explore.sql.kind.write": {"en": "writing (CREATE, INSERT, UPDATE, DELETE, DROP, ALTER …)", "zh": "写入类（CREATE、INSERT、UPDATE、DELETE、DROP、ALTER 等）"},
    "explore.sql.kind.copy": {"en": "COPY / EXPORT", "zh": "COPY / EXPORT"},
    "explore.sql.kind.attach": {"en": "ATTACH / DETACH / USE", "zh": "ATTACH / DETACH / USE"},
    "explore.sql.kind.extension": {"en": "INSTALL / LOAD", "zh": "INSTALL / LOAD"},
    "explore.sql.kind.settings": {"en": "SET / RESET / PRAGMA", "zh": "SET / RESET / PRAGMA"},
    "explore.sql.kind.call": {"en": "CALL / EXPLAIN / PREPARE / EXECUTE", "zh": "CALL / EXPLAIN / PREPARE / EXECUTE"},
    "explore.sql.kind.multi": {"en": "multi-step (a PIVOT without an IN list; name the values, e.g. PIVOT t ON col IN ('a', 'b') USING sum(x), or use the Pivot tab)", "zh": "多步（未列出取值的 PIVOT；请写明取值，例如 PIVOT t ON col IN ('a', 'b') USING sum(x)，或使用透视表页签）"},
    "explore.sql.kind.transaction": {"en": "transaction", "zh": "事务"},
    "explore.sql.kind.other": {"en": "{type}", "zh": "{type}"},
    "explore.sql.external": {
        "en": "Reading files, URLs or extensions from SQL is not allowed here ({what}). "
        "Upload the file on this page instead.",
        "zh": "这里的 SQL 不允许读取服务器文件、网址或扩展（{what}）。请在本页上传文件。",
    },
    "explore.sql.denied_function": {
        "en": "The function {name}() is not available in this SQL box.",
        "zh": "此 SQL 查询框不提供函数 {name}()。",
    },
    "explore.sql.denied_table": {
        "en": "The system view {name} is not available in this SQL box.",
        "zh": "此 SQL 查询框不提供系统视图 {name}。",
    },
    "explore.sql.timeout": {
        "en": "The query was stopped after {seconds:g} [[seconds:second|seconds]]. Narrow it down (WHERE, fewer joins) and try again.",
        "zh": "查询超过 {seconds:g} 秒已被中止。请缩小范围（加 WHERE、减少关联）后重试。",
    },
    "explore.sql.memory": {
        "en": "The query needs more memory than this box allows. Aggregate or filter first.",
        "zh": "查询需要的内存超过了允许的上限。请先汇总或筛选。",
    },
    "explore.sql.error": {
        "en": "The query could not run: {detail}",
        "zh": "查询无法运行：{detail}",
    },
    "explore.sql.bad_limit": {
        "en": "The row limit and time limit must be positive.",
        "zh": "行数上限和时间上限必须为正数。",
    },
    # uploads
    "explore.upload.too_big": {
        "en": "{file} is {size:,.1f} MB, more than the {cap:,} MB upload limit.",
        "zh": "{file} 大小为 {size:,.1f} MB，超过了 {cap:,} MB 的上传上限。",
    },
    "explore.upload.type": {
        "en": "{file}: this type of file cannot be explored; use xlsx, xlsm, xls, csv, tsv or txt.",
        "zh": "{file}：不支持此类文件，请使用 xlsx、xlsm、xls、csv、tsv 或 txt。",
    },
    "explore.upload.empty_file": {"en": "{file} is empty.", "zh": "{file} 是空文件。"},
    "explore.upload.no_data": {
        "en": "{file} has no data: every sheet is empty.",
        "zh": "{file} 没有数据：所有工作表都是空的。",
    },
    "explore.upload.password": {
        "en": "{file}: this workbook is password-protected. Remove the password in Excel "
        "(File > Info > Protect Workbook) and upload it again.",
        "zh": "{file}：此工作簿受密码保护。请在 Excel 中取消密码（文件 > 信息 > 保护工作簿）后重新上传。",
    },
    "explore.upload.bomb": {
        "en": "{file} would unpack to far more data than a real workbook of its size "
        "(a \"zip bomb\"), so it was not opened.",
        "zh": "{file} 解压后的数据量远超同等大小的正常工作簿（疑似“压缩炸弹”），因此未被打开。",
    },
    "explore.upload.too_many_cells": {
        "en": "{file}: {where} spans {cells:,} [[cells:cell|cells]], more than the {limit:,} allowed.",
        "zh": "{file}：{where} 范围共 {cells:,} 个单元格，超过了允许的 {limit:,} 个。",
    },
    "explore.upload.too_sparse": {
        "en": "{file}: {where} holds {cells:,} [[cells:cell|cells]] spread over {span:,}; a sheet spread this far "
        "may hold at most {limit:,} [[limit:cell|cells]]. Delete the far-away cells (or split the file) and upload it again.",
        "zh": "{file}：{where} 的 {cells:,} 个单元格分散在 {span:,} 个单元格的范围内；如此分散的工作表"
        "最多只能有 {limit:,} 个单元格。请删除远处的单元格（或拆分文件）后重新上传。",
    },
    "explore.upload.bad_reference": {
        "en": "{file} could not be read safely: {where} holds a cell reference Excel never writes "
        "({reference} …), which would make the reader ask for far more memory than the file needs. "
        "Save it again in Excel and upload it again.",
        "zh": "{file} 无法被安全读取：{where} 中有 Excel 从不写出的单元格引用（{reference} …），"
        "会让读取程序申请远超文件所需的内存。请在 Excel 中重新保存后再上传。",
    },
    "explore.upload.bad_count": {
        "en": "{file} could not be read safely: {where} declares {count:,} texts, far more than it "
        "holds, which would make the reader ask for far more memory than the file needs. Save it "
        "again in Excel and upload it again.",
        "zh": "{file} 无法被安全读取：{where} 声明了 {count:,} 条文本，远多于其实际内容，"
        "会让读取程序申请远超文件所需的内存。请在 Excel 中重新保存后再上传。",
    },
    "explore.upload.too_many_columns": {
        "en": "{file} has {columns:,} [[columns:column|columns]], more than the {limit:,} allowed; remove the unused columns or split the file.",
        "zh": "{file} 有 {columns:,} 列，超过了允许的 {limit:,} 列；请删除多余的列或拆分文件。",
    },
    "explore.upload.memory": {
        "en": "{file} is too large to explore in the memory this server has; filter or split it first.",
        "zh": "{file} 太大，服务器内存不足以探索它；请先筛选或拆分。",
    },
    "explore.upload.corrupt": {
        "en": "{file} is damaged or is not really an Excel workbook, so it cannot be opened.",
        "zh": "{file} 已损坏或并不是真正的 Excel 工作簿，无法打开。",
    },
    "explore.upload.text_as_workbook": {
        "en": "{file} is a text file with an Excel name. Rename it to .csv (or save it from Excel as .xlsx) and upload it again.",
        "zh": "{file} 其实是文本文件，只是扩展名像 Excel。请改名为 .csv（或在 Excel 中另存为 .xlsx）后重新上传。",
    },
    "explore.upload.read_error": {
        "en": "{file} cannot be read: {detail}",
        "zh": "{file} 无法读取：{detail}",
    },
    "explore.upload.loaded": {
        "en": "{file}: {count} [[count:table|tables]] loaded.",
        "zh": "{file}：已载入 {count} 张表。",
    },
    # chart / pivot errors
    "explore.error.no_column": {
        "en": "There is no column {column} in this table.",
        "zh": "此表中没有字段 {column}。",
    },
    "explore.error.not_numeric": {
        "en": "{agg} needs a numeric column; {column} holds {kind}.",
        "zh": "{agg}需要数值字段；{column} 的类型是{kind}。",
    },
    "explore.error.bad_option": {
        "en": "Unknown choice {value}.",
        "zh": "未知的选项 {value}。",
    },
    "explore.error.failed": {
        "en": "This chart cannot be computed from these columns: {detail}",
        "zh": "无法用这些字段计算这张图：{detail}",
    },
    "explore.error.too_wide": {
        "en": "The pivot would have {count:,} [[count:column|columns]]; pick a column field with fewer values (at most {limit:,}).",
        "zh": "透视表将有 {count:,} 列；请选择取值更少的列字段（最多 {limit:,} 列）。",
    },
    "explore.error.need_y": {
        "en": "Choose a value column (Y) for this chart.",
        "zh": "此图表需要选择一个数值字段 (Y)。",
    },
}
