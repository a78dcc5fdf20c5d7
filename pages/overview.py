"""Overview: headline figures for each theme with source and date, coverage and gaps, how to cite."""

import streamlit as st

from wps_data.app import ui
from wps_data.i18n import t

ds, lang = ui.page_start("overview")
st.write(t("overview.intro", lang))

st.subheader(t("overview.headlines", lang))
heads = ui.headlines(ds, lang)
cols = st.columns(3)
for i, h in enumerate(heads):
    with cols[i % 3], st.container(border=True):
        f = h.fact
        st.metric(
            h.label,
            h.value,
            h.delta,
            delta_color=h.delta_good,
            help=t(
                "overview.metric_help",
                lang,
                # Tooltips render markdown: every value from the data is escaped.
                label=ui._md(f["label"]),
                source=ui._md(f["title"]),
                date=ui._md(f["published"] if isinstance(f["published"], str) else "undated"),
                locator=ui._md(f["locator"]),
                fact_id=ui._md(f["fact_id"]),
            ),
        )
        st.caption(ui.source_line(ds.view[ds.view["fact_id"].eq(f["fact_id"])], lang))

st.subheader(t("overview.coverage", lang))
res = ui.chart_block("overview-coverage", ds, {}, lang)

st.subheader(t("overview.cite", lang))
st.code(t("overview.cite_text", lang, version=ds.version), language=None, wrap_lines=True)

ui.page_downloads("overview", ds, {}, lang, [ds.view[ds.view["fact_id"].isin([h.fact["fact_id"] for h in heads])]])
