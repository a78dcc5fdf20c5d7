"""Which facts, and so which sources, stand behind the numbers a chart's title and takeaway state.

Layer: exports. Imports charts (``ChartResult``) and i18n (the number formats); never streamlit.

A slide names the source of every number it states. A number is found in a text exactly as
the chart writes it (``i18n.fmt_value``, ``fmt_number``, ``fmt_plain`` in the chart's
language: "22,700", "22 700", "28.57%", "6.4 million"), never inside a longer number. When the
text also states the year of some of the facts with that value ("22,700 in 2024"), those facts
are the ones meant. Numbers derived from several facts (a change, a gap to the quota, a
count of bodies) match no single fact: their inputs are what a slide names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from wps_data.charts.registry import ChartResult
from wps_data.i18n import fmt_number, fmt_plain, fmt_value

_SPACES = "\u00a0\u202f "
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def _pattern(written: str) -> re.Pattern[str]:
    """``written`` as a whole number in a text: not preceded or followed by more of a number."""
    before = r"(?<![\d.,])(?<!\d[\u00a0\u202f ])"
    after = r"(?!\d)(?![.,]\d)(?![\u00a0\u202f ]\d{3}(?!\d))"
    return re.compile(before + re.escape(written) + after)


def writings(value: float, unit: str, lang: str) -> set[str]:
    """The ways a chart writes ``value`` (in ``unit``) in ``lang``: '22,700', 'USD 771.3 million', '28.57'."""
    if value is None or pd.isna(value):
        return set()
    v = float(value)
    out = {fmt_value(v, unit, lang), fmt_number(v, lang), fmt_plain(v, lang)}
    return {w for w in out if any(c.isdigit() for c in w)}


def stated_rows(res: ChartResult, texts: Iterable[str] | None = None) -> pd.DataFrame:
    """The plotted facts whose values the title and takeaway (or ``texts``) state, in order of first mention."""
    rows = res.rows
    if rows.empty or "value" not in rows:
        return rows.iloc[0:0]
    text = "\n".join(texts if texts is not None else (res.title, res.takeaway))
    years = {int(m.group()) for m in _YEAR.finditer(text)}
    found: dict[int, int] = {}  # row position -> where its value is first written
    by_value: dict[int, list[int]] = {}  # position of a mention -> rows with that value there
    for pos, r in enumerate(rows.itertuples(index=False)):
        for w in writings(getattr(r, "value", None), str(getattr(r, "unit", "")), res.lang):
            m = _pattern(w).search(text)
            if m:
                found[pos] = min(found.get(pos, m.start()), m.start())
                by_value.setdefault(m.start(), []).append(pos)
    keep: set[int] = set()
    for positions in by_value.values():
        dated = [p for p in positions if _year_of(rows.iloc[p]) in years]
        keep |= set(dated or positions)
    order = sorted(keep, key=lambda p: (found[p], p))
    return rows.iloc[order]


def _year_of(row: pd.Series) -> int | None:
    y = row.get("year")
    return None if y is None or pd.isna(y) else int(y)


def stated_source_ids(res: ChartResult, texts: Iterable[str] | None = None) -> list[str]:
    """Ids of the sources of the stated numbers, once each, in order of first mention."""
    rows = stated_rows(res, texts)
    if rows.empty or "source_id" not in rows:
        return []
    return list(dict.fromkeys(str(s) for s in rows["source_id"].dropna()))
