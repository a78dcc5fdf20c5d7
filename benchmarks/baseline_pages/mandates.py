"""Baseline mandates page: 1 plotly chart from inline data."""

from baseline_pages.common import page

page("mandates")
