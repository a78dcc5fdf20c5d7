"""Sources that disagree: which facts measure the same quantity with different values, and which one charts use.

Layer: analysis (pure pandas; imports the contract only). ``prefer`` returns a reason
code and its inputs; ``wps_data.i18n.words`` turns them into a sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from wps_data.contract.frames import map_values

# Which source a chart prefers when two disagree: UN documents first, press last;
# within a type, the most recently published.
SOURCE_TYPE_RANK = {"un_document": 0, "dataset": 1, "un_web": 2, "ngo_web": 3, "document_copy": 4, "press": 5}
# What makes two facts the same quantity: subjects compared with case, accents and spacing
# folded (two spellings of one body are one body); a figure for part of an area (scope) or
# part of a year is another quantity.
QUANTITY_KEY = ["indicator", "subject_key", "region", "scope_key", "part_year_key", "sex_age", "unit", "status"]
CONFLICT_KEY = [*QUANTITY_KEY[:2], "region", "year", "sex_age", "unit", "status"]  # kept for callers
KINDS = ("value", "undated", "meaning")
# The columns that decide what conflicts and which fact a chart prefers.
_DECIDING = ["indicator", "subject", "region", "scope", "part_year", "sex_age", "unit", "status", "year", "value"]
_DECIDING += ["published", "source_id", "source_type", "fact_id"]


def _keyed(view: pd.DataFrame) -> pd.DataFrame:
    from wps_data.contract.meaning import fold

    scope = view["scope"] if "scope" in view else pd.Series("", index=view.index)
    part = view["part_year"] if "part_year" in view else pd.Series(False, index=view.index)
    subjects = view["subject"]
    scopes = scope.fillna("").astype(str)
    return view.assign(  # folded once per distinct text, not once per fact
        subject_key=map_values(subjects, {s: fold(s) for s in subjects.dropna().unique()}),
        scope_key=map_values(scopes, {s: fold(s) for s in scopes.unique()}),
        part_year_key=part.fillna(False).astype(bool),
    )


def _key_text(frame: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """'|'.join(str(k) for k in key) for every row: what a group's key reads as, computed per distinct value."""
    parts = []
    for c in columns:
        col = frame[c].astype(object)
        parts.append(map_values(col, {v: str(v) for v in col.dropna().unique()}).fillna("nan").astype(str))
    out = parts[0]
    for part in parts[1:]:
        out = out + "|" + part
    return out


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
    ``chosen`` (the row charts use, see ``prefer``), ``why_type`` and ``why_tie``; the
    conflicts in order of their quantity, a quantity's dated ones by year and then its
    undated ones, then every ``meaning`` conflict.

    Vectorised: groups are found by ``groupby``/``merge`` and preferences by
    ``preferences``, with no Python call per group (the dataset at 1000x has about 17,000 of them).
    """
    # Only the columns that decide; the view's other columns (quotes, titles) are taken once, at the end.
    keyed = _keyed(view[[c for c in _DECIDING if c in view.columns]]).reset_index(drop=True)
    keyed["_row"] = range(len(keyed))
    # Each quantity as a number, and its key's text made once per quantity (not once per fact).
    quantity = keyed.groupby(QUANTITY_KEY, dropna=False, sort=False).ngroup().to_numpy()
    _, first_of = np.unique(quantity, return_index=True)
    qtext = _key_text(keyed.iloc[first_of], QUANTITY_KEY).to_numpy(dtype=object)[quantity]
    keyed["_qc"] = quantity
    dated = keyed["year"].notna().to_numpy()
    parts: list[pd.DataFrame] = []

    # value: same quantity and year, more than one value
    d = keyed[dated]
    if not d.empty:
        distinct = d["value"].groupby([d["_qc"], d["year"]], sort=False).transform("nunique")
        hit = d[distinct > 1]
        cid = pd.Series(qtext[hit.index], index=hit.index) + "|" + hit["year"].astype("Int64").astype(str)
        parts.append(hit.assign(conflict_id=cid, kind="value", _sub=0))

    # undated: an undated figure against another source's dated one of its publication year or the year before
    published = keyed["published"]
    pub = map_values(published, {p: str(p or "")[:4] for p in published.dropna().unique()}).fillna("").astype(str)
    undated = keyed[~dated & pub.str.isdigit().to_numpy()]
    undated = undated.assign(_pub=pub[undated.index].astype(int))
    if not undated.empty and dated.any():
        others = keyed[dated][["_qc", "_row", "year", "source_id", "value"]]
        pairs = undated[["_qc", "_row", "_pub", "source_id", "value"]].merge(others, on="_qc", suffixes=("", "_o"))
        pairs = pairs[
            pairs["year"].astype(float).between(pairs["_pub"] - 1, pairs["_pub"])
            & pairs["source_id_o"].ne(pairs["source_id"])
            & pairs["value_o"].ne(pairs["value"])
        ]
        if not pairs.empty:
            fid = keyed["fact_id"].astype(str).to_numpy(dtype=object)
            at = pairs["_row"].to_numpy()
            cid = qtext[at] + "|undated|" + fid[at]
            first = pd.DataFrame({"_row": at, "_u": at, "_m": -1, "cid": cid})
            rest = pd.DataFrame(
                {"_row": pairs["_row_o"].to_numpy(), "_u": at, "_m": pairs["_row_o"].to_numpy(), "cid": cid}
            )
            members = pd.concat([first.drop_duplicates("_u"), rest]).sort_values(["_u", "_m"], kind="stable")
            members = members.drop_duplicates(["_u", "_row"])  # a fact once per conflict
            rows = keyed.iloc[members["_row"].to_numpy()].assign(
                conflict_id=members["cid"].to_numpy(), kind="undated", _sub=1, _urow=members["_u"].to_numpy()
            )
            parts.append(rows)

    # meaning: the same value, subject and year told with another status or scope
    same = ["indicator", "subject_key", "year", "sex_age", "unit", "value"]
    if not d.empty:
        told = d.groupby(["status", "scope_key"], dropna=False, sort=False).ngroup()
        ways = told.groupby(d.groupby(same, dropna=False, sort=False).ngroup(), sort=False).transform("nunique")
        hit = d[ways > 1]
        parts.append(hit.assign(conflict_id=_key_text(hit, same) + "|meaning", kind="meaning", _sub=2))

    cols = {"conflict_id": str, "chosen": bool, "why_type": str, "why_tie": str, "kind": str}
    parts = [p for p in parts if not p.empty]
    if not parts:
        return view.iloc[0:0].assign(**{c: pd.Series(dtype=t) for c, t in cols.items()})
    res = pd.concat(parts, ignore_index=True)
    res["_cid"] = pd.factorize(res["conflict_id"])[0]  # grouped by a number, not by its text
    why = preferences(res, ["_cid"])
    res = res.merge(why, on="_cid", how="left")
    res["chosen"] = res["fact_id"].astype(str).eq(res["_chosen"])
    res = _in_reading_order(res, same)
    whole = view.iloc[res["_row"].to_numpy()].reset_index(drop=True)
    return whole.assign(**{c: res[c].to_numpy() for c in cols})


def _in_reading_order(res: pd.DataFrame, same: list[str]) -> pd.DataFrame:
    """Quantities in key order; within one, dated conflicts by year, then undated ones by row; then 'meaning'.

    Within a conflict, its facts keep the view's order (an undated conflict starts with its undated figure).
    The quantities are put in key order once each (``_qc``, one number per quantity), not row by row.
    """
    urow = res["_urow"] if "_urow" in res else pd.Series(-1, index=res.index)
    undated = res["_sub"].eq(1)
    res = res.assign(
        _y=res["year"].astype(float).where(~undated, 0.0),
        _u=urow.fillna(-1).where(undated, -1),
        _m=res["_row"].where(~undated | res["_row"].ne(urow), -1),
    )
    is_meaning = res["_sub"].eq(2)
    first = res[~is_meaning]
    quantities = first.drop_duplicates("_qc").sort_values(QUANTITY_KEY, na_position="last", kind="stable")
    rank = pd.Series(np.arange(len(quantities)), index=quantities["_qc"].to_numpy())
    first = first.assign(_qr=rank.reindex(first["_qc"].to_numpy()).to_numpy())
    first = first.sort_values(["_qr", "_sub", "_y", "_u", "_m"], na_position="last", kind="stable")
    second = res[is_meaning].sort_values([*same, "_row"], na_position="last", kind="stable")
    return pd.concat([first, second], ignore_index=True).drop(columns=["_y", "_u", "_m", "_qr"], errors="ignore")


def rounding_only(values: list[float]) -> bool:
    """True when every value rounds to the same number at the precision of the least precise one."""
    decimals = min(decimal_places(v) for v in values)
    return len({round(v, decimals) for v in values}) == 1


def prefer(group: pd.DataFrame) -> tuple[str, str, str]:
    """The fact a chart shows when facts disagree: (fact_id, why, what broke a tie of source types).

    Where the values differ only by rounding (29 and 28.57), the most precise wins and
    ``why`` is ``"precise"``: a rounded figure never replaces the exact one it rounds.
    Otherwise the best source type wins (``why`` is that type), then the most recent. The
    third item says what chose among facts of the best type: ``""`` (one had it),
    ``"recent"`` (the latest publication) or ``"order"`` (the same publication date too:
    the first fact id, an order that carries no meaning; the reason says so).
    """
    g = group.assign(
        _rank=group["source_type"].map(SOURCE_TYPE_RANK).fillna(9),
        _pub=group["published"].fillna(""),
        _dec=[-decimal_places(float(v)) for v in group["value"]],
    )
    values = [float(v) for v in group["value"].dropna()]
    if len(set(values)) > 1 and rounding_only(values):
        g = g.sort_values(["_dec", "_rank", "_pub", "fact_id"], ascending=[True, True, False, True])
        return str(g.iloc[0]["fact_id"]), "precise", ""
    g = g.sort_values(["_rank", "_pub", "fact_id"], ascending=[True, False, True])
    top = g.iloc[0]
    same_rank = g["_rank"] == top["_rank"]
    if int(same_rank.sum()) == 1:
        return str(top["fact_id"]), str(top["source_type"]), ""
    same_date = int((same_rank & (g["_pub"] == top["_pub"])).sum()) > 1
    return str(top["fact_id"]), str(top["source_type"]), "order" if same_date else "recent"


def preferred_ids(rows: pd.DataFrame, by: Sequence[str]) -> pd.Series:
    """The fact ``prefer`` picks in every group of ``rows`` by ``by`` (missing keys form groups), at once."""
    if rows.empty:
        return pd.Series([], dtype=object)
    return preferences(rows, by)["_chosen"].reset_index(drop=True)


def preferences(rows: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """``prefer`` for every group of ``rows`` by ``by``, at once: the keys, ``_chosen``, ``why_type``, ``why_tie``.

    The same choice as calling ``prefer`` group by group, without a Python call per group:
    each row's source rank, publication date and decimals are computed once per distinct
    value, the rounding test per group by ``groupby``, and one sort puts each group's
    preferred fact first. A fact alone in its group is its group's choice.
    """
    keys = list(by)
    kcols = [f"_k{i}" for i in range(len(keys))]
    if rows.empty:
        return pd.DataFrame(columns=[*keys, "_chosen", "why_type", "why_tie"])
    values = rows["value"].astype(float)
    group = rows.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
    decimals, precise = _rounding(values.to_numpy(), group)
    g = pd.DataFrame(
        {
            **{k: rows[c].to_numpy() for k, c in zip(kcols, keys, strict=True)},
            "_id": rows["fact_id"].astype(str).to_numpy(),
            "_v": values.to_numpy(),
            "_dec": decimals,
            "_rank": map_values(rows["source_type"], SOURCE_TYPE_RANK).astype(float).fillna(9).to_numpy(),
            "_type": rows["source_type"].astype(object).to_numpy(),
            "_pub": rows["published"].fillna("").astype(str).to_numpy(),
        }
    )
    g["_precise"] = precise[group]  # values that differ only by rounding: the most precise wins
    g["_first"] = (-g["_dec"].fillna(0)).where(g["_precise"], 0)
    ascending = [True] * len(kcols) + [True, True, False, True]  # the most recent publication first
    order = g.sort_values([*kcols, "_first", "_rank", "_pub", "_id"], ascending=ascending)
    top = order.drop_duplicates(kcols, keep="first")
    in_group = order.groupby(kcols, dropna=False, sort=False)
    best = order["_rank"] == in_group["_rank"].transform("first")
    best_date = best & (order["_pub"] == in_group["_pub"].transform("first"))
    keyed_by = [order[k] for k in kcols]
    ties = best.groupby(keyed_by, dropna=False, sort=False).sum()
    date_ties = best_date.groupby(keyed_by, dropna=False, sort=False).sum()
    out = top[[*kcols, "_id", "_type", "_precise"]].rename(columns=dict(zip(kcols, keys, strict=True)))
    at_top = pd.MultiIndex.from_frame(top[kcols]) if len(kcols) > 1 else top[kcols[0]]
    tie, date_tie = ties.reindex(at_top).to_numpy(), date_ties.reindex(at_top).to_numpy()
    return pd.DataFrame(
        {
            **{k: out[k].to_numpy() for k in keys},
            "_chosen": out["_id"].to_numpy(),
            "why_type": ["precise" if p else str(t) for p, t in zip(out["_precise"], out["_type"], strict=True)],
            "why_tie": [
                "" if p or n < 2 else ("order" if d > 1 else "recent")
                for p, n, d in zip(out["_precise"], tie, date_tie, strict=True)
            ],
        }
    )


def decimal_places(v: float) -> int:
    """Decimals a value is written with (28.57 -> 2, 9.5 -> 1, 30 -> 0), up to 6."""
    text = f"{v:.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def conflict_summary(conf: pd.DataFrame) -> pd.DataFrame:
    """One row per conflict: its subject, region, year, the values, and whether they differ only by rounding.

    'Rounding only' means the values differ and every one rounds to the same number at the
    precision of the least precise value (9.5 and 9.52 at one decimal); anything else is a
    real disagreement. One figure told two ways (a ``meaning`` conflict: the same value) does
    not differ at all, so it is not a rounding difference either.

    Conflicts in order of first appearance; the subject, region, year, unit and kind of each
    are those of its first row. Vectorised: no Python call per conflict (the dataset at
    1000x has about 17,000 of them).
    """
    columns = ["conflict_id", "label", "subject", "region", "year", "values", "unit", "rounding_only", "kind"]
    if conf.empty:
        return pd.DataFrame(columns=columns)
    codes, ids = pd.factorize(conf["conflict_id"], sort=False)
    values = conf["value"].astype(float).to_numpy()
    order = np.argsort(codes, kind="stable")
    bounds = np.cumsum(np.bincount(codes, minlength=len(ids)))[:-1]
    first = conf.iloc[order[np.r_[0, bounds]]]  # each conflict's first row, in the order of ``ids``
    years = first["year"]
    return pd.DataFrame(
        {
            "conflict_id": ids,
            "label": first["label"].to_numpy(),
            "subject": first["subject"].to_numpy(),
            "region": first["region"].to_numpy(),
            "year": [None if pd.isna(y) else int(y) for y in years],
            "values": [part.tolist() for part in np.split(values[order], bounds)],
            "unit": first["unit"].to_numpy(),
            "rounding_only": _rounding(values, codes)[1],
            "kind": first["kind"].to_numpy() if "kind" in conf else "value",
        }
    )


def _rounding(values: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each value's decimals, and per group of ``codes`` (0..n-1) whether its values differ only by rounding.

    ``rounding_only`` for every group at once: the values differ, and round alike at the
    decimals of the least precise one. Decimals and roundings are computed once per distinct value.
    """
    v = pd.Series(values)
    decimals = map_values(v, {x: decimal_places(x) for x in v.dropna().unique()}).astype(float)
    least = decimals.groupby(codes).transform("min")  # the precision of the least precise value
    pairs = pd.DataFrame({"v": v, "d": least}).dropna().drop_duplicates()
    rounded = {(x, d): round(x, int(d)) for x, d in zip(pairs["v"], pairs["d"], strict=True)}
    r = pd.Series([rounded.get((x, d), x) for x, d in zip(v, least, strict=True)])
    differ = v.groupby(codes).nunique() > 1
    alike = r.groupby(codes).nunique() == 1
    return decimals.to_numpy(), (differ & alike).to_numpy()


