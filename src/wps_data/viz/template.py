"""The dashboard's plotly template: one colour-blind-safe palette (Okabe-Ito), one layout, one hover.

Every mark carries its fact_id, value, year and source in the hover, worded in the
reader's language. Layer: viz (imports plotly, pandas and ``wps_data.i18n``).

The one rule for text in a figure: every string derived from the data (titles and
subtitles, category labels, legend names, annotations, hover data) passes through
``plain`` once, as it enters the figure, so plotly shows it as typed. Plotly renders a
subset of HTML in all its text (``<a href>``, ``<b>``, ``<br>``, ``<span style>``...) and
decodes entities; ``plain`` escapes ``&``, ``<``, ``>`` and ``$`` (plotly's TeX delimiter)
as entities and replaces control characters (which would make an SVG export invalid XML).
Markup the code itself adds (the hover's ``<br>``) is joined around escaped values.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from wps_data.i18n import fmt_value, t, words
from wps_data.i18n.formats import fmt_when

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
BLUE, ORANGE, GREEN, PINK, SKY, VERMILLION, YELLOW, BLACK = PALETTE
STATUS_COLOURS = {
    "verified": BLUE,
    "reported": ORANGE,
    "documented": GREEN,
    "estimated": SKY,
    "target": PINK,
    "planned": SKY,
    "funded": GREEN,
    "official": BLACK,
    "authorised": BLUE,
    "forecast": PINK,
}
GREY = "#8c8c8c"

# Characters XML 1.0 forbids (C0 controls but tab/newline/return, surrogates, U+FFFE/U+FFFF), and DEL/C1.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_PLOTLY_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;"}


def printable(text: object) -> str:
    """``text`` as a string with each control character replaced by U+FFFD, so any XML (SVG) holding it is valid."""
    return _CONTROL.sub("\ufffd", str(text))


def plain(text: object) -> str:
    """``text`` for plotly: shown exactly as typed, never as markup, a link, TeX or an entity."""
    return "".join(_PLOTLY_ESCAPES.get(c, c) for c in printable(text))


def plain_all(values: Any) -> Any:
    """Category labels for plotly: every string (also inside multicategory lists) escaped; numbers and dates kept."""
    if values is None or isinstance(values, str):
        return values if values is None else plain(values)
    return [plain_all(v) if isinstance(v, str | list | tuple) else v for v in values]


def hover(lang: str = "en") -> str:
    """The hover template of every mark: value, subject, year, source, fact id."""
    return (
        "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>" + t("hover.year", lang) + " %{customdata[2]}"
        "<br>" + t("hover.source", lang) + " %{customdata[3]}<br><i>%{customdata[4]}</i><extra></extra>"
    )


HOVER = hover("en")


def custom(df: pd.DataFrame, lang: str = "en") -> list[list[str]]:
    """The hover data of each row: value, subject, year (or period), publisher and date, fact id."""
    out = []
    for r in df.itertuples(index=False):
        d = r._asdict()
        if pd.isna(d.get("value")):
            out.append([t("chart.no_data_short", lang), "", "", "", ""])
            continue
        year = "" if pd.isna(d.get("year")) else str(int(d["year"]))
        out.append(
            [
                plain(x)
                for x in (
                    fmt_value(d["value"], d.get("unit", ""), lang),
                    words.name(d.get("subject", ""), lang),
                    year or (words.period(d.get("period"), lang) or t("hover.not_stated", lang)),
                    f"{d.get('publisher', '')} ({fmt_when(d.get('published'), lang) or t('hover.undated', lang)})",
                    d.get("fact_id", ""),
                )
            ]
        )
    return out


def base_layout(fig: go.Figure, *, title: str, subtitle: str = "", height: int = 420) -> go.Figure:
    """Apply the dashboard's layout: title stating the finding, subtitle with unit and date (escaped here)."""
    fig.update_layout(
        template="plotly_white",
        title={
            "text": plain(title),
            "subtitle": {"text": plain(subtitle)},
            "x": 0,
            "xanchor": "left",
            "font": {"size": 17},
        },
        font={"family": "DejaVu Sans, Arial, sans-serif", "size": 13, "color": "#222"},
        height=height,
        margin={"l": 10, "r": 20, "t": 80, "b": 50},
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0, "title": None},
        hoverlabel={"align": "left"},
        colorway=PALETTE,
    )
    return fig


# --- the figure as the app shows it: readable at any width ---------------------------------

YEARS = (1900, 2100)  # x values all whole numbers in this range: an axis of years
X_LABEL_CHARS = 16  # a category label under the x axis wraps after this many characters
Y_LABEL_CHARS = 28  # a category label beside the y axis (horizontal bars)
LEGEND_CHARS = 42  # a legend entry; with the legend below the plot, a phone holds ~45
LINE_PX = 15  # the height of a line of tick labels
BAR_PATTERNS = ("", "/", ".", "x", "\\", "+", "-", "|")  # the first series plain, the others hatched


def wrap_text(text: str, width: int) -> str:
    """Plotly text broken at spaces (``<br>``) into lines of at most ``width`` characters.

    Only for text already escaped with ``plain`` (an entity holds no space, so none is cut);
    text that already holds a line break, and a word longer than ``width``, are kept whole.
    """
    if len(text) <= width or "<br>" in text:
        return text
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _axis_values(fig: go.Figure, axis: str) -> list[Any]:
    """The values traces put on the ``axis`` letter ("x" or "y") of the first subplot, in trace order."""
    out: list[Any] = []
    for tr in fig.data:
        if (getattr(tr, f"{axis}axis", None) or axis) != axis:
            continue
        values = getattr(tr, axis, None)
        if values is not None:
            out.extend(list(values))
    return out


