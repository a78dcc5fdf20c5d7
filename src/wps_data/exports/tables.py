"""Export tables: CSV that is safe to open in Excel, file names that say what is inside, page rows.

Layer: exports. Imports charts (to draw a page's charts and its tables), analysis and dataset; never streamlit.

CSV cells that begin with = + - @ (or a tab or carriage return) are prefixed with an
apostrophe so a spreadsheet shows them as text instead of running them as formulas
(OWASP "CSV injection"). Files are UTF-8 with a byte-order mark, so Excel keeps
accents (Ménaka, Ségou). ``shown_rows`` is what a page shows for a view (its charts' facts and
its own tables'), the one source of the app's page CSV and of the data pack; ``page_results``
its charts, shared by the app, the deck, the data pack and the CLI.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

import pandas as pd

from wps_data import analysis
from wps_data.charts.desk import OWN_ROWS as DESK_PAGES
from wps_data.charts.desk import desk_rows
from wps_data.charts.headlines import headlines
from wps_data.charts.registry import ChartResult, Filters, charts_for, draw
from wps_data.charts.tables import conflicts
from wps_data.dataset import Dataset

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXPORT_COLUMNS = [
    "fact_id",
    "theme",
    "indicator",
    "label",
    "subject",
    "region",
    "year",
    "period",
    "sex_age",
    "value",
    "unit",
    "status",
    "numerator",
    "denominator",
    "source_id",
    "title",
    "publisher",
    "published",
    "source_type",
    "url",
    "locator",
    "quote",
    "cites",
    "note",
    "date",
]


# The data behind one chart: exactly the rows it plots, each with what it counts and where it comes from.
CHART_CSV_COLUMNS = [
    "chart_id",
    "series",
    "value",
    "unit",
    "year",
    "period",
    "region",
    "scope",
    "part_year",
    "sex_age",
    "status",
    "indicator",
    "label",
    "subject",
    "title",
    "publisher",
    "published",
    "source_type",
    "url",
    "locator",
    "quote",
    "fact_id",
]


def chart_frame(result: ChartResult) -> pd.DataFrame:
    """The rows a chart plots (the facts behind its marks, in plotting order), as the chart CSV has them."""
    rows = result.rows
    if rows.empty:
        return pd.DataFrame(columns=CHART_CSV_COLUMNS)
    rows = rows.dropna(subset=["fact_id"]).drop_duplicates("fact_id").assign(chart_id=result.chart_id)
    if "value" not in rows:  # the Council desk's rows (provisions, statements, events): every column they have
        keep = ["chart_id", *[c for c in rows.columns if c != "chart_id" and not c.startswith("_") and c != "x"]]
        return rows.loc[:, keep].reset_index(drop=True)
    if "series" not in rows:
        rows = rows.assign(series="")
    return rows.loc[:, [c for c in CHART_CSV_COLUMNS if c in rows.columns]].reset_index(drop=True)


def chart_csv_bytes(result: ChartResult) -> bytes:
    """Excel-safe CSV of exactly the rows a chart plots (``chart_frame``)."""
    return safe_csv_bytes(chart_frame(result))


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula; leave numbers alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def export_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The export columns (facts with their source), in contract order."""
    cols = [c for c in EXPORT_COLUMNS if c in rows.columns]
    extra = [c for c in rows.columns if c not in EXPORT_COLUMNS and not c.startswith("_")]
    return rows.loc[:, cols + extra]


