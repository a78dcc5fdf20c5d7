"""The controls of a view, bound to the URL; each returns a ``wps_data.filters.Filters``.

Layer: app. Imports streamlit, ``app.views`` (the map's choices), ``wps_data.filters``,
``wps_data.pagespec`` and ``wps_data.i18n``.

Widget keys bound to the URL are the URL's parameter names; other session keys carry a
``wps_`` prefix. In English, options are what the URL holds (their codes: ``?statuses=verified``).
In another language, options a reader would not understand as codes (kinds of figure,
branches, themes; the map's indicators) are shown in words, and a bound widget then writes
those words into the link (``?statuses=Vérifié (ONU)``). Links keep working across
languages: the link check accepts the codes and the words of every language
(``FilterSpec.valid_url_values``), and a link in other terms than the widget's is read into
the widget through session state before it is drawn (``_seed``), the one way Streamlit lets
code set a bound widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from wps_data.app import views
from wps_data.dataset import Dataset
from wps_data.filters import Filters
from wps_data.i18n import LANGUAGES, t
from wps_data.pagespec import PAGES

SEARCH_MAX_CHARS = 200


def filters(page: str, ds: Dataset, lang: str, *, inline: bool = False) -> Filters:
    """The page's filter widgets (sidebar, or an open expander on the page when ``inline``)."""
    box: Any = (
        st.expander(t("filter.heading", lang), icon=":material/filter_list:", expanded=True) if inline else st.sidebar
    )
    out: dict[str, Any] = {}
    for fs in PAGES[page].filters:
        options = fs.options(ds)
        label = t(fs.label_key, lang)
        if fs.kind == "range":
            full = (options[0], options[-1])
            lo, hi = box.slider(
                label, min_value=full[0], max_value=full[1], value=full, key=fs.key, bind="query-params"
            )
            out[fs.key] = (lo, hi) if (lo, hi) != full else None
            continue
        if fs.words is not None:  # a link may hold the codes or the words of any language
            every, shown = ds.derived(f"filters.words.{page}.{fs.key}.{lang}", lambda d, fs=fs: _words_of(fs, d, lang))
            _seed(fs.key, shown, every, multi=True)
        worded = fs.words is not None and lang != "en"
        out[fs.key] = box.multiselect(
            label,
            options,
            default=[],
            key=fs.key,
            bind="query-params",
            placeholder=t("filter.placeholder", lang),
            **({"format_func": lambda o, fs=fs: fs.shown(o, lang)} if worded else {}),
        )
    if PAGES[page].filters:
        box.caption(t("filter.help_url", lang))
    return Filters.of(out)


def _words_of(fs: Any, ds: Dataset, lang: str) -> tuple[dict[str, Any], set[str]]:
    """A filter's options by every name a link may give them (codes, words of each language), and as shown in ``lang``.

    Once per dataset, page, filter and language: the sources filter alone names 132 sources twice.
    """
    options = fs.options(ds)
    every = {str(o): o for o in options} | {fs.words(o, other): o for o in options for other in LANGUAGES}
    return every, {fs.shown(o, lang) for o in options}


def include_undated(lang: str, filters: Filters | None = None) -> Filters:
    """The explorer's 'include facts without a year' checkbox (``?undated=``), added to ``filters``.

    ``undated`` enters the Filters only when unticked (the default adds nothing to keys or names).
    """
    ticked = st.checkbox(t("filter.undated", lang), value=True, key="undated", bind="query-params")
    base = dict(filters or {})
    return Filters(base) if ticked else Filters({**base, "undated": False})


def _seed(key: str, current: set[str], every: dict[str, Any], *, multi: bool) -> None:
    """Read a link written in other terms than the widget's (codes, another language) into the widget ``key``.

    ``current``: what the widget writes into links now; ``every``: each known term (code, or
    words in any language) -> the widget's value. Done once per link, so a choice made on
    the page is never overwritten by the link it came from.
    """
    url = st.query_params.get_all(key)
    seen = f"wps_seed_{key}"
    if st.session_state.get(seen) == url:
        return
    st.session_state[seen] = url
    if url and not all(v in current for v in url) and all(v in every for v in url):
        values = [every[v] for v in url]
        st.session_state[key] = values if multi else values[0]


