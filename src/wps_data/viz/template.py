"""The dashboard's plotly template: one colour-blind-safe palette (Okabe-Ito), one layout, one hover.

Every mark carries its fact_id, value, year and source in the hover, worded in the
reader's language. Layer: viz (imports plotly, pandas and ``wps_data.i18n``).
"""

from __future__ import annotations

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
                fmt_value(d["value"], d.get("unit", ""), lang),
                str(d.get("subject", "")),
                year or str(d.get("period") or t("hover.not_stated", lang)),
                f"{d.get('publisher', '')} ({d.get('published') or 'undated'})",
                str(d.get("fact_id", "")),
            ]
        )
    return out


def base_layout(fig: go.Figure, *, title: str, subtitle: str = "", height: int = 420) -> go.Figure:
    """Apply the dashboard's layout: title stating the finding, subtitle with unit and date."""
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "subtitle": {"text": subtitle}, "x": 0, "xanchor": "left", "font": {"size": 17}},
        font={"family": "DejaVu Sans, Arial, sans-serif", "size": 13, "color": "#222"},
        height=height,
        margin={"l": 10, "r": 20, "t": 80, "b": 50},
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0, "title": None},
        hoverlabel={"align": "left"},
        colorway=PALETTE,
    )
    return fig
