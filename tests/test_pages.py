"""Streamlit AppTest tests of the nine dashboard pages, driven through ``app.py``.

What is checked, page by page (``PAGES`` in ``wps_data.pagespec``):

* the page renders without an exception, with its title, its charts (or tables) and
  the CSV download of the rows behind it (file name, encoding, columns, fact ids);
* a filter (a URL query parameter or a widget) changes what the page shows;
* bad link parameters (unknown key, invalid value, very long value, a ``<script>``
  value) give the "Some link parameters were ignored" notice, no exception, and no
  markup built from the parameter;
* with no data or a damaged data file, every page shows the error page with the
  ``wps-data build`` command instead of a traceback;
* the French interface;
* the app layer itself: the Streamlit behaviour ``wps_data.app.router`` depends on (these
  tests fail loudly after an upgrade that changes it), the one cache keyed on the dataset
  version and the filters, the loader noticing a rebuild, every page drawing its spec's
  charts in order, and app modules that are small and say their layer.

Each run is a fresh ``AppTest`` switched to the page *before* its first run (the page's
``url_path`` is its file name, so no run of the default page is needed first). The
overview is switched to as well: AppTest resets Streamlit's legacy ``pages/`` mode on
every run, and only this path keeps the ids of app.py's sidebar widgets stable between
runs (on the bare default path a language change is lost in router.ensure_router's rerun).
Clean renders are shared within the module. The CSV bytes of ``st.download_button`` are not
in the element proto: a file the run stored has a media URL (the test media storage is
wrapped to keep every stored file, looked up by the id in that URL), and a CSV, built only
on click, a deferred id whose function is recorded and run as a click would
(``download_support``).
"""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
from download_support import BuiltFile, built, is_deferred, record_deferred
from streamlit.runtime.memory_media_file_storage import MemoryFile, MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from wps_data import charts as charts_pkg
from wps_data.app.frame import FRAME_HTML
from wps_data.i18n.catalogue import EN, FR
from wps_data.pagespec import MAX_PARAM_LEN, PAGES
from wps_data.paths import PROJECT_ROOT

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
DATA = ROOT / "data"

PAGE_KEYS = list(PAGES)
CHARTS = {key: len(spec.charts) for key, spec in PAGES.items() if spec.charts}  # from the page specs
TABLE_PAGES = ("sources", "explorer")  # the disagreements are cards (test_every_conflict_card_lists_each_source)
DESK_PAGES = ("mandates", "council", "timeline", "changes")
NOTICE = "Some link parameters were ignored"
SCRIPT = "<script>alert(1)</script>"
FACTS_RE = re.compile(r"^The (\d+) (?:figures|passages|records|events) behind this chart")
CSV_NAME_RE = r"^mali-wps_{page}_[a-z0-9-]+_\d{{4}}-\d{{2}}-\d{{2}}\.csv$"
BOM = b"\xef\xbb\xbf"

# --- recording the download files -----------------------------------------------------

_MEDIA: dict[str, MemoryFile] = {}


class _RecordingStorage(MemoryMediaFileStorage):
    """The AppTest media storage, also keeping every file by id after its run ends."""

    def load_and_get_id(self, path_or_data: Any, mimetype: str, kind: Any, filename: str | None = None) -> str:
        file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
        _MEDIA[file_id] = self.get_file(file_id)
        return file_id


@pytest.fixture(scope="module", autouse=True)
def _record_downloads() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp, record_deferred():
        mp.setattr(app_test_module, "MemoryMediaFileStorage", _RecordingStorage)
        yield


# --- driving the app --------------------------------------------------------------------


def render(page: str, params: dict[str, Any] | None = None) -> AppTest:
    """A fresh session of the app on ``page`` with these URL parameters."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.switch_page(PAGES[page].file)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture(scope="module")
def clean() -> Any:
    """Render a page without parameters, once per page for the whole module."""
    cache: dict[str, AppTest] = {}

    def get(page: str) -> AppTest:
        if page not in cache:
            cache[page] = render(page)
        return cache[page]

    return get


def exceptions(at: AppTest) -> list[str]:
    return [e.message for e in at.exception]


def notices(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def titles(at: AppTest) -> list[str]:
    return [e.value for e in at.title]


def charts(at: AppTest) -> dict[str, dict]:
    """Plotly specs by chart id (the element key is ``fig-<chart id>``)."""
    out = {}
    for el in at.get("plotly_chart"):
        key = el.proto.id.split("-", 2)[-1]
        out[key.removeprefix("fig-")] = json.loads(el.proto.spec)
    return out


def chart_title(spec: dict) -> str:
    title = spec["layout"]["title"]
    return title["text"] if isinstance(title, dict) else str(title)


def bar_categories(spec: dict) -> set:
    """The distinct bars of a bar chart: labels on its category axis (multi-category aware)."""
    cats: set = set()
    for tr in spec["data"]:
        if tr.get("type") != "bar":
            continue
        axis = tr.get("y") if tr.get("orientation") == "h" else tr.get("x")
        if not isinstance(axis, list) or not axis:
            continue
        cats |= set(zip(*axis, strict=True)) if isinstance(axis[0], list) else set(axis)
    cats.discard(None)
    return cats


def fact_counts(at: AppTest) -> list[int]:
    """N of every 'The N figures behind this chart' expander, in page order."""
    return [int(m.group(1)) for e in at.expander if (m := FACTS_RE.match(e.label))]


def caption_matching(at: AppTest, pattern: str) -> re.Match:
    found = [m for c in at.caption if (m := re.search(pattern, c.value))]
    assert len(found) == 1, f"expected one caption matching {pattern!r}, got {[c.value for c in at.caption]}"
    return found[0]


def _file(button: Any) -> MemoryFile | BuiltFile:
    """The button's file: built as a click builds it (a deferred CSV), or as the run stored it."""
    if is_deferred(button):
        return built(button)
    file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
    assert file_id in _MEDIA, f"download {button.proto.url} was not stored"
    return _MEDIA[file_id]


