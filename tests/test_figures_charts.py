"""Figures (``wps_data.viz.figures``) on constructed frames, and every registered chart on the real dataset.

Figures: number formats, lines that break at gaps, the quota line and the
meets/short labels (never colour alone), grouped (never stacked) bars, the coverage
heatmap, the region map's 'no data' regions and the mandate timeline.

Charts (``wps_data.charts.registry``, drawn from ``data/*.parquet``): every chart draws in
English and French with a title, a takeaway and plotted data; every number in a
title or takeaway is read from the plotted rows (or derived from them); filters
change what is drawn; verified and reported CRSV are never one mark; the map says
'no data' and places Ménaka inside Gao; headlines, mandates and provisions trace to
facts.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from wps_data import analysis as mx
from wps_data import charts
from wps_data import viz as fg
from wps_data.contract.regions import INSIDE, MAP_SHAPE
from wps_data.dataset import Dataset, load_dataset
from wps_data.i18n import fmt_number, fmt_value, t
from wps_data.i18n.catalogue import EN, FR
from wps_data.paths import PROJECT_ROOT, geo_file

CHART_IDS = list(charts.REGISTRY)
LANGS = ("en", "fr")


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(PROJECT_ROOT / "data")


@pytest.fixture(scope="module")
def draw(ds: Dataset) -> Callable[..., charts.ChartResult]:
    """charts.draw with a per-module cache (each chart is drawn once per language and filter)."""
    cache: dict[tuple, charts.ChartResult] = {}

    def _draw(chart_id: str, lang: str = "en", **filters: Any) -> charts.ChartResult:
        key = (chart_id, lang, repr(sorted(filters.items())))
        if key not in cache:
            cache[key] = charts.draw(chart_id, ds, filters, lang)
        return cache[key]

    return _draw


# --- helpers ---------------------------------------------------------------------------


def _flat(obj: Any) -> Iterator[Any]:
    if obj is None:
        return
    if isinstance(obj, str | bytes) or np.isscalar(obj) or isinstance(obj, pd.Timestamp):
        yield obj
        return
    for item in obj:
        yield from _flat(item)


def _present(v: Any) -> bool:
    if v is None:
        return False
    if isinstance(v, float) and math.isnan(v):
        return False
    return not (isinstance(v, str) and v == "")


def _has_data(trace: Any) -> bool:
    """A trace with at least one real plotted value (legend-only traces have x=[None])."""
    for attr in ("z", "locations", "y", "x"):
        vals = getattr(trace, attr, None)
        if vals is not None and any(_present(v) for v in _flat(vals)):
            if attr in ("y", "x"):
                other = trace.x if attr == "y" else trace.y
                if other is not None and not any(_present(v) for v in _flat(other)):
                    continue
            return True
    return False


NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _nums(text: str) -> set[str]:
    """Numbers in English or French writing: 22,700 / 22\u202f700 / 28.57 / 28,57."""
    text = re.sub(r"(?<=\d)[\u202f\u00a0 ](?=\d{3}(?!\d))", "", str(text))  # French thousands
    text = re.sub(r"(?<=\d),(?=\d{1,2}(?!\d))", ".", text)  # French decimal comma
    return {_norm(m.group().replace(",", "")) for m in NUM.finditer(text)}


def _norm(x: Any) -> str:
    return f"{float(x):g}"


def _template_regex(template: str) -> re.Pattern[str]:
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append("(.+?)")
    return re.compile("".join(parts), re.DOTALL)


TEMPLATES = [
    (key, tpl, _template_regex(tpl))
    for cat in (EN, FR)
    for key, tpl in cat.items()
    if key.endswith((".title", ".title_one", ".takeaway", ".takeaway_single", ".takeaway_one", ".takeaway_full"))
]


def _own_template_numbers(text: str) -> set[str] | None:
    """Numbers written in the template that produced ``text`` (e.g. the '30' of '30% quota')."""
    hits = [tpl for _, tpl, rx in TEMPLATES if rx.fullmatch(text)]
    if not hits:
        return None
    out: set[str] = set()
    for tpl in hits:
        for literal, *_ in string.Formatter().parse(tpl):
            out |= _nums(literal)
    return out


def _derivable(res: charts.ChartResult) -> set[str]:
    """Numbers readable from the plotted rows and the derived table, and simple counts of them."""
    out: set[str] = set()
    frames = [res.rows] + ([res.derived] if res.derived is not None else [])
    for df in frames:
        for col in df.columns:
            s = df[col]
            if pd.api.types.is_bool_dtype(s):
                continue
            if pd.api.types.is_numeric_dtype(s):
                for v in s.dropna():
                    v = float(v)
                    out.add(_norm(v))
                    out.add(_norm(round(v, 2)))  # shown with at most two decimals (i18n.formats.MAX_DECIMALS)
                    out |= _nums(fmt_value(v, "cases"))
                    out.add(_norm(f"{mx.QUOTA - v:.2f}"))
            elif col in ("fact_id", "date", "subject", "region", "years_compared", "period"):
                for text in s.dropna().astype(str):
                    out |= _nums(text)
        out.add(str(len(df)))
        for col in ("region", "year", "subject", "source_id", "series"):
            if col in df:
                out.add(str(df[col].nunique()))
        if "compliant" in df:
            out.add(str(int((~df["compliant"].astype(bool)).sum())))
        if "year" in df and df["year"].notna().any():
            years = df["year"].dropna().astype(int)
            out |= {str(y) for y in range(years.min(), years.max() + 1)}
    return {_norm(x) for x in out}


def _texts(fig: go.Figure) -> list[str]:
    """Every hover/label text of every trace (a map region's text says its value or 'no data')."""
    out: list[str] = []
    for tr in fig.data:
        text = getattr(tr, "text", None)
        out += [str(x) for x in _flat(text) if _present(x)]
    return out


def _points(trace: Any) -> list[tuple[Any, float, str]]:
    """(category, value, fact_id) of every mark of a bar or scatter trace with hover customdata."""
    horizontal = getattr(trace, "orientation", None) == "h"
    cats = list(trace.y if horizontal else trace.x)
    vals = list(trace.x if horizontal else trace.y)
    ids = [c[4] for c in trace.customdata]
    return list(zip(cats, vals, ids, strict=True))


# --- number formats --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (28.57, "percent", "28.57%"),
        (30.0, "percent", "30%"),
        (14264, "cases", "14,264"),
        (8.8e6, "persons", "8.8 million"),
        (751e6, "usd", "USD 751 million"),
        (771.3e6, "usd", "USD 771.3 million"),
        (2.5e9, "usd", "USD 2.5 billion"),
        (325, "per_100000", "325 per 100,000"),
        (2022.0, "year", "2022"),
        (7.0, "posts", "7"),
        (math.nan, "cases", "no data"),
        (None, "percent", "no data"),
    ],
)
def test_fmt_value(value: float, unit: str, expected: str) -> None:
    assert fmt_value(value, unit) == expected


