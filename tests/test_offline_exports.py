"""Offline exports: a page as one self-contained HTML file, and its rows as an Excel workbook.

``html``     every page in both languages: one document, no script/stylesheet/font/image
             loaded from anywhere (no ``src`` attribute, no ``<link>``, only http(s) ``<a href>``),
             plotly.js inlined once, each chart's title (escaped), header and footer; hostile
             data text (``<script>`` in a quote, markup in a title and a caveat, a ``javascript:``
             URL, a URL that tries to leave its attribute) arrives escaped, never as markup.
``xlsx``     the data sheet equals the page's CSV (headers in the reader's language, numbers as
             numbers, accents intact), a cell starting with ``=`` reads back as neutralised text
             (never a formula), the sources and read-me sheets exist and say what they should.
``cli``      ``wps-data html`` / ``wps-data xlsx``: success, a directory/symlink/FIFO as ``--out``
             refused (exit 1, left as it was), a failure while writing or building leaves the
             existing file byte-identical (exit 1), bad page or filter exit 2.
``app``      AppTest: both download buttons on every page, deferred (built only on click), and
             the deferred functions produce the files.
``browser``  (marked) Chromium opens each file via file:// with every non-file request aborted:
             every chart is drawn and nothing but the file was requested.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from wps_data import files, paths
from wps_data.charts.registry import ChartResult, charts_for, draw
from wps_data.cli import exports as cli_export
from wps_data.cli.main import main
from wps_data.dataset import Dataset, load_dataset
from wps_data.exports import html as html_export
from wps_data.exports import xlsx as xlsx_export
from wps_data.exports.html import esc
from wps_data.exports.tables import PAGE_TABLES, export_frame, safe_csv_bytes, shown_rows
from wps_data.i18n import LANGUAGES, fmt_date, t
from wps_data.i18n.catalogue import EN, FR
from wps_data.pagespec import PAGES, describe_filters
from wps_data.paths import PROJECT_ROOT

TODAY = dt.date(2026, 3, 8)
LANGS = list(LANGUAGES)
NUMERIC = ("value", "year", "numerator", "denominator", "old_value", "new_value")
# Hostile data text: unique markers, so nothing in plotly.js can match them by chance.
QUOTE_PAYLOAD = '<script>alert("wps-hostile-quote")</script>'
TITLE_PAYLOAD = '<img src=x onerror=alert("wps-hostile-title")>'
CAVEAT_PAYLOAD = '</table><b onclick="wps-hostile-caveat">x</b>'
JS_URL = "javascript:alert('wps-hostile-url')"
BREAKOUT_URL = 'https://e.example/"><script>alert("wps-hostile-href")</script>'
LANG_PAYLOAD = 'fr"><i>wps-hostile-lang</i>'
FORMULA = '=HYPERLINK("https://e.example/x","wps-hostile-formula")'


# --- data and drawings, shared by the module ---------------------------------------------------


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(paths.data_dir())


def _drawer(data: Dataset) -> Callable[[str, str], list[ChartResult]]:
    cache: dict[tuple[str, str], list[ChartResult]] = {}

    def get(page: str, lang: str) -> list[ChartResult]:
        if (page, lang) not in cache:
            cache[page, lang] = [draw(c.chart_id, data, {}, lang) for c in charts_for(page)]
        return cache[page, lang]

    return get


@pytest.fixture(scope="module")
def drawn(ds: Dataset) -> Callable[[str, str], list[ChartResult]]:
    """Every chart of a page drawn once per language (shared by the HTML and xlsx tests)."""
    return _drawer(ds)


@pytest.fixture(scope="module")
def hostile(ds: Dataset) -> dict[str, Any]:
    """A copy of the dataset whose text carries markup, script, bad URLs and a formula."""
    rows = shown_rows("violence", ds, {}, "en")
    first = rows.iloc[0]
    linked = rows[rows["url"].fillna("").str.startswith("https://") & rows["source_id"].ne(first["source_id"])]
    other = linked.iloc[0]
    menaka = rows[rows["region"].eq("Ménaka")].iloc[0]
    facts, sources, indicators = ds.facts.copy(), ds.sources.copy(), ds.indicators.copy()
    facts.loc[facts["fact_id"].eq(first["fact_id"]), "quote"] = f"{QUOTE_PAYLOAD} {first['quote']}"
    facts.loc[facts["fact_id"].eq(menaka["fact_id"]), "quote"] = FORMULA
    own = sources["source_id"].eq(first["source_id"])
    sources.loc[own, "title"] = f"{TITLE_PAYLOAD} {first['title']}"
    sources.loc[own, "url"] = JS_URL
    sources.loc[own, "language"] = LANG_PAYLOAD
    sources.loc[sources["source_id"].eq(other["source_id"]), "url"] = BREAKOUT_URL
    indicators.loc[indicators["indicator"].eq(first["indicator"]), "caveat"] = CAVEAT_PAYLOAD
    data = dataclasses.replace(ds, facts=facts, sources=sources, indicators=indicators)
    return {"ds": data, "fact": first["fact_id"], "source": first["source_id"], "formula_fact": menaka["fact_id"]}


# --- HTML ------------------------------------------------------------------------------------


class Refs(HTMLParser):
    """Every tag with its attributes, and the text of <style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