def _present(values: list[Any]) -> list[Any]:
    return [v for v in values if v is not None and not (isinstance(v, float) and pd.isna(v))]


def _is_years(values: list[Any]) -> bool:
    """Every value a whole number in ``YEARS`` (and at least one value)."""
    nums = _present(values)
    return bool(nums) and all(
        isinstance(v, int | float | np.integer | np.floating)
        and not isinstance(v, bool)
        and float(v).is_integer()
        and YEARS[0] <= v <= YEARS[1]
        for v in nums
    )


def _category_labels(axis: Any, values: list[Any], width: int, room: float | None = None) -> dict[str, Any]:
    """tickvals/ticktext wrapping long string categories (never multi-level ones), or nothing.

    ``room``: the pixels each category has along the axis (rows of horizontal bars), so that
    a wrapped label never runs into the next one; none wraps when a row holds one line.
    """
    cats = list(dict.fromkeys(_present(values)))
    if not cats or not all(isinstance(c, str) for c in cats) or axis.tickvals is not None:
        return {}
    lines = int(room // LINE_PX) if room is not None else 3
    if lines < 2 or all(len(c) <= width for c in cats):
        return {}
    width = max(width, *(-(-len(c) // lines) + 4 for c in cats))  # at most `lines` lines each
    return {"tickmode": "array", "tickvals": cats, "ticktext": [wrap_text(c, width) for c in cats]}


def _pattern_bar_groups(fig: go.Figure) -> None:
    """Bars of different series side by side told apart by a fill pattern too, not by colour alone.

    Only where two or more bar series with a legend entry (the pattern shows in its swatch)
    share a category, so that their bars stand side by side; a bar coloured by what its own
    label says (a region, the quota's meets or short) keeps its plain fill.
    """
    series, seen, shared = [], set(), False
    for tr in fig.data:
        if tr.type != "bar" or tr.showlegend is False or not tr.name:
            continue
        horizontal = tr.orientation == "h"
        values, cats = (tr.x, tr.y) if horizontal else (tr.y, tr.x)
        if not _present(list(values if values is not None else [])) or cats is None:
            continue
        keys = {str(c) for c in cats}
        shared = shared or bool(keys & seen)
        seen |= keys
        series.append(tr)
    if len(series) < 2 or not shared:
        return
    for i, tr in enumerate(series):
        if not (tr.marker.pattern and tr.marker.pattern.shape):
            tr.marker.pattern = {"shape": BAR_PATTERNS[i % len(BAR_PATTERNS)], "solidity": 0.25}


def screen_figure(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` laid out to read at any width, from a 390 px phone to a printed page.

    Legend below the plot, horizontal, its long entries wrapped; bar series side by side told
    apart by a fill pattern as well as colour; x tick labels level (never
    tilted off the canvas); an axis of years shown as whole years (``tickformat="d"``, linear,
    one year apart over short spans); long category labels wrapped. The app's frame script
    (``app.frame``) then spaces the labels and wraps the title to the width actually drawn.
    ``fig`` is not changed (charts are cached and shared).
    """
    out = go.Figure(fig)
    y = out.layout.legend.y
    out.update_layout(
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "yanchor": "top",
            "y": y if y is not None and y < 0 else -0.15,
        }
    )
    for tr in out.data:
        if tr.showlegend is not False and isinstance(tr.name, str):
            tr.name = wrap_text(tr.name, LEGEND_CHARS)
    _pattern_bar_groups(out)
    xs, ys = _axis_values(out, "x"), _axis_values(out, "y")
    xaxis, yaxis = out.layout.xaxis, out.layout.yaxis
    if xaxis.visible is not False:
        out.update_xaxes(tickangle=0)
        strings = bool(_present(xs)) and all(isinstance(v, str) for v in _present(xs))
        if xaxis.type not in ("category", "multicategory", "date", "log") and (
            xaxis.tickformat == "d" or _is_years(xs)
        ):
            years = [float(v) for v in _present(xs) if not isinstance(v, str)]
            xaxis.update(type="linear", tickformat="d")
            if years and max(years) - min(years) <= 6 and xaxis.dtick is None:
                xaxis.update(dtick=1)  # auto ticks would step by half years over a short span
        elif xaxis.type == "category" or strings:
            xaxis.update(_category_labels(xaxis, xs, X_LABEL_CHARS))
    strings = bool(_present(ys)) and all(isinstance(v, str) for v in _present(ys))
    if yaxis.visible is not False and (yaxis.type == "category" or strings):
        rows = len(dict.fromkeys(v for v in _present(ys) if isinstance(v, str))) or 1
        room = ((out.layout.height or 450) - 150) / rows  # the plot's height, margins and legend aside
        yaxis.update(_category_labels(yaxis, ys, Y_LABEL_CHARS, room))
    if out.layout.height and out.layout.title.text:
        # The title at the top of the canvas, the subtitle under it, both above the plot: where the
        # frame script puts it (``titleUpdate``), sent in place so no browser redraws a chart for it.
        out.update_layout(title={"yref": "container", "y": 1 - TITLE_TOP_PX / out.layout.height, "yanchor": "top"})
    return out


TITLE_TOP_PX = 16  # the title's top below the canvas's top edge; frame.js uses the same 16 px
