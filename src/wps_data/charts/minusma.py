"""MINUSMA and mandate charts: women's share by personnel category, mandates as a timeline, gender posts; tables.

Layer: charts. Imports the dataset, filters, analysis, i18n and viz; never streamlit.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from wps_data import analysis as mx
from wps_data import viz as fg
from wps_data.charts.registry import (
    ChartResult,
    Filters,
    as_of,
    caveats,
    chart,
    chart_rows,
    empty,
    series_of,
    shown,
    subtitle,
)
from wps_data.contract.frames import isin
from wps_data.dataset import Dataset
from wps_data.i18n import fmt_plain, fmt_value, t, words
from wps_data.i18n.formats import fmt_when


@chart("minusma-women")
def minusma_women(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Women's share of MINUSMA personnel by category at each date known, with UN targets."""
    every = chart_rows(ds, "minusma-women")
    targets = every[every["status"].eq("target")]
    rows = mx.resolve_series(every[~every["status"].eq("target")].dropna(subset=["year"]))
    if rows.empty:
        return empty("minusma-women", lang, t("minusma-women.title_empty", lang))
    groups = ds.series.set_index("series_id")["group"]
    order = [s for s in series_of(ds, "minusma-women") if s in set(rows["series"])]  # series.csv order
    category = {groups[s]: words.name(rows.loc[rows["series"].eq(s), "subject"].iloc[0], lang) for s in order}
    latest = mx.latest(rows)
    mil = latest[latest["series"].eq("minusma-military")]
    mil_v = fmt_plain(mil["value"].iloc[0], lang) if not mil.empty else "?"
    y = int(latest["year"].max())
    title = t("minusma-women.title", lang, mil=mil_v, y=y)
    sub = subtitle(lang, "percent", rows)
    rows = rows.assign(_c=rows["series"].map(order.index)).sort_values(["year", "_c"]).drop(columns="_c")
    fig = fg.bars(
        shown(rows, lang).assign(x=rows["year"].astype(int).astype(str)),
        x="subject",
        y="value",
        color="x",
        title=title,
        subtitle=sub,
        percent=True,
        y_title=t("unit.percent", lang),
        lang=lang,
    )
    # Categories in series.csv order, whichever year happens to be drawn first.
    fig.update_xaxes(categoryorder="array", categoryarray=[fg.plain(c) for c in category.values()])
    marks = [(category.get(groups[tr.series]), tr) for tr in targets.itertuples()]
    marks = [(cat, tr) for cat, tr in marks if cat is not None]
    if marks:  # every target in one trace: one legend entry, one hover text a mark
        first_year = int(marks[0][1].year)
        fig.add_scatter(
            x=[fg.plain(cat) for cat, _ in marks],  # the categories as ``fg.bars`` escaped them
            y=[tr.value for _, tr in marks],
            mode="markers",
            name=fg.plain(t("minusma-women.target", lang, y=first_year)),
            marker={
                "symbol": "line-ew-open",
                "size": 40,
                "color": fg.BLACK,
                "line": {"width": 3, "color": fg.BLACK},
            },
            hovertext=[
                fg.plain(t("minusma-women.target", lang, y=int(tr.year)) + f": {fmt_value(tr.value, 'percent', lang)}")
                for _, tr in marks
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=True,
        )
    plotted = pd.concat([rows, targets]) if not targets.empty else rows
    picks = {"civ": "minusma-civilian", "mil": "minusma-military", "ipo": "minusma-ipo", "fpu": "minusma-fpu"}
    take = t("minusma-women.takeaway", lang, y=y, **{k: _pick(latest, s, lang) for k, s in picks.items()})
    return ChartResult("minusma-women", title, sub, fig, plotted, take, caveats(ds, plotted, lang))


def _pick(latest: pd.DataFrame, series: str, lang: str) -> str:
    r = latest[latest["series"].eq(series)]
    return fmt_value(r["value"].iloc[0], "percent", lang) if not r.empty else t("chart.not_available", lang)


def mandate_table(ds: Dataset) -> pd.DataFrame:
    """One row per resolution: adoption, mandate end, ceilings, with their fact ids."""
    v = ds.view[ds.view["theme"].eq("mandate")]
    out = []
    for res, grp in v.groupby(v["fact_id"].str.extract(r"^(res\d+)-")[0]):

        def get(ind: str, col: str = "date", g: pd.DataFrame = grp) -> Any:
            r = g[g["indicator"].eq(ind)]
            return r[col].iloc[0] if not r.empty else None

        out.append(
            {
                "resolution": f"S/RES/{res[3:]}",
                "adopted": get("mandate_adopted"),
                "ends": get("mandate_end"),
                "troops": get("troop_ceiling", "value"),
                "police": get("police_ceiling", "value"),
                "provisions": int(grp["indicator"].eq("wps_provision").sum()),
                "fact_ids": ", ".join(
                    grp[grp["indicator"].isin(["mandate_adopted", "mandate_end", "troop_ceiling", "police_ceiling"])][
                        "fact_id"
                    ]
                ),
            }
        )
    return pd.DataFrame(out)


@chart("mandate-timeline")
def mandate_timeline(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Each resolution from adoption to mandate end, with its authorised ceilings."""
    tab = mandate_table(ds)
    tab = tab.dropna(subset=["ends"])
    if tab.empty:
        return empty("mandate-timeline", lang, t("mandate-timeline.title_empty", lang))
    # 2640's adoption date is not in the sources: the bar starts at the previous mandate's end.
    tab = tab.sort_values("ends").reset_index(drop=True)
    starts = []
    for i, r in tab.iterrows():
        has = isinstance(r["adopted"], str)
        starts.append(r["adopted"] if has else (tab.loc[i - 1, "ends"] if i > 0 else r["ends"]))
    tab["adopted_shown"] = starts
    tab["ceilings"] = [
        t(
            "mandate-timeline.ceilings",
            lang,
            troops=fmt_value(tr, "persons", lang),
            police=fmt_value(po, "persons", lang),
        )
        if tr is not None and not pd.isna(tr)
        else t("mandate-timeline.no_ceilings", lang)
        for tr, po in zip(tab["troops"], tab["police"], strict=True)
    ]
    plot = tab.assign(
        adopted=tab["adopted_shown"],
        adopted_label=[a if isinstance(a, str) else t("mandate-timeline.not_in_sources", lang) for a in tab["adopted"]],
    )
    title = t("mandate-timeline.title", lang, n=len(tab), end=fmt_when(tab["ends"].max(), lang))
    rows = ds.view[
        ds.view["theme"].eq("mandate")
        & ds.view["indicator"].isin(["mandate_adopted", "mandate_end", "troop_ceiling", "police_ceiling"])
    ]
    sub = t("mandate-timeline.subtitle", lang, as_of=as_of(rows, lang))
    fig = fg.timeline(plot.assign(adopted=plot["adopted"]), title=title, subtitle=sub, lang=lang)
    last = tab.iloc[-1]
    take = t("mandate-timeline.takeaway", lang, res=last["resolution"], end=fmt_when(last["ends"], lang), n=len(tab))
    derived = tab[["resolution", "adopted", "ends", "troops", "police", "provisions", "fact_ids"]]
    return ChartResult("mandate-timeline", title, sub, fig, rows, take, [], derived)


def provisions_matrix(ds: Dataset, lang: str = "en") -> pd.DataFrame:
    """WPS provisions: topic x resolution, cells hold the operative paragraph numbers ('OP 3' / 'PD 3')."""
    v = ds.view[ds.view["indicator"].eq("wps_provision")]
    res = v["fact_id"].str.extract(r"^(res\d+)-")[0].map(lambda s: f"S/RES/{s[3:]}")
    tab = (
        v.assign(resolution=res, op=v["value"].astype(int).astype(str), subject=words.names(v["subject"], lang))
        .groupby(["subject", "resolution"])["op"]
        .agg(lambda s: ", ".join(t("minusma.op", lang, n=x) for x in s))
        .unstack(fill_value="-")
    )
    return tab.reset_index()


@chart("minusma-gender-posts")
def gender_posts(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Budgeted posts in MINUSMA's gender units."""
    rows = chart_rows(ds, "minusma-gender-posts")
    if rows.empty:
        return empty("minusma-gender-posts", lang, t("minusma-gender-posts.title_empty", lang))
    total_txt = " + ".join(fmt_plain(v, lang) for v in rows["value"])
    title = t("minusma-gender-posts.title", lang, parts=total_txt)
    sub = subtitle(lang, "posts", rows)
    fig = fg.bars(shown(rows, lang), x="subject", y="value", title=title, subtitle=sub, orientation="h", lang=lang)
    take = t("minusma-gender-posts.takeaway", lang, parts=total_txt)
    return ChartResult("minusma-gender-posts", title, sub, fig, rows, take, caveats(ds, rows, lang))


def mission_end(ds: Dataset) -> pd.DataFrame:
    """The facts that say the mission has ended: its mandate terminated, the withdrawal deadline (may be empty)."""

    def find(d: Dataset) -> pd.DataFrame:
        v = d.view
        return v[isin(v["indicator"], ["mandate_terminated", "withdrawal_deadline"])].sort_values("date")

    return ds.derived("mission_end", find)  # once per dataset: the page asks on every rerun