def map_view(ds: Dataset, lang: str) -> Filters:
    """The map's indicator and year selectors (``?indicator=&year=``); the indicator's label is shown in ``lang``."""
    by_label, years_of, default_indicator = views.map_choices(ds, lang)
    labels = sorted(by_label)
    default_label = next(lbl for lbl, ind in by_label.items() if ind == default_indicator)
    _seed("indicator", set(labels), _map_terms(ds, by_label), multi=False)
    c1, c2 = st.columns([2, 1])
    label = c1.selectbox(
        t("filter.indicator", lang), labels, index=labels.index(default_label), key="indicator", bind="query-params"
    )
    indicator = by_label[label]
    years = years_of[indicator]
    undated = {t("map.undated", other): years[-1] for other in LANGUAGES if years[-1] == t("map.undated", lang)}
    _seed("year", set(years), {y: y for y in years} | undated, multi=False)
    year = c2.selectbox(t("filter.year", lang), years, key="year", bind="query-params")
    return Filters(indicator=indicator, year=views.UNDATED_YEAR if year == t("map.undated", lang) else int(year))


def search_box(lang: str) -> Filters:
    """The Sources page's search over every quote (``?q=``); ``Filters(q=...)``, empty without a search.

    Synced to ``?q=`` by hand rather than bound: a bound text input keeps even a value the
    page has rejected (too long), and the notice says rejected values are ignored.
    """
    url_q = st.query_params.get("q", "")
    if st.session_state.get("wps_q_url") != url_q:  # first visit, or a new link
        st.session_state["q"] = url_q
        st.session_state["wps_q_url"] = url_q
    query = st.text_input(
        t("filter.search", lang),
        key="q",
        max_chars=SEARCH_MAX_CHARS,
        help=t("sources.search_help", lang),
        label_visibility="collapsed",
    )
    if query != url_q:
        if query:
            st.query_params["q"] = query
        else:
            st.query_params.pop("q", None)
        st.session_state["wps_q_url"] = query
    return Filters(q=query)


def _map_terms(ds: Dataset, by_label: dict[str, str]) -> dict[str, str]:
    """Every term a link may name a map indicator by (its key, its label in any language) -> its label here."""
    label_of = {ind: lbl for lbl, ind in by_label.items()}
    terms = {ind: label_of[ind] for ind in label_of}
    for other in LANGUAGES:
        terms |= {lbl: label_of[ind] for lbl, ind in views.map_choices(ds, other)[0].items() if ind in label_of}
    return terms


def _map_url_values(ds: Dataset, lang: str) -> dict[str, list[str]]:
    """The map's indicators, and the years of the one the link opens (a year of another indicator is invalid).

    A link may name the indicator by its key or its label in any language, and 'no year' in any language.
    """
    by_label, years, default_indicator = views.map_choices(ds, lang)
    terms = _map_terms(ds, by_label)
    asked = st.query_params.get_all("indicator")
    indicator = by_label[terms[asked[0]]] if len(asked) == 1 and asked[0] in terms else default_indicator
    undated = [t("map.undated", other) for other in LANGUAGES if years[indicator][-1] == t("map.undated", lang)]
    return {"indicator": list(terms), "year": list(dict.fromkeys([*years[indicator], *undated]))}


OWN_URL_VALUES: dict[str, Callable[[Dataset, str], dict[str, list[str]]]] = {
    "map": _map_url_values,
    "explorer": lambda ds, lang: {"undated": ["true", "false"]},
    "mandates": lambda ds, lang: {"changes": ["true", "false"]},
}


def own_url_values(page: str, ds: Dataset, lang: str) -> dict[str, list[str]]:
    """Valid URL values of the page's own widgets (beyond its filters), for the link notice."""
    values = OWN_URL_VALUES.get(page)
    return values(ds, lang) if values else {}
