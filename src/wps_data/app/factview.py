"""The explorer's and the Sources page's tables: readable, paged, with the selected figure's quote in full.

Layer: app. Imports streamlit, ``app.views`` (the rows, cached), ``app.widgets`` (the search
box), ``app.factframes`` (the frames, the search hits, the paging), ``app.escape``,
``wps_data.filters`` and ``wps_data.i18n``.

- ``fact_browser``: how many rows match, a page-size choice and a page number, the table
  (quote first and wide, words instead of codes, links only to http/https documents, the
  cells holding a searched word highlighted by a pandas Styler), then the selected row (or
  the page's first) in full: quote, what is counted, source, place in the document, a link.
- ``source_browser``: every source document, paged the same way.
- ``explorer_table`` and ``search_results``: the two pages' tables, from their filters.

Nothing from the data becomes markup: the detail view is Markdown built from ``escape.md``
pieces, the highlight being the one directive this module adds around an escaped hit; the
table cells are plain values (a Styler only sets their background).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from wps_data.app import views, widgets
from wps_data.app.escape import md, safe_url
from wps_data.app.factframes import (
    SEARCHED,
    fact_frame,
    has_hit,
    hit_spans,
    page_bounds,
    source_frame,
)
from wps_data.app.state import cached
from wps_data.dataset import Dataset
from wps_data.filters import Filters
from wps_data.i18n import t
from wps_data.i18n.formats import percent_suffix

PAGE_SIZES = (10, 25, 50, 100, 250)
DEFAULT_PAGE_SIZE = 25
ROW_HEIGHT = 74  # px: above 4rem (64 px) Streamlit wraps cell text: four lines of a quote
SOURCE_ROW_HEIGHT = 35
MISSING = "–"  # an empty cell (no public link, no year): never Streamlit's "None"
HEADER_PX = 38
HIT_STYLE = "background-color: #fff0b3"
HIGHLIGHT = ":orange-background[**{}**]"  # the one markup around an escaped hit (inside [ ], ** always pairs)
# Column headers: the message key of each column (literal keys, so the catalogue tests see them).
FACT_HEADERS = {
    "quote": "facts.col.quote",
    "value": "facts.col.value",
    "unit": "facts.col.unit",
    "subject": "facts.col.subject",
    "indicator": "facts.col.indicator",
    "region": "facts.col.region",
    "year": "facts.col.year",
    "status": "facts.col.status",
    "source": "facts.col.source",
    "locator": "facts.col.locator",
    "link": "facts.col.link",
    "fact_id": "facts.col.fact_id",
}
SOURCE_HEADERS = {
    "title": "sources.col.title",
    "publisher": "sources.col.publisher",
    "published": "sources.col.published",
    "symbol": "sources.col.symbol",
    "type": "sources.col.type",
    "figures": "sources.col.figures",
    "pages": "sources.col.pages",
    "link": "sources.col.link",
    "source_id": "sources.col.source_id",
}


def pager(key: str, n_rows: int, view: Hashable, lang: str, *, words_of: str = "facts") -> tuple[int, int]:
    """Page-size choice and page number (back to page 1 when the view changes); (first, end) rows.

    ``words_of``: the catalogue prefix naming what is paged ("facts": rows; "disagree": conflicts).
    Rows that fit on one page of the default size are shown whole, with no controls and no
    "1-13 of 13" (every caller has just said how many there are: "13 quantities", "2 of 539
    figures match"): two widgets, a caption and a row of columns less on every rerun. A
    reader who chose another page size keeps the controls.
    """
    size_key, page_key, view_key = f"wps_{key}_size", f"wps_{key}_page", f"wps_{key}_view"
    size = int(st.session_state.get(size_key, DEFAULT_PAGE_SIZE))
    if n_rows <= DEFAULT_PAGE_SIZE and size == DEFAULT_PAGE_SIZE:
        st.session_state[view_key] = view
        st.session_state.pop(page_key, None)  # a wider view starts on page 1
        return 0, n_rows
    pages = page_bounds(n_rows, size, 1)[2]
    if st.session_state.get(view_key) != view:
        st.session_state[view_key] = view
        st.session_state[page_key] = 1
    if st.session_state.get(page_key, 1) > pages:
        st.session_state[page_key] = pages
    c1, c2, c3 = st.columns([1, 1, 3], vertical_alignment="bottom")
    c1.selectbox(t(f"{words_of}.page_size", lang), PAGE_SIZES, index=PAGE_SIZES.index(DEFAULT_PAGE_SIZE), key=size_key)
    page = c2.number_input(t("facts.page", lang, n=pages), min_value=1, max_value=pages, step=1, key=page_key)
    first, end, _ = page_bounds(n_rows, size, int(page))
    if n_rows:
        c3.caption(t(f"{words_of}.showing", lang, first=first + 1, last=end, n=n_rows))
    return first, end


def _height(n: int, row_px: int) -> int:
    """The table's height in px: every row of the page visible, no inner scroll box."""
    return HEADER_PX + max(1, n) * row_px + 2


def _styled(frame: pd.DataFrame, query: str) -> pd.DataFrame | pd.io.formats.style.Styler:
    """The page's rows, with the cells that hold a searched word highlighted (no search: the frame)."""
    if not query:
        return frame
    cols = [c for c in SEARCHED if c in frame.columns]
    return frame.style.map(lambda v: HIT_STYLE if has_hit(v, query) else "", subset=cols)


def _fact_columns(lang: str) -> dict[str, object]:
    label = {c: t(key, lang) for c, key in FACT_HEADERS.items()}
    cc = st.column_config
    return {
        "quote": cc.TextColumn(label["quote"], width="large"),
        "value": cc.NumberColumn(label["value"], format="%g", width="small"),
        "unit": cc.TextColumn(label["unit"]),
        "subject": cc.TextColumn(label["subject"], width="medium"),
        "indicator": cc.TextColumn(label["indicator"], width="medium"),
        "region": cc.TextColumn(label["region"], width="small"),
        "year": cc.TextColumn(label["year"], width="small"),
        "status": cc.TextColumn(label["status"], width="small"),
        "source": cc.TextColumn(label["source"], width="large"),
        "locator": cc.TextColumn(label["locator"], width="medium"),
        "link": cc.LinkColumn(label["link"], display_text=t("facts.open", lang), width="small"),
        "fact_id": cc.TextColumn(label["fact_id"], width="small"),
    }


def highlighted(text: object, query: str) -> str:
    """``text`` as escaped Markdown, the searched words highlighted (never markup from the text)."""
    return "".join(HIGHLIGHT.format(md(seg)) if hit else md(seg) for seg, hit in hit_spans(text, query))


def full_number(value: object, lang: str = "en") -> str:
    """Every digit the source gives, thousands grouped: 1,581,856 and 28.57; 1 581 856 and 28,57 in French.

    Never rounded (the table's and the CSV's precision: 10.2040816326531 stays whole); only
    the grouping is the reader's, a narrow no-break space in French as in every other number.
    """
    if value is None or pd.isna(value):
        return ""
    v = float(value)
    text = str(int(v)) if v.is_integer() else repr(v)
    if "e" in text:  # repr's exponent form (1e-05): as written, nothing to group
        return text if lang == "en" else text.replace(".", ",")
    whole, _, frac = text.partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    groups = [digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)][::-1]
    grouped = ("," if lang == "en" else "\u202f").join(groups)
    point = "." if lang == "en" else ","
    return sign + grouped + (point + frac if frac else "")


