"""Violence: GBV by year and type, CRSV verified vs registered (never added), services, regions, practices."""

import streamlit as st

from wps_data.app import ui
from wps_data.i18n import t

ds, lang = ui.page_start("violence")
f = ui.filters("violence", ds, lang)
st.info(t("violence.intro", lang), icon=":material/info:")

results = [
    ui.chart_block(c, ds, f, lang)
    for c in ("gbv-trend", "gbv-types", "crsv-verified-vs-registered", "crsv-by-year", "crsv-services")
]
st.subheader(t("violence.regional", lang))
st.caption(t("violence.national_apart", lang))
results.append(ui.chart_block("violence-regions", ds, f, lang))
results.append(ui.chart_block("harmful-practices", ds, f, lang))
ui.page_downloads("violence", ds, f, lang, results)
