"""Humanitarian charts: people in need and targeted, appeals and funding, displacement, schools, gender gaps.

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
    chart_rows,
    empty,
    shown,
    subtitle,
)
from wps_data.dataset import Dataset
from wps_data.i18n import fmt_plain, fmt_value, t, words


@chart("hum-needs-trend")
def hum_needs(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """People in need and people targeted by year."""
    rows = mx.resolve_series(chart_rows(ds, "hum-needs-trend", f))
    pin = rows[rows["series"].eq("people-in-need")].sort_values("year")
    if pin.empty:
        return empty("hum-needs-trend", lang, t("hum-needs-trend.title_empty", lang))
    first, last = pin.iloc[0], pin.iloc[-1]
    title = t(
        "hum-needs-trend.title",
        lang,
        v0=fmt_value(first["value"], "persons", lang),
        y0=int(first["year"]),
        v1=fmt_value(last["value"], "persons", lang),
        y1=int(last["year"]),
    )
    sub = subtitle(lang, "persons", rows)
    fig = fg.lines_by_year(
        mx.with_gaps(shown(rows, lang)), title=title, subtitle=sub, y_title=t("unit.persons", lang), lang=lang
    )
    take = t(
        "hum-needs-trend.takeaway",
        lang,
        v0=fmt_value(first["value"], "persons", lang),
        y0=int(first["year"]),
        v1=fmt_value(last["value"], "persons", lang),
        y1=int(last["year"]),
    )
    return ChartResult("hum-needs-trend", title, sub, fig, rows, take, caveats(ds, rows, lang))


@chart("hum-appeal")
def hum_appeal(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Funds requested and received by year, with year-end coverage where a source states it.

    Requested and received are separate bars, never added; coverage is the source's own
    percentage, not computed here.
    """
    v = chart_rows(ds, "hum-appeal", f)
    rows = mx.resolve_series(v[~v["series"].eq("appeal-coverage")], by=["indicator", "year"])
    if rows.empty:
        return empty("hum-appeal", lang, t("hum-appeal.title_empty", lang))
    rows = rows.sort_values(["year", "indicator"]).assign(
        x=lambda d: d["year"].astype(int).astype(str),
        kind=lambda d: [words.indicator_label(i, lbl, lang) for i, lbl in zip(d["indicator"], d["label"], strict=True)],
    )
    coverage = mx.resolve_series(v[v["series"].eq("appeal-coverage")], by=["year"])
    req = rows[rows["indicator"].eq("appeal_requirement")].sort_values("year")
    last = req.iloc[-1]
    title = t("hum-appeal.title", lang, v=fmt_value(last["value"], "usd", lang), y=int(last["year"]))
    plotted = pd.concat([rows, coverage]) if not coverage.empty else rows
    # dated by everything drawn, the coverage labels included (the "as of" line below says the same)
    sub = subtitle(lang, "usd", plotted) + (t("hum-appeal.coverage_note", lang) if not coverage.empty else "")
    fig = fg.bars(
        shown(rows, lang), x="x", y="value", color="kind", title=title, subtitle=sub, y_title="USD", lang=lang
    )
    # On a category axis plotly.js reads x="2019" as the number 2019, not the category: use the index.
    categories = list(dict.fromkeys(rows["x"]))
    for c in coverage.itertuples():
        if str(int(c.year)) not in categories:
            continue
        fig.add_annotation(
            x=categories.index(str(int(c.year))),
            y=1.0,  # the plot's top edge, above the bars' upright value labels
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            font={"size": 12, "color": fg.BLACK},
            text=fg.plain(t("hum-appeal.coverage", lang, v=fmt_plain(c.value, lang))),
        )
    take = t("hum-appeal.takeaway", lang, v=fmt_value(last["value"], "usd", lang), y=int(last["year"]), n=len(req))
    return ChartResult("hum-appeal", title, sub, fig, plotted, take, caveats(ds, plotted, lang))


