"""French everywhere a French reader looks: every page, chart, table, widget and export with ``lang=fr``.

The checker is ``tests/french_check.py``: English catalogue phrases, common English words,
English-formatted numbers and ISO dates, with quotes, source titles, publishers, locators,
ids and URLs left as the source writes them.

* AppTest renders every page with ``?lang=fr`` and collects every visible string: titles,
  markdown, captions, alerts, metrics, widget labels, options, placeholders and help,
  expander and tab labels, download buttons, dataframe column headers (and the cells of
  the columns the dashboard words itself), and every chart's figure JSON (titles, axis
  titles, legend and trace names, annotations, text labels, categories, hover templates
  and hover data).
* The browser test (``-m browser``) opens every page with ``?lang=fr`` in Chromium and
  checks the main area's ``innerText`` and the text drawn in every plotly SVG.
* The French exports: chart images (the SVG's text), the deck (every text frame and the
  notes) and the data pack's README, citation and field descriptions.
* The words themselves: every subject, body label, indicator label and caveat, scope and
  period of the data has a French name, and the number and date formats are French.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from browser_support import open_app, url_path  # app_url, browser: fixtures in conftest.py
from french_check import Found, FrenchChecker, verbatim_texts
from google.protobuf.json_format import MessageToDict
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from wps_data import charts
from wps_data.app import views
from wps_data.charts.registry import REGISTRY
from wps_data.contract.regions import REGIONS
from wps_data.contract.schemas import FactsSchema
from wps_data.dataset import Dataset, load_dataset
from wps_data.exports import datapack, images
from wps_data.exports.deck import briefing_deck
from wps_data.i18n import fmt_date, fmt_number, fmt_plain, fmt_value, fr_charts, t, words
from wps_data.i18n.formats import fmt_when
from wps_data.pagespec import PAGES
from wps_data.paths import PROJECT_ROOT

APP = PROJECT_ROOT / "app.py"
PAGE_KEYS = list(PAGES)

# Proto fields that are never shown as text (ids, keys, types, styles, data payloads).
SKIP_FIELDS = {
    "id", "formId", "queryParamKey", "icon", "type", "elementType", "tag", "format", "arrowData",
    "spec", "config", "theme", "url", "rawValue", "default", "labelVisibility", "widthConfig",
    "heightConfig", "flexContainer", "gapConfig", "selectAll", "columns", "data", "styler",
    "language", "mimetype", "deltaColor", "deltaArrow", "showBorder",
}  # fmt: skip
# Element types whose strings are not prose for a reader (the page's CSS, the code box's command).
SKIP_ELEMENTS = {"html"}
# Figure keys that hold text a reader sees (every string below them is collected).
FIGURE_TEXT_KEYS = {
    "text", "name", "title", "subtitle", "hovertemplate", "texttemplate", "customdata", "x", "y",
    "ticktext", "hovertext", "ticksuffix", "tickprefix", "labels",
}  # fmt: skip
ISO_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T][\d:.]+)?$")  # a date coordinate, drawn as an axis tick
# Dataframe columns whose cells are not words: ids, links, and dates (a table keeps them sortable, 2023-03-28).
UNWORDED_COLUMNS = {
    "fact_id", "fact_ids", "source_id", "url", "link", "published", "date", "adopted", "ends", "year",
    "indicator", "series", "group", "chart_id",
}  # fmt: skip


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(PROJECT_ROOT / "data")


@pytest.fixture(scope="module")
def checker(ds: Dataset) -> FrenchChecker:
    return FrenchChecker(verbatim_texts(ds))


# --- collecting what a page shows ---------------------------------------------------------------


def figure_strings(fig: dict[str, Any], where: str) -> Iterator[tuple[str, str]]:
    """Every string of a plotly figure a reader can see, with its path in the figure."""

    def walk(node: Any, path: str, text: bool) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("template", "geojson"):
                    continue
                yield from walk(v, f"{path}.{k}", text or k in FIGURE_TEXT_KEYS)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, f"{path}[{i}]", text)
        elif text and isinstance(node, str) and not ISO_VALUE.match(node):
            yield f"{where}{path}", node

    yield from walk(fig.get("data", []), "data", False)
    yield from walk(fig.get("layout", {}), "layout", False)


def proto_strings(d: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(d, dict):
        for k, v in d.items():
            if k not in SKIP_FIELDS:
                yield from proto_strings(v, f"{path}.{k}")
    elif isinstance(d, list):
        for i, v in enumerate(d):
            yield from proto_strings(v, f"{path}[{i}]")
    elif isinstance(d, str):
        yield path, d


def dataframe_strings(node: Any, where: str) -> Iterator[tuple[str, str]]:
    """Column headers as shown (column_config labels win), and the text cells of every column but ids and dates."""
    config = json.loads(node.proto.columns or "{}")
    frame = node.value
    for col in frame.columns:
        label = config.get(str(col), {}).get("label") or str(col)
        yield f"{where} header", label
        if str(col) not in UNWORDED_COLUMNS and not pd.api.types.is_numeric_dtype(frame[col]):
            for value in frame[col].dropna().astype(str).unique():
                yield f"{where} column {label!r}", value


def page_strings(at: AppTest, page: str) -> Iterator[tuple[str, str]]:
    """Every visible string of a rendered page (main area and sidebar), with where it was found."""

    def walk(node: Any, n: list[int]) -> Iterator[tuple[str, str]]:
        proto = getattr(node, "proto", None)
        typ = getattr(node, "type", "")
        if proto is not None and typ not in SKIP_ELEMENTS:
            n[0] += 1
            where = f"{page} #{n[0]} {typ}"
            d = MessageToDict(proto)
            yield from proto_strings(d, where)
            if typ == "plotly_chart":
                yield from figure_strings(json.loads(proto.spec), where + " figure ")
            elif typ == "dataframe":
                yield from dataframe_strings(node, where)
            elif typ == "multiselect" and not d.get("placeholder"):
                yield f"{where}.placeholder", "Choose options"  # Streamlit's default, in English
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                yield from walk(child, n)

    yield from walk(at._tree, [0])


def render_fr(page: str, params: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.switch_page(PAGES[page].file)
    at.query_params["lang"] = "fr"
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def assert_french(found: list[Found]) -> None:
    assert not found, FrenchChecker.report(found)


# --- every page in French (AppTest) ----------------------------------------------------------------


@pytest.mark.parametrize("page", PAGE_KEYS)
def test_every_page_is_french(page: str, checker: FrenchChecker) -> None:
    at = render_fr(page)
    assert not at.exception, [e.message for e in at.exception]
    strings = list(page_strings(at, page))
    assert len(strings) > 20, strings  # the walk found the page
    assert_french(checker.check(strings))


def _notices(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def test_french_options_and_links_in_any_language(checker: FrenchChecker) -> None:
    """Options are worded in French; a link with the codes (permalinks, the CLI) or English words still applies."""
    at = render_fr("violence", {"statuses": ["verified"]})
    box = at.multiselect(key="statuses")
    assert not at.exception and _notices(at) == []
    assert box.value == ["verified"] and box.proto.options[0] == t("status.verified", "fr")
    assert box.proto.placeholder == t("filter.placeholder", "fr")
    assert_french(checker.check(page_strings(at, "violence")))

    at = render_fr("representation", {"branches": [words.branch("justice", "fr")]})
    assert not at.exception and _notices(at) == []
    assert at.multiselect(key="branches").value == ["justice"]

    opts = charts.map_options(load_dataset(PROJECT_ROOT / "data"))
    english = opts.sort_values("regions").iloc[0]
    at = render_fr("map", {"indicator": english["label"]})  # a link made in English
    assert not at.exception and _notices(at) == []
    label = words.indicator_label(english["indicator"], english["label"], "fr")
    assert at.selectbox(key="indicator").value == label != english["label"]
    assert_french(checker.check(page_strings(at, "map")))


# --- every chart in French, with and without filters ----------------------------------------------

FILTERED = ({}, {"years": (2015, 2020), "regions": ["Gao"]}, {"statuses": ["reported"]}, {"years": (1900, 1901)})


@pytest.mark.parametrize("chart_id", sorted(REGISTRY))
def test_every_chart_is_french(chart_id: str, ds: Dataset, checker: FrenchChecker) -> None:
    found: list[Found] = []
    for f in FILTERED:
        res = charts.draw(chart_id, ds, f, "fr")
        where = f"{chart_id} {f}"
        texts = [("title", res.title), ("subtitle", res.subtitle), ("takeaway", res.takeaway), ("as of", res.as_of)]
        texts += [("caveat", c) for c in res.caveats]
        fig = res.figure.to_plotly_json()
        found += checker.check([(f"{where} {w}", x) for w, x in texts])
        found += checker.check(figure_strings(json.loads(res.figure.to_json()), f"{where} figure "))
        if res.derived is not None:
            table = views.reader_table(ds, res.derived, "fr")
            found += checker.check((f"{where} derived {c}", views.headers([c], "fr")[c]) for c in table.columns)
        layout = fig["layout"]
        assert layout.get("separators") == ",\u202f", where  # tick numbers: 22 700 and 1,5
        suffixes = [a.get("ticksuffix") for k, a in layout.items() if k.startswith(("xaxis", "yaxis"))]
        assert "%" not in suffixes, (where, suffixes)  # '30 %' in French, never '30%'
    assert_french(found)


def test_the_quota_gap_is_said_in_words(ds: Dataset) -> None:
    res = charts.draw("rep-quota", ds, {}, "fr")
    labels = [x.replace("\u00a0", " ") for tr in res.figure.data if tr.text is not None for x in tr.text]
    assert any(re.search(r"\d+(,\d+)? % +\d+(,\d+)? points? en dessous$", x) for x in labels), labels
    assert not any("pts" in x for x in labels)
    assert words.points(1.4, "fr") == "1,4 point" and words.points(2, "fr") == "2 points"
    assert words.points(1.4, "en") == "1.4 points" and words.points(1, "en") == "1 point"
    en = [x.replace("\u00a0", " ") for x in charts.draw("rep-quota", ds, {}, "en").figure.data[0].text]
    assert any(x.endswith("points short") for x in en), en


# --- the data's own words: every name, label, caveat, period and scope has its French ------------


def test_every_subject_and_body_has_a_french_name(ds: Dataset) -> None:
    names = set(ds.facts["subject"]) | set(ds.bodies["subject"]) | set(ds.bodies["short_label"])
    names |= set(ds.facts["region"]) - set(REGIONS) - {"Mali"}  # 'UN peacekeeping': not a place
    missing = sorted(n for n in names if n not in fr_charts.NAMES)
    assert not missing, f"add to NAMES in i18n/fr_charts.py: {missing}"
    assert words.name("National Transitional Council (CNT)", "fr") == "Conseil national de Transition (CNT)"
    assert words.name("National Assembly", "fr") == "Assemblée nationale"
    assert words.name("Government (ministers)", "fr") == "Gouvernement (ministres)"
    assert words.names(["Military", "Individual police officers", "Formed police units", "Civilian staff"], "fr") == [
        "Militaires",
        "Policiers hors unités constituées",
        "Unités de police constituées",
        "Personnel civil",
    ]
    assert words.name("Ménaka", "fr") == "Ménaka" and words.name("National Assembly", "en") == "National Assembly"


def test_every_period_and_scope_has_its_french(ds: Dataset) -> None:
    periods = sorted(p for p in set(ds.facts["period"].dropna()) if p not in fr_charts.PERIODS)
    scopes = sorted(p for p in set(ds.facts["scope"].dropna()) if p not in fr_charts.SCOPES)
    assert not periods and not scopes, f"add to PERIODS / SCOPES in i18n/fr_charts.py: {periods} {scopes}"


def test_every_indicator_has_its_french_label_definition_and_caveat(ds: Dataset) -> None:
    ind = ds.indicators
    for col, table in (
        ("label", fr_charts.INDICATOR_LABELS),
        ("definition", fr_charts.INDICATOR_DEFINITIONS),
        ("caveat", fr_charts.INDICATOR_CAVEATS),
    ):
        needed = set(ind.loc[ind[col].notna() & ind[col].astype(str).ne(""), "indicator"])
        assert needed <= set(table), f"{col}: add to i18n/fr_charts.py: {sorted(needed - set(table))}"
        assert set(table) <= set(ind["indicator"]), (
            f"{col}: unknown indicators {sorted(set(table) - set(ind['indicator']))}"
        )
    assert set(FactsSchema.to_schema().columns) <= set(fr_charts.FIELD_DESCRIPTIONS)


def test_every_french_data_word_passes_the_checker(checker: FrenchChecker) -> None:
    tables = {
        "NAMES": fr_charts.NAMES,
        "PERIODS": fr_charts.PERIODS,
        "SCOPES": fr_charts.SCOPES,
        "INDICATOR_LABELS": fr_charts.INDICATOR_LABELS,
        "INDICATOR_CAVEATS": fr_charts.INDICATOR_CAVEATS,
        "INDICATOR_DEFINITIONS": fr_charts.INDICATOR_DEFINITIONS,
    }
    assert_french(checker.check((f"{name}[{k!r}]", v) for name, table in tables.items() for k, v in table.items()))


# --- numbers and dates the French way --------------------------------------------------------------


def test_numbers_and_dates_are_french() -> None:
    nbsp, narrow = "\u00a0", "\u202f"
    assert fmt_value(28.57, "percent", "fr") == f"28,57{nbsp}%"
    assert fmt_value(28.57, "percent", "en") == "28.57%"
    assert fmt_number(22700, "fr") == f"22{narrow}700" and fmt_number(22700, "en") == "22,700"
    assert fmt_number(6_400_000, "fr") == "6,4 millions" and fmt_number(1_500_000, "fr") == "1,5 million"
    assert fmt_number(6_400_000, "en") == "6.4 million"
    assert fmt_value(751_000_000, "usd", "fr") == "751 millions USD"
    assert fmt_plain(27.891156462585, "fr") == "27,89"  # never more than two decimals on screen
    assert fmt_date("2023-03-28", "fr") == "28 mars 2023" and fmt_date("2025-08", "fr") == "août 2025"
    assert fmt_date("2015", "fr") == "2015"
    assert fmt_when("2023-03-28", "fr") == "28 mars 2023" and fmt_when("2023-03-28", "en") == "2023-03-28"
    assert words.published_on("2023-03-28", "fr") == "le 28 mars 2023"
    assert words.published_on("2025-08", "fr") == "en août 2025"
    assert (
        words.as_of(2020, 2023, "2023-03-28", "fr")
        == "données de 2020 à 2023, source la plus récente publiée le 28 mars 2023"
    )


def test_the_checker_catches_english(checker: FrenchChecker) -> None:
    """The checker itself: each kind of English it must catch, and French and quotes it must let pass."""
    for english in (
        "data for 2020-2023",
        "1.4 pts short",
        "Choose options",
        "Year: 2021",
        "Source: UN Women",
        "Part des femmes : 28.57%",
        "22,700 personnes",
        "publiée le 2023-03-28",
        "6,4 million de personnes",
        "Assemblée nationale, no data",
    ):
        assert checker.problems(english), english
    quote = next(q for q in load_dataset(PROJECT_ROOT / "data").view["quote"] if " the " in q)
    for french in (
        "Femmes : 28,57\u00a0% ; 22\u202f700 personnes ; 6,4 millions ; 28 mars 2023",
        "Source : Update on women, peace and security in Mali, UN Women, 28 mars 2023",
        f"« {quote} »",
        quote,
        "Loi n° 2015-052 ; S/RES/2584 (2021) ; https://undocs.org/S/RES/2584(2021)",
    ):
        assert not checker.problems(french), (french, checker.problems(french))


# --- quotes stay in their language and say so --------------------------------------------------------


def test_quotes_say_their_language_when_it_is_not_the_readers(ds: Dataset) -> None:
    langs = ds.sources.set_index("source_id")["language"]
    rows = ds.view[ds.view["source_id"].map(langs).isin(["en", "fr"])]
    fr = views.reader_table(ds, rows, "fr")
    en = views.reader_table(ds, rows, "en")
    assert list(fr.columns).index("quote_lang") == list(fr.columns).index("quote") + 1
    english = rows["source_id"].map(langs).eq("en").to_numpy()
    assert set(fr.loc[english, "quote_lang"]) == {"(citation en anglais)"}
    assert set(fr.loc[~english, "quote_lang"]) == {""}
    assert set(en.loc[~english, "quote_lang"]) == {"(quote in French)"} and set(en.loc[english, "quote_lang"]) == {""}
    assert (fr["quote"] == rows["quote"]).all()  # the quote itself is never translated
    assert views.headers(["quote_lang"], "fr") == {"quote_lang": "Langue de la citation"}


# --- French exports: images, deck, data pack -----------------------------------------------------------


@pytest.mark.parametrize("page", [p for p, spec in PAGES.items() if spec.charts])
def test_french_chart_images_are_french(page: str, ds: Dataset, checker: FrenchChecker) -> None:
    found: list[Found] = []
    for chart_id in PAGES[page].charts:
        res = charts.draw(chart_id, ds, {}, "fr")
        fig = images.decorate(res, version=ds.version, lang="fr")
        for where, text in figure_strings(json.loads(fig.to_json()), f"{chart_id} image "):
            # the footer wraps a long source line, going on indented: one line per source again
            found += checker.check((where, line) for line in text.replace("<br>    ", " ").split("<br>"))
    assert_french(found)


def test_french_deck_is_french(monkeypatch: pytest.MonkeyPatch, ds: Dataset, checker: FrenchChecker) -> None:
    monkeypatch.setattr(images, "image_export_available", lambda lang="en": (False, t("brief.no_browser", lang)))
    for page in ("representation", "minusma"):
        prs = Presentation(io.BytesIO(briefing_deck(page, ds, {"years": (2015, 2023)}, "fr")))
        texts = []
        for i, slide in enumerate(prs.slides):
            texts += [
                (f"{page} slide {i + 1} {sh.name}", sh.text_frame.text) for sh in slide.shapes if sh.has_text_frame
            ]
            if slide.has_notes_slide:
                texts.append((f"{page} slide {i + 1} notes", slide.notes_slide.notes_text_frame.text))
        lines = [(w, line) for w, text in texts for line in text.split("\n") if line.strip()]
        assert len(lines) > 10
        assert_french(checker.check(lines))


def test_french_data_pack_is_french(ds: Dataset, checker: FrenchChecker) -> None:
    from wps_data.exports.tables import page_results, shown_rows

    f = charts.Filters({"statuses": ["verified"]})
    rows = shown_rows("violence", ds, f, "fr", results=page_results("violence", ds, f, "fr"))
    pack = datapack.data_pack(
        "violence", ds, f, rows, permalink=datapack.permalink("violence", f, lang="fr"), lang="fr"
    )
    with zipfile.ZipFile(io.BytesIO(pack)) as zf:
        readme = zf.read("README.md").decode("utf-8")
        citation = zf.read("CITATION.txt").decode("utf-8")
        meta = json.loads(zf.read("datapackage.json"))
    assert t("status.verified", "fr") in readme  # the filters in words
    lines = [("README.md", x) for x in readme.splitlines() if x.strip() and not x.startswith("- https")]
    lines += [("CITATION.txt", citation), ("title", meta["title"])]
    lines += [(f"licence {x['title'][:20]}", x["title"]) for x in meta["licenses"]]
    lines += [(f"field {x['name']}", x["description"]) for x in meta["resources"][0]["schema"]["fields"]]
    assert_french(checker.check(lines))


# --- in a real browser ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fr_pages(browser: Any, app_url: str) -> Iterator[Any]:
    """Each page opened once with ``?lang=fr``, its charts drawn: ``fr_pages(key)``."""
    opened: dict[str, Any] = {}

    def get(key: str) -> Any:
        if key not in opened:
            opened[key] = open_app(browser, app_url, url_path(key) + "?lang=fr", len(PAGES[key].charts))
        return opened[key]

    yield get
    for tab in opened.values():
        tab.context.close()


ICON_NAMES_JS = """() => Array.from(document.querySelectorAll('[data-testid="stIconMaterial"]'))
    .map(e => e.textContent.trim()).filter(x => x)"""


def _without_icons(line: str, icons: set[str]) -> str:
    """A line of text without the names of the icons drawn in it ('download Télécharger' -> 'Télécharger')."""
    words_ = line.strip().split(" ")
    while words_ and words_[0] in icons:
        words_ = words_[1:]
    return " ".join(words_)


SVG_TEXT_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot svg text'))
    .map(e => e.textContent).filter(x => x && x.trim())"""


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGE_KEYS)
def test_every_page_is_french_in_the_browser(page: str, fr_pages: Any, checker: FrenchChecker) -> None:
    tab = fr_pages(page)
    main = tab.locator('[data-testid="stMain"]').inner_text()
    assert main.strip(), page
    svg = tab.evaluate(SVG_TEXT_JS)
    assert len(svg) >= 3 * len(PAGES[page].charts), svg  # the charts are drawn, with their words
    icons = set(tab.evaluate(ICON_NAMES_JS))  # Material icons are ligatures: their names are in innerText
    lines = [(f"{page} main", _without_icons(x, icons)) for x in main.split("\n") if x.strip()]
    lines += [(f"{page} chart svg", x) for x in svg]
    assert_french(checker.check(lines))


@pytest.mark.browser
def test_french_svg_export_is_french(ds: Dataset, checker: FrenchChecker) -> None:
    ok, reason = images.image_export_available("fr")
    if not ok:
        pytest.skip(reason)
    figs = [images.decorate(charts.draw(c, ds, {}, "fr"), version=ds.version, lang="fr") for c in ("rep-quota",)]
    svg = images.render_figures(figs, "svg", width=1200)[0].decode("utf-8")
    texts: list[str] = []
    for raw in re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S):
        text = html_unescape(re.sub(r"<[^>]+>", "", raw))
        if text.startswith("    ") and texts:  # a wrapped footer line goes on, indented
            texts[-1] += " " + text.strip()
        else:
            texts.append(text)
    assert any(x.startswith("Source : ") for x in texts), texts
    assert_french(checker.check((f"svg text {i}", x) for i, x in enumerate(texts)))


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)
