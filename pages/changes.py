"""What changed: the figures added, revised and removed since a release, with the curators' reasons."""

import streamlit as st

from wps_data.app import desk, page
from wps_data.i18n import t

ds, lang = page.start("changes")
st.write(t("changes.intro", lang))
desk.changes_view(ds, lang)
