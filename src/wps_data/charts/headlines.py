"""The overview's headline figures, each read from one fact.

Layer: charts. Imports the dataset, filters, analysis, i18n and viz; never streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wps_data import analysis as mx
from wps_data.charts.registry import chart_rows, series_rows
from wps_data.dataset import Dataset
from wps_data.i18n import fmt_signed, fmt_value, t


@dataclass
class Headline:
    """A headline figure for st.metric, with the fact it comes from."""

    label: str
    value: str
    delta: str | None
    fact: pd.Series
    delta_good: str = "off"


def headlines(ds: Dataset, lang: str = "en") -> list[Headline]:
    """The overview's headline figures, each read from one fact (derivations named in the delta)."""
    v = ds.view
    out: list[Headline] = []

    def latest_of(series: str) -> pd.Series | None:
        rows = series_rows(ds, series).dropna(subset=["year"])
        if rows.empty:
            return None
        rows = mx.resolve_series(rows, by=["year"])
        return rows.sort_values("year").iloc[-1]

    cnt = latest_of("legislature-cnt")
    if cnt is not None:
        out.append(
            Headline(
                t("headline.rep", lang),
                fmt_value(cnt["value"], "percent", lang),
                t("headline.delta_quota", lang, gap=fmt_signed(cnt["value"] - mx.QUOTA, lang, decimals=2)),
                cnt,
                "normal",
            )
        )
    q = mx.quota_table(v, ds.bodies)
    q = q[q["kind"].eq("standing")]  # each standing body once; past bodies and batches are not counted
    if not q.empty:
        worst = v[v["fact_id"].eq(q.sort_values("value").iloc[0]["fact_id"])].iloc[0]
        out.append(
            Headline(t("headline.quota_bodies", lang), f"{int((~q['compliant']).sum())} / {len(q)}", None, worst)
        )
    gbv = chart_rows(ds, "gbv-trend").dropna(subset=["year"])
    if not gbv.empty:
        chg = mx.change(mx.resolve_series(gbv), by=["subject"]).sort_values("year")
        last = chg.iloc[-1]
        delta = (
            t("headline.delta_change", lang, pct=fmt_signed(last["change_pct"], lang), py=int(last["prev_year"]))
            if pd.notna(last["prev_value"])
            else None
        )
        out.append(
            Headline(
                t("headline.gbv", lang, y=int(last["year"])),
                fmt_value(last["value"], "cases", lang),
                delta,
                v[v["fact_id"].eq(last["fact_id"])].iloc[0],
                "inverse",
            )
        )
    crsv = latest_of("crsv-un-verified")
    if crsv is not None:
        out.append(
            Headline(t("headline.crsv", lang, y=int(crsv["year"])), fmt_value(crsv["value"], "cases", lang), None, crsv)
        )
    pin = latest_of("people-in-need")
    if pin is not None:
        out.append(
            Headline(t("headline.pin", lang, y=int(pin["year"])), fmt_value(pin["value"], "persons", lang), None, pin)
        )
    mil = latest_of("minusma-military")
    if mil is not None:
        out.append(
            Headline(
                t("headline.minusma", lang, y=int(mil["year"])), fmt_value(mil["value"], "percent", lang), None, mil
            )
        )
    return out
