"""Data explorer: filter every fact by theme, indicator, region, year, status, source and words; download."""

import streamlit as st

from wps_data.app import downloads, factview, page, widgets
from wps_data.i18n import t

ds, lang = page.start("explorer")
st.write(t("explorer.intro", lang))

f = widgets.include_undated(lang, widgets.filters("explorer", ds, lang, inline=True))
f = factview.explorer_table(ds, f, lang)  # the search box, the table and the selected figure
downloads.page_downloads("explorer", ds, f, lang)
