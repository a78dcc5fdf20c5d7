"""The regional map chart and the choices it offers (indicator x year with regional figures).

Layer: charts. Imports the dataset, filters, analysis, i18n and viz; never streamlit.
"""

from __future__ import annotations

import pandas as pd

from wps_data import analysis as mx
from wps_data import viz as fg
from wps_data.charts.registry import (
    ChartResult,
    Filters,
    caveats,
    chart,
    empty,
    subtitle,
)
from wps_data.contract.regions import INSIDE, MAP_SHAPE, REGIONS
from wps_data.dataset import Dataset
from wps_data.i18n import fmt_value, t, words


def _regional(ds: Dataset) -> pd.DataFrame:
    """Figures for a whole region: a figure for a town or village in it (scope) does not colour the region.

    Once per dataset (read-only): the map's options, its choices in each language and its chart all start here.
    """
    return ds.derived("map.regional", _whole_regions)


def _whole_regions(ds: Dataset) -> pd.DataFrame:
    v = ds.view
    whole = v["scope"].isna() | v["scope"].astype(str).str.strip().eq("")
    return v[v["region"].isin(REGIONS) & whole & ~v["part_year"].astype(bool)]


def who_counted(rows: pd.DataFrame) -> str:
    """The sex/age group a map shows: everyone ('total') where any region has it, else the most common group."""
    groups = rows["sex_age"].value_counts()
    return "total" if "total" in groups.index else str(groups.index[0])


def map_options(ds: Dataset) -> pd.DataFrame:
    """Indicator x year combinations that have whole-region figures for at least one region (once per dataset)."""
    return ds.derived("map.options", _options)


def _options(ds: Dataset) -> pd.DataFrame:
    v = _regional(ds)
    return (
        v.assign(y=v["year"].astype("Int64"))
        .groupby(["indicator", "label", "y"], dropna=False)
        .size()
        .rename("regions")
        .reset_index()
    )


def map_values(ds: Dataset, indicator: str, year: int | None, lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows for one indicator and year by region, and the per-polygon values to draw.

    A polygon's ``label`` is plotly text: each region's line escaped (``viz.plain``), joined by ``<br>``.

    One sex/age group only (see ``who_counted``): a region's women and its total are
    never drawn as if they were the same quantity.
    """
    v = _regional(ds)
    v = v[v["indicator"].eq(indicator)]
    v = v[v["year"].eq(year)] if year is not None else v[v["year"].isna()]
    if not v.empty:
        v = v[v["sex_age"].eq(who_counted(v))]
    rows = mx.resolve_series(v, by=["region"]) if not v.empty else v
    polys = []
    for shape, grp in rows.groupby(rows["region"].map(MAP_SHAPE)):
        parts = [
            fg.plain(
                words.label_value(r.region, fmt_value(r.value, r.unit, lang), lang)
                + (f" ({t('map.inside', lang, parent=INSIDE[r.region])})" if r.region in INSIDE else "")
            )
            for r in grp.itertuples()
        ]
        own = grp[~grp["region"].isin(INSIDE)]
        value = own["value"].iloc[0] if not own.empty else None
        polys.append({"map_shape": shape, "value": value, "label": "<br>".join(parts)})
    return rows, pd.DataFrame(polys, columns=["map_shape", "value", "label"])


def default_map_choice(ds: Dataset) -> tuple[str, int | None]:
    """The indicator and year with the most regions: the map's opening view."""
    opts = map_options(ds).sort_values(["regions", "y"], ascending=[False, False])
    top = opts.iloc[0]
    return str(top["indicator"]), (None if pd.isna(top["y"]) else int(top["y"]))


@chart("map-regional")
def map_regional(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Regional figures on the 2015 region map; regions without a figure say 'no data'."""
    from wps_data.paths import geo_file  # the map file is only needed by this chart

    ind, year = default_map_choice(ds)
    if f.get("indicator"):  # another indicator: its own latest year unless the view names one
        ind = f["indicator"]
        years = map_options(ds).query("indicator == @ind")["y"]
        year = int(years.max()) if years.notna().any() else None
    chosen = f.get("year", year)
    year = None if chosen == mx.UNDATED else (int(chosen) if chosen is not None else None)
    rows, polys = map_values(ds, ind, year, lang)
    label = words.indicator_label(ind, ds.indicators.set_index("indicator")["label"].get(ind, ind), lang)
    if rows.empty:
        return empty("map-regional", lang, t("map.title_empty", lang, label=label, y=year or "-"))
    unit = rows["unit"].iloc[0]
    inside = sorted(set(rows["region"]) & set(INSIDE))
    who = who_counted(rows)
    title = t(
        "map.title",
        lang,
        label=label if who == "total" else t("map.who", lang, label=label, who=t(f"sex.{who}", lang).lower()),
        y=year if year is not None else t("map.undated", lang),
        n=rows["region"].nunique(),
    )
    sub = subtitle(lang, unit, rows) + (
        t(
            "map.inside_note",
            lang,
            regions=", ".join(f"{r} ({t('map.inside', lang, parent=INSIDE[r])})" for r in inside),
        )
        if inside
        else ""
    )
    fig = fg.region_map(polys, fg.load_geojson(geo_file()), title=title, subtitle=sub, unit=unit, lang=lang)
    top = rows.loc[rows["value"].idxmax()]
    take = t(
        "map.takeaway",
        lang,
        label=label,
        region=top["region"],
        v=fmt_value(top["value"], unit, lang),
        n=rows["region"].nunique(),
    )
    return ChartResult("map-regional", title, sub, fig, rows, take, caveats(ds, rows, lang))


def map_choices(ds: Dataset, undated: str, lang: str = "en") -> tuple[dict[str, str], dict[str, list[str]]]:
    """Indicator label (in ``lang``) -> key, and for each key its years as text (latest first; undated last)."""
    opts = map_options(ds)
    labels = [words.indicator_label(i, lbl, lang) for i, lbl in zip(opts["indicator"], opts["label"], strict=True)]
    by_label = dict(zip(labels, opts["indicator"], strict=False))
    years: dict[str, list[str]] = {}
    for ind, grp in opts.groupby("indicator"):
        dated = sorted({int(y) for y in grp["y"] if pd.notna(y)}, reverse=True)
        years[str(ind)] = [str(y) for y in dated] + ([undated] if grp["y"].isna().any() else [])
    return by_label, years
