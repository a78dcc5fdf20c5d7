"""Chart selections as data: the rules a series of ``series.csv`` must obey against the facts.

A series names what one chart line or group of marks selects: indicator, subject,
sex/age and geographic scope. It also states what every selected row must be: the
kind of count (status) and, for a line over years, a full-year figure for the whole
area (an undated figure is simply not on a year line). A curator who renames a
subject, or files a regional or part-year count under a national series, gets a build
error naming the series instead of a silently empty or misleading chart.

Layer: contract (2). Imports nothing of the package but other contract modules.
"""

from __future__ import annotations

import pandas as pd

from wps_data.contract.problems import CURATED_FILES, Problem
from wps_data.contract.regions import NATIONAL

SCOPES = ("national", "regional", "any")


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def select_mask(facts: pd.DataFrame, series: pd.Series | dict) -> pd.Series:
    """The facts a series selects: indicator, subject, sex/age (if given) and geographic scope."""
    mask = facts["indicator"].eq(series["indicator"])
    if _text(series.get("subject")):
        mask &= facts["subject"].eq(series["subject"])
    if _text(series.get("sex_age")):
        mask &= facts["sex_age"].eq(series["sex_age"])
    if bool(series.get("over_years")):
        mask &= facts["year"].notna()  # an undated figure has no place on a year axis; it is not an error
    scope = series.get("scope", "any")
    if scope == "national":  # the whole country: a figure for part of it (scope) is not national
        mask &= facts["region"].eq(NATIONAL)
        if "scope" in facts:
            mask &= facts["scope"].isna() | facts["scope"].astype(str).str.strip().eq("")
    elif scope == "regional":
        mask &= ~facts["region"].eq(NATIONAL)
    return mask


def _whole(facts: pd.DataFrame) -> pd.Series:
    """Rows that cover a full reference year and the whole of their region."""
    full_year = ~facts["part_year"].fillna(False).astype(bool) if "part_year" in facts else True
    whole_area = facts["scope"].isna() | facts["scope"].astype(str).str.strip().eq("") if "scope" in facts else True
    return full_year & whole_area


def series_problems(series: pd.DataFrame, facts: pd.DataFrame, lines: dict[str, list[int]]) -> list[Problem]:
    """Each series must select at least one fact, and every fact it selects must be what it declares."""
    problems: list[Problem] = []
    sfile = CURATED_FILES.get("series", "series.csv")
    sl = lines.get("series") or list(range(2, len(series) + 2))
    fl = lines.get("facts") or list(range(2, len(facts) + 2))
    line_of = dict(zip(facts["fact_id"], fl, strict=False))
    whole = _whole(facts)
    for i, s in enumerate(series.to_dict("records")):
        mask = select_mask(facts, s)
        what = f"{s['indicator']}, {_text(s.get('subject'))!r}"
        if not mask.any():
            problems.append(
                Problem(
                    sfile,
                    sl[i],
                    "subject",
                    _text(s.get("subject")),
                    f"series_selects_nothing: series {s['series_id']!r} ({what}) "
                    "matches no fact: was the subject or indicator renamed?",
                )
            )
            continue
        chosen = facts[mask]
        status = _text(s.get("status"))
        if status:
            for fid, st in zip(chosen["fact_id"], chosen["status"], strict=True):
                if st != status:
                    problems.append(
                        Problem(
                            CURATED_FILES["facts"],
                            line_of.get(fid, 0),
                            "status",
                            st,
                            f"series_status: fact {fid!r} is selected by series {s['series_id']!r}, "
                            f"which plots only {status!r} counts (never add kinds of count)",
                        )
                    )
        if bool(s.get("over_years")):
            for fid in chosen.loc[~whole[mask], "fact_id"]:
                problems.append(
                    Problem(
                        CURATED_FILES["facts"],
                        line_of.get(fid, 0),
                        "part_year",
                        fid,
                        f"series_annual: fact {fid!r} is selected by series {s['series_id']!r}, a line of full-year "
                        "figures for the whole area, but it counts part of a year (part_year) or part of the area "
                        "(scope): give it its own subject",
                    )
                )
    return problems
