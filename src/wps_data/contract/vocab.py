"""The fixed vocabularies of the data contract: themes, sex/age groups, units, statuses, source types, branches.

Layer: contract (imports nothing of the package).
"""

from __future__ import annotations

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
SEX_AGE = ("women", "girls", "women_and_girls", "men", "boys", "total")
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
