"""Hostile curated CSV files and folders: validate and verify-quotes name file, line, column, rule.

Each case edits a throw-away copy of ``data/curated`` (or hands the CLI a hostile folder)
and asserts: the exit code, a one-line message naming the file, the physical line, the
column and the rule (never a traceback, a hang or a shifted line number), that a row
further down the same file is still checked at its own line, and that a failed ``build``
leaves the built tables untouched with no ``*.tmp`` behind.

``CASES`` lists (class, case name) for every hostile case, so the battery can be counted
by class. Layer: tests (exercise the pipeline and the cli).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import signal
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from wps_data import paths
from wps_data.cli.main import main as cli_main
from wps_data.contract import regions
from wps_data.pipeline import verify
from wps_data.pipeline.validate import MAX_CELL_CHARS

Rows = list[list[str]]
TIMEOUT = 20  # seconds: a case that blocks (a FIFO read) fails instead of hanging the suite


# --- helpers -------------------------------------------------------------------------------


def read_rows(path: Path) -> Rows:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: Rows, *, terminator: str = "\n") -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=terminator).writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def line_of(path: Path, first_field: str) -> int:
    """Physical line (counted on LF only) on which the record whose first field is given starts."""
    lines = path.read_bytes().decode("utf-8").split("\n")
    hits = [i + 1 for i, text in enumerate(lines) if text.startswith((first_field + ",", f'"{first_field}",'))]
    assert len(hits) == 1, (first_field, hits)
    return hits[0]


def set_cells(path: Path, edits: dict[int, dict[str, str]], *, terminator: str = "\n") -> dict[int, str]:
    """Set cells by record index ({index: {column: value}}); return {index: first field}."""
    header, *records = read_rows(path)
    for index, cells in edits.items():
        for column, value in cells.items():
            records[index][header.index(column)] = value
    write_rows(path, [header, *records], terminator=terminator)
    return {index: records[index][0] for index in edits}


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@contextmanager
def deadline(seconds: int = TIMEOUT) -> Iterator[None]:
    """Fail (rather than hang) when the body blocks, e.g. on a FIFO with no writer."""

    def boom(signum: int, frame: object) -> None:
        raise TimeoutError(f"blocked for more than {seconds} s")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class Ctx:
    curated: Path
    data: Path
    tmp: Path
    capsys: pytest.CaptureFixture[str]

    def cli(self, *args: str) -> tuple[int, str, str]:
        """Run ``wps-data ARGS`` in-process; return (exit code, stdout, stderr)."""
        self.capsys.readouterr()
        with deadline():
            code = cli_main(list(args))
        out = self.capsys.readouterr()
        return code, out.out, out.err


def _later_fk(curated: Path, index: int = -3) -> str:
    """Break the theme of a fact far below the hostile cell; return the regex of its problem.

    Proves the rest of the file is read and that lines below the hostile cell are not shifted.
    """
    path = curated / "facts.csv"
    fid = set_cells(path, {index: {"theme": "no-such-theme"}})[index]
    return rf"^facts\.csv:{line_of(path, fid)}: column 'theme': value 'no-such-theme': isin"


# --- the cases: mutate the curated copy, return the regexes validate must print -------------

Mutation = Callable[[Path], tuple[str, ...]]


def _separator_in_cell(char: str, code: str, column: str = "note") -> Mutation:
    def mutate(c: Path) -> tuple[str, ...]:
        path = c / "facts.csv"
        header, *records = read_rows(path)
        cell = records[4][header.index(column)] or "first part second part"
        at = cell.index(" ") if " " in cell else len(cell) // 2
        fid = set_cells(path, {4: {column: cell[:at] + char + cell[at:]}})[4]
        line = line_of(path, fid)
        return (
            rf"^facts\.csv:{line}: column '{column}': value .*: control_character: U\+{code} ",
            _later_fk(c),
        )

    return mutate


def _separators_with_crlf(c: Path) -> tuple[str, ...]:
    path = c / "facts.csv"
    fid = set_cells(path, {6: {"note": "a\u2028b\u2029c\x85d\x0ce"}}, terminator="\r\n")[6]
    line = line_of(path, fid)
    assert b"\r\n" in path.read_bytes()
    fk = _later_fk(c)  # rewrites with LF endings: same line structure
    return (rf"^facts\.csv:{line}: column 'note': .*control_character: U\+2028 .*\(and 3 more\)", fk)


def _nul_in_text(c: Path) -> tuple[str, ...]:
    return _separator_in_cell("\x00", "0000", "period")(c)


def _escape_in_sources_title(c: Path) -> tuple[str, ...]:
    path = c / "sources.csv"
    sid = set_cells(path, {-2: {"title": "Report \x1b[31mred\x1b[0m"}})[-2]
    return (rf"^sources\.csv:{line_of(path, sid)}: column 'title': .*control_character: U\+001B ",)


def _long_cell(chars: int) -> Mutation:
    def mutate(c: Path) -> tuple[str, ...]:
        path = c / "facts.csv"
        later = _later_fk(c)  # first: the test's own reader keeps the csv module's 128 KiB limit
        fid = set_cells(path, {5: {"note": "x" * chars}})[5]
        line = line_of(path, fid)
        return (rf"^facts\.csv:{line}: column 'note': value '{chars} characters: x+\.\.\.': cell_too_long: ", later)

    return mutate


def _fifo(c: Path) -> tuple[str, ...]:
    (c / "facts.csv").unlink()
    os.mkfifo(c / "facts.csv")  # no writer: opening or reading it for real would block forever
    return (r"^facts\.csv: column '-': .*not a regular file: .*facts\.csv is a named pipe \(FIFO\)",)


def _directory(c: Path) -> tuple[str, ...]:
    (c / "bodies.csv").unlink()
    (c / "bodies.csv").mkdir()
    return (r"^bodies\.csv: column '-': .*not a regular file: .*bodies\.csv is a directory",)


def _device(c: Path) -> tuple[str, ...]:
    (c / "sources.csv").unlink()
    (c / "sources.csv").symlink_to("/dev/zero")  # endless: read_bytes() would never return
    return (r"^sources\.csv: column '-': .*not a regular file: .*sources\.csv is a character device",)


def _year(text: str) -> Mutation:
    def mutate(c: Path) -> tuple[str, ...]:
        path = c / "facts.csv"
        header, *records = read_rows(path)
        index = max(i for i, r in enumerate(records) if r[header.index("year")])
        fid = set_cells(path, {index: {"year": text}})[index]
        shown = re.escape(repr(text))
        return (rf"^facts\.csv:{line_of(path, fid)}: column 'year': value {shown}: year_format: a year is written",)

    return mutate


def _region_nfd(c: Path) -> tuple[str, ...]:
    path = c / "facts.csv"
    header, *records = read_rows(path)
    col = header.index("region")
    for r in records:
        if r[col] in ("Ségou", "Ménaka", "Taoudénit"):
            r[col] = unicodedata.normalize("NFD", r[col])
    write_rows(path, [header, *records])
    assert "e\u0301".encode() in path.read_bytes()
    return (r"^curated data is valid$",)


@dataclass(frozen=True)
class CsvCase:
    kind: str
    name: str
    mutate: Mutation
    accepted: bool = False


CSV_CASES = [
    CsvCase("csv-line", "form-feed-in-cell", _separator_in_cell("\x0c", "000C")),
    CsvCase("csv-line", "nel-in-cell", _separator_in_cell("\x85", "0085")),
    CsvCase("csv-line", "line-separator-in-cell", _separator_in_cell("\u2028", "2028", "quote")),
    CsvCase("csv-line", "paragraph-separator-in-cell", _separator_in_cell("\u2029", "2029", "subject")),
    CsvCase("csv-line", "vertical-tab-in-cell", _separator_in_cell("\x0b", "000B", "locator")),
    CsvCase("csv-line", "separators-with-crlf-endings", _separators_with_crlf),
    CsvCase("csv-control", "nul-in-text-cell", _nul_in_text),
    CsvCase("csv-control", "ansi-escape-in-title", _escape_in_sources_title),
    CsvCase("csv-size", "cell-over-128kib", _long_cell(200_000)),
    CsvCase("csv-size", "cell-over-documented-limit", _long_cell(MAX_CELL_CHARS + 1)),
    CsvCase("csv-file-kind", "fifo-as-curated-file", _fifo),
    CsvCase("csv-file-kind", "directory-as-curated-file", _directory),
    CsvCase("csv-file-kind", "device-as-curated-file", _device),
    CsvCase("csv-year", "year-leading-space", _year(" 2023")),
    CsvCase("csv-year", "year-trailing-space", _year("2023 ")),
    CsvCase("csv-year", "year-decimal-zero", _year("2023.0")),
    CsvCase("csv-year", "year-digit-group-space", _year("2 023")),
    CsvCase("csv-year", "year-non-breaking-space", _year("2\u00a0023")),
    CsvCase("csv-year", "year-fullwidth-digits", _year("２０２３")),
    CsvCase("csv-year", "year-plus-sign", _year("+2023")),
    CsvCase("csv-region", "region-nfd-accepted-as-nfc", _region_nfd, accepted=True),
]


@pytest.fixture
def ctx(curated_copy: Path, tmp_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Ctx:
    return Ctx(curated_copy, tmp_data, tmp_path, capsys)


@pytest.mark.parametrize("case", CSV_CASES, ids=[c.name for c in CSV_CASES])
def test_hostile_csv(case: CsvCase, ctx: Ctx) -> None:
    patterns = case.mutate(ctx.curated)
    code, out, err = ctx.cli("validate", "--curated", str(ctx.curated))
    assert "Traceback" not in out + err
    assert code == (0 if case.accepted else 1), out + err
    for pat in patterns:
        assert re.search(pat, out, re.M), f"validate output lacks {pat!r}:\n{out[:3000]}"
    assert all(re.match(r"^\S+\.csv(:\d+)?: column '", ln) for ln in out.splitlines()[:-1]), out[:3000]
    before = digests(ctx.data)
    code, out, err = ctx.cli("build", "--curated", str(ctx.curated), "--out", str(ctx.data))
    assert "Traceback" not in out + err
    assert sorted(p.name for p in ctx.data.rglob("*.tmp")) == []
    if case.accepted:
        assert code == 0, out + err
    else:
        assert code == 1, out + err
        assert digests(ctx.data) == before


def test_nfd_region_is_built_in_nfc(ctx: Ctx) -> None:
    _region_nfd(ctx.curated)
    assert ctx.cli("build", "--curated", str(ctx.curated), "--out", str(ctx.data))[0] == 0
    built = pd.read_parquet(ctx.data / "facts.parquet")["region"]
    assert "Ségou" in set(built)
    assert all(unicodedata.is_normalized("NFC", r) for r in built)


@pytest.mark.parametrize("name", ["Se\u0301gou", "Me\u0301naka", " Taoude\u0301nit "])
def test_region_canonical_normalises_nfd(name: str) -> None:
    assert regions.canonical(name) == unicodedata.normalize("NFC", name.strip())


# --- verify-quotes and validate with a hostile folder ----------------------------------------


def _one_message(ctx: Ctx, args: tuple[str, ...], says: str, folder: Path) -> None:
    code, out, err = ctx.cli(*args)
    assert code == 2, out + err
    assert "Traceback" not in out + err
    assert out == ""
    assert err.count("\n") == 1, err  # one message, not one failure per quote
    assert says in err and str(folder) in err, err


def _sources_missing(ctx: Ctx) -> None:
    folder = ctx.tmp / "no-such-sources"
    _one_message(ctx, ("verify-quotes", "--curated", str(ctx.curated), "--sources", str(folder)), "not found", folder)


def _sources_is_a_file(ctx: Ctx) -> None:
    folder = ctx.tmp / "sources.txt"
    folder.write_text("not a folder", encoding="utf-8")
    _one_message(
        ctx, ("verify-quotes", "--curated", str(ctx.curated), "--sources", str(folder)), "not a folder", folder
    )


def _sources_unreadable(ctx: Ctx) -> None:
    folder = ctx.tmp / "locked"
    folder.mkdir()
    folder.chmod(0)
    args = ("verify-quotes", "--curated", str(ctx.curated), "--sources", str(folder))
    try:
        with pytest.MonkeyPatch.context() as mp:
            if os.geteuid() == 0:  # root lists any folder: refuse the listing as the kernel would
                denied = PermissionError(13, "Permission denied")
                mp.setattr(verify.os, "scandir", lambda path: (_ for _ in ()).throw(denied))
            _one_message(ctx, args, "cannot be read", folder)
    finally:
        folder.chmod(0o700)


def _curated_missing(ctx: Ctx) -> None:
    folder = ctx.tmp / "no-such-curated"
    _one_message(ctx, ("validate", "--curated", str(folder)), "curated folder not found", folder)


def _point_source_at(ctx: Ctx, text_file: str) -> tuple[str, Path]:
    """Point the first source's text at ``text_file`` in an empty sources folder; return (source_id, folder)."""
    path = ctx.curated / "sources.csv"
    sid = set_cells(path, {0: {"text_file": text_file}})[0]
    folder = ctx.tmp / "sources"
    folder.mkdir(exist_ok=True)
    return sid, folder


