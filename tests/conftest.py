"""Data-layer fixtures: throw-away copies of the curated CSV and of the built tables.

``curated_copy``  a copy of ``data/curated`` in ``tmp_path`` (safe to edit).
``tmp_data``      a copy of the built ``data/*.parquet`` and ``manifest.json`` in ``tmp_path``.
``edit_curated``  a ``CuratedEditor`` on ``curated_copy``: edit one row of a curated CSV
                  with the csv module and find the physical line a record starts on
                  (in the copy, or with ``committed_line_of`` in the committed file).

Tests use these through fixtures only (no ``import conftest``); annotate with
``if TYPE_CHECKING: from conftest import CuratedEditor``.

Browser fixtures (``tests/browser_support.py``), shared by every browser test module:

``app_url``       the app served once for the whole session (``streamlit run app.py``).
``browser``       Debian's Chromium, launched once for the whole session.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import chromium, serve

from wps_data.contract.schemas import TABLES
from wps_data.paths import PROJECT_ROOT

REPO_DATA = PROJECT_ROOT / "data"
REPO_CURATED = REPO_DATA / "curated"
BUILT_FILES = (*(f"{name}.parquet" for name in TABLES), "manifest.json")  # every table the contract declares

Row = dict[str, str]


class CuratedEditor:
    """Edit curated CSV files in place the way a curator's spreadsheet would."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, table: str) -> Path:
        return self.root / f"{table}.csv"

    def read(self, table: str) -> tuple[list[str], list[list[str]]]:
        """Header and records of a table."""
        with open(self.path(table), encoding="utf-8", newline="") as fh:
            header, *records = list(csv.reader(fh))
        return header, records

    def write(self, table: str, header: list[str], records: list[list[str]]) -> None:
        """Write a table back; embedded newlines are kept, so line numbers do not move."""
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([header, *records])
        self.path(table).write_text(buf.getvalue(), encoding="utf-8", newline="")

    def dicts(self, table: str) -> list[Row]:
        header, records = self.read(table)
        return [dict(zip(header, rec, strict=True)) for rec in records]

    def line_of(self, table: str, first_field: str) -> int:
        """1-based physical line on which the record whose first field is ``first_field`` starts.

        Computed from the raw text, independently of any CSV parser's line counting.
        """
        lines = self.path(table).read_text(encoding="utf-8").split("\n")
        starts = (first_field + ",", '"' + first_field.replace('"', '""') + '",')
        hits = [i + 1 for i, text in enumerate(lines) if text.startswith(starts)]
        assert len(hits) == 1, f"{first_field!r} starts {len(hits)} lines of {table}.csv"
        return hits[0]

    def committed_line_of(self, table: str, first_field: str) -> int:
        """``line_of`` in the committed ``data/curated`` file (edits keep line structure)."""
        return CuratedEditor(REPO_CURATED).line_of(table, first_field)

    def edit_row(
        self, table: str, where: Callable[[Row], bool], change: Callable[[Row, list[Row]], None]
    ) -> tuple[Row, Row]:
        """Apply ``change`` to the last row matching ``where``; return (before, after).

        The last match is used so that multi-line cells above it make its line number
        differ from its row number.
        """
        header, _ = self.read(table)
        rows = self.dicts(table)
        matches = [i for i, r in enumerate(rows) if where(r)]
        assert matches, f"no row of {table}.csv fits the test's selection"
        i = matches[-1]
        before = dict(rows[i])
        change(rows[i], rows)
        self.write(table, header, [[r[c] for c in header] for r in rows])
        return before, rows[i]


@pytest.fixture
def curated_copy(tmp_path: Path) -> Path:
    """A writable copy of data/curated."""
    dest = tmp_path / "curated"
    shutil.copytree(REPO_CURATED, dest)
    return dest


@pytest.fixture
def edit_curated(curated_copy: Path) -> CuratedEditor:
    """An editor on ``curated_copy`` (its ``root``)."""
    return CuratedEditor(curated_copy)


@pytest.fixture
def tmp_data(tmp_path: Path) -> Path:
    """A writable copy of the committed built tables (Parquet files and manifest)."""
    dest = tmp_path / "data"
    dest.mkdir()
    for name in BUILT_FILES:
        shutil.copy2(REPO_DATA / name, dest / name)
    return dest


# --- added for test_hostile.py: a WPS_DATA_DIR layout that a test may break or rebuild ----


@pytest.fixture
def built_workspace(tmp_path: Path) -> Path:
    """A writable data folder laid out like ``data/``: built tables, manifest and ``curated/``.

    Point ``WPS_DATA_DIR`` at it to run the app (or ``wps-data build --out``) on a copy.
    """
    dest = tmp_path / "workspace"
    dest.mkdir()
    for name in BUILT_FILES:
        shutil.copy2(REPO_DATA / name, dest / name)
    shutil.copytree(REPO_CURATED, dest / "curated")
    return dest


# --- the browser tests' server and browser (one of each for the whole session) ------------------


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served once for the whole session."""
    with serve(tmp_path_factory.mktemp("streamlit") / "server.log") as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    with chromium() as b:
        yield b
