"""The offline briefing page: one self-contained HTML file of a dashboard page, for field offices.

Layer: exports. Imports charts (the drawn results, the as-of line), dataset, filters,
pagespec, i18n, viz (``printable``) and ``exports.tables`` / ``exports.sourceline``;
never streamlit.

``page_html(page, ds, filters, lang)`` returns the UTF-8 bytes of one HTML document:

- a header: the dashboard's name, the page title, the filters in words, the dataset
  version and the export date, how current each theme is;
- every chart of the page as an interactive plotly figure; plotly.js is inlined once
  (``include_plotlyjs=True`` on the first figure), so the file needs no CDN and no network;
- for each chart its title, subtitle, takeaway, sources (documents with dates and links),
  the "as of" line, caveats, derived numbers and the rows plotted, each with its locator
  and verbatim quote, marked with the language of its source (quotes are never translated);
- the page's own table (what ``exports.tables.shown_rows`` gives without the charts:
  headlines, provisions, conflicts, search results, explorer rows, a desk page's rows),
  then every source document, then how to cite.

Nothing from the data becomes markup: every data text goes through ``esc`` (control
characters replaced, then ``html.escape`` with quotes), interface templates are escaped
before data is put in them, links are made only from http(s) URLs (``SourceItem.link``)
and escaped as attribute values, and the stylesheet is static. No script, stylesheet,
font or image is loaded from anywhere.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from wps_data.charts.registry import ChartResult, Filters, charts_for, draw
from wps_data.charts.tables import dataset_as_of_line
from wps_data.dataset import Dataset
from wps_data.exports.sourceline import SourceItem, cell_text, source_items
from wps_data.exports.tables import shown_rows
from wps_data.i18n import CATALOGUES, fmt_date, fmt_plain, fmt_value, t
from wps_data.pagespec import describe_filters
from wps_data.viz import printable

# The columns of every table of rows, in order, and the message key of each header.
COLUMN_KEYS = {
    "fact_id": "export.col.fact_id",
    "theme": "export.col.theme",
    "indicator": "export.col.indicator",
    "label": "export.col.label",
    "subject": "export.col.subject",
    "region": "export.col.region",
    "year": "export.col.year",
    "period": "export.col.period",
    "sex_age": "export.col.sex_age",
    "value": "export.col.value",
    "unit": "export.col.unit",
    "status": "export.col.status",
    "numerator": "export.col.numerator",
    "denominator": "export.col.denominator",
    "source_id": "export.col.source_id",
    "title": "export.col.title",
    "publisher": "export.col.publisher",
    "published": "export.col.published",
    "source_type": "export.col.source_type",
    "url": "export.col.url",
    "locator": "export.col.locator",
    "quote": "export.col.quote",
    "cites": "export.col.cites",
    "note": "export.col.note",
    "date": "export.col.date",
    "scope": "export.col.scope",
    "part_year": "export.col.part_year",
    "symbol": "export.col.symbol",
    "definition": "export.col.definition",
    "caveat": "export.col.caveat",
}
LANGUAGE_KEYS = {code: f"export.lang.{code}" for code in ("en", "fr", "pt", "zh", "ar", "es")}
ROW_COLUMNS = ("fact_id", "label", "subject", "region", "year", "value", "status", "title", "locator", "quote")
OPEN_ROWS = 60  # tables of rows up to this length are shown open; longer ones start folded
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
_LANG_CODE = re.compile(r"[a-z]{2,3}")

STYLE = """
body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; color: #222; margin: 0 auto;
  max-width: 1200px; padding: 1.5rem; line-height: 1.4; }
