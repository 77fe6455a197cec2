"""Strings shared across the app: the name, navigation, languages, generic messages."""

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {"en": "Delivery Pulse", "zh": "交付脉搏"},
    "app.language": {"en": "Language", "zh": "语言"},
    "common.no_data": {"en": "No data for these filters yet.", "zh": "当前筛选条件下暂无数据。"},
    "common.download_csv": {"en": "Download CSV", "zh": "下载 CSV"},
    "common.download_all": {"en": "Download all {n} (CSV)", "zh": "下载全部 {n} 行（CSV）"},
    "common.download_xlsx": {"en": "Download Excel", "zh": "下载 Excel"},
}