def fact_detail(row: Mapping[str, Any], query: str, lang: str) -> None:
    """One figure in full: its quote (searched words highlighted), what it counts, source, place, link."""
    with st.container(border=True, key="wps_fact_detail"):
        number = full_number(row["value"], lang)
        unit = row["unit"] if isinstance(row["unit"], str) else ""
        percent = unit == t("unit.percent", lang)  # the table's unit is in words: "28,57 %", not "28,57 Pourcentage"
        value = number + percent_suffix(lang) if percent and number else f"{number} {unit}".strip()
        what = [md(x) for x in (value, row["indicator"], row["region"], row["year"], row["status"]) if x]
        head, tail = t("facts.detail_source", lang, source="\0").split("\0")
        url = row["link"] if isinstance(row["link"], str) else ""
        link = f" · [{md(t('facts.open', lang))}]({safe_url(url)})" if url else ""
        paragraphs = [  # one element: heading, quote, what it counts, source (each a paragraph)
            f"**{md(t('facts.detail', lang))}**",
            "“" + highlighted(row["quote"], query) + "”",
            " · ".join([highlighted(row["subject"], query), *what]),
            md(head) + highlighted(row["source"], query) + md(tail) + link,
        ]
        st.markdown("\n\n".join(paragraphs))
        where = t("facts.detail_locator", lang, locator=row["locator"])
        st.caption(md(where) + " · " + md(t("facts.detail_fact", lang, fact_id=row["fact_id"])))


