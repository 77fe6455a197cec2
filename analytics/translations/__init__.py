"""Translation tables, one module per area of the app (see analytics/i18n.py)."""
