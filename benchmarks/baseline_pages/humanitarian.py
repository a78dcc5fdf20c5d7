"""Baseline humanitarian page: 5 plotly charts from inline data."""

from baseline_pages.common import page

page("humanitarian")
