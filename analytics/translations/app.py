"""Strings of the app shell: page titles, the sidebar filters, and the shared page helpers
(KPI cards, downloads, empty states) in analytics/ui/."""

STRINGS: dict[str, dict[str, str]] = {
    # navigation: one title per page
    "nav.overview": {"en": "Overview", "zh": "总览"},
    "nav.complaints": {"en": "Complaints", "zh": "投诉"},
    "nav.cycle_times": {"en": "Cycle times", "zh": "周期与时效"},
    "nav.satisfaction": {"en": "Satisfaction", "zh": "满意度"},
    "nav.retro": {"en": "Quarterly retro", "zh": "季度复盘"},
    "nav.data": {"en": "Data", "zh": "数据"},
    "nav.explore": {"en": "Explore", "zh": "自由探索"},
    # start-up
    "shell.loading_demo": {
        "en": "First start: loading the demo portfolio…",
        "zh": "首次启动：正在载入演示数据…",
    },
    "shell.demo_failed": {
        "en": "The demo portfolio could not be loaded: {reason}",
        "zh": "演示数据载入失败：{reason}",
    },
    "shell.demo_notice": {
        "en": "**Demo data.** Every figure here comes from a made-up portfolio shipped with the "
              "app, so you can look around; none of it is yours.",
        "zh": "**演示数据。** 这里的所有数字都来自随应用附带的虚构项目组合，供您随意浏览；并非您的数据。",
    },
    "shell.demo_to_data": {"en": "Import your own exports on the Data page",
                           "zh": "在“数据”页导入您自己的导出文件"},
    "shell.demo_sidebar": {"en": "Showing demo data", "zh": "当前为演示数据"},
    # sidebar filters
    "sidebar.header": {"en": "Filters", "zh": "筛选"},
    "sidebar.period": {"en": "Period", "zh": "时间范围"},
    "sidebar.preset_help": {
        "en": "Measured up to the latest day the data records. The default, the last complete "
              "quarter, is compared with the quarter before it.",
        "zh": "截至数据中记录的最后一天计算。默认为上一个完整季度，并与其前一个季度对比。",
    },
    "sidebar.preset.last_quarter": {"en": "Last complete quarter", "zh": "上一个完整季度"},
    "sidebar.preset.this_quarter": {"en": "This quarter (so far)", "zh": "本季度（至今）"},
    "sidebar.preset.last_90_days": {"en": "Last 90 days", "zh": "最近 90 天"},
    "sidebar.preset.year_to_date": {"en": "Year to date", "zh": "今年至今"},
    "sidebar.preset.all": {"en": "All data", "zh": "全部数据"},
    "sidebar.preset.custom": {"en": "Custom range", "zh": "自定义范围"},
    "sidebar.dates": {"en": "From – to", "zh": "起止日期"},
    "sidebar.period_help": {
        "en": "Inclusive, by day: pick two days in the calendar, or type them "
              "(YYYY-MM-DD – YYYY-MM-DD) and press Enter. The full range means all data.",
        "zh": "按天计算，包含首尾两天：在日历中点选两天，或输入（YYYY-MM-DD – YYYY-MM-DD）后按回车。"
              "选择全部范围即为全部数据。",
    },
    "sidebar.grain": {"en": "Group by", "zh": "时间粒度"},
    "sidebar.customers": {"en": "Customers", "zh": "客户"},
    "sidebar.industries": {"en": "Industries", "zh": "行业"},
    "sidebar.regions": {"en": "Regions", "zh": "区域"},
    "sidebar.teams": {"en": "Teams", "zh": "团队"},
    "sidebar.delivery_modes": {"en": "Delivery mode", "zh": "交付方式"},
    "sidebar.all": {"en": "All", "zh": "全部"},
    "sidebar.reset": {"en": "Clear filters", "zh": "清除筛选"},
    "sidebar.share": {"en": "Copy link", "zh": "复制链接"},
    "sidebar.share_help": {
        "en": "This view's link: the page, the period and the filters. Copy it with the button "
              "at the box's right.",
        "zh": "当前视图的链接：页面、时间范围与筛选条件。点击框右侧的按钮即可复制。",
    },
    "sidebar.no_dates": {"en": "No dated records yet.", "zh": "暂无带日期的记录。"},
    "sidebar.grain.week": {"en": "Week", "zh": "周"},
    "sidebar.grain.month": {"en": "Month", "zh": "月"},
    "sidebar.grain.quarter": {"en": "Quarter", "zh": "季度"},
    # filter values that have a canonical vocabulary
    "value.delivery_mode.onsite": {"en": "On site", "zh": "现场"},
    "value.delivery_mode.remote": {"en": "Remote", "zh": "远程"},
    "value.delivery_mode.hybrid": {"en": "Hybrid", "zh": "混合"},
    "value.team.presales": {"en": "Presales", "zh": "售前"},
    "value.team.implementation": {"en": "Implementation", "zh": "实施"},
    "value.team.operations": {"en": "Operations", "zh": "运维"},
    "value.industry.manufacturing": {"en": "Manufacturing", "zh": "制造"},
    "value.industry.retail": {"en": "Retail", "zh": "零售"},
    "value.industry.finance": {"en": "Finance", "zh": "金融"},
    "value.industry.healthcare": {"en": "Healthcare", "zh": "医疗"},
    "value.industry.government": {"en": "Government", "zh": "政府"},
    # shared page helpers
    "ui.kpi.definition": {"en": "Definition", "zh": "定义"},
    "ui.chart.click_filters": {
        "en": "Click a bar to filter every page to it; Clear filters in the sidebar undoes it.",
        "zh": "点击柱条即可将所有页面筛选到该项；在侧边栏点“清除筛选”即可撤销。",
    },
    "ui.kpi.target": {"en": "Target {target}", "zh": "目标 {target}"},
    "ui.kpi.on_target": {"en": "✓ On target ({target})", "zh": "✓ 达标（目标 {target}）"},
    "ui.kpi.off_target": {"en": "✗ Off target ({target})", "zh": "✗ 未达标（目标 {target}）"},
    "ui.kpi.low_confidence": {
        "en": "Low confidence: fewer than {n} responses.",
        "zh": "置信度低：样本少于 {n} 条。",
    },
    "ui.kpi.field.name": {"en": "Metric", "zh": "指标"},
    "ui.kpi.field.definition": {"en": "Definition", "zh": "定义"},
    "ui.kpi.field.population": {"en": "Population", "zh": "统计对象"},
    "ui.kpi.field.date_basis": {"en": "Date basis", "zh": "日期口径"},
    "ui.kpi.field.aggregator": {"en": "Aggregation", "zh": "汇总方式"},
    "ui.kpi.field.unit": {"en": "Unit", "zh": "单位"},
    "ui.upload.button": {"en": "Upload", "zh": "上传文件"},
    "ui.upload.limit": {"en": "Up to {cap} MB per file · {types}", "zh": "每个文件最大 {cap} MB · {types}"},
    "ui.empty.go_to_data": {"en": "Upload your own files", "zh": "上传你自己的文件"},
    "ui.empty.store_empty": {
        "en": "The store holds no data yet. Upload an export on the Data page.",
        "zh": "数据库中还没有数据。请在“数据”页面上传导出文件。",
    },
}
