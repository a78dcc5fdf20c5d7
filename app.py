"""Router of the Mali WPS dashboard: page config, navigation over pages/, shared sidebar.

Run with ``streamlit run app.py``. Pages are declared once in wps_data.pagespec.
Imports ``wps_data.app`` (and ``i18n`` / ``pagespec``) only.
"""

import streamlit as st

from wps_data.app import frame, params, router
from wps_data.app import page as app_page
from wps_data.i18n import LANGUAGES

st.set_page_config(page_title="Mali WPS dashboard", page_icon=":material/balance:", layout="wide")

params.note_bad_lang()  # the selector below silently drops an invalid ?lang=; the page says so
lang = st.sidebar.selectbox("Language / Langue (en, fr)", list(LANGUAGES), key="lang", bind="query-params")

current = router.navigation(lang)  # the overview at "/" and, for permalinks, at "/overview"

frame.install()  # static print and phone CSS + chart-fitting script (no data in it)
app_page.sidebar_notes(lang)

current.run()
