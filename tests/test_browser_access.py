"""Print, phone and accessibility, in headless Chromium against a real ``streamlit run app.py``.

Every page of ``pagespec.PAGES`` is opened once on a desktop in English and once on a phone
(390 x 844) in French, and checked for:

* print (A4 portrait and landscape, print media at the printed column's width): the sidebar
  is hidden; every chart is drawn at most as wide as its column and its column ends inside
  the paper; each chart card keeps its title, source line and date. Then a real
  ``page.pdf()`` of a chart page, portrait and landscape: the PDF holds the whole page, and
  what Chromium laid out for the paper had every chart drawn to the paper's width (the
  charts used to keep the screen's width and lose their right-hand side);
* phone: no chart wider than the screen, no sideways scrolling, x tick labels inside the
  chart, level and never overlapping, years as whole years ("2020", never "20 20" or
  "2020.5"), chart titles inside the chart (they wrap);
* accessibility: axe-core finds no violation of impact "serious" or "critical" (English on
  the desktop, French on the phone). The one exception, ``STREAMLIT_OWN``, is named below with
  its reason; a failure prints each violation's rule, impact, target and summary.

The server, the browser and ``open_app`` come from ``browser_support.py`` and the session
fixtures in ``conftest.py`` (one server and one browser for every browser test).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from browser_support import DESKTOP, open_app, url_path

from wps_data.i18n import t
from wps_data.pagespec import PAGES

pytestmark = pytest.mark.browser

EXPECTED_CHARTS = {key: len(spec.charts) for key, spec in PAGES.items()}
PHONE = {"width": 390, "height": 844}
# A4 at 96 CSS px per inch (794 x 1123 px) less the app's @page margins (12 mm = 45 px a side).
MARGIN_PX = 45
A4 = {"portrait": (794, 1123), "landscape": (1123, 794)}
PRINTABLE = {name: (w - 2 * MARGIN_PX, h - 2 * MARGIN_PX) for name, (w, h) in A4.items()}
SERIOUS = ("serious", "critical")
# Violations inside Streamlit's own widgets that the app cannot fix: (axe rule, CSS selector
# the flagged node matches). Nothing else is excluded, and no rule is switched off.
STREAMLIT_OWN = {
    # st.navigation with sections draws <ul><div><header/><li/>...</div></ul>: the section's <div>
    # is not a list item and its <li>s have no list parent. Streamlit's markup, not the app's; the
    # links themselves are in <nav aria-label="App pages"> and read fine.
    ("list", '[data-testid="stSidebarNavItems"]'),
    ("listitem", '[data-testid="stSidebarNavItems"] li'),
}

# The app's frame (CSS and script, in a lazily loaded st.html) is in, and every chart has been
# fitted by its script to the width it is drawn at.
SETTLED_JS = """() => !!document.getElementById('wps-frame-css')
  && Array.from(document.querySelectorAll('.js-plotly-plot')).every(gd => {
  const box = gd.closest('[data-testid="stPlotlyChart"]') || gd.parentElement;
  const fl = gd._fullLayout;
  return fl && Math.abs(fl.width - box.getBoundingClientRect().width) <= 1
    && gd.dataset.wpsFit === String(Math.round(fl.width));
})"""

# Geometry of every chart: the column's box, the width plotly drew at, the SVG, the title.
CHARTS_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((gd, i) => {
  const box = (gd.closest('[data-testid="stPlotlyChart"]') || gd.parentElement).getBoundingClientRect();
  const svg = gd.querySelector('svg.main-svg');
  const s = svg.getBoundingClientRect();
  const title = gd.querySelector('.gtitle');
  const tr = title ? title.getBoundingClientRect() : null;
  return {i, title: title ? title.textContent : '', titleLeft: tr ? tr.left : 0, titleRight: tr ? tr.right : 0,
          boxLeft: box.left, boxRight: box.right, boxWidth: box.width, drawn: Number(svg.getAttribute('width')),
          svgLeft: s.left, svgRight: s.right, svgTop: s.top, svgBottom: s.bottom};
})"""

