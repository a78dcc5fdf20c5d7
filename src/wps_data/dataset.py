"""Read and validate the built Parquet tables; fail with a message that says what to run.

The app calls ``load_dataset`` once per process (cached in the app layer). Every
failure (a missing file, a file that is not Parquet, a table that breaks the
contract) becomes a DataUnavailable error holding what is wrong and the command that
fixes it, so a page can show that instead of a traceback.

Layer: dataset (4), the read side: load the built tables and run the cheap checks.
Imports the contract (``wps_data.contract``: schemas, relations, manifest) and the
leaves (``wps_data.paths``, ``wps_data.files``, ``wps_data.i18n``) ONLY, never the
write side (``wps_data.pipeline``): the app must not carry the build's code.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pandera.errors import SchemaError, SchemaErrors

from wps_data.contract import manifest
from wps_data.contract.fastcheck import (
    AS_PANDERA,
    LAZY,
    all_hold,
    distinct_tasks,
    distinct_values_pass,
    lazy_columns,
    schemas,
    structure_holds,
    structure_tasks,
)
from wps_data.contract.problems import CURATED_FILES, Problem
from wps_data.contract.relations import cross_table_problems
from wps_data.contract.releases import INDEX, INDEX_COLUMNS, RELEASES_DIR, parse_index, snapshot
from wps_data.contract.schemas import TABLES

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

    facts: pd.DataFrame  # loaded from the built file: without ``note`` (``facts_with_notes``, ``with_notes``)
    sources: pd.DataFrame
    indicators: pd.DataFrame
    bodies: pd.DataFrame
    series: pd.DataFrame
    version: str
    provisions: pd.DataFrame  # the Council desk (``contract.desk``): mandate provisions, positions, events
    statements: pd.DataFrame
    events: pd.DataFrame
    releases: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=INDEX_COLUMNS))  # oldest first
    release_facts: dict[str, pd.DataFrame] = field(default_factory=dict)  # version -> that release's facts
    notes_file: tuple[Path, str] | None = None  # the facts' file and sha256, when the load left the notes there (LAZY)

    @property
    def facts_with_notes(self) -> pd.DataFrame:
        """The facts with their ``note`` column: read from the file on first use when the load left it there."""
        if self.notes_file is None or "note" in self.facts.columns:
            return self.facts
        return self.derived("facts_with_notes", lambda d: _with_lazy(d.facts, "facts", *d.notes_file))

    def with_notes(self, rows: pd.DataFrame) -> pd.DataFrame:
        """``rows`` (facts or view rows) with each fact's ``note``, for an export or a release comparison."""
        full = self.facts_with_notes
        if "note" in rows.columns or "fact_id" not in rows.columns or "note" not in full.columns:
            return rows
        by_id = self.derived("note_by_id", lambda d: pd.Series(full["note"].to_numpy(), index=full["fact_id"]))
        return rows.assign(note=rows["fact_id"].map(by_id))

    @property
    def release_versions(self) -> tuple[str, ...]:
        """The recorded releases' versions, oldest first (read once: every page checks ``?since=`` against them)."""
        return self.derived("release_versions", lambda d: tuple(str(v) for v in d.releases["version"].tolist()))

    @property
    def view(self) -> pd.DataFrame:
        """Facts joined with their source and indicator (computed once, then cached)."""
        return self.derived("view", lambda ds: enrich(ds.facts, ds.sources, ds.indicators))

    @property
    def fact_positions(self) -> pd.Index:
        """The view's fact ids as an Index: ``get_indexer`` finds rows by id with a hash table built once."""
        return self.derived("fact_positions", lambda d: pd.Index(d.view["fact_id"]))

    def derived(self, name: str, make: Callable[[Dataset], Any]) -> Any:
        """``make(self)``, computed once per dataset (hence per version) and kept: the one memo of the read side.

        Work that depends only on the dataset (the joined view, the rows of each chart
        series, the conflicts) is done here once, not on every page rerun. The value is
        shared by every session: treat it as read-only.
        """
        memo = self.__dict__.setdefault("_derived", {})
        if name not in memo:
            memo[name] = make(self)
        return memo[name]


