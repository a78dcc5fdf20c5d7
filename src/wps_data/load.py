"""Read and validate the built Parquet tables; fail with a message that says what to run.

The app calls ``load_dataset`` once per process (cached in the app layer). Every
failure (a missing file, a file that is not Parquet, a table that breaks the
contract) becomes a DataUnavailable error holding what is wrong and the command that
fixes it, so a page can show that instead of a traceback.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pandera.errors import SchemaError, SchemaErrors

from wps_data.build import MANIFEST
from wps_data.schemas import TABLES
from wps_data.validate import cross_table_problems

FIX_COMMAND = "wps-data build"


class DataUnavailable(Exception):
    """The dataset cannot be shown; ``what`` says why and ``fix`` what to run."""

    def __init__(self, what: str, fix: str = FIX_COMMAND):
        self.what = what
        self.fix = fix
        super().__init__(f"{what} Fix: run `{fix}`.")


@dataclass(frozen=True)
class Dataset:
    """The validated tables. Treat every frame as read-only: it is shared by all sessions."""

    facts: pd.DataFrame
    sources: pd.DataFrame
    indicators: pd.DataFrame
    bodies: pd.DataFrame
    version: str

    @property
    def view(self) -> pd.DataFrame:
        """Facts joined with their source and indicator (computed once, then cached)."""
        cached = self.__dict__.get("_view")
        if cached is None:
            cached = enrich(self.facts, self.sources, self.indicators)
            object.__setattr__(self, "_view", cached)
        return cached


def enrich(facts: pd.DataFrame, sources: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Facts with the columns a reader needs beside each number (title, url, label, caveat)."""
    src = sources[["source_id", "title", "publisher", "published", "url", "source_type", "symbol"]]
    ind = indicators[["indicator", "label", "definition", "caveat"]]
    out = facts.merge(src, on="source_id", how="left", validate="many_to_one")
    out = out.merge(ind, on="indicator", how="left", validate="many_to_one")
    return out


def read_table(path: Path, name: str) -> pd.DataFrame:
    """Read one Parquet table and validate it against its schema."""
    if not path.exists():
        raise DataUnavailable(f"The data file {path} is missing.")
    if not path.is_file():
        raise DataUnavailable(f"The data file {path} is not a file (a folder or a device): the build writes one file.")
    try:
        df = pq.read_table(path).to_pandas()
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise DataUnavailable(f"The data file {path} cannot be read ({type(exc).__name__}: {exc}).") from exc
    try:
        return TABLES[name].validate(df, lazy=True)
    except (SchemaErrors, SchemaError) as exc:
        cases = getattr(exc, "failure_cases", None)
        if cases is not None and "index" in cases:
            cases = cases.drop_duplicates(subset=["index", "check"])
        n = len(cases) if cases is not None else 1
        first = ""
        if cases is not None and len(cases):
            r = cases.iloc[0]
            first = f" First: column {r.get('column')!r}, check {r.get('check')!r}, value {r.get('failure_case')!r}."
        raise DataUnavailable(
            f"The data file {path} does not match the {name} schema ({n} failure(s)).{first}"
        ) from exc


def load_dataset(data_dir: Path) -> Dataset:
    """Read and validate every table, and the links between them."""
    tables = {name: read_table(data_dir / f"{name}.parquet", name) for name in TABLES}
    problems = cross_table_problems(tables, {n: list(range(2, len(t) + 2)) for n, t in tables.items()})
    if problems:
        raise DataUnavailable(
            f"The data in {data_dir} is inconsistent across tables ({len(problems)} problem(s)); first: {problems[0]}."
        )
    return Dataset(version=_check_manifest(data_dir), **tables)


def _check_manifest(data_dir: Path) -> str:
    """The dataset version, after checking every table's bytes against the manifest.

    A build interrupted between two file swaps would leave tables from two builds; the
    hashes in manifest.json catch that (and any hand-edited Parquet file).
    """
    path = data_dir / MANIFEST
    try:
        manifest = json.loads(path.read_text())
        expected = {name: manifest["tables"][name]["sha256"] for name in TABLES}
        version = str(manifest["dataset_version"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataUnavailable(f"The manifest {path} is missing or unreadable ({type(exc).__name__}).") from exc
    for name, digest in expected.items():
        try:
            actual = hashlib.sha256((data_dir / f"{name}.parquet").read_bytes()).hexdigest()
        except OSError as exc:
            raise DataUnavailable(f"The data file {data_dir / (name + '.parquet')} cannot be read ({exc}).") from exc
        if actual != digest:
            raise DataUnavailable(
                f"The data file {data_dir / (name + '.parquet')} does not match {path} "
                "(an interrupted build or a hand-edited file)."
            )
    return version
