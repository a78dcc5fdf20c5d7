"""Regional map: any regional indicator and year on Mali's 2015 regions; no data shown as no data."""

import streamlit as st

from wps_data.charts import registry as charts
from wps_data.app import ui
from wps_data.i18n import t


def url_values(ds: charts.Dataset, lang: str) -> dict[str, list[str]]:
    """Valid URL values of this page's own widgets, for the single notice on bad links."""
    labels, years, _ = ui.map_choices(ds, t("map.undated", lang))
    return {"indicator": list(labels), "year": sorted({y for ys in years.values() for y in ys})}


ds, lang = ui.page_start("map", url_values)
st.write(t("map.intro", lang))

undated = t("map.undated", lang)
by_label, years_of, default_ind = ui.map_choices(ds, undated)
labels = sorted(by_label)
default_label = next(lbl for lbl, ind in by_label.items() if ind == default_ind)
c1, c2 = st.columns([2, 1])
# Options are the indicator labels (unique): a bound widget's URL holds what it displays.
label = c1.selectbox(
    t("filter.indicator", lang), labels, index=labels.index(default_label), key="indicator", bind="query-params"
)
indicator = by_label[label]
year_txt = c2.selectbox(t("filter.year", lang), years_of[indicator], key="year", bind="query-params")
year = None if year_txt == undated else int(year_txt)

res = ui.chart_block("map-regional", ds, {"indicator": indicator, "year": year}, lang)
ui.page_downloads("map", ds, {"indicator": indicator, "year": year}, lang, [res])
