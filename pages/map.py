"""Regional map: any regional indicator and year on Mali's 2015 regions; no data shown as no data."""

import streamlit as st

from wps_data import charts, ui
from wps_data.i18n import t

ds, lang = ui.page_start("map")
st.write(t("map.intro", lang))

opts = charts.map_options(ds)
default_ind, default_year = charts.default_map_choice(ds)
labels = dict(zip(opts["indicator"], opts["label"], strict=False))
indicators = sorted(labels, key=lambda k: labels[k])
c1, c2 = st.columns([2, 1])
indicator = c1.selectbox(
    t("filter.indicator", lang),
    indicators,
    index=indicators.index(default_ind),
    format_func=lambda k: f"{labels[k]} ({k})",
    key="indicator",
    bind="query-params",
)
years = opts[opts["indicator"].eq(indicator)]["y"]
year_options = [
    t("map.undated", lang) if y is None else str(y)
    for y in sorted(
        {None if str(y) == "<NA>" else int(y) for y in years}, key=lambda y: -1 if y is None else y, reverse=True
    )
]
year_txt = c2.selectbox(t("filter.year", lang), year_options, key="year", bind="query-params")
year = None if year_txt == t("map.undated", lang) else int(year_txt)

res = ui.chart_block("map-regional", ds, {"indicator": indicator, "year": year}, lang)
ui.page_downloads("map", ds, {"indicator": indicator, "year": year}, lang, [res])
