"""Charts: the registry and one module per theme. A chart = rows + figure + title + takeaway + caveats.

``draw(chart_id, ds, filters, lang)`` returns a ``ChartResult``; ``charts_for(page)`` lists
a page's charts in the order its spec (``wps_data.pagespec``) declares. Importing this
package registers every chart.

Layer: charts. Imports the dataset, filters, pagespec, analysis, i18n and viz; never
exports, app or streamlit.
"""

from wps_data.charts import compare, desk, gaps, humanitarian, minusma, overview, regional_map, representation, violence
from wps_data.charts.headlines import Headline, headlines
from wps_data.charts.minusma import mandate_table, mission_end, provisions_matrix
from wps_data.charts.regional_map import default_map_choice, map_choices, map_options, map_values
from wps_data.charts.registry import REGISTRY, Chart, ChartResult, Filters, as_of, charts_for, draw
from wps_data.charts.tables import conflicts, dataset_as_of, dataset_as_of_line, source_table, theme_pages

__all__ = [
    "REGISTRY",
    "Chart",
    "ChartResult",
    "Filters",
    "Headline",
    "as_of",
    "charts_for",
    "compare",
    "conflicts",
    "dataset_as_of",
    "dataset_as_of_line",
    "default_map_choice",
    "desk",
    "draw",
    "gaps",
    "headlines",
    "humanitarian",
    "mandate_table",
    "map_choices",
    "map_options",
    "map_values",
    "minusma",
    "mission_end",
    "overview",
    "provisions_matrix",
    "regional_map",
    "representation",
    "source_table",
    "theme_pages",
    "violence",
]
