"""Chart images that carry their sources: decorated figures rendered to PNG or SVG by Kaleido.

Layer: exports. Imports charts (``ChartResult``), i18n, viz (``plain``, the one escape of
figure text), ``exports.measure``, ``exports.layout`` and ``exports.sourceline``; never streamlit.

- ``decorate`` copies a chart's figure and draws into it everything a reader needs
  once the image has left the dashboard: the title stating the finding, the subtitle,
  one "Source: title, publisher, date" line per source (three at most), the as-of
  date, and the dashboard name with the dataset version.
- ``chart_images`` renders several figures in ONE Kaleido (headless Chromium) session:
  starting the browser costs seconds, rendering a figure a fraction of one. Figures
  are laid out at ``LAYOUT_WIDTH`` CSS pixels and scaled up to the requested pixel
  width, so the text keeps its proportions in a 1600-pixel PNG. ``chart_png_svg`` is
  the app's download pair from one browser start.
- ``image_export_available`` says whether Kaleido and a browser are there, and if not,
  why, in words a person can act on.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import math
import os
import shutil
import struct
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import plotly.graph_objects as go

from wps_data.charts.registry import ChartResult
from wps_data.exports import layout
from wps_data.exports.measure import BASE_FONT, wrap_px
from wps_data.exports.sourceline import source_lines
from wps_data.i18n import t
from wps_data.viz import plain

ImageFormat = Literal["png", "svg"]

LAYOUT_WIDTH = 1000  # CSS px the figure is laid out at; the image is scaled to the pixel width asked for
DECK_LAYOUT_WIDTH = 700  # narrower layout for slides: the chart's text comes out larger on the slide
MIN_PNG_WIDTH = 1600
FOOTER_FONT = 12
FOOTER_LINE = 16


def _esc(text: str) -> str:
    """Text for plotly's HTML-like labels (``viz.plain``): data never becomes markup, control characters go."""
    return plain(text)


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
    wrap_row_levels(fig, w)

    sub_lines = wrap_px(result.subtitle, inner, BASE_FONT) if result.subtitle else []
    if compact:
        title_lines, sub_lines = sub_lines, []
        title_font = 14.0
    else:
        title_lines = wrap_px(result.title, inner, 17)
        title_font = 17.0
    top = 16 + (title_font + 6) * len(title_lines) + 19 * len(sub_lines) + 34  # + room for labels above the plot

    colorbar = any(tr.type in ("heatmap", "choropleth") and tr.showscale is not False for tr in fig.data)
    right = 120.0 if colorbar else 24.0
    left = min(layout.left_px(fig), w * 0.6)
    right = layout.right_px(fig, w, left, right)
    plot_w = max(120.0, w - left - right)

    lines: list[str] = []
    footer_text = footer_lines(result, dashboard=dashboard, version=version, lang=lang)
    for line in footer_text[-1:] if compact else footer_text:
        wrapped = wrap_px(line, inner, FOOTER_FONT)
        lines.extend([wrapped[0], *("    " + x for x in wrapped[1:])])
    footer = FOOTER_LINE * len(lines) + 6

    names = layout.legend_entries(fig)
    legend = 22 * layout.legend_rows(names, plot_w) + (8 if names else 0)
    natural = (fig.layout.height or 420) - 80 - 50
    plot_px = max(240.0, float(natural))
    axis, angle = layout.bottom_axis_px(fig, plot_w)
    axis = max(axis, layout.below_plot_annotations_px(fig, plot_px))
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


def wrap_row_levels(fig: go.Figure, width: float) -> None:
    """Two-level row labels (group, body) re-wrapped to 16% and 30% of the image's width (the chart
    wraps them for a screen, by characters), so the plot keeps its room. Every trace gets the same
    mapping, so the rows stay the same categories (and annotations placed by row index stay on their row)."""
    rooms = (width * 0.16, width * 0.3)
    for tr in fig.data:
        y = getattr(tr, "y", None)
        if tr.type != "bar" or y is None or len(y) != 2 or not all(isinstance(v, list | tuple) for v in y):
            continue
        tr.y = [
            ["<br>".join(wrap_px(str(v).replace("<br>", " "), room, BASE_FONT)) for v in level]
            for level, room in zip(y, rooms, strict=True)
        ]


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
    return _render(figs, [_options(f, fmt, width) for f in figs])


def _options(fig: go.Figure, fmt: ImageFormat, width: int) -> dict[str, Any]:
    """Kaleido's options for one figure: its layout size, scaled so a PNG is ``width`` pixels wide."""
    return {
        "format": fmt,
        "width": int(fig.layout.width or LAYOUT_WIDTH),
        "height": int(fig.layout.height or 500),
        "scale": scale_for(fig, width) if fmt == "png" else 1,
    }


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


def chart_png_svg(result: ChartResult, *, version: str | None = None, lang: str = "en") -> tuple[bytes, bytes]:
    """PNG (>= 1600 px wide) and SVG of one chart from ONE browser start (the app's download pair)."""
    png_fig = decorate(result, width=MIN_PNG_WIDTH, version=version, lang=lang)
    svg_fig = decorate(result, width=MIN_PNG_WIDTH, version=version, lang=lang)
    opts = [_options(png_fig, "png", MIN_PNG_WIDTH), _options(svg_fig, "svg", MIN_PNG_WIDTH)]
    png, svg = _render([png_fig, svg_fig], opts)
    return png, svg
