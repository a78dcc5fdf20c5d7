"""Sources: every document with its figures and the pages that use them; a search over all quotes."""

import streamlit as st

from wps_data import metrics, ui
from wps_data.i18n import t

ds, lang = ui.page_start("sources")
st.write(t("sources.intro", lang))

table = metrics.source_table(ds.view, ds.sources)
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
query = st.text_input(
    t("filter.search", lang),
    key="q",
    bind="query-params",
    max_chars=200,
    help=t("sources.search_help", lang),
    label_visibility="collapsed",
)
hits = metrics.search_quotes(ds.view, query) if query else ds.view.iloc[0:0]
if query:
    st.caption(t("sources.matches", lang, n=len(hits)))
    ui.fact_table(hits)
ui.page_downloads("sources", ds, {"q": query} if query else {}, lang, [hits if query else ds.view])
