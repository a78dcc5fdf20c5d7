"""The briefing slides, read back from the .pptx: sources of stated numbers, caveats, and labels that never collide.

* Every number a chart slide's title or takeaway states that is a plotted fact's value has
  that fact's source named on the slide (the footnote), however many there are: "and N
  more" only ever counts sources of numbers the slide does not state, and says they are in
  the speaker notes (which list every source). Checked on every chart of every page, in
  English and French, and on a constructed chart stating numbers from five sources.
* A chart with caveats has a caveat text box on its slide, between the chart and the
  footnote, in type at least as large as the footnote's; a chart without has none.
* The chart images a slide gets (``deck.deck_figure``, rendered 1600 px wide): every text's
  font is at least 12 px at 1600 px and no bar label is shrunk to its bar (``constraintext``);
  the quota chart's labels stand right of the quota line, in rows, with no grid line through
  them and the line's own label above the plot; the appeal chart's value labels stand upright
  above their bars inside the plot (bounding boxes from the figure's layout and measured text
  widths), the coverage percentages above the plot.

Decks are built without a browser (the images are not needed to read the text back); the
figures are checked as laid out for the slide, which is what Kaleido renders.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.util import Pt

from wps_data import paths
from wps_data.charts.registry import ChartResult, charts_for, draw
from wps_data.dataset import Dataset, load_dataset
from wps_data.exports import deck, images, layout
from wps_data.exports.measure import text_px
from wps_data.exports.tables import page_results
from wps_data.i18n import fmt_number, fmt_plain, fmt_value, t
from wps_data.pagespec import PAGES

CHART_PAGES = [p for p in PAGES if charts_for(p)]
MIN_LABEL_PX = 12  # at 1600 px
QUOTA = 30.0


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(paths.data_dir())


def _deck(ds: Dataset, page: str, lang: str, results: list[ChartResult]) -> Any:
    """The deck of ``results``, without images: the slides' text is what these tests read."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(images, "image_export_available", lambda lang="en": (False, "not needed in this test"))
        mp.setattr(images, "_render", lambda *a, **k: pytest.fail("must not render"))
        return Presentation(io.BytesIO(deck.briefing_deck(page, ds, {}, lang, results)))


@pytest.fixture(scope="module")
def page_deck(ds: Dataset) -> Callable[[str, str], tuple[Any, list[ChartResult]]]:
    """``page_deck(page, lang)``: the page's deck and its charts, built once per module."""
    built: dict[tuple[str, str], tuple[Any, list[ChartResult]]] = {}

    def get(page: str, lang: str) -> tuple[Any, list[ChartResult]]:
        if (page, lang) not in built:
            results = page_results(page, ds, {}, lang)
            built[page, lang] = (_deck(ds, page, lang, results), results)
        return built[page, lang]

    return get


def _texts(slide: Any) -> dict[str, str]:
    return {sh.name: sh.text_frame.text for sh in slide.shapes if sh.has_text_frame}


def _shape(slide: Any, name: str) -> Any:
    found = [sh for sh in slide.shapes if sh.name == name]
    return found[0] if found else None


# --- the numbers a slide states and their sources --------------------------------------------


def _written(value: float, unit: str, lang: str) -> set[str]:
    """How a chart writes a value in ``lang`` (the formats of ``wps_data.i18n``)."""
    return {fmt_value(value, unit, lang), fmt_number(value, lang), fmt_plain(value, lang)}


def _states(text: str, written: str) -> int | None:
    """Where ``text`` states ``written`` as a whole number (not inside a longer one), or None."""
    m = re.search(
        r"(?<![\d.,])(?<!\d[\u00a0\u202f ])" + re.escape(written) + r"(?!\d)(?![.,]\d)(?![\u00a0\u202f ]\d{3}(?!\d))",
        text,
    )
    return m.start() if m else None


def _stated_facts(res: ChartResult, text: str) -> list[pd.Series]:
    """The plotted facts whose value ``text`` states; of facts sharing a stated value, those of a stated year."""
    years = {int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)}
    by_place: dict[int, list[pd.Series]] = {}
    for _, row in res.rows.iterrows():
        if pd.isna(row.get("value")):
            continue
        for w in _written(float(row["value"]), str(row["unit"]), res.lang):
            at = _states(text, w)
            if at is not None:
                by_place.setdefault(at, []).append(row)
    out: list[pd.Series] = []
    for rows in by_place.values():
        dated = [r for r in rows if not pd.isna(r.get("year")) and int(r["year"]) in years]
        out.extend(dated or rows)
    return out


def _more(n: int, lang: str = "en") -> str:
    """The footnote's last source line: how many other sources the speaker notes list."""
    return t("brief.deck_more_in_notes_one", lang) if n == 1 else t("brief.deck_more_in_notes", lang, n=n)


