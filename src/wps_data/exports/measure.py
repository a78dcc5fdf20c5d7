"""Fonts and text measuring: how wide a text is in a figure or on a slide, and how it wraps.

Layer: exports. Imports nothing of the package (the standard library, and Pillow, which
comes with python-pptx); never streamlit.

Figure text is measured with the figures' first font (DejaVu Sans) as the browser draws
it, slide text with Arial's metrics (Liberation Sans has the same advance widths):
python-pptx cannot measure text, so slide boxes are sized from these widths. Without
the font files the widths are estimated from character counts with a generous average
glyph width, so estimates err on the side of room to spare.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

BASE_FONT = 13  # the figures' body font size in CSS px
EM = 0.55  # average glyph width of DejaVu Sans in em (a little generous, so estimates err on the safe side)
FIGURE_FONT_FILES = (  # the figures' first font (DejaVu Sans), to measure text as the browser draws it
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
)

ARIAL_FILES = {  # Arial's metrics, to measure slide text: Liberation Sans has the same advance widths
    False: ("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    True: ("/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
           "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
}  # fmt: skip
PPT_EM = 0.55  # generous average glyph width of Arial in em
BOLD_EM = 0.6
SLIDE_INSETS_IN = 0.1  # a slide text box's left and right insets together, in inches


# --- figure text (CSS px) ----------------------------------------------------------------


@functools.cache
def load_font(paths: tuple[str, ...]) -> Any:
    """The first of ``paths`` at 100 px for measuring (Pillow comes with python-pptx), or None."""
    try:
        from PIL import ImageFont
    except ImportError:  # pragma: no cover - Pillow is a python-pptx dependency
        return None
    for path in paths:
        if Path(path).is_file():
            return ImageFont.truetype(path, 100)
    return None


def figure_font() -> Any:
    """The figures' font at 100 px for measuring, or None."""
    return load_font(FIGURE_FONT_FILES)


def text_px(text: str, font_px: float = BASE_FONT) -> float:
    """Width of ``text`` in CSS px as the browser draws it (measured, +4%), or a generous estimate."""
    font = figure_font()
    if font is None:
        return len(text) * font_px * EM
    return float(font.getlength(text)) * font_px / 100 * 1.04


def greedy_wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
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


def wrap_px(text: str, width_px: float, font_px: float) -> list[str]:
    """Wrap figure text (DejaVu Sans at ``font_px``) to ``width_px``."""
    return greedy_wrap(text, width_px, lambda s: text_px(s, font_px))


# --- slide text (points, inches) -----------------------------------------------------------


def pt_width(text: str, pt: float, bold: bool = False) -> float:
    """Width of slide text in points (Arial metrics, +5%), or a generous estimate without the font."""
    font = load_font(ARIAL_FILES[bold])
    if font is None:
        return len(text) * pt * (BOLD_EM if bold else PPT_EM)
    return float(font.getlength(text)) * pt / 100 * 1.05


def slide_wrap(text: str, width_in: float, pt: float, bold: bool = False) -> list[str]:
    """``text`` wrapped as a slide text box ``width_in`` inches wide shows it at ``pt`` points."""
    inner = (width_in - SLIDE_INSETS_IN) * 72
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(greedy_wrap(para, inner, lambda s: pt_width(s, pt, bold)))
    return out


def slide_lines(text: str, width_in: float, pt: float, bold: bool = False) -> int:
    """Lines ``text`` takes in a box ``width_in`` wide at ``pt`` points."""
    return len(slide_wrap(text, width_in, pt, bold))


def height_in(n_lines: int, pt: float, spacing: float = 1.2) -> float:
    """Height in inches of a text box holding ``n_lines`` lines at ``pt`` points."""
    return n_lines * pt * spacing / 72 + 0.12  # + the text frame's insets


def clip(text: str, width_in: float, pt: float) -> str:
    """Shorten ``text`` to one line of the box (the full text is on the sources slides)."""
    lines = slide_wrap(text, width_in, pt)
    if len(lines) == 1:
        return text
    head = lines[0].rsplit(" ", 1)[0] if " " in lines[0] else lines[0]  # room for the ellipsis
    return head.rstrip(" ,;") + "…"
