"""The one source line: the documents a chart rests on, as plain items every output formats.

Layer: exports. Imports charts (``ChartResult``), i18n and pandas; never streamlit.

``source_items(frame, lang)`` turns a sources table, or fact rows joined with their
source, into one ``SourceItem`` per source document (in order of first use): title,
URL (and ``link``, the URL when it is a web address), publisher (full and short), date
(or "undated" in the language) and source type (code and label in the language). Every
output formats those items its own way:

- images and slide footnotes: ``source_lines`` ("Source: title, publisher, date", three
  at most, then "and N more");
- the deck's sources slides and the data pack's README: ``reference_parts`` /
  ``reference_text`` ("Title. Publisher, date. https://..." or "(no public link)");
- the data pack's ``datapackage.json``: the item's fields (``exports.datapack``);
- the dashboard's Markdown line with links: ``wps_data.app.blocks.source_line``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from wps_data.charts.registry import ChartResult
from wps_data.i18n import t
from wps_data.i18n.formats import fmt_when

MAX_SOURCES = 3  # source lines drawn under an exported chart; the rest are counted
SOURCE_COLUMNS = ["source_id", "title", "publisher", "published", "url", "source_type"]
WEB_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class SourceItem:
    """One source document as every output needs it (empty strings where the catalogue has nothing)."""

    source_id: str
    title: str
    url: str  # as catalogued; see ``link`` for a web address that can be linked
    publisher: str  # full name
    publisher_short: str  # 'UN Women, as secretariat of ...' -> 'UN Women'
    published: str  # '' when undated
    date: str  # ``published`` as the language writes it (2023-03-28 / 28 mars 2023), or 'undated' in it
    source_type: str  # vocabulary code, e.g. 'un_document'
    source_type_label: str  # e.g. 'UN document' in the language ('' when unknown)

    @property
    def link(self) -> str | None:
        """The URL when it is a web address (http/https), else None: only those become links."""
        return self.url if self.url.startswith(WEB_SCHEMES) else None


def cell_text(value: object, default: str = "") -> str:
    """A table cell as text; None, NaN and pd.NA become ``default``."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return default
    return str(value)


def short_publisher(publisher: object) -> str:
    """'UN Women, as secretariat of ...' -> 'UN Women' (the full name is in the sources list)."""
    return cell_text(publisher).split(",")[0].strip()


def type_label(source_type: str, lang: str = "en") -> str:
    """'un_document' -> 'UN document' in ``lang``; an unknown code is shown as it is."""
    if not source_type:
        return ""
    try:
        return t(f"source_type.{source_type}", lang)
    except KeyError:
        return source_type


def source_items(frame: pd.DataFrame, lang: str = "en") -> list[SourceItem]:
    """One item per source document in ``frame`` (a sources table or fact rows), in order of first use."""
    if frame is None or frame.empty:
        return []
    rows = frame.drop_duplicates("source_id") if "source_id" in frame.columns else frame
    undated = t("brief.undated", lang)
    out = []
    for r in rows.itertuples(index=False):
        published = cell_text(getattr(r, "published", None))
        publisher = cell_text(getattr(r, "publisher", None))
        code = cell_text(getattr(r, "source_type", None))
        out.append(
            SourceItem(
                source_id=cell_text(getattr(r, "source_id", None)),
                title=cell_text(getattr(r, "title", None)),
                url=cell_text(getattr(r, "url", None)),
                publisher=publisher,
                publisher_short=short_publisher(publisher),
                published=published,
                date=fmt_when(published, lang) or undated,
                source_type=code,
                source_type_label=type_label(code, lang),
            )
        )
    return out


def item_text(item: SourceItem, lang: str = "en") -> str:
    """'title, publisher (short), date': one source in a figure's or a slide's footer."""
    return t("brief.source_item", lang, title=item.title, publisher=item.publisher_short, date=item.date)


def source_lines(result: ChartResult, *, lang: str = "en", limit: int = MAX_SOURCES, more: str = "") -> list[str]:
    """One 'Source: ...' line per source (``limit`` at most) and an 'and N more' line.

    ``more`` is the 'and {n} more' template; by default the one pointing to the dashboard's Sources page.
    """
    items = source_items(result.sources, lang)
    lines = [t("chart.source_line", lang, sources=item_text(item, lang)) for item in items[:limit]]
    if len(items) > limit:
        rest = len(items) - limit
        lines.append(more.format(n=rest) if more else t("brief.more_sources_image", lang, n=rest))
    return lines


def reference_parts(item: SourceItem, lang: str = "en") -> tuple[str, str, str | None]:
    """('Title. Publisher, date. ', link text, link or None): a full reference, its link apart.

    The link text is the URL when it is a web address, else '(no public link)'.
    """
    head = f"{item.title}. {item.publisher}, {item.date}. "
    link = item.link
    return head, link or f"({t('brief.no_link', lang)})", link


def reference_text(item: SourceItem, lang: str = "en") -> str:
    """'Title. Publisher, date. https://...' (or '(no public link)'): one line of a sources list."""
    head, text, _ = reference_parts(item, lang)
    return head + text


def all_sources(results: Sequence[ChartResult]) -> pd.DataFrame:
    """Every source document behind the results, once each, in order of first use."""
    frames = [r.sources for r in results if not r.sources.empty]
    if not frames:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    return pd.concat(frames, ignore_index=True).drop_duplicates("source_id").reset_index(drop=True)
