"""Where sources disagree: every conflict, values side by side, and which one the charts use and why."""

import streamlit as st

from wps_data.app import ui
from wps_data.i18n import t

ds, lang = ui.page_start("disagree")
st.write(t("disagree.intro", lang))

conf, summary = ui.conflicts(ds)
if conf.empty:
    st.success(t("disagree.none", lang))
else:
    st.write(t("disagree.count", lang, n=len(summary), k=int(summary["rounding_only"].sum())))
    for cid, grp in conf.groupby("conflict_id", sort=False):
        info = summary.loc[summary["conflict_id"].eq(cid)].iloc[0]
        kind = t("disagree.rounding", lang) if info["rounding_only"] else t("disagree.real", lang)
        with st.container(border=True):
            st.markdown(f"**{ui._md(info['label'])}**: {kind}")
            show = grp.assign(used=grp["chosen"].map({True: t("disagree.chosen", lang), False: ""}))
            st.dataframe(
                show[
                    [
                        "used",
                        "value",
                        "unit",
                        "period",
                        "title",
                        "publisher",
                        "published",
                        "source_type",
                        "quote",
                        "url",
                        "fact_id",
                    ]
                ],
                hide_index=True,
                width="stretch",
                column_config={
                    "url": st.column_config.LinkColumn("document"),
                    "value": st.column_config.NumberColumn(format="%g"),
                },
            )
            st.caption(grp["why"].iloc[0])
ui.page_downloads("disagree", ds, {}, lang, [conf])
