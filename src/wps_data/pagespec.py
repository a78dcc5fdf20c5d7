"""What each page is: its title, URL, filters and charts. Shared by the app, the CLI, the tests and the benchmark.

A page spec is the one declaration of a page: the filters it offers (``wps_data.filters``),
the charts it draws in display order (chart ids are public: URLs, CLI, decks), the themes
its data pack covers when it draws no chart, and the URL parameters of its own widgets.

Layer: a declaration; imports ``wps_data.filters`` and the contract only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wps_data.contract.vocab import THEMES
from wps_data.dataset import Dataset
from wps_data.filters import (
    BRANCH_F,
    EVENT_KIND_F,
    INDICATOR_F,
    MANDATE_THEME_F,
    MAX_PARAM_LEN,
    MEMBER_F,
    REGION_F,
    RESOLUTION_F,
    SOURCE_F,
    STATUS_F,
    THEME_F,
    TOPIC_F,
    YEARS,
    FilterError,
    Filters,
    FilterSpec,
    parse_cli,
)

__all__ = ["MAX_PARAM_LEN", "PAGES", "FilterError", "FilterSpec", "PageSpec", "describe_filters", "parse_filters"]


@dataclass(frozen=True)
class PageSpec:
    """A page of the dashboard."""

    key: str
    file: str
    url_path: str
    section: str
    icon: str
    filters: tuple[FilterSpec, ...] = ()
    themes: tuple[str, ...] = ()
    extra_params: tuple[str, ...] = field(default=())
    charts: tuple[str, ...] = ()


PAGES: dict[str, PageSpec] = {
    p.key: p
    for p in [
        PageSpec(
            "overview",
            "pages/overview.py",
            "overview",
            "nav.section.brief",
            ":material/dashboard:",
            themes=tuple(THEMES),
            charts=("overview-coverage", "overview-gaps"),
        ),
        PageSpec(
            "representation",
            "pages/representation.py",
            "representation",
            "nav.section.themes",
            ":material/how_to_vote:",
            (BRANCH_F, YEARS),
            ("representation",),
            charts=("rep-quota", "rep-legislature-trend", "rep-government-trend", "rep-changes"),
        ),
        PageSpec(
            "violence",
            "pages/violence.py",
            "violence",
            "nav.section.themes",
            ":material/shield:",
            (YEARS, REGION_F, STATUS_F),
            ("gbv", "crsv"),
            charts=(
                "gbv-trend",
                "gbv-types",
                "crsv-verified-vs-registered",
                "crsv-by-year",
                "crsv-services",
                "violence-regions",
                "harmful-practices",
            ),
        ),
        PageSpec(
            "humanitarian",
            "pages/humanitarian.py",
            "humanitarian",
            "nav.section.themes",
            ":material/volunteer_activism:",
            (YEARS, REGION_F),
            ("humanitarian", "socioeconomic"),
            charts=("hum-needs-trend", "hum-appeal", "hum-idps-trend", "hum-schools", "soc-gender-gaps"),
        ),
        PageSpec(
            "minusma",
            "pages/minusma.py",
            "minusma",
            "nav.section.themes",
            ":material/public:",
            (),
            ("minusma", "mandate"),
            charts=("minusma-women", "mandate-timeline", "minusma-gender-posts"),
        ),
        PageSpec(
            "map",
            "pages/map.py",
            "map",
            "nav.section.themes",
            ":material/map:",
            (REGION_F,),  # the regions compared side by side (the map itself shows every region)
            tuple(THEMES),
            ("indicator", "year"),
            charts=("map-regional", "map-compare"),
        ),
        PageSpec(
            "mandates",
            "pages/mandates.py",
            "mandates",
            "nav.section.desk",
            ":material/gavel:",
            (MANDATE_THEME_F, RESOLUTION_F),
            ("mandate",),
            charts=("mandate-provisions",),
        ),
        PageSpec(
            "council",
            "pages/council.py",
            "council",
            "nav.section.desk",
            ":material/groups:",
            (MEMBER_F, TOPIC_F),
            charts=("council-matrix",),
        ),
        PageSpec(
            "timeline",
            "pages/timeline.py",
            "timeline",
            "nav.section.desk",
            ":material/timeline:",
            (EVENT_KIND_F,),
            charts=("timeline-events",),
        ),
        PageSpec(
            "changes",
            "pages/changes.py",
            "changes",
            "nav.section.desk",
            ":material/difference:",
            (),
            (),
            ("since",),
        ),
        PageSpec(
            "disagree",
            "pages/disagree.py",
            "disagree",
            "nav.section.data",
            ":material/compare_arrows:",
            (),
            tuple(THEMES),
        ),
        PageSpec(
            "sources",
            "pages/sources.py",
            "sources",
            "nav.section.data",
            ":material/menu_book:",
            (),
            tuple(THEMES),
            ("q",),
        ),
        PageSpec(
            "explorer",
            "pages/explorer.py",
            "explorer",
            "nav.section.data",
            ":material/table_view:",
            (THEME_F, INDICATOR_F, REGION_F, YEARS, STATUS_F, SOURCE_F),
            tuple(THEMES),
            ("undated", "q"),  # q: words searched (plain text, at most MAX_PARAM_LEN)
        ),
    ]
}


def describe_filters(filters: Filters | dict[str, Any], lang: str = "en") -> str:
    """Short text of the active filters (see ``Filters.describe``)."""
    return Filters.of(filters).describe(lang)


def parse_filters(page: str, ds: Dataset, pairs: list[str]) -> Filters:
    """Parse CLI ``KEY=VALUE`` pairs for ``page``; FilterError lists the valid choices."""
    return parse_cli(PAGES[page].filters, ds, pairs, page)
