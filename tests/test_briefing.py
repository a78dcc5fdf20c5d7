"""Briefing exports: decorated chart images, the PowerPoint deck, the data pack, the CLI, the writer.

Rendering starts a headless Chromium (~2-3 s), so the suite renders three times in all,
in module-scoped fixtures: one deck (representation page), one PNG (through the CLI)
and one SVG (plus the app's PNG+SVG pair). Without Chromium these tests skip with the
reason, except on CI (``CI=true``), where they fail: CI must prove the images.
Everything else (data pack, source items, exit codes, the atomic writer, the deck
without a browser) needs no browser.

Functions are replaced where they live (``exports.images``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import stat
import struct
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Pt

from wps_data import files, paths
from wps_data.analysis import QUOTA
from wps_data.charts.registry import REGISTRY, ChartResult, charts_for, draw
from wps_data.cli import exports as cli_export
from wps_data.cli.main import main
from wps_data.contract.schemas import FactsSchema
from wps_data.dataset import Dataset, load_dataset
from wps_data.exports import datapack, images, sourceline
from wps_data.exports.deck import briefing_deck
from wps_data.exports.stated import stated_source_ids
from wps_data.exports.tables import page_results, page_rows
from wps_data.files import NotRegularFileError, write_atomic
from wps_data.i18n import t

PAGE = "representation"
CNT = "National Transitional Council (CNT)"
MEMBERS = ("data.csv", "datapackage.json", "README.md", "CITATION.txt", "PERMALINK.txt")


# --- fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(paths.data_dir())


@pytest.fixture(scope="module")
def results(ds: Dataset) -> list[ChartResult]:
    return page_results(PAGE, ds, {}, "en")


@pytest.fixture
def quick_load(monkeypatch: pytest.MonkeyPatch, ds: Dataset) -> None:
    """The CLI reuses the module's dataset instead of validating the Parquet files again."""
    monkeypatch.setattr(cli_export, "_load", lambda: ds)


@pytest.fixture(scope="module")
def browser() -> str:
    """The browser Kaleido will use; missing: fail on CI, skip (with the reason) elsewhere."""
    ok, reason = images.image_export_available()
    if not ok:
        message = f"image export unavailable: {reason}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message} (CI=true: the image tests must run)")
        pytest.skip(message)
    return reason


@pytest.fixture(scope="module")
def deck(browser: str, ds: Dataset, results: list[ChartResult]) -> Presentation:
    """The one deck render of the suite."""
    return Presentation(io.BytesIO(briefing_deck(PAGE, ds, {}, "en", results)))


