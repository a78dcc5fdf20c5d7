"""Briefing exports: chart images that carry their sources, a PowerPoint deck per page, a data pack.

Pure module (never imports streamlit), shared by the app's download buttons and the
``wps-data chart | briefing | datapack`` commands.

- ``decorate`` copies a chart's figure and draws into it everything a reader needs
  once the image has left the dashboard: the title stating the finding, the subtitle,
  one "Source: title, publisher, date" line per source (three at most), the as-of
  date, and the dashboard name with the dataset version.
- ``chart_images`` renders several figures in ONE Kaleido (headless Chromium)
  session: starting the browser costs seconds, rendering a figure a fraction of one.
  Figures are laid out at ``LAYOUT_WIDTH`` CSS pixels and scaled up to the requested
  pixel width, so the text keeps its proportions in a 1600-pixel PNG.
- ``briefing_deck`` builds a 16:9 deck: a title slide, one slide per chart (the image,
  the chart title, its computed takeaway in large type, the sources and as-of date in
  a footnote, the caveats in the speaker notes) and closing slide(s) with every source.
  Without a browser the deck keeps its text and says why the images are missing.
- ``data_pack`` zips the page's rows as CSV with a Frictionless-style
  ``datapackage.json`` (field descriptions from the pandera schemas), a README, a
  citation and the permalink of the view.
- ``write_atomic`` writes a file completely or not at all.

Text sizes on slides are estimated from character counts (python-pptx cannot measure
text), with a conservative average glyph width, so nothing overflows its box.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import functools
import hashlib
import html
import io
import itertools
import json
import math
import os
import shutil
import struct
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from wps_data.charts.registry import ChartResult, Filters, charts_for, draw
from wps_data.exports.tables import export_frame, filename, safe_csv_bytes
from wps_data.i18n import t
from wps_data.dataset import Dataset
from wps_data.pagespec import PAGES, describe_filters
from wps_data.contract.schemas import FactsSchema, IndicatorsSchema, SourcesSchema

ImageFormat = Literal["png", "svg"]

# User-facing text comes from the message catalogue: t("brief.*", lang) and t("app.name", lang).

# --- image layout constants ----------------------------------------------------------

LAYOUT_WIDTH = 1000  # CSS px the figure is laid out at; the image is scaled to the pixel width asked for
DECK_LAYOUT_WIDTH = 700  # narrower layout for slides: the chart's text comes out larger on the slide
MIN_PNG_WIDTH = 1600
EM = 0.55  # average glyph width of DejaVu Sans in em (a little generous, so estimates err on the safe side)
FOOTER_FONT = 12
FOOTER_LINE = 16
BASE_FONT = 13
MAX_SOURCES = 3
FIGURE_FONT_FILES = (  # the figures' first font (DejaVu Sans), to measure text as the browser draws it
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
)


# --- helpers ---------------------------------------------------------------------------


def short_publisher(publisher: object) -> str:
    """'UN Women, as secretariat of ...' -> 'UN Women' (the full name is in the sources list)."""
    return str(publisher).split(",")[0].strip()


def _text(value: object, default: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return default
    return str(value)


def source_items(sources: pd.DataFrame, lang: str = "en") -> list[str]:
    """'title, publisher (short), date' for each source document, in order."""
    undated = t("brief.undated", lang)
    return [
        t(
            "brief.source_item",
            lang,
            title=_text(r.title),
            publisher=short_publisher(r.publisher),
            date=_text(r.published, undated),
        )
        for r in sources.itertuples()
    ]


def source_lines(result: ChartResult, *, lang: str = "en", limit: int = MAX_SOURCES, more: str = "") -> list[str]:
    """One 'Source: ...' line per source (``limit`` at most) and an 'and N more' line.

    ``more`` is the 'and {n} more' template; by default the one pointing to the dashboard's Sources page.
    """
    items = source_items(result.sources, lang)
    lines = [t("chart.source_line", lang, sources=item) for item in items[:limit]]
    if len(items) > limit:
        rest = len(items) - limit
        lines.append(more.format(n=rest) if more else t("brief.more_sources_image", lang, n=rest))
    return lines


@functools.cache
def _load_font(paths: tuple[str, ...]) -> Any:
    """The first of ``paths`` at 100 px for measuring (Pillow comes with python-pptx), or None."""
    try:
        from PIL import ImageFont
    except ImportError:  # pragma: no cover - Pillow is a python-pptx dependency
        return None
    for path in paths:
        if Path(path).is_file():
            return ImageFont.truetype(path, 100)
    return None


def _font() -> Any:
    return _load_font(FIGURE_FONT_FILES)


def text_px(text: str, font_px: float = BASE_FONT) -> float:
    """Width of ``text`` in CSS px as the browser draws it (measured, +4%), or a generous estimate."""
    font = _font()
    if font is None:
        return len(text) * font_px * EM
    return float(font.getlength(text)) * font_px / 100 * 1.04


def _greedy_wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy word wrap to ``width`` as ``measure`` counts it; over-long words are cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while measure(word) > width and len(word) > 1:  # a URL or a very long token
            cut = max(1, int(len(word) * width / measure(word)) - 1)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines or [""]


def _wrap(text: str, width_px: float, font_px: float) -> list[str]:
    """Wrap figure text (DejaVu Sans at ``font_px``) to ``width_px``."""
    return _greedy_wrap(text, width_px, lambda s: text_px(s, font_px))


def _esc(text: str) -> str:
    """Escape text for plotly's HTML-like labels: data never becomes markup."""
    return html.escape(text, quote=False)


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels from a PNG header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    w, h = struct.unpack(">II", data[16:24])
    return int(w), int(h)


