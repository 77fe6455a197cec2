"""The metric dictionary: one entry per KPI, in both languages.

It is what the app shows beside a figure, what docs/metrics.md is checked against and what
every export carries as a sheet, so a figure never travels without its definition. Keys match
the headline dict and the retro table; ``higher_is_better`` says which direction of change is
good (None for volumes, where neither direction is good or bad by itself).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd


@dataclass(frozen=True)
class Metric:
    key: str
    name_en: str
    name_zh: str
    definition_en: str
    definition_zh: str
    population: str  # which rows the figure is computed over
    date_basis: str  # which date places a row in the period
    aggregator: str  # how the rows become one figure
    unit: str  # fraction | per 100 tickets | hours | days | count | score 0-100 | NPS
    higher_is_better: bool | None


_ACTIVE = ("projects started (kickoff, else signed date) by the period end, not closed before "
           "its start, not cancelled")
_ACTIVE_ZH = "期末前已启动（启动日期，缺失时用签约日期）、期初前未关闭、未取消的项目"

_ENTRIES: tuple[Metric, ...] = (
    Metric("projects_active", "Active projects", "活跃项目数",
           "Projects active in the period: started by its end, not closed before its start, "
           "not cancelled.",
           "期间内活跃的项目：期末前已启动、期初前未关闭且未取消。",
           _ACTIVE, "kickoff_date (else signed_date), closed_date", "count", "count", None),
    Metric("complaint_rate", "Complaint rate", "投诉率",
           "Active projects with at least one complaint ticket created in the period, divided "
           "by active projects.",
           "期间内至少有一张投诉工单的活跃项目数 ÷ 活跃项目数。",
           _ACTIVE, "ticket created_at", "count distinct projects / count", "fraction", False),
    Metric("complaints_per_100_tickets", "Complaints per 100 tickets", "每百张工单投诉数",
           "Complaint tickets created in the period / tickets created in the period x 100.",
           "期间内新建的投诉工单数 ÷ 期间内新建的工单数 × 100。",
           "tickets created in the period (with or without a project)", "created_at",
           "count ratio x 100", "per 100 tickets", False),
    Metric("complaints_per_active_project", "Complaints per active project",
           "每个活跃项目投诉数",
           "Complaint tickets created in the period / active projects.",
           "期间内新建的投诉工单数 ÷ 活跃项目数。",
           "complaint tickets created in the period; " + _ACTIVE, "created_at", "count ratio",
           "complaints per project", False),
    Metric("tickets_created", "Tickets created", "新建工单数",
           "Tickets created in the period.", "期间内新建的工单数。",
           "tickets matching the filters", "created_at", "count", "count", None),
    Metric("tickets_resolved", "Tickets resolved", "已解决工单数",
           "Tickets resolved (resolved_at, else closed_at) in the period.",
           "期间内解决的工单数（解决时间，缺失时用关闭时间）。",
           "tickets matching the filters", "resolved_at, else closed_at", "count", "count",
           None),
    Metric("resolution_median_hours", "Resolution time (median)", "解决时长（中位数）",
           "Median of resolved_at (else closed_at) - created_at, in hours, over tickets "
           "resolved in the period; negative durations are data errors and left out.",
           "期间内解决的工单从创建到解决（缺失时用关闭时间）的时长中位数，单位小时；负时长为数据错误，不计入。",
           "tickets resolved in the period with a non-negative duration",
           "resolved_at, else closed_at", "median (linear interpolation)", "hours", False),
    Metric("resolution_p90_hours", "Resolution time (p90)", "解决时长（P90）",
           "90th percentile of the resolution time, hours, linear interpolation.",
           "解决时长的第 90 百分位数（线性插值），单位小时。",
           "tickets resolved in the period with a non-negative duration",
           "resolved_at, else closed_at", "p90 (linear interpolation)", "hours", False),
    Metric("first_response_median_hours", "First response time (median)",
           "首次响应时长（中位数）",
           "Median of first_response_at - created_at, hours, over tickets first answered in "
           "the period; tickets without a first response are not counted.",
           "期间内首次响应的工单从创建到首次响应的时长中位数，单位小时；无首次响应的工单不计入。",
           "tickets first answered in the period with a non-negative duration",
           "first_response_at", "median (linear interpolation)", "hours", False),
    Metric("first_response_p90_hours", "First response time (p90)", "首次响应时长（P90）",
           "90th percentile of the first response time, hours.",
           "首次响应时长的第 90 百分位数，单位小时。",
           "tickets first answered in the period with a non-negative duration",
           "first_response_at", "p90 (linear interpolation)", "hours", False),
    Metric("sla_attainment", "SLA attainment", "SLA 达成率",
           "Tickets that met their target / (tickets resolved in the period + tickets open at "
           "the period end already past their target). Target: sla_due_at, else the "
           "priority's target hours (settings).",
           "按时解决的工单数 ÷（期间内解决的工单数 + 期末仍未解决且已超过目标时间的工单数）。目标时间：SLA 截止时间，缺失时按优先级的目标小时数（设置项）。",
           "tickets resolved in the period, plus tickets open at its end past target; "
           "tickets without any target are left out",
           "resolved_at (else closed_at); open at period end", "count ratio", "fraction",
           True),
    Metric("reopen_rate", "Reopen rate", "重开率",
           "Resolved tickets reopened at least once / resolved tickets, over tickets resolved "
           "in the period that carry a reopen count.",
           "期间内解决且有重开次数记录的工单中，重开过至少一次的比例。",
           "tickets resolved in the period with a reopen count", "resolved_at, else closed_at",
           "count ratio", "fraction", False),
    Metric("backlog_open", "Open backlog", "未结工单数",
           "Tickets open at the period end: created by then and not resolved or closed by "
           "then. For all data, the end is the latest timestamp in the store.",
           "期末仍未解决的工单数：期末前已创建且期末前未解决或关闭。全部数据时，期末为数据中最新的时间。",
           "tickets matching the filters", "open at the period end", "count", "count", False),
    Metric("delivery_cycle_median_days", "Delivery cycle (median)", "交付周期（中位数）",
           "Median of actual go-live - kickoff, in days, over projects that went live in the "
           "period.",
           "期间内上线项目从启动到实际上线的天数中位数。",
           "projects that went live in the period and have a kickoff date",
           "actual_golive_date", "median (linear interpolation)", "days", False),
    Metric("delivery_cycle_p90_days", "Delivery cycle (p90)", "交付周期（P90）",
           "90th percentile of actual go-live - kickoff, days.",
           "从启动到实际上线天数的第 90 百分位数。",
           "projects that went live in the period and have a kickoff date",
           "actual_golive_date", "p90 (linear interpolation)", "days", False),
    Metric("schedule_slip_days", "Schedule slip", "进度偏差",
           "Actual go-live (or today, if not live) - planned go-live, in days. Positive is "
           "late.",
           "实际上线日期（未上线则为今天）减计划上线日期，单位天；正数表示延期。",
           _ACTIVE + ", with a planned go-live", "planned_golive_date, today",
           "per project", "days", False),
    Metric("on_time_golive_rate", "On-time go-live rate", "按期上线率",
           "Go-lives in the period with slip <= the tolerance (settings, default 0 days) / "
           "go-lives in the period with a planned date.",
           "期间内上线且进度偏差不超过容差（设置项，默认 0 天）的项目 ÷ 期间内有计划上线日期的上线项目。",
           "projects that went live in the period with a planned go-live",
           "actual_golive_date", "count ratio", "fraction", True),
    Metric("renewal_rate", "Renewal rate", "续约率",
           "Closed-out contracts that renewed / contracts up for renewal (closed in the "
           "period, not cancelled, renewal outcome recorded).",
           "期间内结项且已续约的合同 ÷ 应续约合同（期间内结项、未取消、续约结果已记录）。",
           "projects closed in the period, not cancelled, with a renewal outcome",
           "closed_date", "count ratio", "fraction", True),
    Metric("csat_pct", "CSAT", "满意度（CSAT）",
           "Share of scored responses at or above the scale's threshold (4 of 1-5, 8 of 1-10 "
           "or 0-10, 80 of 0-100), with a Wilson 95% interval and n.",
           "评分达到量表阈值（1-5 分制 ≥4，1-10 或 0-10 分制 ≥8，0-100 分制 ≥80）的答卷占比，附 Wilson 95% 置信区间和样本数。",
           "survey responses in the period with a score on a known scale",
           "submitted_at", "count ratio", "fraction", True),
    Metric("csat_mean_0_100", "Mean score (0-100)", "平均分（0-100）",
           "Mean of (score - low) / (high - low) x 100, so every scale maps to 0-100 "
           "(1-5: 1 -> 0, 5 -> 100).",
           "按 (分数 - 最低分) ÷ (最高分 - 最低分) × 100 折算到 0-100 后的平均分（1-5 分制：1 → 0，5 → 100）。",
           "survey responses in the period with a score on a known scale",
           "submitted_at", "mean", "score 0-100", True),
    Metric("nps", "NPS", "净推荐值（NPS）",
           "% promoters (9-10) - % detractors (0-6) of the 0-10 recommendation answers, "
           "-100..100, with a 95% interval (1.96 x 100 x sqrt(var / n)).",
           "推荐者（9-10 分）占比减贬损者（0-6 分）占比，范围 -100 到 100，附 95% 置信区间（1.96 × 100 × √(方差/n)）。",
           "survey responses in the period with a recommendation answer",
           "submitted_at", "mean of +1 / 0 / -1 x 100", "NPS", True),
    Metric("survey_responses", "Survey responses", "答卷数",
           "Survey responses submitted in the period (scored or not).",
           "期间内提交的答卷数（无论是否有评分）。",
           "survey responses matching the filters", "submitted_at", "count", "count", None),
    Metric("project_health", "Project health", "项目健康度",
           "Red, amber or green per running project, with the reasons: red for slip > 30 "
           "days, an open P1 older than 2 days, CSAT < 60% over 90 days or a complaint open "
           "> 7 days; amber for slip > 0, CSAT < 80% or a complaint in the last 30 days "
           "(thresholds are settings).",
           "每个在建项目的红 / 黄 / 绿状态及原因：进度延期超过 30 天、P1 工单未解决超过 2 天、近 90 天满意度低于 60% 或投诉未解决超过 7 天为红；延期超过 0 天、满意度低于 80% 或近 30 天有投诉为黄（阈值均为设置项）。",
           "projects running on the as-of day", "as of the period end", "rules per project",
           "status", None),
)

METRICS: dict[str, Metric] = {m.key: m for m in _ENTRIES}


def metric(key: str) -> Metric:
    return METRICS[key]


def dictionary_frame() -> pd.DataFrame:
    """The dictionary as a table, one row per KPI (the export sheet)."""
    return pd.DataFrame([asdict(m) for m in METRICS.values()])


__all__ = ["Metric", "METRICS", "metric", "dictionary_frame"]
