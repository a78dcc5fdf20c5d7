"""Figures of the Council desk: the member x topic matrix, the events timeline, event markers on year charts.

Every text entering a figure goes through ``plain`` (data never becomes markup). Kinds of
events are told by marker shape as well as colour; matrix cells carry their count as text.

Layer: viz. Imports plotly, pandas, ``wps_data.i18n`` and the template; never the dataset.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from wps_data.i18n import t
from wps_data.viz.template import BLACK, GREY, PALETTE, base_layout, plain, plain_all

SYMBOLS = ["circle", "diamond", "square", "triangle-up", "star", "x", "cross", "hexagon", "pentagon", "triangle-down"]
YEAR_MIN, YEAR_MAX = 1960, 2031


def council_matrix(
    counts: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    lang: str = "en",
    height: int | None = None,
    word_key: str = "council.statements",
) -> go.Figure:
    """Counts by row and column (members x topics, themes x resolutions); a cell's count is written in it."""
    z = counts.where(counts > 0)
    text = counts.astype(int).astype(str).where(counts > 0, "")
    word = plain(t(word_key, lang))
    fig = go.Figure(
        go.Heatmap(
            z=z.values,
            x=plain_all(list(counts.columns)),
            y=plain_all(list(counts.index)),
            colorscale="Blues",
            zmin=0,
            zauto=False,
            zmax=max(1, int(counts.to_numpy().max())),
            showscale=False,  # every cell writes its count: a colour scale would add nothing
            hovertemplate="%{y} · %{x}: %{z} " + word + "<extra></extra>",
            xgap=2,
            ygap=2,
            text=text.values,
            texttemplate="%{text}",
        )
    )
    fig.update_xaxes(type="category", title=None, side="bottom", tickangle=0, automargin=True)
    fig.update_yaxes(type="category", title=None, autorange="reversed", automargin=True)
    return base_layout(fig, title=title, subtitle=subtitle, height=height or max(360, 34 * len(counts) + 160))


def events_timeline(events: pd.DataFrame, *, title: str, subtitle: str, lang: str = "en") -> go.Figure:
    """One marker per event on a year axis, a row per kind; hover gives the label and the date as the source has it.

    ``events`` has columns ``x`` (position in years), ``kind_label``, ``label``, ``date_text``.
    """
    fig = go.Figure()
    kinds = list(dict.fromkeys(events["kind_label"]))
    for i, kind in enumerate(kinds):
        part = events[events["kind_label"] == kind]
        fig.add_trace(
            go.Scatter(
                x=part["x"],
                y=[plain(kind)] * len(part),
                mode="markers",
                name=plain(kind),
                marker={
                    "size": 13,
                    "symbol": SYMBOLS[i % len(SYMBOLS)],
                    "color": PALETTE[i % len(PALETTE)],
                    "line": {"width": 1, "color": BLACK},
                },
                customdata=list(zip(plain_all(list(part["label"])), plain_all(list(part["date_text"])), strict=True)),
                hovertemplate="%{customdata[1]}<br>%{customdata[0]}<extra></extra>",
            )
        )
    fig.update_xaxes(tickformat="d", dtick=1, title=plain(t("filter.year", lang)), showgrid=True)
    fig.update_yaxes(type="category", title=None, autorange="reversed", automargin=True)
    fig = base_layout(fig, title=title, subtitle=subtitle, height=max(320, 48 * len(kinds) + 200))
    fig.update_layout(showlegend=False)
    return fig


def is_year_axis(fig: go.Figure) -> bool:
    """True when every trace plots numbers that are years on x (a line or dots over years)."""
    xs: list[float] = []
    for trace in fig.data:
        if getattr(trace, "type", None) not in ("scatter", "bar") or getattr(trace, "orientation", None) == "h":
            return False
        values = getattr(trace, "x", None)
        if values is None:
            continue
        try:
            xs += [float(v) for v in values if v is not None]
        except (TypeError, ValueError):
            return False
    return bool(xs) and all(YEAR_MIN <= v <= YEAR_MAX for v in xs)


def add_event_markers(fig: go.Figure, events: pd.DataFrame, lang: str = "en") -> int:
    """Dotted vertical lines at the events within the chart's years, each with a hover label; returns how many.

    ``events`` has ``x``, ``label`` and ``date_text``. A figure whose x axis is not years is left alone.
    """
    if events.empty or not is_year_axis(fig):
        return 0
    xs = [float(v) for tr in fig.data for v in (tr.x if tr.x is not None else []) if v is not None]
    lo, hi = min(xs) - 0.5, max(xs) + 0.5
    inside = events[(events["x"] >= lo) & (events["x"] <= hi)]
    for x in inside["x"]:
        fig.add_vline(x=float(x), line={"dash": "dot", "width": 1, "color": GREY})
    if len(inside):
        fig.add_trace(
            go.Scatter(
                x=inside["x"],
                y=[1.0] * len(inside),
                yaxis="y9",
                mode="markers",
                name=plain(t("events.on_chart", lang)),
                marker={"symbol": "triangle-down", "size": 11, "color": GREY, "line": {"width": 1, "color": BLACK}},
                customdata=list(
                    zip(plain_all(list(inside["label"])), plain_all(list(inside["date_text"])), strict=True)
                ),
                hovertemplate="%{customdata[1]}: %{customdata[0]}<extra></extra>",
                showlegend=True,
            )
        )
        fig.update_layout(yaxis9={"overlaying": "y", "range": [0, 1.04], "visible": False, "fixedrange": True})
    return len(inside)
