"""Canonical tables: their columns, types and the header aliases that map onto them.

The names here are the contract between ingest, store, metrics and the CLI. A header found in
a file is *normalised* (see :func:`normalise_header`) and looked up in the alias table of the
table kind being imported; the first alias listed for a column wins when two headers of the
same file claim it, and the loser is kept as an extra column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

TABLE_NAMES: tuple[str, ...] = ("projects", "tickets", "surveys")

# Logical kinds of a column and the DuckDB type each is stored as.
SQL_TYPES: dict[str, str] = {
    "text": "VARCHAR",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "number": "DOUBLE",
    "int": "INTEGER",
    "bool": "BOOLEAN",
    "duration": "DOUBLE",  # seconds: a number, or the 1970-01-01-based time ServiceNow's API writes
    "score": "DOUBLE",     # a satisfaction answer: a number, or a vocabulary word (good -> 1)
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # a key of SQL_TYPES
    aliases: tuple[str, ...] = ()
    required: bool = False
    enum: str | None = None  # name of a value vocabulary in VOCABULARIES

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]


@dataclass(frozen=True)
class Table:
    name: str
    key: str
    columns: tuple[Column, ...]
    # Headers that mark a *version* of a row, used to pick the latest when ids repeat.
    version_columns: tuple[str, ...] = field(default=())
    # Read from files but not stored: values the import derives stored columns from (a
    # resolution duration gives resolved_at, a satisfaction rating becomes a survey answer).
    inputs: tuple[Column, ...] = field(default=())

    def column(self, name: str) -> Column:
        for c in (*self.columns, *self.inputs):
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _c(name: str, kind: str, *aliases: str, required: bool = False, enum: str | None = None) -> Column:
    # The canonical name itself is always an alias.
    return Column(name, kind, (name, *aliases), required, enum)


PROJECTS = Table(
    "projects",
    key="project_id",
    columns=(
        _c("project_id", "text", "project id", "project code", "project key", "project no",
           "project number", "项目编号", "项目id", "项目代码", "项目号", "项目编码", required=True),
        _c("project_name", "text", "project name", "project", "name", "项目名称", "项目名", "项目"),
        _c("customer", "text", "customer name", "client", "client name", "account", "organization",
           "company", "客户", "客户名称", "甲方", "客户单位"),
        _c("industry", "text", "sector", "vertical", "行业", "所属行业"),
        _c("region", "text", "area", "territory", "区域", "地区", "大区", "所属区域"),
        _c("presales_owner", "text", "presales", "presales engineer", "pre-sales", "pre sales owner",
           "售前", "售前负责人", "售前工程师", "售前顾问"),
        _c("implementation_lead", "text", "implementation owner", "project manager", "pm",
           "delivery lead", "implementation", "实施负责人", "实施经理", "项目经理", "实施"),
        _c("ops_owner", "text", "operations owner", "support owner", "ops", "运维负责人", "运维",
           "运维工程师"),
        _c("delivery_mode", "text", "delivery", "delivery type", "交付方式", "交付模式",
           enum="delivery_mode"),
        _c("contract_value", "number", "contract amount", "amount", "deal size", "合同金额",
           "合同额", "合同金额万元"),
        _c("signed_date", "date", "signed", "signed on", "contract date", "signing date",
           "签约日期", "签约时间", "合同签订日期"),
        _c("kickoff_date", "date", "kickoff", "kick off date", "start date", "start",
           "启动日期", "开始日期", "立项日期", "项目启动日期"),
        _c("planned_golive_date", "date", "planned go-live", "planned golive", "planned go live date",
           "planned go-live date", "target go-live", "计划上线日期", "计划上线时间"),
        _c("actual_golive_date", "date", "actual go-live", "actual golive", "actual go-live date",
           "go-live date", "golive date", "实际上线日期", "上线日期", "实际上线时间"),
        _c("accepted_date", "date", "accepted", "acceptance date", "验收日期", "验收时间"),
        _c("closed_date", "date", "closed", "close date", "closed on", "关闭日期", "结项日期"),
        _c("phase", "text", "stage", "阶段", "项目阶段", enum="phase"),
        _c("status", "text", "project status", "状态", "项目状态", enum="project_status"),
        _c("renewed", "bool", "renewal", "renewed?", "是否续约", "续约"),
        _c("planned_cost", "number", "budget", "预算", "计划成本"),
        _c("actual_cost", "number", "cost", "实际成本"),
        # the practices the source articles recommend (optional): a joint presales-implementation
        # review (售前-实施联合评审) and a completed handover checklist (交接清单), each with its date
        _c("joint_review", "bool", "joint review held", "presales implementation review",
           "presales-implementation review", "joint presales review", "联合评审",
           "售前实施联合评审", "售前-实施联合评审", "是否联合评审", "是否召开联合评审", "技术预审会"),
        _c("joint_review_date", "date", "joint review date", "joint review on",
           "联合评审日期", "联合评审时间", "评审日期"),
        _c("handover_done", "bool", "handover", "handover checklist", "handover completed",
           "handover checklist completed", "交接清单", "交接清单完成", "是否完成交接", "交接完成",
           "是否完成交接清单"),
        _c("handover_date", "date", "handover date", "handover checklist date", "handover on",
           "交接日期", "交接清单日期", "交接时间"),
        # the end of the contract's term, when it comes up for renewal whether or not it
        # renews (a renewed contract stays active, so closed_date alone never shows it)
        _c("contract_end_date", "date", "contract end", "contract end date", "contract expiry",
           "contract expiry date", "term end", "term end date", "renewal date", "renewal due",
           "合同到期日", "合同到期日期", "合同截止日期", "合同结束日期", "到期日期", "续约日期"),
    ),
)

TICKETS = Table(
    "tickets",
    key="ticket_id",
    version_columns=("updated_at", "mod_count"),
    columns=(
        _c("ticket_id", "text", "ticket id", "ticket", "ticket number", "ticket no", "id",
           "key", "number", "incident number", "case number", "request id",
           "工单编号", "工单号", "工单id", "单号", required=True),
        _c("project_id", "text", "project id", "project key", "project", "project code",
           "repository", "repo", "项目编号", "项目id", "项目代码", "项目"),
        _c("customer", "text", "customer name", "client", "organization", "organizations",
           "organisation", "company", "company name", "account", "requester", "客户", "客户名称"),
        _c("created_at", "timestamp", "created", "created date", "created time", "creation date",
           "date created", "opened", "opened at", "submitted", "创建时间", "创建日期",
           "提单时间", "报告时间", "登记时间", required=True),
        _c("first_response_at", "timestamp", "first response", "first response at",
           "first responded at", "first response time", "initial response time", "responded",
           "首次响应时间", "首响时间", "响应时间"),
        _c("resolved_at", "timestamp", "resolved", "resolution date", "resolved date",
           "resolved time", "solved", "finished", "finished date", "done date",
           "解决时间", "解决日期", "完成时间"),
        _c("closed_at", "timestamp", "closed", "closed date", "closed time", "关闭时间", "关闭日期"),
        _c("type", "text", "issue type", "ticket type", "request type", "工单类型", "类型",
           "问题类型", enum="ticket_type"),
        _c("is_complaint", "bool", "complaint", "is complaint", "complaint?", "是否投诉"),
        _c("priority", "text", "urgency", "severity", "优先级", "紧急程度", "严重程度",
           enum="priority"),
        _c("status", "text", "state", "ticket status", "状态", "工单状态", enum="ticket_status"),
        _c("category", "text", "categories", "component", "components", "subcategory", "分类",
           "问题分类", "类别", "问题类别"),
        _c("channel", "text", "source", "via", "contact type", "渠道", "来源", "受理渠道"),
        _c("assignee", "text", "assigned to", "agent", "owner", "处理人", "负责人", "经办人"),
        _c("team", "text", "group", "assigned group", "团队", "处理组",
           "所属团队", "责任团队", enum="team"),
        _c("reopened_count", "int", "reopen count", "reopened",
           "times reopened", "重开次数"),
        # how many times the ticket changed hands between teams (ServiceNow's reassignment_count)
        _c("reassignment_count", "int", "reassignment count", "reassignments", "times reassigned",
           "group reassignments", "转派次数", "重新分配次数"),
        # a planning due date (Jira's Due date, Zendesk's task due date) is no SLA target
        _c("sla_due_at", "timestamp", "sla due", "due by", "due by time", "sla due date", "sla target",
           "sla到期时间", "sla截止时间"),
        _c("updated_at", "timestamp", "updated", "updated at", "last updated", "last update time",
           "updated date",
           "更新时间"),
        _c("mod_count", "int", "mod count", "modification count", "修改次数"),
        _c("sla_met", "bool", "sla met", "met sla", "made sla", "within sla", "是否达标", "sla达标"),
    ),
    inputs=(
        _c("status_category", "text", "status category", "状态类别", enum="status_category"),
        _c("duration_seconds", "duration", "resolution seconds", "duration seconds"),
        _c("first_response_minutes", "number", "first reply minutes", "first response minutes"),
        _c("resolution_minutes", "number", "resolution minutes", "full resolution minutes"),
        _c("sla_breached", "bool", "sla breached", "breached", "is breached", "sla violated", "resolution breached",
           "resolution sla breached", "time to resolution breached",
           "是否超时", "sla超时"),
        _c("sla_verdict", "text", "sla status", "sla result", enum="sla_verdict"),
        _c("is_reopened", "bool", "is reopened", "reopened?", "是否重开"),
        _c("reopened_at", "timestamp", "reopened at", "last reopened at", "reopened time", "重开时间"),
        _c("satisfaction", "score", "csat", "csat score", "satisfaction", "satisfaction score",
           "satisfaction rating", "customer satisfaction", "满意度", "满意度评分", enum="satisfaction"),
        _c("satisfaction_at", "timestamp", "satisfaction date", "rated at", "评价时间"),
        _c("satisfaction_comment", "text", "satisfaction comment", "csat comment", "评价内容"),
    ),
)

SURVEYS = Table(
    "surveys",
    key="response_id",
    columns=(
        _c("response_id", "text", "response id", "survey id", "response", "问卷编号", "答卷编号",
           "回复编号", "回访编号"),
        _c("project_id", "text", "project id", "project", "project code", "项目编号", "项目id",
           "项目代码", "项目"),
        _c("customer", "text", "customer name", "client", "organization", "account", "客户",
           "客户名称"),
        _c("submitted_at", "timestamp", "submitted", "submitted on", "response date", "survey date",
           "date", "提交日期", "提交时间", "填写时间", "调查日期", "评价时间", "回访日期", "回访时间",
           required=True),
        _c("score", "number", "satisfaction", "satisfaction score", "csat", "csat score", "rating",
           "满意度", "评分", "满意度评分", "得分", "满意度得分"),
        _c("scale", "text", "score scale", "量表", "评分量表"),
        _c("nps", "int", "recommend", "likelihood to recommend", "recommendation", "nps score",
           "推荐度", "推荐意愿", "推荐指数", "推荐分"),
        _c("touchpoint", "text", "survey type", "trigger", "触点", "调查类型", "调研节点",
           "调查节点", "回访节点", "回访类型", enum="touchpoint"),
        _c("respondent_role", "text", "role", "respondent", "受访者角色", "角色", "职位"),
        _c("team", "text", "团队", enum="team"),
        _c("comment", "text", "comments", "feedback", "verbatim", "意见", "评论", "建议", "反馈",
           "意见建议"),
        _c("ticket_id", "text", "ticket id", "ticket", "ticket number", "工单编号", "工单号"),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (PROJECTS, TICKETS, SURVEYS)}

# Columns every stored table carries besides its canonical ones.
PROVENANCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("extra", "JSON"),          # unmapped columns of the source row, by header
    ("batch_id", "INTEGER"),    # import_batches.batch_id that last wrote the row
    ("source_row", "INTEGER"),  # spreadsheet row number in that file / sheet
)

# Value vocabularies: canonical value -> spellings met in exports (compared after normalise_value).
VOCABULARIES: dict[str, dict[str, tuple[str, ...]]] = {
    "priority": {
        "P1": ("p1", "1", "critical", "highest", "urgent", "blocker", "紧急", "特急", "最高", "严重"),
        "P2": ("p2", "2", "high", "major", "高"),
        "P3": ("p3", "3", "medium", "normal", "moderate", "中", "普通", "一般"),
        "P4": ("p4", "4", "5", "low", "lowest", "minor", "trivial", "planning", "低", "最低"),
    },
    "ticket_type": {
        "complaint": ("complaint", "complaints", "投诉", "客诉", "客户投诉"),
        "incident": ("incident", "bug", "defect", "problem", "fault", "outage", "故障", "事件",
                     "缺陷", "问题"),
        "change_request": ("change_request", "change request", "change", "feature request",
                           "enhancement", "improvement", "变更", "需求变更", "变更请求", "需求"),
        "question": ("question", "how-to", "how to", "inquiry", "enquiry", "consultation",
                     "service request", "咨询", "疑问", "使用咨询"),
        "other": ("other", "task", "story", "sub-task", "subtask", "epic", "其他"),
    },
    "ticket_status": {
        "open": ("open", "new", "to do", "todo", "backlog", "新建", "待处理", "打开", "未处理"),
        "in_progress": ("in progress", "in_progress", "work in progress", "assigned", "active",
                        "处理中", "进行中"),
        "pending": ("pending", "on hold", "waiting", "waiting for customer", "awaiting info",
                    "挂起", "等待", "待反馈"),
        "resolved": ("resolved", "solved", "done", "fixed", "已解决", "已完成", "完成"),
        "closed": ("closed", "cancelled", "canceled", "已关闭", "关闭"),
    },
    "project_status": {
        "active": ("active", "in progress", "ongoing", "open", "进行中", "在建", "实施中", "执行中"),
        "on_hold": ("on_hold", "on hold", "paused", "suspended", "暂停", "挂起"),
        "cancelled": ("cancelled", "canceled", "取消", "已取消", "终止"),
        "closed": ("closed", "completed", "done", "finished", "关闭", "已关闭", "结项", "已结项",
                   "已完成"),
    },
    "phase": {
        "presales": ("presales", "pre-sales", "pre sales", "售前", "商务"),
        "requirements": ("requirements", "requirement", "discovery", "需求", "需求调研"),
        "design": ("design", "solution design", "设计", "方案设计", "蓝图设计"),
        "build": ("build", "development", "configuration", "开发", "配置", "实施", "系统实施"),
        "testing": ("testing", "test", "uat", "测试", "用户测试"),
        "golive": ("golive", "go-live", "go live", "cutover", "上线", "切换上线"),
        "hypercare": ("hypercare", "stabilisation", "stabilization", "上线支持", "试运行"),
        "operations": ("operations", "ops", "maintenance", "support", "运维", "运营", "维保"),
        "closed": ("closed", "结项", "关闭"),
    },
    "delivery_mode": {
        "onsite": ("onsite", "on-site", "on site", "现场", "驻场", "外派", "现场交付"),
        "remote": ("remote", "offsite", "off-site", "远程", "远程交付"),
        "hybrid": ("hybrid", "mixed", "混合", "现场+远程"),
    },
    "team": {
        "presales": ("presales", "pre-sales", "售前", "售前团队"),
        "implementation": ("implementation", "delivery", "实施", "实施团队", "交付"),
        "operations": ("operations", "ops", "support", "service desk", "运维", "运维团队",
                       "技术支持"),
    },
    "touchpoint": {
        "golive": ("golive", "go-live", "go live", "上线", "上线后"),
        "acceptance": ("acceptance", "验收"),
        "quarterly": ("quarterly", "quarter", "季度", "季度回访"),
        "ticket": ("ticket", "工单", "工单回访"),
        "kickoff": ("kickoff", "启动"),
    },
}

VOCABULARIES.update({
    # Jira's three status categories: a custom status still says whether the work is done
    "status_category": {"open": ("to do", "todo", "new"), "in_progress": ("in progress", "indeterminate"),
                        "resolved": ("done", "complete")},
    # a source system's own SLA verdict, as words
    "sla_verdict": {"true": ("met", "achieved", "within sla", "达标"),
                    "false": ("breached", "missed", "violated", "sla violated", "超时", "未达标")},
    # a satisfaction answer written as a word (numbers are read as numbers)
    "satisfaction": {"1": ("good", "satisfied", "满意"), "0": ("bad", "unsatisfied", "dissatisfied", "不满意")},
})

# Vocabularies whose unknown values are kept as written instead of being reported.
OPEN_VOCABULARIES: frozenset[str] = frozenset({"ticket_status", "team", "touchpoint", "satisfaction"})

BOOLEAN_WORDS: dict[bool, tuple[str, ...]] = {
    True: ("yes", "y", "true", "t", "1", "是", "有", "已续约", "续约", "renewed", "x", "✓", "√",
           "done", "held", "completed", "已完成", "完成", "已召开", "已评审", "已交接"),
    False: ("no", "n", "false", "f", "0", "否", "无", "未续约", "不续约", "not renewed", "-",
            "not done", "not held", "未完成", "未召开", "未评审", "未交接"),
}

# Satisfaction scales: name -> (low, high, threshold for a "satisfied" answer).
SCORE_SCALES: dict[str, tuple[float, float, float]] = {
    "0-1": (0, 1, 0.8),  # a fraction, or good (1) / bad (0)
    "1-5": (1, 5, 4),
    "1-10": (1, 10, 8),
    "0-10": (0, 10, 8),
    "0-100": (0, 100, 80),
}

_PUNCT = re.compile(r"[\s_\-./\\:：()（）\[\]【】?？#＃*]+")


def normalise_header(text: object) -> str:
    """Fold a header to the form aliases are compared in.

    NFKC turns full-width forms into ASCII (``ＩＤ`` -> ``ID``, ``？`` -> ``?``), case is
    folded, and spaces, underscores, dashes and brackets are dropped, so that ``Issue key``,
    ``issue_key`` and ``ISSUE-KEY`` are one header.
    """
    s = unicodedata.normalize("NFKC", str(text if text is not None else "")).strip().lower()
    return _PUNCT.sub("", s)


_HINT = re.compile(r"\s*[(（\[【][^()（）\[\]【】]*[)）\]】]\s*$")


def strip_hint(header: str) -> str:
    """A header without the unit or scale written after it in brackets: ``满意度(1-10分)`` and
    ``Resolution time [h]`` are found by their alias (``满意度``, ``Resolution time``)."""
    return _HINT.sub("", header) or header


_SCALE_WORDS: dict[str, str] = {
    "0-1": "0-1", "1-5": "1-5", "5": "1-5", "1-10": "1-10", "10": "1-10", "0-10": "0-10",
    "0-100": "0-100", "100": "0-100", "百": "0-100"}


def scale_hint(header: str) -> str | None:
    """The score scale a header names in its brackets (``满意度(1-10分)``, ``CSAT [1-5]``,
    ``评分（百分制）``), or None: the file's own word settles what the values alone cannot
    (one score of 11 among 1-10 answers is an error, not a 0-100 survey)."""
    m = _HINT.search(header)
    if m is None:
        return None
    return _SCALE_WORDS.get(fold_scale_word(m.group(0).strip().strip("()（）[]【】")))


#: How a scale's words are folded before :data:`_SCALE_WORDS` is looked up (the same pattern
#: folds a scale column's cells in SQL, so a header and a column read one vocabulary).
SCALE_FOLD = r"\s|分|制|点|points?|pts\.?"


def fold_scale_word(text: str) -> str:
    """``1~10分`` -> ``1-10``; ``百分制`` -> ``百``."""
    word = re.sub(SCALE_FOLD, "", unicodedata.normalize("NFKC", text).lower())
    return word.replace("~", "-").replace("—", "-")


def scale_sql(expr: str) -> str:
    """SQL reading a scale column's text ``expr`` to a canonical scale name, or NULL."""
    folded = (f"replace(replace(regexp_replace(lower({expr}), '{SCALE_FOLD}', '', 'g'), "
              "'~', '-'), '～', '-')")
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _SCALE_WORDS.items())
    return f"CASE {folded} {whens} END"