# The x tick labels of every chart, axis by axis, with their boxes and whether they are turned.
TICKS_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((gd, i) => {
  const fl = gd._fullLayout;
  const s = gd.querySelector('svg.main-svg').getBoundingClientRect();
  const axes = ((fl._subplots && fl._subplots.xaxis) || []).map(id => {
    const ax = fl['xaxis' + id.slice(1)];
    const labels = Array.from(gd.querySelectorAll('g.' + id + 'tick > text')).map(el => {
      const r = el.getBoundingClientRect();
      return {text: el.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
              turned: /rotate\\((?!0[,)])/.test(el.getAttribute('transform') || '')};
    }).filter(l => l.text.trim() && l.right > l.left);
    return {id, years: ax.type === 'linear' && ax.tickformat === 'd', labels};
  });
  return {i, svg: {left: s.left, right: s.right, top: s.top, bottom: s.bottom}, axes};
})"""

# Registered after the app's own listener, so it sees the layout the app fitted for the paper.
RECORD_PRINT_JS = """() => {
  window.wpsPrinted = [];
  if (window.wpsRecording) return;
  window.wpsRecording = true;
  window.matchMedia('print').addEventListener('change', e => {
    if (!e.matches) return;
    window.wpsPrinted.push({
      width: document.documentElement.clientWidth,
      height: document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect().height,
      charts: Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
        const box = (gd.closest('[data-testid="stPlotlyChart"]') || gd.parentElement).getBoundingClientRect();
        return {drawn: gd._fullLayout.width, boxWidth: box.width, boxRight: box.right};
      }),
    });
  });
}"""

YEAR = re.compile(r"^\d{4}$")
MATCHES_JS = "([t, sels]) => { const el = document.querySelector(t); return !!el && sels.some(s => el.matches(s)); }"


def _open(browser: Any, app_url: str, viewport: dict[str, int], lang: str) -> Iterator[Callable[[str], Any]]:
    opened: dict[str, Any] = {}

    def get(key: str) -> Any:
        if key not in opened:
            query = "?lang=fr" if lang == "fr" else ""
            page = open_app(browser, app_url, url_path(key) + query, EXPECTED_CHARTS[key], viewport=viewport)
            settle(page)
            opened[key] = page
        return opened[key]

    yield get
    for page in opened.values():
        page.context.close()


@pytest.fixture(scope="module")
def desktop(browser: Any, app_url: str) -> Iterator[Callable[[str], Any]]:
    """Each page opened once on a desktop, in English: ``desktop(key)``."""
    yield from _open(browser, app_url, DESKTOP, "en")


@pytest.fixture(scope="module")
def phone(browser: Any, app_url: str) -> Iterator[Callable[[str], Any]]:
    """Each page opened once on a 390 px phone, in French (longer words): ``phone(key)``."""
    yield from _open(browser, app_url, PHONE, "fr")


def settle(page: Any) -> None:
    """Wait until the app's frame is installed and every chart is drawn at its column's width and fitted."""
    page.wait_for_function(SETTLED_JS, timeout=30_000)


def test_the_frame_script_survives_streamlits_sanitiser() -> None:
    """DOMPurify (st.html) drops a script whose text holds "<" then a letter, "/" or "!": none may."""
    from wps_data.app.frame import FRAME_HTML

    script = FRAME_HTML.split("<script>", 1)[1].rsplit("</script>", 1)[0]
    assert not re.findall(r"<[/\w!]", script), "the frame script would be dropped by Streamlit's sanitiser"


# --- accessibility ---------------------------------------------------------------------------


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, one line per node, ``STREAMLIT_OWN`` aside."""
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for v in Axe().run(page).response["violations"]:
        if v["impact"] not in SERIOUS:
            continue
        for node in v["nodes"]:
            target = node["target"]
            own = [sel for rule, sel in STREAMLIT_OWN if rule == v["id"]]
            if own and len(target) == 1 and page.evaluate(MATCHES_JS, [target[0], own]):
                continue
            summary = " ".join(node.get("failureSummary", "").split())
            found.append(f"{v['id']} ({v['impact']}) at {target}: {summary[:300]}")
    return found


@pytest.mark.parametrize("key", list(PAGES))
def test_axe_finds_no_serious_violation_in_english(desktop: Callable[[str], Any], key: str) -> None:
    problems = serious_violations(desktop(key))
    assert not problems, f"{key} (en): {len(problems)} serious or critical violation(s):\n" + "\n".join(problems)


@pytest.mark.parametrize("key", list(PAGES))
def test_axe_finds_no_serious_violation_in_french(phone: Callable[[str], Any], key: str) -> None:
    problems = serious_violations(phone(key))
    assert not problems, f"{key} (fr): {len(problems)} serious or critical violation(s):\n" + "\n".join(problems)


