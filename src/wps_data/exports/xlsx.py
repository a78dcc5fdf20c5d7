"""The Excel workbook of a page: its rows, its sources and a read-me, safe to open in any spreadsheet.

Layer: exports. Imports charts (``caveats``, the as-of line), dataset, filters, pagespec,
i18n, ``exports.tables`` (the rows, the neutralising rule), ``exports.sourceline`` and
``exports.html`` (the column headers); never streamlit. Written with openpyxl.

``page_xlsx(page, ds, filters, lang)`` returns the bytes of a workbook with three sheets:

- data: exactly the rows of the page's CSV (``exports.tables.shown_rows`` then
  ``export_frame``), headers in the reader's language; numbers stay numbers (value,
  year, numerator, denominator), flags stay true/false, a missing value is an empty cell;
- sources: one row per source document (id, title, publisher, date, type, URL; the URL
  a hyperlink only when it is an http(s) address);
- read me: what the file is, the page, the filters, the dataset version, the export date,
  the number of rows, how current the data is, how to cite, and the caveats.

Formula-safe: every text cell goes through ``exports.tables.neutralise`` (the CSV's rule:
text beginning with = + - @, a tab or a carriage return gets an apostrophe) and is then
stored explicitly as a string (``data_type = "s"``), so nothing is ever evaluated.
Characters the file format cannot hold (C0 controls) become U+FFFD; text longer than a
cell can hold (32,767 characters) is cut with an ellipsis.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from wps_data.charts.registry import ChartResult, Filters, caveats, charts_for, draw
from wps_data.charts.tables import dataset_as_of_line
from wps_data.dataset import Dataset
from wps_data.exports.html import column_header
from wps_data.exports.sourceline import source_items
from wps_data.exports.tables import export_frame, neutralise, shown_rows
from wps_data.i18n import fmt_date, fmt_plain, t
from wps_data.pagespec import describe_filters

MAX_CELL = 32_767  # characters an Excel cell holds
MAX_WIDTH = 60  # column width (characters) beyond which text wraps
SOURCE_COLUMNS = ("source_id", "title", "publisher", "published", "source_type", "url")


def cell_value(value: object) -> object:
    """What a cell holds: None for missing, bool, int or float for numbers, else neutralised text."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if pd.api.types.is_bool(value):
        return bool(value)
    if pd.api.types.is_integer(value):
        return int(value)
    if pd.api.types.is_float(value):
        return None if math.isnan(float(value)) else float(value)
    text = str(neutralise(str(value)))
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def put(ws: Worksheet, row: int, col: int, value: object, *, bold: bool = False) -> Cell:
    """Write one cell; text is stored as a string (``data_type "s"``), never read as a formula."""
    cell = ws.cell(row=row, column=col)
    v = cell_value(value)
    cell.value = v
    if isinstance(v, str):
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _widths(ws: Worksheet, texts: Sequence[Sequence[object]]) -> None:
    """Column widths from the longest text (capped; longer text wraps)."""
    for i, column in enumerate(zip(*texts, strict=False), start=1):
        longest = max((len(str(v)) for v in column if v is not None), default=8)
        ws.column_dimensions[get_column_letter(i)].width = min(max(longest + 2, 8), MAX_WIDTH)


