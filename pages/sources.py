"""Sources: every document with its figures and the pages that use them; a search over all quotes."""

import streamlit as st

from wps_data.app import blocks, downloads, page, panels, widgets
from wps_data.i18n import t

ds, lang = page.start("sources")
st.write(t("sources.intro", lang))

panels.source_list(ds)

blocks.heading("filter.search", lang=lang)
f = widgets.search_box(lang)
panels.search_results(ds, f, lang)
downloads.page_downloads("sources", ds, f, lang)  # the matches; without a search, every fact