def download(at: AppTest) -> tuple[Any, MemoryFile | BuiltFile, pd.DataFrame]:
    """The page's one CSV of its rows (beside each chart's own data button), its file and the CSV parsed."""
    labels = {EN["download.csv"], FR["download.csv"]}
    buttons = [b for b in at.get("download_button") if b.proto.label in labels]
    assert len(buttons) == 1, f"expected one page download button, got {len(buttons)}"
    file = _file(buttons[0])
    return buttons[0], file, pd.read_csv(io.BytesIO(file.content), encoding="utf-8-sig", keep_default_na=False)


def chart_downloads(at: AppTest) -> dict[str, MemoryFile | BuiltFile]:
    """Each chart's "data behind this chart" file, by file name."""
    labels = {EN["chart.data_csv"], FR["chart.data_csv"]}
    return {_file(b).filename: _file(b) for b in at.get("download_button") if b.proto.label in labels}


def shown_fact_ids(at: AppTest) -> set[str]:
    """Fact ids of every table on the page that has a fact_id column (a derived row may list several)."""
    ids: set[str] = set()
    for df in at.dataframe:
        value = df.value
        if "fact_id" in value.columns:
            ids |= {i.strip() for cell in value["fact_id"].astype(str) for i in cell.split(",") if i.strip()}
    return ids


def all_fact_ids() -> set[str]:
    return set(pq.read_table(DATA / "facts.parquet", columns=["fact_id"]).column("fact_id").to_pylist())


def assert_not_markup(at: AppTest, needle: str = SCRIPT) -> None:
    """``needle`` is never sent as markup: not at all, or only escaped inside the notice.

    The search box (text_input) is exempt: it shows what was typed, as plain text.
    """
    for node in [*at.main, *at.sidebar]:
        proto = getattr(node, "proto", None)
        if proto is None or node.type == "text_input":
            continue
        text = str(proto)
        if node.type == "warning":
            assert needle not in text, f"unescaped in the notice: {node.value!r}"
        else:
            assert "alert(1)" not in text, f"{node.type} element carries the parameter: {text[:300]!r}"
    for html in at.get("html"):
        if html.proto.body == FRAME_HTML:  # the page frame's static CSS and script (app/frame.py), never data
            continue
        assert "<script" not in str(html.proto).lower()


def test_the_frame_is_sent_once_a_page_as_written_with_its_script_allowed(clean: Any) -> None:
    """frame.install hands st.html the frame's text as is (no dedent): the browser gets FRAME_HTML exactly."""
    for page in ("overview", "disagree"):
        frames = [h.proto for h in clean(page).get("html") if h.proto.body == FRAME_HTML]
        assert len(frames) == 1 and frames[0].unsafe_allow_javascript


# --- every page renders --------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGE_KEYS)
def test_page_renders_without_exception(clean: Any, page: str) -> None:
    at = clean(page)
    assert exceptions(at) == []
    assert titles(at) == [EN[f"page.{page}"]]
    assert notices(at) == [], "a clean URL must not show the link notice"


@pytest.mark.parametrize("page", PAGE_KEYS)
def test_page_shows_its_charts_or_tables(clean: Any, page: str) -> None:
    at = clean(page)
    specs = charts(at)
    assert len(specs) == CHARTS.get(page, 0)
    assert list(specs) == list(PAGES[page].charts), "the page draws its spec's charts, in order"
    if page in TABLE_PAGES:
        assert len(at.dataframe) >= 1
        assert len(at.dataframe[0].value) > 0
    for chart_id, spec in specs.items():
        assert chart_title(spec).strip(), f"chart {chart_id} has no title"
    # every chart that has data lists the figures behind it
    assert len(fact_counts(at)) == sum(1 for s in specs.values() if s["data"])
    assert all(n > 0 for n in fact_counts(at))


