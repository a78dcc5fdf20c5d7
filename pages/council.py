"""Council positions: who said what, by member and topic, each statement verbatim with its source."""

import streamlit as st

from wps_data.app import blocks, desk, downloads, page
from wps_data.i18n import t

ds, lang = page.start("council")
f = desk.desk_filters("council", ds, lang)
st.write(t("council.intro", lang))
blocks.page_charts("council", ds, f, lang, after={"council-matrix": lambda _: desk.council_view(ds, f, lang)})
downloads.page_downloads("council", ds, f, lang)
