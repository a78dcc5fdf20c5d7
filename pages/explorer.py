"""Data explorer: filter every fact by theme, indicator, region, year, status and source; download."""

import streamlit as st

from wps_data.analysis import metrics
from wps_data.app import ui
from wps_data.i18n import t

ds, lang = ui.page_start("explorer", lambda ds, lang: {"undated": ["true", "false"]})
st.write(t("explorer.intro", lang))

f = ui.filters("explorer", ds, lang, container=st.expander(t("filter.help_url", lang), expanded=True))
undated = st.checkbox(t("filter.undated", lang), value=True, key="undated", bind="query-params")
rows = metrics.filter_facts(
    ds.view,
    themes=f["themes"],
    indicators=f["indicators"],
    regions=f["regions"],
    statuses=f["statuses"],
    sources=f["sources"],
    years=f["years"],
    include_undated=undated,
)
st.caption(t("explorer.rows", lang, n=len(rows), total=len(ds.view)))
ui.fact_table(rows)
ui.page_downloads("explorer", ds, f, lang, [rows])