def test_fmt_number() -> None:
    assert fmt_number(14264) == "14,264"
    assert fmt_number(8_800_000) == "8.8 million"
    assert fmt_number(401_736) == "401,736"
    assert fmt_number(1_234_567) == "1,234,567"  # not a round number of millions: every digit kept
    assert fmt_number(3.5) == "3.5"
    assert fmt_number(0) == "0"


def test_fmt_number_keeps_precision_of_large_non_integers() -> None:
    assert fmt_number(123456.5) == "123,456.5"
    assert fmt_number(1234567.5) == "1,234,567.5"


# --- figure builders on constructed frames ---------------------------------------------


def _series_rows() -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "subject": ["A", "A", "A", "B", "B"],
            "year": pd.array([2015, 2016, 2019, 2016, 2017], dtype="Int64"),
            "value": [10.0, 12.0, 15.0, 5.0, 6.0],
            "unit": "percent",
            "fact_id": ["a15", "a16", "a19", "b16", "b17"],
            "period": "",
            "publisher": "P",
            "published": "2020",
        }
    )
    return mx.with_gaps(rows)


def test_lines_by_year_break_at_gaps() -> None:
    rows = _series_rows()
    fig = fg.lines_by_year(rows, title="T", subtitle="S", ref_lines=[(30.0, "quota")])
    assert len(fig.data) == 2
    assert all(tr.connectgaps is False for tr in fig.data)
    a = next(tr for tr in fig.data if tr.name == "A")
    assert list(a.x) == [2015, 2016, 2017, 2018, 2019]
    assert [pd.isna(v) for v in a.y] == [False, False, True, True, False]
    assert any(s.type == "line" and s.y0 == s.y1 == 30.0 for s in fig.layout.shapes)
    assert fig.layout.title.text == "T"


