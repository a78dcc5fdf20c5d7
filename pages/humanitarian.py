"""Humanitarian needs: people in need and targeted, appeals, displacement, schools, gender gaps."""

import streamlit as st

from wps_data.app import ui
from wps_data.i18n import t

ds, lang = ui.page_start("humanitarian")
f = ui.filters("humanitarian", ds, lang)
st.write(t("hum.intro", lang))

results = [
    ui.chart_block(c, ds, f, lang)
    for c in ("hum-needs-trend", "hum-appeal", "hum-idps-trend", "hum-schools", "soc-gender-gaps")
]
ui.page_downloads("humanitarian", ds, f, lang, results)
