"""Overview: headline figures for each theme with source and date, coverage and gaps, how to cite."""

import streamlit as st

from wps_data.app import blocks, downloads, page, panels, widgets
from wps_data.app.escape import md
from wps_data.i18n import t

ds, lang = page.start("overview")
f = widgets.filters("overview", ds, lang)  # none: the whole dataset
st.write(t("overview.intro", lang))

blocks.heading("overview.headlines", lang=lang)
panels.headline_grid(ds, lang)

panels.as_of_table(ds, lang)

blocks.page_charts("overview", ds, f, lang, headings={"overview-coverage": ("overview.coverage", None)})

blocks.heading("overview.cite", lang=lang)
cite = t("overview.cite_text", lang, version=ds.version)
st.markdown(md(cite))
# The copy button's code block sits in a popover: the browser draws it, and loads Streamlit's
# 1.5 MB code highlighter, only when a reader opens it (about 0.2 s off every landing).
with st.popover(t("overview.cite_copy", lang), icon=":material/content_copy:"):
    st.code(cite, language=None, wrap_lines=True)

downloads.page_downloads("overview", ds, f, lang)
