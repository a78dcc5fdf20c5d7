"""Chart blocks: a chart with its sources, date, takeaway, caveats, images and the facts behind it.

Layer: app. Imports streamlit, ``app.views`` (cached charts), ``app.downloads`` (image
buttons), ``app.escape``, ``wps_data.exports`` (the source items, the table for readers),
``wps_data.pagespec``, ``wps_data.i18n`` and ``viz.template.screen_figure`` (the figure as shown).

Every text taken from the data is escaped before it reaches markdown (``escape.md``), and
links are built only from http(s) URLs (``escape.safe_url``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from wps_data.app import desk, downloads, views
from wps_data.app.escape import md, safe_url
from wps_data.app.state import cached
from wps_data.charts import ChartResult
from wps_data.dataset import Dataset
from wps_data.exports import sourceline
from wps_data.exports.tables import export_frame
from wps_data.filters import Filters
from wps_data.i18n import CATALOGUES, t, words
from wps_data.pagespec import PAGES
from wps_data.viz.template import screen_figure

FACT_COLUMNS = [
    "fact_id",
    "subject",
    "theme_label",  # the mandates chart: the theme (row of the chart) a passage is counted under
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
    marked = desk.marked_figure(ds, res, lang)
    figure = _screen(ds, filters, lang, chart_id) if marked is res.figure else screen_figure(marked)
    with st.container(border=True, key=f"wps_chart_{chart_id}"):
        st.plotly_chart(
            figure,  # readable from a phone to a printed page
            width="stretch",
            key=f"fig-{chart_id}",
            config={"displaylogo": False, "responsive": True},
            alt=res.title or None,  # the chart's accessible name; its rows are in the table below
        )
        if res.empty:
            return res
        if res.fallback:
            st.info(md(res.fallback), icon=":material/zoom_out_map:")
        sources, as_of_text = _texts(ds, filters, lang, chart_id)
        st.markdown(sources)
        if changed := desk.changed_in_chart(ds, res, lang):
            st.caption(md(changed))
        as_of, takeaway = t("chart.as_of", lang, as_of=md(as_of_text)), t("chart.takeaway", lang, text=md(res.takeaway))
        st.caption(f"{as_of} · {takeaway}")
        if res.caveats:
            st.caption(words.label_value(t("chart.caveats", lang), " ".join(md(c) for c in res.caveats), lang))
        downloads.chart_csv_button(ds, filters, lang, chart_id)
        downloads.image_downloads(ds, filters, lang, chart_id)
        facts_label = rows_label(chart_id, len(res.rows), lang)
        # Built only when opened (the expander reruns the page on toggle): a closed one sends no table.
        facts = st.expander(facts_label, key=f"wps_facts_{chart_id}", on_change="rerun")
        if not facts.open:
            return res
        with facts:
            tabs = st.tabs(
                [facts_label.split(" (")[0], t("chart.table", lang)]
                + ([t("chart.derived", lang)] if res.derived is not None else [])
            )
            with tabs[0]:
                fact_table(ds, res.rows, lang)
            with tabs[1]:
                data_table(ds, export_frame(res.rows).drop(columns=["quote", "note"], errors="ignore"), lang)
            if res.derived is not None:
                with tabs[2]:
                    data_table(ds, res.derived, lang)
    return res


class _Encoded(go.Figure):
    """A screen figure that hands ``st.plotly_chart`` the dict it encoded once.

    ``st.plotly_chart`` calls ``Figure.to_dict()`` on every rerun: a deep copy of the
    figure and a base64 encoding of each array, a cost that grows with the points drawn
    (12 ms of MINUSMA's 45 ms at 1000x the facts). A plain dict is no way round it, since
    Streamlit then rebuilds and validates a Figure from it. Shared between sessions and
    never modified, so the dict made once serves every rerun.
    """

    def __init__(self, fig: go.Figure) -> None:
        super().__init__(fig)
        self._wps_dict = super().to_dict()

    def to_dict(self) -> dict[str, Any]:
        """The figure's dict, encoded when the figure was made."""
        return self._wps_dict


@cached(max_entries=256)
def _screen(ds: Dataset, filters: Filters, lang: str, chart_id: str) -> go.Figure:
    """The chart's figure laid out for the screen, once per view (shared: never modified)."""
    return _Encoded(screen_figure(views.chart(ds, filters, lang, chart_id).figure))


@cached(max_entries=256)
def _texts(ds: Dataset, filters: Filters, lang: str, chart_id: str) -> tuple[str, str]:
    """The chart's source line and its 'as of' date, once per view: both read every row of the chart."""
    res = views.chart(ds, filters, lang, chart_id)
    return source_line(res.rows, lang), res.as_of


def source_line(rows: pd.DataFrame, lang: str, limit: int = SOURCES_SHOWN) -> str:
    """'Source: [title](url), publisher, date (UN document); ...' with working links, escaped."""
    items = sourceline.source_items(rows, lang)
    parts = []
    for item in items[:limit]:
        name = md(item.title)
        name = f"[{name}]({safe_url(item.link)})" if item.link else f"{name} {md(t('chart.no_link', lang))}"
        parts.append(f"{name}, {md(item.publisher_short)}, {md(item.date)} ({md(item.source_type_label)})")
    more = len(items) - limit
    rest = t("chart.more_source", lang) if more == 1 else t("chart.more_sources", lang, n=more)
    text = words.join(parts, lang) + (" " + rest if more > 0 else "")
    return t("chart.source_line", lang, sources=text)


def rows_label(chart_id: str, n: int, lang: str) -> str:
    """'The N figures behind this chart (...)', or what the chart's rows are when they are not figures.

    The Council desk's charts count passages, records and events (``chart.rows.<id>``), and say
    how a row relates to the chart's cells: a paragraph on two themes is two passages.
    """
    key = f"chart.rows.{chart_id}"
    return t(key if key in CATALOGUES["en"] else "chart.facts", lang, n=n)


def fact_table(ds: Dataset, rows: pd.DataFrame, lang: str) -> None:
    """Facts with their verbatim quote (and its language when not the reader's) and a link to the document."""
    shown = views.reader_table(ds, rows, lang)
    after_quote = [(c, "quote_lang") if c == "quote" else (c,) for c in FACT_COLUMNS]
    cols = [c for group in after_quote for c in group if c in shown.columns]
    data_table(
        ds,
        shown[cols],
        lang,
        shown_as_is=True,
        url=st.column_config.LinkColumn(t("col.document", lang)),
        quote=st.column_config.TextColumn(t("col.verbatim", lang), width="large"),
    )


def data_table(
    ds: Dataset,
    df: pd.DataFrame | pa.Table,
    lang: str,
    *,
    shown_as_is: bool = False,
    **config: st.column_config.Column,
) -> None:
    """A table for reading: cells and headers in the reader's language (``views.reader_table``, ``views.headers``).

    ``shown_as_is``: ``df`` is already for reading; it may then be the Arrow table itself (a
    cached one spares ``st.dataframe`` converting it on every rerun). ``config`` sets a
    column's own display (a link, a wide text).
    """
    shown = df if shown_as_is else views.reader_table(ds, df, lang)
    names = shown.column_names if isinstance(shown, pa.Table) else list(shown.columns)
    column_config: dict[str, object] = {c: st.column_config.Column(h) for c, h in views.headers(names, lang).items()}
    if lang == "en" and "value" in names:
        column_config["value"] = st.column_config.NumberColumn(words.column("value", lang), format="%g")
    column_config.update(config)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config)