header { border-bottom: 3px solid #0072B2; margin-bottom: 1.5rem; }
.dash { color: #0072B2; font-weight: bold; margin: 0; }
h1 { margin: 0.2rem 0 0.6rem; }
.meta, .note { color: #444; margin: 0.25rem 0; }
.note { font-size: 0.9rem; }
section { border: 1px solid #ddd; border-radius: 6px; padding: 1rem; margin: 1.2rem 0; break-inside: avoid; }
h2 { margin: 0 0 0.3rem; font-size: 1.25rem; }
.sub { color: #555; margin: 0 0 0.5rem; }
.takeaway { font-size: 1.05rem; font-weight: bold; }
.src, .asof, .caveats { font-size: 0.9rem; color: #333; }
.src { padding-left: 1.2rem; margin: 0.3rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.82rem; margin-top: 0.4rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; white-space: nowrap; }
q { font-style: italic; }
.ql { color: #666; font-size: 0.78rem; }
summary { cursor: pointer; font-weight: bold; margin-top: 0.5rem; }
footer { border-top: 1px solid #ccc; margin-top: 2rem; font-size: 0.9rem; }
@media print { body { max-width: none; } section { break-inside: auto; } }
"""


def esc(value: object) -> str:
    """Data text made inert for HTML: None/NaN as '', control characters replaced, ``& < > " '`` escaped."""
    return html.escape(printable(cell_text(value)), quote=True)


def _tx(key: str, lang: str, **escaped: str) -> str:
    """An interface template, itself escaped, filled with values that are already HTML."""
    return esc(t(key, lang)).format(**escaped)


def _link(item: SourceItem, lang: str) -> str:
    """The document's title: a link when its URL is a web address (http/https), else '(no public link)'."""
    if item.link:
        return f'<a href="{esc(item.link)}" rel="noopener noreferrer">{esc(item.title)}</a>'
    return f"{esc(item.title)} ({esc(t('brief.no_link', lang))})"


def _source_entry(item: SourceItem, lang: str, *, short: bool = True) -> str:
    """'<title link>, publisher, date (kind)': one source document with its date in the reader's format."""
    title = _link(item, lang)
    date = fmt_date(item.published, lang) if item.published else t("brief.undated", lang)
    publisher = item.publisher_short if short else item.publisher
    kind = item.source_type_label or item.source_type
    return _tx("export.html.source_item", lang, title=title, publisher=esc(publisher), date=esc(date), kind=esc(kind))


def _message(key: str | None, lang: str, fallback: str) -> str:
    """A catalogue message, or ``fallback`` when the catalogue has no such key."""
    try:
        return t(key, lang) if key else fallback
    except KeyError:
        return fallback


def column_header(column: str, lang: str = "en") -> str:
    """The header of an exported column in the reader's language (an unknown column keeps its name)."""
    return _message(COLUMN_KEYS.get(column), lang, column)


def language_name(code: str, lang: str = "en") -> str:
    """'fr' -> 'French' / 'français'; 'zh+en' -> 'Chinese + English'; an unknown code stays as it is."""
    return " + ".join(_message(LANGUAGE_KEYS.get(c.strip()), lang, c.strip()) for c in code.split("+") if c.strip())


def _quote(quote: object, code: str, lang: str) -> str:
    """A verbatim quote marked with its language (``lang`` attribute and a note in the reader's language)."""
    attr = f' lang="{code}"' if _LANG_CODE.fullmatch(code) else ""
    note = _tx("export.html.quote_lang", lang, language=esc(language_name(code, lang))) if code else ""
    return f'<q{attr}>{esc(quote)}</q> <span class="ql">{note}</span>'


def _value(row: Mapping[str, Any], lang: str) -> str:
    """The value as a reader writes it (28.57% / 28,57 %; a date in words); '' when there is none."""
    value = row.get("value")
    if row.get("unit") == "date" and cell_text(row.get("date")):
        return fmt_date(str(row["date"]), lang)
    if cell_text(value) == "":
        return ""
    if not pd.api.types.is_number(value):
        return cell_text(value)
    return fmt_value(float(value), cell_text(row.get("unit")), lang)


def _status(code: object, lang: str) -> str:
    text = cell_text(code)
    return _message(f"status.{text}", lang, text) if text else ""


def _cell(column: str, row: Mapping[str, Any], languages: Mapping[str, str], lang: str) -> str:
    if column == "value":
        return f'<td class="num">{esc(_value(row, lang))}</td>'
    if column == "year":
        year = row.get("year")
        return f'<td class="num">{"" if year is None or pd.isna(year) else esc(int(year))}</td>'
    if column == "status":
        return f"<td>{esc(_status(row.get('status'), lang))}</td>"
    if column == "quote":
        return f"<td>{_quote(row.get('quote'), languages.get(cell_text(row.get('source_id')), ''), lang)}</td>"
    return f"<td>{esc(row.get(column))}</td>"


def rows_table(rows: pd.DataFrame, languages: Mapping[str, str], lang: str = "en") -> str:
    """The facts as a table: id, indicator, subject, region, year, value, kind, source, locator, quote."""
    if rows is None or rows.empty:
        return f"<p>{esc(t('export.html.no_rows', lang))}</p>"
    cols = [c for c in ROW_COLUMNS if c in rows.columns]
    head = "".join(f'<th scope="col">{esc(column_header(c, lang))}</th>' for c in cols)
    body = "\n".join(
        "<tr>" + "".join(_cell(c, r, languages, lang) for c in cols) + "</tr>" for r in rows.to_dict("records")
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _derived_cell(value: object, lang: str) -> str:
    """A derived number in the reader's format; yes/no for a flag; text escaped."""
    if pd.api.types.is_bool(value):
        return esc(t("rep.yes" if value else "rep.no", lang))
    if pd.api.types.is_number(value) and not pd.isna(value):
        return esc(fmt_plain(float(value), lang))
    return esc(value)


def _derived_table(derived: pd.DataFrame, lang: str) -> str:
    head = "".join(f'<th scope="col">{esc(column_header(str(c), lang))}</th>' for c in derived.columns)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{_derived_cell(v, lang)}</td>" for v in r) + "</tr>"
        for r in derived.itertuples(index=False)
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _details(summary: str, body: str, *, open_: bool) -> str:
    return f"<details{' open' if open_ else ''}><summary>{summary}</summary>\n{body}\n</details>"


def _figure(res: ChartResult, index: int, *, first: bool) -> str:
    """The chart as a plotly div; the first one carries plotly.js itself (inlined, never a CDN)."""
    return res.figure.to_html(
        full_html=False,
        include_plotlyjs=first,
        config=PLOTLY_CONFIG,
        div_id=f"wps-fig-{index}",
        default_width="100%",
        default_height="480px",
    )


def chart_section(res: ChartResult, ds: Dataset, languages: Mapping[str, str], lang: str, figure: str) -> str:
    """One chart: title, subtitle, figure, takeaway, sources, as-of, caveats, derived numbers, rows."""
    parts = [
        f'<section class="chart" id="chart-{esc(res.chart_id)}">',
        f"<h2>{esc(res.title)}</h2>",
        f'<p class="sub">{esc(res.subtitle)}</p>',
        figure,
    ]
    if res.empty:
        parts += [f"<p>{esc(t('chart.no_data_hint', lang))}</p>", "</section>"]
        return "\n".join(parts)
    parts.append(f'<p class="takeaway">{_tx("chart.takeaway", lang, text=esc(res.takeaway))}</p>')
    items = source_items(res.sources, lang)
    parts.append(
        '<ul class="src">'
        + "".join(f"<li>{_tx('chart.source_line', lang, sources=_source_entry(i, lang))}</li>" for i in items)
        + "</ul>"
    )
    parts.append(f'<p class="asof">{_tx("chart.as_of", lang, as_of=esc(res.as_of))}</p>')
    if res.caveats:
        caveats = "".join(f"<li>{esc(c)}</li>" for c in res.caveats)
        parts.append(f'<div class="caveats"><strong>{esc(t("chart.caveats", lang))}</strong><ul>{caveats}</ul></div>')
    if res.derived is not None and not res.derived.empty:
        parts.append(_details(esc(t("chart.derived", lang)), _derived_table(res.derived, lang), open_=False))
    rows = ds.with_notes(plotted_rows(res))
    key = f"export.html.rows.{res.chart_id}"
    summary = _tx(key if key in CATALOGUES["en"] else "export.html.rows", lang, n=esc(fmt_plain(len(rows), lang)))
    parts += [_details(summary, rows_table(rows, languages, lang), open_=len(rows) <= OPEN_ROWS), "</section>"]
    return "\n".join(parts)


def source_languages(ds: Dataset) -> dict[str, str]:
    """Source id -> the language code(s) of its text ('en', 'fr', 'zh+en'), from the sources table."""
    if "language" not in ds.sources.columns:
        return {}
    return {str(s): cell_text(code) for s, code in zip(ds.sources["source_id"], ds.sources["language"], strict=True)}


def plotted_rows(res: ChartResult) -> pd.DataFrame:
    """The rows a chart plots, once each, in plotting order (as its own CSV has them)."""
    rows = res.rows
    if rows.empty or "fact_id" not in rows.columns:
        return rows
    return rows.dropna(subset=["fact_id"]).drop_duplicates("fact_id").reset_index(drop=True)


def own_rows(page: str, ds: Dataset, filters: Filters, lang: str = "en") -> pd.DataFrame:
    """The rows of the page's own table: what ``shown_rows`` gives for the page without its charts.

    The overview's headlines, MINUSMA's provisions, the conflicts, the quote search, the
    explorer's rows (``exports.tables.PAGE_TABLES``), a desk page's rows; none for a page
    that only has charts.
    """
    return shown_rows(page, ds, filters, lang, results=[])


def _sources_section(items: Sequence[SourceItem], lang: str) -> str:
    heading = _tx("export.html.sources", lang, n=esc(fmt_plain(len(items), lang)))
    entries = "".join(f"<li>{_source_entry(i, lang, short=False)}</li>" for i in items)
    return f'<section class="sources" id="sources">\n<h2>{heading}</h2>\n<ol>{entries}</ol>\n</section>'


def _header_footer(page: str, ds: Dataset, filters: Filters, lang: str, day: str) -> tuple[str, str]:
    """The header (dashboard, page, filters, version and date, how current) and the footer (how to cite)."""
    dashboard, page_title = esc(t("app.name", lang)), esc(t(f"page.{page}", lang))
    ftext, version = esc(describe_filters(filters, lang)), esc(ds.version)
    header = [
        "<header>",
        f'<p class="dash">{dashboard}</p>',
        f"<h1>{page_title}</h1>",
        f'<p class="meta">{_tx("brief.deck_filters", lang, filters=ftext)}</p>',
        f'<p class="meta">{_tx("export.html.prepared", lang, date=day, version=version)}</p>',
        f'<p class="meta">{esc(dataset_as_of_line(ds, lang))}</p>',
        f'<p class="note">{esc(t("export.html.offline", lang))}</p>',
        f'<p class="note">{esc(t("export.html.quotes", lang))}</p>',
        "</header>",
    ]
    where = _tx(
        "export.html.footer", lang, dashboard=dashboard, page=page_title, filters=ftext, version=version, date=day
    )
    footer = [
        "<footer>",
        f"<h2>{esc(t('overview.cite', lang))}</h2>",
        f"<p>{esc(t('overview.cite_text', lang, version=ds.version))}</p>",
        f"<p>{where}</p>",
        "</footer>",
    ]
    return "\n".join(header), "\n".join(footer)


def page_html(
    page: str,
    ds: Dataset,
    filters: Filters | Mapping[str, Any] | None = None,
    lang: str = "en",
    *,
    results: Sequence[ChartResult] | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The page as one self-contained HTML document (UTF-8 bytes) that opens with no network.

    ``results`` are the page's charts as drawn for this view (every chart of its spec, in
    order, empty ones included); drawn here when not given.
    """
    filters = Filters.of(filters)
    if results is None:
        results = [draw(c.chart_id, ds, filters, lang) for c in charts_for(page)]
    languages = source_languages(ds)
    sections = [chart_section(res, ds, languages, lang, _figure(res, i, first=i == 0)) for i, res in enumerate(results)]
    own = ds.with_notes(own_rows(page, ds, filters, lang))
    if not own.empty or not results:
        summary = _tx("export.html.page_rows", lang, n=esc(fmt_plain(len(own), lang)))
        table = _details(summary, rows_table(own, languages, lang), open_=True)
        sections.append(f'<section class="rows" id="page-rows">\n<h2>{summary}</h2>\n{table}\n</section>')
    used = [f for f in [*(r.rows for r in results if not r.empty), own] if not f.empty]
    sections.append(_sources_section(source_items(pd.concat(used, ignore_index=True), lang) if used else [], lang))
    header, footer = _header_footer(
        page, ds, filters, lang, esc(fmt_date((today or dt.date.today()).isoformat(), lang))
    )
    title = esc(t("export.html.title", lang, page=t(f"page.{page}", lang), dashboard=t("app.name", lang)))
    head = '<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">'
    head += f"\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>"
    body = "\n".join([header, "<main>", *sections, "</main>", footer])
    return f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n{head}\n<body>\n{body}\n</body>\n</html>\n'.encode()