@pytest.mark.parametrize("key", [k for k in PAGES if EXPECTED_CHARTS[k]])
def test_every_chart_has_a_name_and_a_table_of_its_rows(desktop: Callable[[str], Any], key: str) -> None:
    """The text alternative: the chart's title as its accessible name, its rows as a table beside it."""
    page = desktop(key)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    assert charts.count() == EXPECTED_CHARTS[key]
    for i in range(charts.count()):
        name = charts.nth(i).get_attribute("aria-label") or ""
        assert charts.nth(i).get_attribute("role") == "figure" and name.strip(), f"{key} chart {i} has no name"
        drawn = re.sub(r"\s", "", charts.nth(i).locator(".gtitle").text_content())  # wrapped: lines joined
        assert re.sub(r"\s", "", name)[:30] in drawn, (name, drawn)
    table, source = t("chart.table", "en"), t("chart.source_line", "en", sources="").strip()
    for card in page.locator('[class*="st-key-wps_chart_"]').all():
        if card.locator(".js-plotly-plot").count() and source in card.inner_text():  # a chart with data
            summary = card.locator('[data-testid="stExpander"] summary').first
            summary.click()  # the expander draws its tabs when opened
            try:
                tab = card.get_by_role("tab", name=table)
                tab.first.wait_for(state="visible", timeout=10_000)
                assert tab.count() == 1, f"{key}: a chart without its table view"
            finally:
                summary.click()


# --- print -------------------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", list(PRINTABLE))
@pytest.mark.parametrize("key", list(PAGES))
def test_print_keeps_every_chart_whole_on_the_paper(desktop: Callable[[str], Any], key: str, orientation: str) -> None:
    page = desktop(key)
    width, _ = PRINTABLE[orientation]
    page.emulate_media(media="print")
    page.set_viewport_size({"width": width, "height": 1000})
    try:
        settle(page)
        assert not page.locator('[data-testid="stSidebar"]').is_visible(), "the sidebar is printed"
        assert page.locator("h1").first.is_visible()
        for c in page.evaluate(CHARTS_JS):
            assert c["boxRight"] <= width + 1, f"{key} chart {c['i']} runs off the paper: {c}"
            assert c["drawn"] <= c["boxWidth"] + 1, f"{key} chart {c['i']} drawn wider than its column: {c}"
            assert c["title"].strip(), f"{key} chart {c['i']} has no title"
            assert c["titleRight"] <= c["svgRight"] + 1, f"{key} chart {c['i']}: the title runs off: {c}"
        source, date = t("chart.source_line", "en", sources="").strip(), t("chart.as_of", "en", as_of="").strip()
        for card in page.locator('[class*="st-key-wps_chart_"]').all():
            if card.locator(".js-plotly-plot").count() == 0:
                continue
            text = card.inner_text()  # what is displayed: hidden buttons and expanders are not
            assert source in text and date in text, f"{key}: a printed chart lost its source or date:\n{text[:500]}"
            assert not any(b.is_visible() for b in card.locator(".stDownloadButton, .stButton").all()), key
    finally:
        page.emulate_media(media="null")  # no emulation: page.pdf() prints with print media
        page.set_viewport_size(DESKTOP)
        settle(page)


@pytest.mark.parametrize("landscape", [False, True], ids=["portrait", "landscape"])
def test_a_real_pdf_holds_the_whole_page_with_charts_at_paper_width(
    desktop: Callable[[str], Any], landscape: bool
) -> None:
    page = desktop("violence")  # seven charts, the GBV one cut at 2016 before
    page.evaluate(RECORD_PRINT_JS)
    try:
        pdf = page.pdf(format="A4", landscape=landscape, print_background=True)
    finally:
        settle(page)  # back at the screen's width
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    printed = page.evaluate("window.wpsPrinted")
    assert len(printed) == 1, printed
    laid = printed[0]
    _, height = PRINTABLE["landscape" if landscape else "portrait"]
    assert pages >= max(1, math.floor(laid["height"] / height)), (pages, laid["height"], height)
    assert len(laid["charts"]) == EXPECTED_CHARTS["violence"]
    for i, c in enumerate(laid["charts"]):
        assert c["drawn"] <= c["boxWidth"] + 1, f"chart {i} printed at the screen's width: {c}"
        assert c["boxRight"] <= laid["width"] + 1, f"chart {i} runs off the paper ({laid['width']} px): {c}"


