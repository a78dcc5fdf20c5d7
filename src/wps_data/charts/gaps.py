"""The gaps view: every line over years of the dashboard, year by year, on a real year axis, with why a year is empty.

Layer: charts. Imports the dataset, filters, analysis, i18n and viz; never streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from wps_data import analysis as mx
from wps_data import viz as fg
from wps_data.charts.registry import ChartResult, Filters, chart, clip, empty, series_rows
from wps_data.dataset import Dataset
from wps_data.i18n import t, words


def _part_year_years(ds: Dataset, indicator: str) -> set[int]:
    v = ds.view
    part = v[v["indicator"].eq(indicator) & v["region"].eq("Mali") & v["part_year"].astype(bool)]
    return set(part["year"].dropna().astype(int))


@chart("overview-gaps")
def overview_gaps(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """One row per line over years (``series.csv`` ``over_years``): figures as filled marks, empty years as open ones.

    A year is empty when no full-year, whole-area figure exists; where a part-year count
    exists for it, the hover says so (such counts are never put on an annual line).
    """
    lines = ds.series[ds.series["over_years"].astype(bool) & ds.series["scope"].eq("national")]
    fig = go.Figure()
    rows, gaps = [], []
    for s in lines.itertuples():
        got = series_rows(ds, s.series_id).dropna(subset=["year"])
        if got.empty:
            continue
        ind, subject = str(got["label"].iloc[0]), str(got["subject"].iloc[0])
        same = ind.lower() == subject.lower()
        ind, subject = words.indicator_label(s.indicator, ind, lang), words.name(subject, lang)
        label = clip(subject if same else words.label_value(ind, subject, lang), 70)
        rows.append(got)
        missing = mx.year_gaps(got, _part_year_years(ds, s.indicator)).assign(series=s.series_id, label=label)
        gaps.append(missing)
        years = sorted(set(got["year"].astype(int)))
        fig.add_scatter(
            x=years,
            y=[fg.plain(label)] * len(years),
            mode="markers",
            marker={"symbol": "circle", "size": 11, "color": fg.BLUE},
            name=t("overview-gaps.have", lang),
            legendgroup="have",
            showlegend=not rows[:-1],
            hovertemplate=words.label_value("%{x}", t("overview-gaps.have", lang), lang) + "<extra></extra>",
        )
        if not missing.empty:
            reasons = [t(f"overview-gaps.reason.{r}", lang) for r in missing["reason"]]
            fig.add_scatter(
                x=missing["year"].tolist(),
                y=[fg.plain(label)] * len(missing),
                mode="markers",
                marker={
                    "symbol": ["x-thin-open" if r == "none" else "circle-open" for r in missing["reason"]],
                    "size": 11,
                    "color": fg.VERMILLION,
                    "line": {"width": 2, "color": fg.VERMILLION},
                },
                name=t("overview-gaps.reason.none", lang),
                legendgroup="gap",
                showlegend=len(gaps) == 1,
                text=reasons,
                hovertemplate=words.label_value("%{x}", "%{text}", lang) + "<extra></extra>",
            )
    if not rows:
        return empty("overview-gaps", lang, t("overview-gaps.title_empty", lang))
    facts = pd.concat(rows)
    gap = pd.concat(gaps, ignore_index=True)
    n, p = len(gap), int(gap["reason"].eq("part_year").sum())
    one = "_one" if p == 1 else ""  # "1 of them has", "1 n'a"
    title = t(f"overview-gaps.title{one}", lang, n=n, k=len(rows), p=p)
    sub = t("overview-gaps.subtitle", lang)
    fig.update_xaxes(type="linear", dtick=1, tickformat="d", title=t("overview-gaps.axis", lang))
    fig.update_yaxes(type="category", autorange="reversed", automargin=True, title=None)
    fig = fg.base_layout(fig, title=title, subtitle=sub, height=160 + 34 * len(rows))
    take = t(f"overview-gaps.takeaway{one}", lang, n=n, p=p)
    derived = gap.assign(reason=[t(f"overview-gaps.reason.{r}", lang) for r in gap["reason"]])[
        ["label", "year", "reason", "series"]
    ]
    return ChartResult("overview-gaps", title, sub, fig, facts, take, [], derived)