@chart("hum-idps-trend")
def hum_idps(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Internally displaced persons by year (national totals; one figure per year)."""
    rows = mx.resolve_series(chart_rows(ds, "hum-idps-trend", f))
    if rows.empty:
        return empty("hum-idps-trend", lang, t("hum-idps-trend.title_empty", lang))
    peak = rows.loc[rows["value"].idxmax()]
    last = rows.sort_values("year").iloc[-1]
    title = t(
        "hum-idps-trend.title",
        lang,
        pv=fmt_value(peak["value"], "persons", lang),
        py=int(peak["year"]),
        v=fmt_value(last["value"], "persons", lang),
        y=int(last["year"]),
    )
    sub = subtitle(lang, "persons", rows)
    fig = fg.lines_by_year(
        mx.with_gaps(shown(rows, lang)), title=title, subtitle=sub, y_title=t("unit.persons", lang), lang=lang
    )
    years = set(rows["year"].astype(int))
    missing = [y for y in range(min(years), max(years) + 1) if y not in years]
    take = t(
        "hum-idps-trend.takeaway" if missing else "hum-idps-trend.takeaway_full",  # never "no figure for -"
        lang,
        pv=fmt_value(peak["value"], "persons", lang),
        py=int(peak["year"]),
        v=fmt_value(last["value"], "persons", lang),
        y=int(last["year"]),
        missing=", ".join(map(str, missing)),
        lo=min(years),
    )
    return ChartResult("hum-idps-trend", title, sub, fig, rows, take, caveats(ds, rows, lang))


@chart("hum-schools")
def hum_schools(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Share of schools closed by region (UN Women update, footnote 2)."""
    rows = chart_rows(ds, "hum-schools", f)
    if rows.empty:
        return empty("hum-schools", lang, t("hum-schools.title_empty", lang))
    # One bar per region: its latest figure (the preferred source where two disagree).
    rows = mx.latest(mx.resolve_series(rows, by=["region", "year"]), by=["region"]).sort_values("value")
    top = rows.iloc[-1]
    title = t("hum-schools.title", lang, v=fmt_plain(top["value"], lang), region=top["region"])
    sub = subtitle(lang, "percent", rows)
    fig = fg.bars(
        shown(rows, lang), x="region", y="value", title=title, subtitle=sub, orientation="h", percent=True, lang=lang
    )
    take = t("hum-schools.takeaway", lang, v=fmt_plain(top["value"], lang), region=top["region"])
    return ChartResult("hum-schools", title, sub, fig, rows, take, caveats(ds, rows, lang))


@chart("soc-gender-gaps")
def soc_gaps(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Women and men (girls and boys) side by side on literacy, work and school."""
    rows = chart_rows(ds, "soc-gender-gaps", f)
    if rows.empty:
        return empty("soc-gender-gaps", lang, t("soc-gender-gaps.title_empty", lang))
    # One bar per measure and sex: the latest year (the preferred source where two disagree).
    latest = mx.latest(mx.resolve_series(rows, by=["indicator", "sex_age", "year"]), by=["indicator", "sex_age"])
    rows = rows[rows["fact_id"].isin(set(latest["fact_id"]))]  # in the series' own order
    rows = rows.assign(
        who=rows["sex_age"].map(lambda s: t(f"sex.{s}", lang)),
        group=rows["sex_age"].map({"women": "f", "girls": "f", "men": "m", "boys": "m"}),
    )
    lab = rows[rows["indicator"].eq("labour_participation")].set_index("sex_age")["value"]
    title = t(
        "soc-gender-gaps.title",
        lang,
        w=fmt_plain(lab.get("women", float("nan")), lang),
        m=fmt_plain(lab.get("men", float("nan")), lang),
    )
    sub = subtitle(lang, "percent", rows)
    fig = fg.bars(
        shown(rows, lang),
        x="label",
        y="value",
        color="who",
        title=title,
        subtitle=sub,
        percent=True,
        colour_map={
            t("sex.women", lang): fg.BLUE,
            t("sex.girls", lang): fg.SKY,
            t("sex.men", lang): fg.ORANGE,
            t("sex.boys", lang): fg.VERMILLION,
        },
        lang=lang,
    )
    take = t(
        "soc-gender-gaps.takeaway",
        lang,
        w=fmt_plain(lab.get("women", float("nan")), lang),
        m=fmt_plain(lab.get("men", float("nan")), lang),
    )
    return ChartResult("soc-gender-gaps", title, sub, fig, rows, take, caveats(ds, rows, lang))
