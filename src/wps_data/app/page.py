"""The start of every page (router, data or the error page, link notice, title) and app.py's sidebar.

Layer: app. Imports streamlit, ``app.router``, ``app.state``, ``app.params``,
``app.widgets``, ``wps_data.dataset`` (its error type) and ``wps_data.i18n``.
"""

from __future__ import annotations

import streamlit as st

from wps_data.app import desk, params, router, state, views, widgets
from wps_data.app.escape import md
from wps_data.dataset import Dataset, DataUnavailable
from wps_data.i18n import t


def start(page: str) -> tuple[Dataset, str]:
    """Load the data (or show the error page and stop), check the link, write the title.

    Returns the dataset and the interface language.
    """
    router.ensure_router()
    lang = state.lang()
    try:
        ds = state.dataset()
    except DataUnavailable as err:
        show_data_error(err, lang)
        st.stop()
    params.check_query_params(page, ds, lang, widgets.own_url_values(page, ds, lang))
    st.title(t(f"page.{page}", lang))
    desk.pinned_release_notice(ds, lang)
    return ds, lang


def show_data_error(err: DataUnavailable, lang: str = "en") -> None:
    """One clear page instead of a traceback: what is wrong and the command that fixes it."""
    st.title(t("error.title", lang))
    st.error(t("error.what", lang, what=err.what))
    st.write(t("error.fix", lang))
    st.code(f"{err.fix}\n# or, to see every problem in the curated CSV first:\nwps-data validate", language="bash")
    st.caption(t("error.nothing_lost", lang))


def sidebar_notes(lang: str) -> None:
    """Under app.py's navigation: the dataset's version and size (when it loads) and the print hint."""
    try:
        ds = state.dataset()
        # the figures' own sources; the catalogue also holds the Council desk's texts (once per dataset)
        behind = ds.derived("fact_sources", lambda d: int(d.facts["source_id"].nunique()))
        st.sidebar.caption(
            t("sidebar.dataset", lang, version=ds.version, facts=len(ds.facts), sources=behind, all=len(ds.sources))
        )
        st.sidebar.caption(md(views.as_of_line(ds, lang)))
    except DataUnavailable:
        pass  # the page itself shows the error and the command that fixes it
    st.sidebar.caption(t("sidebar.print", lang))
    desk.events_toggle(lang)
