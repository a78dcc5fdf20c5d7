"""Pure DataFrame -> plotly Figure builders. Never imports streamlit.

One colour-blind-safe palette (Okabe-Ito), one layout. Every mark carries its
fact_id, value, year and source in the hover. Compliance with the quota is told by
colour AND by a text label, never by colour alone. Missing years break lines.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

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
HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Year: %{customdata[2]}"
    "<br>Source: %{customdata[3]}<br><i>%{customdata[4]}</i><extra></extra>"
)


def fmt_value(value: float, unit: str) -> str:
    """A value as a reader would write it: 28.57%, 14,264, 8.8 million, USD 751 million."""
    if value is None or pd.isna(value):
        return "no data"
    if unit == "percent":
        return f"{value:g}%"
    if unit == "usd":
        return f"USD {fmt_number(value)}"
    if unit == "per_100000":
        return f"{value:g} per 100,000"
    if unit in ("date", "year", "paragraph"):
        return f"{int(value)}"
    return fmt_number(value)


def fmt_number(value: float) -> str:
    """14264 -> '14,264'; 8800000 -> '8.8 million'; keeps the source's precision."""
    if abs(value) >= 1e9 and (value / 1e9) == round(value / 1e9, 3):
        return f"{value / 1e9:g} billion"
    if abs(value) >= 1e6 and (value / 1e6) == round(value / 1e6, 3):
        return f"{value / 1e6:g} million"
    if float(value).is_integer():
        return f"{value:,.0f}"
    decimals = len(repr(float(value)).split(".")[1]) if "e" not in repr(float(value)) else 6
    return f"{value:,.{decimals}f}"


