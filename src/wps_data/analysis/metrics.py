"""Pure transforms: DataFrame in, DataFrame out. Every derived number says how it was derived.

Nothing here reads files or imports streamlit. The quota gap, the women needed to
reach the quota, year-on-year changes, coverage and conflicts between sources are
computed here and only here, so pages, exports and tests agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd

QUOTA = 30.0  # Law 2015-052: at least 30% women in elected and appointed office.

# Which source a chart prefers when two disagree: UN documents first, press last;
# within a type, the most recently published.
SOURCE_TYPE_RANK = {"un_document": 0, "dataset": 1, "un_web": 2, "ngo_web": 3, "document_copy": 4, "press": 5}
CONFLICT_KEY = ["indicator", "subject", "region", "year", "sex_age", "unit", "status"]


def filter_facts(
    view: pd.DataFrame,
    *,
    themes: Iterable[str] | None = None,
    indicators: Iterable[str] | None = None,
    regions: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    sources: Iterable[str] | None = None,
    years: tuple[int, int] | None = None,
    include_undated: bool = True,
) -> pd.DataFrame:
    """Rows matching every given filter (None means no filter on that column)."""
    mask = pd.Series(True, index=view.index)
    for col, allowed in (
        ("theme", themes),
        ("indicator", indicators),
        ("region", regions),
        ("status", statuses),
        ("source_id", sources),
    ):
        if allowed is not None:
            mask &= view[col].isin(list(allowed))
    if years is not None:
        lo, hi = years
        in_range = view["year"].between(lo, hi).fillna(False).astype(bool)
        mask &= in_range | (view["year"].isna() if include_undated else False)
    return view.loc[mask]


def quota_table(view: pd.DataFrame, bodies: pd.DataFrame, *, quota: float = QUOTA) -> pd.DataFrame:
    """The latest women's share of every body against the quota.

    Columns: subject, short_label, branch, value (share), year, period, fact_id,
    compliant, gap_points (quota - share; negative means above the quota), size,
    women, women_needed (women to add to reach the quota with the body's size unchanged,
    only where a source gives the body's size), derivation, observations, and the
    source columns. Where sources disagree on a body and year, the preferred fact is
    used (see ``prefer``). The size comes from the share's own denominator or from a
    members_total fact of the same body and year; the number of women from the
    numerator, a women_members fact, or (said so in the derivation) share x size.
    """
    shares = view[view["indicator"].eq("women_share_body") & view["region"].eq("Mali")].copy()
    cols = [
        "subject",
        "short_label",
        "branch",
        "value",
        "year",
        "period",
        "fact_id",
        "compliant",
        "gap_points",
        "size",
        "women",
        "women_needed",
        "derivation",
        "observations",
        "source_id",
        "title",
        "publisher",
        "published",
        "url",
        "locator",
        "quote",
    ]
    if shares.empty:
        return pd.DataFrame(columns=cols)
    shares = pd.concat([shares, _shares_from_counts(view, bodies, shares)], ignore_index=True)
    counts = shares.groupby("subject").size().rename("observations")
    shares = resolve_series(shares, by=["subject", "year"])
    latest_rows = latest(shares)
    out = latest_rows.merge(bodies, on="subject", how="left").merge(counts, on="subject")
    out["compliant"] = out["value"] >= quota
    out["gap_points"] = (quota - out["value"]).round(2)
    sizes, women, estimated = [], [], []
    for r in out.itertuples(index=False):
        size = r.denominator if pd.notna(r.denominator) else _companion(view, "members_total", r.subject, r.year)
        w = r.numerator if pd.notna(r.numerator) else _companion(view, "women_members", r.subject, r.year)
        est = False
        if pd.isna(w) and pd.notna(size):
            w, est = round(r.value * size / 100), True
        sizes.append(size)
        women.append(w)
        estimated.append(est)
    out["size"], out["women"] = sizes, women
    out["women_needed"] = [women_needed(w, s, quota=quota) for w, s in zip(out["women"], out["size"], strict=True)]
    derived_share = out["note"].fillna("").str.startswith("Share derived here")
    out["derivation"] = [
        _derivation(v, w, s, n, quota, est)
        for v, w, s, n, est in zip(out["value"], out["women"], out["size"], out["women_needed"], estimated, strict=True)
    ]
    out["derivation"] = [
        (f"share derived here from counts: {int(w)} / {int(sz)} x 100 = {v:g}%; " if d else "") + text
        for d, w, sz, v, text in zip(
            derived_share, out["women"], out["size"], out["value"], out["derivation"], strict=True
        )
    ]
    return out[cols].sort_values(["value", "subject"], ascending=[False, True]).reset_index(drop=True)


def _shares_from_counts(view: pd.DataFrame, bodies: pd.DataFrame, shares: pd.DataFrame) -> pd.DataFrame:
    """Bodies that a source counts (4 women of 11) without stating a share: derive it, say so."""
    rows = []
    for subject in set(bodies["subject"]) - set(shares["subject"]):
        w = view[view["indicator"].eq("women_members") & view["subject"].eq(subject)]
        for r in w.itertuples(index=False):
            size = _companion(view, "members_total", subject, r.year)
            if pd.isna(size) or size == 0:
                continue
            row = r._asdict()
            row.update(
                value=round(100 * r.value / size, 2),
                numerator=r.value,
                denominator=size,
                unit="percent",
                note=f"Share derived here: {r.value:g} / {size:g} x 100, rounded to 2 decimals. "
                + (r.note if isinstance(r.note, str) else ""),
            )
            rows.append(row)
    return pd.DataFrame(rows, columns=view.columns) if rows else view.iloc[0:0]


def _companion(view: pd.DataFrame, indicator: str, subject: str, year: object) -> float:
    """A count stated beside a share: same body, same year (or both undated)."""
    rows = view[view["indicator"].eq(indicator) & view["subject"].eq(subject)]
    rows = rows[rows["year"].isna()] if pd.isna(year) else rows[rows["year"].eq(year)]
    return float(rows["value"].iloc[0]) if len(rows) == 1 else math.nan


def women_needed(women: float | None, size: float | None, *, quota: float = QUOTA) -> float:
    """Women to add (body size unchanged) so that women/size >= quota; NaN if unknown.

    The quota is a minimum, so the target is the smallest whole number of seats at or
    above quota% of the body: ceil(size * quota / 100).
    """
    if women is None or size is None or pd.isna(women) or pd.isna(size):
        return math.nan
    target = math.ceil(round(size * quota / 100, 9))
    return float(max(0, target - int(women)))


def _derivation(value: float, women: float, size: float, needed: float, quota: float, estimated: bool = False) -> str:
    gap = quota - value
    gap_txt = f"{abs(gap):.2f} points {'short of' if gap > 0 else 'above'} the {quota:g}% quota ({quota:g} - {value:g})"
    if pd.isna(needed):
        return gap_txt + "; body size not given by the source, so seats needed are not computed"
    target = math.ceil(round(size * quota / 100, 9))
    women_txt = (
        f"{int(women)} women now (estimated as {value:g}% x {int(size)}, rounded)"
        if estimated
        else f"{int(women)} women now"
    )
    return gap_txt + f"; {int(needed)} more women needed: ceil({quota:g}% x {int(size)}) = {target} minus {women_txt}"


def change(df: pd.DataFrame, *, by: Sequence[str] = ("subject",)) -> pd.DataFrame:
    """Year-on-year change within each series: absolute and percent, with the years compared.

    Only consecutive observations in the data are compared; a gap in years is named in
    ``years_compared`` (2019 -> 2021) rather than hidden.
    """
    out = df.dropna(subset=["year"]).sort_values([*by, "year"]).copy()
    g = out.groupby(list(by), sort=False)
    out["prev_year"] = g["year"].shift(1)
    out["prev_value"] = g["value"].shift(1)
    out["change_abs"] = out["value"] - out["prev_value"]
    out["change_pct"] = (100 * out["change_abs"] / out["prev_value"]).round(1)
    out["years_compared"] = [
        "" if pd.isna(p) else f"{int(p)} -> {int(y)}" for p, y in zip(out["prev_year"], out["year"], strict=True)
    ]
    return out


def coverage(view: pd.DataFrame) -> pd.DataFrame:
    """Number of facts per theme and year (undated facts counted as 'no year')."""
    y = view["year"].map(lambda v: "no year" if pd.isna(v) else str(int(v)))
    tab = pd.crosstab(view["theme"], y)
    order = sorted([c for c in tab.columns if c != "no year"]) + (["no year"] if "no year" in tab.columns else [])
    return tab[order]


def find_conflicts(view: pd.DataFrame) -> pd.DataFrame:
    """Groups of facts measuring the same thing (same key) with different values.

    Returns one row per fact in a conflicting group, with ``conflict_id``, and
    ``chosen`` marking the row charts use (see ``prefer``) and ``why``.
    """
    keyed = view.dropna(subset=["year"])
    rows = []
    for _, grp in keyed.groupby(CONFLICT_KEY, dropna=False, sort=True):
        if grp["value"].nunique() < 2:
            continue
        chosen, why = prefer(grp)
        g = grp.copy()
        g["conflict_id"] = "|".join(str(grp.iloc[0][k]) for k in CONFLICT_KEY)
        g["chosen"] = g["fact_id"].eq(chosen)
        g["why"] = why
        rows.append(g)
    if not rows:
        return view.iloc[0:0].assign(
            conflict_id=pd.Series(dtype=str), chosen=pd.Series(dtype=bool), why=pd.Series(dtype=str)
        )
    return pd.concat(rows, ignore_index=True)


def prefer(group: pd.DataFrame) -> tuple[str, str]:
    """The fact a chart shows when facts disagree, and why (source type, then recency)."""
    g = group.assign(
        _rank=group["source_type"].map(SOURCE_TYPE_RANK).fillna(9),
        _pub=group["published"].fillna(""),
    ).sort_values(["_rank", "_pub", "fact_id"], ascending=[True, False, True])
    top = g.iloc[0]
    same_rank = (g["_rank"] == top["_rank"]).sum()
    why = f"source type '{top['source_type']}' ranks highest (UN document > dataset > UN web > NGO web > copy > press)"
    if same_rank > 1:
        why += "; among equals, the most recently published"
    return str(top["fact_id"]), why


def resolve_series(rows: pd.DataFrame, *, by: Sequence[str] = ("subject", "year")) -> pd.DataFrame:
    """One value per series point: where sources disagree, keep the preferred fact.

    The dropped alternatives stay visible on the 'Where sources disagree' page.
    """
    if rows.empty:
        return rows
    keep = []
    for _, grp in rows.groupby(list(by), dropna=False, sort=False):
        keep.append(prefer(grp)[0] if len(grp) > 1 else grp.iloc[0]["fact_id"])
    return rows[rows["fact_id"].isin(keep)]


def with_gaps(rows: pd.DataFrame, *, series: str = "subject") -> pd.DataFrame:
    """Insert an empty point in every missing year inside a series, so lines break at gaps."""
    if rows.empty:
        return rows
    parts = []
    for name, grp in rows.groupby(series, sort=False):
        years = grp["year"].dropna().astype(int)
        if years.empty:
            continue
        full = pd.DataFrame({"year": range(years.min(), years.max() + 1)})
        merged = full.merge(grp, on="year", how="left")
        merged[series] = name
        parts.append(merged)
    return pd.concat(parts, ignore_index=True) if parts else rows.iloc[0:0]


def latest(rows: pd.DataFrame, *, by: Sequence[str] = ("subject",)) -> pd.DataFrame:
    """Latest observation per group (by year; undated rows count as oldest)."""
    r = rows.assign(_y=rows["year"].fillna(-1), _o=range(len(rows)))
    return r.sort_values([*by, "_y", "_o"]).groupby(list(by), as_index=False).tail(1).drop(columns=["_y", "_o"])


def as_of(rows: pd.DataFrame) -> str:
    """How old the plotted figures are: 'data for 2020-2023, published 2023-03-28'."""
    if rows.empty:
        return "no data"
    years = rows["year"].dropna()
    pubs = rows["published"].dropna() if "published" in rows else pd.Series(dtype=str)
    if years.empty:
        text = "no reference year given"
    else:
        lo, hi = int(years.min()), int(years.max())
        text = f"data for {lo}" if lo == hi else f"data for {lo}-{hi}"
    if not pubs.empty:
        text += f", latest source published {max(pubs)}"
    return text


def conflict_summary(conf: pd.DataFrame) -> pd.DataFrame:
    """One row per conflict: a readable label and whether values differ only by rounding.

    'Rounding only' means every value rounds to the same number at the precision of the
    least precise value (9.5 and 9.52 at one decimal); anything else is a real disagreement.
    """
    out = []
    for cid, grp in conf.groupby("conflict_id", sort=False):
        vals = grp["value"].astype(float).tolist()
        decimals = min(_decimal_places(v) for v in vals)
        rounded = {round(v, decimals) for v in vals}
        r = grp.iloc[0]
        year = "" if pd.isna(r["year"]) else int(r["year"])
        out.append(
            {
                "conflict_id": cid,
                "label": f"{_label_subject(r['label'], r['subject'])}, {r['region']}, {year}",
                "values": ", ".join(f"{v:g}" for v in vals),
                "rounding_only": len(rounded) == 1,
            }
        )
    return pd.DataFrame(out)


def _label_subject(label: str, subject: str) -> str:
    return subject if str(label).lower() == str(subject).lower() else f"{label}: {subject}"


def _decimal_places(v: float) -> int:
    text = f"{v:.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def source_table(view: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Every source with the number of figures from it and the pages that use them."""
    from wps_data.pagespec import PAGES  # local: pagespec imports load, not metrics

    theme_pages: dict[str, list[str]] = {}
    for p in PAGES.values():
        if p.key in ("overview", "map", "disagree", "sources", "explorer"):
            continue
        for th in p.themes:
            theme_pages.setdefault(th, []).append(p.key)
    counts = view.groupby("source_id").agg(
        figures=("fact_id", "size"), themes=("theme", lambda s: ", ".join(sorted(set(s))))
    )
    out = sources.merge(counts, on="source_id", how="left").fillna({"figures": 0, "themes": ""})
    out["pages"] = out["themes"].map(
        lambda ths: ", ".join(dict.fromkeys(p for th in ths.split(", ") if th for p in theme_pages.get(th, [])))
    )
    cols = ["title", "publisher", "published", "symbol", "source_type", "figures", "pages", "url", "source_id"]
    return out[cols].sort_values(["figures", "title"], ascending=[False, True]).reset_index(drop=True)


def _fold(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()


def search_quotes(view: pd.DataFrame, query: str) -> pd.DataFrame:
    """Facts whose quote, subject or source title contains every word of ``query`` (accents optional)."""
    words = [_fold(w) for w in query.split() if w.strip()]
    if not words:
        return view.iloc[0:0]
    hay = (view["quote"].fillna("") + " " + view["subject"].fillna("") + " " + view["title"].fillna("")).map(_fold)
    mask = pd.Series(True, index=view.index)
    for w in words:
        mask &= hay.str.contains(w, regex=False)
    return view.loc[mask]
