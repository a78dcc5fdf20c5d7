"""The URL contract: every link parameter a page ignores is named in ONE notice.

Layer: app. Imports streamlit, ``wps_data.pagespec`` (page filters and their
``FilterSpec.valid_url_values``), ``wps_data.i18n`` and ``app.escape``.

Unknown and too-long parameters are removed from the URL; invalid values of bound widgets
are dropped by Streamlit itself, so the page shows its default view for them. Keys are
escaped: a parameter name is data from the URL and never becomes markup or a link.
"""

from __future__ import annotations

import streamlit as st

from wps_data.app.escape import md
from wps_data.dataset import Dataset
from wps_data.i18n import LANGUAGES, t
from wps_data.pagespec import MAX_PARAM_LEN, PAGES

BAD_LANG = "wps_bad_lang"
# Text inputs bound to the URL keep whatever they are given (cut to max_chars): an ignored
# value must be reset through session state, the one way Streamlit lets code set a bound widget.
TEXT_DEFAULTS = {"q": ""}
SHOWN_KEY_CHARS = 40


def note_bad_lang() -> None:
    """Called by app.py before its language selector, which drops an invalid value itself."""
    if any(v not in LANGUAGES for v in st.query_params.get_all("lang")):
        st.session_state[BAD_LANG] = True


def check_query_params(page: str, ds: Dataset, lang: str, own: dict[str, list[str]] | None = None) -> list[str]:
    """Warn once about every URL parameter the page ignores; return the problems named.

    ``own`` gives the valid URL values of the page's own widgets (the map's indicator and
    year, the explorer's checkbox: ``widgets.own_url_values``).
    """
    spec = PAGES[page]
    by_key = {f.key: f for f in spec.filters}
    own = own or {}
    known = set(by_key) | set(spec.extra_params) | set(own) | {"lang"}
    problems: list[str] = []
    if st.session_state.pop(BAD_LANG, False):
        problems.append(t("qp.invalid", lang, key="lang"))
    for key in list(st.query_params.keys()):
        values = st.query_params.get_all(key)
        shown = md(key[:SHOWN_KEY_CHARS])
        if len(key) > MAX_PARAM_LEN or any(len(v) > MAX_PARAM_LEN for v in values):
            problems.append(t("qp.too_long", lang, key=shown))
            _drop(key)
        elif key not in known:
            problems.append(t("qp.unknown", lang, key=shown))
            _drop(key)
        elif key in by_key and not by_key[key].valid_url_values(ds, values):
            problems.append(t("qp.invalid", lang, key=shown))
        elif key in own and any(_norm(key, v) not in own[key] for v in values):
            problems.append(t("qp.invalid", lang, key=shown))
    if problems:
        st.warning(t("qp.notice", lang, items="; ".join(problems)), icon=":material/link_off:")
    return problems


def _drop(key: str) -> None:
    """Remove an ignored parameter from the URL, so the page really shows its default view."""
    try:
        del st.query_params[key]
    except Exception:  # already bound to a widget in this session: the widget drops it itself
        pass
    if key in TEXT_DEFAULTS:
        st.session_state[key] = TEXT_DEFAULTS[key]


def _norm(key: str, value: str) -> str:
    # Streamlit reads checkbox values case-insensitively ("True", "FALSE").
    return value.lower() if key == "undated" else value
