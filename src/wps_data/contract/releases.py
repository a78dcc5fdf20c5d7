"""The contract of the release log: what each build records so later builds can say what changed.

``data/releases/index.csv`` has one row per release (a dataset version the build produced,
with its date and row counts); ``data/releases/<version>.parquet`` keeps that release's facts
(the columns below), enough to compare any two releases fact by fact: added, removed, a value
revised, or a meaning field (year, status, sex/age, region, scope ...) changed.

Layer: contract (2). Imports nothing of the package but other contract modules.
"""

from __future__ import annotations

import io
import re

import pandas as pd

RELEASES_DIR = "releases"
INDEX = "index.csv"
INDEX_COLUMNS = ["version", "date", "facts", "sources", "provisions", "statements", "events", "origin"]
VALUE_FIELDS = ["value", "unit"]
MEANING_FIELDS = [
    "indicator",
    "subject",
    "region",
    "year",
    "period",
    "scope",
    "sex_age",
    "status",
    "source_id",
    "locator",
    "quote",
]
SNAPSHOT_COLUMNS = ["fact_id", "theme", *VALUE_FIELDS, *MEANING_FIELDS, "note"]
VERSION = re.compile(r"^[0-9a-f]{6,64}$")


def snapshot(facts: pd.DataFrame) -> pd.DataFrame:
    """The columns of ``facts`` a release keeps, as text (missing columns of an old release stay empty)."""
    out = pd.DataFrame({c: facts[c] if c in facts.columns else pd.NA for c in SNAPSHOT_COLUMNS})
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")  # 2023, never "2023.0"
    for c in SNAPSHOT_COLUMNS:
        if c != "value":
            out[c] = out[c].astype("string")
    return out.sort_values("fact_id", kind="stable").reset_index(drop=True)


def parse_index(text: str) -> pd.DataFrame:
    """The release index from its CSV text; raises ValueError when it breaks the contract."""
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if list(df.columns) != INDEX_COLUMNS:
        raise ValueError(f"release index columns must be {INDEX_COLUMNS}, found {list(df.columns)}")
    bad = [v for v in df["version"] if not VERSION.match(v)]
    if bad:
        raise ValueError(f"release index: not a dataset version: {bad[0]!r}")
    if df["version"].duplicated().any():
        raise ValueError("release index: a version is listed twice")
    if not df["date"].str.match(r"^\d{4}-\d{2}-\d{2}$").all():
        raise ValueError("release index: every date must be YYYY-MM-DD")
    for c in INDEX_COLUMNS[2:7]:
        df[c] = pd.to_numeric(df[c].replace("", pd.NA), errors="raise").astype("Int64")
    return df


def index_text(df: pd.DataFrame) -> str:
    """The release index as CSV text (oldest first), the same text for the same rows."""
    return df[INDEX_COLUMNS].to_csv(index=False, lineterminator="\n")