@pytest.fixture(scope="module")
def png_via_cli(browser: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    """The one PNG render: ``wps-data chart ... --format png``."""
    out = tmp_path_factory.mktemp("png") / "legislature.png"
    code = main(["chart", "rep-legislature-trend", "--format", "png", "--out", str(out)])
    return code, out


@pytest.fixture(scope="module")
def svg(browser: str, ds: Dataset) -> str:
    """The one SVG render."""
    res = draw("rep-legislature-trend", ds, {}, "en")
    return images.chart_images([res], "svg", version=ds.version)[0].decode("utf-8")


def _slide_texts(slide) -> dict[str, str]:
    return {sh.name: sh.text_frame.text for sh in slide.shapes if sh.has_text_frame}


def _runs(shape):
    for p in shape.text_frame.paragraphs:
        yield from p.runs


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


# --- deck ------------------------------------------------------------------------------


def _chart_slides(deck: Presentation, results: list[ChartResult]) -> list:
    """The chart slides: after the title slide, one per chart, before the sources slides."""
    return list(deck.slides)[1 : 1 + len(results)]


def _sources_text(deck: Presentation, results: list[ChartResult]) -> str:
    """The text of the sources slides (as many as the list needs), after the chart slides."""
    return "\n".join(_slide_texts(s)["Sources"] for s in list(deck.slides)[1 + len(results) :])


def test_deck_has_title_chart_and_sources_slides(deck: Presentation, results: list[ChartResult]) -> None:
    # every representation chart has data without filters; page_results drops empty ones
    assert [r.chart_id for r in results] == [c.chart_id for c in charts_for(PAGE)]
    assert len(deck.slides) >= 2 + len(results)
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles[0] == t(f"page.{PAGE}")
    assert titles[1 : 1 + len(results)] == [r.title for r in results]
    sources = titles[1 + len(results) :]
    assert sources[0] == t("brief.deck_sources") and all(x.startswith(t("brief.deck_sources")) for x in sources)
    assert deck.slide_width * 9 == deck.slide_height * 16  # 16:9


def test_page_results_skips_empty_charts(ds: Dataset) -> None:
    drawn = [draw(c.chart_id, ds, {"years": (1985, 1990)}, "en") for c in charts_for(PAGE)]
    kept = page_results(PAGE, ds, {"years": (1985, 1990)}, "en")
    assert any(r.empty for r in drawn)  # the old years leave some charts without data
    assert [r.chart_id for r in kept] == [r.chart_id for r in drawn if not r.empty]


def test_title_slide_names_filters_date_and_version(deck: Presentation, ds: Dataset) -> None:
    text = "\n".join(_slide_texts(deck.slides[0]).values())
    assert "Filters: all data" in text
    assert ds.version in text
    assert re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_each_takeaway_is_the_computed_one(deck: Presentation, results: list[ChartResult]) -> None:
    for slide, res in zip(_chart_slides(deck, results), results, strict=True):
        assert _slide_texts(slide)["Takeaway"] == res.takeaway


def test_legislature_takeaway_numbers_match_the_data(deck: Presentation, ds: Dataset) -> None:
    v = ds.view
    cnt = v[v["indicator"].eq("women_share_body") & v["subject"].eq(CNT)].dropna(subset=["year"])
    latest = cnt[cnt["year"].eq(cnt["year"].max())]
    share = float(latest["value"].iloc[0])
    assert f"{share:g}" == "28.57" and f"{QUOTA - share:.2f}" == "1.43"  # the committed data
    slide = next(s for s in deck.slides if s.shapes.title.text.startswith("Women in the legislature"))
    takeaway = _slide_texts(slide)["Takeaway"]
    assert "28.57" in takeaway and "1.43" in takeaway
    assert takeaway == draw("rep-legislature-trend", ds, {}, "en").takeaway


def test_footnote_names_sources_and_as_of(deck: Presentation, results: list[ChartResult]) -> None:
    """Sources of the stated numbers first (tests/test_slides.py checks every number), then others, then a count."""
    for slide, res in zip(_chart_slides(deck, results), results, strict=True):
        foot = _slide_texts(slide)["Footnote"]
        titles = list(res.sources["title"])
        lines = [x for x in foot.splitlines() if x.startswith("Source: ")]
        assert len(lines) >= min(3, len(titles))
        for line in lines:  # each a source of the chart, at least as far as the line has room
            assert any(title[:40] in line for title in titles), line
        stated = stated_source_ids(res)
        if stated:  # the title's and takeaway's numbers first
            first = res.sources.set_index("source_id").loc[stated[0], "title"]
            assert first[:40] in lines[0]
        assert res.as_of in foot
        if len(titles) > len(lines):
            n = len(titles) - len(lines)
            assert f"and {n} more source{'s' if n > 1 else ''} (in the speaker notes" in foot


def test_every_chart_slide_has_an_image_with_alt_text(deck: Presentation, results: list[ChartResult]) -> None:
    for slide, res in zip(_chart_slides(deck, results), results, strict=True):
        pics = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pics) == 1
        assert pics[0]._element.nvPicPr.cNvPr.get("descr").startswith(res.title)
        assert _png_size(pics[0].image.blob)[0] >= 1600


def test_sources_slide_lists_every_source(deck: Presentation, results: list[ChartResult]) -> None:
    text = _sources_text(deck, results)
    every = sourceline.all_sources(results)
    for r in every.itertuples():
        assert r.title in text
        if isinstance(r.url, str):
            assert r.url in text


