"""Violence: GBV by year and type, CRSV verified vs registered (never added), services, regions, practices."""

import streamlit as st

from wps_data.app import blocks, downloads, page, widgets
from wps_data.i18n import t

ds, lang = page.start("violence")
f = widgets.filters("violence", ds, lang)
st.info(t("violence.intro", lang), icon=":material/info:")

blocks.page_charts(
    "violence", ds, f, lang, headings={"violence-regions": ("violence.regional", "violence.national_apart")}
)
downloads.page_downloads("violence", ds, f, lang)
