"""End-to-end tests in headless Chromium (Playwright) against a real ``streamlit run app.py``.

One Streamlit server and one browser for the whole session. Every page of
``pagespec.PAGES`` is opened once (cached per module) and checked for: no traceback or
exception box, every Plotly chart drawn (an SVG with a size and at least one drawn mark),
source links to the documents, and a CSV download that parses. Then the URL contract:
filters set through the link are applied, bad parameters give a notice and the default
view, and HTML or script in a parameter never runs. Finally, print media hides the sidebar.

Chromium comes from Debian (``apt-get install -y chromium``); ``playwright install`` is never
used. Without it the module is skipped locally and fails in CI (``CI=true``). The server, the
browser and ``open_app`` are shared with ``test_browser_access.py`` (``browser_support.py``, and
the ``app_url`` / ``browser`` session fixtures in ``conftest.py``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pandas as pd
import pytest
from browser_support import MARKS_JS, open_app, serve, url_path  # app_url, browser: fixtures in conftest.py

from wps_data.exports.tables import FORMULA_PREFIXES
from wps_data.i18n import t
from wps_data.pagespec import PAGES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
EXPECTED_CHARTS = {key: len(spec.charts) for key, spec in PAGES.items() if spec.charts}  # from the page specs
CHART_PAGES = [k for k in PAGES if EXPECTED_CHARTS.get(k, 0)]
NOTICE = "Some link parameters were ignored"
# Links Streamlit itself puts on a page (error help, branding): never a source link.
OWN_HOSTS = ("streamlit.io", "streamlit.app", "google.com", "chatgpt.com", "127.0.0.1", "localhost")


def known_document_hosts() -> set[str]:
    with open(ROOT / "data" / "curated" / "sources.csv", encoding="utf-8", newline="") as fh:
        return {urlsplit(r["url"]).hostname or "" for r in csv.DictReader(fh) if r["url"]} - {""}


# --- opening a page and waiting for it ---------------------------------------------------------

CHARTS_JS = f"""() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(p => {{
  const svg = p.querySelector('svg.main-svg');
  const r = svg ? svg.getBoundingClientRect() : {{width: 0, height: 0}};
  return {{svg: !!svg, width: r.width, height: r.height, marks: ({MARKS_JS})(p)}};
}})"""


@pytest.fixture(scope="module")
def pages(browser, app_url: str) -> Iterator[Callable[[str], object]]:
    """Each page of the dashboard opened once per module: ``pages(key)``."""
    opened: dict[str, object] = {}

    def get(key: str):
        if key not in opened:
            opened[key] = open_app(browser, app_url, url_path(key), EXPECTED_CHARTS.get(key, 0))
        return opened[key]

    yield get
    for page in opened.values():
        page.context.close()


@pytest.fixture
def fresh(browser, app_url: str) -> Iterator[Callable[..., object]]:
    """Open a page for this test only: ``fresh(path, charts=0, marks=True)``; closed afterwards."""
    opened = []

    def open_(path: str, charts: int = 0, marks: bool = True):
        page = open_app(browser, app_url, path, charts, marks)
        opened.append(page)
        return page

    yield open_
    for page in opened:
        page.context.close()


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def notice_texts(page) -> list[str]:
    return [s for s in page.locator('[data-testid="stAlert"]').all_inner_texts() if NOTICE in s]


def assert_clean(page, key: str) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, main_text(page)[:2000]
    body = page.locator("body").inner_text()
    assert "Traceback" not in body
    assert "Error" not in page.title()
    titles = page.locator("h1").all_inner_texts()
    assert t("error.title") not in titles
    assert titles[:1] == [t(f"page.{key}")], titles


def assert_charts(page, n: int, marks: bool = True) -> None:
    charts = page.evaluate(CHARTS_JS)
    assert len(charts) == n, charts
    for i, c in enumerate(charts):
        assert c["svg"] and c["width"] > 0 and c["height"] > 0, (i, c)
        if marks:
            assert c["marks"] >= 1, f"chart {i} has no drawn mark: {c}"


# --- every page --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(PAGES))
def test_page_renders_without_error(pages, key: str) -> None:
    assert_clean(pages(key), key)


@pytest.mark.parametrize("key", list(PAGES))
def test_page_draws_every_chart(pages, key: str) -> None:
    assert_charts(pages(key), EXPECTED_CHARTS.get(key, 0))


@pytest.mark.parametrize("key", CHART_PAGES)
def test_page_links_its_sources(pages, key: str) -> None:
    page = pages(key)
    hrefs = page.eval_on_selector_all(
        '[data-testid="stMain"] a[href^="http"]', "els => els.map(e => e.getAttribute('href'))"
    )
    sources = [h for h in hrefs if not any((urlsplit(h).hostname or "").endswith(o) for o in OWN_HOSTS)]
    assert sources, f"no source link on {key}: {hrefs}"
    known = known_document_hosts()
    assert any(urlsplit(h).hostname in known for h in sources), sources


DESK_IDS = {"mandates": "provision_id", "council": "statement_id", "timeline": "event_id", "changes": "fact_id"}


@pytest.mark.parametrize("key", list(PAGES))
def test_page_csv_download(pages, key: str) -> None:
    page = pages(key)
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name=t("download.csv")).first.click()
    download = info.value
    assert download.failure() is None
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), data[:20]
    assert download.suggested_filename.startswith(f"mali-wps_{key}_")
    assert download.suggested_filename.endswith(".csv")
    df = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    if key in DESK_IDS:  # the Council desk's rows: provisions, statements, events, changes (each with its id)
        ident = DESK_IDS[key]
        assert ident in df.columns and len(df) >= 1 and df[ident].is_unique, list(df.columns)
        text = "reason" if key == "changes" else ("quote" if key == "timeline" else "text")
        assert not df[text].str.startswith(FORMULA_PREFIXES).any()
        return
    assert {"fact_id", "quote", "url", "title", "locator"} <= set(df.columns), list(df.columns)
    assert len(df) >= 1
    assert df["fact_id"].str.fullmatch(r"[a-z0-9][a-z0-9-]*").all()
    for col in ("quote", "title", "locator"):
        assert not df[col].str.startswith(FORMULA_PREFIXES).any(), col


# --- the URL contract ----------------------------------------------------------------------------


def _multiselect_shows(label: str, value: str) -> Callable[[object], None]:
    def check(page) -> None:
        box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label)
        assert box.count() == 1
        lines = [s.strip() for s in box.inner_text().split("\n") if s.strip()]
        assert lines[0] == label and value in lines[1:], lines

    return check


def _explorer_subset(page) -> None:
    m = re.search(r"(\d+) of (\d+) figures match", main_text(page))
    assert m, main_text(page)[:1000]
    n, total = int(m.group(1)), int(m.group(2))
    assert 0 < n < total
    themes = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Themes").inner_text()
    assert "crsv" in themes


@pytest.mark.parametrize(
    ("path", "key", "check"),
    [
        ("/violence?regions=Gao", "violence", _multiselect_shows("Regions", "Gao")),
        ("/explorer?themes=crsv", "explorer", _explorer_subset),
        ("/representation?branches=justice", "representation", _multiselect_shows("Branches", "justice")),
    ],
    ids=["violence-regions", "explorer-themes", "representation-branches"],
)
def test_url_filter_is_applied(fresh, path: str, key: str, check) -> None:
    page = fresh(path, EXPECTED_CHARTS.get(key, 0), marks=False)
    assert_clean(page, key)
    assert not notice_texts(page)
    check(page)
    assert_charts(page, EXPECTED_CHARTS.get(key, 0), marks=False)  # a filtered chart may show "no data"


def test_bad_url_parameters_give_a_notice_and_the_default_view(fresh) -> None:
    page = fresh("/violence?foo=bar&regions=Atlantis", EXPECTED_CHARTS["violence"])
    assert_clean(page, "violence")
    notes = notice_texts(page)
    assert len(notes) == 1, page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert "'foo'" in notes[0] and "'regions'" in notes[0]
    assert_charts(page, EXPECTED_CHARTS["violence"])
    regions = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Regions")
    assert "Atlantis" not in regions.inner_text()


def test_invalid_language_gives_a_notice(fresh) -> None:
    page = fresh("/?lang=xx", EXPECTED_CHARTS["overview"])
    assert_clean(page, "overview")
    assert notice_texts(page)


PWNED = "window.__pwned=1"


@pytest.mark.parametrize(
    ("path", "key", "notice"),
    [
        (f"/sources?q={quote(f'<script>{PWNED}</script>')}", "sources", False),
        (f"/sources?q={quote(f'<img src=x onerror={PWNED}>')}", "sources", False),
        (f"/?foo={quote(f'<img src=x onerror={PWNED}>')}", "overview", True),
        (f"/violence?regions={quote(f'<script>{PWNED}</script>')}", "violence", True),
        (f"/?{quote(f'<img src=x onerror={PWNED}>')}=1", "overview", True),
    ],
    ids=["search-script", "search-img", "unknown-param-img", "filter-script", "param-name-img"],
)
def test_html_in_url_never_executes(fresh, path: str, key: str, notice: bool) -> None:
    page = fresh(path, EXPECTED_CHARTS.get(key, 0), marks=False)
    page.wait_for_timeout(500)  # time for an injected onerror/script to fire, were there one
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator('img[src="x"]').count() == 0
    injected = page.evaluate(
        "Array.from(document.querySelectorAll('script, img, iframe'))"
        ".filter(e => (e.outerHTML || '').includes('__pwned')).length"
    )
    assert injected == 0
    assert_clean(page, key)
    assert bool(notice_texts(page)) == notice
    if key == "sources":
        from playwright.sync_api import expect

        # shown as the literal text typed (auto-waiting: the box may be drawn before its value)
        expect(page.locator('[data-testid="stTextInput"] input')).to_have_value(re.compile(r"^<.*__pwned"))


def test_markdown_in_a_parameter_name_is_not_a_link(fresh) -> None:
    page = fresh(f"/?{quote('[x](https://evil.example)')}=1", EXPECTED_CHARTS["overview"])
    assert_clean(page, "overview")
    assert notice_texts(page)
    assert page.locator('a[href*="evil.example"]').count() == 0


# --- print ---------------------------------------------------------------------------------------


def test_print_media_hides_the_sidebar(pages) -> None:
    page = pages("representation")
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.is_visible()
    page.emulate_media(media="print")
    assert not sidebar.is_visible()
    assert page.locator(".js-plotly-plot").first.is_visible()
    page.emulate_media(media="screen")
    assert sidebar.is_visible()


@pytest.mark.browser
def test_a_deep_link_on_a_fresh_server_goes_through_the_app_router(browser, tmp_path: Path) -> None:
    """The first visitor of a just-started server arrives on a shared link to a page.

    Streamlit runs a page of an app with a pages/ folder on its own until st.navigation has
    run once; the page must still get app.py's sections, language selector and filters.
    """
    with serve(tmp_path / "server.log") as base:
        page = open_app(browser, base, "/violence?regions=Gao", EXPECTED_CHARTS["violence"], marks=False)
        try:
            nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
            assert t("nav.section.themes") in nav and t("page.violence") in nav, nav
            assert "explorer" not in [x.strip() for x in nav.splitlines()], f"the raw pages/ file list is shown: {nav}"
            assert page.get_by_text("Language / Langue").count() == 1
            assert page.locator('[data-testid="stMultiSelect"]').filter(has_text="Gao").count() == 1
            assert page.locator("h1").first.inner_text() == t("page.violence")
        finally:
            page.context.close()