@pytest.mark.parametrize("page", PAGE_KEYS)
def test_every_chart_offers_the_data_behind_it(clean: Any, page: str) -> None:
    from wps_data.dataset import load_dataset
    from wps_data.exports.tables import chart_csv_bytes

    at = clean(page)
    files = chart_downloads(at)
    ids = PAGES[page].charts
    assert len(files) == len(ids), f"{page}: one data button per chart"
    labels = {EN["chart.data_csv"]}
    assert all(is_deferred(b) for b in at.get("download_button") if b.proto.label in labels), "built on click"
    ds = load_dataset(DATA)
    for chart_id in ids:
        name = next(n for n in files if n.startswith(f"mali-wps_{chart_id}_"))
        assert files[name].content == chart_csv_bytes(charts_pkg.draw(chart_id, ds, {}, "en")), chart_id


@pytest.mark.parametrize("page", PAGE_KEYS)
def test_page_offers_the_csv_of_its_rows(clean: Any, page: str) -> None:
    at = clean(page)
    button, file, df = download(at)
    assert button.label == EN["download.csv"]
    assert is_deferred(button), "the CSV is written when clicked, not on every rerun"
    assert file.mimetype == "text/csv"
    assert re.match(CSV_NAME_RE.format(page=page), file.filename or ""), file.filename
    assert file.content.startswith(BOM)
    if page in DESK_PAGES:  # the Council desk's rows: verbatim texts with their sources (tests/test_desk.py)
        assert {"source_id", "title", "url", "locator"} <= set(df.columns) or page == "changes"
        assert len(df) > 0
        return
    assert {"fact_id", "value", "title", "url", "locator", "quote"} <= set(df.columns)
    assert len(df) > 0
    assert df["fact_id"].is_unique
    assert set(df["fact_id"]) <= all_fact_ids()
    if page == "overview":
        # the overview's CSV holds its headline figures, named in each metric's help
        # the help is markdown (escaped data): read it as the reader sees it
        helps = [re.sub(r"\\(.)", r"\1", metric.help) for metric in at.metric]
        headline_ids = {m.group(1) for h in helps if (m := re.search(r"Fact (\S+)\.$", h))}
        assert headline_ids and set(df["fact_id"]) == headline_ids
    else:
        # every figure listed in a table of the page is in its CSV
        assert shown_fact_ids(at) <= set(df["fact_id"])


# --- a filter changes what is shown ----------------------------------------------------------


def _filter_representation(clean: Any) -> None:
    base = charts(clean("representation"))["rep-quota"]
    at = render("representation", {"branches": ["justice"]})
    assert exceptions(at) == [] and notices(at) == []
    assert at.multiselect(key="branches").value == ["justice"]
    quota = charts(at)["rep-quota"]
    assert 0 < len(bar_categories(quota)) < len(bar_categories(base))
    assert chart_title(quota) != chart_title(base)
    assert "branches-justice" in download(at)[1].filename


def _filter_violence(clean: Any) -> None:
    base = fact_counts(clean("violence"))
    at = render("violence", {"regions": ["Gao"]})
    assert exceptions(at) == [] and notices(at) == []
    assert at.multiselect(key="regions").value == ["Gao"]
    assert sum(fact_counts(at)) < sum(base)
    _, file, df = download(at)
    assert "regions-gao" in file.filename
    assert "Gao" in set(df["region"])


def _filter_humanitarian(clean: Any) -> None:
    base = clean("humanitarian")
    at = render("humanitarian", {"years": ["2019", "2021"]})
    assert exceptions(at) == [] and notices(at) == []
    assert at.slider(key="years").value == (2019, 2021)
    assert fact_counts(at) != fact_counts(base)
    assert sum(fact_counts(at)) < sum(fact_counts(base))
    needs = chart_title(charts(at)["hum-needs-trend"])
    assert needs != chart_title(charts(base)["hum-needs-trend"])
    assert all(2019 <= int(y) <= 2021 for y in re.findall(r"\b(?:19|20)\d\d\b", needs)), needs
    assert "years-2019-2021" in download(at)[1].filename


def _filter_no_filters(page: str) -> None:
    # No filters: the one control is the language selector in the sidebar.
    at = render(page)
    assert not at.multiselect and not at.slider
    at.selectbox(key="lang").set_value("fr").run()
    assert exceptions(at) == []
    assert titles(at) == [FR[f"page.{page}"]] != [EN[f"page.{page}"]]
    assert download(at)[0].label == FR["download.csv"] != EN["download.csv"]


