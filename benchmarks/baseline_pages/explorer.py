"""Baseline explorer page: one table of 488 x 11."""

from baseline_pages.common import page

page("explorer")
