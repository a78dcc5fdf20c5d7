"""Record, once, the releases that were published before the release log existed.

Each landed dataset version before the log began is read from git (its ``data/facts.parquet``
and ``data/manifest.json`` at the commit that landed it) and recorded in ``data/releases/``
with that commit's date and an origin saying where it came from. Run from the repository root:
``.venv/bin/python tools/backfill_releases.py``. Rerunning records nothing new.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from wps_data.contract.releases import INDEX, RELEASES_DIR, index_text
from wps_data.files import write_atomic
from wps_data.pipeline.releases import read_index

# The dataset versions that landed on main (the end of each working session), oldest first.
LANDED = {
    "898cef9": "the first release: 488 facts",
    "92d01ea": "after the meaning audit and the longer series: 533 facts",
}


def _git(commit: str, path: str) -> bytes:
    return subprocess.run(["git", "show", f"{commit}:{path}"], check=True, capture_output=True).stdout


def main() -> int:
    """Add each landed version missing from the log, keeping the log oldest first."""
    out = Path("data")
    index = read_index(out)
    rows = []
    for commit, what in LANDED.items():
        version = str(json.loads(_git(commit, "data/manifest.json"))["dataset_version"])
        if version in set(index["version"]):
            continue
        facts = _git(commit, "data/facts.parquet")
        n = pq.read_metadata(io.BytesIO(facts)).num_rows
        sources = pq.read_metadata(io.BytesIO(_git(commit, "data/sources.parquet"))).num_rows
        date = subprocess.run(
            ["git", "log", "-1", "--format=%ad", "--date=short", commit], check=True, capture_output=True, text=True
        ).stdout.strip()
        dt.date.fromisoformat(date)
        (out / RELEASES_DIR).mkdir(exist_ok=True)
        write_atomic(out / RELEASES_DIR / f"{version}.parquet", facts)
        rows.append(
            {
                "version": version,
                "date": date,
                "facts": n,
                "sources": sources,
                "provisions": None,
                "statements": None,
                "events": None,
                "origin": f"recorded later from commit {commit} ({what})",
            }
        )
    if not rows:
        print("nothing to record")
        return 0
    merged = pd.concat([pd.DataFrame(rows), index], ignore_index=True) if len(index) else pd.DataFrame(rows)
    merged = merged.sort_values("date", kind="stable")
    write_atomic(out / RELEASES_DIR / INDEX, index_text(merged).encode("utf-8"))
    print(f"recorded {len(rows)} release(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
