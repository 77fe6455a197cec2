"""Write the metric registry's summary table into docs/metrics.md (between its markers).

    .venv/bin/python docs/metric_table.py

tests/test_metrics_docs.py fails while the table in the document is not the registry's.
"""

from __future__ import annotations

from pathlib import Path

from analytics.metrics import registry

DOC = Path(__file__).resolve().parent / "metrics.md"

if __name__ == "__main__":
    changed = registry.write_docs_table(str(DOC))
    print(f"{DOC.name}: {'rewritten' if changed else 'already up to date'}")
