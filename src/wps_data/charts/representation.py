"""Representation charts: every body against the 30% quota, the legislature and government over time, the CSA.

Layer: charts. Imports the dataset, filters, analysis, i18n and viz; never streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

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
from wps_data.i18n import fmt_plain, t, words

KIND_RANK = {"standing": 0, "measure": 1, "batch": 2, "past": 3}  # drawn top to bottom


@chart("rep-quota")
def rep_quota(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Women's share of every standing body against the 30% quota, each counted once, grouped by branch.

    Past bodies, batches of appointments and other measures of a body (``kind`` in
    bodies.csv) are drawn below, labelled as such, and never counted.
    """
    q = mx.quota_table(ds.view, ds.bodies)
    if f.get("branches"):
        q = q[q["branch"].isin(f["branches"])]
    standing = q[q["kind"].eq("standing")]
    if standing.empty:
        return empty("rep-quota", lang, t("rep-quota.title_empty", lang))
    below = standing[~standing["compliant"]]
    title = t("rep-quota.title", lang, below=len(below), n=len(standing))
    rows = ds.view[ds.view["fact_id"].isin(q["fact_id"])]
    sub = subtitle(lang, "percent", rows) + t("rep-quota.apart", lang, k=len(q) - len(standing))
    drawn = q.assign(
        group=[
            words.branch(b, lang) if k == "standing" else t(f"body_kind.{k}", lang)
            for b, k in zip(q["branch"], q["kind"], strict=True)
        ],
        group_rank=q["kind"].map(KIND_RANK),
        short_label=words.names(q["short_label"], lang),
    )
    fig = fg.quota_bars(shown(drawn, lang), title=title, subtitle=sub, lang=lang)
    worst = standing.sort_values("value").iloc[0]
    take = t(
        "rep-quota.takeaway",
        lang,
        below=len(below),
        n=len(standing),
        worst=words.name(worst["subject"], lang),
        worst_v=fmt_plain(worst["value"], lang),
        gap=words.points(round(worst["gap_points"], 2), lang),
    )
    derived = q[
        [
            "subject",
            "branch",
            "kind",
            "value",
            "compliant",
            "gap_points",
            "size",
            "women",
            "women_needed",
            "fact_id",
        ]
    ]
    derived.insert(9, "derivation", [words.quota_derivation(r, lang, quota=mx.QUOTA) for _, r in q.iterrows()])
    return ChartResult("rep-quota", title, sub, fig, rows, take, caveats(ds, rows, lang), derived)


def _quota_lines(
    rows: pd.DataFrame, title: str, sub: str, lang: str, annotations: list[tuple[int, str]] | None = None
) -> go.Figure:
    """Women's shares over years, lines broken at gaps, with the 30% quota line."""
    return fg.lines_by_year(
        mx.with_gaps(shown(rows, lang)),
        title=title,
        subtitle=sub,
        percent=True,
        ref_lines=[(mx.QUOTA, t("quota.line", lang))],
        y_title=t("unit.percent", lang),
        annotations=annotations or [],
        lang=lang,
    )


def _legislature_rows(ds: Dataset, f: Filters) -> pd.DataFrame:
    return mx.resolve_series(chart_rows(ds, "rep-legislature-trend", f))


@chart("rep-legislature-trend")
def rep_legislature(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Women's share of the legislature over time, with the quota line."""
    rows = _legislature_rows(ds, f)
    if rows.empty:
        return empty("rep-legislature-trend", lang, t("rep-legislature-trend.title_empty", lang))
    last = rows.sort_values("year").iloc[-1]
    first = rows.sort_values("year").iloc[0]
    title = t(
        "rep-legislature-trend.title",
        lang,
        v0=fmt_plain(first["value"], lang),
        y0=int(first["year"]),
        v1=fmt_plain(last["value"], lang),
        y1=int(last["year"]),
        body=words.name(last["subject"], lang),
    )
    sub = subtitle(lang, "percent", rows)
    fig = _quota_lines(rows, title, sub, lang, annotations=[(2015, t("rep-legislature-trend.law", lang))])
    take = t(
        "rep-legislature-trend.takeaway",
        lang,
        body=words.name(last["subject"], lang),
        v1=fmt_plain(last["value"], lang),
        y1=int(last["year"]),
        gap=words.points(round(mx.QUOTA - last["value"], 2), lang),
    )
    return ChartResult("rep-legislature-trend", title, sub, fig, rows, take, caveats(ds, rows, lang))


@chart("rep-government-trend")
def rep_government(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Women's share of government posts over time."""
    rows = mx.resolve_series(chart_rows(ds, "rep-government-trend", f))
    if rows.empty:
        return empty("rep-government-trend", lang, t("rep-government-trend.title_empty", lang))
    last = rows.sort_values("year").iloc[-1]
    title = t(
        "rep-government-trend.title",
        lang,
        v=fmt_plain(last["value"], lang),
        y=int(last["year"]),
        subject=words.name(last["subject"], lang),
    )
    sub = subtitle(lang, "percent", rows)
    fig = _quota_lines(rows, title, sub, lang)
    take = t(
        "rep-government-trend.takeaway",
        lang,
        v=fmt_plain(last["value"], lang),
        y=int(last["year"]),
        subject=words.name(last["subject"], lang),
        gap=words.points(round(mx.QUOTA - last["value"], 2), lang),
    )
    return ChartResult("rep-government-trend", title, sub, fig, rows, take, caveats(ds, rows, lang))


def _step(period: object, year: object, lang: str) -> str:
    """A bar's name: the fact's period in ``lang``, else its year, else 'no year given'."""
    if isinstance(period, str) and period.strip():
        return str(words.period(period, lang))
    return str(int(year)) if pd.notna(year) else t("brief.undated", lang)


@chart("rep-changes")
def rep_changes(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Bodies observed more than once in the update: the CSA's rise, in the source's own order.

    The source gives two of the three observations no year ('a few years ago', 'more
    recently'): undated observations come first, in the order curated from the source
    (facts.csv keeps the source's order), then dated ones by year.
    """
    v = chart_rows(ds, "rep-changes")
    if v.empty:
        return empty("rep-changes", lang, t("rep-changes.title_empty", lang))
    rows = v.assign(_dated=v["year"].notna(), _y=v["year"].fillna(0), _o=range(len(v)))
    rows = rows.sort_values(["_dated", "_y", "_o"]).drop(columns=["_dated", "_y", "_o"])
    # Each bar is named by its own period, as the source words it ('a few years' earlier): never by position.
    rows = rows.assign(step=[_step(p, y, lang) for p, y in zip(rows["period"], rows["year"], strict=True)])
    title = t(
        "rep-changes.title", lang, a=fmt_plain(rows["value"].iloc[0], lang), b=fmt_plain(rows["value"].iloc[-1], lang)
    )
    sub = t("rep-changes.subtitle", lang)
    fig = fg.bars(
        shown(rows, lang).assign(unit="percent"),
        x="step",
        y="value",
        title=title,
        subtitle=sub,
        percent=True,
        ref_lines=[(mx.QUOTA, t("quota.line", lang))],
        y_title=t("unit.percent", lang),
        lang=lang,
    )
    take = t(
        "rep-changes.takeaway",
        lang,
        a=fmt_plain(rows["value"].iloc[0], lang),
        b=fmt_plain(rows["value"].iloc[-1], lang),
    )
    return ChartResult("rep-changes", title, sub, fig, rows, take, caveats(ds, rows, lang))
