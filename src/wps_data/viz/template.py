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

import pandas as pd
import plotly.graph_objects as go

from wps_data.i18n import fmt_value, t

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
                    d.get("subject", ""),
                    year or (d.get("period") or t("hover.not_stated", lang)),
                    f"{d.get('publisher', '')} ({d.get('published') or 'undated'})",
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