def enrich(facts: pd.DataFrame, sources: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Facts with the columns a reader needs beside each number (title, url, label, caveat)."""
    src = sources[["source_id", "title", "publisher", "published", "url", "source_type", "symbol"]]
    ind = indicators[["indicator", "label", "definition", "caveat"]]
    out = facts.merge(src, on="source_id", how="left", validate="many_to_one")
    out = out.merge(ind, on="indicator", how="left", validate="many_to_one")
    return out


def _with_lazy(frame: pd.DataFrame, name: str, path: Path, digest: str) -> pd.DataFrame:
    """``frame`` with its LAZY columns read from ``path``, in the schema's order; the file must be the one loaded."""
    if not _matches(path, digest):
        raise DataUnavailable(f"The data file {path} changed after it was loaded (a new build): reload the page.")
    with pq.ParquetFile(path) as parquet:
        extra = parquet.read(columns=list(LAZY[name])).combine_chunks().to_pandas()
    if len(extra) != len(frame):  # the frame is not the file's rows (a dataset built by hand)
        raise DataUnavailable(f"The data file {path} has {len(extra)} rows where {len(frame)} were loaded.")
    out, order = frame.copy(deep=False), list(schemas(name)[0].columns)
    for c in LAZY[name]:
        out.insert(min(order.index(c), len(out.columns)), c, extra[c].set_axis(out.index))
    return out


def read_table(path: Path, name: str, *, trusted: bool = False) -> pd.DataFrame:
    """Read one Parquet table and validate it against its schema.

    ``trusted`` (the file's bytes match manifest.json, i.e. they are exactly what
    ``wps-data build`` validated row by row) runs the column checks only: types,
    vocabularies, uniqueness. The row checks (each quote states its number ...) cost a
    few hundred microseconds a row, which at 1000x the data would delay the first page
    by minutes; for bytes the build already checked they prove nothing new. Even the
    column checks are made cheap there: each vocabulary, pattern and range check runs on
    the column's distinct values (exactly as strict, since each judges one value at a
    time), and only a failure sends the table through pandera's own checks, which name it.
    """
    if not path.exists():
        raise DataUnavailable(f"The data file {path} is missing.")
    if not path.is_file():
        raise DataUnavailable(f"The data file {path} is not a file (a folder or a device): the build writes one file.")
    try:
        # One chunk per column: pandas' take on a chunked Arrow column copies the whole column
        # first (at 1000x the facts, picking 3 rows took 0.5 s; one chunk, 2 ms). ParquetFile
        # reads a row group as one chunk (read_table cuts it into batches that would then be
        # copied again to join them: at 1000x, 0.4 s more); combining is then free.
        with pq.ParquetFile(path) as parquet:
            lazy = lazy_columns(name, parquet.schema_arrow) if trusted else ()
            keep = [c for c in parquet.schema_arrow.names if c not in lazy] if lazy else None
            table = parquet.read(columns=keep).combine_chunks()
        df = table.to_pandas(types_mapper=AS_PANDERA.get)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise DataUnavailable(f"The data file {path} cannot be read ({type(exc).__name__}: {exc}).") from exc
    schema, columns_only, structure = schemas(name, lazy)
    if not trusted:
        return _validate(schema, df, path, name)
    tasks = structure_tasks(name, table, df, lazy)
    if tasks is not None and all_hold([*tasks, *distinct_tasks(schema, df)], len(df)):
        return df
    # Something failed: judge again one step at a time, and let pandera name what fails.
    if structure_holds(name, table, df, lazy):
        out = df
    else:
        out = _validate(structure, df, path, name)  # raises, naming the column and rule (or coerces)
    if not distinct_values_pass(schema, out):
        _validate(columns_only, df, path, name)  # raises, naming the column, check and value
    return out


def _validate(schema: Any, df: pd.DataFrame, path: Path, name: str) -> pd.DataFrame:
    """``schema.validate(df)``, or DataUnavailable naming the first failure's column, check, value and fact."""
    try:
        return schema.validate(df, lazy=True)
    except (SchemaErrors, SchemaError) as exc:
        cases = getattr(exc, "failure_cases", None)
        if cases is not None and "index" in cases:
            cases = cases.drop_duplicates(subset=["index", "check"])
        n = len(cases) if cases is not None else 1
        first = ""
        if cases is not None and len(cases):
            r = cases.iloc[0]
            first = f" First: column {r.get('column')!r}, check {r.get('check')!r}, value {r.get('failure_case')!r}"
            idx = r.get("index")
            if "fact_id" in df.columns and idx is not None and not pd.isna(idx) and 0 <= int(idx) < len(df):
                first += f", fact_id {str(df['fact_id'].iat[int(idx)])!r}"
            first += "."
        raise DataUnavailable(
            f"The data file {path} does not match the {name} schema ({n} failure(s)).{first}"
        ) from exc


def load_dataset(data_dir: Path) -> Dataset:
    """Read and validate every table, and the links between them.

    Tables whose bytes match manifest.json get the column checks only (see
    ``read_table``); any other file gets every check, and then fails the manifest check.
    """
    digests = _manifest_digests(data_dir)
    trusted = {name: _matches(data_dir / f"{name}.parquet", digests.get(name)) for name in TABLES}
    # Two threads: the facts (the largest table by far) are read and checked while the small
    # tables are. Results are taken in TABLES order, so the first broken table is the one named.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="wps-read") as pool:
        pending = {
            name: pool.submit(read_table, data_dir / f"{name}.parquet", name, trusted=trusted[name]) for name in TABLES
        }
        tables = {name: job.result() for name, job in pending.items()}
    # The meaning rules read every quote (per-row text work): the build ran them on exactly these bytes.
    # The value rules (finite, shares in 0-100, no negative count, unit of the indicator) run on
    # every load, vectorised: a manifest guards against accidents, not against an edit whose hash
    # was recomputed, and no page may draw a share of 150.
    problems = cross_table_problems(tables, meaning=not all(trusted.values()))
    if problems:
        raise DataUnavailable(_problem_text(data_dir, tables, problems))
    releases, release_facts = load_releases(data_dir)
    facts = data_dir / "facts.parquet"
    lazy = (facts, digests["facts"]) if trusted["facts"] and "note" not in tables["facts"].columns else None
    version = _check_manifest(data_dir)
    return Dataset(version=version, **tables, releases=releases, release_facts=release_facts, notes_file=lazy)


def load_releases(data_dir: Path) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The release log (``contract.releases``): the index and each release's facts.

    The log is history, not the data shown: when it is missing or unreadable the pages still
    work and the changes page says that no release can be compared. A release whose facts
    file is missing or unreadable is left out of the index.
    """
    folder = data_dir / RELEASES_DIR
    try:
        index = parse_index((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError):
        return pd.DataFrame(columns=INDEX_COLUMNS), {}
    facts: dict[str, pd.DataFrame] = {}
    for version in index["version"]:
        try:
            facts[version] = snapshot(pq.read_table(folder / f"{version}.parquet").to_pandas())
        except (OSError, pa.ArrowException, ValueError, KeyError):
            continue
    return index[index["version"].isin(list(facts))].reset_index(drop=True), facts


def _problem_text(data_dir: Path, tables: dict[str, pd.DataFrame], problems: list[Problem]) -> str:
    """'The data file .../facts.parquet breaks a rule ...': table, column, rule and the first offending row's id."""
    first = problems[0]
    name = next((n for n, f in CURATED_FILES.items() if f == first.file), "facts")
    table = tables.get(name)
    row = first.line - 2  # the read side reports each row's position as line (``relations.row_lines``)
    where = ""
    if table is not None and 0 <= row < len(table) and len(table.columns):
        key = "fact_id" if "fact_id" in table.columns else str(table.columns[0])
        where = f" row {row + 1}, {key} {str(table[key].iat[row])!r},"
    return (
        f"The data in {data_dir} is inconsistent across tables ({len(problems)} problem(s)); first: "
        f"the data file {data_dir / f'{name}.parquet'} (table {name}),{where} column "
        f"{first.column!r}, value {first.value!r}, rule {first.rule}."
    )


def _manifest_digests(data_dir: Path) -> dict[str, str]:
    try:
        return manifest.parse((data_dir / manifest.MANIFEST).read_bytes()).sha256
    except (OSError, ValueError):
        return {}  # _check_manifest reports it, after the tables have been checked in full


def _matches(path: Path, digest: str | None) -> bool:
    if digest is None or not path.is_file():
        return False
    try:
        return manifest.file_digest(path) == digest
    except OSError:
        return False


def _check_manifest(data_dir: Path) -> str:
    """The dataset version, after checking every table's bytes against the manifest.

    A build interrupted between two file swaps would leave tables from two builds; the
    hashes in manifest.json catch that (and any hand-edited Parquet file).
    """
    path = data_dir / manifest.MANIFEST
    try:
        found = manifest.parse(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise DataUnavailable(f"The manifest {path} is missing or unreadable ({type(exc).__name__}).") from exc
    for name, digest in found.sha256.items():
        table = data_dir / f"{name}.parquet"
        try:
            actual = manifest.file_digest(table)
        except OSError as exc:
            raise DataUnavailable(f"The data file {table} cannot be read ({exc}).") from exc
        if actual != digest:
            raise DataUnavailable(
                f"The data file {table} does not match {path} (an interrupted build or a hand-edited file)."
            )
    return found.version