def parse(doc: str) -> Refs:
    refs = Refs()
    refs.feed(doc)
    refs.close()
    return refs


def assert_loads_nothing(doc: str) -> None:
    """No src, no <link>/<iframe>/<object>/<embed>/<base>, no CSS import or url(), links only http(s) on <a>."""
    assert not re.search(r"<script[^>]*\bsrc\s*=", doc, re.I), "a script is loaded from elsewhere"
    refs = parse(doc)
    for tag, attrs in refs.tags:
        assert tag not in ("link", "iframe", "object", "embed", "base", "img", "audio", "video", "source"), tag
        assert "src" not in attrs and "srcset" not in attrs, (tag, attrs)
        if "href" in attrs:
            assert tag == "a", (tag, attrs)
            assert (attrs["href"] or "").startswith(("http://", "https://")), attrs
    assert "@import" not in refs.style and "url(" not in refs.style


@pytest.fixture(scope="module")
def html_doc(ds: Dataset, drawn: Callable[[str, str], list[ChartResult]]) -> Callable[[str, str], str]:
    cache: dict[tuple[str, str], str] = {}

    def get(page: str, lang: str) -> str:
        if (page, lang) not in cache:
            data = html_export.page_html(page, ds, {}, lang, results=drawn(page, lang), today=TODAY)
            cache[page, lang] = data.decode("utf-8")
        return cache[page, lang]

    return get


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", list(PAGES))
def test_html_is_one_self_contained_file(
    page: str, lang: str, ds: Dataset, drawn: Callable, html_doc: Callable
) -> None:
    doc = html_doc(page, lang)
    assert doc.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in doc
    assert_loads_nothing(doc)
    results = drawn(page, lang)
    assert doc.count('class="plotly-graph-div"') == len(results) == len(PAGES[page].charts)
    assert doc.count("window.PlotlyConfig") == (1 if results else 0), "plotly.js inlined exactly once"
    for res in results:
        assert f"<h2>{html.escape(res.title)}</h2>" in doc, res.chart_id
        if not res.empty:
            assert html.escape(res.takeaway) in doc and html.escape(res.as_of) in doc
    for text in (t("app.name", lang), t(f"page.{page}", lang), describe_filters({}, lang), ds.version):
        assert html.escape(text) in doc
    assert html.escape(fmt_date(TODAY.isoformat(), lang)) in doc
    assert html.escape(t("overview.cite_text", lang, version=ds.version)) in doc
    shown = shown_rows(page, ds, {}, lang, results=[r for r in results if not r.empty])
    ids = shown["fact_id"] if "fact_id" in shown.columns else []
    missing = [f for f in ids if f"<td>{esc(f)}</td>" not in doc]
    assert not missing, f"rows of the page's CSV missing from the HTML: {missing[:5]}"
    if page in PAGE_TABLES:
        assert 'id="page-rows"' in doc


@pytest.mark.parametrize("lang", LANGS)
def test_html_names_the_desk_s_rows_for_what_they_are(lang: str, html_doc: Callable) -> None:
    """The rows behind a desk chart are passages, records or events, never 'figures'."""
    desk = (("mandates", "mandate-provisions"), ("council", "council-matrix"), ("timeline", "timeline-events"))
    for page, chart_id in desk:
        doc = html_doc(page, lang)
        head = t(f"export.html.rows.{chart_id}", lang, n="").split(" (")[0]
        assert f"<summary>{html.escape(head)} (" in doc, (page, head)
        assert html.escape(t("export.html.rows", lang, n="").split(" (")[0]) not in doc, page
    assert "Figures behind this chart" in html_doc("violence", "en")


def test_html_marks_quotes_with_their_language(html_doc: Callable) -> None:
    french, english = html_doc("violence", "fr"), html_doc("violence", "en")
    assert '<q lang="en">' in french and "(anglais, comme dans la source)" in french
    assert '<q lang="en">' in english and "(English, as in the source)" in english


