"""Baseline for the benchmark: the dashboard's pages with the same chart counts and no data layer.

Each page draws as many plotly charts as the real page (from inline numbers), or one
table of comparable size for the table pages, under the same URL paths. ``run.py``
times this app next to the real one, so the ratio isolates what the data layer and
the dashboard's extras cost. Run alone with ``streamlit run benchmarks/baseline_app.py``.
"""

import streamlit as st

st.set_page_config(page_title="Baseline", layout="wide")

PAGES = [
    ("overview", "Overview"),
    ("representation", "Representation"),
    ("violence", "Violence"),
    ("humanitarian", "Humanitarian"),
    ("minusma", "MINUSMA"),
    ("map", "Map"),
    ("mandates", "Mandates"),
    ("council", "Council"),
    ("timeline", "Timeline"),
    ("changes", "Changes"),
    ("disagree", "Disagreements"),
    ("sources", "Sources"),
    ("explorer", "Explorer"),
]

nav = st.navigation(
    [st.Page(f"baseline_pages/{key}.py", title=title, url_path=key, default=key == "overview") for key, title in PAGES]
)
nav.run()
