"""The ``wps-data`` command line: build, validate, verify-quotes, dictionary and the export commands.

Layer: cli (beside app, at the top). Imports any layer below (pipeline, dataset,
charts, exports, the leaves) but never ``wps_data.app`` or streamlit. ``main`` holds the
data commands and the entry point, ``exports`` the chart, briefing and data pack commands.
"""
