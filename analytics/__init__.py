"""Delivery Pulse engine: ingest spreadsheets into DuckDB and compute delivery metrics.

Importable without Streamlit; the app, the CLI and the reports are thin layers over it.
"""

__version__ = "0.1.0"