# --- phone -------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(PAGES))
def test_phone_shows_every_page_within_the_screen(phone: Callable[[str], Any], key: str) -> None:
    page = phone(key)
    overflow = page.evaluate(
        """() => ['[data-testid="stMain"]', '[data-testid="stMainBlockContainer"]'].map(sel => {
          const el = document.querySelector(sel);
          return el ? [sel, el.scrollWidth, el.clientWidth] : [sel, 0, 0];
        }).concat([['html', document.documentElement.scrollWidth, document.documentElement.clientWidth]])"""
    )
    for sel, scroll, client in overflow:
        assert scroll <= client + 1, f"{key}: {sel} scrolls sideways ({scroll} > {client})"
    for c in page.evaluate(CHARTS_JS):
        assert c["boxRight"] <= PHONE["width"] + 1 and c["svgRight"] <= PHONE["width"] + 1, f"{key}: {c}"
        assert c["drawn"] <= c["boxWidth"] + 1, f"{key} chart {c['i']} drawn wider than the screen: {c}"
        assert c["svgLeft"] - 1 <= c["titleLeft"] and c["titleRight"] <= c["svgRight"] + 1, (
            f"{key} chart {c['i']}: the title runs off the chart: {c}"
        )


# Every chart's notes and value labels (plotly annotations) and the boxes Streamlit holds it in.
NOTES_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((gd, i) => {
  const svg = gd.querySelector('svg.main-svg').getBoundingClientRect();
  const held = gd.closest('[data-testid="stElementContainer"]').getBoundingClientRect();
  return {i, left: svg.left, right: svg.right, height: svg.height, held: held.height,
    notes: Array.from(gd.querySelectorAll('.annotation-text')).map(el => {
      const b = el.getBoundingClientRect();
      return {text: el.textContent, left: b.left, right: b.right};
    })};
})"""


def _notes_inside(page: Any, where: str) -> int:
    """Assert every annotation lies within its chart and every chart within its box; the notes seen."""
    seen = 0
    for chart in page.evaluate(NOTES_JS):
        assert chart["held"] >= chart["height"] - 1, f"{where} chart {chart['i']} taller than its box: {chart}"
        for note in chart["notes"]:
            seen += 1
            assert chart["left"] - 1 <= note["left"] and note["right"] <= chart["right"] + 1, (
                f"{where} chart {chart['i']}: {note['text']!r} runs off the chart "
                f"({note['left']:.0f}-{note['right']:.0f} vs {chart['left']:.0f}-{chart['right']:.0f})"
            )
    return seen


@pytest.mark.parametrize("key", [k for k in PAGES if EXPECTED_CHARTS[k]])
def test_phone_chart_notes_and_labels_stay_on_the_chart(phone: Callable[[str], Any], key: str) -> None:
    _notes_inside(phone(key), f"{key} (phone, French)")


@pytest.mark.parametrize(("lang", "width"), [("en", 1400), ("fr", 1400), ("fr", 1024)])
def test_quota_labels_stay_on_the_chart_at_desktop_widths(browser: Any, app_url: str, lang: str, width: int) -> None:
    key = "representation"
    page = open_app(
        browser,
        app_url,
        url_path(key) + f"?lang={lang}",
        EXPECTED_CHARTS[key],
        viewport={"width": width, "height": 1200},
    )
    try:
        settle(page)
        assert _notes_inside(page, f"{key} ({lang}, {width} px)") >= 24  # the quota chart's labels, and more
    finally:
        page.context.close()


# A matrix's columns: as drawn (tick texts, the x axis's title) and as sent (the heatmap's x).
MATRIX_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .filter(gd => gd._fullData.some(t => t.type === 'heatmap')).map(gd => {
    const box = (gd.closest('[data-testid="stPlotlyChart"]') || gd.parentElement).getBoundingClientRect();
    const title = gd.querySelector('.g-xtitle text');
    return {
      ticks: Array.from(gd.querySelectorAll('g.xtick > text')).map(el => el.textContent),
      columns: gd._fullData.find(t => t.type === 'heatmap').x.map(String),
      title: title ? title.textContent : '',
      height: gd._fullLayout.height, sent: gd.layout.wpsBase.height, box: box.height,
    };
  })"""


def _squeezed(text: str) -> str:
    """Text without its spaces and line breaks (an SVG line's tspans are joined without one)."""
    return re.sub(r"\s|<br>", "", text)


PAGE_LINKS_JS = """() => Array.from(document.querySelectorAll(
  '[data-testid="stMain"] [data-testid="stPageLink-NavLink"]')).map(a => {
    const span = a.querySelector(':scope > span');
    return {text: a.textContent, scroll: span.scrollWidth, client: span.clientWidth};
  })"""


