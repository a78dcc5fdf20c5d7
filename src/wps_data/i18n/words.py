"""Sentences about derived numbers, and the data's own words, in the reader's language.

The analysis layer returns numbers and codes (a gap, a target, a source type); this
module writes them out: how old figures are, how a quota gap was derived, why one
source was preferred. It also gives what the data names in the reader's language
(``name``, ``period``, ``scope``, ``indicator_label``, ``indicator_caveat``, ``branch``:
the tables are in ``<lang>_charts.py``; English is the data's language), the headers of
tables (``column``), typography (``label_value``, ``join``) and the marker on a quote in
another language than the reader's (``quote_marker``). Layer: i18n (a leaf).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache
from importlib import import_module
from typing import Any

from wps_data.i18n.catalogue import CATALOGUES, t
from wps_data.i18n.formats import fmt_plain, fmt_when, plural_form


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
        text += t("asof.published", lang, date=published_on(published, lang))
    return text


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def quota_derivation(row: Any, lang: str = "en", *, quota: float = 30.0) -> str:
    """How a body's gap to the quota and the women needed were derived, from a ``quota_table`` row."""
    value, women, size = float(row["value"]), row["women"], row["size"]
    gap = quota - value
    key = "deriv.gap_short" if gap > 0 else "deriv.gap_above"
    n = lambda x: fmt_plain(x, lang)  # noqa: E731
    text = t(key, lang, gap=points(round(abs(gap), 2), lang), quota=n(quota), value=n(value))
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


def prefer_reason(source_type: str, tie: str, lang: str = "en") -> str:
    """Why charts use one fact where sources disagree (see ``wps_data.analysis.prefer``).

    ``tie`` is what chose among facts of the best source type: ``""``, ``"recent"`` or ``"order"``.
    """
    if source_type == "precise":
        return t("why.precise", lang)
    text = t("why.type", lang, kind=t(f"source_type.{source_type}", lang))
    return text + (t(f"why.{tie}", lang) if tie else "")


# --- the data's own words in the reader's language (tables in ``<lang>_charts.py``) -----------


@cache
def _table(lang: str, name: str) -> dict[str, str]:
    """A translation table of ``<lang>_charts`` (empty for English, the data's language, and unknown ones)."""
    if lang not in CATALOGUES or lang == "en":
        return {}
    return dict(getattr(import_module(f"wps_data.i18n.{lang}_charts"), name, {}))


def _lookup(table: str, text: Any, lang: str) -> Any:
    if not isinstance(text, str):
        return text
    return _table(lang, table).get(text, text)


def name(text: Any, lang: str = "en") -> Any:
    """A subject, body label or non-place region of the data in ``lang`` ('National Assembly' -> 'Assemblée nationale').

    Text the tables do not know (a region, a name already translated, NaN) is returned as it is.
    """
    return _lookup("NAMES", text, lang)


def names(values: Iterable[Any], lang: str = "en") -> list[Any]:
    """``name`` of each value."""
    return [name(v, lang) for v in values]


def period(text: Any, lang: str = "en") -> Any:
    """The period of a fact (facts.csv ``period``) in ``lang``."""
    return _lookup("PERIODS", text, lang)


def scope(text: Any, lang: str = "en") -> Any:
    """The scope of a fact (facts.csv ``scope``) in ``lang``."""
    return _lookup("SCOPES", text, lang)


def indicator_label(indicator: str, label: Any, lang: str = "en") -> Any:
    """The label of an indicator in ``lang``; ``label`` is the English one of indicators.csv."""
    return _table(lang, "INDICATOR_LABELS").get(indicator, label)


def indicator_caveat(indicator: str, caveat: Any, lang: str = "en") -> Any:
    """What an indicator does not say, in ``lang``; ``caveat`` is the English one of indicators.csv."""
    return _table(lang, "INDICATOR_CAVEATS").get(indicator, caveat)


def indicator_definition(indicator: str, definition: Any, lang: str = "en") -> Any:
    """What an indicator measures, in ``lang``; ``definition`` is the English one of indicators.csv."""
    return _table(lang, "INDICATOR_DEFINITIONS").get(indicator, definition)


def code(kind: str, value: Any, lang: str = "en") -> Any:
    """A vocabulary code in words: ``code('status', 'verified', 'fr')`` -> 'Vérifié (ONU)'; unknown codes unchanged."""
    key = f"{kind}.{value}"
    return t(key, lang) if isinstance(value, str) and key in CATALOGUES["en"] else value


def branch(code: str, lang: str = "en") -> str:
    """A branch of bodies.csv ('territorial administration') in ``lang``."""
    key = "branch." + str(code).replace(" ", "_")
    return t(key, lang) if key in CATALOGUES["en"] else str(code)


def points(n: float, lang: str = "en") -> str:
    """'1.4 points' / '1,4 point': a number of percentage points with the plural of ``lang``."""
    return t(f"points.{plural_form(n, lang)}", lang, n=fmt_plain(n, lang))


def label_value(label: object, value: object, lang: str = "en") -> str:
    """'Label: value' / 'Label : value' (French puts a space before the colon)."""
    return t("chart.label_value", lang, label=label, value=value)


def join(items: Iterable[object], lang: str = "en") -> str:
    """Items of a list in running text: 'a; b' / 'a ; b'."""
    return t("chart.list_sep", lang).join(str(i) for i in items)


def published_on(iso: str | None, lang: str = "en") -> str:
    """When a source was published, as running text says it: '2023-03-28' / 'le 28 mars 2023', 'en août 2025'."""
    text = fmt_when(iso, lang)
    if lang != "fr" or not text:
        return text
    return ("en " if len(str(iso)) <= 7 else "le ") + text


# Names of the languages of the sources, by code (sources.csv ``language``: 'en', 'fr', 'zh+en' ...).
_LANGUAGE_KEYS = {
    "en": "export.lang.en",
    "fr": "export.lang.fr",
    "pt": "export.lang.pt",
    "zh": "export.lang.zh",
    "ar": "export.lang.ar",
    "es": "export.lang.es",
}


def quote_marker(source_language: Any, lang: str = "en") -> str:
    """'(citation en anglais)' when a quote's language differs from the reader's; '' when it is the reader's."""
    if not isinstance(source_language, str):  # unknown (None, NaN): nothing is said
        return ""
    codes = [c.strip() for c in source_language.split("+") if c.strip()]
    if not codes or lang in codes:
        return ""
    named = [t(_LANGUAGE_KEYS[c], lang) if c in _LANGUAGE_KEYS else c for c in codes]
    return t("quote.in", lang, language=" / ".join(named))


def field(col: str, description: str, lang: str = "en") -> str:
    """A data field's description in ``lang``; ``description`` is the schema's (English) one."""
    return _table(lang, "FIELD_DESCRIPTIONS").get(col, description)


def column(col: str, lang: str = "en") -> str:
    """The header of a table column in ``lang``: ``col.*``, then ``export.col.*``, then ``rep.col.*``; else ``col``."""
    cat = CATALOGUES.get(lang, CATALOGUES["en"])
    for key in (f"col.{col}", f"export.col.{col}", f"rep.col.{col}"):
        if key in cat:
            return cat[key]
    return col
