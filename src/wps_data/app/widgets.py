"""The controls of a view, bound to the URL; each returns a ``wps_data.filters.Filters``.

Layer: app. Imports streamlit, ``app.views`` (the map's choices), ``wps_data.filters``,
``wps_data.pagespec`` and ``wps_data.i18n``.

Widget keys bound to the URL are the URL's parameter names; other session keys carry a
``wps_`` prefix. Options are what the URL holds (no ``format_func``): a link must reproduce
the view whatever the interface language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from wps_data.app import views
from wps_data.dataset import Dataset
from wps_data.filters import Filters
from wps_data.i18n import t
from wps_data.pagespec import PAGES

SEARCH_MAX_CHARS = 200


def filters(page: str, ds: Dataset, lang: str, *, inline: bool = False) -> Filters:
    """The page's filter widgets (sidebar, or an open expander on the page when ``inline``)."""
    box: Any = st.expander(t("filter.help_url", lang), expanded=True) if inline else st.sidebar
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
        else:
            out[fs.key] = box.multiselect(label, options, default=[], key=fs.key, bind="query-params")
    if PAGES[page].filters:
        box.caption(t("filter.help_url", lang))
    return Filters.of(out)


def include_undated(lang: str, filters: Filters | None = None) -> Filters:
    """The explorer's 'include facts without a year' checkbox (``?undated=``), added to ``filters``.

    ``undated`` enters the Filters only when unticked (the default adds nothing to keys or names).
    """
    ticked = st.checkbox(t("filter.undated", lang), value=True, key="undated", bind="query-params")
    base = dict(filters or {})
    return Filters(base) if ticked else Filters({**base, "undated": False})


def map_view(ds: Dataset, lang: str) -> Filters:
    """The map's indicator and year selectors (``?indicator=&year=``); the indicator's label is shown."""
    by_label, years_of, default_indicator = views.map_choices(ds, lang)
    labels = sorted(by_label)
    default_label = next(lbl for lbl, ind in by_label.items() if ind == default_indicator)
    c1, c2 = st.columns([2, 1])
    label = c1.selectbox(
        t("filter.indicator", lang), labels, index=labels.index(default_label), key="indicator", bind="query-params"
    )
    indicator = by_label[label]
    year = c2.selectbox(t("filter.year", lang), years_of[indicator], key="year", bind="query-params")
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


def _map_url_values(ds: Dataset, lang: str) -> dict[str, list[str]]:
    """The map's indicators, and the years of the one the link opens (a year of another indicator is invalid)."""
    by_label, years, default_indicator = views.map_choices(ds, lang)
    asked = st.query_params.get_all("indicator")
    indicator = by_label[asked[0]] if len(asked) == 1 and asked[0] in by_label else default_indicator
    return {"indicator": list(by_label), "year": list(years[indicator])}


OWN_URL_VALUES: dict[str, Callable[[Dataset, str], dict[str, list[str]]]] = {
    "map": _map_url_values,
    "explorer": lambda ds, lang: {"undated": ["true", "false"]},
}


def own_url_values(page: str, ds: Dataset, lang: str) -> dict[str, list[str]]:
    """Valid URL values of the page's own widgets (beyond its filters), for the link notice."""
    values = OWN_URL_VALUES.get(page)
    return values(ds, lang) if values else {}
