"""MINUSMA: women's share by personnel category, mandates as a timeline, WPS provisions by paragraph."""

import streamlit as st

from wps_data.app import blocks, downloads, page, panels, widgets
from wps_data.i18n import t

ds, lang = page.start("minusma")
f = widgets.filters("minusma", ds, lang)  # none: MINUSMA's figures are national
panels.mission_closed(ds, lang)
st.write(t("minusma.intro", lang))

blocks.page_charts("minusma", ds, f, lang, after={"mandate-timeline": lambda _: panels.provisions_table(ds, lang)})
downloads.page_downloads("minusma", ds, f, lang)
