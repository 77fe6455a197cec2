"""docs/metrics.md stays in step with the code: every KPI of the dictionary is documented,
and every function and test the document points to exists."""

from __future__ import annotations

import re
from pathlib import Path

from analytics import metrics

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")


def test_every_kpi_is_documented():
    missing = [k for k in metrics.METRICS if f"{k}" not in DOC]
    assert not missing, missing


def test_referenced_functions_exist():
    names = set(re.findall(r"`metrics\.([a-z_]+)`", DOC))
    assert names, "the document names no functions"
    assert not [n for n in names if not callable(getattr(metrics, n, None))]
    assert set(metrics.HEADLINE_KEYS) <= set(re.findall(r"`([a-z_0-9]+)`", DOC))


def test_referenced_tests_exist():
    # "tests/test_x.py::test_a", followed by "`::test_b`" shorthands for the same file
    current = None
    checked = 0
    for m in re.finditer(r"`(tests/test_[a-z_]+\.py)(?:::(test_[a-z_0-9]+))?`|`::(test_[a-z_0-9]+)`",
                         DOC):
        path, name, short = m.groups()
        if path:
            current = ROOT / path
            assert current.exists(), path
        name = name or short
        if name:
            assert current is not None
            assert re.search(rf"^def {name}\(", current.read_text(encoding="utf-8"), re.M), \
                f"{current.name}::{name}"
            checked += 1
    assert checked > 20


def test_registry_table_is_current():
    """The summary table is the registry's, one row per KPI (docs/metric_table.py writes it)."""
    from analytics.metrics import registry

    assert registry.docs_table() in DOC, "run docs/metric_table.py"
