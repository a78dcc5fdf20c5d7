"""Violence charts: GBV by year and type, CRSV by kind of count (never added), services, regions, practices.

Layer: charts. Imports the dataset, filters, analysis, i18n and viz; never streamlit. Titles and
takeaways stay plain text; text this module adds to a figure itself is escaped with ``fg.plain``.
"""

from __future__ import annotations

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
    clip,
    distinct_clips,
    empty,
    series_of,
    series_rows,
    shown,
    subtitle,
)
from wps_data.contract.frames import isin
from wps_data.dataset import Dataset
from wps_data.i18n import fmt_plain, fmt_signed, fmt_value, t, words


@chart("gbv-trend")
def gbv_trend(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Full-year GBV counts by recording system; a part-year or other-system count is never on the line."""
    rows = mx.resolve_series(chart_rows(ds, "gbv-trend", f))
    if rows.empty:
        return empty("gbv-trend", lang, t("gbv-trend.title_empty", lang))
    ch = mx.change(rows, by=["subject"])
    last = ch.sort_values("year").iloc[-1]
    title = t(
        "gbv-trend.title",
        lang,
        v=fmt_value(last["value"], "cases", lang),
        y=int(last["year"]),
        system=words.name(last["subject"], lang),
    )
    sub = subtitle(lang, "cases", rows)
    ann = [(2017, t("gbv-trend.coverage_note", lang))] if rows["year"].min() <= 2017 <= rows["year"].max() else []
    fig = fg.lines_by_year(
        mx.with_gaps(shown(rows, lang)),
        title=title,
        subtitle=sub,
        y_title=t("unit.cases", lang),
        annotations=ann,
        lang=lang,
    )
    prev = ch.dropna(subset=["prev_value"])
    if not prev.empty:
        p = prev.sort_values("year").iloc[-1]
        take = t(
            "gbv-trend.takeaway",
            lang,
            v=fmt_value(p["value"], "cases", lang),
            y=int(p["year"]),
            pv=fmt_value(p["prev_value"], "cases", lang),
            py=int(p["prev_year"]),
            pct=fmt_signed(p["change_pct"], lang),
            system=words.name(p["subject"], lang),
        )
    else:
        take = t("gbv-trend.takeaway_single", lang, v=fmt_value(last["value"], "cases", lang), y=int(last["year"]))
    derived = ch.dropna(subset=["prev_value"])[
        ["subject", "years_compared", "prev_value", "value", "change_abs", "change_pct", "fact_id"]
    ]
    derived = derived.assign(derivation=t("gbv-trend.derivation", lang))
    return ChartResult("gbv-trend", title, sub, fig, rows, take, caveats(ds, rows, lang), derived)


@chart("gbv-types")
def gbv_types(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """GBV incidents by type in the latest year: the types add up to all incidents; a sub-type sits inside its type.

    ``series.csv`` says which type a sub-type belongs to (its ``group`` names the parent
    series): rape (41% of all incidents) is drawn inside sexual violence (55%), never
    beside it, so no one adds the bars.
    """
    every = chart_rows(ds, "gbv-types", f).dropna(subset=["year"])
    if every.empty:
        return empty("gbv-types", lang, t("gbv-types.title_empty", lang))
    # One year only: shares from different years do not belong on one axis.
    year = int(every["year"].max())
    every = mx.resolve_series(every[every["year"].eq(year)], by=["series"])
    parent_of = ds.series.set_index("series_id")["group"].dropna().to_dict()
    tops = every[~every["series"].isin(parent_of)].sort_values("value")
    subs = every[every["series"].isin(parent_of)]
    if tops.empty:
        return empty("gbv-types", lang, t("gbv-types.title_empty", lang))
    top = tops.iloc[-1]
    title = t("gbv-types.title", lang, v=fmt_plain(top["value"], lang), subject=_short(top["subject"], lang), y=year)
    sub = t("gbv-types.subtitle", lang, as_of=as_of(every, lang), total=fmt_plain(tops["value"].sum(), lang))
    labels = {s: _short(subj, lang) for s, subj in zip(tops["series"], tops["subject"], strict=True)}
    fig = fg.bars(
        shown(tops, lang).assign(subject=tops["series"].map(labels)),
        x="subject",
        y="value",
        title=title,
        subtitle=sub,
        orientation="h",
        percent=True,
        barmode="overlay",
        lang=lang,
    )
    for r in subs.itertuples():
        parent = labels.get(parent_of[r.series])
        if parent is None:
            continue
        inner = _inner(_short(r.subject, lang))
        fig.add_bar(
            x=[r.value],
            y=[fg.plain(parent)],  # the category as ``fg.bars`` escaped it
            orientation="h",
            width=0.35,
            marker={"color": fg.VERMILLION},
            name=fg.plain(t("gbv-types.of_which", lang, subject=inner)),
            text=[fg.plain(t("gbv-types.of_which_label", lang, subject=inner, v=fmt_value(r.value, "percent", lang)))],
            textposition="inside",
            insidetextanchor="start",
            textangle=0,
            constraintext="none",
            insidetextfont={"size": 13, "color": "#ffffff"},
            customdata=fg.custom(every[every["fact_id"].eq(r.fact_id)], lang),
            hovertemplate=fg.hover(lang),
            showlegend=True,
        )
    take = t("gbv-types.takeaway", lang, v=fmt_plain(top["value"], lang), subject=_short(top["subject"], lang), y=year)
    derived = pd.DataFrame(
        {
            "subject": [t("gbv-types.sum", lang)],
            "value": [float(tops["value"].sum())],
            "derivation": [" + ".join(fmt_plain(v, lang) for v in tops["value"])],
            "fact_id": [", ".join(tops["fact_id"])],
        }
    )
    return ChartResult("gbv-types", title, sub, fig, every, take, caveats(ds, every, lang), derived)


def _inner(name: str) -> str:
    """A type's name inside a phrase ("of which rape", "dont viol"): lower case, unless an acronym (FGM, MGF)."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def _short(subject: str, lang: str) -> str:
    """'Sexual violence (share of GBV incidents)' -> 'Sexual violence' / 'Violences sexuelles'."""
    return words.name(subject.split(" (share")[0], lang)


@chart("crsv-verified-vs-registered")
def crsv_compare(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Women and girls in CRSV cases verified by the UN and in cases registered by service providers, one year.

    Two different measures side by side, never added: the UN verifies what it can reach;
    service providers register the survivors who come to them.
    """
    series = series_of(ds, "crsv-verified-vs-registered")
    rows = chart_rows(ds, "crsv-verified-vs-registered", f)
    rows = rows[rows["sex_age"].isin(["women", "girls"])]
    # The latest year in which every measure exists: the comparison is within one year.
    both = rows.groupby("year")["series"].nunique()
    full = both[both == len(series)]
    rows = rows[rows["year"].eq(full.index.max())] if not full.empty else rows.iloc[0:0]
    if rows.empty:
        return empty("crsv-verified-vs-registered", lang, t("crsv-compare.title_empty", lang))
    rows = rows.assign(
        measure=rows["status"].map(lambda s: t(f"crsv.measure.{s}", lang)),
        who=rows["sex_age"].map(lambda s: t(f"sex.{s}", lang)),
    )
    get = {(r.status, r.sex_age): r.value for r in rows.itertuples()}
    y = int(rows["year"].max())

    def val(status: str, who: str) -> str:
        v = get.get((status, who))
        return fmt_value(v, "persons", lang) if v is not None else "?"

    vw, vg, rw, rg = (
        val("verified", "women"),
        val("verified", "girls"),
        val("reported", "women"),
        val("reported", "girls"),
    )
    title = t("crsv-compare.title", lang, y=y, vw=vw, vg=vg, rw=rw, rg=rg)
    sub = t("crsv-compare.subtitle", lang, as_of=as_of(rows, lang))
    fig = fg.bars(
        shown(rows, lang),
        x="measure",
        y="value",
        color="who",
        title=title,
        subtitle=sub,
        colour_map={t("sex.women", lang): fg.BLUE, t("sex.girls", lang): fg.ORANGE},
        y_title=t("unit.persons", lang),
        lang=lang,
    )
    take = t("crsv-compare.takeaway", lang, y=y, vw=vw, rw=rw)
    return ChartResult("crsv-verified-vs-registered", title, sub, fig, rows, take, caveats(ds, rows, lang))


@chart("crsv-by-year")
def crsv_by_year(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """National CRSV counts by year, one marker per figure: colour = kind of count, symbol = series; never summed.

    Each series of ``series.csv`` is one kind of count in one unit (verified cases,
    verified incidents, documented cases, recorded allegations, reported cases);
    part-year and part-area counts are not national series and stay off the chart.
    """
    rows = mx.resolve_series(chart_rows(ds, "crsv-by-year", f), by=["series", "year"])
    if rows.empty:
        return empty("crsv-by-year", lang, t("crsv-by-year.title_empty", lang))
    rows = rows.sort_values(["year", "status"]).assign(
        kind=lambda d: d["status"].map(lambda s: t(f"status.{s}", lang)),
        legend=lambda d: [
            f"{clip(words.name(s, lang), 60)} ({t(f'unit.{u}', lang)})"
            for s, u in zip(d["subject"], d["unit"], strict=True)
        ],
    )
    years_with = sorted(rows["year"].astype(int).unique())
    lo, hi = years_with[0], years_with[-1]
    missing = [y for y in range(lo, hi + 1) if y not in years_with]
    verified = rows[rows["status"].eq("verified") & rows["unit"].eq("cases")].sort_values("year")
    if not verified.empty:
        last = verified.iloc[-1]
        title = t("crsv-by-year.title", lang, v=fmt_value(last["value"], "cases", lang), y=int(last["year"]))
    else:
        title = t("crsv-by-year.title_unverified", lang, n=len(rows), lo=lo, hi=hi)
    gaps = "" if missing else "_full"  # a full run of years says so, never "no figure for -"
    sub = t(f"crsv-by-year.subtitle{gaps}", lang, missing=", ".join(map(str, missing)))
    fig = fg.dots_by_year(
        shown(rows, lang),
        colour="kind",
        symbol="legend",
        title=title,
        subtitle=sub,
        colour_map={t(f"status.{s}", lang): fg.STATUS_COLOURS[s] for s in fg.STATUS_COLOURS},
        y_title=t("crsv-by-year.axis", lang),
        lang=lang,
    )
    take = t(
        f"crsv-by-year.takeaway{gaps}",
        lang,
        n=len(years_with),
        lo=lo,
        hi=hi,
        k=rows["series"].nunique(),
        missing=", ".join(map(str, missing)),
    )
    return ChartResult("crsv-by-year", title, sub, fig, rows, take, caveats(ds, rows, lang))


BAR_KEY = ["indicator", "subject", "sex_age", "region"]  # what one bar of a survey or services chart shows


def latest_per_bar(rows: pd.DataFrame) -> pd.DataFrame:
    """One fact per bar (``BAR_KEY``): its latest year, the preferred source where two disagree; rows' order kept.

    A second survey year adds no second bar under the same label: the chart shows the latest.
    """
    if rows.empty:
        return rows
    keep = mx.latest(mx.resolve_series(rows, by=[*BAR_KEY, "year"]), by=BAR_KEY)
    return rows[isin(rows["fact_id"], keep["fact_id"])]


@chart("crsv-services")
def crsv_services(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Survivors' access to shelter and medical care."""
    rows = latest_per_bar(chart_rows(ds, "crsv-services", f))
    if rows.empty:
        return empty("crsv-services", lang, t("crsv-services.title_empty", lang))
    sh = rows[rows["indicator"].eq("crsv_survivors_no_shelter")]["value"].max()
    md = rows[rows["indicator"].eq("crsv_survivors_no_medical")]["value"].max()
    title = t("crsv-services.title", lang, sh=fmt_plain(sh, lang), md=fmt_plain(md, lang))
    sub = subtitle(lang, "percent", rows)
    fig = fg.bars(
        shown(rows, lang),
        x="label",
        y="value",
        title=title,
        subtitle=sub,
        orientation="h",
        percent=True,
        lang=lang,
    )
    fig.update_xaxes(range=[0, 115])
    take = t("crsv-services.takeaway", lang, sh=fmt_plain(sh, lang), md=fmt_plain(md, lang))
    return ChartResult("crsv-services", title, sub, fig, rows, take, caveats(ds, rows, lang))


MAX_REGION_BARS = 80  # bars one chart can show legibly; the data explorer lists every figure


@chart("violence-regions")
def violence_regions(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Every GBV/CRSV count a source gives for a region, national figures kept apart."""
    rows = chart_rows(ds, "violence-regions", f)
    if rows.empty:
        return empty("violence-regions", lang, t("violence-regions.title_empty", lang))
    rows, same = _one_bar_per_figure(rows, lang)
    labels = [
        words.label_value(f"{r} {'' if pd.isna(y) else int(y)}", words.name(s, lang), lang)
        + (f" [{words.scope(sc, lang)}]" if isinstance(sc, str) and sc else "")
        for r, y, s, sc in zip(rows["region"], rows["year"], rows["subject"], rows["scope"], strict=True)
    ]
    rows = rows.assign(bar_label=distinct_clips(labels, 90))
    title = t("violence-regions.title", lang, n=len(rows), k=rows["region"].nunique())
    take = t("violence-regions.takeaway", lang, n=len(rows), regions=", ".join(sorted(rows["region"].unique())))
    total = len(rows)
    if total > MAX_REGION_BARS:  # a readable chart: the most recent figures drawn, the rest named as left out
        recent = rows.assign(_y=rows["year"].astype(float).fillna(-1), _o=range(total))
        rows = recent.sort_values(["_y", "_o"], ascending=[False, True]).head(MAX_REGION_BARS)
        rows = rows.drop(columns=["_y", "_o"])
    rows = rows.sort_values(["region", "year"], ascending=[False, True])
    sub = t("violence-regions.subtitle", lang, as_of=as_of(rows, lang))
    if len(rows) < total:
        sub += " · " + t("violence-regions.capped", lang, shown=len(rows), n=total)
    # One figure per label: overlay, or grouped mode would offset each region's bar in its slot.
    fig = fg.bars(
        shown(rows, lang),
        x="bar_label",
        y="value",
        color="region",
        title=title,
        subtitle=sub,
        orientation="h",
        barmode="overlay",
        lang=lang,
    )
    fig.update_xaxes(type="log", range=None, title=t("violence-regions.axis", lang))
    fig.update_layout(showlegend=False)
    return ChartResult("violence-regions", title, sub, fig, rows, take, caveats(ds, rows, lang) + same)


def _one_bar_per_figure(rows: pd.DataFrame, lang: str, notes_at_most: int = 3) -> tuple[pd.DataFrame, list[str]]:
    """One row per figure (``analysis.one_per_figure``: the Moura operation's 58 victims, from an NGO
    and the press, were two bars), and a caveat for each of the first ``notes_at_most`` given twice."""
    kept, repeated, figures = mx.one_per_figure(rows, limit=notes_at_most)
    more = figures - len(repeated)  # a caveat a figure, up to notes_at_most: then how many more
    notes = [
        t(
            "violence-regions.same_figure",
            lang,
            figure=f"{used['region']} {'' if pd.isna(used['year']) else int(used['year'])}",
            value=fmt_plain(used["value"], lang),
            n=1 + len(others),
            used=used["publisher"],
            others=words.join([str(p) for p in others["publisher"]], lang),
        )
        for used, others in repeated
    ]
    if more > 0:
        notes.append(t("violence-regions.same_more", lang, n=more))
    return kept, notes


@chart("harmful-practices")
def harmful_practices(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """FGM, child marriage and attitudes to wife-beating (survey figures)."""
    rows = latest_per_bar(series_rows(ds, "fgm", "child-marriage", "wife-beating", f=f))
    if rows.empty:
        return empty("harmful-practices", lang, t("harmful-practices.title_empty", lang))
    rows = rows.assign(
        bar_label=[
            f"{words.name(s, lang)} ({t('sex.' + x, lang)})" if i == "wife_beating_justified" else words.name(s, lang)
            for s, x, i in zip(rows["subject"], rows["sex_age"], rows["indicator"], strict=True)
        ]
    )
    fgm = rows[rows["indicator"].eq("fgm_prevalence")]["value"].max()
    cm = series_rows(ds, "child-marriage-18", f=f)["value"].max()
    if pd.isna(fgm) or pd.isna(cm):  # a filter left only some of the practices
        title = t("harmful-practices.title_partial", lang, n=len(rows))
    else:
        title = t("harmful-practices.title", lang, fgm=fmt_plain(fgm, lang), cm=fmt_plain(cm, lang))
    sub = subtitle(lang, "percent", rows)
    fig = fg.bars(
        shown(rows, lang).sort_values("value"),
        x="bar_label",
        y="value",
        title=title,
        subtitle=sub,
        orientation="h",
        percent=True,
        lang=lang,
    )
    partial = pd.isna(fgm) or pd.isna(cm)
    take = title if partial else t("harmful-practices.takeaway", lang, fgm=fmt_plain(fgm, lang), cm=fmt_plain(cm, lang))
    return ChartResult("harmful-practices", title, sub, fig, rows, take, caveats(ds, rows, lang))