def _quota_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "subject": ["Assembly", "Court", "Governors"],
            "short_label": ["Assembly", "Court", "Governors"],
            "branch": ["legislature", "judiciary", "executive"],
            "value": [28.57, 30.0, 5.0],
            "year": pd.array([2020, 2023, None], dtype="Int64"),
            "period": "",
            "fact_id": ["f1", "f2", "f3"],
            "compliant": [False, True, False],
            "gap_points": [1.43, 0.0, 25.0],
            "publisher": "P",
            "published": "2023",
        }
    )


def test_quota_bars_line_at_30_and_text_labels() -> None:
    fig = fg.quota_bars(_quota_frame(), title="T", subtitle="S")
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert any(s.x0 == s.x1 == 30.0 for s in lines)
    assert any("30% quota" in (a.text or "") for a in fig.layout.annotations)
    bars = fig.data[0]
    marks = zip(bars.customdata, bars.text, bars.marker.color, strict=True)
    by_fact = {c[4]: (text, colour) for c, text, colour in marks}
    assert "meets quota" in by_fact["f2"][0]
    assert "1.43 points short" in by_fact["f1"][0]  # the gap in words (i18n.words.points)
    assert "25 points short" in by_fact["f3"][0]  # no decimals the value does not have
    assert by_fact["f2"][1] != by_fact["f1"][1]  # colour too, but never colour alone
    assert any("(undated)" in name for name in bars.y[1])
    legend = {tr.name for tr in fig.data[1:]}
    assert legend == {"Meets the 30% quota", "Below the 30% quota"}


@pytest.mark.parametrize("lang", LANGS)
def test_quota_labels_are_a_column_beside_the_plot_with_a_margin_that_holds_them(lang: str) -> None:
    from wps_data.exports import layout

    q = _quota_frame()
    fig = fg.quota_bars(q, title="T", subtitle="S", lang=lang)
    labels = [a for a in fig.layout.annotations if a.yref in (None, "y")]
    assert [a.y for a in labels] == list(range(len(q)))  # one per row, on its row
    assert all(a.xref == "paper" and a.x == 1 and a.xanchor == "left" for a in labels)  # never over a bar
    widest = max(layout.shown_px(a.text, a.font.size) for a in labels)
    assert fig.layout.margin.r >= widest + 6  # the margin holds the widest (xshift 6), whatever the plot's width
    assert layout.right_px(fig, 1000, 300, 24) >= widest + 6  # and exports size theirs from the text too
    end = fig.layout.xaxis.range[1]
    assert end % 10 == 0 and end >= max(30.0, q["value"].max()) + 3  # the axis ends on a tick, past the bars
    line = next(a for a in fig.layout.annotations if a.xref == "x")
    assert line.x == 30 and line.xanchor == "right" and line.yanchor == "bottom"  # above the plot, left of the line


def test_exports_wrap_two_level_row_labels_the_same_on_every_trace() -> None:
    from wps_data.exports import images, layout

    q = _quota_frame().assign(group=["peace agreement and transition institutions"] * 3)
    q["short_label"] = ["A very long body name that cannot fit in a third of the width", "B", "C"]
    fig = fg.quota_bars(q, title="T", subtitle="S")
    before = layout.label_px(fig.data[0].y)
    images.wrap_row_levels(fig, 400)
    rows = [tuple(map(tuple, tr.y)) for tr in fig.data if tr.type == "bar"]
    groups, bodies = rows[0]
    assert all("<br>" in g for g in groups)
    assert [b.startswith("A very") for b in bodies] == ["<br>" in b for b in bodies]  # only the long one wraps
    for other in rows[1:]:  # the legend-only traces name categories the main trace has
        assert set(other[0]) <= set(groups) and set(other[1]) <= set(bodies)
    assert layout.label_px(fig.data[0].y) < before  # the margin measured line by line is narrower
    for level, room in zip(fig.data[0].y, (400 * 0.16, 400 * 0.3), strict=True):
        for label in level:
            assert all(layout.shown_px(line) <= room + 1 for line in label.split("<br>") if " " in line)