def _filter_map(clean: Any) -> None:
    at = render("map")
    box = at.selectbox(key="indicator")
    before_value, before_title = box.value, chart_title(charts(at)["map-regional"])
    other = next(i for i, opt in enumerate(box.options) if i != box.index)
    box.select_index(other).run()
    assert exceptions(at) == []
    assert at.selectbox(key="indicator").value != before_value
    assert chart_title(charts(at)["map-regional"]) != before_title
    year = at.selectbox(key="year")
    assert year.value in year.options


def _filter_sources(clean: Any) -> None:
    at = render("sources")
    assert not [c for c in at.caption if "quotes match" in c.value]
    at.text_input(key="q").input("Ménaka").run()
    assert exceptions(at) == []
    n = int(caption_matching(at, r"^(\d+) quotes match\.$").group(1))
    assert n > 0
    _, file, df = download(at)
    assert len(df) == n and "q-menaka" in file.filename
    # accents are optional
    at.text_input(key="q").input("Menaka").run()
    assert int(caption_matching(at, r"^(\d+) quotes match\.$").group(1)) == n


def _filter_explorer(clean: Any) -> None:
    base = caption_matching(clean("explorer"), r"^(\d+) of (\d+) figures match\.$")
    assert base.group(1) == base.group(2)
    at = render("explorer", {"themes": ["crsv"]})
    assert exceptions(at) == [] and notices(at) == []
    assert at.multiselect(key="themes").value == ["crsv"]
    m = caption_matching(at, r"^(\d+) of (\d+) figures match\.$")
    assert 0 < int(m.group(1)) < int(m.group(2)) == int(base.group(2))
    _, file, df = download(at)
    assert len(df) == int(m.group(1)) and set(df["theme"]) == {"crsv"}
    assert "themes-crsv" in file.filename


FILTER_CHECKS = {
    "overview": lambda clean: _filter_no_filters("overview"),
    "representation": _filter_representation,
    "violence": _filter_violence,
    "humanitarian": _filter_humanitarian,
    "minusma": lambda clean: _filter_no_filters("minusma"),
    "map": _filter_map,
    "disagree": lambda clean: _filter_no_filters("disagree"),
    "sources": _filter_sources,
    "explorer": _filter_explorer,
    "mandates": lambda clean: _filter_desk("mandates", {"mandate_themes": "participation"}, "mandate-provisions"),
    "council": lambda clean: _filter_desk("council", {"members": "FR"}, "council-matrix"),
    "timeline": lambda clean: _filter_desk("timeline", {"event_kinds": "coup"}, "timeline-events"),
    "changes": lambda clean: _filter_no_filters("changes"),
}


def _filter_desk(page: str, params: dict[str, str], chart_id: str) -> None:
    """A desk filter in the link narrows the page's chart (its URL keeps the codes)."""
    full, narrowed = charts(render(page))[chart_id], charts(render(page, params))[chart_id]
    assert json.dumps(full["data"]) != json.dumps(narrowed["data"])


@pytest.mark.parametrize("page", PAGE_KEYS)
def test_a_filter_changes_what_is_shown(clean: Any, page: str) -> None:
    FILTER_CHECKS[page](clean)


def test_violence_year_slider_changes_the_charts(clean: Any) -> None:
    base = fact_counts(clean("violence"))
    at = render("violence")
    at.slider(key="years").set_value((2019, 2021)).run()
    assert exceptions(at) == []
    assert sum(fact_counts(at)) < sum(base)
    assert "years-2019-2021" in download(at)[1].filename


@pytest.mark.parametrize(
    ("page", "params"),
    [
        pytest.param("violence", {"regions": "Gao"}, id="violence-regions"),
        pytest.param("violence", {"years": ["2019", "2021"]}, id="violence-years"),
        pytest.param("humanitarian", {"regions": "Gao"}, id="humanitarian-regions"),
        pytest.param("humanitarian", {"years": ["2019", "2021"]}, id="humanitarian-years"),
    ],
)
def test_every_figure_of_a_filtered_page_fits_the_filter(page: str, params: dict[str, Any]) -> None:
    at = render(page, params)
    assert exceptions(at) == []
    _, _, df = download(at)
    assert len(df) > 0
    if "regions" in params:
        # a chart with no figure for the region keeps its wider view, said so (charts.registry NARROWING)
        from wps_data.dataset import load_dataset

        ds = load_dataset(DATA)
        wider: set[str] = set()
        for chart_id in PAGES[page].charts:
            res = charts_pkg.draw(chart_id, ds, {"regions": [params["regions"]]})
            if res.fallback:
                wider |= set(res.rows["fact_id"])
        assert params["regions"] in set(df["region"])
        assert set(df.loc[df["region"] != params["regions"], "fact_id"]) <= wider
    else:
        years = pd.to_numeric(df["year"], errors="coerce").dropna()
        assert years.between(2019, 2021).all(), sorted(years.unique())


# --- bad link parameters -----------------------------------------------------------------

