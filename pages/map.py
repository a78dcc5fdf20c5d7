"""Regional map: any regional indicator and year on Mali's 2015 regions; no data shown as no data."""

import streamlit as st

from wps_data.app import blocks, desk, downloads, page, widgets
from wps_data.i18n import t

ds, lang = page.start("map")
st.write(t("map.intro", lang))

f = desk.regions_to_compare(ds, lang, widgets.map_view(ds, lang))
blocks.page_charts("map", ds, f, lang)
downloads.page_downloads("map", ds, f, lang)
