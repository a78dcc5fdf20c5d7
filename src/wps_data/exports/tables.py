"""Export tables: CSV that is safe to open in Excel, file names that say what is inside, page rows.

Layer: exports. Imports charts (to draw a page's charts), dataset and pagespec; never streamlit.

CSV cells that begin with = + - @ (or a tab or carriage return) are prefixed with an
apostrophe so a spreadsheet shows them as text instead of running them as formulas
(OWASP "CSV injection"). Files are UTF-8 with a byte-order mark, so Excel keeps
accents (Ménaka, Ségou). ``page_results`` and ``page_rows`` are what a page shows: its
charts and the facts behind them, shared by the app, the deck, the data pack and the CLI.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pandas as pd

from wps_data.charts.registry import ChartResult, Filters, charts_for, draw
from wps_data.dataset import Dataset
from wps_data.pagespec import PAGES

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
    """The rows behind what a page shows: the facts of its charts (and of its themes when it has none)."""
    frames = [r for r in chart_rows if r is not None and not r.empty]
    if frames:
        out = pd.concat(frames, ignore_index=True).drop_duplicates("fact_id")
        return out.loc[:, [c for c in ds.view.columns if c in out.columns]]
    return ds.view[ds.view["theme"].isin(PAGES[page].themes)]


def page_results(page: str, ds: Dataset, filters: Filters, lang: str = "en") -> list[ChartResult]:
    """Every chart of the page drawn with the filters, empty ones left out."""
    out = [draw(c.chart_id, ds, filters, lang) for c in charts_for(page)]
    return [r for r in out if not r.empty]
