"""Figure layout: the room a chart's own text needs around the plot, measured before rendering.

Layer: exports. Imports ``exports.measure`` (text widths), plotly and pandas; never streamlit.

``exports.images.decorate`` sets an exported figure's margins from these numbers, so
axis labels, legends and notes are never clipped: category labels and legend items
are measured in the figures' font, numbers get a fixed allowance, and labels the chart
places beside its lines widen the right margin. A figure's text is escaped plotly text
(``viz.plain``): it is measured as plotly draws it, entities decoded (``shown_px``).
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from wps_data.exports.measure import BASE_FONT, text_px

MAP_TRACES = ("choropleth", "scattergeo")


def shown_px(text: object, font: float = BASE_FONT) -> float:
    """Width in CSS px of escaped plotly text as drawn: ``&lt;`` is one character, not four."""
    return text_px(html.unescape(str(text)), font)


def legend_entries(fig: go.Figure) -> list[str]:
    """The names a legend shows (none when the figure has no legend)."""
    if fig.layout.showlegend is False:
        return []
    names = [
        str(tr.name)
        for tr in fig.data
        if tr.showlegend is not False and tr.name and tr.visible is not False and tr.type not in ("heatmap",)
    ]
    explicit = any(tr.showlegend is True for tr in fig.data)
    return names if (len(names) >= 2 or explicit or fig.layout.showlegend) else []


def legend_rows(names: Sequence[str], width: float) -> int:
    """Rows of a horizontal legend that does not fit one row.

    Plotly then lines its items up in columns as wide as the widest item (symbol, gaps
    and text), within the plot area's width.
    """
    if not names:
        return 0
    if sum(76 + shown_px(n) for n in names) <= width:
        return 1
    widest = 76 + max(shown_px(n) for n in names)
    cols = max(1, int(width // widest))
    return math.ceil(len(names) / cols)


def is_text(values: Any) -> bool:
    """True when every value is a category label (text, or a list of levels)."""
    vals = list(values) if values is not None else []
    return bool(vals) and all(isinstance(v, str | list | tuple) for v in vals)


def label_px(values: Any, font: float = BASE_FONT) -> float:
    """Width in CSS px of the widest label (multicategory levels side by side; lines split at <br>)."""
    vals = list(values) if values is not None else []

    def widest(labels: Any) -> float:
        return max((shown_px(line, font) for v in labels for line in str(v).split("<br>")), default=0)

    if vals and isinstance(vals[0], list | tuple):  # multicategory: one list per level, side by side
        return sum(widest(level) + 24 for level in vals)
    return widest(vals)


def left_px(fig: go.Figure) -> float:
    """The left margin the y-axis labels need (category labels measured, numbers ~55 px)."""
    need = 12.0
    for tr in fig.data:
        if tr.type in MAP_TRACES:
            continue
        y = getattr(tr, "y", None)
        if y is None:
            continue
        need = max(need, label_px(y) + 20 if is_text(y) else 58.0)
    title = fig.layout.yaxis.title.text if fig.layout.yaxis and fig.layout.yaxis.title else None
    return need + (26 if title and fig.layout.yaxis.visible is not False else 0)


def bottom_axis_px(fig: go.Figure, plot_width: float) -> tuple[float, int | None]:
    """Height under the plot taken by x tick labels and the x-axis title, and the angle to turn labels by.

    Category labels that would overlap their neighbours are turned 30 degrees (90 when
    even that is too tight), and the angle is then set on the figure, so the room kept
    here is the room the labels take.
    """
    if fig.layout.xaxis.visible is False or all(tr.type in MAP_TRACES for tr in fig.data):
        return 6.0, None
    need, angle = 26.0, None
    cats: list[str] = []
    for tr in fig.data:
        x = getattr(tr, "x", None)
        if x is not None and is_text(x) and (getattr(tr, "orientation", None) or "v") == "v":
            cats.extend(str(v) for v in x)
    if cats and fig.layout.xaxis.tickangle is None:
        uniq = list(dict.fromkeys(cats))
        widths = [shown_px(c) / 1.04 for c in uniq]
        slot = plot_width / len(uniq)
        if any((a + b) / 2 > slot - 2 for a, b in itertools.pairwise(widths)) or max(widths) > 2 * slot:
            angle = 30 if slot >= 2.6 * BASE_FONT else 90
            need = max(widths) * (0.5 if angle == 30 else 1.0) + BASE_FONT + 16
        else:
            angle = 0
    if fig.layout.xaxis.title and fig.layout.xaxis.title.text:
        need += 26
    return need, angle


def as_number(value: Any) -> float | None:
    """A position on a numeric or date axis as a float (dates in days), or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return pd.Timestamp(value).value / 8.64e13
    except (ValueError, TypeError):
        return None