def test_bars_are_grouped_never_stacked_and_labelled() -> None:
    df = pd.DataFrame(
        {
            "x": ["2022", "2022", "2023"],
            "value": [85.0, 392.0, 14264.0],
            "unit": "cases",
            "kind": ["verified", "reported", "reported"],
            "subject": "s",
            "year": [2022, 2022, 2023],
            "fact_id": ["v", "r", "r2"],
            "publisher": "P",
            "published": "2023",
        }
    )
    fig = fg.bars(df, x="x", y="value", color="kind", title="T", subtitle="S", colour_map={"verified": fg.BLUE})
    assert fig.layout.barmode == "group"
    assert [tr.name for tr in fig.data] == ["verified", "reported"]
    assert fig.data[0].marker.color == fg.BLUE
    assert list(fig.data[1].text) == ["392", "14,264"]


def test_coverage_heatmap_blank_cells_for_gaps() -> None:
    tab = pd.DataFrame({"2019": [3, 0], "2020": [0, 2]}, index=["gbv", "crsv"])
    fig = fg.coverage_heatmap(tab, title="T", subtitle="S")
    hm = fig.data[0]
    z = np.array(hm.z, dtype=float)
    assert z[0, 0] == 3 and math.isnan(z[0, 1]) and math.isnan(z[1, 0])
    assert np.array(hm.text)[0, 1] == ""
    assert list(hm.x) == ["2019", "2020"]


def test_region_map_says_no_data() -> None:
    polys = pd.DataFrame(
        {
            "map_shape": ["Gao", "Mopti"],
            "value": [12.0, None],
            "label": ["Gao: 12<br>Ménaka: 1 (inside Gao on this map)", "Taoudénit: 3 (inside Tombouctou)"],
        }
    )
    geo = fg.load_geojson(geo_file())
    shapes = [f["properties"]["shapeName"] for f in geo["features"]]
    fig = fg.region_map(polys, geo, title="T", subtitle="S", unit="cases")
    texts = _texts(fig)
    assert any(x.startswith("Gao: 12") and "Ménaka" in x for x in texts)
    assert not any(x.startswith("Gao: no data") for x in texts)
    mopti = [x for x in texts if x.startswith("Mopti")]
    assert mopti and all("no data" in x and "Taoudénit" in x for x in mopti)  # a label but no own value
    for s in shapes:
        if s != "Gao":
            assert any(x.startswith(f"{s}: no data") for x in texts), s
    assert any(tr.name == "no data" for tr in fig.data)
    assert fig.layout.title.text == "T"


def test_timeline_one_bar_per_resolution_with_ceilings() -> None:
    df = pd.DataFrame(
        {
            "resolution": ["S/RES/2584", "S/RES/2640"],
            "adopted": ["2021-06-29", "2022-06-29"],
            "ends": ["2022-06-30", "2023-06-30"],
            "ceilings": ["up to 13,289 military, 1,920 police", "ceilings not in the sources"],
        }
    )
    fig = fg.timeline(df, title="T", subtitle="S")
    assert [tr.name for tr in fig.data] == ["S/RES/2584", "S/RES/2640"]
    assert [str(x)[:10] for x in fig.data[1].x] == ["2022-06-29", "2023-06-30"]
    notes = [a.text for a in fig.layout.annotations]
    assert any("13,289 military" in n for n in notes) and any("until 2023-06-30" in n for n in notes)


# --- every chart on the real dataset -----------------------------------------------------


def test_registry_is_not_empty_and_unknown_chart_names_valid_ids(ds: Dataset) -> None:
    assert len(CHART_IDS) >= 15
    with pytest.raises(KeyError) as err:
        charts.draw("no-such-chart", ds)
    assert "rep-quota" in str(err.value) and "map-regional" in str(err.value)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_every_chart_draws_with_data_title_and_takeaway(draw: Callable, chart_id: str, lang: str) -> None:
    res = draw(chart_id, lang)
    assert res.chart_id == chart_id
    assert not res.empty
    assert isinstance(res.figure, go.Figure)
    assert any(_has_data(tr) for tr in res.figure.data), "no trace with data"
    assert res.title.strip() and res.figure.layout.title.text == res.title
    assert res.takeaway.strip() and res.takeaway != t("chart.no_data", lang)
    assert not res.rows.empty and "fact_id" in res.rows


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_every_number_in_title_and_takeaway_comes_from_the_rows(draw: Callable, chart_id: str, lang: str) -> None:
    res = draw(chart_id, lang)
    allowed = _derivable(res)
    for text in (res.title, res.takeaway):
        own = _own_template_numbers(text)
        assert own is not None, f"{text!r} was not produced by any message template"
        stray = sorted(n for n in _nums(text) if n not in allowed and n not in own)
        assert not stray, f"{chart_id}: {stray} in {text!r} are not in the plotted rows"


