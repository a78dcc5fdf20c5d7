"""Baseline changes page: one table of 6 x 7 (the changes since the latest release)."""

from baseline_pages.common import page

page("changes")
