"""Baseline sources page: one table of 25 x 9 (the real page shows 25 rows a page)."""

from baseline_pages.common import page

page("sources")
