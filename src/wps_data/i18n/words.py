"""Sentences about derived numbers, composed from their inputs in the reader's language.

The analysis layer returns numbers and codes (a gap, a target, a source type); this
module writes them out: how old figures are, how a quota gap was derived, why one
source was preferred. Layer: i18n (a leaf).
"""

from __future__ import annotations

import math
from typing import Any

from wps_data.i18n.catalogue import t
from wps_data.i18n.formats import fmt_plain


def as_of(lo: int | None, hi: int | None, published: str | None, lang: str = "en", *, empty: bool = False) -> str:
    """'data for 2020-2023, latest source published 2023-03-28' from ``wps_data.analysis.age``."""
    if empty:
        return t("asof.none", lang)
    if lo is None or hi is None:
        text = t("asof.no_year", lang)
    elif lo == hi:
        text = t("asof.one", lang, y=lo)
    else:
        text = t("asof.range", lang, lo=lo, hi=hi)
    if published:
        text += t("asof.published", lang, date=published)
    return text


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def quota_derivation(row: Any, lang: str = "en", *, quota: float = 30.0) -> str:
    """How a body's gap to the quota and the women needed were derived, from a ``quota_table`` row."""
    value, women, size = float(row["value"]), row["women"], row["size"]
    gap = quota - value
    key = "deriv.gap_short" if gap > 0 else "deriv.gap_above"
    n = lambda x: fmt_plain(x, lang)  # noqa: E731
    text = t(key, lang, gap=n(round(abs(gap), 2)), quota=n(quota), value=n(value))
    if _missing(row["women_needed"]):
        text += t("deriv.no_size", lang)
    else:
        now = (
            t("deriv.women_estimated", lang, women=int(women), value=n(value), size=int(size))
            if bool(row["women_estimated"])
            else t("deriv.women_now", lang, women=int(women))
        )
        text += t(
            "deriv.needed",
            lang,
            needed=int(row["women_needed"]),
            quota=n(quota),
            size=int(size),
            target=int(row["target"]),
            now=now,
        )
    if bool(row.get("share_derived", False)):
        text = t("deriv.share_from_counts", lang, women=int(women), size=int(size), value=n(value)) + text
    return text


def prefer_reason(source_type: str, recent: bool, lang: str = "en") -> str:
    """Why charts use one fact where sources disagree (see ``wps_data.analysis.prefer``)."""
    if source_type == "precise":
        return t("why.precise", lang)
    text = t("why.type", lang, kind=t(f"source_type.{source_type}", lang))
    return text + (t("why.recent", lang) if recent else "")
