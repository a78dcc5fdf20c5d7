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

import copy
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from pandera.errors import SchemaError, SchemaErrors

from wps_data.contract import manifest
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

    facts: pd.DataFrame
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

    @property
    def view(self) -> pd.DataFrame:
        """Facts joined with their source and indicator (computed once, then cached)."""
        return self.derived("view", lambda ds: enrich(ds.facts, ds.sources, ds.indicators))

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
            table = parquet.read().combine_chunks()
        df = table.to_pandas(types_mapper=_AS_PANDERA.get)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise DataUnavailable(f"The data file {path} cannot be read ({type(exc).__name__}: {exc}).") from exc
    schema, columns_only, structure = _schemas(name)
    if not trusted:
        return _validate(schema, df, path, name)
    structure_tasks = _structure_tasks(name, table, df)
    if structure_tasks is not None and _all_hold([*structure_tasks, *_distinct_tasks(schema, df)], len(df)):
        return df
    # Something failed: judge again one step at a time, and let pandera name what fails.
    if _structure_holds(name, table, df):
        out = df
    else:
        out = _validate(structure, df, path, name)  # raises, naming the column and rule (or coerces)
    if not _distinct_values_pass(schema, out):
        _validate(columns_only, df, path, name)  # raises, naming the column, check and value
    return out


# From this many rows on, a trusted table's checks (one task per column and question) run on
# two threads. They are Arrow and pandas kernels that release the GIL: at 1000x the facts, the
# uniqueness of fact_id (a hash of 539,000 strings) and its pattern (a regex over each) take
# about 70 ms each, and the two threads cut the checks from about 290 ms to 170 ms. Below it,
# handing tasks to threads costs more than it saves.
PARALLEL_ROWS = 20_000


def _all_hold(tasks: list[Callable[[], bool]], rows: int) -> bool:
    """True when every task returns True; on two threads for a table of ``PARALLEL_ROWS`` rows or more."""
    if rows < PARALLEL_ROWS:
        return all(task() for task in tasks)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="wps-check") as pool:
        return all(list(pool.map(lambda task: task(), tasks)))


# Arrow types read straight into the pandas types the schemas coerce to (Int64, boolean),
# so that coercion has nothing left to do on bytes the build wrote.
_AS_PANDERA: dict[pa.DataType, Any] = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


@functools.cache
def _schemas(name: str) -> tuple[Any, Any, Any]:
    """(every check, the column checks only, the structure only) of a table's schema; built once per process.

    The structure is types, nulls, uniqueness, strict and ordered columns and the parsers.
    """
    schema = TABLES[name].to_schema()
    columns_only = copy.deepcopy(schema)
    columns_only.checks = []
    structure = copy.deepcopy(columns_only)
    for column in structure.columns.values():
        column.checks = []
    return schema, columns_only, structure


def _structure_holds(name: str, table: pa.Table, df: pd.DataFrame) -> bool:
    """True when pandera's structure check of ``name`` would pass on ``df`` and change nothing, judged in Arrow.

    pandera checks types, nulls and uniqueness with a pandas pass per column, and costs
    about 25 ms a table even when small (at 1000x the facts, 0.3 s for the facts). The
    same questions cost a few Arrow reductions (``_structure_tasks``). Any doubt returns
    False, and pandera then judges the whole table, naming what fails.
    """
    tasks = _structure_tasks(name, table, df)
    return tasks is not None and all(task() for task in tasks)


def _structure_tasks(name: str, table: pa.Table, df: pd.DataFrame) -> list[Callable[[], bool]] | None:
    """The questions of pandera's structure check of ``name``, one task per column; None if the columns differ.

    The columns must come in the schema's order (strict and ordered). Per column: no null
    (nor NaN, which pandas counts as missing) where the schema forbids them; no repeated
    value where it asks for unique ones. The types belong to the columns, not the rows:
    pandera itself judges them on the table with no rows (``_types_hold``, once per Arrow
    schema). The parsers read true/false text strictly and leave a true/false column
    without gaps as it is, which the null task proves.
    """
    _, _, structure = _schemas(name)
    if table.column_names != list(structure.columns):
        return None
    tasks: list[Callable[[], bool]] = [
        functools.partial(_column_holds, table.column(column_name), column.nullable, column.unique)
        for column_name, column in structure.columns.items()
        if not column.nullable or column.unique
    ]
    tasks.append(functools.partial(_types_hold, name, table.schema.remove_metadata(), tuple(df.dtypes)))
    return tasks


def _column_holds(values: pa.ChunkedArray, nullable: bool, unique: bool) -> bool:
    """No null or NaN unless ``nullable``; no value twice if ``unique``."""
    if not nullable:
        if values.null_count:
            return False
        if pa.types.is_floating(values.type) and pc.any(pc.is_nan(values)).as_py():
            return False
    return not unique or len(pc.unique(values)) == len(values)


@functools.lru_cache(maxsize=64)
def _types_hold(name: str, arrow_schema: pa.Schema, dtypes: tuple[Any, ...]) -> bool:
    """pandera's structure check passes on a table of this Arrow schema with no rows, and coerces no dtype."""
    empty = arrow_schema.empty_table().to_pandas(types_mapper=_AS_PANDERA.get)
    try:
        probed = _schemas(name)[2].validate(empty)
    except (SchemaErrors, SchemaError):
        return False
    return tuple(probed.dtypes) == dtypes == tuple(empty.dtypes)


def _distinct_values_pass(schema: Any, df: pd.DataFrame) -> bool:
    """True when every column check of ``schema`` holds on ``df``, judged on each column's distinct values.

    The column checks (isin, str_matches, str_length, ranges) are element-wise and ignore
    missing values, so a check holds on the column if and only if it holds on its distinct
    non-missing values: at 1000x the facts, 13 regions instead of 539,000 cells. A column
    declared unique, or a length check (one Arrow pass, cheaper than finding the distinct
    values), is judged on every value.
    """
    return all(task() for task in _distinct_tasks(schema, df))


def _distinct_tasks(schema: Any, df: pd.DataFrame) -> list[Callable[[], bool]]:
    """One task per column with checks: ``_distinct_values_pass`` for that column alone."""
    return [
        functools.partial(_column_checks_pass, column, df[name])
        for name, column in schema.columns.items()
        if column.checks and name in df.columns
    ]


def _column_checks_pass(column: Any, values: pd.Series) -> bool:
    """Every check of ``column`` holds on ``values`` (see ``_distinct_values_pass``)."""
    if values.hasnans:
        values = values.dropna()
    distinct = None
    for check in column.checks:
        if column.unique or check.name == "str_length":
            judged = values
        else:
            if distinct is None:
                distinct = pd.Series(values.unique(), dtype=values.dtype)
            judged = distinct
        if not bool(check(judged).check_passed):
            return False
    return True


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
    return Dataset(version=_check_manifest(data_dir), **tables, releases=releases, release_facts=release_facts)


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