def test_type_is_large_and_nothing_leaves_the_slide(deck: Presentation) -> None:
    for i, slide in enumerate(deck.slides):
        for sh in slide.shapes:
            assert sh.left >= 0 and sh.top >= 0, (i, sh.name)
            assert sh.left + sh.width <= deck.slide_width, (i, sh.name)
            assert sh.top + sh.height <= deck.slide_height, (i, sh.name)
            if not sh.has_text_frame:
                continue
            sizes = [r.font.size for r in _runs(sh) if r.text.strip()]
            assert sizes and all(s is not None for s in sizes), (i, sh.name)
            floor = {"Takeaway": Pt(20), "Footnote": Pt(11), "Sources": Pt(11)}.get(sh.name, Pt(11))
            if sh == slide.shapes.title:
                floor = Pt(28)
            assert min(sizes) >= floor, (i, sh.name, min(sizes))


def test_deck_without_a_browser_keeps_its_text(
    monkeypatch: pytest.MonkeyPatch, ds: Dataset, results: list[ChartResult]
) -> None:
    monkeypatch.setattr(images, "image_export_available", lambda lang="en": (False, "no browser in this test"))
    monkeypatch.setattr(images, "_render", lambda *a, **k: pytest.fail("must not render"))
    prs = Presentation(io.BytesIO(briefing_deck(PAGE, ds, {}, "en", results)))
    assert len(prs.slides) >= 2 + len(results)
    for slide, res in zip(_chart_slides(prs, results), results, strict=True):
        texts = _slide_texts(slide)
        assert texts["Takeaway"] == res.takeaway
        assert "no browser in this test" in texts["Chart missing"]


def test_french_deck_has_french_title_and_closing_slides(monkeypatch: pytest.MonkeyPatch, ds: Dataset) -> None:
    def unavailable(lang: str = "en") -> tuple[bool, str]:
        return False, t("brief.no_browser", lang)

    monkeypatch.setattr(images, "image_export_available", unavailable)
    monkeypatch.setattr(images, "_render", lambda *a, **k: pytest.fail("must not render"))
    prs = Presentation(io.BytesIO(briefing_deck(PAGE, ds, {}, "fr")))
    slides = list(prs.slides)
    assert slides[0].shapes.title.text == t(f"page.{PAGE}", "fr") != t(f"page.{PAGE}")
    first = "\n".join(_slide_texts(slides[0]).values())
    assert t("app.name", "fr") in first and "Filtres : " in first and f"données {ds.version}" in first
    assert "Filters" not in first and "Prepared" not in first
    n_charts = len(page_results(PAGE, ds, {}, "fr"))
    closing = [s.shapes.title.text for s in slides[1 + n_charts :]]
    assert closing[0] == "Sources" == t("brief.deck_sources", "fr") and all(c.startswith("Sources") for c in closing)
    chart = _slide_texts(slides[1])
    assert chart["Chart missing"].startswith("Image du graphique indisponible : aucun navigateur")
    assert chart["Footnote"].startswith("Source : ") and "Date : " in chart["Footnote"]


# --- images ----------------------------------------------------------------------------


def test_png_from_the_cli_is_at_least_1600_wide(png_via_cli: tuple[int, Path]) -> None:
    code, out = png_via_cli
    assert code == 0 and out.exists()
    width, height = _png_size(out.read_bytes())
    assert width >= 1600 and height > 400


def test_svg_holds_the_source_line_as_text(svg: str, ds: Dataset) -> None:
    res = draw("rep-legislature-trend", ds, {}, "en")
    assert svg.lstrip().startswith("<svg") or "<svg" in svg[:500]
    assert "Source:" in svg
    first = res.sources["title"].iloc[0]
    assert first.replace("'", "&#39;") in svg or first in svg
    assert ds.version in svg


def test_decorate_draws_sources_and_leaves_the_original_alone(ds: Dataset) -> None:
    res = draw("gbv-trend", ds, {}, "en")
    before = res.figure.to_plotly_json()
    fig = images.decorate(res, version=ds.version)
    assert res.figure.to_plotly_json() == before
    footer = fig.layout.annotations[-1].text
    assert footer.startswith("Source: ") and ds.version in footer and res.as_of in footer
    assert footer.count("Source: ") == min(3, len(res.sources))
    assert fig.layout.width * images.scale_for(fig, 1600) == 1600
    assert fig.layout.margin.b > 16 * len(footer.split("<br>"))  # the footer has room: nothing clipped


