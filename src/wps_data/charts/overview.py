"""The overview's chart: what the dataset covers by theme and year, and its gaps.

Layer: charts. Imports the dataset, filters, analysis, i18n and viz; never streamlit.
"""

from __future__ import annotations

from wps_data import analysis as mx
from wps_data import viz as fg
from wps_data.charts.registry import (
    ChartResult,
    Filters,
    chart,
)
from wps_data.dataset import Dataset
from wps_data.i18n import t


@chart("overview-coverage")
def overview_coverage(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Figures per theme and year: where the dataset is thick and where it has gaps."""
    view = ds.view
    tab = mx.coverage(view)
    tab = tab.rename(
        index=lambda th: t(f"theme.{th}", lang), columns={mx.UNDATED: t("hover.undated", lang)}
    )  # themes and 'no year' in words
    years = view["year"].dropna()  # the one column it counts, not every column of the dated rows
    per_year = years.value_counts(sort=False)
    busiest = per_year.sort_index().idxmax()  # the earliest of the busiest years, as groupby().size().idxmax() gave
    title = t("overview-coverage.title", lang, n=len(view), lo=int(years.min()), hi=int(years.max()))
    sub = t("overview-coverage.subtitle", lang, undated=int(view["year"].isna().sum()))
    fig = fg.coverage_heatmap(tab, title=title, subtitle=sub, lang=lang)
    take = t(
        "overview-coverage.takeaway",
        lang,
        n=len(view),
        busiest=int(busiest),
        k=int(per_year[busiest]),
        sources=view["source_id"].nunique(),
    )
    return ChartResult("overview-coverage", title, sub, fig, view, take)
