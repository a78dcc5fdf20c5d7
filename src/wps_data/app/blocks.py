"""Chart blocks: a chart with its sources, date, takeaway, caveats, images and the facts behind it.

Layer: app. Imports streamlit, ``app.views`` (cached charts), ``app.downloads`` (image
buttons), ``app.escape``, ``wps_data.exports`` (the source items, the table for readers),
``wps_data.pagespec`` and ``wps_data.i18n``.

Every text taken from the data is escaped before it reaches markdown (``escape.md``), and
links are built only from http(s) URLs (``escape.safe_url``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from wps_data.app import desk, downloads, views
from wps_data.app.escape import md, safe_url
from wps_data.charts import ChartResult
from wps_data.dataset import Dataset
from wps_data.exports import sourceline
from wps_data.exports.tables import export_frame
from wps_data.filters import Filters
from wps_data.i18n import t
from wps_data.pagespec import PAGES

FACT_COLUMNS = [
    "fact_id",
    "subject",
    "region",
    "year",
    "value",
    "unit",
    "status",
    "title",
    "source_type",
    "locator",
    "quote",
    "url",
]
SOURCES_SHOWN = 4

Heading = tuple[str, str | None]  # i18n keys of a sub-heading and of its caption (or None)


def page_charts(
    page: str,
    ds: Dataset,
    filters: Filters,
    lang: str,
    *,
    headings: Mapping[str, Heading] | None = None,
    after: Mapping[str, Callable[[ChartResult], pd.DataFrame | None]] | None = None,
) -> list[ChartResult | pd.DataFrame]:
    """Every chart of the page spec, in order: what the page shows, for its downloads.

    ``headings[chart_id]`` is a sub-heading written before that chart; ``after[chart_id]``
    renders what follows it (a table) and may return the facts that table shows.
    """
    shown: list[ChartResult | pd.DataFrame] = []
    for chart_id in PAGES[page].charts:
        if headings and chart_id in headings:
            heading(*headings[chart_id], lang=lang)
        res = chart_block(ds, filters, lang, chart_id)
        shown.append(res)
        if after and chart_id in after and (extra := after[chart_id](res)) is not None:
            shown.append(extra)
    return shown


def heading(title_key: str, caption_key: str | None = None, *, lang: str) -> None:
    """A sub-heading of the page, and a caption under it."""
    st.subheader(t(title_key, lang))
    if caption_key:
        st.caption(t(caption_key, lang))


def chart_block(ds: Dataset, filters: Filters, lang: str, chart_id: str) -> ChartResult:
    """A chart with everything a reader needs to trust it, in a bordered box."""
    res = views.chart(ds, filters, lang, chart_id)
    with st.container(border=True, key=f"wps_chart_{chart_id}"):
        st.plotly_chart(
            desk.marked_figure(ds, res, lang),
            width="stretch",
            key=f"fig-{chart_id}",
            config={"displaylogo": False, "responsive": True},
        )
        if res.empty:
            return res
        st.markdown(source_line(res.rows, lang))
        if changed := desk.changed_in_chart(ds, res, lang):
            st.caption(md(changed))
        as_of, takeaway = t("chart.as_of", lang, as_of=md(res.as_of)), t("chart.takeaway", lang, text=md(res.takeaway))
        st.caption(f"{as_of} · {takeaway}")
        if res.caveats:
            st.caption(t("chart.caveats", lang) + ": " + " ".join(md(c) for c in res.caveats))
        downloads.chart_csv_button(ds, filters, lang, chart_id)
        downloads.image_downloads(ds, filters, lang, chart_id)
        facts_label = t("chart.facts", lang, n=len(res.rows))
        with st.expander(facts_label):
            tabs = st.tabs(
                [facts_label.split(" (")[0], t("chart.table", lang)]
                + ([t("chart.derived", lang)] if res.derived is not None else [])
            )
            with tabs[0]:
                fact_table(res.rows)
            with tabs[1]:
                st.dataframe(
                    export_frame(res.rows).drop(columns=["quote", "note"], errors="ignore"),
                    hide_index=True,
                    width="stretch",
                )
            if res.derived is not None:
                with tabs[2]:
                    st.dataframe(res.derived, hide_index=True, width="stretch")
    return res


def source_line(rows: pd.DataFrame, lang: str, limit: int = SOURCES_SHOWN) -> str:
    """'Source: [title](url), publisher, date (UN document); ...' with working links, escaped."""
    items = sourceline.source_items(rows, lang)
    parts = []
    for item in items[:limit]:
        name = md(item.title)
        name = f"[{name}]({safe_url(item.link)})" if item.link else f"{name} {md(t('chart.no_link', lang))}"
        parts.append(f"{name}, {md(item.publisher_short)}, {md(item.date)} ({md(item.source_type_label)})")
    more = len(items) - limit
    text = "; ".join(parts) + (" " + t("chart.more_sources", lang, n=more) if more > 0 else "")
    return t("chart.source_line", lang, sources=text)


def fact_table(rows: pd.DataFrame) -> None:
    """Facts with their verbatim quote and a link to the document."""
    cols = [c for c in FACT_COLUMNS if c in rows.columns]
    st.dataframe(
        rows[cols],
        hide_index=True,
        width="stretch",
        column_config={
            "url": st.column_config.LinkColumn("document"),
            "quote": st.column_config.TextColumn("verbatim quote", width="large"),
            "value": st.column_config.NumberColumn(format="%g"),
        },
    )