def test_source_lines_stop_at_three_and_count_the_rest(ds: Dataset) -> None:
    res = draw("overview-coverage", ds, {}, "en")
    lines = sourceline.source_lines(res)
    assert len(lines) == 4 and lines[-1].startswith(f"and {len(res.sources) - 3} more")


def test_image_export_available_gives_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "find_browser", lambda: None)
    ok, reason = images.image_export_available()
    assert not ok and "chromium" in reason.lower()


def test_chart_png_svg_renders_both_formats_in_one_call(ds) -> None:
    """The app's download pair: one browser start, a wide PNG and an SVG holding the source line."""
    ok, reason = images.image_export_available()
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"image export unavailable in CI: {reason}")
        pytest.skip(f"Chromium not installed ({reason}): apt-get install chromium")
    res = draw("minusma-gender-posts", ds, {}, "en")
    png, svg = images.chart_png_svg(res, version=ds.version)
    assert images.png_size(png)[0] >= 1600
    assert b"<svg" in svg[:500] and b"Source:" in svg


# --- data pack -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pack(ds: Dataset) -> tuple[pd.DataFrame, dict[str, bytes]]:
    res = page_results("violence", ds, {}, "en")
    rows = page_rows("violence", ds, [r.rows for r in res])
    rows = rows.copy()
    rows.loc[rows.index[0], "note"] = '=HYPERLINK("http://example.invalid")'
    data = datapack.data_pack("violence", ds, {}, rows, permalink="http://localhost:8501/violence")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return rows, {name: zf.read(name) for name in zf.namelist()}


def test_pack_members(pack: tuple[pd.DataFrame, dict[str, bytes]]) -> None:
    assert sorted(pack[1]) == sorted(MEMBERS)


def test_pack_csv_round_trips(pack: tuple[pd.DataFrame, dict[str, bytes]]) -> None:
    rows, files = pack
    back = pd.read_csv(io.BytesIO(files["data.csv"]), encoding="utf-8-sig")
    assert len(back) == len(rows)
    assert list(back["fact_id"]) == list(rows["fact_id"])
    assert "Ménaka" in set(rows["region"])  # the violence page names Ménaka
    assert "Ménaka" in set(back["region"])
    assert back.loc[0, "note"].startswith("'=")  # formula neutralised


def test_datapackage_describes_fields_sources_and_hash(
    pack: tuple[pd.DataFrame, dict[str, bytes]], ds: Dataset
) -> None:
    rows, files = pack
    meta = json.loads(files["datapackage.json"])
    sha = hashlib.sha256(files["data.csv"]).hexdigest()
    assert meta["version"] == ds.version and meta["data_sha256"] == sha
    res = meta["resources"][0]
    assert res["path"] == "data.csv" and res["hash"] == f"sha256:{sha}"
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    schema = FactsSchema.to_schema().columns
    for name in ("fact_id", "value", "quote", "locator"):
        assert fields[name]["description"] == schema[name].description
    assert fields["value"]["type"] == "number" and fields["year"]["type"] == "integer"
    for joined in ("title", "publisher", "url", "label"):
        assert fields[joined]["description"], joined
    assert all(f["description"] for f in fields.values())
    titles = {s["title"] for s in meta["sources"]}
    assert titles == set(rows.drop_duplicates("source_id")["title"])
    assert all(s["path"] == s["url"] for s in meta["sources"] if "url" in s)
    licences = " ".join(x["title"] for x in meta["licenses"])
    assert "property of the source" in licences and "CC BY 4.0" in licences


def test_readme_citation_and_permalink(pack: tuple[pd.DataFrame, dict[str, bytes]], ds: Dataset) -> None:
    files = pack[1]
    readme = files["README.md"].decode("utf-8")
    sha = hashlib.sha256(files["data.csv"]).hexdigest()
    assert ds.version in readme and sha in readme and "Filters: all data" in readme
    citation = files["CITATION.txt"].decode("utf-8").strip()
    assert "\n" not in citation and ds.version in citation
    assert files["PERMALINK.txt"].decode("utf-8").strip() == "http://localhost:8501/violence"


