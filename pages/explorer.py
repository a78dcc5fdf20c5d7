"""Data explorer: filter every fact by theme, indicator, region, year, status and source; download."""

import streamlit as st

from wps_data.app import downloads, page, panels, widgets
from wps_data.i18n import t

ds, lang = page.start("explorer")
st.write(t("explorer.intro", lang))

f = widgets.include_undated(lang, widgets.filters("explorer", ds, lang, inline=True))
panels.explorer_table(ds, f, lang, "undated" not in f)
downloads.page_downloads("explorer", ds, f, lang)
