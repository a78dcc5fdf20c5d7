"""Build, quote verification, CLI and loading: the guarantees the data layer makes.

The committed Parquet is what ``data/curated`` builds to, byte for byte; a build is
deterministic; a build that fails (bad data or a failed write) leaves the previous
files as they were and no temporary files; every quote is in its source text; the CLI
exits 0/1/2; ``load_dataset`` turns every broken table into DataUnavailable; and every
region in the facts can be drawn on the boundary map.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wps_data import paths
from wps_data.cli.main import main
from wps_data.contract import regions
from wps_data.contract.schemas import TABLES
from wps_data.dataset import FIX_COMMAND, DataUnavailable, load_dataset
from wps_data.pipeline import build as build_module
from wps_data.pipeline.build import build
from wps_data.pipeline.validate import CuratedError, validate_curated
from wps_data.pipeline.verify import verify_quotes

if TYPE_CHECKING:
    from conftest import CuratedEditor

REPO_DATA = paths.PROJECT_ROOT / "data"
REPO_CURATED = REPO_DATA / "curated"
BUILT_FILES = (*(f"{name}.parquet" for name in TABLES), "manifest.json")
Row = dict[str, str]
EXT_ROWS = 285
SHARED_GEO = paths.PROJECT_ROOT.parent / "shared" / "geo" / "mali-adm1-geoboundaries.geojson"


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file in a folder, hidden ones included."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def break_a_percent(ed: CuratedEditor) -> int:
    """Make one percent fact 150 (invalid); return its line."""
    before, _ = ed.edit_row(
        "facts",
        lambda r: r["unit"] == "percent" and r["numerator"] == "",
        lambda r, _rows: r.update(value="150", quote="150 percent of the members"),
    )
    return ed.committed_line_of("facts", before["fact_id"])


def reword_a_note(ed: CuratedEditor) -> None:
    """A valid edit that changes facts.parquet (and the manifest)."""

    def change(row: Row, _rows: list[Row]) -> None:
        row["note"] = (row["note"] + " Checked again.").strip()

    ed.edit_row("facts", lambda r: True, change)


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the committed curated data, shared by the read-only tests."""
    out = tmp_path_factory.mktemp("fresh")
    build(REPO_CURATED, out)
    return out


# --- build -------------------------------------------------------------------------------


@pytest.mark.parametrize("table", sorted(TABLES))
def test_committed_parquet_equals_a_fresh_build(table: str, fresh_build: Path) -> None:
    name = f"{table}.parquet"
    pd.testing.assert_frame_equal(pd.read_parquet(fresh_build / name), pd.read_parquet(REPO_DATA / name))
    assert (fresh_build / name).read_bytes() == (REPO_DATA / name).read_bytes()


def test_committed_manifest_equals_a_fresh_build(fresh_build: Path) -> None:
    fresh = (fresh_build / "manifest.json").read_bytes()
    assert fresh == (REPO_DATA / "manifest.json").read_bytes()
    manifest = json.loads((fresh_build / "manifest.json").read_text())
    for table, entry in manifest["tables"].items():
        data = (fresh_build / f"{table}.parquet").read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["rows"] == pq.read_metadata(fresh_build / f"{table}.parquet").num_rows


def test_build_writes_exactly_the_tables_and_manifest(fresh_build: Path) -> None:
    assert sorted(p.name for p in fresh_build.iterdir()) == sorted(BUILT_FILES)
    assert all((fresh_build / n).stat().st_mode & 0o777 == 0o644 for n in BUILT_FILES)


def test_two_builds_are_byte_identical(tmp_path: Path, fresh_build: Path) -> None:
    again = tmp_path / "again"
    build(REPO_CURATED, again)
    assert digests(again) == digests(fresh_build)


def test_failing_build_leaves_previous_files_untouched(tmp_path: Path, edit_curated: CuratedEditor) -> None:
    out = tmp_path / "out"
    build(edit_curated.root, out)
    before = digests(out)
    line = break_a_percent(edit_curated)
    with pytest.raises(CuratedError) as err:
        build(edit_curated.root, out)
    assert any(
        p.file == "facts.csv" and p.line == line and p.rule.startswith("percent_within_0_100")
        for p in err.value.problems
    )
    assert digests(out) == before
    assert leftovers(out) == []


