"""The chart registry: every chart the dashboard, the CLI and the briefing deck can draw.

A chart is a pure function of the dataset, a ``Filters`` value and a language. It
returns the rows it plots (each a fact with its source), the figure, a title that
states the finding, and a one-sentence takeaway computed from those rows. Nothing here
is hand-written prose about the data: every number in a title or takeaway is read from
the rows. Titles, subtitles and takeaways are plain text (never markup): each medium
escapes them where they are drawn (``viz.plain`` in figures, ``app.escape.md`` on pages).
Which page shows a chart is declared in ``wps_data.pagespec``.

Layer: charts. Imports the dataset, filters, pagespec, analysis, i18n and viz; never streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from wps_data import analysis as mx
from wps_data import viz as fg
from wps_data.contract.series import select_mask
from wps_data.dataset import Dataset
from wps_data.filters import Filters
from wps_data.i18n import t, words
from wps_data.i18n.formats import plotly_separators
from wps_data.pagespec import PAGES

__all__ = ["REGISTRY", "Chart", "ChartResult", "Filters", "chart", "charts_for", "draw", "shown"]


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
    lang: str = "en"
    fallback: str = ""  # why the chart shows a wider view than the filters ask (no figure at their level)

    @property
    def sources(self) -> pd.DataFrame:
        """One row per source document behind the chart."""
        cols = ["source_id", "title", "publisher", "published", "url", "source_type"]
        if self.rows.empty:
            return pd.DataFrame(columns=cols)
        return self.rows[cols].drop_duplicates("source_id").reset_index(drop=True)

    @property
    def as_of(self) -> str:
        """Reference years and latest publication date of the plotted facts, in the chart's language."""
        return as_of(self.rows, self.lang)


@dataclass(frozen=True)
class Chart:
    """A registered chart: its public id and the function that draws it."""

    chart_id: str
    draw: Callable[[Dataset, Filters, str], ChartResult]

    @property
    def page(self) -> str:
        """The page that shows this chart (declared in ``wps_data.pagespec``)."""
        return next(p.key for p in PAGES.values() if self.chart_id in p.charts)


REGISTRY: dict[str, Chart] = {}
# Filters that narrow a chart to a level that may have no figure; without one, the chart shows its wider view.
NARROWING = ("regions", "statuses")


def chart(chart_id: str) -> Callable:
    """Register a draw function under ``chart_id`` (its page lists it in ``wps_data.pagespec``)."""

    def deco(fn: Callable[[Dataset, Filters, str], ChartResult]) -> Callable:
        REGISTRY[chart_id] = Chart(chart_id, fn)
        return fn

    return deco


def charts_for(page: str) -> list[Chart]:
    """Charts of a page, in display order."""
    return [REGISTRY[c] for c in PAGES[page].charts]


def draw(
    chart_id: str, ds: Dataset, filters: Filters | Mapping[str, Any] | None = None, lang: str = "en"
) -> ChartResult:
    """Draw a registered chart; KeyError names the valid ids."""
    if chart_id not in REGISTRY:
        raise KeyError(f"unknown chart {chart_id!r}; valid: {', '.join(REGISTRY)}")
    f = Filters.of(filters)
    result = REGISTRY[chart_id].draw(ds, f, lang)
    narrowed = {k: f[k] for k in NARROWING if k in f}
    if result.empty and narrowed:  # never a silent 'no figure': the wider view, marked as such
        wider = REGISTRY[chart_id].draw(ds, Filters({k: v for k, v in f.items() if k not in narrowed}), lang)
        if not wider.empty:
            wider.fallback = t("chart.fallback", lang, filters=Filters(narrowed).describe(lang))
            wider.title = t("chart.fallback_title", lang, title=wider.title)
            wider.figure.update_layout(title_text=fg.plain(wider.title))
            result = wider
    result.lang = lang
    result.figure.update_layout(separators=plotly_separators(lang))  # tick numbers: 22 700 / 1,5 in French
    if lang != "en":  # 20 000 rather than plotly's '20k' on value axes; year, date and category axes keep theirs
        result.figure.for_each_xaxis(_grouped_ticks)
        result.figure.for_each_yaxis(_grouped_ticks)
    return result


def _grouped_ticks(axis: go.layout.XAxis | go.layout.YAxis) -> None:
    if axis.tickformat is None and axis.type != "category":
        axis.update(tickformat=",~f")


# --- helpers shared by the theme modules ---------------------------------------------


def as_of(rows: pd.DataFrame, lang: str = "en") -> str:
    """'data for 2020-2023, latest source published 2023-03-28' / '... publiée le 28 mars 2023', in ``lang``."""
    lo, hi, published = mx.age(rows)
    return words.as_of(lo, hi, published, lang, empty=rows.empty)


def filter_years(f: Filters) -> tuple[int, int] | None:
    """The filter's year range as ints, or None."""
    y = f.get("years")
    return (int(y[0]), int(y[1])) if y else None


def sel(view: pd.DataFrame, f: Filters, **kw: Any) -> pd.DataFrame:
    """Rows of ``view`` within the filter's years, regions and statuses, and ``kw``'s columns."""
    return mx.filter_facts(
        view, years=filter_years(f), regions=f.get("regions") or None, statuses=f.get("statuses") or None, **kw
    )