def test_phone_page_links_show_their_whole_label(phone: Callable[[str], Any]) -> None:
    """A link from a mandate to the page that measures it wraps on a phone, never cut short by an ellipsis."""
    page = phone("mandates")
    # the cards come after the chart, and React may draw them a moment after the script has ended
    page.wait_for_function(f"() => ({PAGE_LINKS_JS})().length >= 10")
    links = page.evaluate(PAGE_LINKS_JS)
    cut = [x for x in links if x["scroll"] > x["client"] + 1]
    assert not cut, cut[:3]
    assert all(x["text"].endswith("»") for x in links), links[:3]


CUT_JS = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] *'))
  .filter(e => getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent.slice(0, 80))"""


@pytest.mark.parametrize("key", ["overview", "mandates"])
def test_no_label_in_the_main_area_ends_in_an_ellipsis_in_french(
    browser: Any, app_url: str, phone: Callable[[str], Any], key: str
) -> None:
    """Key figures' labels and page links wrap: 'Femmes au Conseil national de transitio...' was cut at 1400 px."""
    wide = open_app(browser, app_url, url_path(key) + "?lang=fr", EXPECTED_CHARTS[key], viewport=DESKTOP)
    try:
        for page in (phone(key), wide):
            if key == "mandates":  # the cards (with their links) may come a moment after the chart
                page.wait_for_function(
                    "() => document.querySelectorAll('[data-testid=stPageLink-NavLink]').length >= 10"
                )
            assert page.evaluate(CUT_JS) == []
        if key == "overview":
            text = wide.locator('[data-testid="stMain"]').inner_text()
            assert "Femmes au Conseil national de transition (CNT)" in text
    finally:
        wide.context.close()


@pytest.mark.parametrize("key", ["mandates", "council"])
def test_a_matrix_on_a_phone_numbers_every_column_and_names_each_under_it(browser: Any, app_url: str, key: str) -> None:
    """No column of a matrix goes unnamed on a phone: numbered, the key under the axis; wide again, the names."""
    page = open_app(browser, app_url, url_path(key) + "?lang=fr", EXPECTED_CHARTS[key], viewport=PHONE)
    try:
        settle(page)
        (matrix,) = page.evaluate(MATRIX_JS)
        columns = matrix["columns"]
        assert len(columns) >= 4
        assert matrix["ticks"] == [str(i + 1) for i in range(len(columns))], matrix["ticks"]
        key_text = _squeezed(matrix["title"])
        for i, name in enumerate(columns):
            assert _squeezed(f"{i + 1} {name}") in key_text, (name, matrix["title"])
        assert matrix["height"] > matrix["sent"] and matrix["box"] >= matrix["height"] - 1  # grown, not squeezed
        page.set_viewport_size(DESKTOP)
        settle(page)
        (wide,) = page.evaluate(MATRIX_JS)
        # every name again (a long word may be cut with a hyphen to fit its column)
        names = [_squeezed(x).replace("-", "") for x in columns]
        assert [_squeezed(x).replace("-", "") for x in wide["ticks"]] == names
        assert wide["title"] == "" and wide["height"] == wide["sent"]
    finally:
        page.context.close()


@pytest.mark.parametrize("key", [k for k in PAGES if EXPECTED_CHARTS[k]])
def test_phone_tick_labels_are_level_inside_and_apart(phone: Callable[[str], Any], key: str) -> None:
    for chart in phone(key).evaluate(TICKS_JS):
        svg, where = chart["svg"], f"{key} chart {chart['i']}"
        for axis in chart["axes"]:
            labels = axis["labels"]
            texts = [lb["text"] for lb in labels]
            for lb in labels:
                assert not lb["turned"], f"{where}: tilted x label {lb['text']!r}"
                assert svg["left"] - 1 <= lb["left"] and lb["right"] <= svg["right"] + 1, (
                    f"{where}: x label {lb['text']!r} outside the chart ({lb['left']:.0f}-{lb['right']:.0f} "
                    f"vs {svg['left']:.0f}-{svg['right']:.0f})"
                )
                assert not re.fullmatch(r"\d{4}\.\d+|\d{2}\s\d{2}", lb["text"].strip()), f"{where}: {texts}"
            if axis["years"]:
                assert all(YEAR.fullmatch(x.replace("\u2212", "-")) for x in texts), f"{where}: years {texts}"
            ordered = sorted(labels, key=lambda lb: lb["left"])
            for a, b in itertools.pairwise(ordered):
                assert a["right"] <= b["left"] + 1, f"{where}: x labels overlap: {a['text']!r} / {b['text']!r}"
