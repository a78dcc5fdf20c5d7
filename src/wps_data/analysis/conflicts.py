"""Sources that disagree: which facts measure the same quantity with different values, and which one charts use.

Layer: analysis (pure pandas; imports the contract only). ``prefer`` returns a reason
code and its inputs; ``wps_data.i18n.words`` turns them into a sentence.
"""

from __future__ import annotations

import pandas as pd

# Which source a chart prefers when two disagree: UN documents first, press last;
# within a type, the most recently published.
SOURCE_TYPE_RANK = {"un_document": 0, "dataset": 1, "un_web": 2, "ngo_web": 3, "document_copy": 4, "press": 5}
# What makes two facts the same quantity: subjects compared with case, accents and spacing
# folded (two spellings of one body are one body); a figure for part of an area (scope) or
# part of a year is another quantity.
QUANTITY_KEY = ["indicator", "subject_key", "region", "scope_key", "part_year_key", "sex_age", "unit", "status"]
CONFLICT_KEY = [*QUANTITY_KEY[:2], "region", "year", "sex_age", "unit", "status"]  # kept for callers
KINDS = ("value", "undated", "meaning")


def _keyed(view: pd.DataFrame) -> pd.DataFrame:
    from wps_data.contract.meaning import fold

    scope = view["scope"] if "scope" in view else pd.Series("", index=view.index)
    part = view["part_year"] if "part_year" in view else pd.Series(False, index=view.index)
    return view.assign(
        subject_key=view["subject"].map(fold),
        scope_key=scope.fillna("").astype(str).map(fold),
        part_year_key=part.fillna(False).astype(bool),
    )


def _group(grp: pd.DataFrame, cid: str, kind: str) -> pd.DataFrame:
    chosen, why_type, why_recent = prefer(grp)
    return grp.assign(
        conflict_id=cid, chosen=grp["fact_id"].eq(chosen), why_type=why_type, why_recent=why_recent, kind=kind
    )


def find_conflicts(view: pd.DataFrame) -> pd.DataFrame:
    """Facts that measure the same quantity and disagree, in three kinds (column ``kind``).

    - ``value``: the same quantity and reference year, different values;
    - ``undated``: the same quantity, different values, one source giving no year for its
      figure and another source dating its own in the year of the undated source's
      publication or the year before: the undated figure may be the same count given
      another date (two dated figures of different years are never a disagreement; one
      source's own undated and dated figures are its series);
    - ``meaning``: the same value, subject and year stored with a different status or scope
      (the same figure told two ways, like "documented" in one place and "reported" in another).

    Returns one row per fact of each conflicting group, with ``conflict_id``, ``kind``,
    ``chosen`` (the row charts use, see ``prefer``), ``why_type`` and ``why_recent``.
    """
    keyed = _keyed(view)
    out: list[pd.DataFrame] = []
    for key, grp in keyed.groupby(QUANTITY_KEY, dropna=False, sort=True):
        cid = "|".join(str(k) for k in key)
        dated = grp.dropna(subset=["year"])
        for year, g in dated.groupby("year", sort=True):
            if g["value"].nunique() > 1:
                out.append(_group(g, f"{cid}|{int(year)}", "value"))
        undated = grp[grp["year"].isna()]
        for _, u in undated.iterrows():
            pub = str(u.get("published") or "")[:4]
            if not pub.isdigit():
                continue  # no publication date: nothing to say which dated figure it could be
            near = grp["year"].between(int(pub) - 1, int(pub)).fillna(False).astype(bool)
            others = grp[near & grp["source_id"].ne(u["source_id"]) & grp["value"].ne(u["value"])]
            if not others.empty:
                g = pd.concat([u.to_frame().T, others]).drop_duplicates("fact_id")
                out.append(_group(g.astype(grp.dtypes.to_dict()), f"{cid}|undated|{u['fact_id']}", "undated"))
    same = ["indicator", "subject_key", "year", "sex_age", "unit", "value"]
    for key, grp in keyed.dropna(subset=["year"]).groupby(same, dropna=False, sort=True):
        if len(grp.drop_duplicates(["status", "scope_key"])) > 1:
            out.append(_group(grp, "|".join(str(k) for k in key) + "|meaning", "meaning"))
    cols = {"conflict_id": str, "chosen": bool, "why_type": str, "why_recent": bool, "kind": str}
    if not out:
        return view.iloc[0:0].assign(**{c: pd.Series(dtype=t) for c, t in cols.items()})
    res = pd.concat(out, ignore_index=True)
    return res.drop(columns=["subject_key", "scope_key", "part_year_key"])


def rounding_only(values: list[float]) -> bool:
    """True when every value rounds to the same number at the precision of the least precise one."""
    decimals = min(decimal_places(v) for v in values)
    return len({round(v, decimals) for v in values}) == 1


def prefer(group: pd.DataFrame) -> tuple[str, str, bool]:
    """The fact a chart shows when facts disagree: (fact_id, why, whether recency decided).

    Where the values differ only by rounding (29 and 28.57), the most precise wins and
    ``why`` is ``"precise"``: a rounded figure never replaces the exact one it rounds.
    Otherwise the best source type wins (``why`` is that type), then the most recent.
    """
    g = group.assign(
        _rank=group["source_type"].map(SOURCE_TYPE_RANK).fillna(9),
        _pub=group["published"].fillna(""),
        _dec=[-decimal_places(float(v)) for v in group["value"]],
    )
    values = [float(v) for v in group["value"].dropna()]
    if len(set(values)) > 1 and rounding_only(values):
        g = g.sort_values(["_dec", "_rank", "_pub", "fact_id"], ascending=[True, True, False, True])
        return str(g.iloc[0]["fact_id"]), "precise", False
    g = g.sort_values(["_rank", "_pub", "fact_id"], ascending=[True, False, True])
    top = g.iloc[0]
    same_rank = int((g["_rank"] == top["_rank"]).sum())
    return str(top["fact_id"]), str(top["source_type"]), same_rank > 1


def decimal_places(v: float) -> int:
    """Decimals a value is written with (28.57 -> 2, 9.5 -> 1, 30 -> 0), up to 6."""
    text = f"{v:.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def conflict_summary(conf: pd.DataFrame) -> pd.DataFrame:
    """One row per conflict: its subject, region, year, the values, and whether they differ only by rounding.

    'Rounding only' means every value rounds to the same number at the precision of the
    least precise value (9.5 and 9.52 at one decimal); anything else is a real disagreement.
    """
    out = []
    for cid, grp in conf.groupby("conflict_id", sort=False):
        vals = grp["value"].astype(float).tolist()
        r = grp.iloc[0]
        out.append(
            {
                "conflict_id": cid,
                "label": r["label"],
                "subject": r["subject"],
                "region": r["region"],
                "year": None if pd.isna(r["year"]) else int(r["year"]),
                "values": vals,
                "unit": r["unit"],
                "rounding_only": rounding_only(vals),
                "kind": r["kind"] if "kind" in grp else "value",
            }
        )
    return pd.DataFrame(out)
