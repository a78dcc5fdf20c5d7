"""What changed: the figures added, revised and removed since a release, with the curators' reasons."""

import streamlit as st

from wps_data.app import desk, downloads, page
from wps_data.i18n import t

ds, lang = page.start("changes")
st.write(t("changes.intro", lang))
f = desk.changes_view(ds, lang)
downloads.page_downloads("changes", ds, f, lang)
