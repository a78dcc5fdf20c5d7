"""Facade: the briefing exports under their old ``briefing.<name>`` names (used by ``wps_data.app.ui``).

Layer: exports. Imports only the other ``wps_data.exports`` modules; never streamlit.

The code lives in ``images`` (decorated chart images, Kaleido), ``deck`` (the PowerPoint
deck), ``datapack`` (data pack, permalink, field descriptions), ``sourceline`` (the
source items every output formats), ``measure`` and ``layout`` (text and figure
measuring) and ``tables`` (CSV, file names, page rows and results). Files are written
with ``wps_data.files.write_atomic``.

These names are bound at import: to replace one in a test, patch the module that defines
it (``images.image_export_available``, ``images._render``, ``images.find_browser``), not
this facade. New code should import from those modules directly.
"""

from __future__ import annotations

from wps_data.exports.datapack import data_pack, field_descriptions, permalink
from wps_data.exports.deck import briefing_deck, deck_figure
from wps_data.exports.images import (
    MIN_PNG_WIDTH,
    chart_images,
    chart_png_svg,
    decorate,
    find_browser,
    image_export_available,
    png_size,
    render_figures,
    scale_for,
)
from wps_data.exports.sourceline import all_sources, short_publisher, source_items, source_lines
from wps_data.exports.tables import page_results

__all__ = [
    "MIN_PNG_WIDTH",
    "all_sources",
    "briefing_deck",
    "chart_images",
    "chart_png_svg",
    "data_pack",
    "deck_figure",
    "decorate",
    "field_descriptions",
    "find_browser",
    "image_export_available",
    "page_results",
    "permalink",
    "png_size",
    "render_figures",
    "scale_for",
    "short_publisher",
    "source_items",
    "source_lines",
]
