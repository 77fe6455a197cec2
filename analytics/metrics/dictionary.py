"""The metric dictionary: one entry per KPI, in both languages.

It is what the app shows beside a figure, what docs/metrics.md is checked against and what
every export carries as a sheet, so a figure never travels without its definition. Keys match
the headline dict and the retro table; ``higher_is_better`` says which direction of change is
good (None for volumes, where neither direction is good or bad by itself).

Every text field has an English and a Chinese form: ``name_en`` / ``name_zh`` and
``definition_en`` / ``definition_zh``; ``population``, ``date_basis``, ``aggregator`` and
``unit`` are the English forms (``unit`` is also the code the charts format values by) beside
``population_zh``, ``date_basis_zh``, ``aggregator_zh`` and ``unit_zh``. ``Metric.text``
picks one field in a language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

#: The text fields of an entry, in the order a reader goes through them.
TEXT_FIELDS: tuple[str, ...] = ("name", "definition", "population", "date_basis", "aggregator",
                                "unit")


@dataclass(frozen=True)
class Metric:
    key: str
    name_en: str
    name_zh: str
    definition_en: str
    definition_zh: str
    population: str  # which rows the figure is computed over
    population_zh: str
    date_basis: str  # which date places a row in the period
    date_basis_zh: str
    aggregator: str  # how the rows become one figure
    aggregator_zh: str
    unit: str  # fraction | per 100 tickets | hours | days | count | score 0-100 | NPS | ...
    unit_zh: str
    higher_is_better: bool | None

    def text(self, field: str, language: str) -> str:
        """One of ``TEXT_FIELDS`` in ``language`` ("en" or "zh"); English when the language
        has no text of its own."""
        if field not in TEXT_FIELDS:
            raise KeyError(field)
        english = str(getattr(self, f"{field}_en", None) or getattr(self, field, ""))
        if language == "en":
            return english
        return str(getattr(self, f"{field}_{language}", None) or english)


_ACTIVE = ("projects started (kickoff, else signed date) by the period end, not closed before "
           "its start, not cancelled")
_ACTIVE_ZH = "期末前已启动（启动日期，缺失时用签约日期）、期初前未关闭、未取消的项目"

_CREATED_ZH = "创建时间 created_at"
_RESOLVED = "resolved_at, else closed_at"
_RESOLVED_ZH = "解决时间 resolved_at，缺失时用关闭时间 closed_at"
_GOLIVE_ZH = "实际上线日期 actual_golive_date"
_SUBMITTED_ZH = "提交时间 submitted_at"
_MEDIAN, _MEDIAN_ZH = "median (linear interpolation)", "中位数（线性插值）"
_P90, _P90_ZH = "p90 (linear interpolation)", "第 90 百分位数（线性插值）"
_RATIO_ZH = "计数之比"
_FILTERED_TICKETS_ZH = "符合筛选条件的工单"
_RESOLVED_POP = "tickets resolved in the period with a non-negative duration"
_RESOLVED_POP_ZH = "期间内解决、且时长不为负的工单"
_ANSWERED_POP = "tickets first answered in the period with a non-negative duration"
_ANSWERED_POP_ZH = "期间内首次响应、且时长不为负的工单"
_LIVE_POP = "projects that went live in the period and have a kickoff date"
_LIVE_POP_ZH = "期间内上线、且有启动日期的项目"
_SCORED_POP = "survey responses in the period with a score on a known scale"
_SCORED_POP_ZH = "期间内提交、且评分属于已知量表的答卷"

_ENTRIES: tuple[Metric, ...] = (
    Metric("projects_active", "Active projects", "活跃项目数",
           "Projects active in the period: started by its end, not closed before its start, "
           "not cancelled.",
           "期间内活跃的项目：期末前已启动、期初前未关闭且未取消。",
           population=_ACTIVE, population_zh=_ACTIVE_ZH,
           date_basis="kickoff_date (else signed_date), closed_date",
           date_basis_zh="启动日期 kickoff_date（缺失时用签约日期 signed_date）、"
                         "结项日期 closed_date",
           aggregator="count", aggregator_zh="计数",
           unit="count", unit_zh="个", higher_is_better=None),
    Metric("complaint_rate", "Complaint rate", "投诉率",
           "Active projects with at least one complaint ticket created in the period, divided "
           "by active projects.",
           "期间内至少有一张投诉工单的活跃项目数 ÷ 活跃项目数。",
           population=_ACTIVE, population_zh=_ACTIVE_ZH,
           date_basis="ticket created_at", date_basis_zh="工单创建时间 created_at",
           aggregator="count distinct projects / count",
           aggregator_zh="有投诉的项目数（去重）÷ 活跃项目数",
           unit="fraction", unit_zh="比例", higher_is_better=False),
    Metric("complaints_per_100_tickets", "Complaints per 100 tickets", "每百张工单投诉数",
           "Complaint tickets created in the period / tickets created in the period x 100.",
           "期间内新建的投诉工单数 ÷ 期间内新建的工单数 × 100。",
           population="tickets created in the period (with or without a project)",
           population_zh="期间内新建的工单（无论是否关联项目）",
           date_basis="created_at", date_basis_zh=_CREATED_ZH,
           aggregator="count ratio x 100", aggregator_zh=_RATIO_ZH + " × 100",
           unit="per 100 tickets", unit_zh="每百张工单", higher_is_better=False),
    Metric("complaints_per_active_project", "Complaints per active project",
           "每个活跃项目投诉数",
           "Complaint tickets created in the period / active projects.",
           "期间内新建的投诉工单数 ÷ 活跃项目数。",
           population="complaint tickets created in the period; " + _ACTIVE,
           population_zh="期间内新建的投诉工单；" + _ACTIVE_ZH,
           date_basis="created_at", date_basis_zh=_CREATED_ZH,
           aggregator="count ratio", aggregator_zh=_RATIO_ZH,
           unit="complaints per project", unit_zh="每项目投诉数", higher_is_better=False),
    Metric("tickets_created", "Tickets created", "新建工单数",
           "Tickets created in the period.", "期间内新建的工单数。",
           population="tickets matching the filters", population_zh=_FILTERED_TICKETS_ZH,
           date_basis="created_at", date_basis_zh=_CREATED_ZH,
           aggregator="count", aggregator_zh="计数",
           unit="count", unit_zh="张", higher_is_better=None),
    Metric("tickets_resolved", "Tickets resolved", "已解决工单数",
           "Tickets resolved (resolved_at, else closed_at) in the period.",
           "期间内解决的工单数（解决时间，缺失时用关闭时间）。",
           population="tickets matching the filters", population_zh=_FILTERED_TICKETS_ZH,
           date_basis=_RESOLVED, date_basis_zh=_RESOLVED_ZH,
           aggregator="count", aggregator_zh="计数",
           unit="count", unit_zh="张", higher_is_better=None),
    Metric("resolution_median_hours", "Resolution time (median)", "解决时长（中位数）",
           "Median of resolved_at (else closed_at) - created_at, in hours, over tickets "
           "resolved in the period; negative durations are data errors and left out.",
           "期间内解决的工单从创建到解决（缺失时用关闭时间）的时长中位数，单位小时；负时长为数据错误，不计入。",
           population=_RESOLVED_POP, population_zh=_RESOLVED_POP_ZH,
           date_basis=_RESOLVED, date_basis_zh=_RESOLVED_ZH,
           aggregator=_MEDIAN, aggregator_zh=_MEDIAN_ZH,
           unit="hours", unit_zh="小时", higher_is_better=False),
    Metric("resolution_p90_hours", "Resolution time (p90)", "解决时长（P90）",
           "90th percentile of the resolution time, hours, linear interpolation.",
           "解决时长的第 90 百分位数（线性插值），单位小时。",
           population=_RESOLVED_POP, population_zh=_RESOLVED_POP_ZH,
           date_basis=_RESOLVED, date_basis_zh=_RESOLVED_ZH,
           aggregator=_P90, aggregator_zh=_P90_ZH,
           unit="hours", unit_zh="小时", higher_is_better=False),
    Metric("first_response_median_hours", "First response time (median)",
           "首次响应时长（中位数）",
           "Median of first_response_at - created_at, hours, over tickets first answered in "
           "the period; tickets without a first response are not counted.",
           "期间内首次响应的工单从创建到首次响应的时长中位数，单位小时；无首次响应的工单不计入。",
           population=_ANSWERED_POP, population_zh=_ANSWERED_POP_ZH,
           date_basis="first_response_at", date_basis_zh="首次响应时间 first_response_at",
           aggregator=_MEDIAN, aggregator_zh=_MEDIAN_ZH,
           unit="hours", unit_zh="小时", higher_is_better=False),
    Metric("first_response_p90_hours", "First response time (p90)", "首次响应时长（P90）",
           "90th percentile of the first response time, hours.",
           "首次响应时长的第 90 百分位数，单位小时。",
           population=_ANSWERED_POP, population_zh=_ANSWERED_POP_ZH,
           date_basis="first_response_at", date_basis_zh="首次响应时间 first_response_at",
           aggregator=_P90, aggregator_zh=_P90_ZH,
           unit="hours", unit_zh="小时", higher_is_better=False),
    Metric("sla_attainment", "SLA attainment", "SLA 达成率",
           "Tickets that met their target / (tickets resolved in the period + tickets open at "
           "the period end already past their target). Target: sla_due_at, else the "
           "priority's target hours (settings).",
           "按时解决的工单数 ÷（期间内解决的工单数 + 期末仍未解决且已超过目标时间的工单数）。目标时间：SLA 截止时间，缺失时按优先级的目标小时数（设置项）。",
           population="tickets resolved in the period, plus tickets open at its end past "
                      "target; tickets without any target are left out",
           population_zh="期间内解决的工单，加上期末仍未解决且已超过目标时间的工单；"
                         "没有任何目标时间的工单不计入",
           date_basis="resolved_at (else closed_at); open at period end",
           date_basis_zh="解决时间 resolved_at（缺失时用关闭时间 closed_at）；"
                         "未解决的工单看期末时点",
           aggregator="count ratio", aggregator_zh=_RATIO_ZH,
           unit="fraction", unit_zh="比例", higher_is_better=True),
    Metric("reopen_rate", "Reopen rate", "重开率",
           "Resolved tickets reopened at least once / resolved tickets, over tickets resolved "
           "in the period that carry a reopen count.",
           "期间内解决且有重开次数记录的工单中，重开过至少一次的比例。",
           population="tickets resolved in the period with a reopen count",
           population_zh="期间内解决、且有重开次数记录的工单",
           date_basis=_RESOLVED, date_basis_zh=_RESOLVED_ZH,
           aggregator="count ratio", aggregator_zh=_RATIO_ZH,
           unit="fraction", unit_zh="比例", higher_is_better=False),
    Metric("backlog_open", "Open backlog", "未结工单数",
           "Tickets open at the period end: created by then and not resolved or closed by "
           "then. For all data, the end is the latest timestamp in the store.",
           "期末仍未解决的工单数：期末前已创建且期末前未解决或关闭。全部数据时，期末为数据中最新的时间。",
           population="tickets matching the filters", population_zh=_FILTERED_TICKETS_ZH,
           date_basis="open at the period end", date_basis_zh="期末时点仍未结",
           aggregator="count", aggregator_zh="计数",
           unit="count", unit_zh="张", higher_is_better=False),
    Metric("delivery_cycle_median_days", "Delivery cycle (median)", "交付周期（中位数）",
           "Median of actual go-live - kickoff, in days, over projects that went live in the "
           "period.",
           "期间内上线项目从启动到实际上线的天数中位数。",
           population=_LIVE_POP, population_zh=_LIVE_POP_ZH,
           date_basis="actual_golive_date", date_basis_zh=_GOLIVE_ZH,
           aggregator=_MEDIAN, aggregator_zh=_MEDIAN_ZH,
           unit="days", unit_zh="天", higher_is_better=False),
    Metric("delivery_cycle_p90_days", "Delivery cycle (p90)", "交付周期（P90）",
           "90th percentile of actual go-live - kickoff, days.",
           "从启动到实际上线天数的第 90 百分位数。",
           population=_LIVE_POP, population_zh=_LIVE_POP_ZH,
           date_basis="actual_golive_date", date_basis_zh=_GOLIVE_ZH,
           aggregator=_P90, aggregator_zh=_P90_ZH,
           unit="days", unit_zh="天", higher_is_better=False),
    Metric("schedule_slip_days", "Schedule slip", "进度偏差",
           "Actual go-live (or today, if not live) - planned go-live, in days. Positive is "
           "late.",
           "实际上线日期（未上线则为今天）减计划上线日期，单位天；正数表示延期。",
           population=_ACTIVE + ", with a planned go-live",
           population_zh="期末前已启动（启动日期，缺失时用签约日期）、期初前未关闭、未取消，"
                         "且有计划上线日期的项目",
           date_basis="planned_golive_date, today",
           date_basis_zh="计划上线日期 planned_golive_date、今天（未上线时）",
           aggregator="per project", aggregator_zh="逐项目计算",
           unit="days", unit_zh="天", higher_is_better=False),
    Metric("on_time_golive_rate", "On-time go-live rate", "按期上线率",
           "Go-lives in the period with slip <= the tolerance (settings, default 0 days) / "
           "go-lives in the period with a planned date.",
           "期间内上线且进度偏差不超过容差（设置项，默认 0 天）的项目 ÷ 期间内有计划上线日期的上线项目。",
           population="projects that went live in the period with a planned go-live",
           population_zh="期间内上线、且有计划上线日期的项目",
           date_basis="actual_golive_date", date_basis_zh=_GOLIVE_ZH,
           aggregator="count ratio", aggregator_zh=_RATIO_ZH,
           unit="fraction", unit_zh="比例", higher_is_better=True),
    Metric("renewal_rate", "Renewal rate", "续约率",
           "Closed-out contracts that renewed / contracts up for renewal (closed in the "
           "period, not cancelled, renewal outcome recorded).",
           "期间内结项且已续约的合同 ÷ 应续约合同（期间内结项、未取消、续约结果已记录）。",
           population="projects closed in the period, not cancelled, with a renewal outcome",
           population_zh="期间内结项、未取消且已记录续约结果的项目",
           date_basis="closed_date", date_basis_zh="结项日期 closed_date",
           aggregator="count ratio", aggregator_zh=_RATIO_ZH,
           unit="fraction", unit_zh="比例", higher_is_better=True),
    Metric("csat_pct", "CSAT", "满意度（CSAT）",
           "Share of scored responses at or above the scale's threshold (4 of 1-5, 8 of 1-10 "
           "or 0-10, 80 of 0-100), with a Wilson 95% interval and n.",
           "评分达到量表阈值（1-5 分制 ≥4，1-10 或 0-10 分制 ≥8，0-100 分制 ≥80）的答卷占比，附 Wilson 95% 置信区间和样本数。",
           population=_SCORED_POP, population_zh=_SCORED_POP_ZH,
           date_basis="submitted_at", date_basis_zh=_SUBMITTED_ZH,
           aggregator="count ratio", aggregator_zh=_RATIO_ZH,
           unit="fraction", unit_zh="比例", higher_is_better=True),
    Metric("csat_mean_0_100", "Mean score (0-100)", "平均分（0-100）",
           "Mean of (score - low) / (high - low) x 100, so every scale maps to 0-100 "
           "(1-5: 1 -> 0, 5 -> 100).",
           "按 (分数 - 最低分) ÷ (最高分 - 最低分) × 100 折算到 0-100 后的平均分（1-5 分制：1 → 0，5 → 100）。",
           population=_SCORED_POP, population_zh=_SCORED_POP_ZH,
           date_basis="submitted_at", date_basis_zh=_SUBMITTED_ZH,
           aggregator="mean", aggregator_zh="平均值",
           unit="score 0-100", unit_zh="0-100 分", higher_is_better=True),
    Metric("nps", "NPS", "净推荐值（NPS）",
           "% promoters (9-10) - % detractors (0-6) of the 0-10 recommendation answers, "
           "-100..100, with a 95% interval (1.96 x 100 x sqrt(var / n)).",
           "推荐者（9-10 分）占比减贬损者（0-6 分）占比，范围 -100 到 100，附 95% 置信区间（1.96 × 100 × √(方差/n)）。",
           population="survey responses in the period with a recommendation answer",
           population_zh="期间内提交、且有推荐意愿评分（0-10 分）的答卷",
           date_basis="submitted_at", date_basis_zh=_SUBMITTED_ZH,
           aggregator="mean of +1 / 0 / -1 x 100",
           aggregator_zh="推荐者记 +1、中立者记 0、贬损者记 -1，取平均后 × 100",
           unit="NPS", unit_zh="NPS（-100 到 100）", higher_is_better=True),
    Metric("survey_responses", "Survey responses", "答卷数",
           "Survey responses submitted in the period (scored or not).",
           "期间内提交的答卷数（无论是否有评分）。",
           population="survey responses matching the filters",
           population_zh="符合筛选条件的答卷",
           date_basis="submitted_at", date_basis_zh=_SUBMITTED_ZH,
           aggregator="count", aggregator_zh="计数",
           unit="count", unit_zh="份", higher_is_better=None),
    Metric("project_health", "Project health", "项目健康度",
           "Red, amber or green per running project, with the reasons: red for slip > 30 "
           "days, an open P1 older than 2 days, CSAT < 60% over 90 days or a complaint open "
           "> 7 days; amber for slip > 0, CSAT < 80% or a complaint in the last 30 days "
           "(thresholds are settings).",
           "每个在建项目的红 / 黄 / 绿状态及原因：进度延期超过 30 天、P1 工单未解决超过 2 天、近 90 天满意度低于 60% 或投诉未解决超过 7 天为红；延期超过 0 天、满意度低于 80% 或近 30 天有投诉为黄（阈值均为设置项）。",
           population="projects running on the as-of day",
           population_zh="统计日（期末）仍在建的项目",
           date_basis="as of the period end", date_basis_zh="以期末时点为准",
           aggregator="rules per project", aggregator_zh="逐项目按规则判定",
           unit="status", unit_zh="状态（红 / 黄 / 绿）", higher_is_better=None),
)

METRICS: dict[str, Metric] = {m.key: m for m in _ENTRIES}


def metric(key: str) -> Metric:
    return METRICS[key]


def dictionary_frame(language: str | None = None) -> pd.DataFrame:
    """The dictionary as a table, one row per KPI (the export sheet).

    With a ``language`` ("en" or "zh"): ``key``, one column per text field in that language
    (``name``, ``definition``, ``population``, ``date_basis``, ``aggregator``, ``unit``) and
    ``higher_is_better``. Without one: the name and the definition in both languages
    (``name_en`` / ``name_zh``, ``definition_en`` / ``definition_zh``), the other text fields
    in English (``population``, ``date_basis``, ``aggregator``, ``unit``; their Chinese comes
    with ``language="zh"``) and ``higher_is_better``.
    """
    if language is None:
        rows = [asdict(m) for m in METRICS.values()]
        keep = ["key", "name_en", "name_zh", "definition_en", "definition_zh", "population",
                "date_basis", "aggregator", "unit", "higher_is_better"]
        return pd.DataFrame(rows, columns=keep)
    return pd.DataFrame([{"key": m.key, **{f: m.text(f, language) for f in TEXT_FIELDS},
                          "higher_is_better": m.higher_is_better}
                         for m in METRICS.values()])


__all__ = ["Metric", "METRICS", "TEXT_FIELDS", "metric", "dictionary_frame"]
