"""The metric dictionary's texts: each KPI's name, definition, population, date basis,
aggregator and unit, in English and Chinese.

Keys are ``metric.<key>.<field>``; the metric registry (:mod:`analytics.metrics.registry`)
names them for each KPI, and the app's definition popover, the exports' Definitions sheet and
docs/metrics.md's summary table read them from here.
"""

STRINGS: dict[str, dict[str, str]] = {
    # projects_active
    "metric.projects_active.name": {"en": "Active projects", "zh": "活跃项目数"},
    "metric.projects_active.definition": {
        "en": "Projects active in the period: started by its end, not closed before its start, not cancelled.",
        "zh": "期间内活跃的项目：期末前已启动、期初前未关闭且未取消。",
    },
    "metric.projects_active.population": {
        "en": "projects started (kickoff, else signed date) by the period end, not closed before its start, not cancelled",
        "zh": "期末前已启动（启动日期，缺失时用签约日期）、期初前未关闭、未取消的项目",
    },
    "metric.projects_active.date_basis": {
        "en": "kickoff_date (else signed_date), closed_date",
        "zh": "启动日期 kickoff_date（缺失时用签约日期 signed_date）、结项日期 closed_date",
    },
    "metric.projects_active.aggregator": {"en": "count", "zh": "计数"},
    "metric.projects_active.unit": {"en": "count", "zh": "个"},
    # complaint_rate
    "metric.complaint_rate.name": {"en": "Projects with a complaint", "zh": "有投诉的项目占比"},
    "metric.complaint_rate.definition": {
        "en": "Active projects with at least one complaint ticket created in the period, divided by active projects.",
        "zh": "期间内至少有一张投诉工单的活跃项目数 ÷ 活跃项目数。",
    },
    "metric.complaint_rate.population": {
        "en": "projects started (kickoff, else signed date) by the period end, not closed before its start, not cancelled",
        "zh": "期末前已启动（启动日期，缺失时用签约日期）、期初前未关闭、未取消的项目",
    },
    "metric.complaint_rate.date_basis": {"en": "ticket created_at", "zh": "工单创建时间 created_at"},
    "metric.complaint_rate.aggregator": {
        "en": "count distinct projects / count",
        "zh": "有投诉的项目数（去重）÷ 活跃项目数",
    },
    "metric.complaint_rate.unit": {"en": "fraction", "zh": "比例"},
    # complaints_per_100_tickets
    "metric.complaints_per_100_tickets.name": {
        "en": "Complaints per 100 tickets",
        "zh": "每百张工单投诉数",
    },
    "metric.complaints_per_100_tickets.definition": {
        "en": "Complaint tickets created in the period / tickets created in the period x 100.",
        "zh": "期间内新建的投诉工单数 ÷ 期间内新建的工单数 × 100。",
    },
    "metric.complaints_per_100_tickets.population": {
        "en": "tickets created in the period (with or without a project)",
        "zh": "期间内新建的工单（无论是否关联项目）",
    },
    "metric.complaints_per_100_tickets.date_basis": {"en": "created_at", "zh": "创建时间 created_at"},
    "metric.complaints_per_100_tickets.aggregator": {
        "en": "count ratio x 100",
        "zh": "计数之比 × 100",
    },
    "metric.complaints_per_100_tickets.unit": {"en": "per 100 tickets", "zh": "每百张工单"},
    # complaints_per_active_project
    "metric.complaints_per_active_project.name": {
        "en": "Complaints per active project",
        "zh": "每个活跃项目投诉数",
    },
    "metric.complaints_per_active_project.definition": {
        "en": "Complaint tickets created in the period / active projects.",
        "zh": "期间内新建的投诉工单数 ÷ 活跃项目数。",
    },
    "metric.complaints_per_active_project.population": {
        "en": "complaint tickets created in the period; projects started (kickoff, else signed date) by the period end, not closed before its start, not cancelled",
        "zh": "期间内新建的投诉工单；期末前已启动（启动日期，缺失时用签约日期）、期初前未关闭、未取消的项目",
    },
    "metric.complaints_per_active_project.date_basis": {
        "en": "created_at",
        "zh": "创建时间 created_at",
    },
    "metric.complaints_per_active_project.aggregator": {"en": "count ratio", "zh": "计数之比"},
    "metric.complaints_per_active_project.unit": {"en": "complaints per project", "zh": "每项目投诉数"},
    # complaints
    "metric.complaints.name": {"en": "Complaints raised", "zh": "投诉数"},
    "metric.complaints.definition": {
        "en": "Complaint tickets created in the period (a ticket is a complaint when flagged as one, else when its type is complaint).",
        "zh": "期间内新建的投诉工单数（标记为投诉的工单；未标记时按工单类型为投诉判断）。",
    },
    "metric.complaints.population": {
        "en": "complaint tickets matching the filters, with or without a project",
        "zh": "符合筛选条件的投诉工单（无论是否关联项目）",
    },
    "metric.complaints.date_basis": {"en": "created_at", "zh": "创建时间"},
    "metric.complaints.aggregator": {"en": "count", "zh": "计数"},
    "metric.complaints.unit": {"en": "count", "zh": "张"},
    # tickets_created
    "metric.tickets_created.name": {"en": "Tickets created", "zh": "新建工单数"},
    "metric.tickets_created.definition": {
        "en": "Tickets created in the period.",
        "zh": "期间内新建的工单数。",
    },
    "metric.tickets_created.population": {
        "en": "tickets matching the filters",
        "zh": "符合筛选条件的工单",
    },
    "metric.tickets_created.date_basis": {"en": "created_at", "zh": "创建时间 created_at"},
    "metric.tickets_created.aggregator": {"en": "count", "zh": "计数"},
    "metric.tickets_created.unit": {"en": "count", "zh": "张"},
    # tickets_resolved
    "metric.tickets_resolved.name": {"en": "Tickets resolved", "zh": "已解决工单数"},
    "metric.tickets_resolved.definition": {
        "en": "Tickets resolved (resolved_at, else closed_at) in the period.",
        "zh": "期间内解决的工单数（解决时间，缺失时用关闭时间）。",
    },
    "metric.tickets_resolved.population": {
        "en": "tickets matching the filters",
        "zh": "符合筛选条件的工单",
    },
    "metric.tickets_resolved.date_basis": {
        "en": "resolved_at, else closed_at",
        "zh": "解决时间 resolved_at，缺失时用关闭时间 closed_at",
    },
    "metric.tickets_resolved.aggregator": {"en": "count", "zh": "计数"},
    "metric.tickets_resolved.unit": {"en": "count", "zh": "张"},
    # resolution_median_hours
    "metric.resolution_median_hours.name": {"en": "Resolution time (median)", "zh": "解决时长（中位数）"},
    "metric.resolution_median_hours.definition": {
        "en": "Median of resolved_at (else closed_at) - created_at, in wall-clock hours (every hour counts), over tickets resolved in the period; negative durations are data errors and left out.",
        "zh": "期间内解决的工单从创建到解决（缺失时用关闭时间）的时长中位数，按自然时间（每小时都计）以小时计；负时长为数据错误，不计入。",
    },
    "metric.resolution_median_hours.population": {
        "en": "tickets resolved in the period with a non-negative duration",
        "zh": "期间内解决、且时长不为负的工单",
    },
    "metric.resolution_median_hours.date_basis": {
        "en": "resolved_at, else closed_at",
        "zh": "解决时间 resolved_at，缺失时用关闭时间 closed_at",
    },
    "metric.resolution_median_hours.aggregator": {
        "en": "median (linear interpolation)",
        "zh": "中位数（线性插值）",
    },
    "metric.resolution_median_hours.unit": {"en": "hours", "zh": "小时"},
    # resolution_p90_hours
    "metric.resolution_p90_hours.name": {"en": "Resolution time (p90)", "zh": "解决时长（P90）"},
    "metric.resolution_p90_hours.definition": {
        "en": "90th percentile of the resolution time, wall-clock hours, linear interpolation.",
        "zh": "解决时长的第 90 百分位数（线性插值），按自然时间以小时计。",
    },
    "metric.resolution_p90_hours.population": {
        "en": "tickets resolved in the period with a non-negative duration",
        "zh": "期间内解决、且时长不为负的工单",
    },
    "metric.resolution_p90_hours.date_basis": {
        "en": "resolved_at, else closed_at",
        "zh": "解决时间 resolved_at，缺失时用关闭时间 closed_at",
    },
    "metric.resolution_p90_hours.aggregator": {
        "en": "p90 (linear interpolation)",
        "zh": "第 90 百分位数（线性插值）",
    },
    "metric.resolution_p90_hours.unit": {"en": "hours", "zh": "小时"},
    # first_response_median_hours
    "metric.first_response_median_hours.name": {
        "en": "First response time (median)",
        "zh": "首次响应时长（中位数）",
    },
    "metric.first_response_median_hours.definition": {
        "en": "Median of first_response_at - created_at, wall-clock hours, over tickets first answered in the period; tickets without a first response are not counted.",
        "zh": "期间内首次响应的工单从创建到首次响应的时长中位数，按自然时间以小时计；无首次响应的工单不计入。",
    },
    "metric.first_response_median_hours.population": {
        "en": "tickets first answered in the period with a non-negative duration",
        "zh": "期间内首次响应、且时长不为负的工单",
    },
    "metric.first_response_median_hours.date_basis": {
        "en": "first_response_at",
        "zh": "首次响应时间 first_response_at",
    },
    "metric.first_response_median_hours.aggregator": {
        "en": "median (linear interpolation)",
        "zh": "中位数（线性插值）",
    },
    "metric.first_response_median_hours.unit": {"en": "hours", "zh": "小时"},
    # first_response_p90_hours
    "metric.first_response_p90_hours.name": {
        "en": "First response time (p90)",
        "zh": "首次响应时长（P90）",
    },
    "metric.first_response_p90_hours.definition": {
        "en": "90th percentile of the first response time, wall-clock hours.",
        "zh": "首次响应时长的第 90 百分位数，按自然时间以小时计。",
    },
    "metric.first_response_p90_hours.population": {
        "en": "tickets first answered in the period with a non-negative duration",
        "zh": "期间内首次响应、且时长不为负的工单",
    },
    "metric.first_response_p90_hours.date_basis": {
        "en": "first_response_at",
        "zh": "首次响应时间 first_response_at",
    },
    "metric.first_response_p90_hours.aggregator": {
        "en": "p90 (linear interpolation)",
        "zh": "第 90 百分位数（线性插值）",
    },
    "metric.first_response_p90_hours.unit": {"en": "hours", "zh": "小时"},
    # the business-hours twins of the durations
    "metric.resolution_median_business_hours.name": {"en": "Resolution time, business hours (median)", "zh": "解决时长·工作时间（中位数）"},
    "metric.resolution_median_business_hours.definition": {
        "en": "Median resolution time on the business clock: only the working minutes of the ticket's calendar count (default Mon-Fri 09:00-18:00, mainland-China holidays and make-up workdays), and not while the ticket sits in a pause status (Awaiting Customer, On Hold ...) as its status history tells.",
        "zh": "按工作时间计的解决时长中位数：只计工单所用日历的工作分钟（默认周一至周五 09:00–18:00，中国大陆节假日与调休），且工单处于暂停状态（等待客户、挂起等，以状态历史为准）时不计。",
    },
    "metric.resolution_median_business_hours.population": {"en": "tickets resolved in the period with a non-negative duration", "zh": "期间内解决、且时长不为负的工单"},
    "metric.resolution_median_business_hours.date_basis": {"en": "resolved_at, else closed_at", "zh": "解决时间 resolved_at，缺失时用关闭时间 closed_at"},
    "metric.resolution_median_business_hours.aggregator": {"en": "median (linear interpolation)", "zh": "中位数（线性插值）"},
    "metric.resolution_median_business_hours.unit": {"en": "hours", "zh": "小时"},
    "metric.resolution_p90_business_hours.name": {"en": "Resolution time, business hours (p90)", "zh": "解决时长·工作时间（P90）"},
    "metric.resolution_p90_business_hours.definition": {
        "en": "90th percentile of the resolution time on the business clock (working minutes, pauses excluded), linear interpolation.",
        "zh": "按工作时间计（只计工作分钟，不计暂停）的解决时长第 90 百分位数（线性插值）。",
    },
    "metric.resolution_p90_business_hours.population": {"en": "tickets resolved in the period with a non-negative duration", "zh": "期间内解决、且时长不为负的工单"},
    "metric.resolution_p90_business_hours.date_basis": {"en": "resolved_at, else closed_at", "zh": "解决时间 resolved_at，缺失时用关闭时间 closed_at"},
    "metric.resolution_p90_business_hours.aggregator": {"en": "p90 (linear interpolation)", "zh": "第 90 百分位数（线性插值）"},
    "metric.resolution_p90_business_hours.unit": {"en": "hours", "zh": "小时"},
    "metric.first_response_median_business_hours.name": {"en": "First response time, business hours (median)", "zh": "首次响应时长·工作时间（中位数）"},
    "metric.first_response_median_business_hours.definition": {
        "en": "Median first response time on the business clock (working minutes of the ticket's calendar, pauses excluded).",
        "zh": "按工作时间计（只计工作分钟，不计暂停）的首次响应时长中位数。",
    },
    "metric.first_response_median_business_hours.population": {"en": "tickets first answered in the period with a non-negative duration", "zh": "期间内首次响应、且时长不为负的工单"},
    "metric.first_response_median_business_hours.date_basis": {"en": "first_response_at", "zh": "首次响应时间 first_response_at"},
    "metric.first_response_median_business_hours.aggregator": {"en": "median (linear interpolation)", "zh": "中位数（线性插值）"},
    "metric.first_response_median_business_hours.unit": {"en": "hours", "zh": "小时"},
    "metric.first_response_p90_business_hours.name": {"en": "First response time, business hours (p90)", "zh": "首次响应时长·工作时间（P90）"},
    "metric.first_response_p90_business_hours.definition": {
        "en": "90th percentile of the first response time on the business clock.",
        "zh": "按工作时间计的首次响应时长第 90 百分位数。",
    },
    "metric.first_response_p90_business_hours.population": {"en": "tickets first answered in the period with a non-negative duration", "zh": "期间内首次响应、且时长不为负的工单"},
    "metric.first_response_p90_business_hours.date_basis": {"en": "first_response_at", "zh": "首次响应时间 first_response_at"},
    "metric.first_response_p90_business_hours.aggregator": {"en": "p90 (linear interpolation)", "zh": "第 90 百分位数（线性插值）"},
    "metric.first_response_p90_business_hours.unit": {"en": "hours", "zh": "小时"},
    # sla_attainment
    "metric.sla_attainment.name": {"en": "SLA attainment", "zh": "SLA 达成率"},
    "metric.sla_attainment.definition": {
        "en": "Tickets that met their target / (tickets resolved in the period + tickets open at the period end already past their target). Target: sla_due_at, else the priority's target hours (settings) on the SLA clock: wall-clock hours by default, business hours when the setting sla_clock says so; either clock stops while the ticket sits in a pause status, as its status history tells.",
        "zh": "按时解决的工单数 ÷（期间内解决的工单数 + 期末仍未解决且已超过目标时间的工单数）。目标时间：SLA 截止时间，缺失时按优先级的目标小时数（设置项），按 SLA 计时方式计：默认自然时间，设置 sla_clock 为 business 时按工作时间；两种计时在工单处于暂停状态期间都停止（以状态历史为准）。",
    },
    "metric.sla_attainment.population": {
        "en": "tickets resolved in the period, plus tickets open at its end past target; tickets without any target are left out",
        "zh": "期间内解决的工单，加上期末仍未解决且已超过目标时间的工单；没有任何目标时间的工单不计入",
    },
    "metric.sla_attainment.date_basis": {
        "en": "resolved_at (else closed_at); open at period end",
        "zh": "解决时间 resolved_at（缺失时用关闭时间 closed_at）；未解决的工单看期末时点",
    },
    "metric.sla_attainment.aggregator": {"en": "count ratio", "zh": "计数之比"},
    "metric.sla_attainment.unit": {"en": "fraction", "zh": "比例"},
    # reopen_rate
    "metric.reopen_rate.name": {"en": "Reopen rate", "zh": "重开率"},
    "metric.reopen_rate.definition": {
        "en": "Resolved tickets reopened at least once / resolved tickets, over tickets resolved in the period that carry a reopen count.",
        "zh": "期间内解决且有重开次数记录的工单中，重开过至少一次的比例。",
    },
    "metric.reopen_rate.population": {
        "en": "tickets resolved in the period with a reopen count",
        "zh": "期间内解决、且有重开次数记录的工单",
    },
    "metric.reopen_rate.date_basis": {
        "en": "resolved_at, else closed_at",
        "zh": "解决时间 resolved_at，缺失时用关闭时间 closed_at",
    },
    "metric.reopen_rate.aggregator": {"en": "count ratio", "zh": "计数之比"},
    "metric.reopen_rate.unit": {"en": "fraction", "zh": "比例"},
    # backlog_open
    "metric.backlog_open.name": {"en": "Open backlog", "zh": "未结工单数"},
    "metric.backlog_open.definition": {
        "en": "Tickets open at the period end: created by then and not resolved or closed by then. For all data, the end is the latest timestamp in the store. Ages are on the wall clock (calendar days).",
        "zh": "期末仍未解决的工单数：期末前已创建且期末前未解决或关闭。全部数据时，期末为数据中最新的时间。账龄按自然时间（自然日）计。",
    },
    "metric.backlog_open.population": {"en": "tickets matching the filters", "zh": "符合筛选条件的工单"},
    "metric.backlog_open.date_basis": {"en": "open at the period end", "zh": "期末时点仍未结"},
    "metric.backlog_open.aggregator": {"en": "count", "zh": "计数"},
    "metric.backlog_open.unit": {"en": "count", "zh": "张"},
    # delivery_cycle_median_days
    "metric.delivery_cycle_median_days.name": {
        "en": "Delivery cycle (median)",
        "zh": "交付周期（中位数）",
    },
    "metric.delivery_cycle_median_days.definition": {
        "en": "Median of actual go-live - kickoff, in calendar days (every day counts, weekends and holidays included), over projects that went live in the period.",
        "zh": "期间内上线项目从启动到实际上线的天数中位数，按自然日计（周末与节假日都计）。",
    },
    "metric.delivery_cycle_median_days.population": {
        "en": "projects that went live in the period and have a kickoff date",
        "zh": "期间内上线、且有启动日期的项目",
    },
    "metric.delivery_cycle_median_days.date_basis": {
        "en": "actual_golive_date",
        "zh": "实际上线日期 actual_golive_date",
    },
    "metric.delivery_cycle_median_days.aggregator": {
        "en": "median (linear interpolation)",
        "zh": "中位数（线性插值）",
    },
    "metric.delivery_cycle_median_days.unit": {"en": "days", "zh": "天"},
    # delivery_cycle_p90_days
    "metric.delivery_cycle_p90_days.name": {"en": "Delivery cycle (p90)", "zh": "交付周期（P90）"},
    "metric.delivery_cycle_p90_days.definition": {
        "en": "90th percentile of actual go-live - kickoff, calendar days.",
        "zh": "从启动到实际上线天数（自然日）的第 90 百分位数。",
    },
    "metric.delivery_cycle_p90_days.population": {
        "en": "projects that went live in the period and have a kickoff date",
        "zh": "期间内上线、且有启动日期的项目",
    },
    "metric.delivery_cycle_p90_days.date_basis": {
        "en": "actual_golive_date",
        "zh": "实际上线日期 actual_golive_date",
    },
    "metric.delivery_cycle_p90_days.aggregator": {
        "en": "p90 (linear interpolation)",
        "zh": "第 90 百分位数（线性插值）",
    },
    "metric.delivery_cycle_p90_days.unit": {"en": "days", "zh": "天"},
    # schedule_slip_days
    "metric.schedule_slip_days.name": {"en": "Schedule slip", "zh": "进度偏差"},
    "metric.schedule_slip_days.definition": {
        "en": "Actual go-live (or today, if not live) - planned go-live, in calendar days. Positive is late.",
        "zh": "实际上线日期（未上线则为今天）减计划上线日期，按自然日计；正数表示延期。",
    },
    "metric.schedule_slip_days.population": {
        "en": "projects started (kickoff, else signed date) by the period end, not closed before its start, not cancelled, with a planned go-live",
        "zh": "期末前已启动（启动日期，缺失时用签约日期）、期初前未关闭、未取消，且有计划上线日期的项目",
    },
    "metric.schedule_slip_days.date_basis": {
        "en": "planned_golive_date, today",
        "zh": "计划上线日期 planned_golive_date、今天（未上线时）",
    },
    "metric.schedule_slip_days.aggregator": {"en": "per project", "zh": "逐项目计算"},
    "metric.schedule_slip_days.unit": {"en": "days", "zh": "天"},
    # on_time_golive_rate
    "metric.on_time_golive_rate.name": {"en": "On-time go-live rate", "zh": "按期上线率"},
    "metric.on_time_golive_rate.definition": {
        "en": "Go-lives in the period with slip <= the tolerance (settings, default 0 calendar days) / go-lives in the period with a planned date.",
        "zh": "期间内上线且进度偏差不超过容差（设置项，默认 0 个自然日）的项目 ÷ 期间内有计划上线日期的上线项目。",
    },
    "metric.on_time_golive_rate.population": {
        "en": "projects that went live in the period with a planned go-live",
        "zh": "期间内上线、且有计划上线日期的项目",
    },
    "metric.on_time_golive_rate.date_basis": {
        "en": "actual_golive_date",
        "zh": "实际上线日期 actual_golive_date",
    },
    "metric.on_time_golive_rate.aggregator": {"en": "count ratio", "zh": "计数之比"},
    "metric.on_time_golive_rate.unit": {"en": "fraction", "zh": "比例"},
    # golive_slip_median_days
    "metric.golive_slip_median_days.name": {"en": "Median slip at go-live", "zh": "上线延期天数中位数"},
    "metric.golive_slip_median_days.definition": {
        "en": "Median of actual go-live - planned go-live, in days, over the projects that went live in the period with a planned date. Positive is late.",
        "zh": "期间内上线且有计划上线日期的项目，其实际上线日期减计划上线日期（天）的中位数；正数表示延期。",
    },
    "metric.golive_slip_median_days.population": {
        "en": "projects that went live in the period with a planned go-live",
        "zh": "期间内上线、且有计划上线日期的项目",
    },
    "metric.golive_slip_median_days.date_basis": {
        "en": "actual_golive_date",
        "zh": "实际上线日期 actual_golive_date",
    },
    "metric.golive_slip_median_days.aggregator": {"en": "median (linear interpolation)", "zh": "中位数（线性插值）"},
    "metric.golive_slip_median_days.unit": {"en": "days", "zh": "天"},
    # renewal_rate
    "metric.renewal_rate.name": {"en": "Renewal rate", "zh": "续约率"},
    "metric.renewal_rate.definition": {
        "en": "Contracts that renewed / contracts up for renewal: contracts whose term ended in the period (contract end date, else the closing date), renewed or not, not cancelled, renewal outcome recorded.",
        "zh": "已续约的合同 ÷ 应续约合同：合同期在期间内到期的合同（按合同到期日，缺失时按结项日期），无论是否续约，未取消、续约结果已记录。",
    },
    "metric.renewal_rate.population": {
        "en": "contracts whose term ended in the period, not cancelled, with a renewal outcome",
        "zh": "合同期在期间内到期、未取消且已记录续约结果的项目",
    },
    "metric.renewal_rate.date_basis": {
        "en": "contract_end_date, else closed_date",
        "zh": "合同到期日 contract_end_date（缺失时用结项日期 closed_date）",
    },
    "metric.renewal_rate.aggregator": {"en": "count ratio", "zh": "计数之比"},
    "metric.renewal_rate.unit": {"en": "fraction", "zh": "比例"},
    # csat_pct
    "metric.csat_pct.name": {"en": "CSAT", "zh": "满意度（CSAT）"},
    "metric.csat_pct.definition": {
        "en": "Share of scored responses at or above the scale's threshold (4 of 1-5, 8 of 1-10 or 0-10, 80 of 0-100), with a Wilson 95% interval and n.",
        "zh": "评分达到量表阈值（1-5 分制 ≥4，1-10 或 0-10 分制 ≥8，0-100 分制 ≥80）的答卷占比，附 Wilson 95% 置信区间和样本数。",
    },
    "metric.csat_pct.population": {
        "en": "survey responses in the period with a score on a known scale",
        "zh": "期间内提交、且评分属于已知量表的答卷",
    },
    "metric.csat_pct.date_basis": {"en": "submitted_at", "zh": "提交时间 submitted_at"},
    "metric.csat_pct.aggregator": {"en": "count ratio", "zh": "计数之比"},
    "metric.csat_pct.unit": {"en": "fraction", "zh": "比例"},
    # csat_mean_0_100
    "metric.csat_mean_0_100.name": {"en": "Mean score (0-100)", "zh": "平均分（0-100）"},
    "metric.csat_mean_0_100.definition": {
        "en": "Mean of (score - low) / (high - low) x 100, so every scale maps to 0-100 (1-5: 1 -> 0, 5 -> 100).",
        "zh": "按 (分数 - 最低分) ÷ (最高分 - 最低分) × 100 折算到 0-100 后的平均分（1-5 分制：1 → 0，5 → 100）。",
    },
    "metric.csat_mean_0_100.population": {
        "en": "survey responses in the period with a score on a known scale",
        "zh": "期间内提交、且评分属于已知量表的答卷",
    },
    "metric.csat_mean_0_100.date_basis": {"en": "submitted_at", "zh": "提交时间 submitted_at"},
    "metric.csat_mean_0_100.aggregator": {"en": "mean", "zh": "平均值"},
    "metric.csat_mean_0_100.unit": {"en": "score 0-100", "zh": "0-100 分"},
    # nps
    "metric.nps.name": {"en": "NPS", "zh": "净推荐值（NPS）"},
    "metric.nps.definition": {
        "en": "% promoters (9-10) - % detractors (0-6) of the 0-10 recommendation answers, -100..100, with a 95% interval (1.96 x 100 x sqrt(var / n)).",
        "zh": "推荐者（9-10 分）占比减贬损者（0-6 分）占比，范围 -100 到 100，附 95% 置信区间（1.96 × 100 × √(方差/n)）。",
    },
    "metric.nps.population": {
        "en": "survey responses in the period with a recommendation answer",
        "zh": "期间内提交、且有推荐意愿评分（0-10 分）的答卷",
    },
    "metric.nps.date_basis": {"en": "submitted_at", "zh": "提交时间 submitted_at"},
    "metric.nps.aggregator": {
        "en": "mean of +1 / 0 / -1 x 100",
        "zh": "推荐者记 +1、中立者记 0、贬损者记 -1，取平均后 × 100",
    },
    "metric.nps.unit": {"en": "NPS", "zh": "NPS（-100 到 100）"},
    # survey_responses
    "metric.survey_responses.name": {"en": "Survey responses", "zh": "答卷数"},
    "metric.survey_responses.definition": {
        "en": "Survey responses submitted in the period (scored or not).",
        "zh": "期间内提交的答卷数（无论是否有评分）。",
    },
    "metric.survey_responses.population": {
        "en": "survey responses matching the filters",
        "zh": "符合筛选条件的答卷",
    },
    "metric.survey_responses.date_basis": {"en": "submitted_at", "zh": "提交时间 submitted_at"},
    "metric.survey_responses.aggregator": {"en": "count", "zh": "计数"},
    "metric.survey_responses.unit": {"en": "count", "zh": "份"},
    # project_health
    "metric.project_health.name": {"en": "Project health", "zh": "项目健康度"},
    "metric.project_health.definition": {
        "en": "Red, amber or green per running project, with the reasons: red for a schedule slip > {red_slip_days} [[red_slip_days:day|days]], an open P1 older than {red_open_p1_days} [[red_open_p1_days:day|days]], CSAT < {red_csat_pct} over the last {health_csat_window_days} [[health_csat_window_days:day|days]] or a complaint open > {red_complaint_open_days} [[red_complaint_open_days:day|days]]; amber for a slip > {amber_slip_days} [[amber_slip_days:day|days]], CSAT < {amber_csat_pct} or a complaint in the last {amber_complaint_days} [[amber_complaint_days:day|days]]. A slip counts until go-live and through {health_hypercare_days} [[health_hypercare_days:day|days]] of hypercare after it; then only the operations signals (P1s, complaints, CSAT) judge the project. A CSAT rule needs at least {health_csat_min_n} responses in its window. Thresholds are settings; these are the ones in force.",
        "zh": "每个在建项目的红 / 黄 / 绿状态及原因：进度延期超过 {red_slip_days} 天、P1 工单未解决超过 {red_open_p1_days} 天、近 {health_csat_window_days} 天满意度低于 {red_csat_pct} 或投诉未解决超过 {red_complaint_open_days} 天为红；延期超过 {amber_slip_days} 天、满意度低于 {amber_csat_pct} 或近 {amber_complaint_days} 天有投诉为黄。进度延期只在上线前及上线后 {health_hypercare_days} 天的上线支持期内计入，此后仅按运维信号（P1、投诉、满意度）判定。满意度规则要求统计窗口内至少 {health_csat_min_n} 份答卷。阈值均为设置项，此处为当前生效的值。",
    },
    "metric.project_health.population": {
        "en": "projects running on the health day (the period's last day), with their phase and status as of that day where the data can tell",
        "zh": "统计日（期末）仍在建的项目；数据能说明时，阶段与状态取当日的",
    },
    "metric.project_health.date_basis": {"en": "as of the period end", "zh": "以期末时点为准"},
    "metric.project_health.aggregator": {"en": "rules per project", "zh": "逐项目按规则判定"},
    "metric.project_health.unit": {"en": "status", "zh": "状态（红 / 黄 / 绿）"},
}
