"""The Council desk's pages: mandate language side by side, Council positions, the timeline, what changed.

Also the two settings every page reads: event markers on year charts (``?events=true``) and
the changes since a release (``?since=VERSION``). Verbatim texts are shown escaped
(``escape.md``); a provision's changed words are marked with Streamlit's own directives
around escaped text, bold on green for words added and struck through on red for words
dropped, so the change is told by more than colour.

Layer: app. Imports streamlit, ``app.escape``, ``app.blocks``, the charts, analysis, i18n.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from wps_data.app import params, views
from wps_data.app.escape import md, safe_url
from wps_data.app.state import cached
from wps_data.charts.desk import (
    change_table,
    event_rows,
    previous_release,
    provision_rows,
    thread_changes,
)
from wps_data.charts.registry import REGISTRY, ChartResult
from wps_data.contract.desk import PROVISION_THEMES
from wps_data.dataset import Dataset
from wps_data.exports.tables import safe_csv_bytes
from wps_data.filters import Filters
from wps_data.i18n import fmt_value, t, words
from wps_data.i18n.names import country, partial_date
from wps_data.pagespec import PAGES
from wps_data.viz.desk import add_event_markers

CHANGE_ORDER = ("added", "revised", "removed")


def _words(key: str, lang: str) -> Callable[[str], str]:
    return {
        "mandate_themes": lambda v: t(f"mandate_theme.{v}", lang),
        "members": lambda v: f"{country(v, lang)} ({v})",
        "topics": lambda v: t(f"topic.{v}", lang),
        "event_kinds": lambda v: t(f"event_kind.{v}", lang),
    }.get(key, str)


def desk_filters(page: str, ds: Dataset, lang: str) -> Filters:
    """The page's filters in words, in the sidebar; the URL keeps the codes (``?members=FR``), whatever the language.

    Synced to the URL by hand: a bound widget would write its words, not its codes, into the link.
    """
    out: dict[str, list[str]] = {}
    for fs in PAGES[page].filters:
        options = [str(o) for o in fs.options(ds)]
        url = [v for v in st.query_params.get_all(fs.key) if v in options]
        state = f"wps_{fs.key}"
        if st.session_state.get(f"{state}_url") != url:  # first visit, or a new link
            st.session_state[state] = url
            st.session_state[f"{state}_url"] = url
        chosen = st.sidebar.multiselect(
            t(fs.label_key, lang),
            options,
            key=state,
            format_func=_words(fs.key, lang),
            placeholder=t("desk.placeholder", lang),
        )
        if chosen != url:
            if chosen:
                st.query_params[fs.key] = chosen
            else:
                st.query_params.pop(fs.key, None)
            st.session_state[f"{state}_url"] = chosen
        out[fs.key] = chosen
    return Filters.of(out)


def _diff_markdown(runs: list[tuple[str, str]]) -> str:
    parts = []
    for kind, text in runs:
        if kind == "same":
            parts.append(md(text))
        elif kind == "added":
            parts.append(f":green-background[**{md(text)}**]")
        else:
            parts.append(f":red-background[~~{md(text)}~~]")
    return " ".join(parts)


def _resolution(name: str, lang: str) -> str:
    """'2531 (2020)' as it is; the update's recommendations in the reader's words."""
    return t("mandates.recommended", lang) if str(name).startswith("recommendation") else str(name)


def _provision_card(row: pd.Series, lang: str) -> dict[str, object]:
    """What one provision's card says (markdown, captions, a link to the page that measures it)."""
    link = f"[{md(row['title'])}]({safe_url(row['url'])})" if isinstance(row["url"], str) else md(row["title"])
    chart_id = row["chart"]
    measured = None
    if isinstance(chart_id, str) and chart_id in REGISTRY:
        page = REGISTRY[chart_id].page
        measured = (PAGES[page].file, t("mandates.measured_by", lang, page=t(f"page.{page}", lang)))
    head = f"**{md(_resolution(row['resolution'], lang))}** · {md(row['paragraph'])}"
    verbatim = t("desk.verbatim", lang, lang_name=t("desk.lang_en", lang)).rstrip(" :")
    source = t("desk.source", lang, source=link, locator=md(row["locator"]))
    return {
        "markdown": f"{head}\n\n{md(row['text'])}\n\n:small[:gray[{verbatim} · {source}]]",
        "measured": measured,
    }


