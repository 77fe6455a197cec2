"""Strings of the on-time go-live trend and of the small-sample marks on breakdown charts."""

STRINGS: dict[str, dict[str, str]] = {
    "chart.on_time_trend.title": {"en": "On-time go-live rate", "zh": "按期上线率"},
    "chart.on_time_rate": {"en": "On time", "zh": "按期上线率"},
    "chart.axis.on_time_pct": {"en": "Go-lives on time (%)", "zh": "按期上线占比（%）"},
    "chart.hover.on_time_rate": {
        "en": "On time: %{y:.1f}% (%{customdata.on_time} of %{customdata.with_plan} go-lives with a plan)",
        "zh": "按期上线率：%{y:.1f}%（有计划的 %{customdata.with_plan} 个上线中按期 %{customdata.on_time} 个）"},
    "complaints.breakdown.low_n": {
        "en": "Hatched bars: the complaint rate rests on fewer than {n} active projects; read it "
              "as a hint.",
        "zh": "斜线柱：投诉项目占比所依据的活跃项目少于 {n} 个，仅供参考。"},
}
