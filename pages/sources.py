"""Sources: every document with its figures and the pages that use them; a search over all quotes."""

import streamlit as st

from wps_data.analysis import metrics
from wps_data.app import ui
from wps_data.i18n import t

ds, lang = ui.page_start("sources")
st.write(t("sources.intro", lang))

table = ui.source_table(ds)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "url": st.column_config.LinkColumn("document"),
        "figures": st.column_config.NumberColumn(format="%d"),
    },
)

st.subheader(t("filter.search", lang))
# The search box is synced to ?q= by hand rather than bound: a bound text input keeps even
# a value the page has rejected (too long), and the notice says rejected values are ignored.
url_q = st.query_params.get("q", "")
if st.session_state.get("wps_q_url") != url_q:  # first visit, or a new link
    st.session_state["q"] = url_q
    st.session_state["wps_q_url"] = url_q
query = st.text_input(
    t("filter.search", lang),
    key="q",
    max_chars=200,
    help=t("sources.search_help", lang),
    label_visibility="collapsed",
)
if query != url_q:
    if query:
        st.query_params["q"] = query
    else:
        st.query_params.pop("q", None)
    st.session_state["wps_q_url"] = query
hits = metrics.search_quotes(ds.view, query) if query else ds.view.iloc[0:0]
if query:
    st.caption(t("sources.matches", lang, n=len(hits)))
    ui.fact_table(hits)
ui.page_downloads("sources", ds, {"q": query} if query else {}, lang, [hits if query else ds.view])
