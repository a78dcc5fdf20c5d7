"""Streamlit glue shared by the pages: loading, the error page, filters, chart blocks, downloads.

This is the only module of the package that imports streamlit. It assembles what the
pure modules compute; it computes nothing itself. Session state is small and keyed
with a ``wps_`` prefix, except widget keys bound to the URL, which are the URL's names.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd
import streamlit as st

from wps_data import paths
from wps_data.charts import registry as ch
from wps_data.dataset import Dataset, DataUnavailable, load_dataset
from wps_data.exports.tables import export_frame, filename, page_rows, safe_csv_bytes
from wps_data.i18n import LANGUAGES, t
from wps_data.pagespec import MAX_PARAM_LEN, PAGES, FilterSpec, describe_filters

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


def _data_stamp() -> tuple[float, ...]:
    """Modification times of the Parquet files: a rebuild invalidates the cache."""
    d = paths.data_dir()
    return tuple(
        (d / f"{n}.parquet").stat().st_mtime if (d / f"{n}.parquet").exists() else -1.0
        for n in ("facts", "sources", "indicators", "bodies")
    )


@st.cache_resource(show_spinner=False, max_entries=2)
def _load(data_dir: str, stamp: tuple[float, ...]) -> Dataset:
    # cache_resource, not cache_data: the frames are shared read-only by every session
    # instead of being unpickled on every rerun (the benchmark's scale test shows why).
    return load_dataset(Path(data_dir))


def dataset() -> Dataset:
    """The validated dataset, loaded once per process (and again after a rebuild)."""
    return _load(str(paths.data_dir()), _data_stamp())


def lang() -> str:
    """The interface language chosen in the sidebar (URL parameter ``lang``)."""
    value = st.session_state.get("lang", "en")
    return value if value in LANGUAGES else "en"


def show_data_error(err: DataUnavailable, language: str = "en") -> None:
    """One clear page instead of a traceback: what is wrong and the command that fixes it."""
    st.title(t("error.title", language))
    st.error(t("error.what", language, what=err.what))
    st.write(t("error.fix", language))
    st.code(f"{err.fix}\n# or, to see every problem in the curated CSV first:\nwps-data validate", language="bash")
    st.caption(t("error.nothing_lost", language))


def _ensure_router() -> None:
    """Make sure app.py's st.navigation routes this run, even on a freshly started server.

    Streamlit (1.67) treats an app with a pages/ folder as a legacy multipage app until
    st.navigation has run once in the process: a first visitor arriving on /violence gets
    pages/violence.py run on its own, with the wrong sidebar and no language selector.
    Switching that mode off and rerunning hands the same URL to app.py's router.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_start(page: str, extra: Callable[[Dataset, str], dict[str, list[str]]] | None = None) -> tuple[Dataset, str]:
    """Load the data (or show the error page and stop) and check the URL parameters.

    ``extra`` gives the valid values of the page's own URL-bound widgets (the map's
    indicator and year, the explorer's checkbox), so every ignored parameter is named
    in the same single notice.
    """
    _ensure_router()
    language = lang()
    try:
        ds = dataset()
    except DataUnavailable as err:
        show_data_error(err, language)
        st.stop()
    check_query_params(page, ds, language, extra(ds, language) if extra else {})
    st.title(t(f"page.{page}", language))
    return ds, language


def _valid(fs: FilterSpec, ds: Dataset, values: list[str]) -> bool:
    options = [str(o) for o in fs.options(ds)]
    if fs.kind == "range":
        return len(values) == 2 and all(v in options for v in values) and int(values[0]) <= int(values[1])
    return all(v in options for v in values if v != "")


def check_query_params(page: str, ds: Dataset, language: str, extra: dict[str, list[str]] | None = None) -> list[str]:
    """Name every URL parameter the page ignores (unknown, invalid, too long) in one notice.

    Unknown parameters are removed from the URL; invalid values of bound widgets are
    dropped by Streamlit itself, so the page shows its default view for them. Keys are
    escaped: a parameter name is data from the URL and never becomes markup or a link.
    """
    spec = PAGES[page]
    by_key = {f.key: f for f in spec.filters}
    extra = extra or {}
    known = set(by_key) | set(spec.extra_params) | set(extra) | {"lang"}
    problems: list[str] = []
    if st.session_state.pop("wps_bad_lang", False):
        problems.append(t("qp.invalid", language, key="lang"))
    for key in list(st.query_params.keys()):
        values = st.query_params.get_all(key)
        shown = _md(key[:40])
        if len(key) > MAX_PARAM_LEN or any(len(v) > MAX_PARAM_LEN for v in values):
            problems.append(t("qp.too_long", language, key=shown))
            _drop(key)
            continue
        if key not in known:
            problems.append(t("qp.unknown", language, key=shown))
            _drop(key)
        elif key in by_key and not by_key[key].valid_url_values(ds, values):
            problems.append(t("qp.invalid", language, key=shown))
        elif key in extra and any(_norm(key, v) not in extra[key] for v in values):
            problems.append(t("qp.invalid", language, key=shown))
    if problems:
        st.warning(t("qp.notice", language, items="; ".join(problems)), icon=":material/link_off:")
    return problems


