"""Baseline sources page: one table of 92 x 9."""

from baseline_pages.common import page

page("sources")