# --- browser ---------------------------------------------------------------------------


def find_browser() -> str | None:
    """Path of the Chromium/Chrome that Kaleido would use, or None."""
    env = os.environ.get("BROWSER_PATH")
    if env and Path(env).is_file():
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    try:  # kaleido's own detection (also finds a browser fetched with kaleido_get_chrome)
        from choreographer.browsers.chromium import Chromium

        return Chromium.find_browser(skip_local=False)
    except Exception:  # best effort: any failure means "not found"
        return None


def image_export_available(lang: str = "en") -> tuple[bool, str]:
    """(True, browser path) when Kaleido can render; else (False, a reason a person can act on)."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return False, t("brief.no_kaleido", lang)
    path = find_browser()
    return (True, path) if path else (False, t("brief.no_browser", lang))


# --- decorated figures -----------------------------------------------------------------


def _legend_entries(fig: go.Figure) -> list[str]:
    if fig.layout.showlegend is False:
        return []
    names = [
        str(tr.name)
        for tr in fig.data
        if tr.showlegend is not False and tr.name and tr.visible is not False and tr.type not in ("heatmap",)
    ]
    explicit = any(tr.showlegend is True for tr in fig.data)
    return names if (len(names) >= 2 or explicit or fig.layout.showlegend) else []


def _legend_rows(names: Sequence[str], width: float) -> int:
    """Rows of a horizontal legend that does not fit one row.

    Plotly then lines its items up in columns as wide as the widest item (symbol, gaps
    and text), within the plot area's width.
    """
    if not names:
        return 0
    if sum(76 + text_px(n) for n in names) <= width:
        return 1
    widest = 76 + max(text_px(n) for n in names)
    cols = max(1, int(width // widest))
    return math.ceil(len(names) / cols)


def _is_text(values: Any) -> bool:
    vals = list(values) if values is not None else []
    return bool(vals) and all(isinstance(v, str | list | tuple) for v in vals)


def _label_px(values: Any, font: float = BASE_FONT) -> float:
    vals = list(values) if values is not None else []
    if vals and isinstance(vals[0], list | tuple):  # multicategory: one list per level, side by side
        return sum(max((text_px(str(v), font) for v in level), default=0) + 24 for level in vals)
    return max((text_px(str(v), font) for v in vals), default=0)


def _left_px(fig: go.Figure) -> float:
    """The left margin the y-axis labels need (category labels measured, numbers ~55 px)."""
    need = 12.0
    for tr in fig.data:
        if tr.type in ("choropleth", "scattergeo"):
            continue
        y = getattr(tr, "y", None)
        if y is None:
            continue
        need = max(need, _label_px(y) + 20 if _is_text(y) else 58.0)
    title = fig.layout.yaxis.title.text if fig.layout.yaxis and fig.layout.yaxis.title else None
    return need + (26 if title and fig.layout.yaxis.visible is not False else 0)


def _bottom_axis_px(fig: go.Figure, plot_width: float) -> tuple[float, int | None]:
    """Height under the plot taken by x tick labels and the x-axis title, and the angle to turn labels by.

    Category labels that would overlap their neighbours are turned 30 degrees (90 when
    even that is too tight), and the angle is then set on the figure, so the room kept
    here is the room the labels take.
    """
    if fig.layout.xaxis.visible is False or all(tr.type in ("choropleth", "scattergeo") for tr in fig.data):
        return 6.0, None
    need, angle = 26.0, None
    cats: list[str] = []
    for tr in fig.data:
        x = getattr(tr, "x", None)
        if x is not None and _is_text(x) and (getattr(tr, "orientation", None) or "v") == "v":
            cats.extend(str(v) for v in x)
    if cats and fig.layout.xaxis.tickangle is None:
        uniq = list(dict.fromkeys(cats))
        widths = [text_px(c) / 1.04 for c in uniq]
        slot = plot_width / len(uniq)
        if any((a + b) / 2 > slot - 2 for a, b in itertools.pairwise(widths)) or max(widths) > 2 * slot:
            angle = 30 if slot >= 2.6 * BASE_FONT else 90
            need = max(widths) * (0.5 if angle == 30 else 1.0) + BASE_FONT + 16
        else:
            angle = 0
    if fig.layout.xaxis.title and fig.layout.xaxis.title.text:
        need += 26
    return need, angle


def _as_number(value: Any) -> float | None:
    """A position on a numeric or date axis as a float (dates in days), or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return pd.Timestamp(value).value / 8.64e13
    except (ValueError, TypeError):
        return None


