"""The chart registry: every chart the dashboard, the CLI and the briefing deck can draw.

A chart is a pure function of the dataset and a filter dict. It returns the rows it
plots (each a fact with its source), the figure, a title that states the finding,
and a one-sentence takeaway computed from those rows. Nothing here is hand-written
prose about the data: every number in a title or takeaway is read from the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from wps_data.viz import figures as fg
from wps_data.analysis import metrics as mx
from wps_data.viz.figures import fmt_value
from wps_data.i18n import t
from wps_data.dataset import Dataset
from wps_data.contract.regions import INSIDE, MAP_SHAPE, REGIONS

Filters = dict[str, Any]


@dataclass
class ChartResult:
    """What a chart shows and where every number in it comes from."""

    chart_id: str
    title: str
    subtitle: str
    figure: go.Figure
    rows: pd.DataFrame  # the facts plotted, with source columns
    takeaway: str
    caveats: list[str] = field(default_factory=list)
    derived: pd.DataFrame | None = None  # derived numbers, each with its derivation
    empty: bool = False

    @property
    def sources(self) -> pd.DataFrame:
        """One row per source document behind the chart."""
        cols = ["source_id", "title", "publisher", "published", "url", "source_type"]
        if self.rows.empty:
            return pd.DataFrame(columns=cols)
        return self.rows[cols].drop_duplicates("source_id").reset_index(drop=True)

    @property
    def as_of(self) -> str:
        """Reference years and latest publication date of the plotted facts."""
        return mx.as_of(self.rows)


@dataclass(frozen=True)
class Chart:
    """A registered chart: id, page, and the function that draws it."""

    chart_id: str
    page: str
    draw: Callable[[Dataset, Filters, str], ChartResult]


REGISTRY: dict[str, Chart] = {}


def chart(chart_id: str, page: str) -> Callable:
    """Register a draw function under ``chart_id`` for ``page``."""

    def deco(fn: Callable[[Dataset, Filters, str], ChartResult]) -> Callable:
        REGISTRY[chart_id] = Chart(chart_id, page, fn)
        return fn

    return deco


def charts_for(page: str) -> list[Chart]:
    """Charts of a page, in display order."""
    return [c for c in REGISTRY.values() if c.page == page]


def draw(chart_id: str, ds: Dataset, filters: Filters | None = None, lang: str = "en") -> ChartResult:
    """Draw a registered chart; KeyError names the valid ids."""
    if chart_id not in REGISTRY:
        raise KeyError(f"unknown chart {chart_id!r}; valid: {', '.join(REGISTRY)}")
    return REGISTRY[chart_id].draw(ds, filters or {}, lang)


# --- helpers -------------------------------------------------------------------------


def _years(f: Filters) -> tuple[int, int] | None:
    y = f.get("years")
    return (int(y[0]), int(y[1])) if y else None


def _sel(view: pd.DataFrame, f: Filters, **kw: Any) -> pd.DataFrame:
    return mx.filter_facts(
        view, years=_years(f), regions=f.get("regions") or None, statuses=f.get("statuses") or None, **kw
    )


def _caveats(ds: Dataset, rows: pd.DataFrame) -> list[str]:
    if rows.empty:
        return []
    ind = ds.indicators.set_index("indicator")
    out = []
    for key in dict.fromkeys(rows["indicator"]):
        if key in ind.index and isinstance(ind.at[key, "caveat"], str) and ind.at[key, "caveat"]:
            out.append(f"{ind.at[key, 'label']}: {ind.at[key, 'caveat']}")
    return out


def _empty(chart_id: str, lang: str, title: str) -> ChartResult:
    fig = fg.base_layout(go.Figure(), title=title, subtitle=t("chart.no_data", lang))
    fig.add_annotation(
        text=t("chart.no_data_hint", lang), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 15}
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return ChartResult(
        chart_id, title, t("chart.no_data", lang), fig, pd.DataFrame(), t("chart.no_data", lang), empty=True
    )


def _sub(lang: str, unit_key: str, rows: pd.DataFrame) -> str:
    return t("chart.subtitle", lang, unit=t(f"unit.{unit_key}", lang), as_of=mx.as_of(rows))


# --- overview ------------------------------------------------------------------------


@chart("overview-coverage", "overview")
def overview_coverage(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Figures per theme and year: where the dataset is thick and where it has gaps."""
    view = ds.view
    tab = mx.coverage(view)
    dated = view.dropna(subset=["year"])
    busiest = dated.groupby("year").size().idxmax()
    title = t("overview-coverage.title", lang, n=len(view), lo=int(dated["year"].min()), hi=int(dated["year"].max()))
    sub = t("overview-coverage.subtitle", lang, undated=int(view["year"].isna().sum()))
    fig = fg.coverage_heatmap(tab, title=title, subtitle=sub)
    take = t(
        "overview-coverage.takeaway",
        lang,
        n=len(view),
        busiest=int(busiest),
        k=int((dated["year"] == busiest).sum()),
        sources=view["source_id"].nunique(),
    )
    return ChartResult("overview-coverage", title, sub, fig, view, take)


# --- representation ------------------------------------------------------------------


