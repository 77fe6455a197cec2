"""The settings page an admin uses (pages/settings.py, analytics/settings_store.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "nav.settings": {"en": "Settings", "zh": "设置"},
    "settings.intro": {
        "en": "Targets, health rules, small-sample thresholds and the working calendar, for "
              "everyone using this Delivery Pulse. A saved value is used by every page and the "
              "command line from their next view; an empty box puts the setting back to its "
              "default.",
        "zh": "目标、健康度规则、小样本阈值与工作日历，对使用此 Delivery Pulse 的所有人生效。"
              "保存后的值在各页面和命令行下一次查看时即生效；清空输入框即恢复默认值。",
    },
    "settings.admin_only": {
        "en": "Only an admin can change the settings.",
        "zh": "只有管理员可以修改设置。",
    },
    "settings.group.targets": {"en": "Targets", "zh": "目标"},
    "settings.group.health": {"en": "Project health", "zh": "项目健康度"},
    "settings.group.samples": {"en": "Small samples", "zh": "小样本"},
    "settings.group.calendar": {"en": "Working calendar", "zh": "工作日历"},
    "settings.default": {"en": "default: {value}", "zh": "默认：{value}"},
    "settings.save": {"en": "Save settings", "zh": "保存设置"},
    "settings.saved": {"en": "Saved: {names}.", "zh": "已保存：{names}。"},
    "settings.unchanged": {"en": "Nothing changed.", "zh": "没有改动。"},
    "settings.refused": {
        "en": "Nothing was saved: {n} value(s) cannot be used.",
        "zh": "未保存：有 {n} 个值无法使用。",
    },
    "settings.history.title": {"en": "Changes", "zh": "修改记录"},
    "settings.history.empty": {"en": "No setting has been changed yet.",
                               "zh": "尚未修改过任何设置。"},
    "settings.history.default": {"en": "(default)", "zh": "（默认）"},
    "settings.col.changed_at": {"en": "When", "zh": "时间"},
    "settings.col.changed_by": {"en": "Who", "zh": "修改人"},
    "settings.col.name": {"en": "Setting", "zh": "设置项"},
    "settings.col.old_value": {"en": "Was", "zh": "原值"},
    "settings.col.new_value": {"en": "Now", "zh": "新值"},
    # the settings, by their names in analytics.settings.Settings
    "settings.name.target_complaint_rate": {
        "en": "Target: projects with a complaint (at most)", "zh": "目标：有投诉的项目占比（不高于）"},
    "settings.name.target_csat_pct": {"en": "Target: CSAT (at least)", "zh": "目标：满意度（不低于）"},
    "settings.name.target_on_time_golive_rate": {
        "en": "Target: on-time go-lives (at least)", "zh": "目标：按期上线率（不低于）"},
    "settings.name.target_resolution_median_hours": {
        "en": "Target: median resolution time, hours (at most)",
        "zh": "目标：解决时长中位数，小时（不高于）"},
    "settings.name.health_hypercare_days": {
        "en": "Hypercare after go-live, days (a slip counts until then)",
        "zh": "上线后护航期，天（此前进度延误计入健康度）"},
    "settings.name.health_csat_min_n": {
        "en": "Responses a CSAT rule needs", "zh": "满意度规则所需的最少答卷数"},
    "settings.name.health_csat_window_days": {
        "en": "CSAT window, days", "zh": "满意度统计窗口，天"},
    "settings.name.red_slip_days": {"en": "Red: slip beyond, days", "zh": "红色：延误超过（天）"},
    "settings.name.amber_slip_days": {"en": "Amber: slip beyond, days", "zh": "黄色：延误超过（天）"},
    "settings.name.red_csat_pct": {"en": "Red: CSAT below", "zh": "红色：满意度低于"},
    "settings.name.amber_csat_pct": {"en": "Amber: CSAT below", "zh": "黄色：满意度低于"},
    "settings.name.low_confidence_n": {
        "en": "Low confidence below n (responses, tickets, projects of a trend point)",
        "zh": "低置信度：样本少于（答卷、工单、趋势点的项目数）"},
    "settings.name.low_n_projects": {
        "en": "Low n of a person's scorecard, projects", "zh": "负责人计分卡低样本：项目数少于"},
    "settings.name.small_group_n": {
        "en": "Smallest group a ranking or the retro's movers use",
        "zh": "排名与复盘变化榜使用的最小样本"},
    "settings.name.working_hours": {"en": "Working hours (09:00-18:00)", "zh": "工作时间（09:00-18:00）"},
    "settings.name.working_weekdays": {
        "en": "Working weekdays (1 = Monday ... 7 = Sunday)", "zh": "工作日（1 = 周一 … 7 = 周日）"},
    "settings.name.calendar_country": {
        "en": "Holidays of (country code)", "zh": "节假日所属国家（国家代码）"},
    "settings.name.calendar_by_team": {
        "en": "Calendars of teams (运维=CN, Europe=DE)", "zh": "团队日历（运维=CN, Europe=DE）"},
    "settings.name.calendar_by_region": {
        "en": "Calendars of customer regions (华南=CN, 海外=SG)", "zh": "客户区域日历（华南=CN, 海外=SG）"},
    "settings.name.sla_clock": {
        "en": "SLA clock (wall or business)", "zh": "SLA 计时方式（wall 自然时间 / business 工作时间）"},
    # why a value is refused
    "settings.error.not_admin": {
        "en": "Only an admin can change settings (this account is {role}).",
        "zh": "只有管理员可以修改设置（当前账号为{role}）。"},
    "settings.error.unknown": {"en": "{name} is not a setting that can be changed here.",
                               "zh": "{name} 不是此处可修改的设置。"},
    "settings.error.not_number": {"en": "{setting}: {value!r} is not a number.",
                                  "zh": "{setting}：{value!r} 不是数字。"},
    "settings.error.pct_range": {
        "en": "{setting}: {value!r} is not a percentage from 0% to 100%.",
        "zh": "{setting}：{value!r} 不是 0% 到 100% 之间的百分比。"},
    "settings.error.hours_range": {
        "en": "{setting}: {value!r} must be more than 0 and at most {max} hours.",
        "zh": "{setting}：{value!r} 须大于 0 且不超过 {max} 小时。"},
    "settings.error.whole": {"en": "{setting}: {value!r} is not a whole number.",
                             "zh": "{setting}：{value!r} 不是整数。"},
    "settings.error.days_range": {
        "en": "{setting}: {value!r} must be from {min} to {max} days.",
        "zh": "{setting}：{value!r} 须在 {min} 到 {max} 天之间。"},
    "settings.error.count_range": {
        "en": "{setting}: {value!r} must be from {min} to {max}.",
        "zh": "{setting}：{value!r} 须在 {min} 到 {max} 之间。"},
    "settings.error.span": {
        "en": "{setting}: {value!r} is not a working span such as 09:00-18:00 that ends after it "
              "starts.",
        "zh": "{setting}：{value!r} 不是有效的工作时段（如 09:00-18:00，结束须晚于开始）。"},
    "settings.error.weekdays": {
        "en": "{setting}: {value!r} is not a list of weekdays from 1 (Monday) to 7 (Sunday), "
              "such as 1,2,3,4,5.",
        "zh": "{setting}：{value!r} 不是 1（周一）到 7（周日）的工作日列表，如 1,2,3,4,5。"},
    "settings.error.country": {
        "en": "{setting}: {value!r} is not a country code a working calendar can be made for "
              "(CN, US, DE, SG ...).",
        "zh": "{setting}：{value!r} 不是可生成工作日历的国家代码（CN、US、DE、SG 等）。"},
    "settings.error.mapping": {
        "en": "{setting}: {value!r} is not a list of name=country such as 运维=CN, Europe=DE.",
        "zh": "{setting}：{value!r} 不是“名称=国家代码”的列表，如 运维=CN, Europe=DE。"},
    "settings.error.clock": {"en": "{setting}: {value!r} is neither wall nor business.",
                             "zh": "{setting}：{value!r} 既不是 wall 也不是 business。"},
    "settings.error.amber_csat": {
        "en": "The amber CSAT threshold ({amber}) is below the red one ({red}): amber would "
              "never show.",
        "zh": "黄色满意度阈值（{amber}）低于红色阈值（{red}），黄色将永远不会出现。"},
    "settings.error.amber_slip": {
        "en": "The amber slip ({amber} days) is beyond the red one ({red} days): amber would "
              "never show.",
        "zh": "黄色延误阈值（{amber} 天）超过红色阈值（{red} 天），黄色将永远不会出现。"},
}