@cached(max_entries=32)
def mandate_layout(ds: Dataset, f: Filters, lang: str) -> tuple[pd.DataFrame, list[tuple[str, list[tuple]]]]:
    """The mandates page as text, once per view: the word diffs and the cards are work, drawing them is not.

    Returns the provisions and, per theme, its heading and its threads: (thread, columns, and
    per resolution its cards and the change from the one before, as one markdown text or None).
    """
    rows = provision_rows(ds, f, lang)
    if rows.empty:
        return rows, []
    changes = {(c["thread"], c["new"]["resolution"]): c for c in thread_changes(rows)}
    themes = []
    for theme in [th for th in PROVISION_THEMES if th in set(rows["theme"])]:
        threads = []
        for thread, tr in rows[rows["theme"] == theme].groupby("thread", sort=False):
            per_res = []
            for res, rr in tr.groupby("resolution", sort=False):
                cards = [_provision_card(row, lang) for _, row in rr.iterrows()]
                change = changes.get((thread, res))
                diff = None
                if change is not None:  # one element: what it is compared with (small, grey), then the words
                    old = md(_resolution(change["old"]["resolution"], lang))
                    if all(kind == "same" for kind, _ in change["diff"]):  # not the paragraph again, unmarked
                        diff = f":small[:gray[{t('mandates.same_as', lang, old=old)}]]"
                    else:
                        compared = t("mandates.changed_from", lang, old=old)
                        diff = f":small[:gray[{compared}]]\n\n{_diff_markdown(change['diff'])}"
                per_res.append((cards, diff))
            threads.append((thread, max(1, min(4, tr["resolution"].nunique())), per_res))
        themes.append((theme, threads))
    return rows, themes


def mandates_view(ds: Dataset, f: Filters, lang: str) -> pd.DataFrame:
    """Provisions by theme, each thread's resolutions side by side; with the switch on, what changed under each.

    The switch (``?changes=true``, kept in the link) shows every word diff at once, under the
    provision it compares, on screen and in print. Off, the page sends none of them: about 50
    diffs that used to sit in as many expanders, each an element to build and draw on every load.
    """
    rows, themes = mandate_layout(ds, f, lang)
    if rows.empty:
        st.info(t("desk.nothing", lang))
        return rows
    show = st.toggle(
        t("mandates.show_changes", lang), key="changes", help=t("mandates.show_changes_help", lang), bind="query-params"
    )
    if show:
        st.caption(t("mandates.legend", lang))
    for theme, threads in themes:
        st.subheader(t(f"mandate_theme.{theme}", lang))
        for thread, ncols, per_res in threads:
            with st.container(border=True, key=f"wps_thread_{theme}_{thread}"):
                cols = st.columns(ncols) if ncols > 1 else None  # one resolution: no row of one column to draw
                for i, (cards, diff) in enumerate(per_res):
                    with cols[i % len(cols)] if cols else contextlib.nullcontext():
                        for card in cards:  # one element a card (its source line small): a hundred of them
                            st.markdown(card["markdown"])
                            if card["measured"] is not None:
                                st.page_link(card["measured"][0], label=card["measured"][1])
                        if show and diff is not None:
                            st.markdown(diff)
    return rows


def council_view(ds: Dataset, f: Filters, lang: str) -> pd.DataFrame:
    """Open one cell of the matrix: a member and a topic, and every statement behind it, verbatim."""
    rows, members, cells = views.council_cells(ds, f, lang)
    if rows.empty:
        return rows
    st.subheader(t("council.open_cell", lang))
    c1, c2 = st.columns(2)
    member = c1.selectbox(t("filter.members", lang), members, format_func=_words("members", lang), key="wps_cell_m")
    topics = views.member_topics(cells, member)
    topic = c2.selectbox(t("filter.topics", lang), topics, format_func=_words("topics", lang), key="wps_cell_t")
    cell = cells.get((member, topic), rows.iloc[0:0])
    for _, r in cell.iterrows():
        with st.container(border=True):
            st.markdown(f"**{md(r['kind_label'])}** · {md(r['date_text'])}")
            st.caption(t("desk.verbatim", lang, lang_name=t("desk.lang_en", lang)))
            st.markdown(md(r["text"]))
            link = f"[{md(r['title'])}]({safe_url(r['url'])})" if isinstance(r["url"], str) else md(r["title"])
            st.caption(t("desk.source", lang, source=link, locator=md(r["locator"])))
    return rows