@pytest.mark.parametrize("page", ["violence", "sources", "explorer"])
def test_html_shows_hostile_data_as_text(page: str, hostile: dict[str, Any]) -> None:
    data: Dataset = hostile["ds"]
    doc = html_export.page_html(page, data, {}, "en", today=TODAY).decode("utf-8")
    assert_loads_nothing(doc)
    for raw in (QUOTE_PAYLOAD, TITLE_PAYLOAD, CAVEAT_PAYLOAD, BREAKOUT_URL, LANG_PAYLOAD, "wps-hostile-url')"):
        assert raw not in doc, f"{raw!r} reached the page as markup"
    assert html.escape(QUOTE_PAYLOAD) in doc
    assert html.escape(TITLE_PAYLOAD) in doc
    assert 'href="javascript' not in doc.lower()
    refs = parse(doc)
    hrefs = [a.get("href") for tag, a in refs.tags if tag == "a"]
    assert BREAKOUT_URL in hrefs, "the URL stays whole inside its attribute (escaped in the source)"
    assert not [tag for tag, _ in refs.tags if tag in ("img", "b", "i")], "markup from the data"
    scripts = [a for tag, a in refs.tags if tag == "script"]
    n = len(PAGES[page].charts)
    assert len(scripts) == (2 + n if n else 0), "only plotly's: its config, plotly.js, one per chart"
    if page == "violence":
        assert html.escape(CAVEAT_PAYLOAD) in doc


def test_column_and_language_keys_exist_in_both_catalogues() -> None:
    keys = [*html_export.COLUMN_KEYS.values(), *html_export.LANGUAGE_KEYS.values()]
    assert not [k for k in keys if k not in EN or k not in FR]
    assert html_export.language_name("zh+en", "fr") == "chinois + anglais"
    assert html_export.language_name("xx", "en") == "xx"