def _x_range(fig: go.Figure) -> tuple[float, float] | None:
    rng = fig.layout.xaxis.range
    if rng is not None and len(rng) == 2:
        lo, hi = _as_number(rng[0]), _as_number(rng[1])
        if lo is not None and hi is not None and hi > lo:
            return lo, hi
    nums: list[float] = []
    for tr in fig.data:
        x = getattr(tr, "x", None)
        if x is not None:
            nums.extend(n for n in (_as_number(v) for v in list(x)) if n is not None)
    if len(nums) < 2 or max(nums) == min(nums):
        return None
    pad = (max(nums) - min(nums)) * 0.05
    return min(nums) - pad, max(nums) + pad


def _right_px(fig: go.Figure, width: float, left: float, right: float) -> float:
    """A right margin wide enough for left-anchored labels placed on the x axis (line notes, timelines)."""
    rng = _x_range(fig)
    if rng is None:
        return right
    lo, hi = rng
    for ann in fig.layout.annotations or ():
        if (ann.xref or "x") != "x" or ann.xanchor != "left" or not ann.text:
            continue
        x = _as_number(ann.x)
        if x is None:
            continue
        frac = min(max((x - lo) / (hi - lo), 0.0), 1.0)
        size = ann.font.size or BASE_FONT
        label_px = max(text_px(line, size) for line in str(ann.text).split("<br>")) + 8
        if frac > 0:  # the label ends at left + frac * plot width + text_px: keep it inside the figure
            right = max(right, (width - left) - (width - 10 - left - label_px) / frac)
        else:
            right = max(right, label_px - (width - left - right))
    return min(right, width * 0.45)


def _below_plot_annotations_px(fig: go.Figure, plot_px: float) -> float:
    """Room for annotations the chart itself puts under the plot (e.g. the map's boundary credit)."""
    need = 0.0
    for ann in fig.layout.annotations or ():
        if ann.yref == "paper" and ann.y is not None and ann.y < 0:
            need = max(need, -ann.y * plot_px + 22)
    return need


def footer_lines(result: ChartResult, *, dashboard: str, version: str | None, lang: str = "en") -> list[str]:
    """The text drawn under an exported chart: sources, as-of date, dashboard and version."""
    lines = source_lines(result, lang=lang)
    lines.append(t("chart.as_of", lang, as_of=result.as_of))
    lines.append(t("brief.dashboard_line", lang, dashboard=dashboard, version=version) if version else dashboard)
    return lines