def _named(title: str, footnote: str) -> bool:
    """A source is named when its title is in the footnote (as far as a clipped line has room)."""
    return title in footnote or title[:40] in footnote


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_stated_number_has_its_source_on_the_slide(page_deck: Callable, page: str, lang: str) -> None:
    prs, results = page_deck(page, lang)
    for slide, res in zip(list(prs.slides)[1 : 1 + len(results)], results, strict=True):
        texts = _texts(slide)
        said = slide.shapes.title.text + "\n" + texts["Takeaway"]
        foot = texts["Footnote"]
        for row in _stated_facts(res, said):
            assert _named(str(row["title"]), foot), (
                f"{res.chart_id}: {row['value']} ({row['fact_id']}) is stated but its source is not named:\n{foot}"
            )
        lines = foot.splitlines()
        named = sum(line.startswith(t("chart.source_line", lang, sources="")) for line in lines)
        if named < len(res.sources):  # the others counted, pointing to the speaker notes that list them all
            assert _more(len(res.sources) - named, lang) in lines, foot
            notes = slide.notes_slide.notes_text_frame.text
            assert all(str(title) in notes for title in res.sources["title"])
        else:
            assert named == len(res.sources), foot


def test_the_gbv_slide_names_the_source_of_its_headline_number(ds: Dataset) -> None:
    res = draw("gbv-trend", ds, {}, "en")
    assert "22,700" in res.title and "2024" in res.title
    fact = res.rows[res.rows["value"].eq(22700) & res.rows["year"].eq(2024)]
    assert len(fact) == 1
    slide = list(_deck(ds, "violence", "en", [res]).slides)[1]
    first = _texts(slide)["Footnote"].splitlines()[0]  # the title's number first
    assert first.startswith(t("chart.source_line", sources="")) and _named(fact.iloc[0]["title"], first), first


def test_more_stated_sources_than_three_are_all_named(ds: Dataset) -> None:
    """A chart stating numbers from five sources, plotted with two more: all five on the slide, two counted."""
    view = ds.view[ds.view["unit"].eq("cases") & ds.view["value"].gt(100) & ds.view["year"].notna()]
    one_each = view.drop_duplicates("source_id").drop_duplicates("value").head(7)
    assert len(one_each) == 7, "the data has seven sources of case counts"
    stated = one_each.head(5)
    said = "; ".join(f"{fmt_number(v)} in {int(y)}" for v, y in zip(stated["value"], stated["year"], strict=True))
    res = ChartResult("test", f"Cases: {said}", "", go.Figure(), one_each, "Five sources, two more.", ["A caveat."])
    slide = list(_deck(ds, "violence", "en", [res]).slides)[1]
    foot = _texts(slide)["Footnote"]
    for title in stated["title"]:
        assert _named(title, foot), foot
    assert _more(2) in foot
    notes = slide.notes_slide.notes_text_frame.text
    assert all(title in notes for title in one_each["title"])


# --- caveats on the slide -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", CHART_PAGES)
def test_a_caveat_line_is_on_the_slide_when_the_chart_has_caveats(page_deck: Callable, page: str, lang: str) -> None:
    prs, results = page_deck(page, lang)
    prefix = t("brief.deck_caveats", lang, caveats="")
    for slide, res in zip(list(prs.slides)[1 : 1 + len(results)], results, strict=True):
        box = _shape(slide, "Caveats")
        if not res.caveats:
            assert box is None, res.chart_id
            continue
        assert box is not None, f"{res.chart_id} has caveats but no caveat line"
        text = box.text_frame.text
        assert text.startswith(prefix) and res.caveats[0][:25] in text, text
        sizes = {r.font.size for p in box.text_frame.paragraphs for r in p.runs}
        assert min(sizes) >= Pt(12)
        foot, chart = _shape(slide, "Footnote"), _shape(slide, "Chart missing")
        assert box.top + box.height <= foot.top, res.chart_id  # above the footnote
        assert chart.top + chart.height <= box.top, res.chart_id  # below the chart
        notes = slide.notes_slide.notes_text_frame.text
        assert all(c in notes for c in res.caveats)  # in full in the speaker notes


# --- labels in the slide images ---------------------------------------------------------------


def _slide_figure(ds: Dataset, chart_id: str, lang: str = "en") -> go.Figure:
    res = draw(chart_id, ds, {}, lang)
    return deck.deck_figure(res, deck._chart_layout(res, lang).aspect, version=ds.version, lang=lang)


def _text_sizes(fig: go.Figure) -> list[tuple[str, float]]:
    """(what, CSS px) of every text plotly draws from the figure's data and annotations."""
    base = float(fig.layout.font.size or 12)
    out: list[tuple[str, float]] = []
    for tr in fig.data:
        if getattr(tr, "text", None) is not None and getattr(tr, "textposition", None) != "none":
            size = tr.textfont.size if tr.textfont and tr.textfont.size else base
            out.append((f"{tr.type} labels", float(size)))
    for ann in fig.layout.annotations:
        out.append((f"note {str(ann.text)[:30]!r}", float(ann.font.size or base)))
    if fig.layout.legend and fig.layout.legend.font and fig.layout.legend.font.size:
        out.append(("legend", float(fig.layout.legend.font.size)))
    if fig.layout.title and fig.layout.title.text:
        out.append(("title", float(fig.layout.title.font.size or base)))
    for ax in ("xaxis", "yaxis"):
        axis = fig.layout[ax]
        if axis.visible is not False:
            out.append((f"{ax} ticks", float(axis.tickfont.size or base)))
    return out


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_slide_image_text_is_at_least_12_px_at_1600(ds: Dataset, page: str, lang: str) -> None:
    for c in charts_for(page):
        res = draw(c.chart_id, ds, {}, lang)
        if res.empty:
            continue
        fig = deck.deck_figure(res, deck._chart_layout(res, lang).aspect, version=ds.version, lang=lang)
        scale = images.MIN_PNG_WIDTH / float(fig.layout.width)
        small = [(what, size * scale) for what, size in _text_sizes(fig) if size * scale < MIN_LABEL_PX]
        assert not small, f"{c.chart_id}: text under {MIN_LABEL_PX} px at 1600 px: {small}"
        for tr in fig.data:  # a label shrunk to its bar's width is not the size it declares
            if tr.type == "bar" and tr.textposition in ("outside", "inside", "auto"):
                assert tr.constraintext == "none", c.chart_id


