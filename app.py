"""Router of the Mali WPS dashboard: page config, navigation over pages/, shared sidebar.

Run with ``streamlit run app.py``. Pages are declared once in wps_data.pagespec.
Imports ``wps_data.app`` (and ``i18n`` / ``pagespec``) only.
"""

import streamlit as st

from wps_data.app import page as app_page
from wps_data.app import params
from wps_data.i18n import LANGUAGES, t
from wps_data.pagespec import PAGES

# Static print rules (no data in them): hide the sidebar and chrome, keep charts whole.
PRINT_CSS = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stSidebarCollapsedControl"], .stDownloadButton, .stButton,
  [data-testid="stExpander"] { display: none !important; }
  [data-testid="stMain"] { margin-left: 0 !important; }
  .stPlotlyChart, [data-testid="stVerticalBlockBorderWrapper"] { break-inside: avoid; page-break-inside: avoid; }
}
</style>"""

st.set_page_config(page_title="Mali WPS dashboard", page_icon=":material/balance:", layout="wide")

params.note_bad_lang()  # the selector below silently drops an invalid ?lang=; the page says so
lang = st.sidebar.selectbox("Language / Langue (en, fr)", list(LANGUAGES), key="lang", bind="query-params")

sections: dict[str, list] = {}
for spec in PAGES.values():
    sections.setdefault(t(spec.section, lang), []).append(
        st.Page(
            spec.file,
            title=t(f"page.{spec.key}", lang),
            url_path=spec.url_path,
            icon=spec.icon,
            default=spec.key == "overview",
        )
    )
current = st.navigation(sections)

st.html(PRINT_CSS)
app_page.sidebar_notes(lang)

current.run()
