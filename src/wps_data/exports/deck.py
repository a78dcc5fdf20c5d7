"""The briefing deck: a 16:9 PowerPoint of a page's charts, built with python-pptx.

Layer: exports. Imports charts, dataset, pagespec, i18n and the other export modules
(``images``, ``measure``, ``layout``, ``sourceline``, ``tables``); never streamlit.

``briefing_deck`` makes a title slide (page, filters, date, dataset version), one slide
per chart (the image, the chart title, its computed takeaway in large type, a caveat line,
the sources and as-of date in a footnote; in the speaker notes the takeaway, the caveats in
full and every source) and closing slide(s) with every source and its link. Without a
browser the deck keeps its text and says why the images are missing.

The footnote names the source of every number the title and takeaway state first
(``exports.stated``), however many there are, then other sources up to three lines, then how
many more are in the speaker notes: "and N more" never hides a stated number's source.

python-pptx cannot measure text, so every box is sized from ``exports.measure``'s
widths before anything is drawn, and nothing overflows its box or the slide.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from wps_data.charts.registry import ChartResult, Filters
from wps_data.dataset import Dataset
from wps_data.exports import images
from wps_data.exports.layout import category_rows, left_px
from wps_data.exports.measure import clip, height_in, slide_lines, slide_wrap
from wps_data.exports.sourceline import (
    MAX_SOURCES,
    SourceItem,
    all_sources,
    item_text,
    reference_parts,
    source_items,
    source_lines,
)
from wps_data.exports.stated import stated_source_ids
from wps_data.exports.tables import page_results
from wps_data.i18n import t
from wps_data.i18n.formats import fmt_when
from wps_data.pagespec import describe_filters

SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.5
FONT = "Arial"  # metric-compatible Liberation Sans stands in for it in LibreOffice: sizes estimate alike
TITLE_PT, TAKEAWAY_PT, TAKEAWAY_MIN_PT, FOOT_PT, SOURCES_PT, CAVEAT_PT = 28, 24, 20, 12, 12, 14
CAVEAT_LINES = 2  # the caveats on the slide, cut with an ellipsis; in full in the speaker notes
TAKEAWAY_W = 4.0
DARK = RGBColor(0x22, 0x22, 0x22)
GREY_TEXT = RGBColor(0x44, 0x44, 0x44)
ACCENT = RGBColor(0x00, 0x72, 0xB2)

Runs = list[tuple[str, str | None]]  # a paragraph as (text, hyperlink or None) runs


def _textbox(
    slide: Any,
    left: float,
    top: float,
    width: float,
    height: float,
    paragraphs: Sequence[str | Runs],
    pt: float,
    *,
    bold: bool = False,
    color: RGBColor = DARK,
    anchor: Any = MSO_ANCHOR.TOP,
    align: Any = PP_ALIGN.LEFT,
    space_after: float = 0,
) -> Any:
    """A text box; a paragraph is a string or a list of (text, hyperlink or None) runs."""
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = anchor
    for m in ("margin_left", "margin_right"):
        setattr(tf, m, Inches(0.05))
    tf.margin_top = tf.margin_bottom = Inches(0.04)
    for i, para in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        if space_after:
            p.space_after = Pt(space_after)
        runs = [(para, None)] if isinstance(para, str) else para
        for text, link in runs:
            r = p.add_run()
            r.text = text
            r.font.size = Pt(pt)
            r.font.name = FONT
            r.font.bold = bold
            r.font.color.rgb = ACCENT if link else color
            if link:
                r.hyperlink.address = link
    return box


def _set_title(slide: Any, text: str, top: float, height: float, pt: float) -> None:
    title = slide.shapes.title
    title.left, title.top = Inches(MARGIN), Inches(top)
    title.width, title.height = Inches(SLIDE_W - 2 * MARGIN), Inches(height)
    tf = title.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = MSO_ANCHOR.TOP
    tf.margin_left = tf.margin_right = Inches(0.05)
    tf.margin_top = tf.margin_bottom = Inches(0.04)
    tf.text = text
    for p in tf.paragraphs:
        p.alignment = PP_ALIGN.LEFT
        for r in p.runs:
            r.font.size = Pt(pt)
            r.font.name = FONT
            r.font.bold = True
            r.font.color.rgb = DARK


def _title_slide(prs: Any, page: str, filters: Filters, version: str, lang: str, today: dt.date) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only": the title stays a real title
    width = SLIDE_W - 2 * MARGIN
    title = t(f"page.{page}", lang)
    n = slide_lines(title, width, 40, bold=True)
    _set_title(slide, title, 2.0, height_in(n, 40), 40)
    top = 2.0 + height_in(n, 40) + 0.2
    _textbox(slide, MARGIN, 1.2, width, 0.6, [t("app.name", lang)], 20, color=ACCENT, bold=True)
    lines = [
        t("brief.deck_filters", lang, filters=describe_filters(filters, lang)),
        t("brief.deck_prepared", lang, date=fmt_when(today.isoformat(), lang), version=version),
    ]
    h = height_in(sum(slide_lines(x, width, 22) for x in lines), 22) + 0.2
    _textbox(slide, MARGIN, top, width, h, lines, 22, color=GREY_TEXT, space_after=6).name = "Filters and version"


def _image_box(
    slide: Any,
    png: bytes | None,
    alt: str,
    left: float,
    top: float,
    width: float,
    height: float,
    reason: str,
    lang: str = "en",
) -> None:
    if png is None:
        _textbox(
            slide, left, top, width, height, [t("brief.deck_no_image", lang, reason=reason)], 18,
            color=GREY_TEXT, anchor=MSO_ANCHOR.MIDDLE, align=PP_ALIGN.CENTER,
        ).name = "Chart missing"  # fmt: skip
        return
    pw, ph = images.png_size(png)
    k = min(width / pw, height / ph)
    w, h = pw * k, ph * k
    pic = slide.shapes.add_picture(
        io.BytesIO(png), Inches(left + (width - w) / 2), Inches(top + (height - h) / 2), Inches(w), Inches(h)
    )
    pic.name = "Chart"
    pic._element.nvPicPr.cNvPr.set("descr", alt)  # alt text for screen readers


@dataclass(frozen=True)
class _ChartSlide:
    """Where everything goes on a chart slide (inches), computed from the text before rendering."""

    title_h: float
    foot: list[str]
    foot_top: float
    caveat: str  # '' when the chart has no caveat
    caveat_top: float
    body_top: float
    body_h: float
    takeaway_pt: int
    image_left: float
    image_w: float

    @property
    def aspect(self) -> float:
        """Width / height of the image box."""
        return self.image_w / self.body_h


def _chart_layout(res: ChartResult, lang: str) -> _ChartSlide:
    width = SLIDE_W - 2 * MARGIN
    title_h = height_in(slide_lines(res.title, width, TITLE_PT, bold=True), TITLE_PT, 1.1)
    foot = [clip(x, width, FOOT_PT) for x in footnote_sources(res, lang)]
    foot.append(clip(t("chart.as_of", lang, as_of=res.as_of), width, FOOT_PT))
    foot_top = SLIDE_H - 0.25 - height_in(len(foot), FOOT_PT)
    caveat = caveat_line(res, lang, width)
    caveat_top = foot_top - (height_in(slide_lines(caveat, width, CAVEAT_PT), CAVEAT_PT) + 0.05 if caveat else 0)
    body_top = 0.3 + title_h + 0.15
    body_h = caveat_top - 0.15 - body_top
    pt = TAKEAWAY_PT
    while pt > TAKEAWAY_MIN_PT and height_in(slide_lines(res.takeaway, TAKEAWAY_W, pt), pt) > body_h:
        pt -= 2
    image_left = MARGIN + TAKEAWAY_W + 0.3
    return _ChartSlide(
        title_h, foot, foot_top, caveat, caveat_top, body_top, body_h, pt, image_left, SLIDE_W - MARGIN - image_left
    )


def footnote_sources(res: ChartResult, lang: str = "en") -> list[str]:
    """'Source: ...' lines: the sources of the stated numbers, others up to three lines, then how many more."""
    items = source_items(res.sources, lang)
    stated = stated_source_ids(res)
    first = [i for sid in stated for i in items if i.source_id == sid]
    rest = [i for i in items if i.source_id not in stated]
    shown = first + rest[: max(0, MAX_SOURCES - len(first))]
    lines = [t("chart.source_line", lang, sources=item_text(i, lang)) for i in shown]
    more = len(items) - len(shown)
    if more:
        one = more == 1
        lines.append(t("brief.deck_more_in_notes_one", lang) if one else t("brief.deck_more_in_notes", lang, n=more))
    return lines


def caveat_line(res: ChartResult, lang: str, width: float) -> str:
    """'Caveat: ...' in at most ``CAVEAT_LINES`` lines of the slide (cut with an ellipsis), or ''."""
    if not res.caveats:
        return ""
    text = t("brief.deck_caveats", lang, caveats=" ".join(res.caveats))
    lines = slide_wrap(text, width, CAVEAT_PT)
    if len(lines) <= CAVEAT_LINES:
        return text
    head = " ".join(lines[:CAVEAT_LINES])
    while " " in head and slide_lines(head + "…", width, CAVEAT_PT) > CAVEAT_LINES:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:.") + "…"


def deck_figure(res: ChartResult, aspect: float, *, version: str | None, lang: str = "en") -> go.Figure:
    """The chart as a slide shows it: compact, laid out to the image box's shape.

    Charts with long axis labels get a wider layout so the plot keeps room; charts taller
    than the box are squeezed to its shape, keeping at least 17 px per category row.
    """
    layout_w = int(max(images.DECK_LAYOUT_WIDTH, min(1100, left_px(res.figure) + 440)))
    kw: dict[str, Any] = {"version": version, "layout_width": layout_w, "lang": lang, "compact": True}
    fig = images.decorate(res, width=images.MIN_PNG_WIDTH, **kw)
    w, h = float(fig.layout.width), float(fig.layout.height)
    if w / h < aspect:
        scale = images.MIN_PNG_WIDTH / w
        plot_now = h - fig.layout.margin.t - fig.layout.margin.b
        floor = max(220.0, 17.0 * category_rows(fig))
        target = max(w / aspect, h - (plot_now - min(plot_now, floor)))
        fig = images.decorate(res, width=images.MIN_PNG_WIDTH, height=round(target * scale), **kw)
    return fig


def _chart_slide(prs: Any, res: ChartResult, box: _ChartSlide, png: bytes | None, reason: str, lang: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    width = SLIDE_W - 2 * MARGIN
    _set_title(slide, res.title, 0.3, box.title_h, TITLE_PT)
    foot_h = SLIDE_H - 0.25 - box.foot_top
    _textbox(slide, MARGIN, box.foot_top, width, foot_h, box.foot, FOOT_PT, color=GREY_TEXT).name = "Footnote"
    if box.caveat:
        cav_h = box.foot_top - 0.05 - box.caveat_top
        _textbox(slide, MARGIN, box.caveat_top, width, cav_h, [box.caveat], CAVEAT_PT, color=DARK).name = "Caveats"
    pt = box.takeaway_pt
    take_h = min(box.body_h, height_in(slide_lines(res.takeaway, TAKEAWAY_W, pt), pt))
    _textbox(slide, MARGIN, box.body_top, TAKEAWAY_W, take_h, [res.takeaway], pt, color=DARK).name = "Takeaway"
    alt = f"{res.title}. {res.takeaway}"
    _image_box(slide, png, alt, box.image_left, box.body_top, box.image_w, box.body_h, reason, lang)
    notes = [res.takeaway]
    if res.caveats:
        notes.append(t("brief.deck_notes_caveats", lang, caveats=" ".join(res.caveats)))
    notes.extend(source_lines(res, lang=lang, limit=len(res.sources)))
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def _source_runs(item: SourceItem, lang: str) -> Runs:
    """'Title. Publisher, date. ' then the link (a hyperlink), or '(no public link)'."""
    head, text, link = reference_parts(item, lang)
    return [(head, None), (text, link)]


def _sources_slides(prs: Any, sources: pd.DataFrame, lang: str = "en") -> None:
    width = SLIDE_W - 2 * MARGIN
    title_h = height_in(1, TITLE_PT, 1.1)
    top = 0.3 + title_h + 0.15
    avail = SLIDE_H - 0.3 - top
    entries = [_source_runs(item, lang) for item in source_items(sources, lang)]
    pages: list[list[Runs]] = [[]]
    used = 0.0
    gap = 4 / 72
    for e in entries:
        h = slide_lines("".join(x for x, _ in e), width, SOURCES_PT) * SOURCES_PT * 1.2 / 72 + gap
        if pages[-1] and used + h > avail - 0.12:
            pages.append([])
            used = 0.0
        pages[-1].append(e)
        used += h
    for i, chunk in enumerate(pages):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        heading = t("brief.deck_sources", lang) if i == 0 else t("brief.deck_sources_more", lang)
        _set_title(slide, heading, 0.3, title_h, TITLE_PT)
        paras: list[str | Runs] = list(chunk) if chunk else [t("brief.deck_sources_none", lang)]
        _textbox(slide, MARGIN, top, width, avail, paras, SOURCES_PT, color=DARK, space_after=4).name = "Sources"


def briefing_deck(
    page: str,
    ds: Dataset,
    filters: Filters,
    lang: str = "en",
    results: Sequence[ChartResult] | None = None,
    *,
    today: dt.date | None = None,
) -> bytes:
    """A 16:9 PowerPoint deck of the page: title, one slide per chart, then every source.

    Without a browser the chart slides keep their title, takeaway and sources and say
    why the image is missing; a rendering error with a browser present is raised.
    """
    results = [r for r in (results if results is not None else page_results(page, ds, filters, lang)) if not r.empty]
    boxes = [_chart_layout(r, lang) for r in results]
    ok, reason = images.image_export_available(lang)
    pngs: list[bytes | None] = [None] * len(results)
    if results and ok:
        figs = [deck_figure(r, b.aspect, version=ds.version, lang=lang) for r, b in zip(results, boxes, strict=True)]
        pngs = list(images.render_figures(figs, "png", width=images.MIN_PNG_WIDTH))

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in: PowerPoint's 16:9
    _title_slide(prs, page, filters, ds.version, lang, today or dt.date.today())
    if not results:
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        _set_title(slide, t(f"page.{page}", lang), 0.3, height_in(1, TITLE_PT, 1.1), TITLE_PT)
        _textbox(slide, MARGIN, 2.5, SLIDE_W - 2 * MARGIN, 1.0, [t("brief.deck_no_charts", lang)], TAKEAWAY_PT)
    for res, box, png in zip(results, boxes, pngs, strict=True):
        _chart_slide(prs, res, box, png, reason, lang)
    _sources_slides(prs, all_sources(results), lang)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
