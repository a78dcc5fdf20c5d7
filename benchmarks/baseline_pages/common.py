"""What every baseline page draws: k small plotly charts or one table, from inline data.

No data layer: no Parquet, no validation, no caching. The numbers are generated from
a fixed seed on every run, the way a minimal Streamlit app would draw them. The
figures have a few traces of about 20 points each, like the dashboard's charts.
"""

from __future__ import annotations

import random

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from wps_data.pagespec import PAGES

POINTS = 20
TRACES = 3

# What each page of the dashboard shows, read from its page spec (the one declaration of a
# page's charts): that many plotly charts, and a table (rows, columns) for the pages that
# have no chart. Only the declaration is imported, none of the data layer.
CHARTS: dict[str, int] = {key: len(spec.charts) for key, spec in PAGES.items()}
# The table pages' size on screen, measured with AppTest on the real app: disagree lists 13
# conflicts (about 30 sources of 12 fields in all; cards of text since 3 December), sources
# and explorer 25 rows a page, the changes page the 6 changes since the release it starts from.
TABLES: dict[str, tuple[int, int]] = {"disagree": (30, 12), "sources": (25, 9), "explorer": (25, 12), "changes": (6, 7)}
CHOROPLETH = {"map"}

# Nine small squares standing in for regions: a choropleth like the dashboard's map.
_SQUARES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": f"R{i}",
            "properties": {"name": f"Region {i}"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [-12 + 2 * (i % 3), 12 + 2 * (i // 3)],
                        [-10 + 2 * (i % 3), 12 + 2 * (i // 3)],
                        [-10 + 2 * (i % 3), 14 + 2 * (i // 3)],
                        [-12 + 2 * (i % 3), 14 + 2 * (i // 3)],
                        [-12 + 2 * (i % 3), 12 + 2 * (i // 3)],
                    ]
                ],
            },
        }
        for i in range(9)
    ],
}


def _figure(rng: random.Random, i: int) -> go.Figure:
    years = list(range(2005, 2005 + POINTS))
    fig = go.Figure()
    for tr in range(TRACES):
        ys = [round(rng.uniform(0, 100), 2) for _ in years]
        if i % 2:
            fig.add_bar(x=years, y=ys, name=f"series {tr + 1}")
        else:
            fig.add_scatter(x=years, y=ys, mode="lines+markers", name=f"series {tr + 1}")
    fig.update_layout(
        template="plotly_white",
        title={"text": f"Chart {i + 1}: a title stating the finding", "subtitle": {"text": "Unit, as of 2024"}},
        height=420,
        margin={"l": 10, "r": 20, "t": 80, "b": 50},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


def _choropleth(rng: random.Random) -> go.Figure:
    ids = [f["id"] for f in _SQUARES["features"]]
    fig = go.Figure(
        go.Choropleth(
            geojson=_SQUARES,
            locations=ids,
            z=[round(rng.uniform(0, 100), 1) for _ in ids],
            colorscale="Blues",
            marker_line_color="#444",
        )
    )
    fig.update_geos(fitbounds="locations", visible=False)
    fig.update_layout(template="plotly_white", title={"text": "Regional figures"}, height=520)
    return fig


def _table(rows: int, cols: int) -> pd.DataFrame:
    rng = random.Random(rows)
    data: dict[str, list] = {"id": [f"fact-{i:05d}" for i in range(rows)]}
    for c in range(cols - 1):
        if c % 3 == 0:
            data[f"value_{c}"] = [round(rng.uniform(0, 1e6), 2) for _ in range(rows)]
        else:
            data[f"text_{c}"] = [f"text {i} " + "lorem ipsum " * rng.randint(1, 10) for i in range(rows)]
    return pd.DataFrame(data)


def page(key: str) -> None:
    """Draw the baseline of page ``key``: a title, its charts (the map's first one a choropleth), or one table."""
    st.title(key.capitalize())
    rng = random.Random(key)
    first = 0
    if key in CHOROPLETH:  # the map, then its other charts
        with st.container(border=True):
            st.plotly_chart(_choropleth(rng), width="stretch", key="fig-map")
        first = 1
    for i in range(first, CHARTS[key]):
        with st.container(border=True):
            st.plotly_chart(_figure(rng, i), width="stretch", key=f"fig-{i}")
    if key in TABLES:
        st.dataframe(_table(*TABLES[key]), hide_index=True, width="stretch")
