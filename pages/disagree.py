"""Where sources disagree: every conflict, values side by side, and which one the charts use and why."""

import streamlit as st

from wps_data.app import downloads, page, panels, widgets
from wps_data.i18n import t

ds, lang = page.start("disagree")
f = widgets.filters("disagree", ds, lang)  # none: every conflict is listed
st.write(t("disagree.intro", lang))

panels.conflict_list(ds, lang)
downloads.page_downloads("disagree", ds, f, lang)
