"""Baseline disagree page: one table like its eight small ones (24 x 11 in all)."""

from baseline_pages.common import page

page("disagree")