# Per page: an invalid value of its own parameters (an unknown key on pages without them),
# and the key used for the very long and the <script> values (a page's own key if it has one).
INVALID: dict[str, list[dict[str, str]]] = {
    "overview": [{"regions": "Atlantis"}],
    "representation": [{"branches": "Atlantis"}, {"years": "abc"}],
    "violence": [{"regions": "Atlantis"}, {"years": "abc"}],
    "humanitarian": [{"regions": "Atlantis"}, {"years": "abc"}],
    "minusma": [{"regions": "Atlantis"}],
    "map": [{"indicator": "Atlantis"}, {"year": "abc"}],
    "disagree": [{"regions": "Atlantis"}],
    "sources": [{"regions": "Atlantis"}],
    "explorer": [{"regions": "Atlantis"}, {"years": "abc"}, {"undated": "abc"}],
    "mandates": [{"mandate_themes": "Atlantis"}, {"resolutions": "9999 (2099)"}],
    "council": [{"members": "Atlantis"}, {"topics": "weather"}],
    "timeline": [{"event_kinds": "Atlantis"}],
    "changes": [{"since": "Atlantis"}, {"regions": "Atlantis"}],
}
LONG_KEY = {
    "representation": "branches",
    "violence": "regions",
    "humanitarian": "regions",
    "map": "indicator",
    "sources": "q",
    "explorer": "themes",
}
SCRIPT_KEY = {**LONG_KEY, "sources": "foo"}  # q is free text: a <script> search is valid (tested below)


def _bad_cases() -> list[Any]:
    cases = []
    for page in PAGE_KEYS:
        named = [
            ("unknown", {"foo": "bar"}),
            *[(f"invalid-{next(iter(p))}", p) for p in INVALID[page]],
            ("long", {LONG_KEY.get(page, "foo"): "x" * (MAX_PARAM_LEN + 100)}),
            ("script", {SCRIPT_KEY.get(page, "foo"): SCRIPT}),
        ]
        for name, params in named:
            case = f"{page}-{name}"
            cases.append(pytest.param(page, params, id=case))
    return cases


def assert_one_notice_naming(at: AppTest, *keys: str) -> str:
    assert exceptions(at) == []
    (notice,) = notices(at)
    assert notice.startswith(NOTICE)
    for key in keys:
        shown = re.sub(r"\\(.)", r"\1", notice)  # as the reader sees it: markdown escapes resolved
        assert f"'{key}'" in shown, f"the notice does not name {key!r}: {notice!r}"
    return notice


@pytest.mark.parametrize(("page", "params"), _bad_cases())
def test_bad_link_parameter_shows_the_notice(page: str, params: dict[str, Any]) -> None:
    at = render(page, params)
    assert_one_notice_naming(at, *params)
    # the page still shows its default view
    assert titles(at) == [EN[f"page.{page}"]]
    assert len(charts(at)) == CHARTS.get(page, 0)
    assert download(at)[0] is not None and len(chart_downloads(at)) == CHARTS.get(page, 0)
    assert_not_markup(at)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("xx", id="invalid"),
        pytest.param("x" * (MAX_PARAM_LEN + 100), id="long"),
        pytest.param(SCRIPT, id="script"),
    ],
)
def test_bad_lang_shows_the_notice(value: str) -> None:
    at = render("overview", {"lang": value})
    assert_one_notice_naming(at, "lang")
    assert titles(at) == [EN["page.overview"]]
    assert_not_markup(at)


@pytest.mark.parametrize(
    ("page", "params"),
    [
        pytest.param("violence", {"foo": "bar", "regions": "Atlantis", "years": "abc"}),
        pytest.param("map", {"foo": "bar", "indicator": "Atlantis"}),
    ],
)
def test_several_bad_parameters_share_one_notice(page: str, params: dict[str, str]) -> None:
    assert_one_notice_naming(render(page, params), *params)


def test_a_bad_key_is_escaped_in_the_notice() -> None:
    link = "[click here](https://evil.example)"
    at = render("violence", {SCRIPT: "1", link: "1"})
    notice = assert_one_notice_naming(at)
    assert SCRIPT not in notice and link not in notice
    assert_not_markup(at)


def test_a_script_search_is_plain_text() -> None:
    # q is free text on the sources page: a valid search, shown as typed, never as markup.
    at = render("sources", {"q": SCRIPT})
    assert exceptions(at) == [] and notices(at) == []
    assert at.text_input(key="q").value == SCRIPT
    assert caption_matching(at, r"^(\d+) quotes match\.$").group(1) == "0"
    assert_not_markup(at)
    assert re.match(CSV_NAME_RE.format(page="sources"), download(at)[1].filename or "")


# --- the data cannot be loaded ----------------------------------------------------------------


@pytest.fixture
def no_caches() -> Iterator[None]:
    from wps_data.app import state

    state.clear_caches()
    yield
    state.clear_caches()


