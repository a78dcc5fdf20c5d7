"""Plotly figures: the template (palette, layout, hover), the builders and the offline region map.

Layer: viz. Imports plotly, pandas, ``wps_data.i18n`` (words and number formats) and the
contract; never the dataset, charts or streamlit. Builders are pure: DataFrame in, Figure out.
``plain`` is the one escape for text entering a figure (see ``viz.template``).
"""

from wps_data.viz.figures import bars, coverage_heatmap, dots_by_year, lines_by_year, quota_bars, timeline
from wps_data.viz.maps import MAP_SCALE, load_geojson, region_map, rewind_for_d3
from wps_data.viz.template import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    HOVER,
    ORANGE,
    PALETTE,
    PINK,
    SKY,
    STATUS_COLOURS,
    VERMILLION,
    YELLOW,
    base_layout,
    custom,
    hover,
    plain,
    plain_all,
    printable,
)

__all__ = [
    "BLACK",
    "BLUE",
    "GREEN",
    "GREY",
    "HOVER",
    "MAP_SCALE",
    "ORANGE",
    "PALETTE",
    "PINK",
    "SKY",
    "STATUS_COLOURS",
    "VERMILLION",
    "YELLOW",
    "bars",
    "base_layout",
    "coverage_heatmap",
    "custom",
    "dots_by_year",
    "hover",
    "lines_by_year",
    "load_geojson",
    "plain",
    "plain_all",
    "printable",
    "quota_bars",
    "region_map",
    "rewind_for_d3",
    "timeline",
]