# Text inputs bound to the URL keep whatever they are given (cut to max_chars): an ignored
# value must be reset through session state, the one way Streamlit lets code set a bound widget.
TEXT_DEFAULTS = {"q": ""}


def _drop(key: str) -> None:
    """Remove an ignored parameter from the URL, so the page really shows its default view."""
    try:
        del st.query_params[key]
    except Exception:  # already bound to a widget in this session: the widget drops it itself
        pass
    if key in TEXT_DEFAULTS:
        st.session_state[key] = TEXT_DEFAULTS[key]


def _norm(key: str, value: str) -> str:
    # Streamlit reads checkbox values case-insensitively ("True", "FALSE").
    return value.lower() if key == "undated" else value


def note_bad_lang() -> None:
    """Called by app.py before its language selector, which drops an invalid value itself."""
    values = st.query_params.get_all("lang")
    if any(v not in LANGUAGES for v in values):
        st.session_state["wps_bad_lang"] = True


def filters(page: str, ds: Dataset, language: str, *, container: Any = None) -> dict[str, Any]:
    """The page's filter widgets, bound to the URL; returns the filter dict for charts."""
    box = container or st.sidebar
    out: dict[str, Any] = {}
    for fs in PAGES[page].filters:
        options = fs.options(ds)
        label = t(fs.label_key, language)
        if fs.kind == "range":
            lo, hi = box.slider(
                label,
                min_value=options[0],
                max_value=options[-1],
                value=(options[0], options[-1]),
                key=fs.key,
                bind="query-params",
            )
            out[fs.key] = (lo, hi) if (lo, hi) != (options[0], options[-1]) else None
        else:
            # No format_func: a bound widget's URL holds the displayed text, which must not
            # depend on the interface language for a link to reproduce the view.
            chosen = box.multiselect(label, options, default=[], key=fs.key, bind="query-params")
            out[fs.key] = chosen or None
    if PAGES[page].filters:
        box.caption(t("filter.help_url", language))
    return out


@st.cache_resource(show_spinner=False, max_entries=256)
def _draw(chart_id: str, version: str, stamp: tuple[float, ...], frozen: tuple, language: str) -> ch.ChartResult:
    return ch.draw(chart_id, dataset(), dict(frozen), language)


def _freeze(f: dict[str, Any]) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in f.items() if v))


def draw(chart_id: str, ds: Dataset, f: dict[str, Any], language: str) -> ch.ChartResult:
    """A chart result, cached per filter combination (results are shared: read-only)."""
    return _draw(chart_id, ds.version, _data_stamp(), _freeze(f), language)


def _md(text: str) -> str:
    """Escape text for st.markdown so data can never become markup or a link."""
    out = html.escape(str(text), quote=False)
    for c in "\\`*_{}[]()#+-.!|>~<":
        out = out.replace(c, "\\" + c)
    return out


def source_line(rows: pd.DataFrame, language: str, limit: int = 4) -> str:
    """'Source: [title](url), publisher, date (UN document); ...' with working links, escaped."""
    items = []
    sources = rows.drop_duplicates("source_id") if not rows.empty else rows
    for r in sources.head(limit).itertuples():
        name = _md(r.title)
        if isinstance(r.url, str) and r.url.startswith(("http://", "https://")):
            name = f"[{name}]({safe_url(r.url)})"
        else:
            name += " " + _md(t("chart.no_link", language))
        kind = t(f"source_type.{r.source_type}", language)
        date = r.published if isinstance(r.published, str) else "undated"
        items.append(f"{name}, {_md(short_publisher(r.publisher))}, {_md(date)} ({kind})")
    more = len(sources) - limit
    text = "; ".join(items) + (" " + t("chart.more_sources", language, n=more) if more > 0 else "")
    return t("chart.source_line", language, sources=text)


def safe_url(url: str) -> str:
    """A URL that cannot end a markdown link early: brackets, parentheses, spaces, quotes encoded."""
    from urllib.parse import quote

    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def short_publisher(publisher: str) -> str:
    """'UN Women, as secretariat of ...' -> 'UN Women': the full name is in the Sources page."""
    return str(publisher).split(",")[0].strip()


