"""The contract of ``series.csv``: chart selections as data (what each chart series selects).

The rules that hold a series against the facts are in ``series.py``.
Layer: contract (2). Imports nothing of the package but other contract modules.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from wps_data.contract.vocab import SEX_AGE, SLUG, STATUSES, read_bool


class SeriesSchema(pa.DataFrameModel):
    """Chart selections as data: what each series of a chart selects, and what its rows must be."""

    series_id: Series[str] = pa.Field(
        unique=True,
        str_matches=SLUG,
        description="Stable unique slug of the series; charts and headlines name series by it.",
        metadata={"example": "gbv-gbvims"},
    )
    chart_id: Series[str] = pa.Field(
        str_matches=SLUG,
        description="The chart that plots the series (a registered chart id; a test checks it).",
        metadata={"example": "gbv-trend"},
    )
    indicator: Series[str] = pa.Field(
        str_matches=r"^[a-z0-9_]+$",
        description="Indicator key the series selects (must exist in indicators.csv).",
        metadata={"example": "gbv_incidents"},
    )
    subject: Series[str] = pa.Field(
        nullable=True,
        description="Exact subject the series selects; empty selects every subject of the indicator.",
        metadata={"example": "GBV cases (GBVIMS)"},
    )
    sex_age: Series[str] = pa.Field(
        nullable=True,
        isin=SEX_AGE,
        description="Sex/age group selected; empty selects every group.",
        metadata={"example": "total"},
    )
    scope: Series[str] = pa.Field(
        isin=("national", "regional", "any"),
        description="Geography selected: national (region Mali), regional (a region of Mali) or any.",
        metadata={"example": "national"},
    )
    status: Series[str] = pa.Field(
        nullable=True,
        isin=STATUSES,
        description="The kind of count every selected row must have (the build fails otherwise); empty: any.",
        metadata={"example": "verified"},
    )
    over_years: Series[pd.BooleanDtype] = pa.Field(
        description="A line over years: selects dated rows only, and every one must cover a full year and the "
        "whole region (no part_year flag, no narrower scope); the build fails otherwise.",
        metadata={"example": "true"},
    )
    group: Series[str] = pa.Field(
        nullable=True,
        description="The category a chart draws the series under: series of one chart with the same group share it "
        "(a UN target beside the category it targets).",
        metadata={"example": "military"},
    )
    note: Series[str] = pa.Field(
        nullable=True,
        description="Why the series selects what it selects.",
        metadata={"example": "GBVIMS, the humanitarian GBV information system; other systems are other series."},
    )

    @pa.dataframe_parser
    @classmethod
    def over_years_from_text(cls, df: pd.DataFrame) -> pd.DataFrame:
        """Read over_years strictly: true/false in any case; anything else is missing and fails.

        pandas would coerce any non-empty text to True, "false" included.
        """
        if "over_years" not in df.columns:
            return df
        return df.assign(over_years=read_bool(df["over_years"], empty=None))

    class Config:
        """Strict columns, coerced types."""

        strict = True
        coerce = True
        ordered = True
