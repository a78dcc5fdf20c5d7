"""Download buttons: the CSV, offline HTML and Excel of a page, a chart's PNG and SVG, the deck and data pack.

Layer: app. Imports streamlit, ``app.state`` (the cache), ``app.views`` (cached charts),
``app.escape``, ``wps_data.exports`` (the files themselves; ``exports.deck`` and its
python-pptx only when a deck is asked for), ``wps_data.pagespec`` and ``wps_data.i18n``.

Images and the deck start a headless browser (seconds): they are built only when asked
for, inside a fragment (the rest of the page does not rerun), and cached per view. The
offline page (HTML, ``exports.html``), the workbook (``exports.xlsx``) and every CSV (the
page's and each chart's) are deferred downloads: ``st.download_button`` gets a function,
run only when the button is clicked, so a rerun neither writes nor hashes a file whose
size grows with the data (the chart of every fact at 1000x is a 100 MB CSV).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import pandas as pd
import streamlit as st

from wps_data.app import views
from wps_data.app.escape import md
from wps_data.app.state import cached
from wps_data.dataset import Dataset
from wps_data.exports import datapack, images
from wps_data.exports.tables import chart_csv_bytes, export_frame, filename, safe_csv_bytes
from wps_data.filters import Filters
from wps_data.i18n import t
from wps_data.pagespec import PAGES

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page_downloads(page: str, ds: Dataset, filters: Filters, lang: str) -> pd.DataFrame:
    """The CSV, offline page and workbook of the rows the page shows, then the briefing files; returns the rows.

    The rows come from ``exports.tables.shown_rows`` (through the cache), the one function the
    data pack (here and ``wps-data datapack``) uses too: the CSV and the pack hold the same rows.
    """
    rows = views.shown_rows(ds, filters, lang, page)
    st.divider()
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        t("download.csv", lang),
        data=lambda: page_csv(ds, filters, lang, page),  # written when clicked: never on a rerun
        mime="text/csv",
        file_name=filename(page, filters.describe(), "csv"),
        key=f"wps_csv_{page}",
        help=t("download.csv_help", lang),
        icon=":material/download:",
        on_click="ignore",
    )
    offline_downloads(page, ds, filters, lang, rows, (c2, c3))
    briefing_downloads(page, ds, filters, lang, rows)
    return rows


def offline_downloads(
    page: str, ds: Dataset, filters: Filters, lang: str, rows: pd.DataFrame, cols: Sequence[Any] | None = None
) -> None:
    """The offline page (HTML) and the workbook (xlsx) of this view, each built only when its button is clicked.

    ``cols`` are two containers to put the buttons in (two new columns when not given). The
    functions run on a thread of their own, without streamlit: they are given the page's
    charts and rows as this run has them (from the cache), not the cache itself.
    """
    cols = cols if cols is not None else st.columns(2)
    results = views.page_results(ds, filters, lang, page)

    def offline_html() -> bytes:
        from wps_data.exports.html import page_html

        return page_html(page, ds, filters, lang, results=results)

    def workbook() -> bytes:
        from wps_data.exports.xlsx import page_xlsx

        return page_xlsx(page, ds, filters, lang, rows=rows, results=results)

    described = filters.describe()
    for col, label, helps, build, ext, mime, icon in (
        (cols[0], "download.html", "download.html_help", offline_html, "html", "text/html", ":material/public_off:"),
        (cols[1], "download.xlsx", "download.xlsx_help", workbook, "xlsx", XLSX_MIME, ":material/grid_on:"),
    ):
        col.download_button(
            t(label, lang),
            data=build,
            mime=mime,
            file_name=filename(page, described, ext),
            key=f"wps_{ext}_{page}",
            help=t(helps, lang),
            icon=icon,
            on_click="ignore",
        )


def csv_bytes(ds: Dataset, rows: pd.DataFrame) -> bytes:
    """The CSV file of ``rows``, with their notes (``page_csv`` caches it by view)."""
    return safe_csv_bytes(export_frame(ds.with_notes(rows)))


@cached(max_entries=32)
def page_csv(ds: Dataset, filters: Filters, lang: str, page: str) -> bytes:
    """The CSV of the rows the page shows, keyed by the view (hashing the rows would read every one)."""
    return csv_bytes(ds, views.shown_rows(ds, filters, lang, page))


@cached(max_entries=128)
def chart_csv(ds: Dataset, filters: Filters, lang: str, chart_id: str) -> bytes:
    """The data behind one chart: exactly the rows it plots (``wps-data chart ID --format csv``)."""
    return chart_csv_bytes(views.chart(ds, filters, lang, chart_id))


def chart_csv_button(ds: Dataset, filters: Filters, lang: str, chart_id: str) -> None:
    """The button for the data behind one chart, named by chart, view and date."""
    st.download_button(
        t("chart.data_csv", lang),
        data=lambda: chart_csv(ds, filters, lang, chart_id),  # written when clicked: never on a rerun
        mime="text/csv",
        file_name=filename(chart_id, filters.describe(), "csv"),
        key=f"wps_chart_csv_{chart_id}",
        help=t("chart.data_csv_help", lang),
        icon=":material/table_view:",
        on_click="ignore",
    )


@cached()
def image_support(lang: str) -> tuple[bool, str]:
    """(True, browser) when chart images can be rendered here; else (False, a reason to show)."""
    return images.image_export_available(lang)


@cached(max_entries=64)
def chart_images(ds: Dataset, filters: Filters, lang: str, chart_id: str) -> tuple[bytes, bytes]:
    """PNG (slides) and SVG (print) of one chart, title, source and date drawn in."""
    return images.chart_png_svg(views.chart(ds, filters, lang, chart_id), version=ds.version, lang=lang)


@cached(max_entries=16)
def deck_bytes(ds: Dataset, filters: Filters, lang: str, page: str) -> bytes:
    """The page's PowerPoint deck: a title slide, one slide per chart, the sources."""
    from wps_data.exports import deck  # python-pptx is loaded only when a deck is asked for

    return deck.briefing_deck(page, ds, filters, lang, views.page_results(ds, filters, lang, page))


