"""app.py's navigation, and handing a page's run to it even on a freshly started server.

Layer: app. Imports streamlit, ``wps_data.pagespec`` (the pages) and ``wps_data.i18n`` (their titles).

``navigation(lang)`` builds ``st.navigation`` from the page specs. The overview is the default
page, served at ``/``; Streamlit gives a default page the URL path "" and answers any other
path it does not know with "Page not found". A page's ``url_path`` is also its permalink
(``exports.datapack.permalink`` writes ``/overview`` into data packs), so the overview is
registered a second time, hidden from the menu, at its own path: ``/overview`` opens it too.

Why this exists: a folder named ``pages/`` sits beside ``app.py`` (the name is fixed), and
Streamlit then runs in its legacy multipage mode until ``st.navigation`` has run once in
the process: the first visitor of a new server arriving on ``/violence`` gets
``pages/violence.py`` run on its own, without app.py's sections, language selector or
print rules. Switching that mode off and rerunning hands the same URL to app.py.

The Streamlit code this depends on. Read in streamlit 1.67.0, the installed version and the
only one read; the range it is relied on for is pyproject's pin, ``streamlit>=1.67,<2``
(``STREAMLIT_CHECKED`` in tests/test_pages.py fails outside it):

* ``streamlit/runtime/pages_manager.py``: the class attribute
  ``PagesManager.uses_pages_directory: bool | None``; ``PagesManager.__init__`` sets it,
  while it is None, to whether ``<main script folder>/pages`` exists.
* ``streamlit/runtime/scriptrunner/script_runner.py`` (``code_to_exec``): when the flag is
  true, ``_mpa_v1(main_script_path)`` runs the page file instead of ``exec``-ing app.py.
* ``streamlit/commands/navigation.py`` (``navigation``): sets the flag to False, which is
  why every run after the first ``st.navigation`` goes through app.py. It resolves a URL by
  the pages' ``url_pathname`` (a default page's is ""), and refuses two pages with one
  ``url_path`` (``navigation/page.py``: a page's hash is ``calc_hash(url_path)``), so the
  overview's alias needs the default page at ``url_path=""``; one file may back two pages.

``tests/test_pages.py::test_router_*`` fail loudly if a Streamlit upgrade removes or renames
the attribute or changes this behaviour; then this module is to be revisited (or deleted,
if the legacy mode is gone). ``tests/test_permalinks.py`` opens ``/overview`` in a browser.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from wps_data.i18n import t
from wps_data.pagespec import PAGES

FLAG = "uses_pages_directory"
DEFAULT_PAGE = "overview"
PAGES_KEY = "_wps_pages_"  # session state: the pages of the menu, per language


def navigation(lang: str) -> Any:
    """``st.navigation`` over every page of the specs, in sections; the page to run.

    The default page is at ``/`` and, hidden from the menu, at its own ``url_path`` as well.
    The pages are made once per session and language (fourteen ``st.Page`` resolve their
    files, about 1 ms, on every rerun otherwise); a session's reruns run one at a time.
    """
    key = f"{PAGES_KEY}{lang}"
    sections = st.session_state.get(key)
    if sections is None:
        sections = st.session_state[key] = _sections(lang)
    return st.navigation(sections, expanded=True)  # every page listed: Streamlit's "View more" is English only


def _sections(lang: str) -> dict[str, list[Any]]:
    """The menu's sections and their ``st.Page`` objects, titled in ``lang``."""
    sections: dict[str, list[Any]] = {}
    for spec in PAGES.values():
        default = spec.key == DEFAULT_PAGE
        sections.setdefault(t(spec.section, lang), []).append(
            st.Page(
                spec.file,
                title=t(f"page.{spec.key}", lang),
                url_path="" if default else spec.url_path,
                icon=spec.icon,
                default=default,
            )
        )
    home = PAGES[DEFAULT_PAGE]
    alias = st.Page(home.file, title=t(f"page.{home.key}", lang), url_path=home.url_path, visibility="hidden")
    sections[t(home.section, lang)].append(alias)
    return sections


def ensure_router() -> None:
    """Rerun through app.py's ``st.navigation`` when Streamlit is still in legacy ``pages/`` mode."""
    # getattr: were the flag gone, pages must still render; the router tests fail instead.
    if getattr(PagesManager, FLAG, None):
        setattr(PagesManager, FLAG, False)
        st.rerun()
