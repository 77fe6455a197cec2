"""Sentences for untrusted work a worker process stopped (analytics/workers.py): one per limit,
for a file that could not be read safely and for a SQL-box query."""

STRINGS: dict[str, dict[str, str]] = {
    "worker.file.memory": {
        "en": "{file} could not be read safely: it asks for more than {limit} of memory.",
        "zh": "{file} 无法被安全读取：它需要超过 {limit} 的内存。",
    },
    "worker.file.time": {
        "en": "{file} could not be read safely: it took longer than {limit:g} s.",
        "zh": "{file} 无法被安全读取：读取超过了 {limit:g} 秒。",
    },
    "worker.file.temp": {
        "en": "{file} could not be read safely: it needs more than {limit} of temporary disk space.",
        "zh": "{file} 无法被安全读取：它需要超过 {limit} 的临时磁盘空间。",
    },
    "worker.file.result": {
        "en": "{file} could not be read safely: its contents come to more than {limit}.",
        "zh": "{file} 无法被安全读取：其内容超过 {limit}。",
    },
    "worker.file.busy": {
        "en": "{file} could not be read now: the server is busy reading other files; try again in a minute.",
        "zh": "{file} 暂时无法读取：服务器正忙于读取其他文件，请稍后重试。",
    },
    "worker.file.crashed": {
        "en": "{file} could not be read safely: the reader stopped on it unexpectedly.",
        "zh": "{file} 无法被安全读取：读取程序意外中止。",
    },
    "worker.sql.memory": {
        "en": "The query was stopped: it needs more than {limit} of memory. Aggregate or filter first.",
        "zh": "查询已被中止：它需要超过 {limit} 的内存。请先汇总或筛选。",
    },
    "worker.sql.temp": {
        "en": "The query was stopped: it needs more than {limit} of temporary disk space for what does not fit in memory. Aggregate or filter first.",
        "zh": "查询已被中止：内存放不下的部分需要超过 {limit} 的临时磁盘空间。请先汇总或筛选。",
    },
    "worker.sql.result": {
        "en": "The result is larger than {limit}; select fewer or shorter columns, or fewer rows.",
        "zh": "查询结果超过 {limit}；请少选一些列、缩短文本，或减少行数。",
    },
    "worker.sql.busy": {
        "en": "The server is busy running other queries; try again in a minute.",
        "zh": "服务器正忙于运行其他查询，请稍后重试。",
    },
    "explore.sql.too_complex": {
        "en": "The query is nested too deeply to be checked; write it with fewer nested calls.",
        "zh": "查询嵌套过深，无法检查；请减少嵌套的函数调用。",
    },
    "explore.sql.check_failed": {
        "en": "The query could not be checked, so it was not run.",
        "zh": "无法检查此查询，因此未运行。",
    },
    "worker.sql.crashed": {
        "en": "The query was stopped: the database engine ended unexpectedly on it.",
        "zh": "查询已被中止：数据库引擎意外中止。",
    },
}
