"""The regional map: filled polygons of Mali's 2015 regions on lon/lat axes, drawn offline.

Drawn with plain scatter fills rather than plotly's geo subplot, which fetches its base
map from a CDN: the dashboard (and image export) must work with no network at all.
A region's ``label`` is plotly text already (its data parts escaped with ``template.plain``
and joined with ``<br>``); every other text is escaped here. Layer: viz.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from wps_data.i18n import t, words
from wps_data.i18n.formats import percent_suffix
from wps_data.viz.template import GREY, base_layout, plain

MAP_SCALE = "Blues"


def region_map(
    values: pd.DataFrame, geojson: dict, *, title: str, subtitle: str, unit: str, lang: str = "en"
) -> go.Figure:
    """Regions as filled polygons on lon/lat axes; regions without a value are grey 'no data'.

    ``values`` has ``map_shape``, ``value`` and ``label``: plotly text whose data parts are
    already escaped with ``template.plain`` (it may hold ``<br>`` between them).
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
            text = plain(words.label_value(name, t("chart.no_data_short", lang), lang)) + (
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
                name=plain(t("chart.no_data_short", lang) if not has else name),
                showlegend=not has and not nodata_shown,
                legendgroup="nodata" if not has else name,
            )
            nodata_shown = nodata_shown or not has
        cx, cy = _centroid(polygons[0][0])
        fig.add_annotation(
            x=cx,
            y=cy,
            text=plain(name.replace("Koulikouro", "Koulikoro").replace("Segou", "Ségou")),
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
            "colorbar": {
                "title": plain(t(f"unit.{unit}", lang)),
                "ticksuffix": percent_suffix(lang) if unit == "percent" else "",
                "thickness": 14,
                **({"tickformat": ",~f"} if lang != "en" else {}),  # 180 000, not plotly's '180k'
            },
        },
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.05)
    fig.add_annotation(
        text=plain(t("map.credit", lang)),
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