def test_permalink_puts_filters_in_the_query() -> None:
    link = datapack.permalink("violence", {"years": (2015, 2022), "regions": ["Gao", "Ménaka"], "statuses": None})
    assert link == "http://localhost:8501/violence?years=2015&years=2022&regions=Gao&regions=M%C3%A9naka"
    assert datapack.permalink("minusma", {}) == "http://localhost:8501/minusma"


# --- CLI -------------------------------------------------------------------------------


@pytest.mark.usefixtures("quick_load")
def test_cli_lists_charts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["charts"]) == 0
    out = capsys.readouterr().out
    for chart_id, spec in REGISTRY.items():
        assert re.search(rf"^{re.escape(chart_id)}\s+{spec.page}\s+\S", out, re.M)


@pytest.mark.usefixtures("quick_load")
def test_cli_unknown_chart_is_2_and_lists_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.png"
    assert main(["chart", "no-such-chart", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no-such-chart" in err and all(c in err for c in REGISTRY)
    assert not out.exists()


@pytest.mark.parametrize("command", ["briefing", "datapack"])
@pytest.mark.usefixtures("quick_load")
def test_cli_unknown_page_is_2(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.out"
    assert main([command, "--page", "nowhere", "--out", str(out)]) == 2
    assert "representation" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("bad", ["bogus=1", "years=1800-1900", "years=soon", "branches=navy", "nokeyvalue"])
@pytest.mark.usefixtures("quick_load")
def test_cli_bad_filter_is_2(bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pack.zip"
    assert main(["datapack", "--page", PAGE, "--filter", bad, "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip()
    assert not out.exists()


@pytest.mark.usefixtures("quick_load")
def test_cli_datapack_succeeds_with_default_permalink(tmp_path: Path) -> None:
    out = tmp_path / "pack.zip"
    args = ["datapack", "--page", "violence", "--filter", "years=2015-2022", "--filter", "regions=Gao,Ménaka"]
    assert main([*args, "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == sorted(MEMBERS)
        link = zf.read("PERMALINK.txt").decode().strip()
    assert link == "http://localhost:8501/violence?years=2015&years=2022&regions=Gao&regions=M%C3%A9naka"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.zip"]  # no temporary file left


def test_cli_missing_data_is_1_and_says_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WPS_DATA_DIR", str(tmp_path))
    out = tmp_path / "pack.zip"
    assert main(["datapack", "--page", PAGE, "--out", str(out)]) == 1
    assert "run wps-data build" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    "argv", [["chart", "rep-quota", "--format", "png"], ["briefing", "--page", PAGE]], ids=["chart", "briefing"]
)
@pytest.mark.usefixtures("quick_load")
def test_cli_failure_mid_way_leaves_no_file(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_a: object, **_k: object) -> list[bytes]:
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(images, "image_export_available", lambda lang="en": (True, "pretend"))
    monkeypatch.setattr(images, "_render", broken)
    fresh, kept = tmp_path / "fresh.out", tmp_path / "kept.out"
    kept.write_bytes(b"previous export")
    assert main([*argv, "--out", str(fresh)]) == 1
    assert main([*argv, "--out", str(kept)]) == 1
    assert "renderer crashed" in capsys.readouterr().err
    assert not fresh.exists()
    assert kept.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.out"]


# --- source items --------------------------------------------------------------------------


def test_source_items_one_per_document_from_fact_rows(ds: Dataset) -> None:
    res = draw("overview-coverage", ds, {}, "en")
    items = sourceline.source_items(res.rows, "en")  # fact rows: several facts per source
    assert [i.source_id for i in items] == list(res.sources["source_id"])
    assert [i.source_id for i in sourceline.source_items(res.sources, "en")] == [i.source_id for i in items]
    for item, r in zip(items, res.sources.itertuples(), strict=True):
        assert item.title == r.title and item.publisher == r.publisher
        assert item.publisher_short == r.publisher.split(",")[0].strip()
        assert item.source_type_label == t(f"source_type.{r.source_type}")
        assert item.link == (r.url if isinstance(r.url, str) and r.url.startswith("http") else None)


def test_source_item_undated_unlinked_and_unknown_type() -> None:
    frame = pd.DataFrame(
        [
            {"source_id": "a", "title": "T", "publisher": "UN Women, as secretariat", "published": None,
             "url": "ftp://x", "source_type": "un_document"},
            {"source_id": "a", "title": "dup", "publisher": "", "published": "", "url": "", "source_type": ""},
            {"source_id": "b", "title": "U", "publisher": float("nan"), "published": "2020-01-02",
             "url": "https://e.org/u", "source_type": "no_such_type"},
        ]
    )  # fmt: skip
    first, second = sourceline.source_items(frame, "fr")
    assert first.date == t("brief.undated", "fr") and first.published == "" and first.link is None
    assert first.publisher_short == "UN Women" and first.source_type_label == t("source_type.un_document", "fr")
    assert second.publisher == "" and second.source_type_label == "no_such_type" and second.link == "https://e.org/u"
    first_en, second_en = sourceline.source_items(frame, "en")  # items carry words of their language
    assert sourceline.reference_text(first_en, "en") == "T. UN Women, as secretariat, undated. (no public link)"
    assert sourceline.reference_text(second_en, "en") == "U. , 2020-01-02. https://e.org/u"
    assert sourceline.item_text(first_en, "en") == "T, UN Women, undated"
    assert sourceline.item_text(first, "fr") == f"T, UN Women, {t('brief.undated', 'fr')}"
    assert sourceline.source_items(frame.iloc[0:0], "en") == []


def test_one_writer_for_every_output() -> None:
    import wps_data

    package = Path(wps_data.__file__).parent
    writers = [p.relative_to(package).as_posix() for p in package.rglob("*.py") if "def write_atomic" in p.read_text()]
    assert writers == ["files.py"]


# --- the atomic writer (wps_data.files) ----------------------------------------------------


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(files.TEMP_PREFIX))


def test_write_atomic_writes_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    assert write_atomic(target, b"one") == target
    write_atomic(str(target), b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_write_atomic_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_a: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(tmp_path / "out.bin", b"x" * 10_000)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_write_atomic_failure_keeps_the_old_file_and_no_temp(
    step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"previous")

    def fail(*_a: object) -> None:
        raise OSError(f"{step} failed")

    monkeypatch.setattr(os, step, fail)
    with pytest.raises(OSError, match=f"{step} failed"):
        write_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_write_atomic_refuses_a_fifo_and_leaves_it(tmp_path: Path) -> None:
    target = tmp_path / "pipe"
    os.mkfifo(target)  # opening it for writing would block until a reader comes: never opened
    with pytest.raises(NotRegularFileError, match=re.escape(str(target))) as exc:
        write_atomic(target, b"data")
    assert isinstance(exc.value, OSError) and "FIFO" in str(exc.value)
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_write_atomic_refuses_a_symlink_and_leaves_link_and_target(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"keep me")
    link = tmp_path / "link.out"
    link.symlink_to(real)
    dangling = tmp_path / "dangling.out"
    dangling.symlink_to(tmp_path / "missing.txt")
    for target in (link, dangling):
        with pytest.raises(NotRegularFileError, match=re.escape(str(target))):
            write_atomic(target, b"data")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"keep me"
    assert dangling.is_symlink() and not (tmp_path / "missing.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling.out", "link.out", "real.txt"]


def test_write_atomic_refuses_a_directory(tmp_path: Path) -> None:
    target = tmp_path / "folder"
    target.mkdir()
    (target / "inside.txt").write_bytes(b"x")
    with pytest.raises(NotRegularFileError, match=re.escape(str(target))):
        write_atomic(target, b"data")
    assert target.is_dir() and [p.name for p in target.iterdir()] == ["inside.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["folder"]


def test_write_atomic_refuses_a_device() -> None:
    with pytest.raises(NotRegularFileError, match="/dev/null"):
        write_atomic("/dev/null", b"data")


def test_write_atomic_long_file_name(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 246 + ".zip")  # 250 characters: a temp name built from it would not fit
    write_atomic(target, b"zip")
    write_atomic(target, b"zip again")
    assert target.read_bytes() == b"zip again"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_write_atomic_honours_the_umask(umask: int, mode: int, tmp_path: Path) -> None:
    old = os.umask(umask)
    try:
        fresh = write_atomic(tmp_path / "fresh.csv", b"a")
        kept = tmp_path / "kept.csv"
        kept.write_bytes(b"old")
        os.chmod(kept, 0o600)
        write_atomic(kept, b"b")
    finally:
        os.umask(old)
    assert stat.S_IMODE(fresh.stat().st_mode) == mode
    assert stat.S_IMODE(kept.stat().st_mode) == mode


def test_write_atomic_sigint_removes_the_temp_and_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"previous")
    before = signal.getsignal(signal.SIGINT)
    seen: list[list[str]] = []

    def interrupt(_fd: int) -> None:  # Ctrl-C while the temporary file is being written
        seen.append(_temps(tmp_path))
        signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert len(seen) == 1 and len(seen[0]) == 1  # the temp file existed when the signal came
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]
    assert signal.getsignal(signal.SIGINT) is before


def test_write_atomic_sigterm_handled_elsewhere_is_passed_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A program's own SIGTERM handler still runs once; the write is abandoned and says so."""
    calls: list[int] = []

    def handler(signum: int, _frame: object) -> None:
        calls.append(signum)

    old = signal.signal(signal.SIGTERM, handler)
    try:
        monkeypatch.setattr(os, "fsync", lambda _fd: signal.raise_signal(signal.SIGTERM))
        with pytest.raises(InterruptedError, match=r"out\.bin"):
            write_atomic(tmp_path / "out.bin", b"new")
        assert signal.getsignal(signal.SIGTERM) is handler
    finally:
        signal.signal(signal.SIGTERM, old)
    assert calls == [signal.SIGTERM]
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_restores_handlers_after_success(tmp_path: Path) -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    write_atomic(tmp_path / "out.bin", b"x")
    assert {s: signal.getsignal(s) for s in before} == before


def test_write_atomic_from_a_worker_thread(tmp_path: Path) -> None:
    """No signal handlers off the main thread (Python forbids it), and the write still works."""
    errors: list[BaseException] = []

    def work() -> None:
        try:
            write_atomic(tmp_path / "out.bin", b"threaded")
        except BaseException as err:  # reported below
            errors.append(err)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(30)
    assert not errors and (tmp_path / "out.bin").read_bytes() == b"threaded"


KILLED_MID_WRITE = """
import os, sys, time
from wps_data import files
def stall(fd):
    print("writing", flush=True)
    time.sleep(60)
os.fsync = stall
files.write_atomic(sys.argv[1], b"new" * 1000)
"""


def test_write_atomic_sigterm_from_outside_removes_the_temp(tmp_path: Path) -> None:
    """A real SIGTERM to a process in the middle of a write: it dies of it, leaving no temp file."""
    target = tmp_path / "out.bin"
    target.write_bytes(b"previous")
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_WRITE, str(target)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(paths.PROJECT_ROOT / "src")},
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
        assert len(_temps(tmp_path)) == 1
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == -signal.SIGTERM  # ended by the signal, as without the writer
    finally:
        proc.kill()
        proc.wait()
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


@pytest.mark.parametrize("kind", ["fifo", "directory", "symlink"])
@pytest.mark.usefixtures("quick_load")
def test_cli_refuses_an_out_that_is_not_a_regular_file(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pack.zip"
    real = tmp_path / "real.zip"
    real.write_bytes(b"keep")
    {"fifo": lambda: os.mkfifo(out), "directory": out.mkdir, "symlink": lambda: out.symlink_to(real)}[kind]()
    assert main(["datapack", "--page", PAGE, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"cannot write {out}" in err and "not a regular file" in err and "nothing was written" in err
    assert real.read_bytes() == b"keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.zip", "real.zip"]
    mode = os.lstat(out).st_mode
    assert {"fifo": stat.S_ISFIFO, "directory": stat.S_ISDIR, "symlink": stat.S_ISLNK}[kind](mode)