def chart_block(chart_id: str, ds: Dataset, f: dict[str, Any], language: str) -> ch.ChartResult:
    """A chart with everything a reader needs to trust it, in a bordered box."""
    res = draw(chart_id, ds, f, language)
    with st.container(border=True, key=f"wps_chart_{chart_id}"):
        st.plotly_chart(
            res.figure, width="stretch", key=f"fig-{chart_id}", config={"displaylogo": False, "responsive": True}
        )
        if res.empty:
            return res
        st.markdown(source_line(res.rows, language))
        st.caption(
            f"{t('chart.as_of', language, as_of=res.as_of)} · {t('chart.takeaway', language, text=res.takeaway)}"
        )
        if res.caveats:
            st.caption(t("chart.caveats", language) + ": " + " ".join(res.caveats))
        image_downloads(chart_id, ds, f, language)
        with st.expander(t("chart.facts", language, n=len(res.rows))):
            tabs = st.tabs(
                [t("chart.facts", language, n=len(res.rows)).split(" (")[0], t("chart.table", language)]
                + ([t("chart.derived", language)] if res.derived is not None else [])
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


def page_downloads(
    page: str, ds: Dataset, f: dict[str, Any], language: str, shown: list[ch.ChartResult | pd.DataFrame]
) -> pd.DataFrame:
    """The CSV download of the rows behind what the page shows (charts and tables)."""
    frames = [x.rows if isinstance(x, ch.ChartResult) else x for x in shown]
    rows = page_rows(page, ds, frames)
    data = _csv_bytes(rows)
    st.divider()
    st.download_button(
        t("download.csv", language),
        data=data,
        mime="text/csv",
        file_name=filename(page, describe_filters(f), "csv"),
        key=f"wps_csv_{page}",
        help=t("download.csv_help", language),
        icon=":material/download:",
        on_click="ignore",
    )
    briefing_downloads(page, ds, f, language, rows)
    return rows


def gap_table(derived: pd.DataFrame, language: str) -> pd.DataFrame:
    """The quota table as a reader wants it: words instead of ticks, blanks instead of None."""
    d = derived.copy()
    d["meets"] = d["compliant"].map({True: t("rep.yes", language), False: t("rep.no", language)})
    d["value"] = d["value"].map(lambda v: f"{v:.4g}%")
    for col in ("size", "women", "women_needed"):
        d[col] = d[col].map(lambda v: "" if pd.isna(v) else f"{int(v)}")
    d["gap_points"] = d["gap_points"].map(lambda v: f"{v:+.2f}")
    out = d[
        ["subject", "branch", "value", "meets", "gap_points", "size", "women", "women_needed", "derivation", "fact_id"]
    ]
    return out.rename(columns={k: t(f"rep.col.{k}", language) for k in out.columns})


# --- briefing outputs (images, deck, data pack) -------------------------------------------


@st.cache_resource(show_spinner=False)
def _image_support() -> tuple[bool, str]:
    from wps_data.exports import briefing

    return briefing.image_export_available(lang())


@st.cache_data(show_spinner=False, max_entries=64)
def _chart_images(
    chart_id: str, version: str, stamp: tuple[float, ...], frozen: tuple, language: str
) -> tuple[bytes, bytes]:
    from wps_data.exports import briefing

    res = _draw(chart_id, version, stamp, frozen, language)
    return briefing.chart_png_svg(res, version=version, lang=language)


@st.fragment
def image_downloads(chart_id: str, ds: Dataset, f: dict[str, Any], language: str) -> None:
    """PNG (slides) and SVG (print) of one chart, title, source and date drawn in; on request.

    Rendering starts a headless browser (seconds), so it runs only when asked for, inside a
    fragment (the rest of the page does not rerun), and is cached per chart and view.
    """
    ok, reason = _image_support()
    if not ok:
        st.caption(t("chart.images_unavailable", language, reason=reason))
        return
    frozen = _freeze(f)
    flag = f"wps_img_{chart_id}_{abs(hash((frozen, language))) % 10**8}"
    if not st.session_state.get(flag):
        if not st.button(t("chart.prepare_images", language), key=flag + "_btn", icon=":material/image:"):
            return
        st.session_state[flag] = True
    try:
        with st.spinner(t("chart.preparing", language)):
            png, svg = _chart_images(chart_id, ds.version, _data_stamp(), frozen, language)
    except Exception as exc:  # a browser crash must not take the page down
        st.session_state.pop(flag, None)
        st.warning(t("chart.image_failed", language, reason=_md(type(exc).__name__)))
        return
    stem = filename(chart_id, describe_filters(f), "x")[:-2]
    c1, c2 = st.columns(2)
    c1.download_button(
        t("chart.png", language),
        png,
        file_name=stem + ".png",
        mime="image/png",
        key=flag + "_png",
        icon=":material/download:",
        on_click="ignore",
    )
    c2.download_button(
        t("chart.svg", language),
        svg,
        file_name=stem + ".svg",
        mime="image/svg+xml",
        key=flag + "_svg",
        icon=":material/download:",
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


@st.cache_data(show_spinner=False, max_entries=16)
def _deck(page: str, version: str, stamp: tuple[float, ...], frozen: tuple, language: str) -> bytes:
    from wps_data.exports import briefing

    results = [_draw(c.chart_id, version, stamp, frozen, language) for c in ch.charts_for(page)]
    return briefing.briefing_deck(page, dataset(), dict(frozen), language, results)


@st.fragment
def briefing_downloads(page: str, ds: Dataset, f: dict[str, Any], language: str, rows: pd.DataFrame) -> None:
    """Deck (PowerPoint) and data pack (ZIP) of what the page shows, built on request."""
    from wps_data.exports import briefing

    frozen = _freeze(f)
    flag = f"wps_brief_{page}_{abs(hash((frozen, language))) % 10**8}"
    if not st.session_state.get(flag):
        if not st.button(t("download.prepare", language), key=flag + "_btn", icon=":material/slideshow:"):
            return
        st.session_state[flag] = True
    c1, c2 = st.columns(2)
    if ch.charts_for(page):
        try:
            with st.spinner(t("download.preparing", language)):
                deck = _deck(page, ds.version, _data_stamp(), frozen, language)
            c1.download_button(
                t("download.deck", language),
                deck,
                file_name=filename(page, describe_filters(f), "pptx"),
                mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                key=flag + "_pptx",
                icon=":material/slideshow:",
                on_click="ignore",
            )
        except Exception as exc:  # the data pack below still works
            c1.warning(t("chart.image_failed", language, reason=_md(type(exc).__name__)))
    pack = briefing.data_pack(page, ds, f, rows, permalink=current_permalink(), lang=language)
    c2.download_button(
        t("download.datapack", language),
        pack,
        file_name=filename(page, describe_filters(f), "zip"),
        mime="application/zip",
        key=flag + "_zip",
        icon=":material/folder_zip:",
        on_click="ignore",
    )


# --- per-dataset computations, cached like the charts (read-only results) ---------------------


@st.cache_resource(show_spinner=False, max_entries=8)
def _headlines(version: str, stamp: tuple[float, ...], language: str) -> list[ch.Headline]:
    return ch.headlines(dataset(), language)


def headlines(ds: Dataset, language: str) -> list[ch.Headline]:
    """The overview's headline figures, computed once per dataset and language."""
    return _headlines(ds.version, _data_stamp(), language)


@st.cache_resource(show_spinner=False, max_entries=4)
def _conflicts(version: str, stamp: tuple[float, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    from wps_data.analysis import metrics

    conf = metrics.find_conflicts(dataset().view)
    return conf, (metrics.conflict_summary(conf) if not conf.empty else pd.DataFrame())


def conflicts(ds: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every conflict between sources and its summary, computed once per dataset."""
    return _conflicts(ds.version, _data_stamp())


@st.cache_resource(show_spinner=False, max_entries=4)
def _source_table(version: str, stamp: tuple[float, ...]) -> pd.DataFrame:
    from wps_data.analysis import metrics

    ds = dataset()
    return metrics.source_table(ds.view, ds.sources)


def source_table(ds: Dataset) -> pd.DataFrame:
    """Every source with its figure count and pages, computed once per dataset."""
    return _source_table(ds.version, _data_stamp())


@st.cache_resource(show_spinner=False, max_entries=8)
def _map_choices(version: str, stamp: tuple[float, ...], undated: str) -> tuple[dict, dict, str]:
    ds = dataset()
    by_label, years = ch.map_choices(ds, undated)
    default_ind, _ = ch.default_map_choice(ds)
    return by_label, years, default_ind


def map_choices(ds: Dataset, undated: str) -> tuple[dict[str, str], dict[str, list[str]], str]:
    """The map's indicators (label -> key), their years, and the opening indicator."""
    return _map_choices(ds.version, _data_stamp(), undated)


@st.cache_data(show_spinner=False, max_entries=32)
def _csv_bytes(rows: pd.DataFrame) -> bytes:
    # Keyed by the rows' content hash (vectorised): far cheaper than writing the CSV again.
    return safe_csv_bytes(export_frame(rows))
