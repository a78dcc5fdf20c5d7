"""Humanitarian needs: people in need and targeted, appeals, displacement, schools, gender gaps."""

import streamlit as st

from wps_data.app import blocks, downloads, page, widgets
from wps_data.i18n import t

ds, lang = page.start("humanitarian")
f = widgets.filters("humanitarian", ds, lang)
st.write(t("hum.intro", lang))

blocks.page_charts("humanitarian", ds, f, lang)
downloads.page_downloads("humanitarian", ds, f, lang)
