"""The facts' notes stay on disk at load and are read, from the same file, when a reader asks.

``load_dataset`` leaves the ``LAZY`` columns (the facts' ``note``) unread on bytes that match
the manifest; ``Dataset.facts_with_notes`` and ``Dataset.with_notes`` read them on first use.
What must hold: every export that had the notes still has them, each on its own fact; the
changes page still gives the reasons written in the notes; a file rebuilt after the load is
refused rather than mixed with the loaded rows; a note column the contract would refuse
sends the table through pandera, which names it.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wps_data.app import downloads
from wps_data.contract import manifest
from wps_data.contract.fastcheck import LAZY
from wps_data.contract.schemas import TABLES
from wps_data.dataset import Dataset, DataUnavailable, load_dataset
from wps_data.exports import datapack
from wps_data.exports.tables import shown_rows
from wps_data.filters import Filters
from wps_data.paths import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(DATA)


def _file_notes() -> pd.Series:
    """The notes as the built file holds them, by fact id."""
    table = pq.read_table(DATA / "facts.parquet", columns=["fact_id", "note"]).to_pandas()
    return table.set_index("fact_id")["note"]


def _copy_data(folder: Path) -> Path:
    for p in DATA.iterdir():
        if p.is_file():
            shutil.copyfile(p, folder / p.name)
    return folder


def test_the_load_leaves_the_notes_on_disk_and_reads_them_when_asked(ds: Dataset) -> None:
    assert LAZY == {"facts": ("note",)}
    assert "note" not in ds.facts.columns and "note" not in ds.view.columns
    assert ds.notes_file is not None and ds.notes_file[0].name == "facts.parquet"
    full = ds.facts_with_notes
    assert list(full.columns) == list(TABLES["facts"].to_schema().columns)  # the contract's order, note included
    pd.testing.assert_frame_equal(full.drop(columns=["note"]), ds.facts)
    notes = _file_notes()
    assert full.set_index("fact_id")["note"].equals(notes.loc[full["fact_id"]])
    assert full["note"].notna().sum() > 400  # most figures carry a note
    rows = ds.view.sample(25, random_state=3)
    got = ds.with_notes(rows)
    assert list(got.index) == list(rows.index)
    assert got.set_index("fact_id")["note"].equals(notes.loc[rows["fact_id"]])
    assert ds.with_notes(got) is got  # rows that have their notes are left as they are


@pytest.mark.parametrize("page", ["explorer", "violence", "overview"])
def test_the_page_csv_and_the_data_pack_carry_each_fact_s_note(ds: Dataset, page: str) -> None:
    notes = _file_notes().fillna("")
    csv = downloads.page_csv(ds, Filters(), "en", page)
    frame = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert "note" in frame.columns and len(frame)
    assert list(frame.columns).index("note") == list(frame.columns).index("cites") + 1  # in the contract's order
    want = [n if not n.startswith(("=", "+", "-", "@")) else "'" + n for n in notes.loc[frame["fact_id"]]]
    assert frame["note"].tolist() == want
    rows = shown_rows(page, ds, Filters())
    pack = datapack.data_pack(page, ds, Filters(), rows, permalink="http://localhost/x")
    with zipfile.ZipFile(io.BytesIO(pack)) as z:
        data = pd.read_csv(z.open("data.csv"), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert data["note"].tolist() == frame["note"].tolist()


def test_the_changes_table_gives_the_reasons_written_in_the_notes(ds: Dataset) -> None:
    from wps_data.charts.desk import change_table

    changes = change_table(ds, Filters(since="864a84998bfd"))
    revised = changes[changes["change"] == "revised"]
    assert len(revised) and revised["reason"].str.len().gt(0).all()


def test_a_file_rebuilt_after_the_load_is_refused_not_mixed_in(tmp_path: Path) -> None:
    folder = _copy_data(tmp_path)
    loaded = load_dataset(folder)
    assert "note" not in loaded.facts.columns
    table = pq.read_table(folder / "facts.parquet")
    pq.write_table(table.slice(0, table.num_rows - 1), folder / "facts.parquet")  # a rebuild with one fact less
    with pytest.raises(DataUnavailable, match="changed after it was loaded"):
        _ = loaded.facts_with_notes


def test_a_note_column_of_another_type_is_read_and_judged_in_full(tmp_path: Path) -> None:
    """Only text stays on disk: numbers in the note column are read at load and coerced as pandera always did."""
    folder = _copy_data(tmp_path)
    table = pq.read_table(folder / "facts.parquet")
    i = table.column_names.index("note")
    odd = table.set_column(i, "note", pa.array(range(table.num_rows), pa.int64()))
    pq.write_table(odd, folder / "facts.parquet")
    doc = json.loads((folder / manifest.MANIFEST).read_text(encoding="utf-8"))
    doc["tables"]["facts"]["sha256"] = manifest.file_digest(folder / "facts.parquet")  # bytes the manifest trusts
    (folder / manifest.MANIFEST).write_text(json.dumps(doc, sort_keys=True, indent=2) + "\n", encoding="utf-8")
    loaded = load_dataset(folder)
    assert loaded.notes_file is None and "note" in loaded.facts.columns
    assert loaded.facts["note"].iloc[5] == "5" and loaded.facts_with_notes is loaded.facts
