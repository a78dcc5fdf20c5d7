"""Representation and the 30% quota: women's share per body, gaps in points and seats, change over time."""

import streamlit as st

from wps_data.app import ui
from wps_data.i18n import t

ds, lang = ui.page_start("representation")
f = ui.filters("representation", ds, lang)
st.write(t("rep.intro", lang))

quota = ui.chart_block("rep-quota", ds, f, lang)
if quota.derived is not None and not quota.derived.empty:
    st.subheader(t("rep.gap_table", lang))
    st.caption(t("rep.gap_help", lang))
    st.dataframe(ui.gap_table(quota.derived, lang), hide_index=True, width="stretch")

st.subheader(t("rep.over_time", lang))
results = [quota] + [
    ui.chart_block(c, ds, f, lang) for c in ("rep-legislature-trend", "rep-government-trend", "rep-changes")
]
ui.page_downloads("representation", ds, f, lang, results)
