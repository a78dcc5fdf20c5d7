"""The data contract: pandera DataFrameModels for facts, sources, indicators and bodies.

The schemas are the data dictionary. Every column has a description (the README's
Fields tables are generated from these), every vocabulary is fixed here, and every
rule that one row must obey is a named check, so a failure names its rule.
Checks across tables (foreign keys) live in ``relations.py``; vocabularies in ``vocab.py``.

Layer: contract (2), the data contract. Imports nothing of the package but the leaves
(``wps_data.paths``, ``wps_data.files``, ``wps_data.i18n``) and other contract modules.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from wps_data.contract.desk import DESK_TABLES, strict_config
from wps_data.contract.quotes import quote_has_number
from wps_data.contract.regions import ALLOWED as REGIONS_ALLOWED
from wps_data.contract.selection import SeriesSchema
from wps_data.contract.vocab import (
    BODY_KINDS,
    BRANCHES,
    SEX_AGE,
    SLUG,
    SOURCE_TYPES,
    STATUSES,
    THEMES,
    UNITS,
    read_bool,
)

YEAR_MIN, YEAR_MAX = 1960, 2030


def _decimals(value: float) -> int:
    text = repr(float(value))
    if "e" in text:
        return 6
    frac = text.split(".")[1] if "." in text else ""
    return 0 if frac == "0" else len(frac)


def share_agrees(value: float, numerator: float, denominator: float) -> bool:
    """True when 100*numerator/denominator equals ``value`` to its stated precision.

    A share stated as 4.6 agrees with 10/217 = 4.608. The tolerance is one unit of the
    last decimal the source wrote (0.1 here; 1 point for a whole-number share), because
    sources round up, down or truncate: "$134 million (42 per cent)" of $324 million.
    """
    if denominator == 0:
        return False
    share = 100 * numerator / denominator
    return abs(share - value) < 10 ** -_decimals(value)


class FactsSchema(pa.DataFrameModel):
    """One row per number: what it measures, its value, and where it comes from."""

    fact_id: Series[str] = pa.Field(
        unique=True,
        str_matches=SLUG,
        description="Stable unique slug of the fact; never reused.",
        metadata={"example": "rep-cnt-women-share-2023"},
    )
    theme: Series[str] = pa.Field(
        isin=THEMES,
        description="Theme: " + ", ".join(THEMES) + ".",
        metadata={"example": "representation"},
    )
    indicator: Series[str] = pa.Field(
        str_matches=r"^[a-z][a-z0-9_]*$",
        description="Key into the indicators table (label, unit, definition, caveat).",
        metadata={"example": "women_share_body"},
    )
    subject: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="What is measured: a body, a personnel category, a group, a resolution.",
        metadata={"example": "National Transitional Council (CNT)"},
    )
    region: Series[str] = pa.Field(
        isin=sorted(REGIONS_ALLOWED),
        description="'Mali' for national figures, a canonical region name, or 'UN peacekeeping'.",
        metadata={"example": "Ménaka"},
    )
    year: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        ge=YEAR_MIN,
        le=YEAR_MAX,
        description="Reference year; empty when the source gives none.",
        metadata={"example": "2022"},
    )
    period: Series[str] = pa.Field(
        nullable=True,
        description="The period as the source states it.",
        metadata={"example": "January to December 2022"},
    )
    scope: Series[str] = pa.Field(
        nullable=True,
        description="Geographic scope in words when it is narrower or wider than one region value can say "
        "(several regions, a town or village, unnamed localities); empty means the whole of region. "
        "A row with a scope is not a national or whole-region figure.",
        metadata={"example": "Moura (village, Djenné cercle, Mopti region)"},
    )
    part_year: Series[pd.BooleanDtype] = pa.Field(
        description="true when the figure counts events or flows over only part of a year (e.g. January-October "
        "2019), so it stays off annual series; false otherwise. In the CSV: true or false; empty reads as false.",
        metadata={"example": "false"},
    )
    sex_age: Series[str] = pa.Field(
        isin=SEX_AGE,
        description="Who is counted: " + ", ".join(SEX_AGE) + ".",
        metadata={"example": "women"},
    )
    value: Series[float] = pa.Field(
        description="The number exactly as the source states it, in base units.",
        metadata={"example": "28.57"},
    )
    unit: Series[str] = pa.Field(
        isin=UNITS,
        description="Unit: " + ", ".join(UNITS) + ".",
        metadata={"example": "percent"},
    )
    status: Series[str] = pa.Field(
        isin=STATUSES,
        description="Kind of figure: " + ", ".join(STATUSES) + ". Verified CRSV is never reported CRSV.",
        metadata={"example": "verified"},
    )
    numerator: Series[float] = pa.Field(
        nullable=True,
        ge=0,
        description="Count of women (or cases) where the source gives it.",
        metadata={"example": "1"},
    )
    denominator: Series[float] = pa.Field(
        nullable=True,
        gt=0,
        description="Total where the source gives it.",
        metadata={"example": "20"},
    )
    source_id: Series[str] = pa.Field(
        str_matches=SLUG,
        description="Key into the sources table.",
        metadata={"example": "ieg-wps-mali-2023-03"},
    )
    locator: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="Where in the source: section and bullet, operative paragraph, footnote.",
        metadata={"example": "Women's participation ... > bullet 1"},
    )
    quote: Series[str] = pa.Field(
        str_length={"min_value": 3},
        description="Shortest verbatim span of the source that holds the number.",
        metadata={"example": "28.57 percent of the National Transitional Council"},
    )
    cites: Series[str] = pa.Field(
        nullable=True,
        description="A document the source itself cites for the number.",
        metadata={"example": "S/2023/413"},
    )
    note: Series[str] = pa.Field(
        nullable=True,
        description="Ambiguities, hedges ('more than', 'close to'), limits.",
        metadata={"example": "Source says 'close to a third'."},
    )
    date: Series[str] = pa.Field(
        nullable=True,
        str_matches=r"^\d{4}-\d{2}-\d{2}$",
        description="ISO date for unit=date rows (value then holds its year).",
        metadata={"example": "2021-06-30"},
    )

    Config = strict_config()

    @pa.dataframe_parser
    @classmethod
    def part_year_from_text(cls, df: pd.DataFrame) -> pd.DataFrame:
        """Read part_year strictly before coercion: true/false (any case), empty = false.

        pandas turns any non-empty text into True ("false" included), so the CSV text is
        parsed here; any other text becomes missing and fails the column's not-null rule.
        """
        if "part_year" not in df.columns:
            return df
        return df.assign(part_year=read_bool(df["part_year"], empty=False))

    @pa.dataframe_check(name="percent_within_0_100", error="percent values must lie in 0-100")
    @classmethod
    def percent_range(cls, df: pd.DataFrame) -> Series[bool]:
        """A share cannot be negative or exceed 100."""
        return ~df["unit"].eq("percent") | df["value"].between(0, 100)

    @pa.dataframe_check(name="quote_contains_value", error="the quote must state the value (digits or words)")
    @classmethod
    def quote_contains_value(cls, df: pd.DataFrame) -> Series[bool]:
        """The number is in its sentence: the core of data honesty."""
        return pd.Series(
            [quote_has_number(str(q), float(v)) for q, v in zip(df["quote"], df["value"], strict=True)],
            index=df.index,
        )

    @pa.dataframe_check(
        name="share_matches_numerator_denominator", error="100*numerator/denominator must equal the stated share"
    )
    @classmethod
    def share_matches(cls, df: pd.DataFrame) -> Series[bool]:
        """Where a share is given with its counts, they agree."""
        out = []
        for unit, v, n, d in zip(df["unit"], df["value"], df["numerator"], df["denominator"], strict=True):
            if unit != "percent" or pd.isna(n) or pd.isna(d):
                out.append(True)
            else:
                out.append(share_agrees(float(v), float(n), float(d)))
        return pd.Series(out, index=df.index)

    @pa.dataframe_check(name="numerator_not_above_denominator", error="numerator must not exceed denominator")
    @classmethod
    def numerator_le_denominator(cls, df: pd.DataFrame) -> Series[bool]:
        """A part cannot exceed its whole."""
        both = df["numerator"].notna() & df["denominator"].notna()
        return ~both | (df["numerator"] <= df["denominator"])

    @pa.dataframe_check(name="date_rows_have_date", error="unit=date needs an ISO date whose year is the value")
    @classmethod
    def date_rows(cls, df: pd.DataFrame) -> Series[bool]:
        """Dates are stored as ISO text with their year as the value."""
        out = []
        for unit, v, d in zip(df["unit"], df["value"], df["date"], strict=True):
            if unit != "date":
                out.append(True)
            else:
                out.append(isinstance(d, str) and d[:4].isdigit() and int(d[:4]) == v)
        return pd.Series(out, index=df.index)

    @pa.dataframe_check(name="value_is_finite", error="value must be a finite number")
    @classmethod
    def finite(cls, df: pd.DataFrame) -> Series[bool]:
        """No NaN or infinity stands in for a missing number: a gap is no row."""
        return df["value"].map(lambda v: isinstance(v, float) and math.isfinite(v))


class SourcesSchema(pa.DataFrameModel):
    """One row per document or web address that facts come from."""

    source_id: Series[str] = pa.Field(
        unique=True,
        str_matches=SLUG,
        description="Stable key of the source.",
        metadata={"example": "ieg-wps-mali-2023-03"},
    )
    title: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="Title.",
        metadata={"example": "Update on women, peace and security in Mali"},
    )
    publisher: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="Publisher.", metadata={"example": "UN Women"}
    )
    published: Series[str] = pa.Field(
        nullable=True,
        str_matches=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="Publication date (ISO; year or year-month when that is all that is known).",
        metadata={"example": "2023-03-28"},
    )
    symbol: Series[str] = pa.Field(
        nullable=True, description="UN document symbol.", metadata={"example": "S/RES/2584 (2021)"}
    )
    url: Series[str] = pa.Field(
        nullable=True,
        str_matches=r"^https?://",
        description="Address of the document.",
        metadata={"example": "https://undocs.org/S/RES/2584(2021)"},
    )
    kind: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="What the document is (resolution, briefing note, web page ...).",
        metadata={"example": "resolution"},
    )
    source_type: Series[str] = pa.Field(
        isin=SOURCE_TYPES,
        description="How much weight it carries: " + ", ".join(SOURCE_TYPES) + ".",
        metadata={"example": "un_document"},
    )
    language: Series[str] = pa.Field(
        str_length={"min_value": 2}, description="Language(s).", metadata={"example": "en"}
    )
    text_file: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="Text the quotes are checked against, relative to the sources folder; "
        "'external/sources_external.csv#KEY' points at a stored excerpt; 'data/excerpts' means the "
        "verbatim passages kept in the repository (data/excerpts/SOURCE_ID.txt) only.",
        metadata={"example": "ieg-wps-mali-2023-03.txt"},
    )
    retrieved_as: Series[str] = pa.Field(
        nullable=True, description="How the text was obtained.", metadata={"example": "full text"}
    )
    note: Series[str] = pa.Field(
        nullable=True, description="Caveats about the source.", metadata={"example": "Text extracted from a PDF."}
    )

    Config = strict_config()


class IndicatorsSchema(pa.DataFrameModel):
    """One row per indicator: what a number means and what it does not say."""

    indicator: Series[str] = pa.Field(
        unique=True,
        str_matches=r"^[a-z][a-z0-9_]*$",
        description="Key used by facts.",
        metadata={"example": "crsv_cases"},
    )
    theme: Series[str] = pa.Field(isin=THEMES, description="Theme of the indicator.", metadata={"example": "crsv"})
    label: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="Label on screen.", metadata={"example": "CRSV cases"}
    )
    unit: Series[str] = pa.Field(isin=UNITS, description="Unit.", metadata={"example": "cases"})
    definition: Series[str] = pa.Field(
        nullable=True,
        description="What it measures.",
        metadata={"example": "Cases of conflict-related sexual violence."},
    )
    caveat: Series[str] = pa.Field(
        nullable=True, description="What it does not say.", metadata={"example": "Verified cases are a floor."}
    )

    Config = strict_config()


class BodiesSchema(pa.DataFrameModel):
    """Representation subjects grouped by branch, for the quota page."""

    subject: Series[str] = pa.Field(
        unique=True,
        str_length={"min_value": 1},
        description="Subject string used in facts.",
        metadata={"example": "Governors"},
    )
    branch: Series[str] = pa.Field(
        isin=BRANCHES,
        description="Branch: " + ", ".join(BRANCHES) + ".",
        metadata={"example": "territorial administration"},
    )
    kind: Series[str] = pa.Field(
        isin=BODY_KINDS,
        description="standing: a body that exists at its latest figure, counted once against the quota; past: a "
        "body that no longer exists (the National Assembly dissolved in 2020, a past government, the 2021 "
        "consultations); batch: one batch of appointments, not a body; measure: another measure of a body "
        "counted under another subject, or an average over several bodies. Only standing bodies are counted.",
        metadata={"example": "standing"},
    )
    short_label: Series[str] = pa.Field(
        str_length={"min_value": 1, "max_value": 40},
        description="Label that fits a chart axis.",
        metadata={"example": "Governors"},
    )

    Config = strict_config()


TABLES: dict[str, type[pa.DataFrameModel]] = {
    "facts": FactsSchema,
    "sources": SourcesSchema,
    "indicators": IndicatorsSchema,
    "bodies": BodiesSchema,
    "series": SeriesSchema,
    **DESK_TABLES,  # the Council desk: provisions, statements, events
}


def columns(table: str) -> list[str]:
    """Column names of a table in contract order."""
    return list(TABLES[table].to_schema().columns)


def is_slug(text: str) -> bool:
    """True for a valid id slug."""
    return bool(re.match(SLUG, text))