def test_rep_quota_counts_match_quota_table(ds: Dataset, draw: Callable) -> None:
    q = mx.quota_table(ds.view, ds.bodies)
    standing = q[q["kind"].eq("standing")]  # past bodies, batches and other measures are shown, not counted
    below, n = int((~standing["compliant"]).sum()), len(standing)
    res = draw("rep-quota")
    assert t("rep-quota.title", "en", below=below, n=n) == res.title
    assert res.takeaway.startswith(f"{below} of {n} standing bodies")
    assert sorted(res.derived["fact_id"]) == sorted(q["fact_id"])
    worst = standing.sort_values("value").iloc[0]
    assert f"{worst['value']:g}%" in res.takeaway and f"{worst['gap_points']:.2f} points short" in res.takeaway


def test_rep_quota_women_needed_on_real_bodies(draw: Callable) -> None:
    d = draw("rep-quota").derived.set_index("subject")
    assert d.loc["Governors", "women_needed"] == 5  # 1 of 20: ceil(6) - 1
    assert d.loc["Newly appointed prefects", "women_needed"] == 56  # 10 of 217: ceil(65.1) - 10
    # The meaning audit moved "42 of 147" from the National Assembly to the CNT of 2023 (ext-x125/x126): the
    # Assembly's latest figure is now the World Bank's 27.89% for 2020, which gives no body size.
    assert pd.isna(d.loc["National Assembly", "women_needed"]) and pd.isna(d.loc["National Assembly", "size"])
    assert (d["women_needed"].dropna() >= 0).all()
    assert (d["compliant"] == (d["value"] >= 30)).all()


def test_crsv_compare_takeaway_numbers(draw: Callable) -> None:
    res = draw("crsv-verified-vs-registered")
    assert "85" in _nums(res.takeaway) and "392" in _nums(res.takeaway)
    rows = res.rows[res.rows["sex_age"].eq("women")].set_index("status")["value"]
    assert (rows["verified"], rows["reported"]) == (85, 392)
    assert "477" not in _nums(res.takeaway)  # 85 + 392: never added


def test_gbv_types_takeaway_top_share_2022(draw: Callable) -> None:
    res = draw("gbv-types")
    assert set(res.rows["year"]) == {2022}
    top = res.rows.loc[res.rows["value"].idxmax()]
    assert top["value"] == 55
    assert "55%" in res.takeaway and "2022" in res.takeaway
    assert top["subject"].split(" (share")[0] in res.takeaway


@pytest.mark.parametrize(("lang", "label"), [("en", "of which rape: 41%"), ("fr", "dont viol : 41\u00a0%")])
def test_gbv_types_sub_type_reads_as_part_of_the_sentence(draw: Callable, lang: str, label: str) -> None:
    """The sub-type reads inside the sentence: "of which rape", not "of which Rape"; "dont viol", not "dont Viol"."""
    inner = [tr for tr in draw("gbv-types", lang).figure.data if tr.text is not None and len(tr.text) == 1]
    assert [tr.text[0] for tr in inner] == [label]
    assert inner[0].name.startswith(label.split(":")[0].strip())


def test_rep_legislature_trend_takeaway(draw: Callable) -> None:
    res = draw("rep-legislature-trend")
    last = res.rows.sort_values("year").iloc[-1]
    assert last["value"] == 28.57
    assert round(mx.QUOTA - last["value"], 2) == 1.43
    assert "28.57%" in res.takeaway and "1.43 points" in res.takeaway
    assert all(tr.connectgaps is False for tr in res.figure.data if tr.type == "scatter")


FILTER_AWARE_VIOLENCE = ["gbv-trend", "gbv-types", "crsv-verified-vs-registered", "crsv-by-year", "violence-regions"]