# What ``prefer`` reads of a row.
_CHOOSING = ["fact_id", "value", "source_type", "published"]
# What makes two facts the same figure: another source giving it again, with the same meaning and value.
SAME_FIGURE = ["region", "year", "indicator", "subject", "scope", "sex_age", "status", "unit", "value"]


def one_per_figure(
    rows: pd.DataFrame, limit: int | None = None
) -> tuple[pd.DataFrame, list[tuple[pd.Series, pd.DataFrame]], int]:
    """``rows`` with one row per figure (``SAME_FIGURE``): where several sources give the same
    figure, the one ``prefer`` picks (UN documents first, press last); for the first ``limit``
    such figures, (the row kept, the rows left out); and how many such figures there are.
    Vectorised: one pass to group and choose, then only the figures asked for are split out.
    """
    if rows.empty:
        return rows, [], 0
    group = rows.groupby(SAME_FIGURE, dropna=False, sort=False).ngroup().to_numpy()
    counts = pd.Series(group).map(pd.Series(group).value_counts()).to_numpy()
    if not (counts > 1).any():
        return rows, [], 0
    chosen = preferred_ids(pd.DataFrame({c: rows[c].to_numpy() for c in _CHOOSING}).assign(_g=group), ["_g"])
    is_chosen = rows["fact_id"].isin(chosen).to_numpy()
    figures = pd.unique(group[counts > 1])  # the figures given more than once, in order of appearance
    repeated = []
    for g in figures if limit is None else figures[:limit]:  # only these are split out
        at = np.flatnonzero(group == g)
        part, kept = rows.iloc[at], is_chosen[at]
        repeated.append((part[kept].iloc[0], part[~kept]))
    return rows[is_chosen], repeated, len(figures)
