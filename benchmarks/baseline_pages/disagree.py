"""Baseline disagree page: one table holding what its thirteen conflict cards list (about 30 sources x 12 fields)."""

from baseline_pages.common import page

page("disagree")
