"""Sources: every document with its figures and the pages that use them; a search over all quotes."""

import streamlit as st

from wps_data.app import blocks, downloads, factview, page, widgets
from wps_data.i18n import t

ds, lang = page.start("sources")
st.write(t("sources.intro", lang))

factview.source_browser(ds, lang)

blocks.heading("filter.search", lang=lang)
f = widgets.search_box(lang)
factview.search_results(ds, f, lang)
downloads.page_downloads("sources", ds, f, lang)  # the matches; without a search, every fact
