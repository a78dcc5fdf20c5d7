"""Timeline: the dated events of Mali's WPS story, each with the sentence that dates it."""

import streamlit as st

from wps_data.app import blocks, desk, downloads, page
from wps_data.i18n import t

ds, lang = page.start("timeline")
f = desk.desk_filters("timeline", ds, lang)
st.write(t("timeline.intro", lang))
blocks.page_charts("timeline", ds, f, lang, after={"timeline-events": lambda _: desk.timeline_table(ds, f, lang)})
downloads.page_downloads("timeline", ds, f, lang)
