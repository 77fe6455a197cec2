"""What the Parquet export and the Spark engine say when they cannot do their work
(analytics/parquet.py, analytics/engines.py). Each sentence names the folder by its last part
only and says what to do."""

STRINGS: dict[str, dict[str, str]] = {
    "export.error.not_a_folder": {
        "en": "{name} is a file, not a folder; name a folder for the export.",
        "zh": "{name} 是文件而不是文件夹；请为导出指定一个文件夹。",
    },
    "export.error.not_empty": {
        "en": "The folder {name} already holds files; name an empty or new folder, or add "
              "--overwrite to replace the export's files in it.",
        "zh": "文件夹 {name} 中已有文件；请指定一个空文件夹或新文件夹，或加上 --overwrite 以替换其中的导出文件。",
    },
    "export.error.no_export": {
        "en": "The folder {name} holds no Delivery Pulse export (no pulse-export.json); write one "
              "with python -m analytics export --parquet {name}.",
        "zh": "文件夹 {name} 中没有 Delivery Pulse 的导出（缺少 pulse-export.json）；请先运行 "
              "python -m analytics export --parquet {name}。",
    },
    "export.error.bad_manifest": {
        "en": "The export in {name} cannot be read (its pulse-export.json is damaged or of another "
              "layout); export the store again.",
        "zh": "无法读取 {name} 中的导出（pulse-export.json 已损坏或格式不同）；请重新导出数据库。",
    },
    "export.error.other_schema": {
        "en": "The export in {name} was written from a store of schema version {found}, and this "
              "version reads {supported}; export the store again.",
        "zh": "{name} 中的导出来自架构版本 {found} 的数据库，而此版本读取 {supported}；请重新导出数据库。",
    },
    "export.error.missing_table": {
        "en": "The export in {name} lacks the file of the table {table}; export the store again.",
        "zh": "{name} 中的导出缺少表 {table} 的文件；请重新导出数据库。",
    },
}
