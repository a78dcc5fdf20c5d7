"""The URL contract: every link parameter a page ignores is named in ONE notice.

Layer: app. Imports streamlit, ``wps_data.pagespec`` (page filters and their
``FilterSpec.valid_url_values``), ``wps_data.i18n`` and ``app.escape``.

One pass whatever the link holds: the first ``MAX_KEYS`` parameters within ``MAX_QUERY_CHARS``
are checked (each name and value at most ``MAX_PARAM_LEN``), everything else is ignored
unread. Every ignored parameter (unknown, too long, beyond the caps, or with a value its
widget does not accept) is removed from the URL in ONE update, so the page shows its default
view for it and the browser gets the query string once, not once per parameter. Names are
escaped and cut: a parameter name is data from the URL and never becomes markup or a link.

The Streamlit code this depends on (read in streamlit 1.67.0, ``runtime/state/query_params.py``):
a bound widget seeds itself from ``QueryParams._initial_query_params``, not from the current
parameters, so an ignored value is dropped from both: ``discard_param_no_forward_msg`` for each
key, ``remove_param`` for the last (the one message to the browser), then
``set_initial_query_params_from_current`` (which Streamlit itself calls after a page change).
Without those methods the keys are deleted one by one through ``st.query_params``.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from wps_data.app.escape import md
from wps_data.dataset import Dataset
from wps_data.i18n import LANGUAGES, t
from wps_data.pagespec import MAX_PARAM_LEN, PAGES

BAD_LANG = "wps_bad_lang"
BAD_EVENTS = "wps_bad_events"
# Text inputs bound to the URL keep whatever they are given (cut to max_chars): an ignored
# value must be reset through session state, the one way Streamlit lets code set a bound widget.
TEXT_DEFAULTS = {"q": ""}
SHOWN_KEY_CHARS = 40
MAX_KEYS = 50  # a page has at most a dozen settings: more is not a link the dashboard made
MAX_QUERY_CHARS = 16384  # "key=value&" summed; the longest link (explorer, all chosen, French words) is ~11 KB
SHOWN_NAMES = 5  # the notice names this many ignored parameters, then says how many more


def note_bad_lang() -> None:
    """Called by app.py before its language selector, which drops an invalid value itself."""
    values = st.query_params.get_all("lang")
    if any(len(v) > MAX_PARAM_LEN or v not in LANGUAGES for v in values):
        st.session_state[BAD_LANG] = True


def note_bad_events() -> None:
    """Called before the sidebar's events switch, which drops a value it cannot read without a word."""
    values = st.query_params.get_all("events")
    if any(v.lower() not in ("true", "false") for v in values):
        st.session_state[BAD_EVENTS] = True


def check_query_params(page: str, ds: Dataset, lang: str, own: dict[str, list[str]] | None = None) -> list[str]:
    """Warn once about every URL parameter the page ignores, drop them all at once; return the problems named.

    ``own`` gives the valid URL values of the page's own widgets (the map's indicator and
    year, the explorer's checkbox: ``widgets.own_url_values``).
    """
    spec = PAGES[page]
    own = {**every_page_url_values(ds), **(own or {})}
    valid: dict[str, Callable[[list[str]], bool]] = {
        key: (lambda vs, ok=ok, key=key: all(_norm(key, v) in ok for v in vs)) for key, ok in own.items()
    }
    valid |= {f.key: (lambda vs, f=f: f.valid_url_values(ds, vs)) for f in spec.filters}
    known = set(valid) | set(spec.extra_params)
    problems: list[str] = []
    drop: list[str] = []
    if st.session_state.pop(BAD_LANG, False):
        problems.append(t("qp.invalid", lang, key="lang"))
    if st.session_state.pop(BAD_EVENTS, False):  # the sidebar's events switch dropped it, like lang's selector
        problems.append(t("qp.invalid", lang, key="events"))
    budget = MAX_QUERY_CHARS
    for n, key in enumerate(list(st.query_params.keys())):
        if key == "lang":  # app.py's selector has its value already (note_bad_lang above)
            continue
        values = st.query_params.get_all(key) if budget > 0 and n < MAX_KEYS else []
        budget -= max(len(key) + 1, sum(len(key) + len(v) + 2 for v in values))  # 'key=value&' each
        why = "qp.too_long" if n >= MAX_KEYS or budget < 0 else _why(key, values, known, valid)
        if why:
            problems.append(t(why, lang, key=md(key[:SHOWN_KEY_CHARS])))
            drop.append(key)
    _drop(drop)
    if problems:
        shown = problems[:SHOWN_NAMES]
        more = len(problems) - len(shown)
        items = "; ".join(shown) + (t("qp.more", lang, n=more) if more else "")
        st.warning(t("qp.notice", lang, items=items), icon=":material/link_off:")
    return problems


def every_page_url_values(ds: Dataset) -> dict[str, list[str]]:
    """Settings every page reads: event markers on year charts (``events``), changes since a release (``since``)."""
    return {"events": ["true", "false"], "since": list(ds.release_versions)}


def _why(key: str, values: list[str], known: set[str], valid: dict[str, Callable[[list[str]], bool]]) -> str:
    """The message key of why ``key`` is ignored, or '' when the page uses its values."""
    if len(key) > MAX_PARAM_LEN or any(len(v) > MAX_PARAM_LEN for v in values):
        return "qp.too_long"
    if key not in known:
        return "qp.unknown"
    if key in valid and not valid[key](values):
        return "qp.invalid"
    return ""


def _drop(keys: list[str]) -> None:
    """Remove the ignored parameters from the URL (and from what widgets seed from) in one update."""
    if not keys:
        return
    for key in keys:
        if key in TEXT_DEFAULTS:
            st.session_state[key] = TEXT_DEFAULTS[key]
    try:
        from streamlit.runtime.state.session_state_proxy import get_session_state

        with get_session_state().query_params() as qp:
            for key in keys[:-1]:
                qp.discard_param_no_forward_msg(key)
            qp.remove_param(keys[-1])  # the one message: the browser's address loses them all
            qp.set_initial_query_params_from_current()
        return
    except (ImportError, AttributeError):  # a Streamlit without these methods: one by one
        pass
    for key in keys:
        try:
            del st.query_params[key]
        except Exception:  # already bound to a widget in this session: the widget drops it itself
            pass


def _norm(key: str, value: str) -> str:
    # Streamlit reads checkbox values case-insensitively ("True", "FALSE").
    return value.lower() if key in ("undated", "events", "changes") else value