@pytest.mark.parametrize("chart_id", FILTER_AWARE_VIOLENCE)
@pytest.mark.parametrize("filters", [{"regions": ["Gao"]}, {"years": (2015, 2018)}], ids=["gao", "2015-2018"])
def test_violence_filters_change_what_is_drawn(draw: Callable, chart_id: str, filters: dict) -> None:
    assert charts.REGISTRY[chart_id].page == "violence"
    base = draw(chart_id)
    res = draw(chart_id, **filters)
    if res.fallback:  # no figure at the chosen level: the wider view, said so (never a silent empty chart)
        assert set(res.rows["fact_id"]) == set(draw(chart_id, years=filters.get("years")).rows["fact_id"]) or (
            "years" in filters
        )
        return
    ids = set() if res.empty else set(res.rows["fact_id"])
    assert ids != set(base.rows["fact_id"])
    if ids and "regions" in filters:
        assert set(res.rows["region"]) <= set(filters["regions"])
    if ids and "years" in filters:
        years = res.rows["year"].dropna().astype(int)
        assert years.between(*filters["years"]).all()


def test_violence_regions_filter_keeps_only_gao(draw: Callable) -> None:
    res = draw("violence-regions", regions=["Gao"])
    assert not res.empty and set(res.rows["region"]) == {"Gao"}
    assert f"{len(res.rows)} GBV and CRSV figures" in res.takeaway


@pytest.mark.parametrize("lang", LANGS)
def test_violence_regions_draws_one_bar_per_figure_each_in_its_own_slot(ds: Dataset, draw: Callable, lang: str) -> None:
    """A figure two sources give is drawn once (and the caveat names both); no two bars share a label."""
    from wps_data.analysis import SAME_FIGURE

    res = draw("violence-regions", lang)
    labels = [y for tr in res.figure.data for y in tr.y]
    assert len(labels) == len(set(labels)) == len(res.rows), labels  # equal labels would be one slot
    assert not res.rows.duplicated(SAME_FIGURE).any()
    assert res.title.startswith(f"{len(res.rows)} ")
    from wps_data.charts.registry import chart_rows

    every = chart_rows(ds, "violence-regions")
    twice = every[every.duplicated(SAME_FIGURE, keep=False)]
    assert len(twice) >= 2  # the Moura operation's 58 victims: an NGO and the press
    moura = twice[twice["value"].eq(58)]
    assert set(moura["fact_id"]) & set(res.rows["fact_id"]) == {"crsv-moura-sexual-violence-2022"}  # not the press
    said = " ".join(res.caveats)
    assert "HRLO" in said and "Eastern Herald" in said and ("2 sources" in said)


def test_distinct_clips_keep_the_words_that_tell_labels_apart() -> None:
    from wps_data.charts.registry import distinct_clips

    base = "Koulikoro 2023 : Cas de VBG pris en charge (direction régionale de la promotion de la femme)"
    texts = [base, base + " : viol", base + " : mutilations génitales féminines", "Gao 2018 : court"]
    out = distinct_clips(texts, 90)
    assert len(set(out)) == 4 and all(len(x) <= 91 for x in out)
    assert out[1].endswith(": viol") and out[2].endswith("féminines") and out[3] == "Gao 2018 : court"
    assert all(x.startswith("Koulikoro 2023 : Cas de VBG") for x in out[:3])
    assert distinct_clips(["a" * 100], 90) == ["a" * 89 + "…"]  # alone, the end is cut as before


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chart_id", ["crsv-verified-vs-registered", "crsv-by-year"])
def test_crsv_verified_and_reported_never_share_a_mark(draw: Callable, chart_id: str, lang: str) -> None:
    res = draw(chart_id, lang)
    facts = res.rows.set_index("fact_id")
    assert res.figure.layout.barmode not in ("stack", "relative")
    statuses_seen = set()
    for tr in res.figure.data:
        if tr.customdata is None:
            continue
        pts = _points(tr)
        for _cat, val, fid in pts:
            assert fid in facts.index, f"mark {fid} is not a plotted row"
            assert val == facts.loc[fid, "value"], "a mark's value is not its own fact's value"
            statuses_seen.add(facts.loc[fid, "status"])
        if tr.type == "bar":
            cats = [c for c, _, _ in pts]
            assert len(cats) == len(set(cats)), f"two figures in one bar position of trace {tr.name!r}"
    assert {"verified", "reported"} <= statuses_seen
    # no mark is the sum of a verified and a reported figure of the same year and sex/age
    sums = {
        (y, s, v1 + v2)
        for (y, s, st1, v1) in res.rows[["year", "sex_age", "status", "value"]].itertuples(index=False)
        for (y2, s2, st2, v2) in res.rows[["year", "sex_age", "status", "value"]].itertuples(index=False)
        if y == y2 and s == s2 and {st1, st2} == {"verified", "reported"}
    }
    marks = {v for tr in res.figure.data if tr.customdata is not None for _, v, _ in _points(tr)}
    assert not {total for _, _, total in sums} & marks


