"""The rules across tables: foreign keys, a fact's unit agrees with its indicator, bodies, chart series.

One table's rows are checked by its schema (``schemas``); these rules need two tables
at once. They run twice: on the curated CSV before a build (``pipeline.validate``, with
the physical line of each row) and on the built Parquet when the app loads it
(``dataset``, with each row's position as line), so neither side can drift.

Layer: contract (2), the data contract. Imports nothing of the package but the leaves
(``wps_data.paths``, ``wps_data.files``, ``wps_data.i18n``) and other contract modules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from wps_data.contract.meaning import meaning_problems
from wps_data.contract.problems import CURATED_FILES, Problem
from wps_data.contract.series import series_problems

__all__ = ["cross_table_problems", "row_lines"]


def row_lines(df: pd.DataFrame) -> list[int]:
    """The line each row would have in a CSV with one header line and no multi-line cells."""
    return list(range(2, len(df) + 2))


def cross_table_problems(
    typed: Mapping[str, pd.DataFrame], lines: Mapping[str, Sequence[int]] | None = None, *, meaning: bool = True
) -> list[Problem]:
    """Every broken link between the tables present in ``typed`` (schema-valid frames).

    ``lines[name][i]`` is the line reported for row ``i`` of table ``name``; without
    ``lines`` each row's position is used (``row_lines``). A table missing from
    ``typed`` (unreadable, already reported) skips the rules that need it.
    """
    facts = typed.get("facts")
    if facts is None:
        return []
    lines = lines if lines is not None else {name: row_lines(df) for name, df in typed.items()}
    problems: list[Problem] = []
    if "sources" in typed:
        problems += _sources_exist(facts, typed["sources"], lines["facts"])
    if "indicators" in typed:
        problems += _indicators_agree(facts, typed["indicators"], lines["facts"])
    if "bodies" in typed:
        problems += _bodies_agree(facts, typed["bodies"], lines["facts"], lines["bodies"])
    if meaning:  # ``meaning=False``: the read side, on bytes the build already checked (see ``dataset``)
        problems += meaning_problems(facts, lines["facts"])
    if "series" in typed:
        problems += _series_indicators(typed["series"], typed.get("indicators"), lines["series"])
        problems += series_problems(typed["series"], facts, {"facts": lines["facts"], "series": lines["series"]})
    return problems


def _series_indicators(series: pd.DataFrame, indicators: pd.DataFrame | None, sl: Sequence[int]) -> list[Problem]:
    if indicators is None:
        return []
    known = set(indicators["indicator"])
    return [
        Problem(CURATED_FILES["series"], sl[i], "indicator", ind, "foreign_key: indicator must exist in indicators.csv")
        for i, ind in enumerate(series["indicator"])
        if ind not in known
    ]


def _sources_exist(facts: pd.DataFrame, sources: pd.DataFrame, fl: Sequence[int]) -> list[Problem]:
    known = set(sources["source_id"])
    return [
        Problem(CURATED_FILES["facts"], fl[i], "source_id", sid, "foreign_key: source_id must exist in sources.csv")
        for i, sid in enumerate(facts["source_id"])
        if sid not in known
    ]


def _indicators_agree(facts: pd.DataFrame, indicators: pd.DataFrame, fl: Sequence[int]) -> list[Problem]:
    ff = CURATED_FILES["facts"]
    units = dict(zip(indicators["indicator"], indicators["unit"], strict=True))
    out: list[Problem] = []
    for i, (ind, unit) in enumerate(zip(facts["indicator"], facts["unit"], strict=True)):
        if ind not in units:
            out.append(Problem(ff, fl[i], "indicator", ind, "foreign_key: indicator must exist in indicators.csv"))
        elif units[ind] != unit:
            out.append(
                Problem(ff, fl[i], "unit", unit, f"unit_matches_indicator: indicator {ind!r} is in {units[ind]!r}")
            )
    return out


def _bodies_agree(facts: pd.DataFrame, bodies: pd.DataFrame, fl: Sequence[int], bl: Sequence[int]) -> list[Problem]:
    """Every body with a women's share has a branch; every body is the subject of a fact."""
    listed = set(bodies["subject"])
    out = [
        Problem(
            CURATED_FILES["facts"],
            fl[i],
            "subject",
            subj,
            "body_has_branch: every body with a women's share needs a row in bodies.csv",
        )
        for i, (ind, subj) in enumerate(zip(facts["indicator"], facts["subject"], strict=True))
        if ind == "women_share_body" and subj not in listed
    ]
    used = set(facts["subject"])
    out += [
        Problem(
            CURATED_FILES["bodies"],
            bl[i],
            "subject",
            subj,
            "foreign_key: body must be the subject of at least one fact",
        )
        for i, subj in enumerate(bodies["subject"])
        if subj not in used
    ]
    return out