def fact_browser(ds: Dataset, rows: pd.DataFrame, lang: str, *, key: str, view: Hashable, query: str = "") -> None:
    """The facts ``rows`` paged, readable, searched words highlighted, and the selected one in full.

    ``view`` names ``rows`` (the filters and search that chose them): the words of a page
    are made once per dataset, view, page and language (``_page_words``), and a rerun on
    the same page (picking a row, another widget) reuses them.
    """
    first, end = pager(key, len(rows), view, lang)
    shown, as_sent, records = _page_words(ds, key, view, first, end, lang, rows)
    table_key = f"wps_{key}_table"
    picked = _selected_row(table_key)
    if not shown.empty:  # above the table, so the quote is on screen without scrolling past the rows
        st.caption(t("facts.detail_help", lang) + (" " + t("facts.match_legend", lang) if query else ""))
        fact_detail(records[picked if picked is not None and picked < len(records) else 0], query, lang)
    st.dataframe(
        _styled(shown, query) if query else as_sent,
        hide_index=True,
        placeholder=MISSING,
        width="stretch",
        height=_height(len(shown), ROW_HEIGHT),
        row_height=ROW_HEIGHT,
        column_config=_fact_columns(lang),
        on_select="rerun",
        selection_mode="single-row",
        key=table_key,
    )


@cached(max_entries=256)
def _page_words(
    ds: Dataset, key: str, view: Hashable, first: int, end: int, lang: str, _rows: pd.DataFrame
) -> tuple[pd.DataFrame, pa.Table, tuple[dict[str, Any], ...]]:
    """Rows ``first``-``end`` of ``_rows`` in words, as the Arrow table ``st.dataframe`` sends, and one dict a row.

    ``_rows`` is not hashed: ``(key, view)`` names it. Only the page's rows are put into
    words (a new page costs one page), and converted once, not on every rerun; the selected
    row is read from the dicts (``iloc`` built a Series of the row on every rerun).
    """
    frame = fact_frame(_rows.iloc[first:end], lang)
    return frame, pa.Table.from_pandas(frame, preserve_index=False), tuple(frame.to_dict("records"))


def _selected_row(table_key: str) -> int | None:
    """The row picked in the table on the previous run (its selection is in session state), or None."""
    state = st.session_state.get(table_key)
    try:
        rows = state["selection"]["rows"] if state is not None else []
    except (KeyError, TypeError):
        return None
    return int(rows[0]) if rows else None


def explorer_table(ds: Dataset, filters: Filters, lang: str) -> Filters:
    """The explorer's search box, matching facts (how many of all) and table; returns the filters with the search."""
    st.markdown(f"**{md(t('facts.search', lang))}**", help=t("facts.search_help", lang))
    query = widgets.search_box(lang).get("q", "")
    filters = Filters({**filters, "q": query})
    rows = views.explorer_rows(ds, filters, "undated" not in filters)
    st.caption(t("explorer.rows", lang, n=len(rows), total=len(ds.view)))
    fact_browser(ds, rows, lang, key="explorer", view=filters.key, query=query)
    return filters


def search_results(ds: Dataset, filters: Filters, lang: str) -> pd.DataFrame:
    """The Sources page's matching facts (count and table; nothing without a search); returns them."""
    hits = views.search(ds, filters)
    query = filters.get("q", "")
    if query:
        st.caption(t("sources.matches", lang, n=len(hits)))
        fact_browser(ds, hits, lang, key="search", view=filters.key, query=query)
    return hits


def source_browser(ds: Dataset, lang: str) -> None:
    """Every source document with its kind, figures, pages and link, paged."""
    first, end = pager("sources", len(views.source_table(ds)), ds.version, lang)
    shown = _source_page(ds, lang, first, end)
    cc = st.column_config
    label = {c: t(key, lang) for c, key in SOURCE_HEADERS.items()}
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=_height(shown.num_rows, SOURCE_ROW_HEIGHT),
        placeholder=MISSING,
        column_config={
            # what a reader needs fits 940 px: title, publisher, date, kind, figures, link; then the rest
            "title": cc.TextColumn(label["title"], width=340),
            "publisher": cc.TextColumn(label["publisher"], width=190),
            "published": cc.TextColumn(label["published"], width=95),
            "type": cc.TextColumn(label["type"], width=130),
            "figures": cc.NumberColumn(label["figures"], format="%d", width=70),
            "link": cc.LinkColumn(label["link"], display_text=t("facts.open", lang), width=130),
            "pages": cc.TextColumn(label["pages"], width="medium"),
            "symbol": cc.TextColumn(label["symbol"], width="small"),
            "source_id": cc.TextColumn(label["source_id"], width="small"),
        },
    )


@cached(max_entries=64)
def _source_page(ds: Dataset, lang: str, first: int, end: int) -> pa.Table:
    """Sources ``first``-``end`` in words, as the Arrow table ``st.dataframe`` sends (made once)."""
    frame = source_frame(views.source_table(ds), lang).iloc[first:end]
    return pa.Table.from_pandas(frame, preserve_index=False)
