"""Baseline map page: one choropleth over small inline polygons."""

from baseline_pages.common import page

page("map")