# --- Excel ----------------------------------------------------------------------------------


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _csv_rows(page: str, data: Dataset, results: list[ChartResult], lang: str) -> tuple[list[str], list[list[str]]]:
    """The page's CSV, as the app's download button writes it, parsed as text."""
    rows = shown_rows(page, data, {}, lang, results=[r for r in results if not r.empty])
    frame = pd.read_csv(
        io.BytesIO(safe_csv_bytes(export_frame(data.with_notes(rows)))),
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    return list(frame.columns), frame.values.tolist()


def _same(cell: object, text: str, column: str) -> bool:
    if cell is None:
        return text == ""
    if isinstance(cell, bool):
        return str(cell) == text
    if column in NUMERIC:
        return isinstance(cell, int | float) and float(text) == float(cell)
    return isinstance(cell, str) and cell == text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", list(PAGES))
def test_xlsx_data_sheet_equals_the_page_csv(page: str, lang: str, ds: Dataset, drawn: Callable) -> None:
    results = drawn(page, lang)
    book = _book(xlsx_export.page_xlsx(page, ds, {}, lang, results=results, today=TODAY))
    assert book.sheetnames == [
        t("export.sheet.data", lang),
        t("export.sheet.sources", lang),
        t("export.sheet.readme", lang),
    ]
    header, rows = _csv_rows(page, ds, results, lang)
    sheet = list(book[t("export.sheet.data", lang)].iter_rows(values_only=True))
    assert list(sheet[0]) == [html_export.column_header(c, lang) for c in header]
    assert len(sheet) - 1 == len(rows)
    for got, want in zip(sheet[1:], rows, strict=True):
        bad = [(c, g, w) for c, g, w in zip(header, got, want, strict=True) if not _same(g, w, c)]
        assert not bad, bad
    values = [r[header.index("value")] for r in sheet[1:]] if "value" in header else []
    assert all(isinstance(v, int | float) for v in values), "values are numbers, not text"


def test_xlsx_keeps_accents_and_numbers(ds: Dataset, drawn: Callable) -> None:
    book = _book(xlsx_export.page_xlsx("violence", ds, {}, "fr", results=drawn("violence", "fr"), today=TODAY))
    assert book.sheetnames[0] == "données"
    data = book["données"]
    header = [c.value for c in data[1]]
    regions = {r[header.index("Région")] for r in data.iter_rows(min_row=2, values_only=True)}
    assert {"Ménaka", "Tombouctou", "Ségou"} <= regions
    years = [c for c in data[get_letter(header.index("Année"))][1:] if c.value is not None]
    assert years and all(c.data_type == "n" and isinstance(c.value, int) for c in years)


def get_letter(index: int) -> str:
    return openpyxl.utils.get_column_letter(index + 1)


def test_xlsx_formula_text_is_neutralised_and_stored_as_text(hostile: dict[str, Any]) -> None:
    data = xlsx_export.page_xlsx("violence", hostile["ds"], {}, "en", today=TODAY)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml, "a formula was written"
    book = _book(data)
    sheet = book[t("export.sheet.data")]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    hits = [c for c in cells if isinstance(c.value, str) and "wps-hostile-formula" in c.value]
    assert hits and all(c.value == "'" + FORMULA and c.data_type == "s" for c in hits)
    assert [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(QUOTE_PAYLOAD)]
    links = [c.hyperlink.target for c in book[t("export.sheet.sources")]["F"] if c.hyperlink]
    assert links and all(u.startswith(("http://", "https://")) for u in links)
    assert JS_URL in [c.value for c in book[t("export.sheet.sources")]["F"]], "the URL is kept as text"


def test_xlsx_sources_and_read_me(ds: Dataset, drawn: Callable) -> None:
    results = drawn("violence", "en")
    book = _book(xlsx_export.page_xlsx("violence", ds, {}, "en", results=results, today=TODAY))
    rows = shown_rows("violence", ds, {}, "en", results=[r for r in results if not r.empty])
    src = list(book["sources"].iter_rows(values_only=True))
    assert src[0] == tuple(html_export.column_header(c) for c in xlsx_export.SOURCE_COLUMNS)
    assert [r[0] for r in src[1:]] == list(dict.fromkeys(rows["source_id"]))
    readme = "\n".join(str(v) for r in book["read me"].iter_rows(values_only=True) for v in r if v)
    for text in (ds.version, "all data", "8 March 2026", t("overview.cite_text", version=ds.version)):
        assert text in readme, text
    assert t("chart.caveats") in readme and str(len(rows)) in readme
    assert all(c in readme for r in results for c in r.caveats), "every chart's caveats are in the read-me"


# --- CLI -------------------------------------------------------------------------------------


@pytest.fixture
def quick_load(monkeypatch: pytest.MonkeyPatch, ds: Dataset) -> None:
    monkeypatch.setattr(cli_export, "_load", lambda: ds)


COMMANDS = {"html": "page.html", "xlsx": "rows.xlsx"}


@pytest.mark.usefixtures("quick_load")
def test_cli_writes_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page_file, book_file = tmp_path / "v.html", tmp_path / "v.xlsx"
    argv = ["--page", "violence", "--filter", "regions=Gao", "--lang", "fr"]
    assert main(["html", *argv, "--out", str(page_file)]) == 0
    assert main(["xlsx", *argv, "--out", str(book_file)]) == 0
    doc = page_file.read_text(encoding="utf-8")
    assert "Gao" in doc and '<html lang="fr">' in doc
    assert_loads_nothing(doc)
    assert _book(book_file.read_bytes()).sheetnames == ["données", "sources", "lisez-moi"]
    assert "wrote" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.html", "v.xlsx"]


@pytest.mark.parametrize("kind", ["directory", "symlink", "fifo"])
@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.usefixtures("quick_load")
def test_cli_refuses_an_out_that_is_not_a_regular_file(
    command: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, real = tmp_path / COMMANDS[command], tmp_path / "real.bin"
    real.write_bytes(b"keep")
    {"fifo": lambda: os.mkfifo(out), "directory": out.mkdir, "symlink": lambda: out.symlink_to(real)}[kind]()
    assert main([command, "--page", "violence", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"cannot write {out}" in err and "not a regular file" in err and "nothing was written" in err
    assert real.read_bytes() == b"keep"
    assert {"fifo": stat.S_ISFIFO, "directory": stat.S_ISDIR, "symlink": stat.S_ISLNK}[kind](os.lstat(out).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, "real.bin"])


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.usefixtures("quick_load")
def test_cli_failure_while_writing_keeps_the_old_file(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def half_then_fail(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    out = tmp_path / COMMANDS[command]
    out.write_bytes(b"previous export")
    monkeypatch.setattr(files, "_write_all", half_then_fail)
    assert main([command, "--page", "sources", "--out", str(out)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert out.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == [out.name], "no temporary file left behind"


@pytest.mark.parametrize(("command", "builder"), [("html", "page_html"), ("xlsx", "page_xlsx")])
@pytest.mark.usefixtures("quick_load")
def test_cli_failure_while_building_keeps_the_old_file(
    command: str, builder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_a: object, **_k: object) -> bytes:
        raise RuntimeError("builder crashed")

    module = html_export if command == "html" else xlsx_export
    monkeypatch.setattr(module, builder, broken)
    out, fresh = tmp_path / COMMANDS[command], tmp_path / ("fresh-" + COMMANDS[command])
    out.write_bytes(b"previous export")
    assert main([command, "--page", "minusma", "--out", str(out)]) == 1
    assert main([command, "--page", "minusma", "--out", str(fresh)]) == 1
    assert "builder crashed" in capsys.readouterr().err
    assert out.read_bytes() == b"previous export" and not fresh.exists()


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.usefixtures("quick_load")
def test_cli_bad_page_or_filter_is_2(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / COMMANDS[command]
    assert main([command, "--page", "nowhere", "--out", str(out)]) == 2
    assert "valid pages" in capsys.readouterr().err
    assert main([command, "--page", "violence", "--filter", "regions=Atlantis", "--out", str(out)]) == 2
    assert "Atlantis" in capsys.readouterr().err
    assert not out.exists()


def test_cli_missing_data_is_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WPS_DATA_DIR", str(tmp_path / "nothing"))
    out = tmp_path / "p.html"
    assert main(["html", "--page", "sources", "--out", str(out)]) == 1
    assert not out.exists()


# --- the app's buttons -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def deferred() -> Iterator[dict[str, Callable[[], Any]]]:
    """Every function handed to a deferred download button, by its file id."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    found: dict[str, Callable[[], Any]] = {}
    original = MediaFileManager.add_deferred

    def add(self: Any, data_callable: Callable[[], Any], *args: Any, **kwargs: Any) -> str:
        file_id = original(self, data_callable, *args, **kwargs)
        found[file_id] = data_callable
        return file_id

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(MediaFileManager, "add_deferred", add)
        yield found


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_offers_html_and_xlsx_built_on_click(
    page: str, deferred: dict[str, Callable[[], Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    calls: list[str] = []
    real_html, real_xlsx = html_export.page_html, xlsx_export.page_xlsx
    monkeypatch.setattr(html_export, "page_html", lambda *a, **k: calls.append("html") or real_html(*a, **k))
    monkeypatch.setattr(xlsx_export, "page_xlsx", lambda *a, **k: calls.append("xlsx") or real_xlsx(*a, **k))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=90)
    at.switch_page(PAGES[page].file)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    buttons = {b.proto.label: b for b in at.get("download_button")}
    for key in ("download.html", "download.xlsx"):
        button = buttons.get(EN[key])
        assert button is not None, f"{page}: no {EN[key]!r} button among {list(buttons)}"
        assert button.proto.deferred_file_id and not button.proto.url, "built on click, not on every run"
        assert button.proto.help == EN[key + "_help"]
    assert calls == [], "nothing is built before a click"
    if page in ("violence", "explorer"):  # what a click runs, end to end
        doc = deferred[buttons[EN["download.html"]].proto.deferred_file_id]().decode("utf-8")
        assert html.escape(t(f"page.{page}")) in doc
        book = _book(deferred[buttons[EN["download.xlsx"]].proto.deferred_file_id]())
        assert book.sheetnames == ["data", "sources", "read me"]
        assert calls == ["html", "xlsx"]


# --- in a browser, with no network ---------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium(browser: Any) -> Any:
    """The session's Debian Chromium (tests/conftest.py): one Playwright per process, shared with the other suites."""
    return browser


DRAWN_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .filter(p => { const s = p.querySelector('svg.main-svg'); if (!s) return false;
                 const r = s.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length"""


@pytest.mark.browser
@pytest.mark.parametrize("page", list(PAGES))
def test_offline_html_draws_every_chart_with_the_network_blocked(
    page: str, chromium: Any, html_doc: Callable, tmp_path: Path
) -> None:
    path = tmp_path / f"{page}.html"
    path.write_text(html_doc(page, "en"), encoding="utf-8")
    context = chromium.new_context(viewport={"width": 1300, "height": 900})
    tab = context.new_page()
    requested: list[str] = []
    errors: list[str] = []

    def only_files(route: Any) -> None:
        url = route.request.url
        requested.append(url)
        if url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    tab.route("**/*", only_files)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        tab.goto(path.as_uri(), wait_until="load")
        n = len(PAGES[page].charts)
        if n:
            tab.wait_for_function(f"() => ({DRAWN_JS})() === {n}", timeout=60_000)
        assert tab.evaluate(DRAWN_JS) == n
        assert tab.locator("h1").inner_text() == t(f"page.{page}")
    finally:
        context.close()
    assert [u for u in requested if not u.startswith("file:")] == [], "a request left the file"
    assert errors == []
