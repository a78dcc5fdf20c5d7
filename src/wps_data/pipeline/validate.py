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
import io
import math
import os
import re
import stat
import unicodedata
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from wps_data.contract.problems import CURATED_FILES, Problem
from wps_data.contract.regions import nfc
from wps_data.contract.relations import cross_table_problems
from wps_data.contract.schemas import TABLES, columns

__all__ = [
    "CURATED_FILES",
    "MAX_CELL_CHARS",
    "CuratedError",
    "NotARegularFile",
    "Problem",
    "cross_table_problems",
    "load_curated",
    "read_curated_csv",
    "read_regular_file",
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

# The longest cell a curated file may hold: a spreadsheet cell's limit (Excel: 32,767
# characters), so every cell can be opened and saved by a curator without being cut.
MAX_CELL_CHARS = 32_767
# Characters that have no place in a cell: C0 controls but tab, LF and CR (NUL included),
# DEL and the C1 controls (NEL, U+0085, among them), the line and paragraph separators
# U+2028/U+2029, and the non-characters U+FFFE/U+FFFF. Python's ``str.splitlines`` breaks
# lines at several of them, and XML (so the SVG export) forbids the C0 ones.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_DIGITS = re.compile("[0-9]+")  # ASCII digits only: float() and int() also read "２０２３" and " 2023"
_C0_NAMES = {"\x00": "NUL", "\x0b": "vertical tab", "\x0c": "form feed", "\x1b": "escape", "\x85": "next line (NEL)"}


class CuratedError(Exception):
    """Raised when the curated tables cannot be built; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the curated data")


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path``; raises OSError (``NotARegularFile``) unless it is a regular file.

    The file is opened without blocking and checked with ``fstat`` on the open descriptor,
    so a named pipe (FIFO), a device or a directory is refused before a single byte is read
    (reading a FIFO with no writer would hang), and a file swapped after a check cannot slip in.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    if path.is_dir():  # opening a directory fails differently on each platform: say what it is
        raise NotARegularFile(f"not a regular file: {path} is a directory")
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(f"not a regular file: {path} is {_kind(mode)}")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)


class NotARegularFile(OSError):
    """A curated or source path that is a FIFO, a device, a socket or a directory."""


def _kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "a special file"


def _cell_problems(name: str, line: int, header: list[str], rec: list[str]) -> list[Problem]:
    """``cell_too_long`` and ``control_character`` problems of one record (which stays in the checks)."""
    out: list[Problem] = []
    for col, cell in zip(header, rec, strict=True):
        if len(cell) > MAX_CELL_CHARS:
            out.append(
                Problem(
                    name,
                    line,
                    col,
                    f"{len(cell)} characters: {cell[:40]}...",
                    f"cell_too_long: a cell holds at most {MAX_CELL_CHARS} characters (a spreadsheet cell's limit)",
                )
            )
        bad = _CONTROL.search(cell)
        if bad:
            char = bad.group()
            what = unicodedata.name(char, "").lower() or _C0_NAMES.get(char, "control character")
            at = bad.start()
            shown = cell[max(0, at - 30) : at + 30]
            extra = f" (and {n - 1} more)" if (n := len(_CONTROL.findall(cell))) > 1 else ""
            out.append(
                Problem(
                    name,
                    line,
                    col,
                    shown,
                    f"control_character: U+{ord(char):04X} {what} at character {at + 1} of the cell{extra}; "
                    "remove it (an invisible character that some tools read as a line break; XML/SVG forbid it)",
                )
            )
    return out


def read_curated_csv(path: Path) -> tuple[pd.DataFrame | None, list[int], list[Problem]]:
    """Read a curated CSV as text; return the frame, each row's line number, and problems.

    The frame is None when the file cannot be read at all (then no other check runs on it,
    so a curator sees the one problem that matters, not its consequences). A path that is
    not a regular file (a FIFO, a device, a directory) is refused before it is read.

    Empty cells become missing values. Rows whose field count differs from the header
    are reported and left out, so the rest of the file is still checked.

    Lines are what a text editor shows: they end at LF, CRLF or a lone CR (the CSV
    module's ``newline=''`` reading), never at a form feed, NEL (U+0085) or U+2028/U+2029,
    which ``str.splitlines`` would split on. Those characters, and the C0 controls other
    than tab, LF and CR, are reported as ``control_character`` with their line and column.
    A cell may hold up to ``MAX_CELL_CHARS`` characters; a longer one is ``cell_too_long``
    and the rest of the file is still read (the CSV module's own 128 KiB limit is lifted).
    """
    problems: list[Problem] = []
    name = path.name
    try:
        raw = read_regular_file(path)
    except OSError as exc:
        reason = str(exc) if isinstance(exc, NotARegularFile) else f"cannot read file: {exc}"
        return None, [], [Problem(name, 0, "-", "", reason)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.end].hex(" ")
        return None, [], [Problem(name, line, "-", f"byte {bad}", "not UTF-8 text: save the file as UTF-8 (CSV UTF-8)")]
    records: list[list[str]] = []
    lines: list[int] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, min(len(text) + 1, 2**31 - 1)))  # a long cell is reported, not fatal
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except StopIteration:
            return None, [], [Problem(name, 1, "-", "", "file is empty (no header)")]
        except csv.Error as exc:
            return None, [], [Problem(name, 1, "-", "", f"malformed CSV header: {exc}")]
        problems += [p for p in _cell_problems(name, 1, header, header) if p.rule.startswith("control_character")]
        start = reader.line_num + 1
        while True:
            try:
                rec = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # the reader starts afresh on the next line: keep going
                problems.append(Problem(name, start, "-", "", f"malformed CSV: {exc}"))
                start = reader.line_num + 1
                continue
            if rec and len(rec) != len(header):
                problems.append(
                    Problem(
                        name, start, "-", f"{len(rec)} fields", f"row has {len(rec)} fields, header has {len(header)}"
                    )
                )
            elif rec:
                problems += _cell_problems(name, start, header, rec)
                records.append(rec)
                lines.append(start)
            start = reader.line_num + 1
    finally:
        csv.field_size_limit(limit)
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
    if "region" in df.columns:  # "Se\u0301gou" (decomposed accent) is Ségou: compare in NFC
        df["region"] = df["region"].map(lambda v: nfc(v) if isinstance(v, str) else v)
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
            rule = _number_rule(col, str(column.dtype), str(cell))
            if rule:
                pre.append(Problem(fname, lines[int(i)], col, str(cell), rule))
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


def _number_rule(col: str, dtype: str, cell: str) -> str | None:
    """The rule a numeric cell breaks, or None.

    A whole-number column (the year) takes ASCII digits only, so " 2023" (a stray space),
    "2023.0", "2 023", "+2023" and "２０２３" are refused as ``year_format`` rather than
    silently read (float() and int() accept all of them); "2023.5" is not a whole number.
    """
    whole = dtype in ("Int64", "int64")
    if whole and _DIGITS.fullmatch(cell):
        return None
    try:
        num = float(cell.strip())
    except ValueError:
        num = None
    if not whole:
        return None if num is not None else "coerce_dtype: must be a number"
    if num is not None and math.isfinite(num) and not num.is_integer():
        return "coerce_dtype: must be a whole number"
    what = "a year" if col == "year" else "a whole number"
    return f"{col}_format: {what} is written as digits only (e.g. 2023): no spaces, signs, decimal point or separators"


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