def test_failing_build_creates_no_output_folder(tmp_path: Path, edit_curated: CuratedEditor) -> None:
    break_a_percent(edit_curated)
    with pytest.raises(CuratedError):
        build(edit_curated.root, tmp_path / "never")
    assert not (tmp_path / "never").exists()


def _fail_on_call(n: int, real):
    calls = {"n": 0}

    def fake(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == n:
            raise OSError(28, "No space left on device (simulated)")
        return real(*args, **kwargs)

    return fake


def _old_build_and_valid_edit(tmp_path: Path, ed: CuratedEditor) -> tuple[Path, dict[str, str]]:
    """Build the curated copy, then change it validly so the next build would differ."""
    out = tmp_path / "out"
    build(ed.root, out)
    reword_a_note(ed)
    return out, digests(out)


def test_build_that_changes_facts_really_changes_them(tmp_path: Path, edit_curated: CuratedEditor) -> None:
    """Guard for the write-failure tests below: their edit does change the output."""
    out, before = _old_build_and_valid_edit(tmp_path, edit_curated)
    build(edit_curated.root, out)
    after = digests(out)
    assert after["facts.parquet"] != before["facts.parquet"]
    assert after["manifest.json"] != before["manifest.json"]


def test_write_failure_while_writing_temp_files_leaves_old_files(
    tmp_path: Path, edit_curated: CuratedEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = _old_build_and_valid_edit(tmp_path, edit_curated)
    monkeypatch.setattr(os, "fsync", _fail_on_call(3, os.fsync))
    with pytest.raises(OSError, match="simulated"):
        build(edit_curated.root, out)
    assert digests(out) == before
    assert leftovers(out) == []


def test_parquet_serialisation_failure_leaves_old_files(
    tmp_path: Path, edit_curated: CuratedEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = _old_build_and_valid_edit(tmp_path, edit_curated)
    monkeypatch.setattr(build_module, "write_parquet_bytes", _fail_on_call(2, build_module.write_parquet_bytes))
    with pytest.raises(OSError, match="simulated"):
        build(edit_curated.root, out)
    assert digests(out) == before
    assert leftovers(out) == []


def test_first_replace_failing_leaves_old_files(
    tmp_path: Path, edit_curated: CuratedEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = _old_build_and_valid_edit(tmp_path, edit_curated)
    monkeypatch.setattr(os, "replace", _fail_on_call(1, os.replace))
    with pytest.raises(OSError, match="simulated"):
        build(edit_curated.root, out)
    assert digests(out) == before
    assert leftovers(out) == []


def test_second_replace_failing_leaves_no_temp_files(
    tmp_path: Path, edit_curated: CuratedEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, _ = _old_build_and_valid_edit(tmp_path, edit_curated)
    monkeypatch.setattr(os, "replace", _fail_on_call(2, os.replace))
    with pytest.raises(OSError, match="simulated"):
        build(edit_curated.root, out)
    assert leftovers(out) == []
    assert sorted(p.name for p in out.iterdir()) == sorted(BUILT_FILES)


def test_second_replace_failing_leaves_old_files(
    tmp_path: Path, edit_curated: CuratedEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = _old_build_and_valid_edit(tmp_path, edit_curated)
    monkeypatch.setattr(os, "replace", _fail_on_call(2, os.replace))
    with pytest.raises(OSError, match="simulated"):
        build(edit_curated.root, out)
    assert digests(out) == before


# --- quotes ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def committed_tables() -> dict[str, pd.DataFrame]:
    typed, problems = validate_curated(REPO_CURATED)
    assert problems == []
    return typed


def test_every_quote_is_in_its_source(committed_tables: dict[str, pd.DataFrame]) -> None:
    facts, sources = committed_tables["facts"], committed_tables["sources"]
    checked, failures = verify_quotes(facts, sources, paths.sources_dir(), paths.excerpts_dir())
    assert [str(f) for f in failures] == []
    assert checked == len(facts)
    assert facts["fact_id"].str.startswith("ext-").sum() == EXT_ROWS


def test_external_quotes_are_checked_against_their_excerpts(committed_tables: dict[str, pd.DataFrame]) -> None:
    facts = committed_tables["facts"].copy()
    ext = facts.index[facts["fact_id"].str.startswith("ext-")]
    facts.loc[ext, "quote"] = "Tampered: " + facts.loc[ext, "quote"]
    checked, failures = verify_quotes(facts, committed_tables["sources"], paths.sources_dir(), paths.excerpts_dir())
    assert checked == len(facts)
    assert sorted(f.fact_id for f in failures) == sorted(facts.loc[ext, "fact_id"])


def test_unreadable_source_text_is_a_failure(tmp_path: Path, committed_tables: dict[str, pd.DataFrame]) -> None:
    facts = committed_tables["facts"].head(3)
    checked, failures = verify_quotes(facts, committed_tables["sources"], tmp_path)
    assert checked == 3
    assert [f.fact_id for f in failures] == list(facts["fact_id"])
    assert all("cannot read source text" in f.reason for f in failures)


# --- CLI ---------------------------------------------------------------------------------


def test_cli_validate_good_data(curated_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--curated", str(curated_copy)]) == 0
    assert "curated data is valid" in capsys.readouterr().out


def test_cli_validate_bad_data(edit_curated: CuratedEditor, capsys: pytest.CaptureFixture[str]) -> None:
    line = break_a_percent(edit_curated)
    assert main(["validate", "--curated", str(edit_curated.root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(text.startswith(f"facts.csv:{line}: column 'value'") for text in out), out
    assert out[-1] == "1 problem(s)"


def test_cli_build_good_data(tmp_path: Path, curated_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", "--curated", str(curated_copy), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([*BUILT_FILES, "releases"])  # and the release log
    printed = capsys.readouterr().out
    assert printed.count("wrote ") == len(BUILT_FILES) and "recorded release" in printed


def test_cli_build_bad_data(tmp_path: Path, edit_curated: CuratedEditor, capsys: pytest.CaptureFixture[str]) -> None:
    line = break_a_percent(edit_curated)
    out = tmp_path / "out"
    assert main(["build", "--curated", str(edit_curated.root), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"facts.csv:{line}:" in err
    assert "previous Parquet files left untouched" in err
    assert not out.exists()


def test_cli_build_write_failure(
    tmp_path: Path, edit_curated: CuratedEditor, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out, before = _old_build_and_valid_edit(tmp_path, edit_curated)
    monkeypatch.setattr(os, "fsync", _fail_on_call(1, os.fsync))
    assert main(["build", "--curated", str(edit_curated.root), "--out", str(out)]) == 1
    assert "build failed while writing" in capsys.readouterr().err
    assert digests(out) == before


def test_cli_verify_quotes_good(curated_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["verify-quotes", "--curated", str(curated_copy), "--sources", str(paths.sources_dir())])
    assert code == 0
    typed = validate_curated(curated_copy)[0]
    n = sum(len(typed[name]) for name in ("facts", "provisions", "statements", "events"))  # the desk's texts too
    assert capsys.readouterr().out.strip().endswith(f"{n} of {n} quotes found in their sources")


def test_cli_verify_quotes_tampered(edit_curated: CuratedEditor, capsys: pytest.CaptureFixture[str]) -> None:
    before, _ = edit_curated.edit_row(
        "facts", lambda r: r["fact_id"].startswith("rep-"), lambda r, _rows: r.update(quote="Tampered: " + r["quote"])
    )
    code = main(["verify-quotes", "--curated", str(edit_curated.root), "--sources", str(paths.sources_dir())])
    assert code == 1
    out = capsys.readouterr().out.splitlines()
    assert [x for x in out if x.startswith(before["fact_id"] + " ")], out
    assert out[-1].endswith("1 failure(s)")


def test_cli_verify_quotes_on_invalid_data(edit_curated: CuratedEditor, capsys: pytest.CaptureFixture[str]) -> None:
    edit_curated.edit_row("sources", lambda r: True, lambda r, _rows: r.update(source_type="blog"))
    code = main(["verify-quotes", "--curated", str(edit_curated.root), "--sources", str(paths.sources_dir())])
    assert code == 1
    assert "cannot verify quotes" in capsys.readouterr().out


def test_cli_unknown_subcommand_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


# --- load_dataset ------------------------------------------------------------------------


def test_load_dataset_reads_a_good_copy(tmp_data: Path) -> None:
    ds = load_dataset(tmp_data)
    manifest = json.loads((tmp_data / "manifest.json").read_text())
    assert ds.version == manifest["dataset_version"]
    for table, entry in manifest["tables"].items():
        assert len(getattr(ds, table)) == entry["rows"]


def _assert_unavailable(data_dir: Path, names: Path) -> DataUnavailable:
    with pytest.raises(DataUnavailable) as exc:
        load_dataset(data_dir)
    assert str(names) in exc.value.what
    assert exc.value.fix == FIX_COMMAND == "wps-data build"
    assert str(exc.value).endswith("Fix: run `wps-data build`.")
    return exc.value


def test_load_dataset_missing_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    err = _assert_unavailable(missing, missing / "facts.parquet")
    assert "missing" in err.what


@pytest.mark.parametrize("table", sorted(TABLES))
def test_load_dataset_missing_file(tmp_data: Path, table: str) -> None:
    (tmp_data / f"{table}.parquet").unlink()
    _assert_unavailable(tmp_data, tmp_data / f"{table}.parquet")


@pytest.mark.parametrize("table", sorted(TABLES))
def test_load_dataset_truncated_parquet(tmp_data: Path, table: str) -> None:
    path = tmp_data / f"{table}.parquet"
    path.write_bytes(path.read_bytes()[:100])
    err = _assert_unavailable(tmp_data, path)
    assert "cannot be read" in err.what


def _rewrite_facts(tmp_data: Path, change) -> Path:
    path = tmp_data / "facts.parquet"
    df = change(pd.read_parquet(path))
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path)
    return path


def _percent_150(df: pd.DataFrame) -> pd.DataFrame:
    df.loc[df.index[df["unit"] == "percent"][0], "value"] = 150.0
    return df


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (_percent_150, "percent values must lie in 0-100"),
        (lambda df: df.drop(columns=["note"]), "note"),
        (lambda df: df.assign(fact_id=df["fact_id"].iloc[0]), "field_uniqueness"),
    ],
    ids=["percent-150", "column-dropped", "duplicate-ids"],
)
def test_load_dataset_schema_violation(tmp_data: Path, change, says: str) -> None:
    path = _rewrite_facts(tmp_data, change)
    err = _assert_unavailable(tmp_data, path)
    assert "does not match the facts schema" in err.what
    assert says in err.what


def test_load_dataset_cross_table_violation(tmp_data: Path) -> None:
    path = _rewrite_facts(tmp_data, lambda df: df.assign(source_id="no-such-source"))
    with pytest.raises(DataUnavailable) as exc:
        load_dataset(tmp_data)
    assert str(tmp_data) in exc.value.what
    assert "inconsistent across tables" in exc.value.what
    assert exc.value.fix == "wps-data build"
    assert path.exists()


# --- regions on the map ------------------------------------------------------------------


def test_every_fact_region_can_be_drawn(committed_tables: dict[str, pd.DataFrame]) -> None:
    used = set(committed_tables["facts"]["region"])
    off_map = {regions.NATIONAL, regions.GLOBAL}
    assert used - off_map, "expected some sub-national facts"
    assert not used - off_map - set(regions.MAP_SHAPE)
    assert all(regions.canonical(r) == r for r in used)


@pytest.mark.parametrize("geo_file", [SHARED_GEO, paths.geo_file()], ids=["shared", "app-copy"])
def test_map_shapes_are_the_geojson_shape_names(geo_file: Path) -> None:
    geo = json.loads(geo_file.read_text(encoding="utf-8"))
    names = [f["properties"]["shapeName"] for f in geo["features"]]
    assert len(names) == len(set(names))
    assert set(names) == set(regions.MAP_SHAPE.values())
    assert set(regions.INSIDE.values()) <= set(names)


def test_committed_data_folder_is_untouched_by_the_suite() -> None:
    """Every test here writes to tmp_path: the committed build still matches the manifest."""
    manifest = json.loads((REPO_DATA / "manifest.json").read_text())
    for table, entry in manifest["tables"].items():
        data = (REPO_DATA / f"{table}.parquet").read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_a_table_from_another_build_is_refused(tmp_data: Path) -> None:
    """A Parquet file that does not match manifest.json (an interrupted build) is not loaded."""
    facts = tmp_data / "facts.parquet"
    df = pd.read_parquet(facts)
    df.iloc[:-1].to_parquet(facts, index=False)  # still schema-valid, but not what the build wrote
    with pytest.raises(DataUnavailable, match="does not match") as info:
        load_dataset(tmp_data)
    assert info.value.fix == "wps-data build"
