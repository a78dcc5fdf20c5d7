"""MINUSMA: women's share by personnel category, mandates as a timeline, WPS provisions by paragraph."""

import streamlit as st

from wps_data.charts import registry as charts
from wps_data.app import ui
from wps_data.i18n import t

ds, lang = ui.page_start("minusma")
st.write(t("minusma.intro", lang))

results = [ui.chart_block(c, ds, {}, lang) for c in ("minusma-women", "mandate-timeline")]
st.subheader(t("minusma.provisions", lang))
st.caption(t("minusma.provisions_help", lang))
st.dataframe(charts.provisions_matrix(ds), hide_index=True, width="stretch")
results.append(ui.chart_block("minusma-gender-posts", ds, {}, lang))
provisions = ds.view[ds.view["indicator"].eq("wps_provision")]
ui.page_downloads("minusma", ds, {}, lang, [*results, provisions])