@pytest.fixture(scope="module")
def broken_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An empty data folder, and a copy of data/ with a truncated facts.parquet."""
    empty = tmp_path_factory.mktemp("empty-data")
    truncated = tmp_path_factory.mktemp("truncated") / "data"
    shutil.copytree(DATA, truncated)
    facts = truncated / "facts.parquet"
    facts.write_bytes(facts.read_bytes()[: facts.stat().st_size // 2])
    return {"empty": empty, "truncated": truncated}


@pytest.mark.parametrize("damage", ["empty", "truncated"])
@pytest.mark.parametrize("page", PAGE_KEYS)
def test_without_data_every_page_shows_the_error_page(
    page: str, damage: str, broken_data: dict[str, Path], monkeypatch: pytest.MonkeyPatch, no_caches: None
) -> None:
    monkeypatch.setenv("WPS_DATA_DIR", str(broken_data[damage]))
    at = render(page)
    assert exceptions(at) == []
    assert titles(at) == [EN["error.title"]]
    assert any("wps-data build" in c.value for c in at.code)
    (error,) = [e.value for e in at.error]
    assert str(broken_data[damage]) in error, "the error names the data folder"
    if damage == "truncated":
        assert "facts.parquet" in error
    assert not at.get("plotly_chart") and not at.get("download_button")


# --- French -----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGE_KEYS)
def test_every_page_has_the_language_selector(clean: Any, page: str) -> None:
    at = clean(page)
    assert [s.key for s in at.sidebar if s.type == "selectbox"] == ["lang"]
    assert at.selectbox(key="lang").options == ["en", "fr"]


def test_lang_fr_in_the_link_gives_the_french_overview() -> None:
    at = render("overview", {"lang": "fr"})
    assert exceptions(at) == [] and notices(at) == []
    assert titles(at) == ["Vue d'ensemble"]
    assert download(at)[0].label == FR["download.csv"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_overview_citation_is_on_the_page_and_copied_from_a_popover(lang: str) -> None:
    """The citation reads on the page (and on paper); the code block with its copy button waits in a popover.

    Streamlit loads its 1.5 MB code highlighter for any code block: in a popover, only when a reader opens it.
    """
    from wps_data.app.escape import md
    from wps_data.dataset import load_dataset
    from wps_data.i18n import t

    cite = t("overview.cite_text", lang, version=load_dataset(PROJECT_ROOT / "data").version)
    at = render("overview", {"lang": lang})
    assert exceptions(at) == []
    assert md(cite) in [m.value for m in at.markdown]
    popovers = [b for b in at.main.children.values() if getattr(b, "type", None) == "popover"]
    assert [p.proto.popover.label for p in popovers] == [t("overview.cite_copy", lang)]
    inside = [c.value for c in popovers[0].children.values() if getattr(c, "type", None) == "code"]
    assert inside == [cite] == [c.value for c in at.code]  # the page's one code block is the popover's


# --- the map's "no reference year" choice ---------------------------------------------------


def test_the_maps_undated_choice_shows_the_undated_figures() -> None:
    from wps_data.dataset import load_dataset

    ds = load_dataset(PROJECT_ROOT / "data")
    opts = charts_pkg.map_options(ds)
    undated_ind = opts[opts["y"].isna()].sort_values("regions", ascending=False).iloc[0]
    undated = EN["map.undated"]
    at = render("map", {"indicator": undated_ind["label"], "year": undated})
    assert exceptions(at) == [] and notices(at) == []
    assert at.selectbox(key="year").value == undated
    assert undated in chart_title(charts(at)["map-regional"])
    assert fact_counts(at), "the undated figures are drawn"
    assert "year-undated" in download(at)[1].filename


# --- the app layer: the router workaround, the one cache, pages that only describe -----------

STREAMLIT_CHECKED = ("1.67", "2")  # the range app/router.py was checked against (pyproject's pin)


@pytest.fixture
def pages_flag() -> Iterator[type]:
    """Streamlit's PagesManager, its legacy-mode flag restored afterwards."""
    from streamlit.runtime.pages_manager import PagesManager

    saved = PagesManager.__dict__.get("uses_pages_directory")
    yield PagesManager
    PagesManager.uses_pages_directory = saved


def test_router_streamlit_version_is_the_checked_range() -> None:
    from packaging.version import Version

    low, high = (Version(v) for v in STREAMLIT_CHECKED)
    assert low <= Version(st.__version__) < high, (
        f"streamlit {st.__version__} is outside {STREAMLIT_CHECKED}: re-read PagesManager.uses_pages_directory "
        "and update wps_data/app/router.py's comment and this range"
    )


