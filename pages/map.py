"""Regional map: any regional indicator and year on Mali's 2015 regions; no data shown as no data."""

import streamlit as st

from wps_data import charts, ui
from wps_data.i18n import t

ds, lang = ui.page_start("map")
st.write(t("map.intro", lang))

opts = charts.map_options(ds)
default_ind, _ = charts.default_map_choice(ds)
# Options are the indicator labels (unique): a bound widget's URL holds what it displays.
by_label = dict(zip(opts["label"], opts["indicator"], strict=False))
labels = sorted(by_label)
undated = t("map.undated", lang)
all_years = sorted({undated if str(y) == "<NA>" else str(y) for y in opts["y"]})
ui.check_values(lang, {"indicator": labels, "year": all_years})

c1, c2 = st.columns([2, 1])
label = c1.selectbox(
    t("filter.indicator", lang),
    labels,
    index=labels.index(opts.set_index("indicator").loc[default_ind, "label"].iloc[0]),
    key="indicator",
    bind="query-params",
)
indicator = by_label[label]
years = opts[opts["indicator"].eq(indicator)]["y"]
year_options = sorted({undated if str(y) == "<NA>" else str(y) for y in years}, key=lambda y: (y != undated, y))[::-1]
year_txt = c2.selectbox(t("filter.year", lang), year_options, key="year", bind="query-params")
year = None if year_txt == undated else int(year_txt)

res = ui.chart_block("map-regional", ds, {"indicator": indicator, "year": year}, lang)
ui.page_downloads("map", ds, {"indicator": indicator, "year": year}, lang, [res])
