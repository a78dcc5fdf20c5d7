"""The rules across tables: not empty, values, foreign keys, units agree with indicators, bodies, series.

One table's rows are checked by its schema (``schemas``); these rules need two tables
at once. They run twice: on the curated CSV before a build (``pipeline.validate``, with
the physical line of each row) and on the built Parquet when the app loads it
(``dataset``, with each row's position as line), so neither side can drift.

Layer: contract (2), the data contract. Imports nothing of the package but the leaves
(``wps_data.paths``, ``wps_data.files``, ``wps_data.i18n``) and other contract modules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from wps_data.contract.desk import DESK_TABLES
from wps_data.contract.frames import isin
from wps_data.contract.meaning import language_problems, meaning_problems
from wps_data.contract.problems import CURATED_FILES, Problem
from wps_data.contract.series import series_problems

__all__ = ["MUST_HAVE_ROWS", "cross_table_problems", "row_lines", "value_problems"]

# Tables without which no page has anything to show: a build of them empty is refused, so the
# previous Parquet files stay (a curated CSV cut to its header is an accident, not a dataset).
MUST_HAVE_ROWS = ("facts", "sources", "indicators")


def row_lines(df: pd.DataFrame) -> range:
    """The line each row would have in a CSV with one header line and no multi-line cells.

    A range, not a list: at 1000x the facts a list of 539,000 ints took 17 ms of every load.
    """
    return range(2, len(df) + 2)


def cross_table_problems(
    typed: Mapping[str, pd.DataFrame], lines: Mapping[str, Sequence[int]] | None = None, *, meaning: bool = True
) -> list[Problem]:
    """Every broken link between the tables present in ``typed`` (schema-valid frames).

    ``lines[name][i]`` is the line reported for row ``i`` of table ``name``; without
    ``lines`` each row's position is used (``row_lines``). A table missing from
    ``typed`` (unreadable, already reported) skips the rules that need it.
    """
    empty = _empty_tables(typed)
    if empty:  # every other rule would pass vacuously or report the same thing many times
        return empty
    facts = typed.get("facts")
    if facts is None:
        return []
    lines = lines if lines is not None else {name: row_lines(df) for name, df in typed.items()}
    problems: list[Problem] = []
    if {"value", "unit"} <= set(facts.columns):
        problems += value_problems(facts, lines["facts"])
    if "sources" in typed:
        for name in ("facts", *DESK_TABLES):  # facts and the Council desk's rows each name a source
            if name in typed:
                problems += _sources_exist(typed[name], typed["sources"], lines[name], name)
    if "indicators" in typed:
        problems += _indicators_agree(facts, typed["indicators"], lines["facts"])
    if "bodies" in typed:
        problems += _bodies_agree(facts, typed["bodies"], lines["facts"], lines["bodies"])
    if meaning:  # ``meaning=False``: the read side, on bytes the build already checked (see ``dataset``)
        problems += meaning_problems(facts, lines["facts"])
        if "sources" in typed and {"source_id", "quote"} <= set(facts.columns):
            problems += language_problems(typed["sources"], facts, lines["sources"])
    if "series" in typed:
        problems += _series_indicators(typed["series"], typed.get("indicators"), lines["series"])
        if meaning:  # selections against every fact: the build checked exactly these bytes (see ``dataset``)
            problems += series_problems(typed["series"], facts, {"facts": lines["facts"], "series": lines["series"]})
    return problems


def _empty_tables(typed: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """``not_empty``: facts, sources and indicators each need a row, or there is nothing to show."""
    return [
        Problem(
            CURATED_FILES[name],
            0,
            "-",
            "",
            f"not_empty: {CURATED_FILES[name]} has no rows: nothing to show; the build keeps the previous files",
        )
        for name in MUST_HAVE_ROWS
        if name in typed and typed[name].empty
    ]


def _series_indicators(series: pd.DataFrame, indicators: pd.DataFrame | None, sl: Sequence[int]) -> list[Problem]:
    if indicators is None:
        return []
    known = set(indicators["indicator"])
    return [
        Problem(CURATED_FILES["series"], sl[i], "indicator", ind, "foreign_key: indicator must exist in indicators.csv")
        for i, ind in enumerate(series["indicator"])
        if ind not in known
    ]


def _at(rows: pd.Series) -> list[int]:
    """Positions of the true cells of ``rows`` (the offending rows only: no loop over the table)."""
    return [int(i) for i in np.flatnonzero(rows.to_numpy(dtype=bool))]


def _sources_exist(rows: pd.DataFrame, sources: pd.DataFrame, fl: Sequence[int], name: str) -> list[Problem]:
    bad = ~isin(rows["source_id"], sources["source_id"])
    return [
        Problem(
            CURATED_FILES[name],
            fl[i],
            "source_id",
            rows["source_id"].iat[i],
            "foreign_key: source_id must exist in sources.csv",
        )
        for i in _at(bad)
    ]


def _indicators_agree(facts: pd.DataFrame, indicators: pd.DataFrame, fl: Sequence[int]) -> list[Problem]:
    """Every fact's indicator exists and its unit is the indicator's: judged per distinct value, in numpy."""
    ff = CURATED_FILES["facts"]
    units = dict(zip(indicators["indicator"], indicators["unit"], strict=True))
    ind_codes, ind_values = pd.factorize(facts["indicator"])
    unit_codes, unit_values = pd.factorize(facts["unit"])
    unit_index = {u: i for i, u in enumerate(unit_values)}
    # Per distinct indicator: -2 unknown (or a missing cell), -1 a unit no fact has, else the code of its unit.
    expected = np.array([unit_index.get(units[v], -1) if v in units else -2 for v in ind_values] + [-2])
    wanted = expected[ind_codes]  # code -1 (a missing indicator) reads the -2 at the end
    out = [
        Problem(
            ff, fl[i], "indicator", facts["indicator"].iat[i], "foreign_key: indicator must exist in indicators.csv"
        )
        for i in _at(pd.Series(wanted == -2))
    ]
    for i in _at(pd.Series((wanted != -2) & (wanted != unit_codes))):
        indicator = facts["indicator"].iat[i]
        rule = f"unit_matches_indicator: indicator {indicator!r} is in {units[indicator]!r}"
        out.append(Problem(ff, fl[i], "unit", facts["unit"].iat[i], rule))
    return out


def value_problems(facts: pd.DataFrame, fl: Sequence[int]) -> list[Problem]:
    """The value rules a number must obey whatever its file claims: finite, a share in 0-100, no negative count.

    Vectorised (one pass per rule over the column, Python only for the offending rows): the
    read side runs them on every load, including bytes the manifest vouches for, since a
    manifest guards against accidents, not against an edit with its hash recomputed.
    """
    ff = CURATED_FILES["facts"]
    value = pd.to_numeric(facts["value"], errors="coerce").astype("float64")
    finite = pd.Series(np.isfinite(value.to_numpy()), index=facts.index)
    rules = (
        (~finite, "value_is_finite: value must be a finite number"),
        (
            finite & facts["unit"].eq("percent") & ~value.between(0, 100),
            "percent_within_0_100: percent values must lie in 0-100",
        ),
        (finite & value.lt(0), "value_not_negative: a count, amount, share, rank or date cannot be negative"),
    )
    return [Problem(ff, fl[i], "value", str(facts["value"].iat[i]), rule) for bad, rule in rules for i in _at(bad)]


def _bodies_agree(facts: pd.DataFrame, bodies: pd.DataFrame, fl: Sequence[int], bl: Sequence[int]) -> list[Problem]:
    """Every body with a women's share has a branch; every body is the subject of a fact."""
    unlisted = facts["indicator"].eq("women_share_body") & ~isin(facts["subject"], bodies["subject"])
    out = [
        Problem(
            CURATED_FILES["facts"],
            fl[i],
            "subject",
            facts["subject"].iat[i],
            "body_has_branch: every body with a women's share needs a row in bodies.csv",
        )
        for i in _at(unlisted)
    ]
    out += [
        Problem(
            CURATED_FILES["bodies"],
            bl[i],
            "subject",
            bodies["subject"].iat[i],
            "foreign_key: body must be the subject of at least one fact",
        )
        for i in _at(~isin(bodies["subject"], facts["subject"]))
    ]
    return out