def test_router_makes_the_menu_once_per_session_and_language() -> None:
    """The same ``st.Page`` objects serve every rerun; a language gets its own, titled in it."""
    from wps_data.app.router import PAGES_KEY

    at = render("overview")
    first = at.session_state[f"{PAGES_KEY}en"]
    at.switch_page("pages/sources.py").run()
    assert exceptions(at) == [] and titles(at) == [EN["page.sources"]]
    again = at.session_state[f"{PAGES_KEY}en"]
    assert [id(p) for ps in again.values() for p in ps] == [id(p) for ps in first.values() for p in ps]
    at.selectbox(key="lang").set_value("fr").run()
    assert exceptions(at) == [] and titles(at) == [FR["page.sources"]]
    french = at.session_state[f"{PAGES_KEY}fr"]
    assert {p.title for ps in french.values() for p in ps} >= {FR["page.sources"], FR["page.overview"]}
    assert not {id(p) for ps in french.values() for p in ps} & {id(p) for ps in first.values() for p in ps}


def test_router_streamlit_still_has_the_legacy_pages_flag(pages_flag: type) -> None:
    # A class attribute, read and written on the class (not an instance property).
    assert "uses_pages_directory" in vars(pages_flag), (
        "streamlit removed or renamed PagesManager.uses_pages_directory: wps_data/app/router.py no longer works"
    )


@pytest.mark.parametrize("with_pages", [True, False])
def test_router_a_pages_folder_beside_the_main_script_turns_legacy_mode_on(
    pages_flag: type, tmp_path: Path, with_pages: bool
) -> None:
    (tmp_path / "app.py").write_text("")
    if with_pages:
        (tmp_path / "pages").mkdir()
    pages_flag.uses_pages_directory = None
    pages_flag(str(tmp_path / "app.py"))
    assert pages_flag.uses_pages_directory is with_pages, "PagesManager no longer detects the pages/ folder"


def test_router_the_runner_reads_the_flag_and_navigation_clears_it() -> None:
    import inspect

    from streamlit.commands import navigation
    from streamlit.runtime.scriptrunner import script_runner

    runner = inspect.getsource(script_runner)
    assert "if PagesManager.uses_pages_directory:" in runner and "_mpa_v1(" in runner, (
        "the script runner no longer picks legacy mode from PagesManager.uses_pages_directory"
    )
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation.navigation), (
        "st.navigation no longer switches legacy mode off"
    )


@pytest.mark.parametrize("legacy", [True, False])
def test_router_hands_a_legacy_run_to_app_py(pages_flag: type, monkeypatch: pytest.MonkeyPatch, legacy: bool) -> None:
    from wps_data.app import router

    reruns: list[bool] = []
    monkeypatch.setattr(router.st, "rerun", lambda: reruns.append(True))
    pages_flag.uses_pages_directory = legacy
    router.ensure_router()
    assert pages_flag.uses_pages_directory is False
    assert reruns == ([True] if legacy else [])


def test_only_state_creates_caches() -> None:
    app_dir = ROOT / "src" / "wps_data" / "app"
    pattern = r"st\.cache_(data|resource)\b|cachetools"
    users = sorted(p.name for p in app_dir.glob("*.py") if re.search(pattern, p.read_text()))
    assert users == ["state.py"], f"caches made outside state.cached: {users}"


def test_the_cache_is_keyed_on_the_dataset_version_and_the_filters() -> None:
    import dataclasses

    from wps_data.app import state, views
    from wps_data.filters import Filters

    ds = state.dataset()
    a = views.chart(ds, Filters(years=(2015, 2020), regions=["Gao"]), "en", "violence-regions")
    again = views.chart(ds, Filters(regions=("Gao",), years=[2015, 2020]), "en", "violence-regions")
    assert again is a, "equal filters, given in another order, are one cache entry"
    assert views.chart(ds, Filters(regions=["Mopti"]), "en", "violence-regions") is not a
    assert views.chart(ds, Filters(years=(2015, 2020), regions=["Gao"]), "fr", "violence-regions") is not a
    rebuilt = dataclasses.replace(ds, version=ds.version + "-rebuilt")
    assert views.chart(rebuilt, Filters(years=(2015, 2020), regions=["Gao"]), "en", "violence-regions") is not a
    assert views.headlines(rebuilt, "en") is not views.headlines(ds, "en")


def test_the_loader_notices_a_rebuild(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    from wps_data.app import state
    from wps_data.paths import data_dir

    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder, ignore=shutil.ignore_patterns("curated", "geo"))
    monkeypatch.setenv("WPS_DATA_DIR", str(folder))
    first = state.dataset()
    assert state.dataset() is first, "loaded once"
    facts = folder / "facts.parquet"
    os.utime(facts, (facts.stat().st_atime, facts.stat().st_mtime + 10))  # what a rebuild does to the file
    assert state.dataset() is not first


# Which modules may import what (pages: the app layer; streamlit: the app layer only) is
# tests/test_layers.py's: import-linter contracts and an AST walk of app.py and pages/.


