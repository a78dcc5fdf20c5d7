"""Baseline map page: one choropleth over small inline polygons, then one plotly chart (the regions compared)."""

from baseline_pages.common import page

page("map")
