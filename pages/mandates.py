"""Mandates: the WPS provisions of each resolution on Mali side by side, what changed, what is recommended next."""

import streamlit as st

from wps_data.app import blocks, desk, downloads, page
from wps_data.i18n import t

ds, lang = page.start("mandates")
f = desk.desk_filters("mandates", ds, lang)
st.write(t("mandates.intro", lang))
blocks.page_charts("mandates", ds, f, lang)
desk.mandates_view(ds, f, lang)
downloads.page_downloads("mandates", ds, f, lang)
