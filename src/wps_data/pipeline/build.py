"""Build the Parquet tables from the curated CSV: validated, deterministic, atomic.

Deterministic: the same CSV gives byte-identical Parquet (fixed column order and
types, no index, no timestamps, fixed compression). Atomic: every table is written to
a temporary file first; the old files are replaced only once all tables are valid and
written, so a failed build leaves the previous data byte for byte as it was. Also on
SIGTERM/SIGINT (``wps_data.files.SignalGuard``): the old files are put back, every
temporary file removed, then the signal delivered again. A target that exists and is not
a regular file (FIFO, symbolic link, directory, device) is refused before anything is
written (``wps_data.files.refuse_non_regular``). Temporary and backup names carry the pid,
and builds into one folder take turns (``flock`` on the folder), so concurrent builds
neither collide nor mix their files. Built files are 0666 minus the umask. The
manifest's format (file name, digests, dataset version) is the contract's
(``wps_data.contract.manifest``), shared with the read side that checks it.

Layer: pipeline (3), the write side (curated CSV -> checks -> Parquet + manifest).
Imports the contract (``wps_data.contract``) and the leaves (``wps_data.paths``,
``wps_data.files``, ``wps_data.i18n``) only. The read side (``wps_data.dataset``,
filters, pagespec, analysis, viz) never imports the pipeline; the CLI runs it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from wps_data.contract.manifest import MANIFEST, manifest_bytes, version_of
from wps_data.contract.schemas import TABLES
from wps_data.files import SignalGuard, current_umask, refuse_non_regular
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


def _named(out_dir: Path, fname: str, kind: str) -> Path:
    """A fresh name for one of this process's temporary files: ``.<file>.<pid>.<random>.<kind>.tmp``."""
    return out_dir / f".{fname}.{os.getpid()}.{secrets.token_hex(6)}.{kind}.tmp"


def _own_leftovers(out_dir: Path, fnames: Iterable[str]) -> list[Path]:
    """Every temporary file this process (its pid) may have made in ``out_dir``, stray ones included."""
    pid = os.getpid()
    return [p for fname in fnames for p in out_dir.glob(f".{fname}.{pid}.*.tmp")]


@contextlib.contextmanager
def _folder_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on the folder itself: builds into one folder take turns, no lock file.

    Where there is no ``flock`` (not POSIX, or a folder that cannot be opened) the build runs
    unlocked: the unique names still keep concurrent builds from touching each other's files.
    """
    fd: int | None = None
    with contextlib.suppress(ImportError, OSError):
        import fcntl

        fd = os.open(out_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)  # releases the lock


def _write_temp(out_dir: Path, fname: str, data: bytes, mode: int, temps: dict[str, str]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{fname}.{os.getpid()}.", suffix=".new.tmp", dir=out_dir)
    temps[fname] = tmp
    with os.fdopen(fd, "wb") as fh:
        os.fchmod(fh.fileno(), mode)  # mkstemp creates 0600; built files get the user's normal mode
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _backup(out_dir: Path, fname: str) -> str:
    """Keep the current ``fname`` under a fresh name (a hard link, or a copy); return that name."""
    target = out_dir / fname
    while True:
        bak = _named(out_dir, fname, "bak")
        try:
            os.link(target, bak, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:  # no hard links here (another file system, FAT...): copy
            shutil.copy2(target, bak, follow_symlinks=False)
        return str(bak)


def _install(out_dir: Path, payloads: dict[str, bytes]) -> None:
    """Write every file next to its target, then swap them in; on any failure or signal roll back.

    Refuses (NotRegularFileError, nothing changed) a target that exists and is not a regular
    file. Temporary and backup names carry the pid and a random part, and builds into one
    folder take turns (a ``flock`` on the folder), so concurrent builds never share a file.
    The old files are kept as hard links (or copies) until every new file is in place, so an
    error, SIGTERM or SIGINT part-way through restores the previous set byte for byte and
    removes every temporary file; the signal is then delivered again (``SignalGuard``). New
    files are 0666 minus the umask. A process killed outright (SIGKILL) between two swaps is
    caught by ``load_dataset``, which checks the manifest.
    """
    for fname in payloads:
        refuse_non_regular(out_dir / fname)
    mode = 0o666 & ~current_umask()
    temps: dict[str, str] = {}
    backups: dict[str, str | None] = {}
    swapped: list[str] = []
    kept: set[str] = set()  # backups that could not be put back: never deleted
    with _folder_lock(out_dir), SignalGuard(f"the build into {out_dir}") as guard:
        try:
            for fname, data in payloads.items():
                _write_temp(out_dir, fname, data, mode, temps)
            for fname in payloads:
                target = out_dir / fname
                legacy = out_dir / f"{fname}.bak.tmp"  # the one shared backup name of earlier versions
                if legacy.is_symlink() or legacy.is_file():
                    legacy.unlink()
                refuse_non_regular(target)
                backups[fname] = _backup(out_dir, fname) if os.path.lexists(target) else None
            for fname, tmp in temps.items():
                refuse_non_regular(out_dir / fname)  # again, just before the swap: it may have changed
                os.replace(tmp, out_dir / fname)
                swapped.append(fname)
            guard.quiet = True  # committed: a signal now waits until the clean-up is done
        except BaseException:
            guard.quiet = True
            for fname in reversed(swapped):
                bak = backups.get(fname)
                try:
                    if bak:
                        os.replace(bak, out_dir / fname)
                    else:
                        (out_dir / fname).unlink(missing_ok=True)
                except OSError:
                    if bak:
                        kept.add(bak)
            raise
        finally:
            guard.quiet = True
            for path in {*temps.values(), *(b for b in backups.values() if b)} - kept:
                with contextlib.suppress(OSError):
                    os.unlink(path)
            for path in _own_leftovers(out_dir, payloads):  # e.g. made just before a signal came
                if str(path) not in kept:
                    with contextlib.suppress(OSError):
                        path.unlink()


def build(curated_dir: Path, out_dir: Path) -> dict[str, Path]:
    """Validate the curated tables and write ``out_dir/<table>.parquet`` atomically.

    Raises CuratedError (with every problem) and leaves ``out_dir`` untouched when the
    curated data is invalid; raises OSError, also leaving it untouched, when writing fails.
    """
    typed, problems = validate_curated(curated_dir)
    if problems:
        raise CuratedError(problems)
    if os.path.lexists(out_dir) and not out_dir.is_dir():
        raise NotADirectoryError(f"cannot build into {out_dir}: it exists and is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    payloads = {name: write_parquet_bytes(typed[name]) for name in TABLES}
    rows = {name: len(typed[name]) for name in TABLES}
    payloads_files = {f"{name}.parquet": b for name, b in payloads.items()}
    payloads_files[MANIFEST] = manifest_bytes(dataset_version(curated_dir), payloads, rows)
    _install(out_dir, payloads_files)
    return {fname: out_dir / fname for fname in payloads_files}
