"""The hostile corpus against the entry points a visitor reaches, in one process standing for
the server: what each input costs and that the process survives them all.

    .venv/bin/python benchmarks/hostile.py

Prints, per input: the outcome (the sentence's key), the wall time from the call to the
refusal, and the worker's peak resident memory (``workers.Outcome.peak_mb``); then this
process's own peak, and whether it is still answering. A death of this process would end the
run before the last line, which is the point.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import pandas as pd  # noqa: E402

from analytics import explore, ingest, safe_import, workers  # noqa: E402
from hostile import (FAR_CELLS, HOSTILE_SQL, corner_cells_workbook, far_record_xls,  # noqa: E402
                     far_reference_workbook, wide_csv, wide_row_workbook)


def files() -> dict[str, bytes]:
    out = {f"far_{kind}.xlsx": far_reference_workbook(kind) for kind in FAR_CELLS}
    out["far_record.xls"] = far_record_xls()
    out["wide.csv"] = wide_csv()
    out["wide_row.xlsx"] = wide_row_workbook()
    out["corners.xlsx"] = corner_cells_workbook()
    return out


def measure(label: str, call) -> None:
    before = len(workers.HISTORY)
    started = time.monotonic()
    try:
        call()
        outcome = "read"
    except (explore.ExploreError, ingest.IngestError) as e:
        outcome = e.key if isinstance(e, explore.ExploreError) else e.message.code
    seconds = time.monotonic() - started
    runs = workers.HISTORY[before:]
    peak = max((r.peak_mb for r in runs), default=0.0)
    print(f"{label:<34} {outcome:<38} {seconds:7.2f} s  worker peak {peak:7.0f} MB", flush=True)


def main() -> None:
    print(f"{'input':<34} {'outcome':<38} {'wall':>9}  worker peak")
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in files().items():
            measure(f"Explore upload {name}", lambda d=data, n=name: explore.load_upload(n, d))
            path = Path(tmp) / name
            path.write_bytes(data)
            measure(f"Data preview {name}", lambda p=path: safe_import.preview_file(p))
    table = {"t": pd.DataFrame({"a": [1]})}
    for name, sql in HOSTILE_SQL.items():
        measure(f"SQL {name}", lambda q=sql: explore.run_sql(table, q, row_limit=10_000, timeout_s=10))
    alive = explore.run_sql(table, "SELECT 41 + a AS x FROM t")["x"].tolist() == [42]
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"this process: peak {own:.0f} MB, still answering: {alive}")


if __name__ == "__main__":
    main()