def normalise_value(text: str) -> str:
    """Fold a cell value for vocabulary look-ups (same folding as headers, spaces kept)."""
    s = unicodedata.normalize("NFKC", text).strip().lower()
    return re.sub(r"\s+", " ", s)


VENDOR_RANK = 1000  # a vendor's header ranks after every generic alias of the same column


def alias_index(table: Table) -> dict[str, tuple[str, int]]:
    """normalised alias -> (canonical column, rank). Lower rank wins a conflict.

    The generic aliases of the columns and inputs, then every source system's headers
    (analytics.vendors), which rank after them."""
    from .vendors import aliases_for

    index: dict[str, tuple[str, int]] = {}

    def add(column: str, rank: int, alias: str) -> None:
        key = normalise_header(alias)
        # a column's own name beats anything; otherwise first declaration wins
        if key not in index or rank < index[key][1]:
            index[key] = (column, rank)

    for col in (*table.columns, *table.inputs):
        for rank, alias in enumerate(col.aliases):
            add(col.name, rank, alias)
    for column, headers in aliases_for(table.name).items():
        for rank, alias in enumerate(headers):
            add(column, VENDOR_RANK + rank, alias)
    return index


def vocabulary_lookup(name: str, extra: dict[str, tuple[str, ...]] | None = None) -> dict[str, str]:
    """normalised spelling -> canonical value for one vocabulary; ``extra`` are a source
    system's own spellings (they win over the generic ones)."""
    out: dict[str, str] = {}
    for canonical, spellings in (extra or {}).items():
        for s in spellings:
            out.setdefault(normalise_value(s), canonical)
    for canonical, spellings in VOCABULARIES[name].items():
        for s in (canonical, *spellings):
            out.setdefault(normalise_value(s), canonical)
    return out


def create_table_sql(table: Table) -> str:
    cols = [f"{c.name} {c.sql_type}" for c in table.columns]
    cols += [f"{n} {t}" for n, t in PROVENANCE_COLUMNS]
    return f"CREATE TABLE IF NOT EXISTS {table.name} (\n  " + ",\n  ".join(cols) + "\n)"