def caveats(ds: Dataset, rows: pd.DataFrame, lang: str = "en") -> list[str]:
    """The indicators' caveats for the rows plotted: 'Label: caveat', in ``lang``."""
    if rows.empty:
        return []
    ind = ds.indicators.set_index("indicator")
    out = []
    for key in dict.fromkeys(rows["indicator"]):
        if key in ind.index and isinstance(ind.at[key, "caveat"], str) and ind.at[key, "caveat"]:
            label = words.indicator_label(key, ind.at[key, "label"], lang)
            out.append(words.label_value(label, words.indicator_caveat(key, ind.at[key, "caveat"], lang), lang))
    return out


def shown(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``rows`` with what the data names in ``lang``: subject, region, period, scope and indicator label.

    For the figure only: a chart's ``rows`` (its CSV, the fact tables) keep the data's own text.
    """
    if lang == "en" or rows.empty:
        return rows
    out = rows.copy()
    for col, fn in (("subject", words.name), ("region", words.name), ("period", words.period), ("scope", words.scope)):
        if col in out:
            out[col] = [fn(v, lang) for v in out[col]]
    if "label" in out and "indicator" in out:
        out["label"] = [
            words.indicator_label(i, lbl, lang) for i, lbl in zip(out["indicator"], out["label"], strict=True)
        ]
    return out


def empty(chart_id: str, lang: str, title: str) -> ChartResult:
    """The result of a chart with nothing to plot: a figure that says so."""
    fig = fg.base_layout(go.Figure(), title=title, subtitle=t("chart.no_data", lang))
    fig.add_annotation(
        text=fg.plain(t("chart.no_data_hint", lang)),
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        font={"size": 15},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return ChartResult(
        chart_id, title, t("chart.no_data", lang), fig, pd.DataFrame(), t("chart.no_data", lang), empty=True, lang=lang
    )


def subtitle(lang: str, unit_key: str, rows: pd.DataFrame) -> str:
    """'Unit; data for ..., latest source published ...'."""
    return t("chart.subtitle", lang, unit=t(f"unit.{unit_key}", lang), as_of=as_of(rows, lang))


def clip(text: str, n: int) -> str:
    """``text`` cut to ``n`` characters with an ellipsis."""
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def distinct_clips(texts: list[str], n: int) -> list[str]:
    """Each text cut to ``n`` characters, and still told apart from the others.

    A category axis draws labels that are equal as one slot: two bars cut to the same words
    ("... (direction régionale de la promotion de la femme)" for the total and for its rape
    cases) would be drawn over each other. Where cutting the end makes two labels equal, the
    middle is cut instead, keeping the words that tell them apart.
    """
    cut = [clip(x, n) for x in texts]
    seen: dict[str, int] = {}
    for c in cut:
        seen[c] = seen.get(c, 0) + 1
    out = []
    for full, c in zip(texts, cut, strict=True):
        if seen[c] > 1 and len(full) > n:
            head = n // 2
            tail = full[-(n - head) :]
            if not full[-(n - head) - 1].isspace() and " " in tail:  # from a word's start
                tail = tail.split(" ", 1)[1]
            c = full[: head - 1].rstrip() + "… " + tail.lstrip()
        out.append(c)
    return out


def _series_index(ds: Dataset) -> dict[str, pd.Index]:
    """Row labels of ``ds.view`` selected by each series of ``series.csv`` (computed once per dataset)."""
    view = ds.view
    narrow = view[[c for c in ("indicator", "subject", "sex_age", "year", "region", "scope") if c in view]]
    by_indicator = narrow.groupby("indicator", sort=False).indices  # a series selects within its indicator
    out = {}
    for s in ds.series.to_dict("records"):
        at = by_indicator.get(s["indicator"], np.array([], dtype=np.intp))
        out[s["series_id"]] = view.index[at[select_mask(narrow.iloc[at], s).to_numpy(dtype=bool)]]
    return out


def series_of(ds: Dataset, chart_id: str) -> list[str]:
    """The series ids ``series.csv`` declares for a chart, in file order."""
    return ds.series.loc[ds.series["chart_id"].eq(chart_id), "series_id"].tolist()


def series_rows(ds: Dataset, *series_ids: str, f: Filters | None = None) -> pd.DataFrame:
    """The facts the named series select (column ``series`` names each row's series), within the filters.

    Charts never name subjects: they name series, and ``series.csv`` says what each
    selects, so a renamed subject fails the build instead of emptying a chart.
    """
    index = ds.derived("series_index", _series_index)
    unknown = [s for s in series_ids if s not in index]
    if unknown:
        raise KeyError(f"unknown series {unknown}; declared: {', '.join(index)}")
    parts = [ds.view.loc[index[s]].assign(series=s) for s in series_ids]
    rows = pd.concat(parts) if parts else ds.view.iloc[0:0].assign(series=pd.Series(dtype=str))
    return sel(rows, f) if f is not None else rows


def chart_rows(ds: Dataset, chart_id: str, f: Filters | None = None) -> pd.DataFrame:
    """The facts of every series a chart declares, within the filters."""
    return series_rows(ds, *series_of(ds, chart_id), f=f)