def _plot_box(fig: go.Figure) -> tuple[float, float, float, float]:
    """(left, top, width, height) of the plot area in CSS px."""
    m = fig.layout.margin
    return m.l, m.t, fig.layout.width - m.l - m.r, fig.layout.height - m.t - m.b


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_quota_labels_never_meet_the_quota_line(ds: Dataset, lang: str) -> None:
    fig = _slide_figure(ds, "rep-quota", lang)
    bars = fig.data[0]
    assert bars.type == "bar" and bars.textposition == "none"  # the bars draw no text of their own
    (line,) = [s for s in fig.layout.shapes if s.type == "line" and s.x0 == s.x1 == QUOTA]
    labels = [a for a in fig.layout.annotations if a.xref == "paper" and a.yref in (None, "y")]
    assert len(labels) == len(bars.x), "one label per bar"
    assert sorted(bars.text) == sorted(a.text for a in labels)
    left, _, width, height = _plot_box(fig)
    lo, hi = fig.layout.xaxis.range
    line_px = left + (line.x0 - lo) / (hi - lo) * width
    rows = sorted(a.y for a in labels)
    assert rows == list(range(len(labels))), "each label on its own row"
    pitch = height / len(labels)
    for a in labels:  # a column right of the plot (paper x = 1), wholly on the slide
        start = left + a.x * width + (a.xshift or 0)
        assert a.xanchor == "left" and start > line_px + 1, f"label {a.text!r} starts at {start} <= line {line_px}"
        end = start + layout.shown_px(a.text, a.font.size or fig.layout.font.size)
        assert end <= fig.layout.width, f"label {a.text!r} ends at {end} beyond {fig.layout.width}"
        assert (a.font.size or fig.layout.font.size) * 1.2 <= pitch, "labels of neighbouring rows overlap"
    assert fig.layout.xaxis.showgrid is False, "a grid line would run through the labels"
    (line_note,) = [a for a in fig.layout.annotations if a not in labels and "30" in str(a.text)]
    assert line_note.yref == "y domain" and line_note.y >= 1 and line_note.yanchor == "bottom"  # above the plot


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_appeal_labels_stand_upright_inside_the_plot_without_touching(ds: Dataset, lang: str) -> None:
    fig = _slide_figure(ds, "hum-appeal", lang)
    scale = images.MIN_PNG_WIDTH / float(fig.layout.width)
    left, _, width, height = _plot_box(fig)
    top_value = fig.layout.yaxis.range[1]
    traces = [tr for tr in fig.data if tr.type == "bar" and tr.x is not None and len(tr.x)]
    cats = list(dict.fromkeys(x for tr in traces for x in tr.x))
    slot = width / len(cats)
    bar_w = slot * (1 - (fig.layout.bargap if fig.layout.bargap is not None else 0.2)) / len(traces)
    boxes = []
    for k, tr in enumerate(traces):
        assert tr.textangle == -90 and tr.textposition == "outside" and tr.constraintext == "none"
        size = float(tr.textfont.size)
        assert size * scale >= MIN_LABEL_PX
        assert size * 1.2 <= bar_w, "an upright label is wider than its bar"
        for x, v, text in zip(tr.x, tr.y, tr.text, strict=True):
            centre = left + slot * (cats.index(x) + 0.5) - slot * (1 - 0.2) / 2 + bar_w * (k + 0.5)
            bottom = v / top_value * height + 3  # from the plot's floor, in px
            top = bottom + text_px(str(text), size)
            assert top <= height, f"label {text!r} leaves the plot ({top:.0f} > {height:.0f} px)"
            boxes.append((centre - size * 0.6, centre + size * 0.6, bottom, top, text))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]
            assert apart, f"labels {a[4]!r} and {b[4]!r} overlap"
    notes = [ann for ann in fig.layout.annotations if str(ann.text).endswith("%") or "\u00a0%" in str(ann.text)]
    assert notes, "the coverage percentages are drawn"
    for ann in notes:  # above the plot, so above every label inside it
        assert ann.yref == "paper" and ann.y >= 1 and ann.yanchor == "bottom"
        assert float(ann.font.size) * scale >= MIN_LABEL_PX
