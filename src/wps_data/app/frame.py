"""The frame's static CSS and JavaScript: charts that fit a phone, a printed page, and readable captions.

Layer: app. Imports streamlit only. Everything here is a constant written in this file or in
``frame.js`` beside it: no data, no parameter and no user text ever reaches ``st.html``
(which runs this JavaScript unsandboxed in the page). The script installs itself once per browser tab, and
copies the CSS into the document's head, where Streamlit's reruns never remove it.

Why a script: Streamlit hands Plotly a fixed pixel width (the column's width on screen),
and a browser lays a page out again at paper width when it prints, so a chart drawn for a
1,400 px window is cut on an A4 page; plotly titles and axis labels never wrap or thin out
by themselves, so on a 390 px phone they ran off the canvas. The script, for every chart:

* wraps its title and subtitle at spaces to the chart's width, a little smaller on a phone,
  at the top of the chart, growing the top margin by the lines it adds;
* spaces the x-axis labels to the axis length, so that they stay level and never overlap: a
  year axis (``tickformat="d"``, which ``viz.template.screen_figure`` sets) steps by 1, 2,
  5... whole years, a number axis has fewer ticks, category labels wrap to their slot (a
  long word hyphenated) or, when even that cannot fit, every k-th label is shown; a matrix
  (heatmap) instead numbers every column and writes the numbers' key under its axis;
* on a phone, sets the labels beside a category y axis smaller (two-level row labels wrap)
  and keeps a bar's value level;
* wraps a note (a reference line's label) that would run off the canvas;
* puts a horizontal legend under the x axis's labels and title (plotly places it a fixed
  fraction of the plot's height below the axis, over labels that wrap on a phone);
* when the page is printed (``matchMedia("print")``, which Chromium fires, with the
  paper's layout, both for the print dialog and for ``page.pdf()``), draws the chart again
  at the printed column's width, and back at the screen width afterwards.

Its relayouts are silent (the chart's events are muted while Plotly redraws), so Streamlit's
own copy of the figure is untouched and re-renders it as sent; the script then fits it again.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

# Print: no sidebar or controls, the page's full width, a chart card never split across pages.
# Screen and print: captions at 80 % of the text colour (7.8:1 on white) instead of Streamlit's
# 60 % (4.0:1, below WCAG AA's 4.5:1 for text this size); a link to another page and a key
# figure's label in the main area wrap instead of ending in "..." (on a phone, "Mesuré sur la
# page « Représentation et quota de 30 %" lost its end; at 1400 px, "Femmes au Conseil
# national de transitio...").
CSS = """
@page { margin: 12mm; }
[data-testid="stCaptionContainer"] { opacity: 0.8 !important; }
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] > span,
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] p,
[data-testid="stMain"] .stMarkdownEllipsis {
  white-space: normal !important; text-overflow: clip !important;
}
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stSidebarCollapsedControl"], .stDownloadButton, .stButton, [data-testid="stPopover"],
  [data-testid="stExpander"], .js-plotly-plot .modebar-container { display: none !important; }
  [data-testid="stMain"] { margin-left: 0 !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; }
  .stPlotlyChart, [class*="st-key-wps_chart_"] { break-inside: avoid; page-break-inside: avoid; }
  .js-plotly-plot, .js-plotly-plot .svg-container { max-width: 100% !important; }
}
"""

# The script (frame.js, beside this module); "__CSS__" in it becomes the CSS above.
JS = (Path(__file__).with_name("frame.js")).read_text(encoding="utf-8")

FRAME_HTML = f"<style>{CSS}</style>\n<script>{JS.replace('__CSS__', json.dumps(CSS))}</script>"


class _Frame:
    """``FRAME_HTML`` for ``st.html`` as it is: given a string, Streamlit dedents its 25 KB on every
    rerun (0.8 ms of each page); given an object with ``_repr_html_``, it sends that text unchanged."""

    def _repr_html_(self) -> str:
        return FRAME_HTML


def install() -> None:
    """Add the frame's CSS and script to the page (static text from this module only)."""
    st.html(_Frame(), unsafe_allow_javascript=True)
