"""Hand a page's run to app.py's router, even on a freshly started server.

Layer: app. Imports streamlit only.

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
  why every run after the first ``st.navigation`` goes through app.py.

``tests/test_pages.py::test_router_*`` fail loudly if a Streamlit upgrade removes or renames
the attribute or changes this behaviour; then this module is to be revisited (or deleted,
if the legacy mode is gone).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

FLAG = "uses_pages_directory"


def ensure_router() -> None:
    """Rerun through app.py's ``st.navigation`` when Streamlit is still in legacy ``pages/`` mode."""
    # getattr: were the flag gone, pages must still render; the router tests fail instead.
    if getattr(PagesManager, FLAG, None):
        setattr(PagesManager, FLAG, False)
        st.rerun()
