"""Violence charts: GBV by year and type, CRSV by kind of count (never added), services, regions, practices.

Layer: charts. Imports the dataset, filters, analysis, i18n and viz; never streamlit.
"""

from __future__ import annotations

import pandas as pd

from wps_data import analysis as mx
from wps_data import viz as fg
from wps_data.charts.registry import (
    ChartResult,
    Filters,
    as_of,
    caveats,
    chart,
    clip,
    empty,
    filter_years,
    sel,
    subtitle,
)
from wps_data.dataset import Dataset
from wps_data.i18n import fmt_plain, fmt_signed, fmt_value, t

GBV_SYSTEMS = ["GBV cases (GBVIMS)", "GBV cases (Ministry)", "GBV cases (national GBV information system)"]


@chart("gbv-trend")
def gbv_trend(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Full-year GBV counts by recording system; the systems are not one series."""
    v = sel(ds.view, f, indicators=["gbv_incidents"])
    rows = v[v["subject"].isin(GBV_SYSTEMS) & v["region"].eq("Mali")].dropna(subset=["year"])
    rows = mx.resolve_series(rows)
    if rows.empty:
        return empty("gbv-trend", lang, t("gbv-trend.title_empty", lang))
    ch = mx.change(rows, by=["subject"])
    last = ch.sort_values("year").iloc[-1]
    title = t(
        "gbv-trend.title", lang, v=fmt_value(last["value"], "cases", lang), y=int(last["year"]), system=last["subject"]
    )
    sub = subtitle(lang, "cases", rows)
    ann = [(2017, t("gbv-trend.coverage_note", lang))] if rows["year"].min() <= 2017 <= rows["year"].max() else []
    fig = fg.lines_by_year(
        mx.with_gaps(rows), title=title, subtitle=sub, y_title=t("unit.cases", lang), annotations=ann, lang=lang
    )
    prev = ch.dropna(subset=["prev_value"])
    if not prev.empty:
        p = prev.sort_values("year").iloc[-1]
        take = t(
            "gbv-trend.takeaway",
            lang,
            v=fmt_value(p["value"], "cases", lang),
            y=int(p["year"]),
            pv=fmt_value(p["prev_value"], "cases", lang),
            py=int(p["prev_year"]),
            pct=fmt_signed(p["change_pct"], lang),
            system=p["subject"],
        )
    else:
        take = t("gbv-trend.takeaway_single", lang, v=fmt_value(last["value"], "cases", lang), y=int(last["year"]))
    derived = ch.dropna(subset=["prev_value"])[
        ["subject", "years_compared", "prev_value", "value", "change_abs", "change_pct", "fact_id"]
    ]
    derived = derived.assign(derivation=t("gbv-trend.derivation", lang))
    return ChartResult("gbv-trend", title, sub, fig, rows, take, caveats(ds, rows), derived)


@chart("gbv-types")
def gbv_types(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Recorded GBV incidents by type (2022)."""
    rows = sel(ds.view, f, indicators=["gbv_type_share"]).dropna(subset=["year"])
    if rows.empty:
        return empty("gbv-types", lang, t("gbv-types.title_empty", lang))
    # One year only: shares from different years do not belong on one axis.
    year = int(rows["year"].max())
    rows = rows[rows["year"].eq(year)].sort_values("value")
    top = rows.iloc[-1]
    title = t("gbv-types.title", lang, v=fmt_plain(top["value"], lang), subject=_short(top["subject"]), y=year)
    sub = subtitle(lang, "percent", rows)
    fig = fg.bars(
        rows.assign(subject=rows["subject"].map(_short)),
        x="subject",
        y="value",
        title=title,
        subtitle=sub,
        orientation="h",
        percent=True,
        lang=lang,
    )
    take = t("gbv-types.takeaway", lang, v=fmt_plain(top["value"], lang), subject=_short(top["subject"]), y=year)
    return ChartResult("gbv-types", title, sub, fig, rows, take, caveats(ds, rows))


def _short(subject: str) -> str:
    head = subject.split(" (share")[0]
    return head + " (base ambiguous: see note)" if "ambiguous" in subject else head


CRSV_MEASURES = {
    "CRSV cases verified by MINUSMA": "verified",
    "CRSV cases registered by humanitarian service providers": "reported",
}


@chart("crsv-verified-vs-registered")
def crsv_compare(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """2022: cases verified by the UN and cases registered by service providers, side by side."""
    v = sel(ds.view, f, indicators=["crsv_cases"])
    rows = v[v["subject"].isin(CRSV_MEASURES) & v["sex_age"].isin(["women", "girls"])]
    # The latest year in which both measures exist: the comparison is within one year.
    both = rows.groupby("year")["subject"].nunique()
    rows = rows[rows["year"].eq(both[both == len(CRSV_MEASURES)].index.max())] if (both == 2).any() else rows.iloc[0:0]
    if rows.empty:
        return empty("crsv-verified-vs-registered", lang, t("crsv-compare.title_empty", lang))
    rows = rows.assign(
        measure=rows["subject"].map(lambda s: t(f"crsv.measure.{CRSV_MEASURES[s]}", lang)),
        who=rows["sex_age"].map(lambda s: t(f"sex.{s}", lang)),
    )
    get = {(r.subject, r.sex_age): r.value for r in rows.itertuples()}
    vw = get.get(("CRSV cases verified by MINUSMA", "women"))
    rw = get.get(("CRSV cases registered by humanitarian service providers", "women"))
    y = int(rows["year"].max())
    title = t("crsv-compare.title", lang, y=y)
    sub = t("crsv-compare.subtitle", lang, as_of=as_of(rows, lang))
    fig = fg.bars(
        rows,
        x="measure",
        y="value",
        color="who",
        title=title,
        subtitle=sub,
        colour_map={t("sex.women", lang): fg.BLUE, t("sex.girls", lang): fg.ORANGE},
        y_title=t("unit.cases", lang),
        lang=lang,
    )
    take = t(
        "crsv-compare.takeaway",
        lang,
        y=y,
        vw=fmt_value(vw, "cases", lang) if vw is not None else "?",
        rw=fmt_value(rw, "cases", lang) if rw is not None else "?",
    )
    return ChartResult("crsv-verified-vs-registered", title, sub, fig, rows, take, caveats(ds, rows))


@chart("crsv-by-year")
def crsv_by_year(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """CRSV totals per year, one marker per figure; colour = kind of count (verified, reported, documented)."""
    v = sel(ds.view, f, indicators=["crsv_cases"])
    totals = v[
        v["sex_age"].isin(["total", "women_and_girls"])
        & v["region"].eq("Mali")
        & ~v["subject"].str.contains(r":|attributed|Moura|children", regex=True)
    ].dropna(subset=["year"])
    rows = mx.resolve_series(totals, by=["status", "year", "subject"])
    if rows.empty:
        return empty("crsv-by-year", lang, t("crsv-by-year.title_empty", lang))
    rows = rows.sort_values(["year", "status"]).assign(
        kind=lambda d: d["status"].map(lambda s: t(f"status.{s}", lang)),
        series=lambda d: d["subject"].map(lambda s: clip(s, 70)),
    )
    years_with = sorted(rows["year"].astype(int).unique())
    lo, hi = years_with[0], years_with[-1]
    missing = [y for y in range(lo, hi + 1) if y not in years_with]
    title = t("crsv-by-year.title", lang, n=len(years_with), lo=lo, hi=hi)
    sub = t("crsv-by-year.subtitle", lang, missing=", ".join(map(str, missing)) or "-")
    fig = fg.dots_by_year(
        rows,
        colour="kind",
        symbol="series",
        title=title,
        subtitle=sub,
        colour_map={t(f"status.{s}", lang): fg.STATUS_COLOURS[s] for s in fg.STATUS_COLOURS},
        y_title=t("unit.cases", lang),
        lang=lang,
    )
    take = t(
        "crsv-by-year.takeaway", lang, n=len(years_with), lo=lo, hi=hi, missing=", ".join(map(str, missing)) or "-"
    )
    return ChartResult("crsv-by-year", title, sub, fig, rows, take, caveats(ds, rows))


@chart("crsv-services")
def crsv_services(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Survivors' access to shelter and medical care."""
    rows = sel(ds.view, f, indicators=["crsv_survivors_no_shelter", "crsv_survivors_no_medical"])
    if rows.empty:
        return empty("crsv-services", lang, t("crsv-services.title_empty", lang))
    sh = rows[rows["indicator"].eq("crsv_survivors_no_shelter")]["value"].max()
    md = rows[rows["indicator"].eq("crsv_survivors_no_medical")]["value"].max()
    title = t("crsv-services.title", lang, sh=fmt_plain(sh, lang), md=fmt_plain(md, lang))
    sub = subtitle(lang, "percent", rows)
    fig = fg.bars(
        rows.assign(label=rows["label"]),
        x="label",
        y="value",
        title=title,
        subtitle=sub,
        orientation="h",
        percent=True,
        lang=lang,
    )
    fig.update_xaxes(range=[0, 115])
    take = t("crsv-services.takeaway", lang, sh=fmt_plain(sh, lang), md=fmt_plain(md, lang))
    return ChartResult("crsv-services", title, sub, fig, rows, take, caveats(ds, rows))


@chart("violence-regions")
def violence_regions(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Every GBV/CRSV count a source gives for a region, national figures kept apart."""
    v = mx.filter_facts(ds.view, themes=["gbv", "crsv"], years=filter_years(f), statuses=f.get("statuses") or None)
    counts = v["unit"].isin(["cases", "incidents", "persons", "count"])
    rows = v[~v["region"].isin(["Mali", "UN peacekeeping"]) & counts]
    if f.get("regions"):
        rows = rows[rows["region"].isin(f["regions"])]
    if rows.empty:
        return empty("violence-regions", lang, t("violence-regions.title_empty", lang))
    rows = rows.assign(
        label=[
            clip(f"{r} {'' if pd.isna(y) else int(y)}: {s}", 62)
            for r, y, s in zip(rows["region"], rows["year"], rows["subject"], strict=True)
        ]
    ).sort_values(["region", "year"], ascending=[False, True])
    title = t("violence-regions.title", lang, n=len(rows), k=rows["region"].nunique())
    sub = t("violence-regions.subtitle", lang, as_of=as_of(rows, lang))
    # One figure per label: overlay, or grouped mode would offset each region's bar in its slot.
    fig = fg.bars(
        rows,
        x="label",
        y="value",
        color="region",
        title=title,
        subtitle=sub,
        orientation="h",
        barmode="overlay",
        lang=lang,
    )
    fig.update_xaxes(type="log", range=None, title=t("violence-regions.axis", lang))
    fig.update_layout(showlegend=False)
    take = t("violence-regions.takeaway", lang, n=len(rows), regions=", ".join(sorted(rows["region"].unique())))
    return ChartResult("violence-regions", title, sub, fig, rows, take, caveats(ds, rows))


@chart("harmful-practices")
def harmful_practices(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """FGM, child marriage and attitudes to wife-beating (survey figures)."""
    rows = sel(ds.view, f, indicators=["fgm_prevalence", "child_marriage", "wife_beating_justified"])
    if rows.empty:
        return empty("harmful-practices", lang, t("harmful-practices.title_empty", lang))
    rows = rows.assign(
        label=[
            f"{s} ({t('sex.' + x, lang)})" if i == "wife_beating_justified" else s
            for s, x, i in zip(rows["subject"], rows["sex_age"], rows["indicator"], strict=True)
        ]
    )
    fgm = rows[rows["indicator"].eq("fgm_prevalence")]["value"].max()
    cm = rows[rows["fact_id"].eq("gbv-child-marriage-before-18")]["value"].max()
    if pd.isna(fgm) or pd.isna(cm):  # a filter left only some of the practices
        title = t("harmful-practices.title_partial", lang, n=len(rows))
    else:
        title = t("harmful-practices.title", lang, fgm=fmt_plain(fgm, lang), cm=fmt_plain(cm, lang))
    sub = subtitle(lang, "percent", rows)
    fig = fg.bars(
        rows.sort_values("value"),
        x="label",
        y="value",
        title=title,
        subtitle=sub,
        orientation="h",
        percent=True,
        lang=lang,
    )
    partial = pd.isna(fgm) or pd.isna(cm)
    take = title if partial else t("harmful-practices.takeaway", lang, fgm=fmt_plain(fgm, lang), cm=fmt_plain(cm, lang))
    return ChartResult("harmful-practices", title, sub, fig, rows, take, caveats(ds, rows))
