"""Baseline minusma page: 3 plotly charts from inline data."""

from baseline_pages.common import page

page("minusma")