def _flag(kind: str, name: str, filters: Filters, lang: str) -> str:
    """Session key of 'the files of this view were asked for' (the view changes: ask again)."""
    return f"wps_{kind}_{name}_{abs(hash((filters.key, lang))) % 10**8}"


def _asked(flag: str, label: str, icon: str) -> bool:
    if not st.session_state.get(flag):
        if not st.button(label, key=flag + "_btn", icon=icon):
            return False
        st.session_state[flag] = True
    return True


@st.fragment
def image_downloads(ds: Dataset, filters: Filters, lang: str, chart_id: str) -> None:
    """PNG and SVG buttons of one chart, rendered on request."""
    ok, reason = image_support(lang)
    if not ok:
        st.caption(t("chart.images_unavailable", lang, reason=reason))
        return
    flag = _flag("img", chart_id, filters, lang)
    if not _asked(flag, t("chart.prepare_images", lang), ":material/image:"):
        return
    try:
        with st.spinner(t("chart.preparing", lang)):
            png, svg = chart_images(ds, filters, lang, chart_id)
    except Exception as exc:  # a browser crash must not take the page down
        st.session_state.pop(flag, None)
        st.warning(t("chart.image_failed", lang, reason=md(type(exc).__name__)))
        return
    stem = filename(chart_id, filters.describe(), "x")[:-2]
    c1, c2 = st.columns(2)
    for col, ext, label, mime in ((c1, "png", "chart.png", "image/png"), (c2, "svg", "chart.svg", "image/svg+xml")):
        col.download_button(
            t(label, lang),
            png if ext == "png" else svg,
            file_name=f"{stem}.{ext}",
            mime=mime,
            key=f"{flag}_{ext}",
            icon=":material/download:",
            on_click="ignore",
        )


@st.fragment
def briefing_downloads(page: str, ds: Dataset, filters: Filters, lang: str, rows: pd.DataFrame) -> None:
    """Deck (PowerPoint) and data pack (ZIP) of what the page shows, built on request."""
    flag = _flag("brief", page, filters, lang)
    if not _asked(flag, t("download.prepare", lang), ":material/slideshow:"):
        return
    c1, c2 = st.columns(2)
    if PAGES[page].charts:
        try:
            with st.spinner(t("download.preparing", lang)):
                pptx = deck_bytes(ds, filters, lang, page)
            c1.download_button(
                t("download.deck", lang),
                pptx,
                file_name=filename(page, filters.describe(), "pptx"),
                mime=PPTX_MIME,
                key=flag + "_pptx",
                icon=":material/slideshow:",
                on_click="ignore",
            )
        except Exception as exc:  # the data pack below still works
            c1.warning(t("chart.image_failed", lang, reason=md(type(exc).__name__)))
    pack = datapack.data_pack(page, ds, filters, rows, permalink=current_permalink(), lang=lang)
    c2.download_button(
        t("download.datapack", lang),
        pack,
        file_name=filename(page, filters.describe(), "zip"),
        mime="application/zip",
        key=flag + "_zip",
        icon=":material/folder_zip:",
        on_click="ignore",
    )


def current_permalink() -> str:
    """The address of this view as the browser sees it (falls back to localhost)."""
    try:
        url = st.context.url or ""
    except Exception:  # not in a browser session (AppTest)
        url = ""
    base = url.split("?")[0] or "http://localhost:8501/"
    query = "&".join(f"{quote(k)}={quote(v)}" for k in st.query_params for v in st.query_params.get_all(k))
    return base + ("?" + query if query else "")
