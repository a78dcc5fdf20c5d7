"""What each page is: its title, URL, filters and charts. Shared by the app and the CLI.

Filters are declared once here with their valid options, so the app's widgets, the
URL check, the CLI's ``--filter KEY=VALUE`` and the exports all agree on what a
valid view is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from wps_data.dataset import Dataset
from wps_data.contract.regions import REGIONS
from wps_data.contract.schemas import BRANCHES, STATUSES, THEMES

MAX_PARAM_LEN = 200


@dataclass(frozen=True)
class FilterSpec:
    """One filter: ``multi`` (list of options), ``range`` (two years) or ``select``."""

    key: str
    kind: str
    options: Callable[[Dataset], list[Any]]
    label_key: str


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


def _years(ds: Dataset) -> list[int]:
    y = ds.facts["year"].dropna().astype(int)
    return list(range(int(y.min()), int(y.max()) + 1))


def _regions(ds: Dataset) -> list[str]:
    used = set(ds.facts["region"])
    return [r for r in REGIONS if r in used]


def _statuses(ds: Dataset) -> list[str]:
    used = set(ds.facts["status"])
    return [s for s in STATUSES if s in used]


def _sources(ds: Dataset) -> list[str]:
    return sorted(ds.sources["source_id"])


def _indicators(ds: Dataset) -> list[str]:
    return sorted(ds.indicators["indicator"])


YEARS = FilterSpec("years", "range", _years, "filter.years")
REGION_F = FilterSpec("regions", "multi", _regions, "filter.regions")
STATUS_F = FilterSpec("statuses", "multi", _statuses, "filter.statuses")
BRANCH_F = FilterSpec("branches", "multi", lambda ds: list(BRANCHES[:-2]), "filter.branches")
THEME_F = FilterSpec("themes", "multi", lambda ds: list(THEMES), "filter.themes")
INDICATOR_F = FilterSpec("indicators", "multi", _indicators, "filter.indicators")
SOURCE_F = FilterSpec("sources", "multi", _sources, "filter.sources")

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
        ),
        PageSpec(
            "representation",
            "pages/representation.py",
            "representation",
            "nav.section.themes",
            ":material/how_to_vote:",
            (BRANCH_F, YEARS),
            ("representation",),
        ),
        PageSpec(
            "violence",
            "pages/violence.py",
            "violence",
            "nav.section.themes",
            ":material/shield:",
            (YEARS, REGION_F, STATUS_F),
            ("gbv", "crsv"),
        ),
        PageSpec(
            "humanitarian",
            "pages/humanitarian.py",
            "humanitarian",
            "nav.section.themes",
            ":material/volunteer_activism:",
            (YEARS, REGION_F),
            ("humanitarian", "socioeconomic"),
        ),
        PageSpec(
            "minusma",
            "pages/minusma.py",
            "minusma",
            "nav.section.themes",
            ":material/public:",
            (),
            ("minusma", "mandate"),
        ),
        PageSpec(
            "map",
            "pages/map.py",
            "map",
            "nav.section.themes",
            ":material/map:",
            (),
            tuple(THEMES),
            ("indicator", "year"),
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
            ("undated",),
        ),
    ]
}


class FilterError(ValueError):
    """A filter the page does not have, or a value it does not accept."""


def parse_filters(page: str, ds: Dataset, pairs: list[str]) -> dict[str, Any]:
    """Parse CLI ``KEY=VALUE`` pairs into a filter dict; FilterError lists valid choices."""
    spec = PAGES[page]
    by_key = {f.key: f for f in spec.filters}
    out: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise FilterError(f"filter {pair!r} is not KEY=VALUE")
        key, value = pair.split("=", 1)
        if key not in by_key:
            valid = ", ".join(by_key) or "none"
            raise FilterError(f"page {page!r} has no filter {key!r}; valid filters: {valid}")
        fs = by_key[key]
        options = fs.options(ds)
        if fs.kind == "range":
            try:
                lo, hi = (int(x) for x in value.replace(":", "-").split("-", 1))
            except ValueError:
                raise FilterError(f"{key} takes a year range like 2015-2022, not {value!r}") from None
            if lo > hi or lo < options[0] or hi > options[-1]:
                raise FilterError(f"{key} must lie within {options[0]}-{options[-1]}")
            out[key] = (lo, hi)
        else:
            values = [v for v in value.split(",") if v]
            bad = [v for v in values if v not in options]
            if bad:
                raise FilterError(f"invalid {key} {bad}; valid: {', '.join(map(str, options))}")
            out.setdefault(key, []).extend(values)
    return out


def describe_filters(filters: dict[str, Any], lang: str = "en") -> str:
    """Short text of the active filters, for deck title slides, data packs and (English) file names."""
    from wps_data.i18n import t  # local: i18n is light, but pagespec is imported by the CLI at start

    parts = []
    for k, v in filters.items():
        if v is None or (isinstance(v, list | tuple) and not v):
            continue
        name = t(f"filter.{k}", lang).lower() if k in {f.key for p in PAGES.values() for f in p.filters} else k
        if k == "years":
            parts.append(f"{name} {v[0]}-{v[1]}")
        elif isinstance(v, list | tuple):
            parts.append(f"{name} {'+'.join(map(str, v))}")
        else:
            parts.append(f"{name} {v}")
    return "; ".join(parts) if parts else t("filter.all_data", lang)


def page_rows(page: str, ds: Dataset, filters: dict[str, Any], chart_rows: list[pd.DataFrame]) -> pd.DataFrame:
    """The rows behind what a page shows: the facts of its charts (and of its themes when it has none)."""
    frames = [r for r in chart_rows if r is not None and not r.empty]
    if frames:
        out = pd.concat(frames, ignore_index=True).drop_duplicates("fact_id")
        return out.loc[:, [c for c in ds.view.columns if c in out.columns]]
    spec = PAGES[page]
    return ds.view[ds.view["theme"].isin(spec.themes)]
