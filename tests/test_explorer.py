"""The data explorer and the Sources page as a reader uses them (Streamlit AppTest through ``app.py``).

* Words instead of codes: the indicator's label, the source as "title, publisher, date", the
  kind of figure and the unit from the catalogue (English and French), page names; column
  headers from the catalogue; no source id or indicator slug in the reader's columns.
* The quote first and wide; links only to http(s) documents.
* Tables show their rows: 25 a page, a page-size choice, page numbers.
* A search (``?q=``, at most 200 characters, plain text) over quote, subject and source title:
  the matching rows, their cells highlighted by a Styler, the first match's quote in full with
  the searched words highlighted, the page's CSV holding exactly those rows; markup in the
  search or in the data shows as typed.
* The pure helpers: the search hits (case and accents ignored, whole words), the paging, the
  web links.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from wps_data import analysis
from wps_data.app import factframes
from wps_data.dataset import Dataset, load_dataset
from wps_data.filters import Filters
from wps_data.i18n import t
from wps_data.pagespec import PAGES
from wps_data.paths import PROJECT_ROOT, data_dir

APP = PROJECT_ROOT / "app.py"
NOTICE = "Some link parameters were ignored"
HOSTILE = "[click](https://evil.example) <img src=x onerror=alert(1)> **bold** $x$ :material/home: :red[x]"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(data_dir())


def render(page: str, params: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.switch_page(PAGES[page].file)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture(scope="module")
def explorer() -> AppTest:
    return render("explorer")


def table(at: AppTest, n: int = 0) -> tuple[pd.DataFrame, dict[str, dict]]:
    """The n-th table's rows and its column configuration (header labels, widths, types)."""
    el = at.dataframe[n]
    return el.value, {k: v for k, v in json.loads(el.proto.columns).items() if not k.startswith("_")}


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def as_read(markdown_text: str) -> str:
    """Escaped Markdown as the reader sees it: backslash escapes and entities resolved, word joiners gone."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown_text)).replace("\u2060", "")


def styles(at: AppTest, n: int = 0) -> str:
    return str(at.dataframe[n].proto.arrow_data.styler.styles)


# --- words instead of codes ----------------------------------------------------------------------


def test_explorer_speaks_words_not_codes(explorer: AppTest, ds: Dataset) -> None:
    assert not explorer.exception
    rows, cols = table(explorer)
    assert list(rows.columns)[:2] == ["quote", "value"], "the quote is the first column"
    assert "source_id" not in rows and "theme" not in rows
    assert {c: cols[c]["label"] for c in cols} == {c: t(f"facts.col.{c}") for c in factframes.FACT_COLUMNS}
    assert cols["quote"]["width"] == "large"
    first = ds.view.iloc[: len(rows)]
    assert list(rows["fact_id"]) == list(first["fact_id"])
    assert list(rows["quote"]) == list(first["quote"])
    assert list(rows["indicator"]) == list(first["label"])  # the indicators table's label, not the slug
    assert set(rows["status"]) <= {t(f"status.{s}") for s in first["status"]}
    assert not set(rows["status"]) & set(ds.view["status"]), "a lower-case status code is shown"
    assert set(rows["unit"]) <= {t(f"unit.{u}") for u in first["unit"]}
    for (_, r), (_, f) in zip(rows.iterrows(), first.iterrows(), strict=True):
        assert r["source"].startswith(f["title"] + ", ") and f["source_id"] not in r["source"]
        date = f["published"] if isinstance(f["published"], str) and f["published"] else t("brief.undated")
        assert r["source"].endswith(", " + date)


def test_explorer_links_only_to_web_documents(explorer: AppTest, ds: Dataset) -> None:
    rows, cols = table(explorer)
    assert cols["link"]["type_config"]["type"] == "link"
    assert all(not isinstance(x, str) or x.startswith(("http://", "https://")) for x in rows["link"])
    frame = factframes.fact_frame(ds.view, "en")
    web = ds.view["url"].fillna("").str.match(r"https?://")
    assert web.any() and not web.all()
    assert list(frame["link"][web.to_numpy()]) == list(ds.view["url"][web])
    assert frame["link"][~web.to_numpy()].isna().all()


def test_explorer_in_french() -> None:
    at = render("explorer", {"lang": "fr"})
    assert not at.exception
    rows, cols = table(at)
    assert cols["quote"]["label"] == "Citation exacte" == t("facts.col.quote", "fr")
    assert set(rows["status"]) <= {t(f"status.{s}", "fr") for s in ("reported", "official", "estimated", "verified")}
    assert "Pourcentage" in set(rows["unit"]) or "Personnes" in set(rows["unit"])
    assert any(
        c == t("facts.showing", "fr", first=1, last=25, n=len(load_dataset(data_dir()).view)) for c in captions(at)
    )


def test_sources_page_speaks_words_not_codes(ds: Dataset) -> None:
    at = render("sources")
    assert not at.exception
    rows, cols = table(at)
    assert rows.columns[0] == "title" and cols["title"]["label"] == t("sources.col.title")
    assert len(rows) == 25, "a page of 25 sources"
    codes = set(ds.sources["source_type"])
    assert not set(rows["type"]) & codes and set(rows["type"]) <= {t(f"source_type.{c}") for c in codes}
    page_names = {t(f"page.{p}") for p in PAGES}
    for pages in rows["pages"]:
        assert all(p in page_names for p in pages.split(", ") if p), pages
    assert all(not isinstance(x, str) or x.startswith(("http://", "https://")) for x in rows["link"])


# --- rows on screen ----------------------------------------------------------------------------


def test_explorer_pages_its_rows(explorer: AppTest, ds: Dataset) -> None:
    at = render("explorer")
    assert len(table(at)[0]) == 25
    assert at.dataframe[0].proto.row_height > 64, "rows tall enough to wrap a quote"
    at.selectbox(key="wps_explorer_size").set_value(50).run()
    assert len(table(at)[0]) == 50
    at.number_input(key="wps_explorer_page").set_value(2).run()
    rows = table(at)[0]
    assert list(rows["fact_id"]) == list(ds.view["fact_id"].iloc[50:100])
    assert t("facts.showing", first=51, last=100, n=len(ds.view)) in captions(at)
    # a new filter starts again at page 1
    at.multiselect(key="themes").set_value(["crsv"]).run()
    assert at.number_input(key="wps_explorer_page").value == 1


def test_the_first_figure_is_shown_in_full_above_the_table(explorer: AppTest, ds: Dataset) -> None:
    first = ds.view.iloc[0]
    card = next(m for m in markdown(explorer) if m.startswith(f"**{t('facts.detail')}**"))  # one element
    quote = card.split("\n\n")[1]
    assert as_read(quote) == f"“{first['quote']}”"
    assert any(first["locator"] in as_read(c) for c in captions(explorer))


# --- search ------------------------------------------------------------------------------------


def test_a_search_in_the_link_filters_highlights_and_downloads(ds: Dataset) -> None:
    at = render("explorer", {"q": "menaka women", "themes": "crsv"})
    assert not at.exception and not [w for w in at.warning if NOTICE in w.value]
    assert at.text_input(key="q").value == "menaka women"
    view = ds.view[ds.view["theme"].eq("crsv")]
    expected = analysis.search_quotes(view, "menaka women")
    assert t("explorer.rows", n=len(expected), total=len(ds.view)) in captions(at)
    rows, _ = table(at)
    assert list(rows["fact_id"]) == list(expected["fact_id"].iloc[:25])
    css = styles(at)
    assert "background-color" in css
    hit_cols = {int(c) for c in re.findall(r"_col(\d+)", css)}
    assert hit_cols and {rows.columns[c] for c in hit_cols} <= {"quote", "subject", "source"}
    assert any(":orange-background[**Ménaka**]" in m or ":orange-background[**women**]" in m for m in markdown(at))
    from wps_data.exports.tables import shown_rows
    from wps_data.filters import Filters

    csv_rows = shown_rows("explorer", ds, Filters(themes=["crsv"], q="menaka women"), "en")
    assert list(csv_rows["fact_id"]) == list(expected["fact_id"])


def test_a_search_is_plain_text_everywhere() -> None:
    at = render("explorer", {"q": HOSTILE})
    assert not at.exception and not [w for w in at.warning if NOTICE in w.value]
    assert at.text_input(key="q").value == HOSTILE
    for node in [*at.main, *at.sidebar]:
        if node.type in ("text_input",):
            continue
        text = str(getattr(node, "proto", ""))
        assert "](https://evil.example)" not in text and "<img" not in text, text[:300]


def test_a_too_long_search_is_ignored_with_the_notice(ds: Dataset) -> None:
    at = render("explorer", {"q": "x" * 201})
    assert any(NOTICE in w.value for w in at.warning)
    assert at.text_input(key="q").value == ""
    assert t("explorer.rows", n=len(ds.view), total=len(ds.view)) in captions(at)


def test_markup_in_the_data_shows_as_typed(monkeypatch: pytest.MonkeyPatch, ds: Dataset) -> None:
    from wps_data.app import views

    real = views.explorer_rows

    def hostile_rows(ds: Dataset, filters: Filters, include_undated: bool) -> pd.DataFrame:
        rows = real(ds, Filters({k: v for k, v in filters.items() if k != "q"}), include_undated).copy()
        rows.iloc[0, rows.columns.get_loc("quote")] = HOSTILE
        rows.iloc[0, rows.columns.get_loc("subject")] = HOSTILE
        rows.iloc[0, rows.columns.get_loc("locator")] = HOSTILE
        rows.iloc[0, rows.columns.get_loc("url")] = "javascript:alert(1)"
        return analysis.search_quotes(rows, filters.get("q", ""))

    monkeypatch.setattr(views, "explorer_rows", hostile_rows)
    at = render("explorer", {"q": "click"})
    assert not at.exception
    rows, _ = table(at)
    assert rows["quote"].iloc[0] == HOSTILE and not isinstance(
        rows["link"].iloc[0], str
    )  # a cell is a value, never markup
    for text in markdown(at) + captions(at):
        assert "](https://evil.example)" not in text and "<img" not in text and ":material/home:" not in text, text
    assert any("\\[" + ":orange-background[**click**]" + "\\]" in m for m in markdown(at)), markdown(at)


def test_sources_search_uses_the_same_reader_table(ds: Dataset) -> None:
    at = render("sources", {"q": "Ménaka"})
    assert not at.exception
    n = len(analysis.search_quotes(ds.view, "Ménaka"))
    assert t("sources.matches", n=n) in captions(at)
    rows, _ = table(at, 1)
    assert rows.columns[0] == "quote" and len(rows) == min(25, n)
    assert "background-color" in styles(at, 1)


# --- the helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "query", "hits"),
    [
        ("Gao, Ménaka and Mopti", "menaka", ["Ménaka"]),
        ("GBV in MÉNAKA", "Menaka", ["MÉNAKA"]),
        ("sexual violence", "viol", ["violence"]),  # the whole word
        ("women and girls; Women", "women girls", ["women", "girls", "Women"]),
        ("no match here", "gao", []),
        ("a (CSA) body", "(csa)", ["(CSA)"]),
        ("x", "", []),
    ],
)
def test_hit_spans(text: str, query: str, hits: list[str]) -> None:
    spans = factframes.hit_spans(text, query)
    assert "".join(s for s, _ in spans) == text
    assert [s for s, hit in spans if hit] == hits


def test_page_bounds() -> None:
    assert factframes.page_bounds(533, 25, 1) == (0, 25, 22)
    assert factframes.page_bounds(533, 25, 22) == (525, 533, 22)
    assert factframes.page_bounds(533, 25, 99) == (525, 533, 22)  # clamped
    assert factframes.page_bounds(0, 25, 1) == (0, 0, 1)


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://undocs.org/S/RES/2531(2020)", "https://undocs.org/S/RES/2531(2020)"),
        ("HTTP://example.org", "HTTP://example.org"),
        ("javascript:alert(1)", None),
        ("ftp://example.org/x", None),
        ("/relative/path", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_web_link(url: Any, link: str | None) -> None:
    assert factframes.web_link(url) == link


def test_the_explorer_csv_name_says_the_search(ds: Dataset) -> None:
    from wps_data.exports.tables import filename
    from wps_data.filters import Filters

    assert "q-menaka" in filename("explorer", Filters(q="Ménaka").describe(), "csv")


def test_full_number_keeps_every_digit_and_groups_thousands_in_the_reader_s_way() -> None:
    from wps_data.app.factview import full_number

    assert full_number(1581856) == "1,581,856" and full_number(1581856, "fr") == "1\u202f581\u202f856"
    assert full_number(10.2040816326531) == "10.2040816326531"  # the source's digits, never rounded
    assert full_number(10.2040816326531, "fr") == "10,2040816326531"
    assert full_number(12345.5, "fr") == "12\u202f345,5" and full_number(-2965) == "-2,965"
    assert full_number(999) == "999" and full_number(float("nan")) == "" and full_number(None) == ""
