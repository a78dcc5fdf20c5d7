"""Validate the curated CSV tables and report every problem as file:line, column, value, rule.

A curator edits ``data/curated/*.csv`` in a spreadsheet. This module reads those files
as text (so nothing is guessed by a CSV parser), runs the pandera schemas lazily (all
failures, not the first), adds the checks across tables, and maps every failure back
to the line of the file the curator has open. ``Problem``, ``CURATED_FILES`` and the
rules across tables (``cross_table_problems``) live in the contract, shared with the read
side; they are re-exported here.

Layer: pipeline (3), the write side (curated CSV -> checks -> Parquet + manifest).
Imports the contract (``wps_data.contract``) and the leaves (``wps_data.paths``,
``wps_data.files``, ``wps_data.i18n``) only. The read side (``wps_data.dataset``,
filters, pagespec, analysis, viz) never imports the pipeline; the CLI runs it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from wps_data.contract.problems import CURATED_FILES, Problem
from wps_data.contract.relations import cross_table_problems
from wps_data.contract.schemas import TABLES, columns

__all__ = [
    "CURATED_FILES",
    "CuratedError",
    "Problem",
    "cross_table_problems",
    "load_curated",
    "read_curated_csv",
    "validate_curated",
    "validate_frames",
]

# Dataframe-wide checks name the column a curator should look at.
_CHECK_COLUMN = {
    "percent_within_0_100": "value",
    "quote_contains_value": "value",
    "share_matches_numerator_denominator": "numerator",
    "numerator_not_above_denominator": "numerator",
    "date_rows_have_date": "date",
    "value_is_finite": "value",
}


class CuratedError(Exception):
    """Raised when the curated tables cannot be built; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the curated data")


def read_curated_csv(path: Path) -> tuple[pd.DataFrame | None, list[int], list[Problem]]:
    """Read a curated CSV as text; return the frame, each row's line number, and problems.

    The frame is None when the file cannot be read at all (then no other check runs on it,
    so a curator sees the one problem that matters, not its consequences).

    Empty cells become missing values. Rows whose field count differs from the header
    are reported and left out, so the rest of the file is still checked.
    """
    problems: list[Problem] = []
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [], [Problem(name, 0, "-", "", f"cannot read file: {exc}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.end].hex(" ")
        return None, [], [Problem(name, line, "-", f"byte {bad}", "not UTF-8 text: save the file as UTF-8 (CSV UTF-8)")]
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = next(reader)
    except StopIteration:
        return None, [], [Problem(name, 1, "-", "", "file is empty (no header)")]
    records: list[list[str]] = []
    lines: list[int] = []
    start = reader.line_num + 1
    try:
        for rec in reader:
            if rec and len(rec) != len(header):
                problems.append(
                    Problem(
                        name, start, "-", f"{len(rec)} fields", f"row has {len(rec)} fields, header has {len(header)}"
                    )
                )
            elif rec:
                records.append(rec)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(name, start, "-", "", f"malformed CSV: {exc}"))
    df = pd.DataFrame(records, columns=header, dtype=object)
    df = df.map(lambda s: None if s.strip() == "" else s)
    return df, lines, problems


def _schema_problems(name: str, df: pd.DataFrame, lines: list[int]) -> tuple[pd.DataFrame | None, list[Problem]]:
    schema = TABLES[name].to_schema()
    fname = CURATED_FILES[name]
    expected = columns(name)
    header = list(df.columns)
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        rule = "header must be: " + ",".join(expected)
        if missing:
            rule += f" (missing: {', '.join(missing)})"
        if extra:
            rule += f" (unexpected: {', '.join(extra)})"
        return None, [Problem(fname, 1, "-", ",".join(header), rule)]
    df = df.reset_index(drop=True)
    # Cells that are not numbers are reported here, once each, and their rows are left
    # out of the row checks, so one typo does not flood the report with consequences.
    pre: list[Problem] = []
    bad_rows: set[int] = set()
    for col, column in schema.columns.items():
        if str(column.dtype) not in ("float64", "Int64", "int64"):
            continue
        for i, cell in df[col].items():
            if cell is None or _isna(cell):
                continue
            try:
                num = float(str(cell).strip())
                if str(column.dtype) in ("Int64", "int64") and not num.is_integer():
                    raise ValueError
            except ValueError:
                kind = "a whole number" if str(column.dtype) in ("Int64", "int64") else "a number"
                pre.append(Problem(fname, lines[int(i)], col, str(cell), f"coerce_dtype: must be {kind}"))
                bad_rows.add(int(i))
    if bad_rows:
        keep = [i for i in range(len(df)) if i not in bad_rows]
        df = df.iloc[keep].reset_index(drop=True)
        lines = [lines[i] for i in keep]
    try:
        out = schema.validate(df, lazy=True)
        return (out, []) if not pre else (None, pre)
    except SchemaErrors as err:
        out: list[Problem] = []
        fc = err.failure_cases
        # A check with an error message reports that message as its name: map it back.
        by_error = {c.error: c.name for c in schema.checks if c.error}
        for rec in fc.to_dict("records"):
            idx = rec.get("index")
            line = lines[int(idx)] if idx is not None and not pd.isna(idx) and int(idx) < len(lines) else 0
            check = by_error.get(str(rec.get("check")), str(rec.get("check")))
            col = rec.get("column")
            if check in _CHECK_COLUMN:
                col = _CHECK_COLUMN[check]
            elif col is None or (isinstance(col, float) and pd.isna(col)) or col == schema.name:
                col = "-"
            val = rec.get("failure_case")
            if line and col in df.columns and idx is not None and not pd.isna(idx):
                val = df.at[int(idx), col]
            out.append(
                Problem(fname, line, str(col), "" if val is None or _isna(val) else str(val), _rule_text(schema, check))
            )
        return None, sorted(set(out + pre))


def _isna(val: object) -> bool:
    try:
        return bool(pd.isna(val))
    except (TypeError, ValueError):
        return False


def _rule_text(schema: pa.DataFrameSchema, check: str) -> str:
    for c in schema.checks:
        if c.name == check and c.error:
            return f"{check}: {c.error}"
    return check


def validate_frames(
    frames: dict[str, pd.DataFrame], lines: dict[str, list[int]]
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Validate each table and the links between them; return typed frames and problems."""
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        if frames[name] is None:  # unreadable or missing: already reported
            continue
        out, probs = _schema_problems(name, frames[name], lines[name])
        problems += probs
        if out is not None:
            typed[name] = out
    problems += cross_table_problems(typed, lines)
    return typed, problems


def load_curated(curated_dir: Path) -> tuple[dict[str, pd.DataFrame | None], dict[str, list[int]], list[Problem]]:
    """Read every curated CSV; return raw frames, line numbers and read problems."""
    frames: dict[str, pd.DataFrame | None] = {}
    lines: dict[str, list[int]] = {}
    problems: list[Problem] = []
    for name, fname in CURATED_FILES.items():
        path = curated_dir / fname
        if not path.exists():
            problems.append(Problem(fname, 0, "-", "", f"missing file: {path}"))
            frames[name], lines[name] = None, []
            continue
        df, ln, probs = read_curated_csv(path)
        frames[name], lines[name] = df, ln
        problems += probs
    return frames, lines, problems


def validate_curated(curated_dir: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read and validate the curated folder. No problems means the tables can be built."""
    frames, lines, problems = load_curated(curated_dir)
    typed, more = validate_frames(frames, lines)
    return typed, sorted(set(problems + more), key=lambda p: (p.file, p.line, p.column, p.rule))
