"""Representation and the 30% quota: women's share per body, gaps in points and seats, change over time."""

import streamlit as st

from wps_data.app import blocks, downloads, page, panels, widgets
from wps_data.i18n import t

ds, lang = page.start("representation")
f = widgets.filters("representation", ds, lang)
st.write(t("rep.intro", lang))

blocks.page_charts(
    "representation",
    ds,
    f,
    lang,
    after={"rep-quota": lambda _: panels.quota_gap_table(ds, f, lang)},
    headings={"rep-legislature-trend": ("rep.over_time", None)},
)
downloads.page_downloads("representation", ds, f, lang)
