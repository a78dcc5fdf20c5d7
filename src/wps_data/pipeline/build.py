"""Build the Parquet tables from the curated CSV: validated, deterministic, atomic.

Deterministic: the same CSV gives byte-identical Parquet (fixed column order and
types, no index, no timestamps, fixed compression). Atomic: every table is written to
a temporary file first; the old files are replaced only once all tables are valid and
written, so a failed build leaves the previous data byte for byte as it was. The
manifest's format (file name, digests, dataset version) is the contract's
(``wps_data.contract.manifest``), shared with the read side that checks it.

Layer: pipeline (3), the write side (curated CSV -> checks -> Parquet + manifest).
Imports the contract (``wps_data.contract``) and the leaves (``wps_data.paths``,
``wps_data.files``, ``wps_data.i18n``) only. The read side (``wps_data.dataset``,
filters, pagespec, analysis, viz) never imports the pipeline; the CLI runs it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from wps_data.contract.manifest import MANIFEST, manifest_bytes, version_of
from wps_data.contract.schemas import TABLES
from wps_data.pipeline.validate import CuratedError, validate_curated

__all__ = ["MANIFEST", "build", "dataset_version", "write_parquet_bytes"]


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
    return version_of({name: (curated_dir / f"{name}.csv").read_bytes() for name in TABLES})


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
    rows = {name: len(typed[name]) for name in TABLES}
    payloads_files = {f"{name}.parquet": b for name, b in payloads.items()}
    payloads_files[MANIFEST] = manifest_bytes(dataset_version(curated_dir), payloads, rows)
    _install(out_dir, payloads_files)
    return {fname: out_dir / fname for fname in payloads_files}