def x_range(fig: go.Figure) -> tuple[float, float] | None:
    """The x axis range as numbers: the figure's own, or the data's with 5% padding; None if unknown."""
    rng = fig.layout.xaxis.range
    if rng is not None and len(rng) == 2:
        lo, hi = as_number(rng[0]), as_number(rng[1])
        if lo is not None and hi is not None and hi > lo:
            return lo, hi
    nums: list[float] = []
    for tr in fig.data:
        x = getattr(tr, "x", None)
        if x is not None:
            nums.extend(n for n in (as_number(v) for v in list(x)) if n is not None)
    if len(nums) < 2 or max(nums) == min(nums):
        return None
    pad = (max(nums) - min(nums)) * 0.05
    return min(nums) - pad, max(nums) + pad


def right_px(fig: go.Figure, width: float, left: float, right: float) -> float:
    """A right margin wide enough for left-anchored labels on the x axis (line notes, timelines) or
    beside the plot (paper x >= 1: the quota chart's column of labels); at most 45% of the width."""
    given = right
    for ann in fig.layout.annotations or ():
        x = as_number(ann.x)
        if ann.xref == "paper" and ann.xanchor == "left" and ann.text and x is not None and x >= 1:
            size = ann.font.size or BASE_FONT
            label_px = max(shown_px(line, size) for line in str(ann.text).split("<br>"))
            right = max(right, label_px + (ann.xshift or 0) + 10)
    rng = x_range(fig)
    if rng is None:
        return right if right == given else min(right, width * 0.45)
    lo, hi = rng
    for ann in fig.layout.annotations or ():
        if (ann.xref or "x") != "x" or ann.xanchor != "left" or not ann.text:
            continue
        x = as_number(ann.x)
        if x is None:
            continue
        frac = min(max((x - lo) / (hi - lo), 0.0), 1.0)
        size = ann.font.size or BASE_FONT
        label_px = max(shown_px(line, size) for line in str(ann.text).split("<br>")) + 8
        if frac > 0:  # the label ends at left + frac * plot width + text_px: keep it inside the figure
            right = max(right, (width - left) - (width - 10 - left - label_px) / frac)
        else:
            right = max(right, label_px - (width - left - right))
    return min(right, width * 0.45)


def below_plot_annotations_px(fig: go.Figure, plot_px: float) -> float:
    """Room for annotations the chart itself puts under the plot (e.g. the map's boundary credit)."""
    need = 0.0
    for ann in fig.layout.annotations or ():
        if ann.yref == "paper" and ann.y is not None and ann.y < 0:
            need = max(need, -ann.y * plot_px + 22)
    return need


def category_rows(fig: go.Figure) -> int:
    """Categories stacked along the y axis (horizontal bars, timelines, heatmap rows)."""
    cats: set[str] = set()
    for tr in fig.data:
        y = getattr(tr, "y", None)
        if y is not None and is_text(y):
            vals = list(y)
            cats.update(str(v) for v in (vals[-1] if isinstance(vals[0], list | tuple) else vals))
    return len(cats)
