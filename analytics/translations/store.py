"""What the store says when it cannot be used, and about batches and undo (analytics/store.py).

Each sentence names the store by its file name only and says what to do."""

STRINGS: dict[str, dict[str, str]] = {
    "store.error.missing": {
        "en": "There is no data store at {name}; check the path (import a file to create a new store).",
        "zh": "{name} 处没有数据库；请检查路径（导入文件时会新建数据库）。",
    },
    "store.error.locked": {
        "en": "The data store {name} is open in another program (process {pid}); wait for it to "
              "finish or stop it, then try again.",
        "zh": "数据库 {name} 正被另一个程序（进程 {pid}）占用；请等它结束或将其停止后重试。",
    },
    "store.error.disk_full": {
        "en": "There is no room left on the disk to write the data store {name}; free some space "
              "and try again (nothing was changed).",
        "zh": "磁盘空间不足，无法写入数据库 {name}；请释放空间后重试（数据未作任何改动）。",
    },
    "store.error.damaged": {
        "en": "The data store {name} is damaged and cannot be read; restore it from a backup, or "
              "move it aside to start an empty store.",
        "zh": "数据库 {name} 已损坏，无法读取；请从备份恢复，或将其移开以新建一个空数据库。",
    },
    "store.error.permission": {
        "en": "The data store {name} cannot be written (permission denied); run as a user who may "
              "write it, or fix the permissions of the file and its folder.",
        "zh": "无权写入数据库 {name}；请以有写权限的用户运行，或修改该文件及其目录的权限。",
    },
    "store.error.newer": {
        "en": "The data store {name} was written by a newer version of Delivery Pulse (schema "
              "{found}; this version reads up to {supported}); upgrade Delivery Pulse to open it.",
        "zh": "数据库 {name} 由更新版本的 Delivery Pulse 写入（结构版本 {found}，本版本最高支持 "
              "{supported}）；请升级 Delivery Pulse 后再打开。",
    },
    "store.error.needs_upgrade": {
        "en": "The data store {name} uses an older layout (schema {found}, now {target}); open it "
              "once for writing, for example with `python -m analytics batches`, to upgrade it.",
        "zh": "数据库 {name} 使用旧的结构（版本 {found}，当前为 {target}）；请以可写方式打开一次"
              "（例如运行 `python -m analytics batches`）完成升级。",
    },
    "store.error.migration_failed": {
        "en": "The data store {name} could not be upgraded from schema {found} to {target} "
              "({detail}); it is unchanged, and a copy taken before the upgrade is kept as {backup}.",
        "zh": "数据库 {name} 无法从结构版本 {found} 升级到 {target}（{detail}）；数据库未被改动，"
              "升级前的副本保存为 {backup}。",
    },
    "store.error.other": {
        "en": "The data store {name} could not be used ({detail}); try again, and if it keeps "
              "failing, restore it from a backup.",
        "zh": "无法使用数据库 {name}（{detail}）；请重试，若仍失败请从备份恢复。",
    },
    "store.error.no_batch": {
        "en": "There is no import batch {batch}; `python -m analytics batches` lists them.",
        "zh": "没有编号为 {batch} 的导入批次；`python -m analytics batches` 可列出全部批次。",
    },
    "store.error.already_undone": {
        "en": "Import batch {batch} has already been undone.",
        "zh": "导入批次 {batch} 已被撤销。",
    },
    "store.error.not_versioned": {
        "en": "Import batch {batch} was imported before the store kept row versions, so what it "
              "replaced cannot be restored; it cannot be undone.",
        "zh": "导入批次 {batch} 导入时数据库尚未保存行版本，无法恢复被它替换的数据，因此不能撤销。",
    },
    # a request the app refused for a reason of its own (a bad quarter, say), as it said it
    "inbox.refused": {"en": "{text}", "zh": "{text}"},
}
