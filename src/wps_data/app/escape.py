"""Text from the data or the URL made inert for ``st.markdown``, captions, alerts and tooltips.

Layer: app, but a leaf of it: imports nothing of streamlit or the package, so every app
module (blocks, panels, params, downloads) can use it without an import cycle.
"""

from __future__ import annotations

import html
from urllib.parse import quote

MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|>~<"


def md(text: object) -> str:
    """``text`` escaped for markdown, so data can never become markup or a link."""
    out = html.escape(str(text), quote=False)
    for c in MARKDOWN_SPECIAL:
        out = out.replace(c, "\\" + c)
    return out


def safe_url(url: str) -> str:
    """A URL that cannot end a markdown link early: brackets, parentheses, spaces, quotes encoded."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")