@chart("rep-quota", "representation")
def rep_quota(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Women's share of every body against the 30% quota, grouped by branch."""
    q = mx.quota_table(ds.view, ds.bodies)
    if f.get("branches"):
        q = q[q["branch"].isin(f["branches"])]
    if q.empty:
        return _empty("rep-quota", lang, t("rep-quota.title_empty", lang))
    below = q[~q["compliant"]]
    title = t("rep-quota.title", lang, below=len(below), n=len(q))
    rows = ds.view[ds.view["fact_id"].isin(q["fact_id"])]
    sub = _sub(lang, "percent", rows)
    fig = fg.quota_bars(q, title=title, subtitle=sub)
    worst = q.sort_values("value").iloc[0]
    take = t(
        "rep-quota.takeaway",
        lang,
        below=len(below),
        n=len(q),
        worst=worst["subject"],
        worst_v=f"{worst['value']:g}",
        gap=f"{worst['gap_points']:.2f}",
    )
    derived = q[
        [
            "subject",
            "branch",
            "value",
            "compliant",
            "gap_points",
            "size",
            "women",
            "women_needed",
            "derivation",
            "fact_id",
        ]
    ]
    return ChartResult("rep-quota", title, sub, fig, rows, take, _caveats(ds, rows), derived)


def _legislature_rows(ds: Dataset, f: Filters) -> pd.DataFrame:
    v = _sel(ds.view, f, indicators=["women_share_body"])
    v = v[v["subject"].isin(["National Assembly", "National Transitional Council (CNT)"])]
    return mx.resolve_series(v.dropna(subset=["year"]))


@chart("rep-legislature-trend", "representation")
def rep_legislature(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Women's share of the legislature over time, with the quota line."""
    rows = _legislature_rows(ds, f)
    if rows.empty:
        return _empty("rep-legislature-trend", lang, t("rep-legislature-trend.title_empty", lang))
    last = rows.sort_values("year").iloc[-1]
    first = rows.sort_values("year").iloc[0]
    title = t(
        "rep-legislature-trend.title",
        lang,
        v0=f"{first['value']:g}",
        y0=int(first["year"]),
        v1=f"{last['value']:g}",
        y1=int(last["year"]),
        body=last["subject"],
    )
    sub = _sub(lang, "percent", rows)
    fig = fg.lines_by_year(
        mx.with_gaps(rows),
        title=title,
        subtitle=sub,
        percent=True,
        ref_lines=[(mx.QUOTA, t("quota.line", lang))],
        y_title=t("unit.percent", lang),
        annotations=[(2015, t("rep-legislature-trend.law", lang))],
    )
    take = t(
        "rep-legislature-trend.takeaway",
        lang,
        body=last["subject"],
        v1=f"{last['value']:g}",
        y1=int(last["year"]),
        gap=f"{mx.QUOTA - last['value']:.2f}",
    )
    return ChartResult("rep-legislature-trend", title, sub, fig, rows, take, _caveats(ds, rows))


@chart("rep-government-trend", "representation")
def rep_government(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Women's share of government posts over time."""
    v = _sel(ds.view, f, indicators=["women_share_body"])
    rows = v[
        v["subject"].isin(
            ["Government (ministers)", "Ministers and delegated ministers", "Appointed positions in the government"]
        )
    ].dropna(subset=["year"])
    rows = mx.resolve_series(rows)
    if rows.empty:
        return _empty("rep-government-trend", lang, t("rep-government-trend.title_empty", lang))
    last = rows.sort_values("year").iloc[-1]
    title = t("rep-government-trend.title", lang, v=f"{last['value']:g}", y=int(last["year"]), subject=last["subject"])
    sub = _sub(lang, "percent", rows)
    fig = fg.lines_by_year(
        mx.with_gaps(rows),
        title=title,
        subtitle=sub,
        percent=True,
        ref_lines=[(mx.QUOTA, t("quota.line", lang))],
        y_title=t("unit.percent", lang),
    )
    take = t(
        "rep-government-trend.takeaway",
        lang,
        v=f"{last['value']:g}",
        y=int(last["year"]),
        subject=last["subject"],
        gap=f"{mx.QUOTA - last['value']:.2f}",
    )
    return ChartResult("rep-government-trend", title, sub, fig, rows, take, _caveats(ds, rows))


@chart("rep-changes", "representation")
def rep_changes(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Bodies observed more than once in the update: the CSA's rise, in the source's own order."""
    v = ds.view[
        ds.view["indicator"].eq("women_share_body") & ds.view["subject"].eq("Agreement Monitoring Committee (CSA)")
    ]
    if v.empty:
        return _empty("rep-changes", lang, t("rep-changes.title_empty", lang))
    order = {"rep-csa-women-share-earlier": 0, "rep-csa-women-share-recent": 1}
    rows = v.assign(_o=v["fact_id"].map(order).fillna(2)).sort_values("_o").drop(columns="_o")
    rows = rows.assign(step=[t(f"rep-changes.step{i}", lang) for i in range(len(rows))])
    title = t("rep-changes.title", lang, a=f"{rows['value'].iloc[0]:g}", b=f"{rows['value'].iloc[-1]:g}")
    sub = t("rep-changes.subtitle", lang)
    fig = fg.bars(
        rows.assign(unit="percent"),
        x="step",
        y="value",
        title=title,
        subtitle=sub,
        percent=True,
        ref_lines=[(mx.QUOTA, t("quota.line", lang))],
        y_title=t("unit.percent", lang),
    )
    take = t("rep-changes.takeaway", lang, a=f"{rows['value'].iloc[0]:g}", b=f"{rows['value'].iloc[-1]:g}")
    return ChartResult("rep-changes", title, sub, fig, rows, take, _caveats(ds, rows))


# --- violence ------------------------------------------------------------------------

GBV_SYSTEMS = ["GBV cases (GBVIMS)", "GBV cases (Ministry)", "GBV cases (national GBV information system)"]


@chart("gbv-trend", "violence")
def gbv_trend(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Full-year GBV counts by recording system; the systems are not one series."""
    v = _sel(ds.view, f, indicators=["gbv_incidents"])
    rows = v[v["subject"].isin(GBV_SYSTEMS) & v["region"].eq("Mali")].dropna(subset=["year"])
    rows = mx.resolve_series(rows)
    if rows.empty:
        return _empty("gbv-trend", lang, t("gbv-trend.title_empty", lang))
    ch = mx.change(rows, by=["subject"])
    last = ch.sort_values("year").iloc[-1]
    title = t("gbv-trend.title", lang, v=fmt_value(last["value"], "cases"), y=int(last["year"]), system=last["subject"])
    sub = _sub(lang, "cases", rows)
    ann = [(2017, t("gbv-trend.coverage_note", lang))] if rows["year"].min() <= 2017 <= rows["year"].max() else []
    fig = fg.lines_by_year(
        mx.with_gaps(rows), title=title, subtitle=sub, y_title=t("unit.cases", lang), annotations=ann
    )
    prev = ch.dropna(subset=["prev_value"])
    if not prev.empty:
        p = prev.sort_values("year").iloc[-1]
        take = t(
            "gbv-trend.takeaway",
            lang,
            v=fmt_value(p["value"], "cases"),
            y=int(p["year"]),
            pv=fmt_value(p["prev_value"], "cases"),
            py=int(p["prev_year"]),
            pct=f"{p['change_pct']:+g}",
            system=p["subject"],
        )
    else:
        take = t("gbv-trend.takeaway_single", lang, v=fmt_value(last["value"], "cases"), y=int(last["year"]))
    derived = ch.dropna(subset=["prev_value"])[
        ["subject", "years_compared", "prev_value", "value", "change_abs", "change_pct", "fact_id"]
    ]
    derived = derived.assign(derivation=t("gbv-trend.derivation", lang))
    return ChartResult("gbv-trend", title, sub, fig, rows, take, _caveats(ds, rows), derived)


@chart("gbv-types", "violence")
def gbv_types(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Recorded GBV incidents by type (2022)."""
    rows = _sel(ds.view, f, indicators=["gbv_type_share"]).dropna(subset=["year"])
    if rows.empty:
        return _empty("gbv-types", lang, t("gbv-types.title_empty", lang))
    # One year only: shares from different years do not belong on one axis.
    year = int(rows["year"].max())
    rows = rows[rows["year"].eq(year)].sort_values("value")
    top = rows.iloc[-1]
    title = t("gbv-types.title", lang, v=f"{top['value']:g}", subject=_short(top["subject"]), y=year)
    sub = _sub(lang, "percent", rows)
    fig = fg.bars(
        rows.assign(subject=rows["subject"].map(_short)),
        x="subject",
        y="value",
        title=title,
        subtitle=sub,
        orientation="h",
        percent=True,
    )
    take = t("gbv-types.takeaway", lang, v=f"{top['value']:g}", subject=_short(top["subject"]), y=year)
    return ChartResult("gbv-types", title, sub, fig, rows, take, _caveats(ds, rows))


def _short(subject: str) -> str:
    head = subject.split(" (share")[0]
    return head + " (base ambiguous: see note)" if "ambiguous" in subject else head


CRSV_MEASURES = {
    "CRSV cases verified by MINUSMA": "verified",
    "CRSV cases registered by humanitarian service providers": "reported",
}


@chart("crsv-verified-vs-registered", "violence")
def crsv_compare(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """2022: cases verified by the UN and cases registered by service providers, side by side."""
    v = _sel(ds.view, f, indicators=["crsv_cases"])
    rows = v[v["subject"].isin(CRSV_MEASURES) & v["sex_age"].isin(["women", "girls"])]
    # The latest year in which both measures exist: the comparison is within one year.
    both = rows.groupby("year")["subject"].nunique()
    rows = rows[rows["year"].eq(both[both == len(CRSV_MEASURES)].index.max())] if (both == 2).any() else rows.iloc[0:0]
    if rows.empty:
        return _empty("crsv-verified-vs-registered", lang, t("crsv-compare.title_empty", lang))
    rows = rows.assign(
        measure=rows["subject"].map(lambda s: t(f"crsv.measure.{CRSV_MEASURES[s]}", lang)),
        who=rows["sex_age"].map(lambda s: t(f"sex.{s}", lang)),
    )
    get = {(r.subject, r.sex_age): r.value for r in rows.itertuples()}
    vw = get.get(("CRSV cases verified by MINUSMA", "women"))
    rw = get.get(("CRSV cases registered by humanitarian service providers", "women"))
    y = int(rows["year"].max())
    title = t("crsv-compare.title", lang, y=y)
    sub = t("crsv-compare.subtitle", lang, as_of=mx.as_of(rows))
    fig = fg.bars(
        rows,
        x="measure",
        y="value",
        color="who",
        title=title,
        subtitle=sub,
        colour_map={t("sex.women", lang): fg.BLUE, t("sex.girls", lang): fg.ORANGE},
        y_title=t("unit.cases", lang),
    )
    take = t(
        "crsv-compare.takeaway",
        lang,
        y=y,
        vw=fmt_value(vw, "cases") if vw is not None else "?",
        rw=fmt_value(rw, "cases") if rw is not None else "?",
    )
    return ChartResult("crsv-verified-vs-registered", title, sub, fig, rows, take, _caveats(ds, rows))


@chart("crsv-by-year", "violence")
def crsv_by_year(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """CRSV totals per year, one marker per figure; colour = kind of count (verified, reported, documented)."""
    v = _sel(ds.view, f, indicators=["crsv_cases"])
    totals = v[
        v["sex_age"].isin(["total", "women_and_girls"])
        & v["region"].eq("Mali")
        & ~v["subject"].str.contains(r":|attributed|Moura|children", regex=True)
    ].dropna(subset=["year"])
    rows = mx.resolve_series(totals, by=["status", "year", "subject"])
    if rows.empty:
        return _empty("crsv-by-year", lang, t("crsv-by-year.title_empty", lang))
    rows = rows.sort_values(["year", "status"]).assign(
        kind=lambda d: d["status"].map(lambda s: t(f"status.{s}", lang)),
        series=lambda d: d["subject"].map(lambda s: _clip(s, 70)),
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
    )
    take = t(
        "crsv-by-year.takeaway", lang, n=len(years_with), lo=lo, hi=hi, missing=", ".join(map(str, missing)) or "-"
    )
    return ChartResult("crsv-by-year", title, sub, fig, rows, take, _caveats(ds, rows))


@chart("crsv-services", "violence")
def crsv_services(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Survivors' access to shelter and medical care."""
    rows = _sel(ds.view, f, indicators=["crsv_survivors_no_shelter", "crsv_survivors_no_medical"])
    if rows.empty:
        return _empty("crsv-services", lang, t("crsv-services.title_empty", lang))
    sh = rows[rows["indicator"].eq("crsv_survivors_no_shelter")]["value"].max()
    md = rows[rows["indicator"].eq("crsv_survivors_no_medical")]["value"].max()
    title = t("crsv-services.title", lang, sh=f"{sh:g}", md=f"{md:g}")
    sub = _sub(lang, "percent", rows)
    fig = fg.bars(
        rows.assign(label=rows["label"]), x="label", y="value", title=title, subtitle=sub, orientation="h", percent=True
    )
    fig.update_xaxes(range=[0, 115])
    take = t("crsv-services.takeaway", lang, sh=f"{sh:g}", md=f"{md:g}")
    return ChartResult("crsv-services", title, sub, fig, rows, take, _caveats(ds, rows))


@chart("violence-regions", "violence")
def violence_regions(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Every GBV/CRSV count a source gives for a region, national figures kept apart."""
    v = mx.filter_facts(ds.view, themes=["gbv", "crsv"], years=_years(f), statuses=f.get("statuses") or None)
    counts = v["unit"].isin(["cases", "incidents", "persons", "count"])
    rows = v[~v["region"].isin(["Mali", "UN peacekeeping"]) & counts]
    if f.get("regions"):
        rows = rows[rows["region"].isin(f["regions"])]
    if rows.empty:
        return _empty("violence-regions", lang, t("violence-regions.title_empty", lang))
    rows = rows.assign(
        label=[
            _clip(f"{r} {'' if pd.isna(y) else int(y)}: {s}", 62)
            for r, y, s in zip(rows["region"], rows["year"], rows["subject"], strict=True)
        ]
    ).sort_values(["region", "year"], ascending=[False, True])
    title = t("violence-regions.title", lang, n=len(rows), k=rows["region"].nunique())
    sub = t("violence-regions.subtitle", lang, as_of=mx.as_of(rows))
    # One figure per label: overlay, or grouped mode would offset each region's bar in its slot.
    fig = fg.bars(
        rows, x="label", y="value", color="region", title=title, subtitle=sub, orientation="h", barmode="overlay"
    )
    fig.update_xaxes(type="log", range=None, title=t("violence-regions.axis", lang))
    fig.update_layout(showlegend=False)
    take = t("violence-regions.takeaway", lang, n=len(rows), regions=", ".join(sorted(rows["region"].unique())))
    return ChartResult("violence-regions", title, sub, fig, rows, take, _caveats(ds, rows))


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


@chart("harmful-practices", "violence")
def harmful_practices(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """FGM, child marriage and attitudes to wife-beating (survey figures)."""
    rows = _sel(ds.view, f, indicators=["fgm_prevalence", "child_marriage", "wife_beating_justified"])
    if rows.empty:
        return _empty("harmful-practices", lang, t("harmful-practices.title_empty", lang))
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
        title = t("harmful-practices.title", lang, fgm=f"{fgm:g}", cm=f"{cm:g}")
    sub = _sub(lang, "percent", rows)
    fig = fg.bars(
        rows.sort_values("value"), x="label", y="value", title=title, subtitle=sub, orientation="h", percent=True
    )
    partial = pd.isna(fgm) or pd.isna(cm)
    take = title if partial else t("harmful-practices.takeaway", lang, fgm=f"{fgm:g}", cm=f"{cm:g}")
    return ChartResult("harmful-practices", title, sub, fig, rows, take, _caveats(ds, rows))


# --- humanitarian --------------------------------------------------------------------


@chart("hum-needs-trend", "humanitarian")
def hum_needs(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """People in need and people targeted by year."""
    v = _sel(ds.view, f, indicators=["people_in_need", "people_targeted"])
    rows = v[v["subject"].isin(["People in need", "People targeted"]) & v["region"].eq("Mali")]
    rows = mx.resolve_series(rows.dropna(subset=["year"]))
    if rows.empty:
        return _empty("hum-needs-trend", lang, t("hum-needs-trend.title_empty", lang))
    pin = rows[rows["subject"].eq("People in need")].sort_values("year")
    first, last = pin.iloc[0], pin.iloc[-1]
    title = t(
        "hum-needs-trend.title",
        lang,
        v0=fmt_value(first["value"], "persons"),
        y0=int(first["year"]),
        v1=fmt_value(last["value"], "persons"),
        y1=int(last["year"]),
    )
    sub = _sub(lang, "persons", rows)
    fig = fg.lines_by_year(mx.with_gaps(rows), title=title, subtitle=sub, y_title=t("unit.persons", lang))
    take = t(
        "hum-needs-trend.takeaway",
        lang,
        v0=fmt_value(first["value"], "persons"),
        y0=int(first["year"]),
        v1=fmt_value(last["value"], "persons"),
        y1=int(last["year"]),
    )
    return ChartResult("hum-needs-trend", title, sub, fig, rows, take, _caveats(ds, rows))


@chart("hum-appeal", "humanitarian")
def hum_appeal(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Funds requested and received by year, with year-end coverage where a source states it.

    Requested and received are separate bars, never added; coverage is the source's own
    percentage, not computed here.
    """
    v = _sel(ds.view, f, indicators=["appeal_requirement", "appeal_funding", "appeal_coverage"])
    v = v[v["subject"].eq("Humanitarian Response Plan")].dropna(subset=["year"])
    rows = mx.resolve_series(v[~v["indicator"].eq("appeal_coverage")], by=["indicator", "year"])
    if rows.empty:
        return _empty("hum-appeal", lang, t("hum-appeal.title_empty", lang))
    rows = rows.sort_values(["year", "indicator"]).assign(
        x=lambda d: d["year"].astype(int).astype(str), kind=lambda d: d["label"]
    )
    coverage = mx.resolve_series(v[v["indicator"].eq("appeal_coverage")], by=["year"])
    req = rows[rows["indicator"].eq("appeal_requirement")].sort_values("year")
    last = req.iloc[-1]
    title = t("hum-appeal.title", lang, v=fmt_value(last["value"], "usd"), y=int(last["year"]))
    sub = _sub(lang, "usd", rows)
    fig = fg.bars(rows, x="x", y="value", color="kind", title=title, subtitle=sub, y_title="USD")
    top = float(rows["value"].max())
    # On a category axis plotly.js reads x="2019" as the number 2019, not the category: use the index.
    categories = list(dict.fromkeys(rows["x"]))
    for c in coverage.itertuples():
        if str(int(c.year)) not in categories:
            continue
        fig.add_annotation(
            x=categories.index(str(int(c.year))),
            y=top * 1.12,
            showarrow=False,
            font={"size": 12},
            text=t("hum-appeal.coverage", lang, v=f"{c.value:g}"),
        )
    take = t("hum-appeal.takeaway", lang, v=fmt_value(last["value"], "usd"), y=int(last["year"]), n=len(req))
    shown = pd.concat([rows, coverage]) if not coverage.empty else rows
    return ChartResult("hum-appeal", title, sub, fig, shown, take, _caveats(ds, shown))


@chart("hum-idps-trend", "humanitarian")
def hum_idps(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Internally displaced persons by year (national totals; one figure per year)."""
    v = _sel(ds.view, f, indicators=["idps"])
    rows = v[
        v["subject"].eq("Internally displaced persons") & v["region"].eq("Mali") & v["sex_age"].eq("total")
    ].dropna(subset=["year"])
    rows = mx.resolve_series(rows)
    if rows.empty:
        return _empty("hum-idps-trend", lang, t("hum-idps-trend.title_empty", lang))
    peak = rows.loc[rows["value"].idxmax()]
    last = rows.sort_values("year").iloc[-1]
    title = t(
        "hum-idps-trend.title",
        lang,
        pv=fmt_value(peak["value"], "persons"),
        py=int(peak["year"]),
        v=fmt_value(last["value"], "persons"),
        y=int(last["year"]),
    )
    sub = _sub(lang, "persons", rows)
    fig = fg.lines_by_year(mx.with_gaps(rows), title=title, subtitle=sub, y_title=t("unit.persons", lang))
    years = set(rows["year"].astype(int))
    missing = [y for y in range(min(years), max(years) + 1) if y not in years]
    take = t(
        "hum-idps-trend.takeaway",
        lang,
        pv=fmt_value(peak["value"], "persons"),
        py=int(peak["year"]),
        v=fmt_value(last["value"], "persons"),
        y=int(last["year"]),
        missing=", ".join(map(str, missing)) or "-",
    )
    return ChartResult("hum-idps-trend", title, sub, fig, rows, take, _caveats(ds, rows))


@chart("hum-schools", "humanitarian")
def hum_schools(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Share of schools closed by region (UN Women update, footnote 2)."""
    v = _sel(ds.view, f, indicators=["schools_closed_share"])
    rows = v[~v["region"].eq("Mali")].sort_values("value")
    if rows.empty:
        return _empty("hum-schools", lang, t("hum-schools.title_empty", lang))
    top = rows.iloc[-1]
    title = t("hum-schools.title", lang, v=f"{top['value']:g}", region=top["region"])
    sub = _sub(lang, "percent", rows)
    fig = fg.bars(rows, x="region", y="value", title=title, subtitle=sub, orientation="h", percent=True)
    take = t("hum-schools.takeaway", lang, v=f"{top['value']:g}", region=top["region"])
    return ChartResult("hum-schools", title, sub, fig, rows, take, _caveats(ds, rows))


GAP_INDICATORS = ["illiteracy_rate", "labour_participation", "primary_enrolment_rate"]


@chart("soc-gender-gaps", "humanitarian")
def soc_gaps(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Women and men (girls and boys) side by side on literacy, work and school."""
    rows = _sel(ds.view, f, indicators=GAP_INDICATORS)
    if rows.empty:
        return _empty("soc-gender-gaps", lang, t("soc-gender-gaps.title_empty", lang))
    rows = rows.assign(
        who=rows["sex_age"].map(lambda s: t(f"sex.{s}", lang)),
        group=rows["sex_age"].map({"women": "f", "girls": "f", "men": "m", "boys": "m"}),
    )
    lab = rows[rows["indicator"].eq("labour_participation")].set_index("sex_age")["value"]
    title = t(
        "soc-gender-gaps.title", lang, w=f"{lab.get('women', float('nan')):g}", m=f"{lab.get('men', float('nan')):g}"
    )
    sub = _sub(lang, "percent", rows)
    fig = fg.bars(
        rows,
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
    )
    take = t(
        "soc-gender-gaps.takeaway", lang, w=f"{lab.get('women', float('nan')):g}", m=f"{lab.get('men', float('nan')):g}"
    )
    return ChartResult("soc-gender-gaps", title, sub, fig, rows, take, _caveats(ds, rows))


# --- MINUSMA and mandates ------------------------------------------------------------

MINUSMA_CATEGORIES = ["Civilian staff", "Military", "Individual police officers", "Formed police units"]


@chart("minusma-women", "minusma")
def minusma_women(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Women's share of MINUSMA personnel by category at each date known, with UN targets."""
    v = ds.view[ds.view["indicator"].eq("minusma_women_share") & ds.view["subject"].isin(MINUSMA_CATEGORIES)]
    rows = mx.resolve_series(v.dropna(subset=["year"]))
    if rows.empty:
        return _empty("minusma-women", lang, t("minusma-women.title_empty", lang))
    latest = mx.latest(rows)
    mil = latest[latest["subject"].eq("Military")]
    mil_v = f"{mil['value'].iloc[0]:g}" if not mil.empty else "?"
    y = int(latest["year"].max())
    targets = ds.view[ds.view["indicator"].eq("parity_target")]
    title = t("minusma-women.title", lang, mil=mil_v, y=y)
    sub = _sub(lang, "percent", rows)
    rows = rows.assign(_c=rows["subject"].map(MINUSMA_CATEGORIES.index)).sort_values(["year", "_c"]).drop(columns="_c")
    fig = fg.bars(
        rows.assign(x=rows["year"].astype(int).astype(str)),
        x="subject",
        y="value",
        color="x",
        title=title,
        subtitle=sub,
        percent=True,
        y_title=t("unit.percent", lang),
    )
    for tr in targets.itertuples():
        cat = {"Military (troop contingents)": "Military"}.get(tr.subject, tr.subject)
        if cat in MINUSMA_CATEGORIES:
            fig.add_scatter(
                x=[cat],
                y=[tr.value],
                mode="markers",
                name=t("minusma-women.target", lang, y=int(tr.year)),
                marker={
                    "symbol": "line-ew-open",
                    "size": 40,
                    "color": fg.BLACK,
                    "line": {"width": 3, "color": fg.BLACK},
                },
                hovertemplate=f"UN target {int(tr.year)}: {tr.value:g}%<extra></extra>",
                showlegend=tr.Index == targets.index[0],
            )
    shown = pd.concat([rows, targets]) if not targets.empty else rows
    take = t("minusma-women.takeaway", lang, y=y, **{k: _pick(latest, k) for k in ("civ", "mil", "ipo", "fpu")})
    return ChartResult("minusma-women", title, sub, fig, shown, take, _caveats(ds, shown))


def _pick(latest: pd.DataFrame, key: str) -> str:
    name = {
        "civ": "Civilian staff",
        "mil": "Military",
        "ipo": "Individual police officers",
        "fpu": "Formed police units",
    }[key]
    r = latest[latest["subject"].eq(name)]
    return f"{r['value'].iloc[0]:g}%" if not r.empty else "n/a"


def mandate_table(ds: Dataset) -> pd.DataFrame:
    """One row per resolution: adoption, mandate end, ceilings, with their fact ids."""
    v = ds.view[ds.view["theme"].eq("mandate")]
    out = []
    for res, grp in v.groupby(v["fact_id"].str.extract(r"^(res\d+)-")[0]):

        def get(ind: str, col: str = "date", g: pd.DataFrame = grp) -> Any:
            r = g[g["indicator"].eq(ind)]
            return r[col].iloc[0] if not r.empty else None

        out.append(
            {
                "resolution": f"S/RES/{res[3:]}",
                "adopted": get("mandate_adopted"),
                "ends": get("mandate_end"),
                "troops": get("troop_ceiling", "value"),
                "police": get("police_ceiling", "value"),
                "provisions": int(grp["indicator"].eq("wps_provision").sum()),
                "fact_ids": ", ".join(
                    grp[grp["indicator"].isin(["mandate_adopted", "mandate_end", "troop_ceiling", "police_ceiling"])][
                        "fact_id"
                    ]
                ),
            }
        )
    return pd.DataFrame(out)


@chart("mandate-timeline", "minusma")
def mandate_timeline(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Each resolution from adoption to mandate end, with its authorised ceilings."""
    tab = mandate_table(ds)
    tab = tab.dropna(subset=["ends"])
    if tab.empty:
        return _empty("mandate-timeline", lang, t("mandate-timeline.title_empty", lang))
    # 2640's adoption date is not in the sources: the bar starts at the previous mandate's end.
    tab = tab.sort_values("ends").reset_index(drop=True)
    starts = []
    for i, r in tab.iterrows():
        has = isinstance(r["adopted"], str)
        starts.append(r["adopted"] if has else (tab.loc[i - 1, "ends"] if i > 0 else r["ends"]))
    tab["adopted_shown"] = starts
    tab["ceilings"] = [
        t("mandate-timeline.ceilings", lang, troops=fmt_value(tr, "persons"), police=fmt_value(po, "persons"))
        if tr is not None and not pd.isna(tr)
        else t("mandate-timeline.no_ceilings", lang)
        for tr, po in zip(tab["troops"], tab["police"], strict=True)
    ]
    plot = tab.assign(
        adopted=tab["adopted_shown"],
        adopted_label=[a if isinstance(a, str) else t("mandate-timeline.not_in_sources", lang) for a in tab["adopted"]],
    )
    title = t("mandate-timeline.title", lang, n=len(tab), end=tab["ends"].max())
    rows = ds.view[
        ds.view["theme"].eq("mandate")
        & ds.view["indicator"].isin(["mandate_adopted", "mandate_end", "troop_ceiling", "police_ceiling"])
    ]
    sub = t("mandate-timeline.subtitle", lang, as_of=mx.as_of(rows))
    fig = fg.timeline(plot.assign(adopted=plot["adopted"]), title=title, subtitle=sub)
    last = tab.iloc[-1]
    take = t("mandate-timeline.takeaway", lang, res=last["resolution"], end=last["ends"], n=len(tab))
    derived = tab[["resolution", "adopted", "ends", "troops", "police", "provisions", "fact_ids"]]
    return ChartResult("mandate-timeline", title, sub, fig, rows, take, [], derived)


def provisions_matrix(ds: Dataset) -> pd.DataFrame:
    """WPS provisions: topic x resolution, cells hold the operative paragraph numbers."""
    v = ds.view[ds.view["indicator"].eq("wps_provision")]
    res = v["fact_id"].str.extract(r"^(res\d+)-")[0].map(lambda s: f"S/RES/{s[3:]}")
    tab = (
        v.assign(resolution=res, op=v["value"].astype(int).astype(str))
        .groupby(["subject", "resolution"])["op"]
        .agg(lambda s: ", ".join("OP " + x for x in s))
        .unstack(fill_value="-")
    )
    return tab.reset_index()


@chart("minusma-gender-posts", "minusma")
def gender_posts(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Budgeted posts in MINUSMA's gender units."""
    rows = ds.view[ds.view["indicator"].eq("gender_unit_posts")]
    if rows.empty:
        return _empty("minusma-gender-posts", lang, t("minusma-gender-posts.title_empty", lang))
    total_txt = " + ".join(f"{v:g}" for v in rows["value"])
    title = t("minusma-gender-posts.title", lang, parts=total_txt)
    sub = _sub(lang, "posts", rows)
    fig = fg.bars(rows, x="subject", y="value", title=title, subtitle=sub, orientation="h")
    take = t("minusma-gender-posts.takeaway", lang, parts=total_txt)
    return ChartResult("minusma-gender-posts", title, sub, fig, rows, take, _caveats(ds, rows))


# --- map ----------------------------------------------------------------------------


def map_options(ds: Dataset) -> pd.DataFrame:
    """Indicator x year combinations that have figures for at least one region."""
    v = ds.view[ds.view["region"].isin(REGIONS)]
    return (
        v.assign(y=v["year"].astype("Int64"))
        .groupby(["indicator", "label", "y"], dropna=False)
        .size()
        .rename("regions")
        .reset_index()
    )


def map_values(ds: Dataset, indicator: str, year: int | None, lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows for one indicator and year by region, and the per-polygon values to draw."""
    v = ds.view[ds.view["indicator"].eq(indicator) & ds.view["region"].isin(REGIONS)]
    v = v[v["year"].eq(year)] if year is not None else v[v["year"].isna()]
    rows = mx.resolve_series(v, by=["region"]) if not v.empty else v
    polys = []
    for shape, grp in rows.groupby(rows["region"].map(MAP_SHAPE)):
        parts = [
            f"{r.region}: {fmt_value(r.value, r.unit)}"
            + (f" ({t('map.inside', lang, parent=INSIDE[r.region])})" if r.region in INSIDE else "")
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


@chart("map-regional", "map")
def map_regional(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Regional figures on the 2015 region map; regions without a figure say 'no data'."""
    from wps_data.paths import geo_file  # the map file is only needed by this chart

    ind, year = default_map_choice(ds)
    ind = f.get("indicator") or ind
    year = f.get("year", year)
    rows, polys = map_values(ds, ind, year, lang)
    label = ds.indicators.set_index("indicator")["label"].get(ind, ind)
    if rows.empty:
        return _empty("map-regional", lang, t("map.title_empty", lang, label=label, y=year or "-"))
    unit = rows["unit"].iloc[0]
    inside = sorted(set(rows["region"]) & set(INSIDE))
    title = t(
        "map.title",
        lang,
        label=label,
        y=year if year is not None else t("map.undated", lang),
        n=rows["region"].nunique(),
    )
    sub = _sub(lang, unit, rows) + (
        t(
            "map.inside_note",
            lang,
            regions=", ".join(f"{r} ({t('map.inside', lang, parent=INSIDE[r])})" for r in inside),
        )
        if inside
        else ""
    )
    fig = fg.region_map(polys, fg.load_geojson(geo_file()), title=title, subtitle=sub, unit=unit)
    top = rows.loc[rows["value"].idxmax()]
    take = t(
        "map.takeaway",
        lang,
        label=label,
        region=top["region"],
        v=fmt_value(top["value"], unit),
        n=rows["region"].nunique(),
    )
    return ChartResult("map-regional", title, sub, fig, rows, take, _caveats(ds, rows))


# --- headline figures ---------------------------------------------------------------


@dataclass
class Headline:
    """A headline figure for st.metric, with the fact it comes from."""

    label: str
    value: str
    delta: str | None
    fact: pd.Series
    delta_good: str = "off"


def headlines(ds: Dataset, lang: str = "en") -> list[Headline]:
    """The overview's headline figures, each read from one fact (derivations named in the delta)."""
    v = ds.view
    out: list[Headline] = []

    def latest_of(mask: pd.Series) -> pd.Series | None:
        rows = v[mask].dropna(subset=["year"])
        if rows.empty:
            return None
        rows = mx.resolve_series(rows, by=["year"])
        return rows.sort_values("year").iloc[-1]

    cnt = latest_of(v["indicator"].eq("women_share_body") & v["subject"].eq("National Transitional Council (CNT)"))
    if cnt is not None:
        out.append(
            Headline(
                t("headline.rep", lang),
                f"{cnt['value']:g}%",
                t("headline.delta_quota", lang, gap=f"{cnt['value'] - mx.QUOTA:+.2f}"),
                cnt,
                "normal",
            )
        )
    q = mx.quota_table(v, ds.bodies)
    if not q.empty:
        worst = v[v["fact_id"].eq(q.sort_values("value").iloc[0]["fact_id"])].iloc[0]
        out.append(
            Headline(t("headline.quota_bodies", lang), f"{int((~q['compliant']).sum())} / {len(q)}", None, worst)
        )
    gbv = v[v["indicator"].eq("gbv_incidents") & v["subject"].isin(GBV_SYSTEMS)].dropna(subset=["year"])
    if not gbv.empty:
        chg = mx.change(mx.resolve_series(gbv), by=["subject"]).sort_values("year")
        last = chg.iloc[-1]
        delta = (
            t("headline.delta_change", lang, pct=f"{last['change_pct']:+g}", py=int(last["prev_year"]))
            if pd.notna(last["prev_value"])
            else None
        )
        out.append(
            Headline(
                t("headline.gbv", lang, y=int(last["year"])),
                fmt_value(last["value"], "cases"),
                delta,
                v[v["fact_id"].eq(last["fact_id"])].iloc[0],
                "inverse",
            )
        )
    crsv = latest_of(
        v["indicator"].eq("crsv_cases") & v["subject"].eq("CRSV cases verified by MINUSMA") & v["sex_age"].eq("total")
    )
    if crsv is not None:
        out.append(
            Headline(t("headline.crsv", lang, y=int(crsv["year"])), fmt_value(crsv["value"], "cases"), None, crsv)
        )
    pin = latest_of(v["indicator"].eq("people_in_need") & v["subject"].eq("People in need") & v["region"].eq("Mali"))
    if pin is not None:
        out.append(Headline(t("headline.pin", lang, y=int(pin["year"])), fmt_value(pin["value"], "persons"), None, pin))
    mil = latest_of(v["indicator"].eq("minusma_women_share") & v["subject"].eq("Military"))
    if mil is not None:
        out.append(Headline(t("headline.minusma", lang, y=int(mil["year"])), f"{mil['value']:g}%", None, mil))
    return out


def map_choices(ds: Dataset, undated: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Indicator label -> key, and for each key its years as text (latest first; undated last)."""
    opts = map_options(ds)
    by_label = dict(zip(opts["label"], opts["indicator"], strict=False))
    years: dict[str, list[str]] = {}
    for ind, grp in opts.groupby("indicator"):
        dated = sorted({int(y) for y in grp["y"] if pd.notna(y)}, reverse=True)
        years[str(ind)] = [str(y) for y in dated] + ([undated] if grp["y"].isna().any() else [])
    return by_label, years
