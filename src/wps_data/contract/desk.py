"""The contract of the Council desk's tables: mandate provisions, Council positions, a sourced timeline.

Each row is verbatim text from a source with its locator, checked by ``wps-data verify-quotes``
like a fact's quote: ``provisions.text``, ``statements.text`` and ``events.quote``.
- ``provisions.csv``: the WPS provisions of each resolution on Mali, one row per operative
  paragraph and theme; ``thread`` pairs the same provision across resolutions so that the
  words added, dropped or changed can be shown; the update's recommendations for the next
  mandate are rows of kind ``recommendation``.
- ``statements.csv``: who said what: one row per Council member, statement and topic.
- ``events.csv``: dated events (the quota law, coups, mandates, withdrawal, NAPs) drawn as a
  timeline and as markers on time-series charts.

Layer: contract (2). Imports nothing of the package but other contract modules.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from wps_data.contract.vocab import SLUG

PROVISION_THEMES = ("participation", "crsv", "gender_expertise", "protection", "reporting", "nap")
PROVISION_KINDS = ("provision", "recommendation")
STATEMENT_KINDS = ("statement", "upr_recommendation", "convened")
TOPICS = (
    "accountability",
    "participation",
    "protection",
    "crsv",
    "human_rights",
    "children",
    "reprisals",
    "gender_equality",
    "other",
)
EVENT_KINDS = ("law", "coup", "transition", "mandate", "withdrawal", "sanctions", "nap", "reform", "election", "other")
DATE_PRECISIONS = ("day", "month", "year")
ISO_PARTIAL = r"^\d{4}(-\d{2}(-\d{2})?)?$"
TEXT_COLUMN = {"provisions": "text", "statements": "text", "events": "quote"}
ID_COLUMN = {"provisions": "provision_id", "statements": "statement_id", "events": "event_id"}


def strict_config() -> type:
    """Pandera config of a curated table: strict columns, coerced types, in order.

    A new class for each table: pandera writes the table's name into its config class,
    and one shared class made every failure name the last table declared.
    """
    return type("Config", (), {"strict": True, "coerce": True, "ordered": True})


class ProvisionsSchema(pa.DataFrameModel):
    """One row per WPS provision (operative paragraph and theme) of a Council resolution, or a recommendation."""

    provision_id: Series[str] = pa.Field(
        unique=True, str_matches=SLUG, description="Stable key.", metadata={"example": "res2531-op4-quota"}
    )
    resolution: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="The resolution, as 'NNNN (YYYY)'; for a recommendation, who recommends and when.",
        metadata={"example": "2531 (2020)"},
    )
    adopted: Series[str] = pa.Field(
        str_matches=r"^\d{4}-\d{2}-\d{2}$",
        description="Date of adoption (of publication, for a recommendation).",
        metadata={"example": "2020-06-29"},
    )
    paragraph: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="Paragraph as the source numbers it.", metadata={"example": "OP 4"}
    )
    theme: Series[str] = pa.Field(
        isin=PROVISION_THEMES,
        description="Theme: " + ", ".join(PROVISION_THEMES) + ".",
        metadata={"example": "participation"},
    )
    thread: Series[str] = pa.Field(
        str_matches=SLUG,
        description="The same provision across resolutions (its wording is compared from one to the next).",
        metadata={"example": "participation-quota"},
    )
    kind: Series[str] = pa.Field(
        isin=PROVISION_KINDS, description="provision or recommendation.", metadata={"example": "provision"}
    )
    text: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="The paragraph, verbatim (checked against the source).",
        metadata={"example": "Urges the Malian parties to ..."},
    )
    source_id: Series[str] = pa.Field(str_matches=SLUG, description="Source (sources.csv).")
    locator: Series[str] = pa.Field(str_length={"min_value": 1}, description="Where in the source.")
    chart: Series[str] = pa.Field(
        nullable=True,
        str_matches=SLUG,
        description="A chart of the dashboard that measures the provision, if one does.",
        metadata={"example": "rep-quota"},
    )
    note: Series[str] = pa.Field(nullable=True, description="Curator's remarks.")

    Config = strict_config()


class StatementsSchema(pa.DataFrameModel):
    """One row per Council member, statement (or UPR recommendation) and topic."""

    statement_id: Series[str] = pa.Field(unique=True, str_matches=SLUG, description="Stable key.")
    member: Series[str] = pa.Field(
        str_matches=r"^[A-Z]{2}$",
        description="The Council member, as an ISO 3166-1 alpha-2 code (named in the reader's language).",
        metadata={"example": "FR"},
    )
    kind: Series[str] = pa.Field(
        isin=STATEMENT_KINDS,
        description="statement, upr_recommendation or convened.",
        metadata={"example": "statement"},
    )
    meeting: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="The meeting, as the source names it.",
        metadata={"example": "Security Council meeting on Mali, 16 June 2023"},
    )
    date: Series[str] = pa.Field(
        str_matches=ISO_PARTIAL, description="Date (ISO; year or month when that is all the source gives)."
    )
    topic: Series[str] = pa.Field(isin=TOPICS, description="Topic: " + ", ".join(TOPICS) + ".")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="The sentence, verbatim.")
    source_id: Series[str] = pa.Field(str_matches=SLUG, description="Source (sources.csv).")
    locator: Series[str] = pa.Field(str_length={"min_value": 1}, description="Where in the source.")
    note: Series[str] = pa.Field(nullable=True, description="Curator's remarks.")

    Config = strict_config()


class EventsSchema(pa.DataFrameModel):
    """One row per dated event, with the sentence that states it."""

    event_id: Series[str] = pa.Field(unique=True, str_matches=SLUG, description="Stable key.")
    date: Series[str] = pa.Field(str_matches=ISO_PARTIAL, description="Date (ISO), never more precise than the source.")
    date_precision: Series[str] = pa.Field(isin=DATE_PRECISIONS, description="day, month or year.")
    kind: Series[str] = pa.Field(isin=EVENT_KINDS, description="Kind: " + ", ".join(EVENT_KINDS) + ".")
    label_en: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 90}, description="Label in English.")
    label_fr: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 90}, description="Label in French.")
    source_id: Series[str] = pa.Field(str_matches=SLUG, description="Source (sources.csv).")
    locator: Series[str] = pa.Field(str_length={"min_value": 1}, description="Where in the source.")
    quote: Series[str] = pa.Field(str_length={"min_value": 1}, description="The sentence that states it, verbatim.")
    note: Series[str] = pa.Field(nullable=True, description="Curator's remarks.")

    @pa.dataframe_check(name="date_matches_precision")
    @classmethod
    def date_matches_precision(cls, df: pd.DataFrame) -> pd.Series:
        """A day has YYYY-MM-DD, a month YYYY-MM, a year YYYY."""
        length = df["date"].astype(str).str.len()
        want = df["date_precision"].map({"day": 10, "month": 7, "year": 4})
        return length == want

    Config = strict_config()


DESK_TABLES: dict[str, type[pa.DataFrameModel]] = {
    "provisions": ProvisionsSchema,
    "statements": StatementsSchema,
    "events": EventsSchema,
}


def event_year(dates: pd.Series) -> pd.Series:
    """The (fractional) position of each ISO date on a year axis: 2020-08-18 -> 2020.63; 2020 -> 2020.5."""
    text = dates.astype(str)
    year = pd.to_numeric(text.str[:4], errors="coerce")
    month = pd.to_numeric(text.str[5:7], errors="coerce")
    day = pd.to_numeric(text.str[8:10], errors="coerce")
    frac = ((month.fillna(7) - 1) + (day.fillna(1) - 1) / 31) / 12
    return year + frac.where(month.notna(), 0.5)