def _custom(df: pd.DataFrame) -> list[list[str]]:
    out = []
    for r in df.itertuples(index=False):
        d = r._asdict()
        if pd.isna(d.get("value")):
            out.append(["no data", "", "", "", ""])
            continue
        year = "" if pd.isna(d.get("year")) else str(int(d["year"]))
        out.append(
            [
                fmt_value(d["value"], d.get("unit", "")),
                str(d.get("subject", "")),
                year or str(d.get("period") or "not stated"),
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


def quota_bars(q: pd.DataFrame, *, title: str, subtitle: str, quota: float = 30.0) -> go.Figure:
    """Women's share per body, grouped by branch, with the quota line; labels say meets/short.

    One trace keeps the order (branch, then share); two legend-only traces explain colours.
    """
    q = q.sort_values(["branch", "value"], ascending=[False, True])
    year = ["undated" if pd.isna(y) else str(int(y)) for y in q["year"]]
    names = [lbl if y in lbl else f"{lbl} ({y})" for lbl, y in zip(q["short_label"], year, strict=True)]
    labels = [
        f"{v:.4g}%  meets quota" if ok else f"{v:.4g}%  {g:.2f} pts short"
        for v, ok, g in zip(q["value"], q["compliant"], q["gap_points"], strict=True)
    ]
    colours = [BLUE if ok else VERMILLION for ok in q["compliant"]]
    fig = go.Figure()
    fig.add_bar(
        y=[q["branch"].tolist(), names],
        x=q["value"],
        orientation="h",
        marker_color=colours,
        text=labels,
        textposition="outside",
        cliponaxis=False,
        constraintext="none",
        textfont={"size": 12},
        showlegend=False,
        customdata=_custom(q.assign(unit="percent")),
        hovertemplate=HOVER,
    )
    for name, colour in (("Meets the 30% quota", BLUE), ("Below the 30% quota", VERMILLION)):
        fig.add_bar(
            x=[None],
            y=[[q["branch"].iloc[0]], [names[0]]],
            name=name,
            marker_color=colour,
            orientation="h",
            hoverinfo="skip",
        )
    fig.add_vline(
        x=quota,
        line_dash="dash",
        line_color=BLACK,
        line_width=1.5,
        annotation_text=f"{quota:g}% quota (Law 2015-052)",
        annotation_position="top",
    )
    fig.update_xaxes(
        range=[0, max(60.0, float(q["value"].max()) + 25)], ticksuffix="%", title="Women's share of members"
    )
    fig.update_yaxes(automargin=True)
    return base_layout(fig, title=title, subtitle=subtitle, height=max(420, 30 * len(q) + 160))


def lines_by_year(
    df: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    series: str = "subject",
    ref_lines: Sequence[tuple[float, str]] = (),
    y_title: str = "",
    percent: bool = False,
    annotations: Sequence[tuple[int, str]] = (),
    markers_only_series: Sequence[str] = (),
) -> go.Figure:
    """Lines over years; rows with NaN value (from with_gaps) break the line."""
    fig = go.Figure()
    for i, (name, grp) in enumerate(df.groupby(series, sort=False)):
        grp = grp.sort_values("year")
        mode = "markers" if name in markers_only_series else "lines+markers"
        fig.add_scatter(
            x=grp["year"],
            y=grp["value"],
            name=str(name),
            mode=mode,
            connectgaps=False,
            line={"color": PALETTE[i % len(PALETTE)], "width": 2.5},
            marker={
                "size": 8,
                "symbol": ["circle", "square", "diamond", "triangle-up", "x", "cross", "star", "hexagon"][i % 8],
            },
            customdata=_custom(grp),
            hovertemplate=HOVER,
        )
    for value, label in ref_lines:
        fig.add_hline(
            y=value, line_dash="dash", line_color=BLACK, annotation_text=label, annotation_position="top left"
        )
    for year, text in annotations:
        fig.add_vline(
            x=year,
            line_dash="dot",
            line_color=GREY,
            annotation_text=text,
            annotation_position="top right",
            annotation_font_size=11,
        )
    years = df["year"].dropna()
    x_range = [float(years.min()) - 0.5, float(years.max()) + 0.5] if not years.empty else None
    fig.update_xaxes(dtick=1 if _span(df) <= 14 else 2, title=None, tickformat="d", range=x_range)
    fig.update_yaxes(title=y_title, ticksuffix="%" if percent else "", rangemode="tozero")
    return base_layout(fig, title=title, subtitle=subtitle)


def _span(df: pd.DataFrame) -> int:
    y = df["year"].dropna()
    return int(y.max() - y.min()) if not y.empty else 0


def bars(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    subtitle: str,
    color: str | None = None,
    orientation: str = "v",
    barmode: str = "group",
    percent: bool = False,
    colour_map: dict[str, str] | None = None,
    y_title: str = "",
    ref_lines: Sequence[tuple[float, str]] = (),
) -> go.Figure:
    """Bars with value labels; grouped (never stacked) so different measures never add up."""
    fig = go.Figure()
    groups = [(None, df)] if color is None else list(df.groupby(color, sort=False))
    for i, (name, grp) in enumerate(groups):
        colour = (colour_map or {}).get(str(name), PALETTE[i % len(PALETTE)])
        text = [fmt_value(v, u) for v, u in zip(grp["value"], grp["unit"], strict=True)]
        kw = dict(x=grp[x], y=grp[y]) if orientation == "v" else dict(x=grp[y], y=grp[x])
        fig.add_bar(
            **kw,
            orientation=orientation,
            name=str(name) if name is not None else "",
            marker_color=colour,
            text=text,
            textposition="outside",
            cliponaxis=False,
            customdata=_custom(grp),
            hovertemplate=HOVER,
            showlegend=name is not None,
        )
    fig.update_layout(barmode=barmode)
    val_axis = fig.update_yaxes if orientation == "v" else fig.update_xaxes
    val_axis(ticksuffix="%" if percent else "", title=y_title, rangemode="tozero")
    if orientation == "v":
        fig.update_xaxes(type="category", title=None)
        top = float(df["value"].max()) if len(df) else 1
        fig.update_yaxes(range=[0, top * 1.18])
    else:
        fig.update_yaxes(type="category", automargin=True, title=None, categoryorder="trace")
        top = float(df["value"].max()) if len(df) else 1
        fig.update_xaxes(range=[0, top * 1.3])
    for value, label in ref_lines:
        (fig.add_hline if orientation == "v" else fig.add_vline)(
            value, line_dash="dash", line_color=BLACK, annotation_text=label
        )
    height = 420 if orientation == "v" else max(320, 34 * df[x].nunique() * max(1, len(groups)) // 1 + 150)
    return base_layout(fig, title=title, subtitle=subtitle, height=min(height, 900))


def dots_by_year(
    df: pd.DataFrame,
    *,
    colour: str,
    symbol: str,
    title: str,
    subtitle: str,
    colour_map: dict[str, str],
    y_title: str = "",
) -> go.Figure:
    """One marker per figure: colour = kind of count, symbol = series. Nothing is stacked or summed."""
    fig = go.Figure()
    symbols = ["circle", "square", "diamond", "triangle-up", "x", "cross", "star", "hexagon", "pentagon"]
    series = list(dict.fromkeys(df[symbol]))
    for (kind, name), grp in df.groupby([colour, symbol], sort=False):
        fig.add_scatter(
            x=grp["year"],
            y=grp["value"],
            mode="markers+text",
            name=f"{kind}: {name}",
            text=[fmt_value(v, u) for v, u in zip(grp["value"], grp["unit"], strict=True)],
            textposition="middle right",
            cliponaxis=False,
            marker={
                "size": 13,
                "color": colour_map.get(kind, GREY),
                "symbol": symbols[series.index(name) % len(symbols)],
                "line": {"width": 1, "color": "#fff"},
            },
            customdata=_custom(grp),
            hovertemplate=HOVER,
        )
    years = df["year"].dropna()
    fig.update_xaxes(
        dtick=1,
        tickformat="d",
        title=None,
        range=[float(years.min()) - 0.7, float(years.max()) + 0.9] if not years.empty else None,
    )
    fig.update_yaxes(title=y_title, rangemode="tozero")
    fig = base_layout(fig, title=title, subtitle=subtitle, height=520)
    fig.update_layout(legend={"orientation": "v", "y": -0.12, "font": {"size": 11}})
    return fig


def timeline(df: pd.DataFrame, *, title: str, subtitle: str) -> go.Figure:
    """Mandates as bars from adoption to mandate end; labels carry the ceilings."""
    fig = go.Figure()
    for i, r in enumerate(df.itertuples(index=False)):
        start, end = pd.Timestamp(r.adopted), pd.Timestamp(r.ends)
        fig.add_scatter(
            x=[start, end],
            y=[r.resolution, r.resolution],
            mode="lines+markers",
            line={"width": 14, "color": PALETTE[i % len(PALETTE)]},
            name=r.resolution,
            marker={"size": 10},
            showlegend=False,
            hovertemplate=(
                f"<b>{r.resolution}</b><br>adopted {r.adopted}<br>mandate until {r.ends}<br>{r.ceilings}<extra></extra>"
            ),
        )
        fig.add_annotation(
            x=end,
            y=r.resolution,
            text=f"  until {r.ends}; {r.ceilings}",
            showarrow=False,
            xanchor="left",
            font={"size": 12},
        )
    fig.update_yaxes(type="category", autorange="reversed", title=None)
    fig.update_xaxes(
        title=None,
        range=[
            pd.Timestamp(df["adopted"].min()) - pd.Timedelta(days=60),
            pd.Timestamp(df["ends"].max()) + pd.Timedelta(days=700),
        ],
    )
    return base_layout(fig, title=title, subtitle=subtitle, height=120 + 70 * len(df))


def coverage_heatmap(tab: pd.DataFrame, *, title: str, subtitle: str) -> go.Figure:
    """Facts per theme and year; empty cells are gaps."""
    z = tab.where(tab > 0)
    fig = go.Figure(
        go.Heatmap(
            z=z.values,
            x=[str(c) for c in tab.columns],
            y=list(tab.index),
            colorscale="Blues",
            hovertemplate="%{y}, %{x}: %{z} figures<extra></extra>",
            xgap=2,
            ygap=2,
            colorbar={"title": "figures"},
            text=z.fillna(0).astype(int).astype(str).replace("0", "").values,
            texttemplate="%{text}",
        )
    )
    fig.update_xaxes(type="category", title=None)
    fig.update_yaxes(autorange="reversed", title=None)
    return base_layout(fig, title=title, subtitle=subtitle, height=380)


def region_map(values: pd.DataFrame, geojson: dict, *, title: str, subtitle: str, unit: str) -> go.Figure:
    """Regions as filled polygons on lon/lat axes; regions without a value are grey 'no data'.

    Drawn with plain scatter fills rather than plotly's geo subplot, which fetches its base
    map from a CDN: the dashboard (and image export) must work with no network at all.
    """
    by_shape = values.set_index("map_shape") if not values.empty else pd.DataFrame(columns=["value", "label"])
    known = by_shape["value"].dropna().astype(float)
    lo, hi = (float(known.min()), float(known.max())) if not known.empty else (0.0, 1.0)
    fig = go.Figure()
    nodata_shown = False
    for feature in geojson["features"]:
        name = feature["properties"]["shapeName"]
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        has = name in by_shape.index and pd.notna(by_shape.loc[name, "value"])
        if has:
            v = float(by_shape.loc[name, "value"])
            frac = 0.5 if hi == lo else (v - lo) / (hi - lo)
            colour = sample_colorscale(MAP_SCALE, [0.15 + 0.85 * frac])[0]
            text = str(by_shape.loc[name, "label"])
        else:
            colour = "#e6e6e6"
            text = f"{name}: no data" + (
                f"<br>{by_shape.loc[name, 'label']}" if name in by_shape.index and by_shape.loc[name, "label"] else ""
            )
        for poly in polygons:
            ring = poly[0]
            fig.add_scatter(
                x=[p[0] for p in ring],
                y=[p[1] for p in ring],
                mode="lines",
                fill="toself",
                fillcolor=colour,
                line={"color": "#444", "width": 0.8},
                hoveron="fills",
                text=text,
                hovertemplate="%{text}<extra></extra>",
                name="no data" if not has else name,
                showlegend=not has and not nodata_shown,
                legendgroup="nodata" if not has else name,
            )
            nodata_shown = nodata_shown or not has
        cx, cy = _centroid(polygons[0][0])
        fig.add_annotation(
            x=cx,
            y=cy,
            text=name.replace("Koulikouro", "Koulikoro").replace("Segou", "Ségou"),
            showarrow=False,
            font={"size": 11, "color": "#222"},
        )
    fig.add_scatter(
        x=[None],
        y=[None],
        mode="markers",
        showlegend=False,
        hoverinfo="skip",
        marker={
            "colorscale": [[0, sample_colorscale(MAP_SCALE, [0.15])[0]], [1, sample_colorscale(MAP_SCALE, [1.0])[0]]],
            "cmin": lo,
            "cmax": hi,
            "color": [lo],
            "showscale": True,
            "colorbar": {"title": unit, "ticksuffix": "%" if unit == "percent" else "", "thickness": 14},
        },
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.05)
    fig.add_annotation(
        text="Boundaries: geoBoundaries (CC BY 4.0), 2015 regions",
        x=0,
        y=-0.04,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 11, "color": GREY},
        xanchor="left",
    )
    fig = base_layout(fig, title=title, subtitle=subtitle, height=560)
    fig.update_layout(plot_bgcolor="#ffffff", legend={"y": -0.08})
    return fig


MAP_SCALE = "Blues"


def _centroid(ring: list) -> tuple[float, float]:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def load_geojson(path: Path) -> dict:
    """Read the region boundaries, rewound for plotly's geo projection (see ``rewind_for_d3``)."""
    return rewind_for_d3(json.loads(path.read_text(encoding="utf-8")))


def _ring_area(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring)) / 2


def rewind_for_d3(geojson: dict) -> dict:
    """Exterior rings clockwise, holes counter-clockwise: the d3-geo order plotly's maps use.

    GeoJSON (RFC 7946) winds exteriors counter-clockwise; d3 reads such a ring as the
    whole globe minus the region, and the map draws nothing. Returns a rewound copy.
    """
    out = json.loads(json.dumps(geojson))
    for feature in out["features"]:
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for poly in polygons:
            for i, ring in enumerate(poly):
                clockwise = _ring_area(ring) < 0
                if (i == 0) != clockwise:
                    ring.reverse()
    return out
