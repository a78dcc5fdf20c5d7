"""The 30% quota of Law 2015-052: every body's latest share, its gap, and the women needed to reach it.

Layer: analysis (pure pandas; imports the contract only). Returns the numbers of each
derivation (gap, target seats, women now, whether estimated or derived from counts);
``wps_data.i18n.words.quota_derivation`` writes them out in the reader's language.
"""

from __future__ import annotations

import math

import pandas as pd

from wps_data.analysis.series import latest, resolve_series
from wps_data.contract.frames import isin

QUOTA = 30.0  # Law 2015-052: at least 30% women in elected and appointed office.

QUOTA_COLUMNS = [
    "subject",
    "short_label",
    "branch",
    "kind",
    "value",
    "year",
    "period",
    "fact_id",
    "compliant",
    "gap_points",
    "size",
    "women",
    "women_needed",
    "target",
    "women_estimated",
    "share_derived",
    "observations",
    "source_id",
    "title",
    "publisher",
    "published",
    "url",
    "locator",
    "quote",
]


def quota_table(view: pd.DataFrame, bodies: pd.DataFrame, *, quota: float = QUOTA) -> pd.DataFrame:
    """The latest women's share of every body against the quota.

    Columns: ``QUOTA_COLUMNS``: gap_points is quota - share (negative means above the
    quota); size and women come from the share's own denominator and numerator, or from
    members_total / women_members facts of the same body and year; where only the size
    is known, women = share x size, rounded (``women_estimated``); women_needed is the
    women to add, body size unchanged, to reach ceil(size x quota / 100) = ``target``.
    Bodies that a source counts without stating a share get a share derived from the
    counts (``share_derived``). Where sources disagree on a body and year, the preferred
    fact is used (``wps_data.analysis.conflicts.prefer``).
    """
    shares = view[view["indicator"].eq("women_share_body") & view["region"].eq("Mali")].copy()
    if shares.empty:
        return pd.DataFrame(columns=QUOTA_COLUMNS)
    companions = _companions(view)
    shares["share_derived"] = False
    shares = pd.concat([shares, _shares_from_counts(view, bodies, shares, companions)], ignore_index=True)
    counts = shares.groupby("subject").size().rename("observations")
    shares = resolve_series(shares, by=["subject", "year"])
    out = latest(shares).merge(bodies, on="subject", how="left").merge(counts, on="subject")
    out["compliant"] = out["value"] >= quota
    out["gap_points"] = (quota - out["value"]).round(2)
    sizes, women, estimated = [], [], []
    for r in out.itertuples(index=False):  # one row per body
        size = r.denominator if pd.notna(r.denominator) else _companion(companions, "members_total", r.subject, r.year)
        w = r.numerator if pd.notna(r.numerator) else _companion(companions, "women_members", r.subject, r.year)
        est = False
        if pd.isna(w) and pd.notna(size):
            w, est = round(r.value * size / 100), True
        sizes.append(size)
        women.append(w)
        estimated.append(est)
    out["size"], out["women"], out["women_estimated"] = sizes, women, estimated
    out["women_needed"] = [women_needed(w, s, quota=quota) for w, s in zip(out["women"], out["size"], strict=True)]
    out["target"] = [math.nan if pd.isna(s) else float(target_seats(s, quota=quota)) for s in out["size"]]
    out["share_derived"] = out["share_derived"].fillna(False).astype(bool)
    return out[QUOTA_COLUMNS].sort_values(["value", "subject"], ascending=[False, True]).reset_index(drop=True)


Companions = dict[tuple[str, str, float], float]


def _companions(view: pd.DataFrame) -> Companions:
    """Every count a share can stand beside, by (indicator, body, year): its value when stated once, else NaN.

    One pass over the view (``NaN`` years as ``-1``): looking each one up would scan every
    fact once per body and per count.
    """
    rows = view[isin(view["indicator"], ["members_total", "women_members"])]
    if rows.empty:
        return {}
    keyed = pd.DataFrame(
        {
            "indicator": rows["indicator"].astype(str).to_numpy(),
            "subject": rows["subject"].astype(str).to_numpy(),
            "year": rows["year"].astype(float).fillna(-1.0).to_numpy(),
            "value": rows["value"].astype(float).to_numpy(),
        }
    )
    grouped = keyed.groupby(["indicator", "subject", "year"], sort=False)["value"].agg(["size", "first"])
    return {key: (float(r["first"]) if r["size"] == 1 else math.nan) for key, r in grouped.iterrows()}


def _shares_from_counts(
    view: pd.DataFrame, bodies: pd.DataFrame, shares: pd.DataFrame, companions: Companions | None = None
) -> pd.DataFrame:
    """Bodies that a source counts (4 women of 11) without stating a share: derive it, flag it."""
    companions = _companions(view) if companions is None else companions
    missing = set(bodies["subject"]) - set(shares["subject"])
    counted = view[view["indicator"].eq("women_members") & isin(view["subject"], missing)]
    rows = []
    for r in counted.itertuples(index=False):  # one row per count of a body with no stated share
        size = _companion(companions, "members_total", r.subject, r.year)
        if pd.isna(size) or size == 0:
            continue
        row = r._asdict()
        row.update(
            value=round(100 * r.value / size, 2),
            numerator=r.value,
            denominator=size,
            unit="percent",
            share_derived=True,
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=[*view.columns, "share_derived"]) if rows else shares.iloc[0:0]


def _companion(companions: Companions, indicator: str, subject: str, year: object) -> float:
    """A count stated beside a share: same body, same year (or both undated), stated exactly once."""
    return companions.get((indicator, subject, -1.0 if pd.isna(year) else float(year)), math.nan)


def target_seats(size: float, *, quota: float = QUOTA) -> int:
    """The smallest whole number of seats at or above quota% of a body: ceil(size x quota / 100)."""
    return math.ceil(round(size * quota / 100, 9))


def women_needed(women: float | None, size: float | None, *, quota: float = QUOTA) -> float:
    """Women to add (body size unchanged) so that women/size >= quota; NaN if unknown.

    The quota is a minimum, so the target is the smallest whole number of seats at or
    above quota% of the body: ceil(size * quota / 100).
    """
    if women is None or size is None or pd.isna(women) or pd.isna(size):
        return math.nan
    return float(max(0, target_seats(size, quota=quota) - int(women)))
