"""Tables the pages show beside charts: conflicts between sources, the source catalogue.

Each is the analysis layer's numbers with the words added in the reader's language.
Layer: charts.
"""

from __future__ import annotations

import pandas as pd

from wps_data import analysis as mx
from wps_data.dataset import Dataset
from wps_data.i18n import fmt_value, t, words
from wps_data.i18n.formats import fmt_when
from wps_data.pagespec import PAGES

# Pages that list every theme: they do not count as "the page using" a source.
_ALL_THEME_PAGES = ("overview", "map", "disagree", "sources", "explorer")


def conflicts(ds: Dataset, lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every conflict between sources (one row per fact, ``why`` in ``lang``) and one summary row per conflict.

    Made once per dataset and language, and shared: the page, its CSV and the data pack ask
    for the same. The conflicts themselves are found once per dataset, whatever the language.
    Treat the frames as read-only.
    """
    return ds.derived(f"conflicts.{lang}", lambda d: _conflicts(d, lang))


def _conflicts(ds: Dataset, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    conf = ds.derived("conflicts", lambda d: mx.find_conflicts(d.view))
    if conf.empty:
        return conf.assign(why=pd.Series(dtype=str)), pd.DataFrame()
    reasons = {k: words.prefer_reason(*k, lang) for k in set(zip(conf["why_type"], conf["why_tie"], strict=True))}
    conf = conf.assign(why=[reasons[k] for k in zip(conf["why_type"], conf["why_tie"], strict=True)])
    summary = mx.conflict_summary(conf)
    indicator = conf.groupby("conflict_id", sort=False)["indicator"].first()
    summary["label"] = [
        f"{_label_subject(lbl, s, indicator[c], lang)}, {words.name(r, lang)}, "
        f"{t('disagree.no_year', lang) if y is None or pd.isna(y) else int(y)}"
        for c, lbl, s, r, y in zip(
            summary["conflict_id"],
            summary["label"],
            summary["subject"],
            summary["region"],
            summary["year"],
            strict=True,
        )
    ]
    shown: dict[tuple[float, str], str] = {}  # each distinct value and unit written once
    summary["values"] = [
        ", ".join(shown.get((v, u)) or shown.setdefault((v, u), fmt_value(v, u, lang)) for v in vals)
        for vals, u in zip(summary["values"], summary["unit"], strict=True)
    ]
    return conf, summary


def theme_pages() -> dict[str, list[str]]:
    """Theme -> the theme pages that show it."""
    out: dict[str, list[str]] = {}
    for p in PAGES.values():
        if p.key in _ALL_THEME_PAGES:
            continue
        for th in p.themes:
            out.setdefault(th, []).append(p.key)
    return out


def source_table(ds: Dataset) -> pd.DataFrame:
    """Every source with the number of figures from it and the pages that use them."""
    return mx.source_table(ds.view, ds.sources, theme_pages())


def _label_subject(label: str, subject: str, indicator: str, lang: str) -> str:
    """'Indicator: subject' in ``lang``, or the subject alone when it repeats the indicator's label."""
    name = words.name(subject, lang)
    if str(label).lower() == str(subject).lower():
        return name
    return words.label_value(words.indicator_label(indicator, label, lang), name, lang)


def dataset_as_of(ds: Dataset, lang: str = "en") -> pd.DataFrame:
    """Per theme: the latest reference year and publication date, in the reader's language."""
    tab = mx.as_of_by_theme(ds.view)
    return pd.DataFrame(
        {
            t("asof.col.theme", lang): [t(f"theme.{th}", lang) for th in tab["theme"]],
            t("asof.col.year", lang): ["" if pd.isna(y) else str(int(y)) for y in tab["latest_year"]],
            t("asof.col.published", lang): [fmt_when(p, lang) for p in tab["latest_published"]],
            t("asof.col.figures", lang): [fmt_value(n, "count", lang) for n in tab["figures"]],
        }
    )


def dataset_as_of_line(ds: Dataset, lang: str = "en") -> str:
    """One line for the sidebar and every export: 'Data as of: Violence 2024 (published 2025-08); ...'."""
    tab = mx.as_of_by_theme(ds.view)
    parts = [
        t(
            "asof.theme_item",
            lang,
            theme=t(f"theme.{th}", lang),
            year="-" if pd.isna(y) else int(y),
            date=words.published_on(p, lang) or "-",
        )
        for th, y, p in zip(tab["theme"], tab["latest_year"], tab["latest_published"], strict=True)
    ]
    return t("asof.dataset", lang, items=words.join(parts, lang))
