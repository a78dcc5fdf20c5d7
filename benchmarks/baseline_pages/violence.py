"""Baseline violence page: 7 plotly charts from inline data."""

from baseline_pages.common import page

page("violence")