def desk_arrow(rows: pd.DataFrame, columns: dict[str, str], lang: str) -> pa.Table:
    """Desk rows as ``desk_table`` shows them: the ``columns`` present, headed in the reader's language.

    An Arrow table, the form ``st.dataframe`` sends: made where it is cached, a rerun
    does not convert the frame again.
    """
    cols = [c for c in columns if c in rows.columns]
    return pa.Table.from_pandas(rows[cols], preserve_index=False).rename_columns([t(columns[c], lang) for c in cols])


def desk_table(shown: pa.Table, columns: dict[str, str], lang: str) -> None:
    """A readable table of desk rows (``desk_arrow``): headers in the reader's language, the verbatim text wide."""
    config = {t("desk.col.text", lang): st.column_config.TextColumn(width="large")}
    if "url" in columns:
        config[t(columns["url"], lang)] = st.column_config.LinkColumn()
    height = min(36 * shown.num_rows + 40, 640)
    st.dataframe(shown, hide_index=True, width="stretch", height=height, column_config=config)


TIMELINE_COLUMNS = {
    "date_text": "desk.col.date",
    "kind_label": "desk.col.kind",
    "label": "desk.col.event",
    "text": "desk.col.text",
    "title": "desk.col.source",
    "locator": "desk.col.locator",
    "url": "desk.col.url",
}


def timeline_table(ds: Dataset, f: Filters, lang: str) -> pd.DataFrame:
    """Every event of the timeline with the sentence that dates it."""
    rows, shown = _timeline_for_reading(ds, f, lang)
    desk_table(shown, TIMELINE_COLUMNS, lang)
    return rows


@cached(max_entries=32)
def _timeline_for_reading(ds: Dataset, f: Filters, lang: str) -> tuple[pd.DataFrame, pa.Table]:
    """The timeline's events within ``f``, and their table for reading (shared: read-only)."""
    rows = event_rows(ds, f, lang)
    return rows, desk_arrow(rows.rename(columns={"quote": "text"}), TIMELINE_COLUMNS, lang)


def since_release(ds: Dataset) -> str | None:
    """The release of ``?since=`` when it is a recorded one (the URL check drops any other)."""
    since = st.query_params.get("since")
    return since if since in ds.release_versions else None


def change_rows(ds: Dataset, since: str) -> pd.DataFrame:
    """Facts added, revised and removed since the release ``since`` (computed once per dataset and release)."""
    return change_table(ds, Filters(since=since))


def change_counts(ds: Dataset, since: str) -> dict[str, int]:
    """Facts added, revised and removed since ``since``, counted once per dataset and release."""

    def count(d: Dataset) -> dict[str, int]:
        n = change_rows(d, since)["change"].value_counts()
        return {k: int(n.get(k, 0)) for k in ("added", "revised", "removed")}

    return ds.derived(f"change_counts:{since}", count)


def changes_view(ds: Dataset, lang: str) -> Filters:
    """Pick a release; see what changed since, with the reasons the curators wrote."""
    versions = [v for v in ds.releases["version"] if v != ds.version]
    if not versions:
        st.info(t("changes.no_releases", lang))
        return Filters()
    dates = dict(zip(ds.releases["version"], ds.releases["date"], strict=True))
    default = since_release(ds) or previous_release(ds)  # the last release whose figures differ
    choice = st.selectbox(
        t("changes.since", lang),
        versions,
        index=versions.index(default) if default in versions else len(versions) - 1,
        format_func=lambda v: t("changes.release", lang, version=v, date=partial_date(dates[v], lang)),
        key="wps_since",
    )
    if choice != st.query_params.get("since"):
        st.query_params["since"] = choice
    rows, shown = _changes_for_reading(ds, choice, lang)
    st.write(t("changes.summary", lang, version=ds.version, **change_counts(ds, choice)))
    st.download_button(
        t("changes.download", lang),
        lambda: safe_csv_bytes(rows),  # written when clicked
        file_name=f"mali-wps_changes-since-{choice}_to-{ds.version}.csv",
        mime="text/csv",
        key="wps_changes_csv",
    )
    desk_table(shown, CHANGE_TABLE_COLUMNS, lang)
    return Filters(since=choice) if choice != previous_release(ds) else Filters()  # the default view: no filter


