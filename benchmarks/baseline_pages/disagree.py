"""Baseline disagree page: one table like its thirteen small ones (about 30 x 12 in all)."""

from baseline_pages.common import page

page("disagree")
