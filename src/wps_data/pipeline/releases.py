"""The release log: each build records its dataset version, date and counts, and keeps its facts.

After a build, ``record_release`` adds the built version to ``data/releases/index.csv`` (once:
rebuilding the same curated data records nothing new, so a rebuild stays byte-identical) and
keeps a copy of that build's ``facts.parquet`` as ``data/releases/<version>.parquet``, which is
all a later release needs to say which figures were added, removed or changed. Both files
go through the one atomic writer. ``wps-data changes`` and the changes page read them.

Layer: pipeline (3), the write side. Imports the contract and the leaves only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from wps_data.contract import manifest
from wps_data.contract.releases import INDEX, INDEX_COLUMNS, RELEASES_DIR, index_text, parse_index
from wps_data.files import write_atomic

COUNTED = ("facts", "sources", "provisions", "statements", "events")


def read_index(out_dir: Path) -> pd.DataFrame:
    """The release index of ``out_dir`` (empty when no release was recorded yet)."""
    path = out_dir / RELEASES_DIR / INDEX
    if not path.exists():
        return pd.DataFrame(columns=INDEX_COLUMNS)
    return parse_index(path.read_text(encoding="utf-8"))


def record_release(out_dir: Path, *, date: dt.date | None = None, origin: str = "build") -> bool:
    """Record the dataset built in ``out_dir`` as a release, unless its version is already recorded.

    Returns True when a release was added. The snapshot is written before the index, so an
    index row always has its facts.
    """
    found = manifest.parse((out_dir / manifest.MANIFEST).read_bytes())
    index = read_index(out_dir)
    if found.version in set(index["version"]):
        return False
    folder = out_dir / RELEASES_DIR
    folder.mkdir(exist_ok=True)
    write_atomic(folder / f"{found.version}.parquet", (out_dir / "facts.parquet").read_bytes())
    counts = {name: _rows(out_dir, name) for name in COUNTED}
    row = {"version": found.version, "date": (date or dt.date.today()).isoformat(), **counts, "origin": origin}
    index = pd.concat([index, pd.DataFrame([row])], ignore_index=True) if len(index) else pd.DataFrame([row])
    write_atomic(folder / INDEX, index_text(index).encode("utf-8"))
    return True


def _rows(out_dir: Path, name: str) -> int | None:
    path = out_dir / f"{name}.parquet"
    return pq.read_metadata(path).num_rows if path.exists() else None