CHANGE_TABLE_COLUMNS = {
    "change": "desk.col.change",
    "fact_id": "desk.col.fact",
    "theme": "desk.col.theme",
    "fields": "desk.col.fields",
    "old": "desk.col.old",
    "new": "desk.col.new",
    "reason": "desk.col.reason",
}


@cached(max_entries=16)
def _changes_for_reading(ds: Dataset, since: str, lang: str) -> tuple[pd.DataFrame, pa.Table]:
    """The changes since ``since`` as exported, and their table with values, kinds and fields in words (read-only)."""
    rows = change_rows(ds, since)
    words_of = rows.assign(
        old=[_value_words(v, u, lang) for v, u in zip(rows["old_value"], rows["old_unit"], strict=True)],
        new=[_value_words(v, u, lang) for v, u in zip(rows["new_value"], rows["new_unit"], strict=True)],
        change=[t(f"changes.kind.{c}", lang) for c in rows["change"]],
        theme=[words.code("theme", v, lang) for v in rows["theme"]],
        fields=[", ".join(t(f"field.{x}", lang) for x in str(v).split(", ") if x) for v in rows["fields"]],
    )
    return rows, desk_arrow(words_of, CHANGE_TABLE_COLUMNS, lang)


def _value_words(value: object, unit: str, lang: str) -> str:
    """'USD 370 million', '28,57 %', '1 204 cases' (empty for a side that does not exist)."""
    if not unit:
        return ""
    text = fmt_value(value, unit, lang)
    return text if unit in SELF_DESCRIBING_UNITS else f"{text} {t(f'unit.{unit}', lang).lower()}"


SELF_DESCRIBING_UNITS = ("percent", "usd", "per_100000", "date", "year")


def events_toggle(lang: str) -> bool:
    """The sidebar switch that draws the timeline's events on every chart over years (``?events=true``)."""
    params.note_bad_events()
    return st.sidebar.toggle(
        t("events.toggle", lang), key="events", help=t("events.toggle_help", lang), bind="query-params"
    )


def pinned_release_notice(ds: Dataset, lang: str) -> None:
    """On any page opened with ``?since=``: how many figures changed since that release."""
    since = since_release(ds)
    if since is None or since == ds.version:
        return
    st.info(t("changes.pinned", lang, version=since, **change_counts(ds, since)), icon=":material/history:")


def marked_figure(ds: Dataset, res: ChartResult, lang: str) -> go.Figure:
    """The chart's figure, with the timeline's events on it when the reader turned them on (a copy)."""
    if not st.session_state.get("events") or res.empty or res.chart_id == "timeline-events":
        return res.figure
    fig = go.Figure(res.figure)
    events = event_rows(ds, None, lang)
    add_event_markers(fig, events, lang)
    return fig


def changed_in_chart(ds: Dataset, res: ChartResult, lang: str) -> str | None:
    """'Since release X: 2 of these figures are new and 1 revised', when the link asks (``?since=``)."""
    since = since_release(ds)
    if since is None or res.empty or "fact_id" not in res.rows.columns:
        return None
    rows = change_rows(ds, since)
    mine = rows[rows["fact_id"].isin(set(res.rows["fact_id"]))]
    counts = mine["change"].value_counts()
    if mine.empty:
        return t("changes.in_chart_none", lang, version=since)
    return t(
        "changes.in_chart",
        lang,
        version=since,
        added=int(counts.get("added", 0)),
        revised=int(counts.get("revised", 0)),
        ids=", ".join(mine["fact_id"].head(8)) or "-",
    )


def regions_to_compare(ds: Dataset, lang: str, view: Filters) -> Filters:
    """The map page's choice of regions to put side by side (``?regions=Gao&regions=Mopti``), added to ``view``.

    Region names are the same in every language, so the widget is bound to the URL directly.
    """
    spec = next(fs for fs in PAGES["map"].filters if fs.key == "regions")
    chosen = st.multiselect(
        t("map-compare.choose", lang),
        spec.options(ds),
        default=[],
        key="regions",
        bind="query-params",
        placeholder=t("map-compare.placeholder", lang),
    )
    return Filters({**dict(view), "regions": chosen})
