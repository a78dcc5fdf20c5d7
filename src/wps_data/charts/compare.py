"""Regions side by side: one regional indicator, two or more regions, every year a figure exists.

The map shows one year; this chart shows the chosen regions (all that have figures when none is
chosen) as grouped bars, one bar per year, for the indicator the map shows. One sex/age group and
one kind of figure only, as on the map: a region's verified count is never drawn beside another's
reported count as if they measured the same thing (the other kinds are named in the caveats).

Layer: charts. Imports the dataset, filters, analysis, i18n and viz; never streamlit.
"""

from __future__ import annotations

import pandas as pd

from wps_data import analysis as mx
from wps_data import viz as fg
from wps_data.charts.regional_map import _regional, default_map_choice, who_counted
from wps_data.charts.registry import ChartResult, Filters, caveats, chart, empty, subtitle
from wps_data.contract.regions import REGIONS
from wps_data.dataset import Dataset
from wps_data.i18n import fmt_value, t, words


@chart("map-compare")
def map_compare(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """The map's indicator in the chosen regions, every year, as grouped bars."""
    ind = f.get("indicator") or default_map_choice(ds)[0]
    label = words.indicator_label(ind, ds.indicators.set_index("indicator")["label"].get(ind, ind), lang)
    v = _regional(ds)
    v = v[v["indicator"].eq(ind)]
    chosen = f.get("regions")
    if chosen:
        v = v[v["region"].isin(chosen)]
    title = t("map-compare.title", lang, label=label)
    if v.empty:
        return empty("map-compare", lang, title)
    v = v[v["sex_age"].eq(who_counted(v))]
    status = v["status"].value_counts().index[0]
    others = sorted(set(v["status"]) - {status})
    v = v[v["status"].eq(status)]
    rows = mx.resolve_series(v, by=["region", "year"])
    order = {r: i for i, r in enumerate(REGIONS)}
    rows = rows.assign(
        _o=rows["region"].map(order), _y=rows["year"].fillna(0), period_label=_year_labels(rows["year"], lang)
    )
    rows = rows.sort_values(["_y", "_o"], kind="stable").drop(columns=["_o", "_y"])
    unit = rows["unit"].iloc[0]
    n = rows["region"].nunique()
    sub = subtitle(lang, unit, rows)
    fig = fg.bars(rows, x="region", y="value", color="period_label", title=title, subtitle=sub, lang=lang)
    top = rows.loc[rows["value"].idxmax()]
    take = t(
        "map-compare.takeaway" if n > 1 else "map-compare.takeaway_one",
        lang,
        n=n,
        region=top["region"],
        v=fmt_value(top["value"], unit, lang),
        year=top["period_label"],
    )
    notes = caveats(ds, rows, lang)
    if others:
        notes.append(
            t(
                "map-compare.other_kinds",
                lang,
                shown=t(f"status.{status}", lang),
                others=", ".join(t(f"status.{s}", lang) for s in others),
            )
        )
    if n < 2:
        notes.append(t("map-compare.one_region" if not chosen else "map-compare.one_chosen", lang))
    return ChartResult("map-compare", title, sub, fig, rows.drop(columns="period_label"), take, notes)


def _year_labels(years: pd.Series, lang: str) -> list[str]:
    """'2022', or 'no reference year' for an undated figure."""
    return [t("map.undated", lang) if pd.isna(y) else str(int(y)) for y in years]