def _source_text_is_fifo(ctx: Ctx) -> None:
    sid, folder = _point_source_at(ctx, "pipe.txt")
    os.mkfifo(folder / "pipe.txt")
    code, out, err = ctx.cli("verify-quotes", "--curated", str(ctx.curated), "--sources", str(folder))
    assert code == 1 and "Traceback" not in out + err
    assert re.search(rf"^\S+ \({re.escape(sid)}\): cannot read source text 'pipe\.txt': .*named pipe", out, re.M), out


def _source_text_outside(ctx: Ctx) -> None:
    sid, folder = _point_source_at(ctx, "../../../../../../etc/hostname")
    code, out, err = ctx.cli("verify-quotes", "--curated", str(ctx.curated), "--sources", str(folder))
    assert code == 1 and "Traceback" not in out + err
    assert re.search(rf"^\S+ \({re.escape(sid)}\): .*outside the sources folder", out, re.M), out


def _source_text_not_utf8(ctx: Ctx) -> None:
    sid, folder = _point_source_at(ctx, "latin1.txt")
    (folder / "latin1.txt").write_bytes("Ségou".encode("latin-1"))
    code, out, err = ctx.cli("verify-quotes", "--curated", str(ctx.curated), "--sources", str(folder))
    assert code == 1 and "Traceback" not in out + err
    assert re.search(rf"^\S+ \({re.escape(sid)}\): cannot read source text 'latin1\.txt': .*utf-8", out, re.M), out


FOLDER_CASES: dict[str, Callable[[Ctx], None]] = {
    "verify-sources-folder-missing": _sources_missing,
    "verify-sources-folder-is-a-file": _sources_is_a_file,
    "verify-sources-folder-unreadable": _sources_unreadable,
    "validate-curated-folder-missing": _curated_missing,
    "verify-source-text-is-fifo": _source_text_is_fifo,
    "verify-source-text-outside-folder": _source_text_outside,
    "verify-source-text-not-utf8": _source_text_not_utf8,
}


@pytest.mark.parametrize("name", list(FOLDER_CASES))
def test_hostile_folder(name: str, ctx: Ctx) -> None:
    FOLDER_CASES[name](ctx)


def test_committed_sources_still_verify(ctx: Ctx) -> None:
    code, out, err = ctx.cli("verify-quotes", "--curated", str(ctx.curated), "--sources", str(paths.sources_dir()))
    assert code == 0, out + err


CASES: list[tuple[str, str]] = [(c.kind, c.name) for c in CSV_CASES] + [("cli-folder", name) for name in FOLDER_CASES]


def test_cases_are_counted() -> None:
    assert len(CASES) == len(set(CASES)) == 28