def test_crsv_compare_measure_on_axis_matches_each_bar_status(draw: Callable) -> None:
    res = draw("crsv-verified-vs-registered")
    facts = res.rows.set_index("fact_id")
    label = {st: t(f"crsv.measure.{st}", "en") for st in ("verified", "reported")}
    for tr in res.figure.data:
        for cat, _, fid in _points(tr):
            assert cat == label[facts.loc[fid, "status"]]
        assert len({facts.loc[fid, "sex_age"] for _, _, fid in _points(tr)}) == 1  # a trace is one sex


def test_crsv_by_year_one_kind_of_count_per_trace_with_its_colour(draw: Callable) -> None:
    res = draw("crsv-by-year")
    facts = res.rows.set_index("fact_id")
    for tr in res.figure.data:
        sts = {facts.loc[fid, "status"] for _, _, fid in _points(tr)}
        assert len(sts) == 1, f"trace {tr.name!r} mixes {sts}"
        (st,) = sts
        assert t(f"status.{st}", "en") in tr.name
        assert tr.marker.color == fg.STATUS_COLOURS[st]


def _menaka_choice(ds: Dataset) -> tuple[str, int | None]:
    for r in charts.map_options(ds).itertuples(index=False):
        year = None if pd.isna(r.y) else int(r.y)
        rows, _ = charts.map_values(ds, r.indicator, year)
        if "Ménaka" in set(rows["region"]):
            return r.indicator, year
    raise AssertionError("no map option shows Ménaka")


@pytest.mark.parametrize("lang", LANGS)
def test_map_marks_no_data_and_menaka_inside_gao(ds: Dataset, draw: Callable, lang: str) -> None:
    ind, year = _menaka_choice(ds)
    res = draw("map-regional", lang, indicator=ind, year=year)
    assert "Ménaka" in set(res.rows["region"])
    texts = _texts(res.figure)
    assert any(f": {t('chart.no_data_short', lang)}" in x for x in texts)
    gao = [x for x in texts if x.startswith("Gao")]
    inside = t("map.inside", lang, parent=INSIDE["Ménaka"])  # said in the interface language
    assert gao and all("Ménaka" in x and inside in x for x in gao)
    assert "Ménaka" in res.subtitle and "Gao" in res.subtitle


def test_default_map_every_region_has_a_value_or_says_no_data(draw: Callable) -> None:
    res = draw("map-regional")
    texts = _texts(res.figure)
    shapes = [f["properties"]["shapeName"] for f in fg.load_geojson(geo_file())["features"]]
    own = res.rows[~res.rows["region"].isin(INSIDE)]
    with_value = {MAP_SHAPE[r] for r in own["region"]}
    assert with_value and set(shapes) - with_value, "the default map should have regions with and without data"
    for s in shapes:
        says_no_data = any(x.startswith(f"{s}: no data") for x in texts)
        assert says_no_data != (s in with_value), s
    for r, v in zip(own["region"], own["value"], strict=True):
        assert any(x.startswith(f"{r}: {fmt_value(v, own['unit'].iloc[0])}") for x in texts), r


def test_map_values_put_menaka_into_gao_polygon(ds: Dataset) -> None:
    ind, year = _menaka_choice(ds)
    rows, polys = charts.map_values(ds, ind, year)
    gao = polys.set_index("map_shape").loc["Gao"]
    assert "Ménaka" in gao["label"] and "inside Gao on this map" in gao["label"]
    own_gao = rows[rows["region"].eq("Gao")]
    if not own_gao.empty:
        assert gao["value"] == own_gao["value"].iloc[0]  # Ménaka's value is never Gao's
    assert not rows.duplicated("region").any()