def decorate(
    result: ChartResult,
    *,
    width: int = MIN_PNG_WIDTH,
    dashboard: str | None = None,
    version: str | None = None,
    height: int | None = None,
    layout_width: int = LAYOUT_WIDTH,
    lang: str = "en",
    compact: bool = False,
) -> go.Figure:
    """A copy of the chart's figure with title, subtitle, sources, as-of and dashboard drawn in.

    ``width`` (and ``height``, if given) are the pixel size of the final image: the figure
    is laid out ``min(width, layout_width)`` CSS pixels wide and scaled up by the renderer
    (``scale_for``). The margins are computed from the text they must hold, so nothing is
    clipped; the legend sits just above the footer. ``compact`` (for slides, whose title
    and footnote already hold the title and sources) keeps only the subtitle on top and
    the dashboard and dataset version underneath. ``dashboard`` defaults to the dashboard's
    name in ``lang``.
    """
    dashboard = dashboard or t("app.name", lang)
    fig = go.Figure(result.figure)  # a deep copy: cached results are shared
    for tr in fig.data:  # value labels keep the body font instead of shrinking to the bar's thickness
        if tr.type == "bar" and tr.textposition == "outside":
            tr.constraintext = "none"
    w = float(min(width, layout_width))
    scale = width / w
    inner = w - 32

    sub_lines = _wrap(result.subtitle, inner, BASE_FONT) if result.subtitle else []
    if compact:
        title_lines, sub_lines = sub_lines, []
        title_font = 14.0
    else:
        title_lines = _wrap(result.title, inner, 17)
        title_font = 17.0
    top = 16 + (title_font + 6) * len(title_lines) + 19 * len(sub_lines) + 34  # + room for labels above the plot

    colorbar = any(tr.type in ("heatmap", "choropleth") and tr.showscale is not False for tr in fig.data)
    right = 120.0 if colorbar else 24.0
    left = min(_left_px(fig), w * 0.6)
    right = _right_px(fig, w, left, right)
    plot_w = max(120.0, w - left - right)

    lines: list[str] = []
    footer_text = footer_lines(result, dashboard=dashboard, version=version, lang=lang)
    for line in footer_text[-1:] if compact else footer_text:
        wrapped = _wrap(line, inner, FOOTER_FONT)
        lines.extend([wrapped[0], *("    " + x for x in wrapped[1:])])
    footer = FOOTER_LINE * len(lines) + 6

    names = _legend_entries(fig)
    legend = 22 * _legend_rows(names, plot_w) + (8 if names else 0)
    natural = (fig.layout.height or 420) - 80 - 50
    plot_px = max(240.0, float(natural))
    axis, angle = _bottom_axis_px(fig, plot_w)
    axis = max(axis, _below_plot_annotations_px(fig, plot_px))
    if angle is not None:
        fig.update_xaxes(tickangle=angle)
    bottom = axis + legend + footer + 18

    total = top + plot_px + bottom
    if height is not None:
        total = height / scale
        plot_px = max(120.0, total - top - bottom)
        total = top + plot_px + bottom

    fig.update_layout(
        width=round(w),
        height=math.ceil(total),
        margin={"t": top, "b": bottom, "l": left, "r": right, "pad": 0},
        title={
            "text": "<br>".join(_esc(x) for x in title_lines),
            "font": {"size": title_font},
            "subtitle": {"text": "<br>".join(_esc(x) for x in sub_lines)},
            "x": 16 / w,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - 14 / total,
            "yanchor": "top",
            "yref": "container",
        },
        paper_bgcolor="white",
    )
    if names:
        fig.update_layout(
            legend={
                "xref": "container",
                "x": 16 / w,
                "xanchor": "left",
                "yref": "container",
                "y": (footer + 14) / total,
                "yanchor": "bottom",
                "orientation": "h",
            }
        )
    fig.add_annotation(
        text="<br>".join(_esc(x) for x in lines),
        xref="paper",
        yref="paper",
        x=-(left - 16) / plot_w,
        y=-(bottom - footer - 8) / plot_px,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": FOOTER_FONT, "color": "#444"},
    )
    return fig


def scale_for(fig: go.Figure, width: int) -> float:
    """The renderer's scale that turns the figure's layout width into ``width`` pixels."""
    return width / float(fig.layout.width or LAYOUT_WIDTH)


# --- rendering -------------------------------------------------------------------------


def _run_in_thread(make: Callable[[], Any]) -> Any:
    """Run a coroutine in its own event loop on a worker thread (safe inside Streamlit or Jupyter)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def _render(figs: Sequence[go.Figure], opts: Sequence[dict[str, Any]]) -> list[bytes]:
    """Render every figure in one browser session (one Chromium start for the whole batch)."""
    import kaleido

    async def batch() -> list[bytes]:
        async with kaleido.Kaleido(n=1, mathjax=False) as k:
            return [bytes(await k.calc_fig(f, opts=o)) for f, o in zip(figs, opts, strict=True)]

    return list(_run_in_thread(batch))


def render_figures(figs: Sequence[go.Figure], fmt: ImageFormat, *, width: int = MIN_PNG_WIDTH) -> list[bytes]:
    """Render already decorated figures; PNG comes out ``width`` pixels wide."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"format must be png or svg, not {fmt!r}")
    if not figs:
        return []
    opts = [
        {
            "format": fmt,
            "width": int(f.layout.width or LAYOUT_WIDTH),
            "height": int(f.layout.height or 500),
            "scale": scale_for(f, width) if fmt == "png" else 1,
        }
        for f in figs
    ]
    return _render(figs, opts)