def test_every_app_module_says_its_layer_and_stays_small() -> None:
    for path in sorted((ROOT / "src" / "wps_data" / "app").glob("*.py")):
        text = path.read_text()
        assert "Layer: app" in text.split('"""')[1], f"{path.name}: no layer line"
        assert len(text.splitlines()) <= 400, f"{path.name} has {len(text.splitlines())} lines"


def test_disagree_page_says_the_kind_of_each_disagreement(clean: Any) -> None:
    at = clean("disagree")
    text = " ".join(m.value for m in at.markdown)
    assert EN["disagree.kind.undated"] in text  # schools closed: one source gives no year
    assert EN["disagree.kind.value"] in text and EN["disagree.rounding"] in text
    assert f", {EN['disagree.no_year']}**" in text  # an undated quantity says so, and the bold is not broken


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_conflict_card_lists_each_source_with_its_quote_whole(lang: str) -> None:
    """One card per conflict: an item per source (value, document, link, the verbatim quote in full,
    escaped), the one the charts use marked once. No grid cuts a quote at its column's width."""
    from wps_data.app import views
    from wps_data.app.escape import md, safe_url
    from wps_data.dataset import load_dataset

    at = render("disagree", {"lang": lang})
    assert not exceptions(at) and not at.dataframe
    conf, summary = views.conflicts(load_dataset(ROOT / "data"), lang)
    cards = [m.value for m in at.markdown if "\n\n- " in m.value]
    assert len(cards) == len(summary) == 13
    used = f"**✓ {md(FR['disagree.chosen'] if lang == 'fr' else EN['disagree.chosen'])}**"
    for card, (cid, rows) in zip(cards, conf.groupby("conflict_id", sort=False), strict=True):
        items = card.split("\n\n", 1)[1].split("\n- ")
        assert len(items) == len(rows), cid
        assert card.count(used) == int(rows["chosen"].sum()) == 1, cid
        assert card.endswith(f"\n\n:small[:gray[{md(rows['why'].iloc[0])}]]")  # why the charts use that one
        for item, r in zip(items, rows.itertuples(index=False), strict=True):
            assert f"“{md(r.quote)}”" in item and md(r.fact_id) in item
            assert (used in item) == bool(r.chosen)
            if isinstance(r.url, str):
                assert f"]({safe_url(r.url)})" in item
    assert "nan" not in " ".join(cards).split()  # an undated document shows no date, not "nan"


def test_sidebar_and_overview_say_how_current_each_theme_is(clean: Any) -> None:
    at = clean("overview")
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "Data as of:" in captions and "GBV 2024" in captions
    assert EN["overview.as_of"] in [s.value for s in at.subheader]
    tables = [df.value for df in at.dataframe if EN["asof.col.theme"] in df.value.columns]
    assert len(tables) == 1 and len(tables[0]) >= 8


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_minusma_page_says_the_mission_has_closed(lang: str) -> None:
    at = render("minusma", {"lang": lang})
    assert exceptions(at) == []
    closed = [w.value for w in at.info if "2690" in w.value]
    assert len(closed) == 1
    words = {
        "en": ("MINUSMA has closed", "30 June 2023", "31 December 2023"),
        "fr": ("La MINUSMA a fermé", "30 juin 2023", "31 décembre 2023"),
    }
    assert all(w in closed[0] for w in words[lang]), closed[0]


def _headers_shown(df: Any) -> list[str]:
    """The headers a reader sees over a table: each column's configured label, else its name."""
    config = json.loads(df.proto.columns or "{}")
    shown = []
    for name in df.value.columns:
        conf = config.get(f"col:name:{name}") or config.get(str(name)) or {}
        if not conf.get("hidden"):
            shown.append(str(conf.get("label") or name))
    return shown


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", list(PAGES))
def test_table_headers_are_words_never_data_codes(page: str, lang: str) -> None:
    at = render(page, {"lang": lang})
    assert not exceptions(at)
    for i, df in enumerate(at.dataframe):
        headers = _headers_shown(df)
        codes = [h for h in headers if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", h) or h.islower()]
        assert not codes, f"{page} ({lang}) table {i}: headers {codes} are codes or not capitalised: {headers}"


def test_the_sidebar_counts_the_sources_behind_the_figures_as_the_overview_does(clean: Any) -> None:
    """'539 figures from N sources': N is the figures' own sources (the overview's count), not the whole catalogue."""
    from wps_data.dataset import load_dataset

    ds = load_dataset(DATA)
    behind, catalogue = ds.facts["source_id"].nunique(), len(ds.sources)
    assert behind < catalogue  # the catalogue also holds the Council desk's texts
    at = clean("overview")
    line = next(c.value for c in at.sidebar.caption if c.value.startswith("Dataset version"))
    assert f"{len(ds.facts)} figures from {behind} sources ({catalogue} sources with the Council desk" in line
    assert any(f"from {behind} sources" in c.value for c in at.caption if "The dataset holds" in c.value)
