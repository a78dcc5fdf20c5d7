"""Fact and source tables as a reader reads them: words instead of codes, the quote first, search hits found.

Layer: app, but without streamlit: pure pandas, so ``app.factview`` renders these frames and
tests check them directly. Imports ``wps_data.analysis`` (``fold``, the accent-insensitive
comparison the search itself uses), ``wps_data.exports.sourceline`` (one phrasing of a source:
"title, publisher, date") and ``wps_data.i18n``.

- ``fact_frame``: one row per fact, columns in reading order (quote, value, what is counted,
  indicator label, region, year, status in words, source, locator, document link, fact id).
  The link is the catalogued URL only when it is a web address (http/https), else empty.
- ``source_frame``: the sources table with kinds of source and page names in words.
- ``hit_spans``: a text cut into (segment, is_hit) pieces, where the hits are the words holding
  a searched word as the search finds it (case and accents ignored), so a renderer can highlight
  them without ever treating the text as markup.
"""

from __future__ import annotations

import re

import pandas as pd

from wps_data.analysis import fold
from wps_data.exports.sourceline import cell_text, item_text, source_items, type_label
from wps_data.i18n import t, words

# Display columns of ``fact_frame`` (the frame's own names; headers come from ``facts.col.*``).
FACT_COLUMNS = [
    "quote",
    "value",
    "unit",
    "subject",
    "indicator",
    "region",
    "year",
    "status",
    "source",
    "locator",
    "link",
    "fact_id",
]
SEARCHED = ("quote", "subject", "source")  # the cells a search looks in (quote, subject, source title)
SOURCE_COLUMNS = ["title", "publisher", "published", "type", "figures", "link", "pages", "symbol", "source_id"]
WEB = ("http://", "https://")
WORD = re.compile(r"\w+")


def web_link(url: object) -> str | None:
    """The URL when it is a web address (http/https), else None: nothing else becomes a link."""
    text = cell_text(url).strip()
    return text if text.lower().startswith(WEB) else None


def _word(key: str, lang: str, fallback: object) -> str:
    """``t(key)`` when the catalogue has it, else the code as it is."""
    try:
        return t(key, lang)
    except KeyError:
        return cell_text(fallback)


def source_labels(rows: pd.DataFrame, lang: str) -> dict[str, str]:
    """source_id -> 'title, publisher, date' (the phrasing of every source line)."""
    return {item.source_id: item_text(item, lang) for item in source_items(rows, lang)}


def fact_frame(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``rows`` (facts joined with their source and indicator) as the tables show them, in ``lang``."""
    if rows.empty:
        return pd.DataFrame(columns=FACT_COLUMNS)
    sources = source_labels(rows, lang)
    undated = t("map.undated", lang)
    out = pd.DataFrame(
        {
            "quote": rows["quote"].map(cell_text),
            "value": pd.to_numeric(rows["value"], errors="coerce"),
            "unit": rows["unit"].map(lambda u: _word(f"unit.{u}", lang, u)),
            "subject": [cell_text(words.name(s, lang)) for s in rows["subject"]],
            "indicator": [
                cell_text(words.indicator_label(i, lbl, lang))
                for i, lbl in zip(
                    rows["indicator"], rows["label"] if "label" in rows else rows["indicator"], strict=True
                )
            ],
            "region": [cell_text(words.name(r, lang)) for r in rows["region"]],
            "year": rows["year"].map(lambda y: undated if pd.isna(y) else str(int(y))),
            "status": rows["status"].map(lambda s: _word(f"status.{s}", lang, s)),
            "source": rows["source_id"].map(lambda s: sources.get(cell_text(s), cell_text(s))),
            "locator": rows["locator"].map(cell_text),
            "link": rows["url"].map(web_link),
            "fact_id": rows["fact_id"].map(cell_text),
        }
    )
    return out.reset_index(drop=True)


def source_frame(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The sources table (``analysis.source_table``) with words instead of codes, in ``lang``."""
    if table.empty:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    undated = t("brief.undated", lang)

    def pages(text: object) -> str:
        keys = [p.strip() for p in cell_text(text).split(",") if p.strip()]
        return ", ".join(_word(f"page.{p}", lang, p) for p in keys)

    out = pd.DataFrame(
        {
            "title": table["title"].map(cell_text),
            "publisher": table["publisher"].map(cell_text),
            "published": table["published"].map(lambda p: cell_text(p) or undated),
            "type": table["source_type"].map(lambda s: type_label(cell_text(s), lang)),
            "figures": pd.to_numeric(table["figures"], errors="coerce").fillna(0).astype(int),
            "link": table["url"].map(web_link),
            "pages": table["pages"].map(pages),
            "symbol": table["symbol"].map(cell_text),
            "source_id": table["source_id"].map(cell_text),
        }
    )
    return out.reset_index(drop=True)


def query_words(query: str) -> list[str]:
    """The searched words as the search compares them (folded: lower case, no accents)."""
    return [w for w in (fold(x) for x in str(query or "").split()) if w]


def _folded_with_index(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each folded character, the index of the character of ``text`` it comes from."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        f = fold(ch)
        chars.append(f)
        index.extend([i] * len(f))
    return "".join(chars), index


def hit_spans(text: object, query: str) -> list[tuple[str, bool]]:
    """``text`` as (segment, is_hit) pieces: the hits are the searched words, case and accents ignored."""
    s = cell_text(text)
    words = query_words(query)
    if not s or not words:
        return [(s, False)] if s else []
    folded, index = _folded_with_index(s)
    marks = [False] * len(s)
    for w in words:
        start = folded.find(w)
        while start >= 0:
            for k in range(start, start + len(w)):
                marks[index[k]] = True
            start = folded.find(w, start + 1)
    for word in WORD.finditer(s):  # a hit inside a word marks the whole word: 'viol' -> 'violence'
        if any(marks[word.start() : word.end()]):
            marks[word.start() : word.end()] = [True] * (word.end() - word.start())
    out: list[tuple[str, bool]] = []
    for ch, hit in zip(s, marks, strict=True):
        if out and out[-1][1] == hit:
            out[-1] = (out[-1][0] + ch, hit)
        else:
            out.append((ch, hit))
    return out


def has_hit(text: object, query: str) -> bool:
    """True when ``text`` holds one of the searched words (case and accents ignored)."""
    words = query_words(query)
    folded = fold(cell_text(text))
    return bool(words) and any(w in folded for w in words)


def page_bounds(n_rows: int, size: int, page: int) -> tuple[int, int, int]:
    """(first row, end row, pages) of page ``page`` (1-based, clamped) of ``n_rows`` in pages of ``size``."""
    size = max(1, int(size))
    pages = max(1, -(-n_rows // size))
    page = min(max(1, int(page)), pages)
    first = (page - 1) * size
    return first, min(n_rows, first + size), pages
