"""Which engine should filter the facts at 1000x: pandas, Arrow compute or DuckDB? Measured, not assumed.

Run from the repository root: ``python benchmarks/engines.py [--factor 1000] [--runs 7]``.
It grows the facts as ``run.py`` does (``write_scaled``), loads them with the app's own
loader, then times the dashboard's typical view filter (a year range, two regions, two
statuses: ``analysis.filter_facts``) and a chart's series selection, each in:

- ``pandas isin``: ``Series.isin`` as pandas 3 runs it on Arrow-backed text;
- ``app``: what the app runs (``filter_facts``, whose text tests are Arrow's ``is_in``);
- ``arrow``: the same predicate in ``pyarrow.compute`` on an Arrow table, then to pandas;
- ``duckdb``: the same predicate as SQL over the same Arrow table (skipped, and said, when
  DuckDB is not installed: it is not a dependency of the app).

Each result is checked to hold the same fact ids as the app's. Prints a Markdown table
(median ms of ``--runs``) and writes ``benchmarks/engines.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

YEARS = (2015, 2022)
REGIONS = ["Mopti", "Gao"]
STATUSES = ["reported", "verified"]


def timed(fn: Any, runs: int) -> tuple[float, Any]:
    """Median wall time of ``runs`` calls (ms) and the last result."""
    out, times = None, []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 1), out


def main(argv: list[str] | None = None) -> int:
    """Grow the data, time each engine on the same filter, check they agree, print and save the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--factor", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "engines.json")
    args = ap.parse_args(argv)

    import run  # the benchmark's data growth

    from wps_data.analysis import filter_facts
    from wps_data.dataset import load_dataset

    base = load_dataset(ROOT / "data")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / f"{args.factor}x"
        run.write_scaled(base, ROOT / "data", folder, args.factor)
        ds = load_dataset(folder)
    view = ds.view
    table = pa.Table.from_pandas(view, preserve_index=False)

    def pandas_isin() -> pd.DataFrame:
        y = view["year"]
        mask = view["region"].isin(REGIONS) & view["status"].isin(STATUSES)
        return view[mask & (y.between(*YEARS).fillna(False).astype(bool) | y.isna())]

    def app() -> pd.DataFrame:
        return filter_facts(view, years=YEARS, regions=REGIONS, statuses=STATUSES)

    def arrow() -> pd.DataFrame:
        y = pc.field("year")
        expr = (
            pc.field("region").isin(REGIONS)
            & pc.field("status").isin(STATUSES)
            & (((y >= YEARS[0]) & (y <= YEARS[1])) | y.is_null())
        )
        return table.filter(expr).to_pandas()

    engines: dict[str, Any] = {"pandas isin": pandas_isin, "app": app, "arrow": arrow}
    try:
        import duckdb

        con = duckdb.connect()
        con.register("view", table)
        sql = (
            "SELECT * FROM view WHERE region IN ('Mopti', 'Gao') AND status IN ('reported', 'verified') "
            f"AND (year BETWEEN {YEARS[0]} AND {YEARS[1]} OR year IS NULL)"
        )
        engines["duckdb"] = lambda: con.execute(sql).df()
        duck = duckdb.__version__
    except ImportError:
        duck = None

    results: dict[str, Any] = {"factor": args.factor, "facts": len(view), "runs": args.runs, "duckdb_version": duck}
    expected = set(app()["fact_id"])
    rows = []
    for name, fn in engines.items():
        ms, out = timed(fn, args.runs)
        same = set(out["fact_id"]) == expected
        results[name] = {"median_ms": ms, "rows": len(out), "same_facts": same}
        rows.append(f"| {name} | {ms:,.1f} | {len(out):,} | {'yes' if same else 'NO'} |")
    print(f"Filter at {args.factor}x ({len(view):,} facts), median of {args.runs} runs\n")
    print("| engine | ms | rows | same facts as the app |\n|---|---|---|---|")
    print("\n".join(rows))
    if duck is None:
        print("\nDuckDB is not installed here (`pip install duckdb` to include it).")
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