def _table(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Headers in bold on row 1 (frozen, with a filter), then the rows."""
    for c, h in enumerate(headers, start=1):
        put(ws, 1, c, h, bold=True)
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            put(ws, r, c, v)
    ws.freeze_panes = "A2"
    if rows and headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    _widths(ws, [headers, *rows[:200]])


def data_sheet(ws: Worksheet, frame: pd.DataFrame, lang: str) -> None:
    """The page's rows as its CSV has them, headers in the reader's language."""
    headers = [column_header(str(c), lang) for c in frame.columns]
    rows = [list(r) for r in frame.itertuples(index=False, name=None)]
    _table(ws, headers, rows)
    for col in frame.columns:
        if col in ("quote", "definition", "caveat", "note"):
            letter = get_column_letter(list(frame.columns).index(col) + 1)
            for cell in ws[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def sources_sheet(ws: Worksheet, frame: pd.DataFrame, lang: str) -> int:
    """One row per source document of the rows (the URL a hyperlink when it is http/https); returns how many."""
    items = source_items(frame, lang) if "source_id" in frame.columns else []
    rows = [[i.source_id, i.title, i.publisher, i.published, i.source_type_label, i.url] for i in items]
    _table(ws, [column_header(c, lang) for c in SOURCE_COLUMNS], [[v or None for v in r] for r in rows])
    for r, item in enumerate(items, start=2):
        if item.link:
            ws.cell(row=r, column=len(SOURCE_COLUMNS)).hyperlink = item.link
    return len(items)


def readme_sheet(
    ws: Worksheet,
    page: str,
    ds: Dataset,
    filters: Filters,
    rows: pd.DataFrame,
    lang: str,
    today: dt.date,
    extra: Sequence[str] = (),
) -> None:
    """What the file is, the view, the version, the date, how to cite and the caveats: label, then text.

    The caveats are the indicators' (from the rows) and then each chart's own (``extra``: a figure
    given by two sources and drawn once, a paragraph counted under several themes), each once.
    """
    dashboard, page_title = t("app.name", lang), t(f"page.{page}", lang)
    ftext = describe_filters(filters, lang)
    sheet = {"data": t("export.sheet.data", lang), "sources": t("export.sheet.sources", lang)}
    lines: list[tuple[str, str]] = [
        (
            t("export.readme.what", lang),
            t("export.readme.what_text", lang, page=page_title, dashboard=dashboard, **sheet),
        ),
        (t("export.readme.page", lang), page_title),
        (t("export.readme.filters", lang), ftext),
        (t("export.readme.version", lang), ds.version),
        (t("export.readme.date", lang), fmt_date(today.isoformat(), lang)),
        (t("export.readme.rows", lang), fmt_plain(len(rows), lang)),
        (t("export.readme.as_of", lang), dataset_as_of_line(ds, lang)),
        (t("overview.cite", lang), t("overview.cite_text", lang, version=ds.version)),
        (t("export.readme.numbers", lang), t("export.readme.numbers_text", lang)),
        (t("export.readme.text", lang), t("export.readme.text_text", lang)),
        (t("export.readme.quotes", lang), t("export.readme.quotes_text", lang)),
    ]
    notes = caveats(ds, rows) if not rows.empty and "indicator" in rows.columns else []
    notes = list(dict.fromkeys([*notes, *extra]))
    lines += [
        (t("chart.caveats", lang) if i == 0 else "", c)
        for i, c in enumerate(notes or [t("export.readme.no_caveats", lang)])
    ]
    put(ws, 1, 1, t("brief.pack_title", lang, dashboard=dashboard, page=page_title, filters=ftext), bold=True)
    for r, (label, text) in enumerate(lines, start=3):
        put(ws, r, 1, label or None, bold=True).alignment = Alignment(vertical="top")
        put(ws, r, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 110


def page_xlsx(
    page: str,
    ds: Dataset,
    filters: Filters | Mapping[str, Any] | None = None,
    lang: str = "en",
    *,
    rows: pd.DataFrame | None = None,
    results: Sequence[ChartResult] | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The workbook (bytes): the page's rows (its CSV's), its sources and a read-me.

    ``rows`` are the page's shown rows when the caller has them (the app's cache), else
    computed with ``exports.tables.shown_rows`` (from ``results`` when given).
    """
    filters = Filters.of(filters)
    if results is None:  # the charts' own caveats go in the read-me
        results = [draw(c.chart_id, ds, filters, lang) for c in charts_for(page)]
    drawn = [r for r in results if not r.empty]
    if rows is None:
        rows = shown_rows(page, ds, filters, lang, results=drawn)
    frame = export_frame(ds.with_notes(rows))
    wb = Workbook()
    data = wb.active
    data.title = t("export.sheet.data", lang)
    data_sheet(data, frame, lang)
    sources_sheet(wb.create_sheet(t("export.sheet.sources", lang)), frame, lang)
    readme_sheet(
        wb.create_sheet(t("export.sheet.readme", lang)),
        page,
        ds,
        filters,
        rows,
        lang,
        today or dt.date.today(),
        extra=[c for r in drawn for c in r.caveats],
    )
    wb.properties.creator = t("app.name", lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
