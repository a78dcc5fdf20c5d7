"""The trusted read's checks: a built table judged against its schema in Arrow, cheaply and as strictly.

``wps_data.dataset`` reads a table whose bytes match the manifest (what ``wps-data build``
validated row by row) and asks pandera's structure and column questions here, as a few
Arrow reductions and checks on each column's distinct values; any doubt sends the table
back to pandera, which names what fails. ``LAZY`` names the columns such a read may leave
on disk until a reader opens them.

Layer: contract (2). Imports ``wps_data.contract.schemas`` only.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandera.errors import SchemaError, SchemaErrors

from wps_data.contract.schemas import TABLES

# Columns no page draws, read only by exports and the changes page's reasons. On bytes that match
# the manifest they stay on disk at load: the file's schema proves their type, and the contract
# asks nothing of their values (nullable text, no check: ``lazy_columns``). At 1000x the facts
# the notes are 197 MB of the 462 MB of text; a cold load took 0.4-1.6 s with them, 0.4 s without.
LAZY: dict[str, tuple[str, ...]] = {"facts": ("note",)}


def lazy_columns(name: str, arrow_schema: pa.Schema) -> tuple[str, ...]:
    """The LAZY columns of ``name`` that can stay on disk: the file's columns are the schema's, those are text."""
    lazy, full = LAZY.get(name, ()), schemas(name)[0].columns
    if not lazy or arrow_schema.names != list(full):
        return ()
    for c in lazy:
        column, kind = full[c], arrow_schema.field(c).type
        if column.checks or column.unique or not column.nullable or not pa.types.is_string(kind):
            return ()
    return lazy


# From this many rows on, a trusted table's checks (one task per column and question) run on
# two threads. They are Arrow and pandas kernels that release the GIL: at 1000x the facts, the
# uniqueness of fact_id (a hash of 539,000 strings) and its pattern (a regex over each) take
# about 70 ms each, and the two threads cut the checks from about 290 ms to 170 ms. Below it,
# handing tasks to threads costs more than it saves.
PARALLEL_ROWS = 20_000


def all_hold(tasks: list[Callable[[], bool]], rows: int) -> bool:
    """True when every task returns True; on two threads for a table of ``PARALLEL_ROWS`` rows or more."""
    if rows < PARALLEL_ROWS:
        return all(task() for task in tasks)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="wps-check") as pool:
        return all(list(pool.map(lambda task: task(), tasks)))


# Arrow types read straight into the pandas types the schemas coerce to (Int64, boolean),
# so that coercion has nothing left to do on bytes the build wrote.
AS_PANDERA: dict[pa.DataType, Any] = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


@functools.cache
def schemas(name: str, lazy: tuple[str, ...] = ()) -> tuple[Any, Any, Any]:
    """(every check, the column checks only, the structure only) of a table's schema; built once per process.

    The structure is types, nulls, uniqueness, strict and ordered columns and the parsers.
    ``lazy``: columns left on disk (``LAZY``), not in the schemas.
    """
    schema = TABLES[name].to_schema()
    if lazy:
        schema = schema.remove_columns(list(lazy))
    columns_only = copy.deepcopy(schema)
    columns_only.checks = []
    structure = copy.deepcopy(columns_only)
    for column in structure.columns.values():
        column.checks = []
    return schema, columns_only, structure


def structure_holds(name: str, table: pa.Table, df: pd.DataFrame, lazy: tuple[str, ...] = ()) -> bool:
    """True when pandera's structure check of ``name`` would pass on ``df`` and change nothing, judged in Arrow.

    pandera checks types, nulls and uniqueness with a pandas pass per column, and costs
    about 25 ms a table even when small (at 1000x the facts, 0.3 s for the facts). The
    same questions cost a few Arrow reductions (``structure_tasks``). Any doubt returns
    False, and pandera then judges the whole table, naming what fails.
    """
    tasks = structure_tasks(name, table, df, lazy)
    return tasks is not None and all(task() for task in tasks)


def structure_tasks(
    name: str, table: pa.Table, df: pd.DataFrame, lazy: tuple[str, ...] = ()
) -> list[Callable[[], bool]] | None:
    """The questions of pandera's structure check of ``name``, one task per column; None if the columns differ.

    The columns must come in the schema's order (strict and ordered). Per column: no null
    (nor NaN, which pandas counts as missing) where the schema forbids them; no repeated
    value where it asks for unique ones. The types belong to the columns, not the rows:
    pandera itself judges them on the table with no rows (``_types_hold``, once per Arrow
    schema). The parsers read true/false text strictly and leave a true/false column
    without gaps as it is, which the null task proves.
    """
    _, _, structure = schemas(name, lazy)
    if table.column_names != list(structure.columns):
        return None
    tasks: list[Callable[[], bool]] = [
        functools.partial(_column_holds, table.column(column_name), column.nullable, column.unique)
        for column_name, column in structure.columns.items()
        if not column.nullable or column.unique
    ]
    tasks.append(functools.partial(_types_hold, name, lazy, table.schema.remove_metadata(), tuple(df.dtypes)))
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
def _types_hold(name: str, lazy: tuple[str, ...], arrow_schema: pa.Schema, dtypes: tuple[Any, ...]) -> bool:
    """pandera's structure check passes on a table of this Arrow schema with no rows, and coerces no dtype."""
    empty = arrow_schema.empty_table().to_pandas(types_mapper=AS_PANDERA.get)
    try:
        probed = schemas(name, lazy)[2].validate(empty)
    except (SchemaErrors, SchemaError):
        return False
    return tuple(probed.dtypes) == dtypes == tuple(empty.dtypes)


def distinct_values_pass(schema: Any, df: pd.DataFrame) -> bool:
    """True when every column check of ``schema`` holds on ``df``, judged on each column's distinct values.

    The column checks (isin, str_matches, str_length, ranges) are element-wise and ignore
    missing values, so a check holds on the column if and only if it holds on its distinct
    non-missing values: at 1000x the facts, 13 regions instead of 539,000 cells. A column
    declared unique, or a length check (one Arrow pass, cheaper than finding the distinct
    values), is judged on every value.
    """
    return all(task() for task in distinct_tasks(schema, df))


def distinct_tasks(schema: Any, df: pd.DataFrame) -> list[Callable[[], bool]]:
    """One task per column with checks: ``distinct_values_pass`` for that column alone."""
    return [
        functools.partial(_column_checks_pass, column, df[name])
        for name, column in schema.columns.items()
        if column.checks and name in df.columns
    ]


def _column_checks_pass(column: Any, values: pd.Series) -> bool:
    """Every check of ``column`` holds on ``values`` (see ``distinct_values_pass``)."""
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