def safe_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV bytes: UTF-8 with BOM, formula-like text neutralised, whole numbers without '.0'."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].map(_number_text)
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _number_text(value: float) -> str:
    """14264.0 -> '14264'; 2.5 -> '2.5'; NaN -> '' (numbers are never neutralised: '-5' stays a number)."""
    if pd.isna(value):
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def slug(text: str) -> str:
    """ASCII slug for a file name: 'Ségou; years 2015-2022' -> 'segou-years-2015-2022'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "all"


def filename(page: str, filters_text: str, ext: str, today: dt.date | None = None) -> str:
    """'mali-wps_violence_regions-gao_2026-11-23.csv': page, filter and date."""
    day = (today or dt.date.today()).isoformat()
    return f"mali-wps_{slug(page)}_{slug(filters_text)}_{day}.{ext}"


def page_rows(page: str, ds: Dataset, chart_rows: list[pd.DataFrame]) -> pd.DataFrame:
    """The facts behind these frames (charts' or tables' rows), once each in order of appearance, as view rows."""
    frames = [r for r in chart_rows if r is not None and not r.empty and "fact_id" in r.columns]
    if not frames:
        return ds.view.iloc[0:0]
    ids = pd.unique(pd.concat([f["fact_id"] for f in frames], ignore_index=True).dropna())
    at = ds.fact_positions.get_indexer(ids)
    if (at < 0).any():
        raise KeyError(f"not facts of this dataset: {list(ids[at < 0][:5])}")
    if len(at) == len(ds.view) and (at == range(len(at))).all():  # every fact, in the view's order (no search)
        return ds.view.reset_index(drop=True)
    return ds.view.iloc[at].reset_index(drop=True)


def page_results(page: str, ds: Dataset, filters: Filters, lang: str = "en") -> list[ChartResult]:
    """Every chart of the page drawn with the filters, empty ones left out."""
    out = [draw(c.chart_id, ds, filters, lang) for c in charts_for(page)]
    return [r for r in out if not r.empty]


def shown_rows(
    page: str, ds: Dataset, filters: Filters | dict, lang: str = "en", results: list[ChartResult] | None = None
) -> pd.DataFrame:
    """THE rows a page shows for a view: its charts' facts, then the facts of its own tables.

    The one source of the page's CSV in the app and of ``data.csv`` in its data pack (app and
    ``wps-data datapack``). Own tables: the overview's headlines (``TABLE_ONLY``: without its
    coverage chart), MINUSMA's provisions, the conflicts between sources, the quote search
    (every fact without a search) and the explorer's rows (its filters and words). ``results`` are the page's drawn
    charts when the caller has them (the app's cache).
    """
    filters = Filters.of(filters)
    if page in DESK_PAGES:  # the Council desk's rows are provisions, statements and events, not facts
        return desk_rows(page, ds, filters, lang)
    frames: list[pd.DataFrame] = []
    if page not in TABLE_ONLY:
        drawn = results if results is not None else page_results(page, ds, filters, lang)
        frames = [r.rows for r in drawn if not r.empty]
    extra = PAGE_TABLES.get(page)
    if extra is not None:
        frames.append(extra(ds, filters, lang))
    return page_rows(page, ds, frames)


def _headline_rows(ds: Dataset, filters: Filters, lang: str) -> pd.DataFrame:
    ids = [h.fact["fact_id"] for h in headlines(ds, lang)]
    return ds.view[ds.view["fact_id"].isin(ids)]


def _provision_rows(ds: Dataset, filters: Filters, lang: str) -> pd.DataFrame:
    return ds.view[ds.view["indicator"].eq("wps_provision")]


def _conflict_rows(ds: Dataset, filters: Filters, lang: str) -> pd.DataFrame:
    return conflicts(ds, lang)[0]


def _search_rows(ds: Dataset, filters: Filters, lang: str) -> pd.DataFrame:
    query = filters.get("q", "")
    return analysis.search_quotes(ds.view, query) if query else ds.view


def include_undated(filters: Filters) -> bool:
    """The explorer's 'include facts without a year' (``undated``; true unless said false)."""
    value = filters.get("undated", True)
    return value if isinstance(value, bool) else str(value).strip().lower() != "false"


def _explorer_rows(ds: Dataset, filters: Filters, lang: str) -> pd.DataFrame:
    rows = _filtered_rows(ds, filters)
    query = filters.get("q", "")  # the explorer's words (``?q=``): every one in the quote, subject or title
    return analysis.search_quotes(rows, query) if query else rows


def _filtered_rows(ds: Dataset, filters: Filters) -> pd.DataFrame:
    return analysis.filter_facts(
        ds.view,
        themes=filters.get("themes"),
        indicators=filters.get("indicators"),
        regions=filters.get("regions"),
        statuses=filters.get("statuses"),
        sources=filters.get("sources"),
        years=filters.years,
        include_undated=include_undated(filters),
    )


# Pages whose rows are their own table only: the overview's coverage chart counts every fact
# (its own chart CSV holds them); the page's figures are its headlines.
TABLE_ONLY = frozenset({"overview"})
# A page's own tables (beyond its charts): the facts each shows for a view.
PAGE_TABLES: dict[str, Callable[[Dataset, Filters, str], pd.DataFrame]] = {
    "overview": _headline_rows,
    "minusma": _provision_rows,
    "disagree": _conflict_rows,
    "sources": _search_rows,
    "explorer": _explorer_rows,
}
