"""Strings of the report pages (Overview, Complaints, Cycle times, Satisfaction, Quarterly
retro), their charts and tables, and the canonical values they show."""

STRINGS: dict[str, dict[str, str]] = {
    # shared words
    "common.yes": {"en": "Yes", "zh": "是"},
    "common.no": {"en": "No", "zh": "否"},
    "common.unspecified": {"en": "(not given)", "zh": "（未填写）"},
    # units and periods
    "unit.hours_value": {"en": "{value} h", "zh": "{value} 小时"},
    "unit.days_value": {"en": "{value} d", "zh": "{value} 天"},
    "unit.pp_delta": {"en": "{value} pp", "zh": "{value} 个百分点"},
    "unit.hours_short": {"en": "h", "zh": "小时"},
    "unit.days_short": {"en": "d", "zh": "天"},
    "period.range": {"en": "{start} – {end}", "zh": "{start} 至 {end}"},
    "period.quarter": {"en": "Q{q} {year}", "zh": "{year}年第{q}季度"},
    "period.week": {"en": "Week of {day}", "zh": "{day}当周"},
    "page.period": {"en": "Period: {range}", "zh": "统计期间：{range}"},
    "page.period_all": {"en": "Period: all data ({range})", "zh": "统计期间：全部数据（{range}）"},
    "page.no_comparison": {
        "en": "All data is selected, so there is no earlier period to compare with. Pick a "
              "period in the sidebar to see each figure's change against the period of equal "
              "length before it.",
        "zh": "当前为全部数据，没有可比较的上一期。在侧边栏选择时间范围后，每个指标会显示与等长上一期相比的变化。",
    },
    "page.compared_with": {
        "en": "Changes compare with the previous period of equal length ({range}); green is "
              "better, red is worse, grey has no good direction.",
        "zh": "变化与等长的上一期（{range}）相比；绿色为改善，红色为变差，灰色表示无好坏之分。",
    },
    # KPI click-through
    "kpi.rows_behind": {"en": "Rows behind this figure", "zh": "查看计算明细"},
    "kpi.rows_behind_title": {"en": "{name}: the rows behind the figure",
                              "zh": "{name}：计算明细"},
    "kpi.no_rows": {"en": "No rows.", "zh": "没有记录。"},
    "kpi.rows_count": {"en": "{n} [[n:row|rows]] counted", "zh": "共计 {n} 行"},
    "kpi.rows_count_capped": {"en": "{n} [[n:row|rows]] counted; the first {shown} are listed.",
                              "zh": "共计 {n} 行，列出前 {shown} 行。"},
    # dimensions
    "dim.customer": {"en": "Customer", "zh": "客户"},
    "dim.category": {"en": "Category", "zh": "类别"},
    "dim.team": {"en": "Team", "zh": "团队"},
    "dim.delivery_mode": {"en": "Delivery mode", "zh": "交付方式"},
    "dim.touchpoint": {"en": "Touchpoint", "zh": "调研触点"},
    "dim.priority": {"en": "Priority", "zh": "优先级"},
    "dim.project": {"en": "Project", "zh": "项目"},
    # overview
    "overview.sparkline_note": {
        "en": "Sparklines: one point per {grain} of the period.",
        "zh": "迷你趋势图：期间内每{grain}一个点。",
    },
    "overview.health.title": {"en": "Project health", "zh": "项目健康度"},
    "overview.health.reasons": {"en": "Every reason in full (projects flagged red or amber: {n})",
                                "zh": "全部原因（标为红或黄的项目：{n} 个）"},
    "overview.health.caption": {
        "en": "Projects running at the period end, worst first, with the rules that set "
              "their colour. Click a column to sort; pick a row to open the project below.",
        "zh": "期末在建的项目，按严重程度排序，并列出决定颜色的规则。点击列标题可排序；选中一行即在下方查看该项目。",
    },
    "overview.project.title": {"en": "Project detail", "zh": "项目详情"},
    "overview.project.pick": {"en": "Project", "zh": "项目"},
    "overview.project.pick_help": {
        "en": "Ordered like the health table: red first.",
        "zh": "与健康度表顺序一致：红色在前。",
    },
    "overview.project.no_reasons": {"en": "no rule fired.", "zh": "未触发任何规则。"},
    "overview.project.not_running": {
        "en": "Not running at the period end, so it has no health status.",
        "zh": "该项目在期末不在建，没有健康度状态。",
    },
    "overview.project.tickets": {"en": "Tickets ({n})", "zh": "工单（{n}）"},
    "overview.project.surveys": {"en": "Survey answers ({n})", "zh": "满意度答卷（{n}）"},
    "overview.project.milestones": {"en": "Milestones", "zh": "里程碑"},
    "overview.project.responses": {"en": "Responses (all time)", "zh": "答卷数（全部时间）"},
    "overview.project.csat": {"en": "Project CSAT (all time)", "zh": "项目满意度（全部时间）"},
    "overview.project.nps": {"en": "Project NPS (all time)", "zh": "项目 NPS（全部时间）"},
    # complaints
    "complaints.trend.title": {"en": "Projects with a complaint over time",
                               "zh": "有投诉的项目占比趋势"},
    "complaints.breakdown.title": {"en": "Where complaints come from", "zh": "投诉来源"},
    "complaints.breakdown.caption": {
        "en": "Complaints raised in the period. The share of projects with a complaint exists "
              "for customers and delivery modes only: a project has one customer and one mode, but tickets of "
              "many categories and teams.",
        "zh": "期间内提出的投诉。有投诉的项目占比仅适用于客户和交付方式：一个项目只有一个客户和一种交付方式，但会有多个类别和团队的工单。",
    },
    "complaints.tickets.title": {"en": "Complaint tickets", "zh": "投诉工单"},
    "complaints.tickets.caption": {
        "en": "{n} [[n:complaint|complaints]] raised in the period, newest first.",
        "zh": "期间内共 {n} 个投诉，最新的在前。",
    },
    # cycle times
    "cycle.tickets.title": {"en": "Ticket cycle times", "zh": "工单处理时效"},
    "cycle.tab.resolution": {"en": "Resolution time", "zh": "解决时长"},
    "cycle.tab.first_response": {"en": "First response time", "zh": "首次响应时长"},
    "cycle.sla.title": {"en": "SLA attainment", "zh": "SLA 达成"},
    "cycle.sla.caption": {
        "en": "Met target / (resolved in the period + still open and past target at its end). "
              "Default targets by priority: {targets}, on the {clock}, which stops in pause statuses; "
              "a ticket's own due time wins.",
        "zh": "按时解决数 ÷（期间内解决数 + 期末仍未解决且已超时数）。各优先级默认目标：{targets}，按{clock}计，"
              "暂停状态期间停止计时；工单自带截止时间时以其为准。",
    },
    "cycle.clock.label": {"en": "Clock", "zh": "计时方式"},
    "cycle.clock.wall": {"en": "Wall clock", "zh": "自然时间"},
    "cycle.clock.business": {"en": "Business hours", "zh": "工作时间"},
    "cycle.clock.caption.wall": {
        "en": "Wall clock: every hour from created to resolved counts, nights, weekends and holidays included.",
        "zh": "自然时间：从创建到解决的每个小时都计入，包括夜间、周末和节假日。"},
    "cycle.clock.caption.business": {
        "en": "Business hours: only working minutes count ({hours}, {weekdays}, {country} holidays and "
              "make-up workdays), and not while a ticket waits in a pause status ({pauses}) as its status "
              "history tells.",
        "zh": "工作时间：只计工作分钟（{hours}，{weekdays}，{country} 的节假日与调休），工单处于暂停状态（{pauses}）"
              "期间不计（以状态历史为准）。"},
    "cycle.clock.weekdays": {"en": "{days}", "zh": "{days}"},
    "cycle.weekday.1": {"en": "Mon", "zh": "周一"},
    "cycle.weekday.2": {"en": "Tue", "zh": "周二"},
    "cycle.weekday.3": {"en": "Wed", "zh": "周三"},
    "cycle.weekday.4": {"en": "Thu", "zh": "周四"},
    "cycle.weekday.5": {"en": "Fri", "zh": "周五"},
    "cycle.weekday.6": {"en": "Sat", "zh": "周六"},
    "cycle.weekday.7": {"en": "Sun", "zh": "周日"},
    "cycle.clock.name.wall": {"en": "wall-clock hours", "zh": "自然时间"},
    "cycle.clock.name.business": {"en": "business hours", "zh": "工作时间"},
    "cycle.flow.per.week": {"en": "week", "zh": "周"},
    "cycle.flow.per.month": {"en": "month", "zh": "月"},
    "cycle.flow.per.quarter": {"en": "quarter", "zh": "季度"},
    "cycle.flow.title": {"en": "Flow", "zh": "流动"},
    "cycle.flow.caption": {
        "en": "Time in status: how long tickets stayed in each status, counted when they left it ({clock}); "
              "grey bars are pause statuses. Net flow: tickets resolved minus tickets created per {grain}. "
              "Open work: tickets open at the period end by current status, age in days from creation.",
        "zh": "状态停留时长：工单在各状态停留的时间，在离开该状态的期间计入（{clock}）；灰色为暂停状态。"
              "净流量：每{grain}解决数减新建数。未结工单：期末仍未解决的工单按当前状态，账龄为自创建起的天数。"},
    "cycle.flow.no_history": {
        "en": "No status history for the selection: import an event log (every update a row) or an export "
              "with a column per status to see time in status.",
        "zh": "所选范围没有状态历史：导入事件日志（每次更新一行）或每个状态一列进入时间的导出文件后，即可查看状态停留时长。"},
    "cycle.flow.reassignments": {
        "en": "Reassignments: {reassigned} of {known} resolved tickets changed team ({hops} [[hops:hand-off|hand-offs]]); "
              "ping-pong (back to a team already left): {ping_pong} of {ping_known}.",
        "zh": "转派：{known} 张已解决工单中有 {reassigned} 张换过团队（共 {hops} 次）；"
              "来回转派（回到曾离开的团队）：{ping_known} 张中有 {ping_pong} 张。"},
    "cycle.backlog.title": {"en": "Backlog ageing", "zh": "积压工单账龄"},
    "cycle.backlog.none": {"en": "No ticket is open at the period end.",
                           "zh": "期末没有未解决的工单。"},
    "cycle.backlog.list": {"en": "The {n} open tickets, oldest first",
                           "zh": "{n} 张未解决工单（最早的在前）"},
    "cycle.delivery.title": {"en": "Project delivery", "zh": "项目交付"},
    "cycle.delivery.caption": {
        "en": "Delivery cycle = actual go-live - kickoff, per quarter of go-live. On time = "
              "live no later than {days} [[days:day|days]] after the planned date.",
        "zh": "交付周期 = 实际上线日期 - 启动日期，按上线季度统计。按期 = 不晚于计划日期 {days} 天上线。",
    },
    # satisfaction
    "satisfaction.interval": {
        "en": "95% interval {low} – {high}, n = {n}",
        "zh": "95% 置信区间 {low} – {high}，n = {n}",
    },
    "satisfaction.nps_interval": {
        "en": "95% interval {low} to {high}, n = {n}",
        "zh": "95% 置信区间 {low} 至 {high}，n = {n}",
    },
    "satisfaction.trend.title": {"en": "CSAT and NPS over time", "zh": "满意度与 NPS 趋势"},
    "satisfaction.trend.caption": {
        "en": "Shaded: the 95% interval. Hollow points rest on fewer than {n} [[n:answer|answers]]; read "
              "them as indications, not findings.",
        "zh": "阴影为 95% 置信区间。空心点的样本少于 {n} 条，仅供参考，不宜下结论。",
    },
    "satisfaction.no_scores": {"en": "No scored responses in the period.",
                               "zh": "期间内没有带评分的答卷。"},
    "satisfaction.no_nps": {"en": "No recommendation (NPS) answers in the period.",
                            "zh": "期间内没有推荐度（NPS）答卷。"},
    "satisfaction.breakdown.title": {"en": "Where satisfaction is high or low",
                                     "zh": "满意度分布"},
    "satisfaction.comments.title": {"en": "What customers wrote", "zh": "客户留言"},
    "satisfaction.comments.search": {"en": "Search the comments", "zh": "搜索留言"},
    "satisfaction.comments.placeholder": {"en": "e.g. 培训, slow, report",
                                          "zh": "例如：培训、响应慢、报表"},
    "satisfaction.comments.none": {"en": "No comment contains that text.",
                                    "zh": "没有包含该文字的留言。"},
    "satisfaction.comments.count": {"en": "{n} [[n:comment|comments]], newest first.",
                                    "zh": "共 {n} 条留言，最新的在前。"},
    "satisfaction.comments.count_capped": {
        "en": "{n} [[n:comment|comments]]; the newest {shown} are listed. Search to find others.",
        "zh": "共 {n} 条留言，列出最新的 {shown} 条；搜索可查找其他留言。"},
    # retro
    "retro.pick": {"en": "Quarter", "zh": "季度"},
    "retro.pick_help": {
        "en": "Starts at the last complete quarter in the data.",
        "zh": "默认为数据中最近一个完整的季度。",
    },
    "retro.quarter_unfinished": {"en": "{quarter} (unfinished)", "zh": "{quarter}（未结束）"},
    "retro.unfinished_note": {
        "en": "{quarter} is not finished: the data runs to {day}, so its figures cover part "
              "of the quarter and are compared with whole ones.",
        "zh": "{quarter} 尚未结束：数据截至 {day}，本季度数字只覆盖部分时间，却与完整季度对比。",
    },
    "retro.compared": {
        "en": "Compared with {previous} (previous quarter) and {year_ago} (a year ago).",
        "zh": "对比 {previous}（上季度）和 {year_ago}（去年同期）。",
    },
    "retro.filters_note": {
        "en": "The quarter replaces the sidebar's period; the other sidebar filters apply.",
        "zh": "季度取代侧边栏的时间范围；侧边栏的其他筛选条件仍然生效。",
    },
    "retro.download": {"en": "Download the retro workbook (.xlsx)",
                       "zh": "下载季度复盘工作簿（.xlsx）"},
    "retro.download_help": {
        "en": "Summary, monthly trend, movers, rising complaints, go-lives and metric "
              "definitions, with Excel charts.",
        "zh": "包含摘要、月度趋势、变化最大的项目、上升的投诉类别、上线项目和指标定义，并附 Excel 图表。",
    },
    "retro.kpis.title": {"en": "Every KPI against last quarter and a year ago",
                         "zh": "全部指标：对比上季度与去年同期"},
    "retro.kpis.caption": {
        "en": "▲ ▼ show the direction of the change; ✓ green is an improvement, ✗ red a "
              "deterioration; volumes (grey) have no good direction. Rates change in "
              "percentage points.",
        "zh": "▲ ▼ 表示变化方向；✓ 绿色为改善，✗ 红色为变差；数量类指标（灰色）无好坏之分。比率的变化单位为百分点。",
    },
    "retro.col.kpi": {"en": "KPI", "zh": "指标"},
    "retro.col.current": {"en": "This quarter", "zh": "本季度"},
    "retro.col.previous": {"en": "Previous quarter", "zh": "上季度"},
    "retro.col.delta_previous": {"en": "Change vs previous", "zh": "环比变化"},
    "retro.col.year_ago": {"en": "A year ago", "zh": "去年同期"},
    "retro.col.delta_year_ago": {"en": "Change vs a year ago", "zh": "同比变化"},
    "retro.movers.title": {"en": "Top movers", "zh": "变化最大的项目"},
    "retro.movers.caption": {
        "en": "Projects whose complaints, CSAT or schedule slip changed most since last "
              "quarter. A CSAT move counts only on at least {min_n} scored responses in each "
              "quarter.",
        "zh": "与上季度相比，投诉数、满意度或进度偏差变化最大的项目。满意度变化仅统计两个季度各有至少 {min_n} 份有效答卷的项目。",
    },
    "retro.movers.none": {"en": "No project changed.", "zh": "没有项目发生变化。"},
    "retro.categories.title": {"en": "Rising complaint categories", "zh": "上升的投诉类别"},
    "retro.categories.none": {"en": "No complaint category rose this quarter.",
                              "zh": "本季度没有投诉类别上升。"},
    "retro.golives.title": {"en": "Go-lives this quarter ({n})", "zh": "本季度上线项目（{n}）"},
    "retro.golives.none": {"en": "No project went live this quarter.",
                           "zh": "本季度没有项目上线。"},
    # health reasons: one per rule, from its code and parameters (the thresholds in force)
    "health.reason.red_slip": {"en": "schedule slip {days:,} [[days:day|days]] (> {limit} [[limit:day|days]])",
                               "zh": "进度延期 {days:,} 天（超过 {limit} 天）"},
    "health.reason.amber_slip": {"en": "schedule slip {days:,} [[days:day|days]] (> {limit} [[limit:day|days]])",
                                 "zh": "进度延期 {days:,} 天（超过 {limit} 天）"},
    "health.reason.red_open_p1": {"en": "{count} open P1 [[count:ticket|tickets]] older than {days:g} [[days:day|days]]",
                                  "zh": "{count} 张 P1 工单超过 {days:g} 天未解决"},
    "health.reason.red_csat": {
        "en": "CSAT {csat:.0%} (n={n}) over the last {window} [[window:day|days]], below {limit:.0%}",
        "zh": "近 {window} 天满意度 {csat:.0%}（n={n}），低于 {limit:.0%}"},
    "health.reason.amber_csat": {
        "en": "CSAT {csat:.0%} (n={n}) over the last {window} [[window:day|days]], below {limit:.0%}",
        "zh": "近 {window} 天满意度 {csat:.0%}（n={n}），低于 {limit:.0%}"},
    "health.reason.red_open_complaint": {
        "en": "{count} [[count:complaint|complaints]] open longer than {days:g} [[days:day|days]]",
        "zh": "{count} 个投诉超过 {days:g} 天未解决"},
    "health.reason.amber_recent_complaint": {"en": "{count} [[count:complaint|complaints]] in the last {days} [[days:day|days]]",
                                             "zh": "近 {days} 天有 {count} 个投诉"},
    # health notes: what was not judged, and why
    "health.note.slip_after_hypercare": {
        "en": "went live {golive}, {days:,} [[days:day|days]] late; more than {window} [[window:day|days]] after go-live "
              "the slip no longer counts",
        "zh": "{golive} 上线，延期 {days:,} 天；上线超过 {window} 天后不再按进度延期判定"},
    "health.note.golive_undated": {
        "en": "phase {phase} but no go-live date: the schedule slip is not judged",
        "zh": "阶段为{phase}但没有上线日期：不判定进度延期"},
    "health.note.csat_few": {
        "en": "CSAT {csat:.0%} (n={n}) over the last {window} [[window:day|days]]: fewer than {min_n} "
              "responses, not judged",
        "zh": "近 {window} 天满意度 {csat:.0%}（n={n}）：答卷少于 {min_n} 份，不作判定"},
    "health.note.phase_undated": {
        "en": "the data does not say which delivery phase it was in on {day} (today: {phase})",
        "zh": "数据无法说明 {day} 时处于哪个交付阶段（当前：{phase}）"},
    "health.note.status_undated": {
        "en": "on hold today; the data does not say whether it was on {day}",
        "zh": "当前为暂停状态；数据无法说明 {day} 时是否已暂停"},
    # canonical values
    "value.rag.red": {"en": "Red", "zh": "红"},
    "value.rag.amber": {"en": "Amber", "zh": "黄"},
    "value.rag.green": {"en": "Green", "zh": "绿"},
    "value.phase.presales": {"en": "Presales", "zh": "售前"},
    "value.phase.requirements": {"en": "Requirements", "zh": "需求"},
    "value.phase.design": {"en": "Design", "zh": "设计"},
    "value.phase.build": {"en": "Build", "zh": "实施"},
    "value.phase.testing": {"en": "Testing", "zh": "测试"},
    "value.phase.golive": {"en": "Go-live", "zh": "上线"},
    "value.phase.hypercare": {"en": "Hypercare", "zh": "上线支持"},
    "value.phase.operations": {"en": "Operations", "zh": "运维"},
    "value.phase.closed": {"en": "Closed", "zh": "结项"},
    # a past day's phase when the data does not date the delivery phases
    "value.phase.delivery": {"en": "In delivery", "zh": "交付中"},
    "value.project_status.active": {"en": "Active", "zh": "进行中"},
    "value.project_status.on_hold": {"en": "On hold", "zh": "暂停"},
    "value.project_status.cancelled": {"en": "Cancelled", "zh": "已取消"},
    "value.project_status.closed": {"en": "Closed", "zh": "已关闭"},
    "value.ticket_status.open": {"en": "Open", "zh": "待处理"},
    "value.ticket_status.in_progress": {"en": "In progress", "zh": "处理中"},
    "value.ticket_status.pending": {"en": "Pending", "zh": "挂起"},
    "value.ticket_status.resolved": {"en": "Resolved", "zh": "已解决"},
    "value.ticket_status.closed": {"en": "Closed", "zh": "已关闭"},
    "value.ticket_type.complaint": {"en": "Complaint", "zh": "投诉"},
    "value.ticket_type.incident": {"en": "Incident", "zh": "故障"},
    "value.ticket_type.change_request": {"en": "Change request", "zh": "变更"},
    "value.ticket_type.question": {"en": "Question", "zh": "咨询"},
    "value.ticket_type.other": {"en": "Other", "zh": "其他"},
    "value.touchpoint.golive": {"en": "After go-live", "zh": "上线后"},
    "value.touchpoint.acceptance": {"en": "Acceptance", "zh": "验收"},
    "value.touchpoint.quarterly": {"en": "Quarterly", "zh": "季度回访"},
    "value.touchpoint.ticket": {"en": "After a ticket", "zh": "工单回访"},
    "value.touchpoint.kickoff": {"en": "Kickoff", "zh": "启动"},
    "value.sla_outcome.met": {"en": "Met", "zh": "达成"},
    "value.sla_outcome.missed": {"en": "Missed", "zh": "超时"},
    "value.sla_outcome.open_breached": {"en": "Open, past target", "zh": "未解决且已超时"},
    "value.milestone.signed": {"en": "Signed", "zh": "签约"},
    "value.milestone.kickoff": {"en": "Kickoff", "zh": "启动"},
    "value.milestone.golive": {"en": "Go-live", "zh": "上线"},
    "value.milestone.accepted": {"en": "Accepted", "zh": "验收"},
    "value.milestone.closed": {"en": "Closed", "zh": "结项"},
    "value.mover.complaints": {"en": "Complaints", "zh": "投诉数"},
    "value.mover.csat_pct": {"en": "CSAT", "zh": "满意度"},
    "value.mover.schedule_slip_days": {"en": "Schedule slip", "zh": "进度偏差"},
    "value.bucket.0-1d": {"en": "under 1 day", "zh": "不足 1 天"},
    "value.bucket.1-7d": {"en": "1–7 days", "zh": "1–7 天"},
    "value.bucket.7-30d": {"en": "7–30 days", "zh": "7–30 天"},
    "value.bucket.30-90d": {"en": "30–90 days", "zh": "30–90 天"},
    "value.bucket.90d+": {"en": "90 days or more", "zh": "90 天及以上"},
    # table columns
    "col.project_id": {"en": "Project ID", "zh": "项目编号"},
    "col.project_name": {"en": "Project", "zh": "项目名称"},
    "col.customer": {"en": "Customer", "zh": "客户"},
    "col.industry": {"en": "Industry", "zh": "行业"},
    "col.delivery_mode": {"en": "Delivery mode", "zh": "交付方式"},
    "col.phase": {"en": "Phase", "zh": "阶段"},
    "col.status": {"en": "Status", "zh": "状态"},
    "col.implementation_lead": {"en": "Implementation lead", "zh": "实施负责人"},
    "col.kickoff_date": {"en": "Kickoff", "zh": "启动日期"},
    "col.closed_date": {"en": "Closed", "zh": "结项日期"},
    "col.planned_golive_date": {"en": "Planned go-live", "zh": "计划上线日期"},
    "col.actual_golive_date": {"en": "Actual go-live", "zh": "实际上线日期"},
    "col.delivery_days": {"en": "Delivery cycle", "zh": "交付周期"},
    "col.slip_days": {"en": "Schedule slip", "zh": "进度偏差"},
    "col.on_time": {"en": "On time", "zh": "按期"},
    "col.live": {"en": "Live", "zh": "已上线"},
    "col.late": {"en": "Late", "zh": "延期"},
    "col.renewed": {"en": "Renewed", "zh": "已续约"},
    "col.contract_end_date": {"en": "Contract end", "zh": "合同到期日"},
    "col.renewal_due_date": {"en": "Up for renewal on", "zh": "应续约日期"},
    "col.rag": {"en": "Health", "zh": "健康度"},
    "col.reasons": {"en": "Reasons", "zh": "原因"},
    "col.notes": {"en": "Notes", "zh": "说明"},
    "col.old_open_p1": {"en": "Old open P1s", "zh": "超时 P1 数"},
    "col.old_open_complaints": {"en": "Old open complaints", "zh": "超时投诉数"},
    "col.recent_complaints": {"en": "Recent complaints", "zh": "近期投诉数"},
    "col.csat_recent": {"en": "Recent CSAT", "zh": "近期满意度"},
    "col.csat_recent_n": {"en": "Recent CSAT n", "zh": "近期答卷数"},
    "col.complaints": {"en": "Complaints", "zh": "投诉数"},
    "col.tickets": {"en": "Tickets", "zh": "工单数"},
    "col.tickets_created": {"en": "Tickets", "zh": "工单数"},
    "cycle.sla.source": {
        "en": "On the {n} resolved tickets that carry the source system's own SLA verdict: the source "
              "system says {source}, our targets say {ours}.",
        "zh": "在带有来源系统自身 SLA 判定的 {n} 张已解决工单上：来源系统的达成率为 {source}，按本系统目标计算为 {ours}。"},
    "cycle.sla.source_help": {
        "en": "Source system: the share its export marks as met (ServiceNow made_sla, Freshdesk Resolution "
              "status, an 'SLA breached' column), by its own rules (paused clocks, business hours, its "
              "targets). Ours: resolved by sla_due_at, else the priority's target hours, on the same tickets.",
        "zh": "来源系统：其导出中标记为达成的比例（ServiceNow made_sla、Freshdesk Resolution status、“SLA breached”列），"
              "按其自身规则（暂停计时、工作时间、其目标）。本系统：在同一批工单上，按 SLA 截止时间（缺失时按优先级目标小时数）解决的比例。"},
    "col.ticket_id": {"en": "Ticket", "zh": "工单编号"},
    "col.created_at": {"en": "Created", "zh": "创建时间"},
    "col.first_response_at": {"en": "First response", "zh": "首次响应时间"},
    "col.resolved_at": {"en": "Resolved", "zh": "解决时间"},
    "col.ended_at": {"en": "Ended", "zh": "结束时间"},
    "col.target_at": {"en": "SLA target", "zh": "SLA 截止时间"},
    "col.type": {"en": "Type", "zh": "类型"},
    "col.complaint": {"en": "Complaint", "zh": "投诉"},
    "col.priority": {"en": "Priority", "zh": "优先级"},
    "col.team": {"en": "Team", "zh": "团队"},
    "col.category": {"en": "Category", "zh": "类别"},
    "col.hours": {"en": "Hours", "zh": "时长"},
    "col.resolution_hours": {"en": "Resolution time", "zh": "解决时长"},
    "col.first_response_hours": {"en": "First response time", "zh": "首次响应时长"},
    "col.reopened_count": {"en": "Reopened", "zh": "重开次数"},
    "col.outcome": {"en": "SLA outcome", "zh": "SLA 结果"},
    "col.met_target": {"en": "Met target", "zh": "按时解决"},
    "col.open": {"en": "Open", "zh": "未解决"},
    "col.open_at_end": {"en": "Open at period end", "zh": "期末未解决"},
    "col.past_target": {"en": "Past target", "zh": "已超时"},
    "col.age_days": {"en": "Age", "zh": "账龄"},
    "col.median_hours": {"en": "Median", "zh": "中位数"},
    "col.p90_hours": {"en": "p90", "zh": "P90"},
    "col.total_hours": {"en": "Total", "zh": "合计"},
    "col.paused": {"en": "Pauses the clock", "zh": "暂停计时"},
    "col.median_age_days": {"en": "Median age", "zh": "账龄中位数"},
    "col.p90_age_days": {"en": "Age p90", "zh": "账龄 P90"},
    "col.oldest_age_days": {"en": "Oldest", "zh": "最长账龄"},
    "col.arrivals": {"en": "Arrivals", "zh": "流入"},
    "col.departures": {"en": "Departures", "zh": "流出"},
    "col.net_flow": {"en": "Net flow", "zh": "净流量"},
    "col.response_id": {"en": "Response", "zh": "答卷编号"},
    "col.submitted_at": {"en": "Submitted", "zh": "提交时间"},
    "col.touchpoint": {"en": "Touchpoint", "zh": "调研触点"},
    "col.respondent_role": {"en": "Respondent", "zh": "答卷人角色"},
    "col.score": {"en": "Score", "zh": "评分"},
    "col.scale": {"en": "Scale", "zh": "量表"},
    "col.score_0_100": {"en": "Score (0-100)", "zh": "评分（0-100）"},
    "col.satisfied": {"en": "Satisfied", "zh": "满意"},
    "col.nps": {"en": "NPS", "zh": "NPS"},
    "col.comment": {"en": "Comment", "zh": "留言"},
    "col.milestone": {"en": "Milestone", "zh": "里程碑"},
    "col.planned_date": {"en": "Planned", "zh": "计划日期"},
    "col.actual_date": {"en": "Actual", "zh": "实际日期"},
    "col.measure": {"en": "Measure", "zh": "指标"},
    "col.previous": {"en": "Previous", "zh": "上期"},
    "col.current": {"en": "Current", "zh": "本期"},
    "col.change": {"en": "Change", "zh": "变化"},
    "col.previous_n": {"en": "n (previous)", "zh": "样本数（上期）"},
    "col.current_n": {"en": "n (current)", "zh": "样本数（本期）"},
    "col.better": {"en": "Better", "zh": "改善"},
    "col.share": {"en": "Share", "zh": "占比"},
    "col.projects": {"en": "Projects", "zh": "项目数"},
    "col.projects_active": {"en": "Active projects", "zh": "活跃项目数"},
    "col.projects_with_complaints": {"en": "Projects with complaints", "zh": "有投诉的项目数"},
    "col.complaint_rate": {"en": "Projects with a complaint", "zh": "有投诉的项目占比"},
    "col.complaints_per_100_tickets": {"en": "Complaints per 100 tickets", "zh": "每百张工单投诉数"},
    "col.complaints_per_active_project": {"en": "Per active project", "zh": "每个活跃项目投诉数"},
    "col.share_of_complaints": {"en": "Share of complaints", "zh": "投诉占比"},
    "col.n": {"en": "n", "zh": "样本数"},
    "col.resolved": {"en": "Resolved", "zh": "已解决数"},
    "col.responded": {"en": "Responded", "zh": "已响应数"},
    "col.sla_resolved": {"en": "Resolved", "zh": "已解决数"},
    "col.sla_met": {"en": "Met target", "zh": "按时解决数"},
    "col.sla_open_breached": {"en": "Open past target", "zh": "未解决且超时数"},
    "col.sla_population": {"en": "Judged", "zh": "计入数"},
    "col.sla_attainment": {"en": "SLA attainment", "zh": "SLA 达成率"},
    "col.sla_without_target": {"en": "Without target", "zh": "无目标时间"},
    "col.resolution_median_hours": {"en": "Resolution median", "zh": "解决时长中位数"},
    "col.resolution_p90_hours": {"en": "Resolution p90", "zh": "解决时长 P90"},
    "col.resolution_mean_hours": {"en": "Resolution mean", "zh": "解决时长平均值"},
    "col.first_response_median_hours": {"en": "First response median", "zh": "首次响应中位数"},
    "col.first_response_p90_hours": {"en": "First response p90", "zh": "首次响应 P90"},
    "col.bucket": {"en": "Age", "zh": "账龄"},
    "col.oldest_days": {"en": "Oldest", "zh": "最长账龄"},
    "col.survey_responses": {"en": "Responses", "zh": "答卷数"},
    "col.csat_pct": {"en": "CSAT", "zh": "满意度"},
    "col.csat_low": {"en": "CSAT low (95%)", "zh": "满意度下限（95%）"},
    "col.csat_high": {"en": "CSAT high (95%)", "zh": "满意度上限（95%）"},
    "col.csat_mean_0_100": {"en": "Mean score (0-100)", "zh": "平均分（0-100）"},
    "col.nps_n": {"en": "NPS n", "zh": "NPS 样本数"},
    "col.promoters": {"en": "Promoters", "zh": "推荐者"},
    "col.detractors": {"en": "Detractors", "zh": "贬损者"},
    "col.nps_low": {"en": "NPS low (95%)", "zh": "NPS 下限（95%）"},
    "col.nps_high": {"en": "NPS high (95%)", "zh": "NPS 上限（95%）"},
    "col.low_confidence": {"en": "Low confidence", "zh": "置信度低"},
    "col.nps_low_confidence": {"en": "NPS low confidence", "zh": "NPS 置信度低"},
    "col.satisfied_count": {"en": "Satisfied", "zh": "满意数"},
    # charts: titles
    "chart.complaint_trend.title": {"en": "Projects with a complaint and complaints raised",
                                    "zh": "有投诉的项目占比与投诉数"},
    "chart.complaint_breakdown.title": {"en": "Complaints by {by}", "zh": "按{by}的投诉数"},
    "chart.duration_box.resolution.title": {
        "en": "Resolution time by priority (hours, log scale)",
        "zh": "各优先级解决时长（小时，对数刻度）"},
    "chart.duration_box.first_response.title": {
        "en": "First response time by priority (hours, log scale)",
        "zh": "各优先级首次响应时长（小时，对数刻度）"},
    "chart.trend_by_priority.resolution.title": {
        "en": "Median resolution time by priority",
        "zh": "各优先级解决时长中位数趋势"},
    "chart.trend_by_priority.first_response.title": {
        "en": "Median first response time by priority",
        "zh": "各优先级首次响应时长中位数趋势"},
    "chart.sla_by_priority.title": {"en": "SLA attainment by priority",
                                    "zh": "各优先级 SLA 达成率"},
    "chart.sla_trend.title": {"en": "SLA attainment over time", "zh": "SLA 达成率趋势"},
    "chart.backlog_age.title": {"en": "Open tickets at period end by age",
                                "zh": "期末未解决工单账龄分布"},
    "chart.backlog_trend.title": {"en": "Open tickets at the end of each period",
                                  "zh": "各期期末未解决工单数"},
    "chart.delivery_trend.title": {"en": "Delivery cycle per quarter of go-live",
                                   "zh": "按上线季度的交付周期"},
    "chart.golive_timeline.title": {"en": "Planned vs actual go-live, active projects",
                                    "zh": "活跃项目计划与实际上线日期"},
    "chart.golive_timeline.capped": {
        "en": "Showing {shown} of {total} [[total:project|projects]]: the largest slips first, then the next "
              "due; the table below lists all",
        "zh": "显示 {total} 个项目中的 {shown} 个：延期最多的在前，其次是即将到期的；"
              "下表列出全部项目"},
    "chart.project_timeline.title": {"en": "Plan vs actual", "zh": "计划与实际"},
    "chart.csat_trend.title": {"en": "CSAT % with its 95% interval",
                               "zh": "满意度（CSAT）及 95% 置信区间"},
    "chart.nps_trend.title": {"en": "NPS with its 95% interval", "zh": "NPS 及 95% 置信区间"},
    "chart.csat_breakdown.title": {"en": "CSAT by {by}", "zh": "按{by}的满意度"},
    "chart.health_summary.title": {"en": "Projects by health", "zh": "项目健康度分布"},
    "chart.rising_categories.title": {"en": "Complaints per rising category",
                                      "zh": "上升类别的投诉数"},
    # charts: axes
    "chart.axis.week": {"en": "Week", "zh": "周"},
    "chart.axis.month": {"en": "Month", "zh": "月份"},
    "chart.axis.quarter": {"en": "Quarter", "zh": "季度"},
    "chart.axis.date": {"en": "Date", "zh": "日期"},
    "chart.axis.complaint_rate_pct": {"en": "Projects with a complaint (% of active)",
                                      "zh": "有投诉的项目占比（占活跃项目 %）"},
    "chart.axis.complaints": {"en": "Complaints (tickets)", "zh": "投诉数（张）"},
    "chart.axis.priority": {"en": "Priority", "zh": "优先级"},
    "chart.axis.hours_log": {"en": "Hours (log scale)", "zh": "小时（对数刻度）"},
    "chart.axis.median_hours_log": {"en": "Median hours (log scale)",
                                    "zh": "中位数（小时，对数刻度）"},
    "chart.axis.attainment_pct": {"en": "SLA attainment (%)", "zh": "SLA 达成率（%）"},
    "chart.axis.tickets": {"en": "Tickets judged", "zh": "计入工单数"},
    "chart.axis.age": {"en": "Age at period end", "zh": "期末账龄"},
    "chart.axis.open_tickets": {"en": "Open tickets", "zh": "未解决工单数"},
    "chart.axis.days": {"en": "Days from kickoff to go-live", "zh": "启动到上线天数"},
    "chart.axis.golives": {"en": "Go-lives (projects)", "zh": "上线项目数"},
    "chart.axis.csat_pct": {"en": "CSAT (% satisfied)", "zh": "满意度（满意占比 %）"},
    "chart.axis.responses": {"en": "Scored responses", "zh": "有评分答卷数"},
    "chart.axis.nps": {"en": "NPS (-100 to 100)", "zh": "NPS（-100 到 100）"},
    "chart.axis.projects": {"en": "Projects", "zh": "项目数"},
    "chart.axis.category": {"en": "Complaint category", "zh": "投诉类别"},
    # charts: series
    "chart.complaints": {"en": "Complaints raised", "zh": "投诉数"},
    "chart.complaint_rate": {"en": "Projects with a complaint", "zh": "有投诉的项目占比"},
    "chart.sla_target": {"en": "SLA target", "zh": "SLA 目标"},
    "chart.sla_attainment": {"en": "SLA attainment", "zh": "SLA 达成率"},
    "chart.tickets_judged": {"en": "Tickets judged", "zh": "计入工单数"},
    "chart.past_target": {"en": "Past target", "zh": "已超时"},
    "chart.within_target": {"en": "Within target", "zh": "未超时"},
    "chart.open_tickets": {"en": "Open tickets", "zh": "未解决工单"},
    "chart.open_complaints": {"en": "Open complaints", "zh": "未解决投诉"},
    "chart.golives": {"en": "Go-lives", "zh": "上线项目数"},
    "chart.cycle_median": {"en": "Median", "zh": "中位数"},
    "chart.cycle_p90": {"en": "p90", "zh": "P90"},
    "chart.golive.late": {"en": "Late", "zh": "延期"},
    "chart.golive.on_time": {"en": "On time or early", "zh": "按期或提前"},
    "chart.golive.pending": {"en": "Not live, not late (yet)", "zh": "未上线、尚未逾期"},
    "chart.planned": {"en": "Planned", "zh": "计划"},
    "chart.actual_or_today": {"en": "Actual go-live (or today)", "zh": "实际上线（未上线则为今天）"},
    "chart.not_live": {"en": "not live yet", "zh": "尚未上线"},
    "chart.timeline.plan": {"en": "Plan", "zh": "计划"},
    "chart.timeline.actual": {"en": "Actual", "zh": "实际"},
    "chart.milestones": {"en": "Milestones", "zh": "里程碑"},
    "chart.today": {"en": "Today", "zh": "今天"},
    "chart.responses": {"en": "Scored responses", "zh": "有评分答卷数"},
    "chart.wilson_band": {"en": "95% interval (Wilson)", "zh": "95% 置信区间（Wilson）"},
    "chart.nps_band": {"en": "95% interval", "zh": "95% 置信区间"},
    "chart.csat": {"en": "CSAT", "zh": "满意度"},
    "chart.low_n_flag": {"en": "⚠ low n", "zh": "⚠ 样本少"},
    "chart.target": {"en": "Target {target}", "zh": "目标 {target}"},
    "chart.period_unfinished": {"en": "{period} (unfinished)", "zh": "{period}（未结束）"},
    "chart.low_n_legend": {"en": "Hollow / pale: n < {n}", "zh": "空心 / 浅色：样本 < {n}"},
    # charts: hover templates (plotly syntax; doubled braces where the text is formatted)
    "chart.hover.complaints_bar": {
        "en": "Complaints raised: %{y} (of %{customdata.tickets_created} tickets, %{customdata.per_100} per 100)",
        "zh": "投诉数：%{y}（工单 %{customdata.tickets_created} 张，每百张 %{customdata.per_100}）"},
    "chart.hover.complaint_rate": {
        "en": "Projects with a complaint: %{y:.1f}% (%{customdata.projects_with_complaints} of "
              "%{customdata.projects_active} active projects)%{customdata.flag}",
        "zh": "有投诉的项目占比：%{y:.1f}%（活跃项目 %{customdata.projects_active} 个中 "
              "%{customdata.projects_with_complaints} 个有投诉）%{customdata.flag}"},
    "chart.hover.complaint_breakdown": {
        "en": "<b>%{customdata.name}</b><br>Complaints: %{customdata.complaints} (%{customdata.share} of all)"
              "<br>Tickets: %{customdata.tickets_created} · %{customdata.per_100} complaints per 100",
        "zh": "<b>%{customdata.name}</b><br>投诉数：%{customdata.complaints}（占全部 %{customdata.share}）"
              "<br>工单数：%{customdata.tickets_created} · 每百张工单投诉 %{customdata.per_100}"},
    "chart.hover.complaint_breakdown_rate": {
        "en": "Projects with a complaint: %{customdata.complaint_rate} of active projects",
        "zh": "有投诉的项目占比：%{customdata.complaint_rate}（占活跃项目）"},
    "chart.hover.duration_point": {"en": "ticket {ticket} · {customer}",
                                   "zh": "工单 {ticket} · {customer}"},
    "chart.hover.sla_target": {"en": "SLA target %{x}: %{y} h", "zh": "%{x} SLA 目标：%{y} 小时"},
    "chart.hover.median_by_priority": {
        "en": "{priority}: median %{{y:.1f}} h · p90 %{{customdata.p90}} h · n=%{{customdata.n}}",
        "zh": "{priority}：中位数 %{{y:.1f}} 小时 · P90 %{{customdata.p90}} 小时 · n=%{{customdata.n}}"},
    "chart.hover.sla": {
        "en": "<b>%{x}</b><br>SLA attainment: %{y:.1f}%<br>Met target: %{customdata.sla_met} of "
              "%{customdata.sla_population}<br>(resolved %{customdata.sla_resolved} + open past target %{customdata.sla_open_breached})",
        "zh": "<b>%{x}</b><br>SLA 达成率：%{y:.1f}%<br>按时：%{customdata.sla_population} 张中 %{customdata.sla_met} 张"
              "<br>（已解决 %{customdata.sla_resolved} + 未解决且超时 %{customdata.sla_open_breached}）"},
    "chart.hover.sla_population": {"en": "Tickets judged: %{y}", "zh": "计入工单数：%{y}"},
    "chart.hover.sla_trend": {
        "en": "SLA attainment: %{y:.1f}% (%{customdata.sla_met} of %{customdata.sla_population} met; "
              "%{customdata.sla_open_breached} open past target)",
        "zh": "SLA 达成率：%{y:.1f}%（%{customdata.sla_population} 张中按时 %{customdata.sla_met} 张；"
              "未解决且超时 %{customdata.sla_open_breached} 张）"},
    "chart.hover.backlog_past": {"en": "Past target: %{y}", "zh": "已超时：%{y}"},
    "chart.hover.backlog_within": {
        "en": "Within target: %{y}<br>All open: %{customdata.tickets} · complaints "
              "%{customdata.complaints} · oldest %{customdata.oldest_days} days",
        "zh": "未超时：%{y}<br>合计：%{customdata.tickets} · 其中投诉 %{customdata.complaints} · "
              "最长 %{customdata.oldest_days} 天"},
    "chart.hover.backlog_open": {"en": "Open tickets: %{y}", "zh": "未解决工单：%{y}"},
    "chart.hover.time_in_status": {
        "en": "%{customdata.status}<br>Median %{x:.1f} h, p90 %{customdata.p90} h"
              "<br>Tickets: %{customdata.tickets}<br>Total: %{customdata.total} h",
        "zh": "%{customdata.status}<br>中位数 %{x:.1f} 小时，P90 %{customdata.p90} 小时"
              "<br>工单数：%{customdata.tickets}<br>合计：%{customdata.total} 小时"},
    "chart.hover.net_flow": {
        "en": "%{customdata.period}<br>Arrivals %{customdata.arrivals}, departures "
              "%{customdata.departures}<br>Net flow %{customdata.net_flow}",
        "zh": "%{customdata.period}<br>流入 %{customdata.arrivals}，流出 %{customdata.departures}"
              "<br>净流量 %{customdata.net_flow}"},
    "chart.hover.ageing_wip": {
        "en": "%{customdata.status}: %{customdata.tickets} open<br>Age: median "
              "%{customdata.median_days} d, p90 %{customdata.p90_days} d, oldest %{customdata.oldest_days} d",
        "zh": "%{customdata.status}：未解决 %{customdata.tickets} 张<br>账龄：中位数 "
              "%{customdata.median_days} 天，P90 %{customdata.p90_days} 天，最长 %{customdata.oldest_days} 天"},
    "chart.median": {"en": "Median", "zh": "中位数"},
    "chart.net_flow": {"en": "Net flow", "zh": "净流量"},
    "chart.axis.hours": {"en": "Hours (wall clock)", "zh": "小时（自然时间）"},
    "chart.axis.business_hours": {"en": "Business hours", "zh": "工作小时"},
    "chart.axis.net_flow": {"en": "Departures - arrivals", "zh": "流出 - 流入"},
    "chart.time_in_status.title": {"en": "Time in status (median, p90 marked)", "zh": "各状态停留时长（中位数，标出 P90）"},
    "chart.net_flow.title": {"en": "Net flow: resolved - created", "zh": "净流量：解决数 - 新建数"},
    "chart.ageing_wip.title": {"en": "Ageing work in progress: age of open tickets by status (median; p90 and oldest marked)",
                               "zh": "在制工单账龄：各当前状态未结工单的账龄（中位数；标出 P90 与最长）"},
    "chart.axis.age_days": {"en": "Age at period end (days, log scale)", "zh": "期末账龄（天，对数刻度）"},
    "chart.oldest": {"en": "Oldest", "zh": "最长"},
    "chart.hover.backlog_complaints": {"en": "Open complaints: %{y}", "zh": "未解决投诉：%{y}"},
    "chart.hover.golives": {
        "en": "Go-lives: %{y} (on time %{customdata.on_time} of %{customdata.with_plan} with a plan, "
              "%{customdata.on_time_golive_rate})",
        "zh": "上线：%{y} 个（有计划的 %{customdata.with_plan} 个中按期 %{customdata.on_time} 个，"
              "%{customdata.on_time_golive_rate}）"},
    "chart.hover.cycle_median": {"en": "Median cycle: %{y:.0f} days",
                                 "zh": "交付周期中位数：%{y:.0f} 天"},
    "chart.hover.cycle_p90": {"en": "p90 cycle: %{y:.0f} days", "zh": "交付周期 P90：%{y:.0f} 天"},
    "chart.hover.golive": {
        "en": "<b>%{customdata.project}</b> · %{customdata.customer}<br>Planned go-live: %{customdata.planned}"
              "<br>Actual go-live: %{customdata.actual}<br>Slip: %{customdata.slip_days} days · "
              "%{customdata.phase}",
        "zh": "<b>%{customdata.project}</b> · %{customdata.customer}<br>计划上线：%{customdata.planned}"
              "<br>实际上线：%{customdata.actual}<br>偏差：%{customdata.slip_days} 天 · %{customdata.phase}"},
    "chart.hover.milestone": {"en": "%{customdata.row} · <b>%{customdata.milestone}</b><br>%{customdata.date}",
                              "zh": "%{customdata.row} · <b>%{customdata.milestone}</b><br>%{customdata.date}"},
    "chart.hover.csat": {
        "en": "CSAT %{customdata.csat_pct} (95%: %{customdata.csat_low} – %{customdata.csat_high}), "
              "n=%{customdata.n} %{customdata.flag}",
        "zh": "满意度 %{customdata.csat_pct}（95%：%{customdata.csat_low} – %{customdata.csat_high}），"
              "n=%{customdata.n} %{customdata.flag}"},
    "chart.hover.responses": {"en": "Scored responses: %{y}", "zh": "有评分答卷：%{y}"},
    "chart.hover.nps": {
        "en": "NPS %{customdata.nps} (95%: %{customdata.nps_low} to %{customdata.nps_high}), "
              "n=%{customdata.nps_n}: %{customdata.promoters} promoters, %{customdata.detractors} detractors "
              "%{customdata.flag}",
        "zh": "NPS %{customdata.nps}（95%：%{customdata.nps_low} 至 %{customdata.nps_high}），"
              "n=%{customdata.nps_n}：推荐者 %{customdata.promoters}，贬损者 %{customdata.detractors} %{customdata.flag}"},
    "chart.hover.csat_group": {
        "en": "<b>%{customdata.name}</b><br>CSAT %{customdata.csat_pct} (95%: %{customdata.csat_low} – "
              "%{customdata.csat_high})<br>n=%{customdata.n} · NPS %{customdata.nps} %{customdata.flag}",
        "zh": "<b>%{customdata.name}</b><br>满意度 %{customdata.csat_pct}（95%：%{customdata.csat_low} – "
              "%{customdata.csat_high}）<br>n=%{customdata.n} · NPS %{customdata.nps} %{customdata.flag}"},
    "chart.hover.rag": {"en": "%{customdata.status}: %{customdata.projects} projects (%{customdata.share})",
                        "zh": "%{customdata.status}：%{customdata.projects} 个项目（%{customdata.share}）"},
    "chart.hover.category_count": {"en": "{quarter}: %{{y}}", "zh": "{quarter}：%{{y}}"},
    "chart.hover.category_count_change": {"en": "{quarter}: %{{y}} (%{{customdata.change:+d}})",
                                          "zh": "{quarter}：%{{y}}（%{{customdata.change:+d}}）"},
}
