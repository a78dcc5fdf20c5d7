"""The names of the former single app module, for callers outside the app layer.

Layer: app. Imports ``app.state`` and ``app.views`` only. Used by ``benchmarks/run.py``
(``ui.dataset``) and ``tests/test_export_i18n.py`` (``ui.gap_table``); new code imports
the app modules themselves. Delete this module once those two callers have moved.
"""

from __future__ import annotations

from wps_data.app.state import dataset
from wps_data.app.views import gap_table

__all__ = ["dataset", "gap_table"]
