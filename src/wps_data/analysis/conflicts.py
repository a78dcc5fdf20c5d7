"""Sources that disagree: which facts measure the same quantity with different values, and which one charts use.

Layer: analysis (pure pandas; imports the contract only). ``prefer`` returns a reason
code and its inputs; ``wps_data.i18n.words`` turns them into a sentence.
"""

from __future__ import annotations

import pandas as pd

# Which source a chart prefers when two disagree: UN documents first, press last;
# within a type, the most recently published.
SOURCE_TYPE_RANK = {"un_document": 0, "dataset": 1, "un_web": 2, "ngo_web": 3, "document_copy": 4, "press": 5}
CONFLICT_KEY = ["indicator", "subject", "region", "year", "sex_age", "unit", "status"]


def find_conflicts(view: pd.DataFrame) -> pd.DataFrame:
    """Groups of facts measuring the same thing (same key) with different values.

    Returns one row per fact in a conflicting group, with ``conflict_id``, ``chosen``
    marking the row charts use (see ``prefer``), ``why_type`` (the chosen source type)
    and ``why_recent`` (True when recency broke a tie between equal source types).
    """
    keyed = view.dropna(subset=["year"])
    rows = []
    for _, grp in keyed.groupby(CONFLICT_KEY, dropna=False, sort=True):
        if grp["value"].nunique() < 2:
            continue
        chosen, why_type, why_recent = prefer(grp)
        g = grp.copy()
        g["conflict_id"] = "|".join(str(grp.iloc[0][k]) for k in CONFLICT_KEY)
        g["chosen"] = g["fact_id"].eq(chosen)
        g["why_type"] = why_type
        g["why_recent"] = why_recent
        rows.append(g)
    if not rows:
        return view.iloc[0:0].assign(
            conflict_id=pd.Series(dtype=str),
            chosen=pd.Series(dtype=bool),
            why_type=pd.Series(dtype=str),
            why_recent=pd.Series(dtype=bool),
        )
    return pd.concat(rows, ignore_index=True)


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
            }
        )
    return pd.DataFrame(out)