def test_headlines_trace_to_facts(ds: Dataset) -> None:
    heads = charts.headlines(ds)
    assert len(heads) >= 4
    ids = set(ds.view["fact_id"])
    for h in heads:
        assert h.label and h.value
        assert h.fact["fact_id"] in ids
    q = mx.quota_table(ds.view, ds.bodies)
    q = q[q["kind"].eq("standing")]
    quota = next(h for h in heads if h.label == t("headline.quota_bodies"))
    assert quota.value == f"{int((~q['compliant']).sum())} / {len(q)}"
    rep = next(h for h in heads if h.label == t("headline.rep"))
    assert rep.value == f"{rep.fact['value']:g}%"


def test_mandate_table_and_provisions_matrix(ds: Dataset) -> None:
    tab = charts.mandate_table(ds)
    assert len(tab) >= 1
    assert tab["resolution"].str.fullmatch(r"S/RES/\d{4}").all()
    assert tab["ends"].dropna().str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert (tab["provisions"] >= 0).all()
    mat = charts.provisions_matrix(ds)
    assert "subject" in mat.columns
    res_cols = [c for c in mat.columns if c != "subject"]
    assert res_cols and all(re.fullmatch(r"S/RES/\d{4}", c) for c in res_cols)
    cells = mat[res_cols].to_numpy().ravel()
    assert all(c == "-" or re.fullmatch(r"OP \d+(, OP \d+)*", c) for c in cells)
    assert any(c != "-" for c in cells)
    n_ops = sum(0 if c == "-" else c.count("OP ") for c in cells)
    assert n_ops == int(ds.view["indicator"].eq("wps_provision").sum())


def test_the_screen_figure_places_every_title_where_the_frame_script_would(ds: Dataset) -> None:
    """Sent in place, the title costs no browser a redraw: the same yref, y and anchor as frame.js's titleUpdate."""
    from wps_data.app.frame import JS
    from wps_data.viz.template import TITLE_TOP_PX, screen_figure

    assert f"var y = 1 - {TITLE_TOP_PX} / fl.height;" in JS  # one rule, written twice: they must agree
    for chart_id in CHART_IDS:
        fig = charts.draw(chart_id, ds, {}, "en").figure
        if not (fig.layout.height and fig.layout.title.text):
            continue
        before = fig.to_json()
        title = screen_figure(fig).layout.title
        assert (title.yref, title.yanchor) == ("container", "top"), chart_id
        assert title.y == pytest.approx(1 - TITLE_TOP_PX / fig.layout.height), chart_id
        assert fig.to_json() == before, f"{chart_id}: the cached figure was changed"


@pytest.mark.parametrize("lang", LANGS)
def test_no_chart_text_names_a_gap_with_a_placeholder(draw: Callable, lang: str) -> None:
    """A run of years without a gap says so: never 'no national figure for -'."""
    for chart_id in CHART_IDS:
        for years in (None, (2012, 2024)):
            res = draw(chart_id, lang, **({"years": years} if years else {}))
            for text in (res.title, res.subtitle, res.takeaway, *res.caveats):
                assert not re.search(r"\b(for|pour) -(\W|$)", text or ""), (chart_id, years, text)


@pytest.mark.parametrize("lang", LANGS)
def test_a_chart_s_subtitle_and_its_as_of_line_give_the_same_dates(draw: Callable, lang: str) -> None:
    """Where a subtitle dates the chart, it dates what the chart draws, as the 'as of' line under it does."""
    for chart_id in CHART_IDS:
        res = draw(chart_id, lang)
        if res.empty or not res.as_of:
            continue
        stamp = res.as_of.split(", ")[-1]  # 'latest source published 2026-02-05' / '... publiée le 5 février 2026'
        said = [w for w in ("published", "publiée") if w in (res.subtitle or "")]
        if said:
            assert stamp in res.subtitle, (chart_id, res.subtitle, res.as_of)


@pytest.mark.parametrize("lang", LANGS)
def test_the_gaps_chart_agrees_in_number(draw: Callable, lang: str) -> None:
    res = draw("overview-gaps", lang)
    one = re.search(r"; 1 (of them|n')", res.title)
    if one:  # the data has exactly one part-year gap: the verb is singular
        assert ("1 of them has" if lang == "en" else "1 n'a ") in res.title, res.title
    assert "1 of them have" not in res.title and "1 n'ont" not in res.title
    assert "1 of those have" not in res.takeaway and "1 d'entre elles n'ont" not in res.takeaway
