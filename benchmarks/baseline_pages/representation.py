"""Baseline representation page: 4 plotly charts from inline data."""

from baseline_pages.common import page

page("representation")