def chart_images(
    results: Sequence[ChartResult],
    fmt: ImageFormat,
    *,
    width: int = MIN_PNG_WIDTH,
    height: int | None = None,
    version: str | None = None,
    dashboard: str | None = None,
    layout_width: int = LAYOUT_WIDTH,
    lang: str = "en",
    compact: bool = False,
) -> list[bytes]:
    """Decorated images of several charts, rendered in ONE browser session.

    PNG is ``width`` pixels wide (at least 1600: smaller requests are scaled up); SVG is
    laid out at the same size and holds the source lines as text.
    """
    width = max(int(width), MIN_PNG_WIDTH) if fmt == "png" else int(width)
    figs = [
        decorate(
            r,
            width=width,
            height=height,
            version=version,
            dashboard=dashboard,
            layout_width=layout_width,
            lang=lang,
            compact=compact,
        )
        for r in results
    ]
    return render_figures(figs, fmt, width=width)


# --- page results ----------------------------------------------------------------------


def page_results(page: str, ds: Dataset, filters: Filters, lang: str = "en") -> list[ChartResult]:
    """Every chart of the page drawn with the filters, empty ones left out."""
    out = [draw(c.chart_id, ds, filters, lang) for c in charts_for(page)]
    return [r for r in out if not r.empty]


def all_sources(results: Sequence[ChartResult]) -> pd.DataFrame:
    """Every source document behind the results, once each, in order of first use."""
    frames = [r.sources for r in results if not r.sources.empty]
    if not frames:
        return pd.DataFrame(columns=["source_id", "title", "publisher", "published", "url", "source_type"])
    return pd.concat(frames, ignore_index=True).drop_duplicates("source_id").reset_index(drop=True)


# --- deck ------------------------------------------------------------------------------

SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.5
FONT = "Arial"  # metric-compatible Liberation Sans stands in for it in LibreOffice: sizes estimate alike
ARIAL_FILES = {  # Arial's metrics, to measure slide text: Liberation Sans has the same advance widths
    False: ("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    True: ("/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
           "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
}  # fmt: skip
PPT_EM = 0.55  # generous average glyph width of Arial in em
BOLD_EM = 0.6
TITLE_PT, TAKEAWAY_PT, TAKEAWAY_MIN_PT, FOOT_PT, SOURCES_PT = 28, 24, 20, 12, 12
DARK = RGBColor(0x22, 0x22, 0x22)
GREY_TEXT = RGBColor(0x44, 0x44, 0x44)
ACCENT = RGBColor(0x00, 0x72, 0xB2)


def _pt_width(text: str, pt: float, bold: bool = False) -> float:
    """Width of slide text in points (Arial metrics, +5%), or a generous estimate without the font."""
    font = _load_font(ARIAL_FILES[bold])
    if font is None:
        return len(text) * pt * (BOLD_EM if bold else PPT_EM)
    return float(font.getlength(text)) * pt / 100 * 1.05


def _slide_wrap(text: str, width_in: float, pt: float, bold: bool = False) -> list[str]:
    inner = (width_in - 0.1) * 72  # the text box's left and right insets
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(_greedy_wrap(para, inner, lambda s: _pt_width(s, pt, bold)))
    return out


def _lines(text: str, width_in: float, pt: float, bold: bool = False) -> int:
    """Lines ``text`` takes in a box ``width_in`` wide at ``pt`` points."""
    return len(_slide_wrap(text, width_in, pt, bold))


def _height_in(n_lines: int, pt: float, spacing: float = 1.2) -> float:
    return n_lines * pt * spacing / 72 + 0.12  # + the text frame's insets


def _clip(text: str, width_in: float, pt: float) -> str:
    """Shorten ``text`` to one line of the box (the full text is on the sources slides)."""
    lines = _slide_wrap(text, width_in, pt)
    if len(lines) == 1:
        return text
    head = lines[0].rsplit(" ", 1)[0] if " " in lines[0] else lines[0]  # room for the ellipsis
    return head.rstrip(" ,;") + "…"


def _textbox(
    slide: Any,
    left: float,
    top: float,
    width: float,
    height: float,
    paragraphs: Sequence[str | list[tuple[str, str | None]]],
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
    n = _lines(title, width, 40, bold=True)
    _set_title(slide, title, 2.0, _height_in(n, 40), 40)
    top = 2.0 + _height_in(n, 40) + 0.2
    _textbox(slide, MARGIN, 1.2, width, 0.6, [t("app.name", lang)], 20, color=ACCENT, bold=True)
    lines = [
        t("brief.deck_filters", lang, filters=describe_filters(filters, lang)),
        t("brief.deck_prepared", lang, date=today.isoformat(), version=version),
    ]
    h = _height_in(sum(_lines(x, width, 22) for x in lines), 22) + 0.2
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
    pw, ph = png_size(png)
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
    body_top: float
    body_h: float
    takeaway_pt: int
    image_left: float
    image_w: float

    @property
    def aspect(self) -> float:
        """Width / height of the image box."""
        return self.image_w / self.body_h


TAKEAWAY_W = 4.0


def _chart_layout(res: ChartResult, lang: str) -> _ChartSlide:
    width = SLIDE_W - 2 * MARGIN
    title_h = _height_in(_lines(res.title, width, TITLE_PT, bold=True), TITLE_PT, 1.1)
    foot = [_clip(x, width, FOOT_PT) for x in source_lines(res, lang=lang, more=t("brief.more_sources_deck", lang))]
    foot.append(_clip(t("chart.as_of", lang, as_of=res.as_of), width, FOOT_PT))
    foot_top = SLIDE_H - 0.25 - _height_in(len(foot), FOOT_PT)
    body_top = 0.3 + title_h + 0.15
    body_h = foot_top - 0.15 - body_top
    pt = TAKEAWAY_PT
    while pt > TAKEAWAY_MIN_PT and _height_in(_lines(res.takeaway, TAKEAWAY_W, pt), pt) > body_h:
        pt -= 2
    image_left = MARGIN + TAKEAWAY_W + 0.3
    return _ChartSlide(title_h, foot, foot_top, body_top, body_h, pt, image_left, SLIDE_W - MARGIN - image_left)


def _category_rows(fig: go.Figure) -> int:
    """Categories stacked along the y axis (horizontal bars, timelines, heatmap rows)."""
    cats: set[str] = set()
    for tr in fig.data:
        y = getattr(tr, "y", None)
        if y is not None and _is_text(y):
            vals = list(y)
            cats.update(str(v) for v in (vals[-1] if isinstance(vals[0], list | tuple) else vals))
    return len(cats)


def deck_figure(res: ChartResult, aspect: float, *, version: str | None, lang: str = "en") -> go.Figure:
    """The chart as a slide shows it: compact, laid out to the image box's shape.

    Charts with long axis labels get a wider layout so the plot keeps room; charts taller
    than the box are squeezed to its shape, keeping at least 17 px per category row.
    """
    layout_w = int(max(DECK_LAYOUT_WIDTH, min(1100, _left_px(res.figure) + 440)))
    kw: dict[str, Any] = {"version": version, "layout_width": layout_w, "lang": lang, "compact": True}
    fig = decorate(res, width=MIN_PNG_WIDTH, **kw)
    w, h = float(fig.layout.width), float(fig.layout.height)
    if w / h < aspect:
        scale = MIN_PNG_WIDTH / w
        plot_now = h - fig.layout.margin.t - fig.layout.margin.b
        floor = max(220.0, 17.0 * _category_rows(fig))
        target = max(w / aspect, h - (plot_now - min(plot_now, floor)))
        fig = decorate(res, width=MIN_PNG_WIDTH, height=round(target * scale), **kw)
    return fig


def _chart_slide(prs: Any, res: ChartResult, box: _ChartSlide, png: bytes | None, reason: str, lang: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    width = SLIDE_W - 2 * MARGIN
    _set_title(slide, res.title, 0.3, box.title_h, TITLE_PT)
    foot_h = SLIDE_H - 0.25 - box.foot_top
    _textbox(slide, MARGIN, box.foot_top, width, foot_h, box.foot, FOOT_PT, color=GREY_TEXT).name = "Footnote"
    pt = box.takeaway_pt
    take_h = min(box.body_h, _height_in(_lines(res.takeaway, TAKEAWAY_W, pt), pt))
    _textbox(slide, MARGIN, box.body_top, TAKEAWAY_W, take_h, [res.takeaway], pt, color=DARK).name = "Takeaway"
    alt = f"{res.title}. {res.takeaway}"
    _image_box(slide, png, alt, box.image_left, box.body_top, box.image_w, box.body_h, reason, lang)
    notes = [res.takeaway]
    if res.caveats:
        notes.append(t("brief.deck_notes_caveats", lang, caveats=" ".join(res.caveats)))
    notes.extend(source_lines(res, lang=lang, limit=len(res.sources)))
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def _source_entry(r: Any, lang: str = "en") -> list[tuple[str, str | None]]:
    url = _text(r.url)
    head = f"{_text(r.title)}. {_text(r.publisher)}, {_text(r.published, t('brief.undated', lang))}. "
    link = (url, url) if url.startswith(("http://", "https://")) else (f"({t('brief.no_link', lang)})", None)
    return [(head, None), link]


def _sources_slides(prs: Any, sources: pd.DataFrame, lang: str = "en") -> None:
    width = SLIDE_W - 2 * MARGIN
    title_h = _height_in(1, TITLE_PT, 1.1)
    top = 0.3 + title_h + 0.15
    avail = SLIDE_H - 0.3 - top
    entries = [_source_entry(r, lang) for r in sources.itertuples()]
    pages: list[list[list[tuple[str, str | None]]]] = [[]]
    used = 0.0
    gap = 4 / 72
    for e in entries:
        h = _lines("".join(x for x, _ in e), width, SOURCES_PT) * SOURCES_PT * 1.2 / 72 + gap
        if pages[-1] and used + h > avail - 0.12:
            pages.append([])
            used = 0.0
        pages[-1].append(e)
        used += h
    for i, chunk in enumerate(pages):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        heading = t("brief.deck_sources", lang) if i == 0 else t("brief.deck_sources_more", lang)
        _set_title(slide, heading, 0.3, title_h, TITLE_PT)
        paras: list[str | list[tuple[str, str | None]]] = list(chunk) if chunk else [t("brief.deck_sources_none", lang)]
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
    ok, reason = image_export_available(lang)
    pngs: list[bytes | None] = [None] * len(results)
    if results and ok:
        figs = [deck_figure(r, b.aspect, version=ds.version, lang=lang) for r, b in zip(results, boxes, strict=True)]
        pngs = list(render_figures(figs, "png", width=MIN_PNG_WIDTH))

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in: PowerPoint's 16:9
    _title_slide(prs, page, filters, ds.version, lang, today or dt.date.today())
    if not results:
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        _set_title(slide, t(f"page.{page}", lang), 0.3, _height_in(1, TITLE_PT, 1.1), TITLE_PT)
        _textbox(slide, MARGIN, 2.5, SLIDE_W - 2 * MARGIN, 1.0, [t("brief.deck_no_charts", lang)], TAKEAWAY_PT)
    for res, box, png in zip(results, boxes, pngs, strict=True):
        _chart_slide(prs, res, box, png, reason, lang)
    _sources_slides(prs, all_sources(results), lang)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


# --- data pack -------------------------------------------------------------------------

_PANDERA_TYPES = {"str": "string", "float64": "number", "Int64": "integer", "int64": "integer", "bool": "boolean"}
# column -> (table, key it is joined on, message key of its description or None for the schema's own)
JOINED = {
    "title": ("sources", "source_id", "brief.field.title"),
    "publisher": ("sources", "source_id", "brief.field.publisher"),
    "published": ("sources", "source_id", None),
    "url": ("sources", "source_id", None),
    "source_type": ("sources", "source_id", None),
    "symbol": ("sources", "source_id", None),
    "label": ("indicators", "indicator", "brief.field.label"),
    "definition": ("indicators", "indicator", "brief.field.definition"),
    "caveat": ("indicators", "indicator", "brief.field.caveat"),
}


def field_descriptions(lang: str = "en") -> dict[str, tuple[str, str]]:
    """Column -> (Frictionless type, description), from the pandera schemas and the catalogue."""
    out: dict[str, tuple[str, str]] = {}
    for name, col in FactsSchema.to_schema().columns.items():
        out[name] = (_PANDERA_TYPES.get(str(col.dtype), "string"), col.description or "")
    tables = {"sources": SourcesSchema.to_schema().columns, "indicators": IndicatorsSchema.to_schema().columns}
    for name, (table, key, text_key) in JOINED.items():
        col = tables[table][name]
        desc = (t(text_key, lang) if text_key else col.description or "").rstrip()
        out[name] = (
            _PANDERA_TYPES.get(str(col.dtype), "string"),
            f"{desc} {t('brief.joined', lang, table=table, key=key)}",
        )
    return out


def _frame_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    return "string"


def permalink(page: str, filters: Filters, *, base: str = "http://localhost:8501", lang: str = "en") -> str:
    """The dashboard address of this view: ``<base>/<url_path>?<filters>`` (ranges as two values)."""
    from urllib.parse import urlencode

    spec = PAGES[page]
    pairs: list[tuple[str, Any]] = []
    for key in [f.key for f in spec.filters] + list(spec.extra_params):
        value = filters.get(key)
        if value is None or (isinstance(value, list | tuple) and not value):
            continue
        pairs.append((key, [str(v) for v in value] if isinstance(value, list | tuple) else str(value)))
    if lang != "en":
        pairs.append(("lang", lang))
    query = urlencode(pairs, doseq=True)
    return f"{base.rstrip('/')}/{spec.url_path}" + (f"?{query}" if query else "")


def _pack_sources(rows: pd.DataFrame) -> list[dict[str, str]]:
    if rows.empty or "source_id" not in rows:
        return []
    out = []
    for r in rows.drop_duplicates("source_id").itertuples():
        entry = {"title": _text(getattr(r, "title", "")), "source_id": str(r.source_id)}
        for key in ("publisher", "published"):
            if _text(getattr(r, key, None)):
                entry[key] = _text(getattr(r, key))
        url = _text(getattr(r, "url", None))
        if url:
            entry["path"] = url
            entry["url"] = url
        out.append(entry)
    return out


def data_pack(
    page: str,
    ds: Dataset,
    filters: Filters,
    rows: pd.DataFrame,
    *,
    permalink: str,
    lang: str = "en",
    today: dt.datetime | None = None,
) -> bytes:
    """A ZIP: data.csv, datapackage.json, README.md, CITATION.txt and PERMALINK.txt."""
    now = today or dt.datetime.now(dt.UTC)
    frame = export_frame(rows)
    csv = safe_csv_bytes(frame)
    sha = hashlib.sha256(csv).hexdigest()
    page_title = t(f"page.{page}", lang)
    ftext = describe_filters(filters, lang)
    dashboard = t("app.name", lang)
    title = t("brief.pack_title", lang, dashboard=dashboard, page=page_title, filters=ftext)
    citation = t(
        "brief.pack_citation", lang, dashboard=dashboard, page=page_title, filters=ftext, version=ds.version,
        sha=sha, date=now.date().isoformat(), permalink=permalink,
    )  # fmt: skip
    known = field_descriptions(lang)
    extra = t("brief.extra_field", lang)
    fields = []
    for col in frame.columns:
        ftype, desc = known.get(col, (_frame_type(frame[col]), extra))
        fields.append({"name": col, "type": ftype, "description": desc})
    sources = _pack_sources(frame)
    licences = [
        {"path": "README.md", "title": t("brief.licence_curation", lang)},
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": t("brief.licence_geo", lang),
        },
    ]
    name = filename(page, ftext, "zip", now.date()).removesuffix(".zip").replace("_", "-").lower()
    package = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "version": ds.version,
        "created": now.isoformat(timespec="seconds"),
        "homepage": permalink,
        "licenses": licences,
        "sources": sources,
        "dataset_version": ds.version,
        "data_sha256": sha,
        "filters": {k: (list(v) if isinstance(v, list | tuple) else v) for k, v in filters.items() if v},
        "resources": [
            {
                "name": "data",
                "path": "data.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "bytes": len(csv),
                "hash": f"sha256:{sha}",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": {"fields": fields, "primaryKey": ["fact_id"] if "fact_id" in frame else []},
            }
        ],
    }
    undated, no_link = t("brief.undated", lang), f"({t('brief.no_link', lang)})"
    src_lines = [
        f"- {s['title']}. {s.get('publisher', '')}, {s.get('published', undated)}. {s.get('url', no_link)}"
        for s in sources
    ]
    readme = t(
        "brief.readme", lang, title=title, dashboard=dashboard, date=now.date().isoformat(), page=page_title,
        filters=ftext, version=ds.version, n=len(frame), sha=sha, permalink=permalink, citation=citation,
        licences="\n".join(f"- {x['title']}" for x in licences), n_sources=len(sources),
        sources="\n".join(src_lines) or "-",
    )  # fmt: skip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        stamp = now.timetuple()[:6]
        for member, data in (
            ("data.csv", csv),
            ("datapackage.json", json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8")),
            ("README.md", readme.encode("utf-8")),
            ("CITATION.txt", (citation + "\n").encode("utf-8")),
            ("PERMALINK.txt", (permalink + "\n").encode("utf-8")),
        ):
            zf.writestr(zipfile.ZipInfo(member, date_time=stamp), data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


# --- files -----------------------------------------------------------------------------


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` completely or not at all (temp file in the same folder, then rename)."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def chart_png_svg(result: ChartResult, *, version: str | None = None, lang: str = "en") -> tuple[bytes, bytes]:
    """PNG (>= 1600 px wide) and SVG of one chart from ONE browser start (the app's download pair)."""
    png_fig = decorate(result, width=MIN_PNG_WIDTH, version=version, lang=lang)
    svg_fig = decorate(result, width=MIN_PNG_WIDTH, version=version, lang=lang)
    opts = [
        {
            "format": fmt,
            "width": int(f.layout.width or LAYOUT_WIDTH),
            "height": int(f.layout.height or 500),
            "scale": scale_for(f, MIN_PNG_WIDTH) if fmt == "png" else 1,
        }
        for fmt, f in (("png", png_fig), ("svg", svg_fig))
    ]
    png, svg = _render([png_fig, svg_fig], opts)
    return png, svg
