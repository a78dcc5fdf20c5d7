"""Build the Parquet tables from the curated CSV: validated, deterministic, atomic.

Deterministic: the same CSV gives byte-identical Parquet (fixed column order and
types, no index, no timestamps, fixed compression). Atomic: every table is written to
a temporary file first; the old files are replaced only once all tables are valid and
written, so a failed build leaves the previous data byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from wps_data.contract.schemas import TABLES
from wps_data.pipeline.validate import CuratedError, validate_curated

MANIFEST = "manifest.json"


def _arrow_table(df: pd.DataFrame) -> pa.Table:
    table = pa.Table.from_pandas(df, preserve_index=False)
    # pandas metadata records library versions; dropping it keeps bytes stable.
    return table.replace_schema_metadata(None)


def write_parquet_bytes(df: pd.DataFrame) -> bytes:
    """Serialise a validated table to Parquet bytes, the same bytes every time."""
    sink = pa.BufferOutputStream()
    pq.write_table(
        _arrow_table(df),
        sink,
        compression="zstd",
        compression_level=3,
        use_dictionary=True,
        write_statistics=True,
        store_schema=False,
    )
    return sink.getvalue().to_pybytes()


def dataset_version(curated_dir: Path) -> str:
    """Short hash of the curated CSV bytes: names the dataset version in exports."""
    h = hashlib.sha256()
    for name in sorted(TABLES):
        path = curated_dir / f"{name}.csv"
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _install(out_dir: Path, payloads: dict[str, bytes]) -> None:
    """Write every file next to its target, then swap them in; on any failure roll back.

    The old files are kept as hard links (or copies) until every new file is in place,
    so an error part-way through restores the previous set byte for byte. A process
    killed between two swaps is caught by ``load_dataset``, which checks the manifest.
    """
    temps: dict[str, str] = {}
    backups: dict[str, str | None] = {}
    swapped: list[str] = []
    try:
        for fname, data in payloads.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{fname}.", suffix=".tmp", dir=out_dir)
            temps[fname] = tmp
            os.chmod(tmp, 0o644)  # mkstemp creates 0600; the data is meant to be read by all
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for fname in payloads:
            target = out_dir / fname
            if target.exists():
                bak = str(target) + ".bak.tmp"
                if os.path.exists(bak):
                    os.unlink(bak)
                try:
                    os.link(target, bak)
                except OSError:
                    shutil.copy2(target, bak)
                backups[fname] = bak
            else:
                backups[fname] = None
        for fname, tmp in temps.items():
            os.replace(tmp, out_dir / fname)
            swapped.append(fname)
    except BaseException:
        for fname in reversed(swapped):
            bak = backups.get(fname)
            if bak:
                os.replace(bak, out_dir / fname)
            else:
                (out_dir / fname).unlink(missing_ok=True)
        raise
    finally:
        for path in [*temps.values(), *(b for b in backups.values() if b)]:
            if os.path.exists(path):
                os.unlink(path)


def build(curated_dir: Path, out_dir: Path) -> dict[str, Path]:
    """Validate the curated tables and write ``out_dir/<table>.parquet`` atomically.

    Raises CuratedError (with every problem) and leaves ``out_dir`` untouched when the
    curated data is invalid; raises OSError, also leaving it untouched, when writing fails.
    """
    typed, problems = validate_curated(curated_dir)
    if problems:
        raise CuratedError(problems)
    out_dir.mkdir(parents=True, exist_ok=True)
    payloads = {name: write_parquet_bytes(typed[name]) for name in TABLES}
    manifest = {
        "dataset_version": dataset_version(curated_dir),
        "tables": {
            name: {"rows": len(typed[name]), "sha256": hashlib.sha256(b).hexdigest()} for name, b in payloads.items()
        },
    }
    payloads_files = {f"{name}.parquet": b for name, b in payloads.items()}
    payloads_files[MANIFEST] = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    _install(out_dir, payloads_files)
    return {fname: out_dir / fname for fname in payloads_files}
