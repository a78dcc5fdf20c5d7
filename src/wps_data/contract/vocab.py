"""The fixed vocabularies of the data contract: themes, sex/age groups, units, statuses, source types, branches.

Layer: contract (2), the data contract. Imports nothing of the package but the leaves
(``wps_data.paths``, ``wps_data.files``, ``wps_data.i18n``) and other contract modules.
"""

from __future__ import annotations

SLUG = r"^[a-z0-9][a-z0-9-]*$"  # ids: fact_id, source_id, series_id, chart_id

THEMES = (
    "representation",
    "gbv",
    "crsv",
    "humanitarian",
    "socioeconomic",
    "minusma",
    "mandate",
    "nap",
)
SEX_AGE = ("women", "girls", "women_and_girls", "men", "boys", "men_and_boys", "total")
UNITS = (
    "percent",
    "persons",
    "cases",
    "incidents",
    "seats",
    "count",
    "usd",
    "per_100000",
    "rank",
    "date",
    "year",
    "paragraph",
    "posts",
)
STATUSES = (
    "verified",
    "reported",
    "documented",
    "estimated",
    "target",
    "authorised",
    "planned",
    "funded",
    "official",
    "forecast",
)
SOURCE_TYPES = ("un_document", "un_web", "ngo_web", "dataset", "document_copy", "press")

BRANCHES = (
    "legislature",
    "executive",
    "territorial administration",
    "diplomacy",
    "justice",
    "peace agreement and transition",
    "security and sanctions",
    "other",
)

# What a row of bodies.csv is: only standing bodies are counted against the quota.
BODY_KINDS = ("standing", "past", "batch", "measure")


def read_bool(values: object, *, empty: bool | None) -> object:
    """A true/false column read strictly (any case); empty cells become ``empty``; other text becomes None.

    pandas coerces any non-empty text to True, "false" included, so curated CSV text is
    read here before the schema coerces it; None then fails the column's not-null rule.
    ``values`` is a pandas Series; the result is an object Series of True, False or None.
    """
    dtype = getattr(values, "dtype", None)  # a true/false column without gaps (Parquet) reads as it is: no loop
    if str(dtype) in ("bool", "boolean") and not values.hasnans:  # type: ignore[attr-defined]
        return values.astype(object)  # type: ignore[attr-defined]
    words = {"true": True, "false": False}

    def one(v: object) -> object:
        if isinstance(v, bool) or type(v).__name__ == "bool_":
            return bool(v)
        if v is None or (isinstance(v, float) and v != v) or str(v).strip() == "":
            return empty
        return words.get(str(v).strip().lower())

    return values.map(one).astype(object)  # type: ignore[attr-defined]
