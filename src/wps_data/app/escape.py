"""Text from the data or the URL made inert for ``st.markdown``, captions, alerts, labels and tooltips.

Layer: app, but a leaf of it: imports nothing of streamlit, and of the package only
``wps_data.viz.printable`` (the one rule for control characters), so every app module
(blocks, panels, params, downloads) can use it without an import cycle.

The one rule for markdown (``md``): what Streamlit's markdown would read as markup shows
as typed. Streamlit renders CommonMark + GFM (links, images, autolinks, HTML entities),
LaTeX between ``$``, emoji shortcodes (``:smile:``), icons (``:material/name:``), its
logo (``:streamlit:``) and directives (``:red[text]``, ``:small[text]``). So ``md``
- escapes ``& < >`` as entities (raw HTML is not rendered, but entities would be decoded),
- backslash-escapes every markdown punctuation and ``$`` (``\\$`` is Streamlit's literal dollar),
- puts an invisible WORD JOINER (U+2060) after a ``:`` that a shortcode or directive name
  could follow: Streamlit matches shortcodes on the parsed text, after backslash
  escapes are resolved, so only a character between ``:`` and the name stops them,
- replaces control characters with U+FFFD.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from wps_data.viz.template import printable

MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|>~<$"
WORD_JOINER = "\u2060"
_SHORTCODE_START = re.compile(r":(?=[\w+\-/])")  # ':' then what could start ':name:' or ':material/..'


def md(text: object) -> str:
    """``text`` escaped for Streamlit markdown, so data can never become markup, a link, LaTeX or an icon."""
    out = html.escape(printable(text), quote=False)
    for c in MARKDOWN_SPECIAL:
        out = out.replace(c, "\\" + c)
    return _SHORTCODE_START.sub(":" + WORD_JOINER, out)


def safe_url(url: str) -> str:
    """A URL that cannot end a markdown link early: brackets, parentheses, spaces, quotes encoded."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")
