"""Rules that catch meaning errors mechanically: a fact must mean what its quote says.

The schema proves that a quote states the fact's number; these rules check that the
fact's labels agree with the quote's words, and that no figure is stored twice:

- ``subject_spelling``: a subject written with stray spaces, or two spellings of one subject
  (case, accents or spacing aside), which would split one body or system in two;
- ``status_matches_quote``: a quote that says "verified" is not a ``reported`` count, and a
  quote that says "reported" or "allegations" (and not "verified") is not ``verified``;
- ``sex_age_matches_quote``: a quote about girls only is not a count of ``women``, and a quote
  about women only is not a count of ``girls``;
- ``unit_matches_quote``: a CRSV count of ``incidents`` says incidents, and a CRSV count of
  ``cases`` whose quote speaks only of incidents is not cases (the UN reports use both units
  for different things; GBVIMS, which records incidents as cases, is left to the curator);
- ``fact_recorded_twice``: one source, one quote, one value, one indicator stored twice;
- ``source_language_matches_quotes``: a source declared English (or French) whose quotes are
  written in the other language, by their function words ("the, of, were" against "les, des,
  sont"); the page marks a quote "(quote in French)" from its source's language.

Layer: contract (2). Imports nothing of the package but other contract modules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import pandas as pd

from wps_data.contract.problems import CURATED_FILES, Problem

FACTS = CURATED_FILES["facts"]
COUNT_UNITS = ("cases", "incidents", "persons")
CRSV_INDICATORS = ("crsv_", "sexual_violence")


def fold(text: str) -> str:
    """Case, accents and spacing folded: the key under which two spellings are one."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text).strip().casefold()


def _has(text: str, *words: str) -> bool:
    return any(re.search(rf"\b{w}", text) for w in words)


def _negated_verification(q: str) -> bool:
    return _has(q, "not verified", "unverified", "non verifie", "pas ete verifie", "not been verified")


def subject_problems(facts: pd.DataFrame, lines: Sequence[int]) -> list[Problem]:
    """Stray spaces in a subject, and two spellings of one subject."""
    out: list[Problem] = []
    first: dict[str, str] = {}
    for i, subject in enumerate(facts["subject"]):
        s = str(subject)
        if s != s.strip() or "  " in s:
            out.append(Problem(FACTS, lines[i], "subject", s, "subject_spelling: stray spaces in the subject"))
            continue
        key = fold(s)
        seen = first.setdefault(key, s)
        if seen != s:
            out.append(
                Problem(
                    FACTS,
                    lines[i],
                    "subject",
                    s,
                    f"subject_spelling: another spelling of {seen!r}: write one subject one way",
                )
            )
    return out


def _status_problem(q: str, status: str) -> str | None:
    verified = _has(q, "verified", "verifie", "it was verified") and not _negated_verification(q)
    if status == "reported" and verified:
        return "status_matches_quote: the quote says the figure was verified; the status 'reported' says it was not"
    reported_only = _has(q, "reported", "allegation", "signale", "enregistre", "recorded") and not verified
    if status == "verified" and (reported_only or _negated_verification(q)):
        return "status_matches_quote: the quote does not say verified; the status 'verified' says it was"
    return None


def _sex_age_problem(q: str, sex_age: str) -> str | None:
    girls = _has(q, "girls?", "filles?", "fillettes?")
    women = _has(q, "women", "woman", "femmes?")
    if sex_age == "women" and girls and not women:
        return "sex_age_matches_quote: the quote counts girls, not women"
    if sex_age == "girls" and women and not girls:
        return "sex_age_matches_quote: the quote counts women, not girls"
    return None


def _unit_problem(q: str, unit: str) -> str | None:
    incidents = _has(q, "incidents?")
    cases = _has(q, "cases?", "cas")
    if unit == "incidents" and not incidents:
        return "unit_matches_quote: the unit 'incidents' but the quote does not speak of incidents"
    if unit == "cases" and incidents and not cases:
        return "unit_matches_quote: the quote counts incidents, not cases (another unit: use an incidents indicator)"
    return None


def quote_problems(facts: pd.DataFrame, lines: Sequence[int]) -> list[Problem]:
    """Status, sex/age and unit of every count against the words of its quote."""
    out: list[Problem] = []
    for i, r in enumerate(facts[["quote", "status", "sex_age", "unit", "indicator"]].itertuples(index=False)):
        q = fold(r.quote)
        if r.unit in COUNT_UNITS:
            why = _status_problem(q, r.status)
            if why:
                out.append(Problem(FACTS, lines[i], "status", r.status, why))
            why = _unit_problem(q, r.unit) if str(r.indicator).startswith(CRSV_INDICATORS) else None
            if why:
                out.append(Problem(FACTS, lines[i], "unit", r.unit, why))
        why = _sex_age_problem(q, r.sex_age)
        if why:
            out.append(Problem(FACTS, lines[i], "sex_age", r.sex_age, why))
    return out


def duplicate_problems(facts: pd.DataFrame, lines: Sequence[int]) -> list[Problem]:
    """One source, quote, value, indicator, year and sex/age stored under two fact ids (whatever the subject)."""
    key = ["source_id", "quote", "value", "indicator", "year", "sex_age"]
    out: list[Problem] = []
    dup = facts.duplicated(subset=key, keep=False)
    for _, grp in facts[dup].groupby(key, sort=False):
        ids = list(grp["fact_id"])
        for pos in grp.index[1:]:
            i = facts.index.get_loc(pos)
            out.append(
                Problem(
                    FACTS,
                    lines[i],
                    "fact_id",
                    str(facts.at[pos, "fact_id"]),
                    f"fact_recorded_twice: same source, quote, value and indicator as {ids[0]!r}",
                )
            )
    return out


# Words that are grammar, not names: a French quote holds many of the first, an English one of the second.
FRENCH_WORDS = frozenset("le la les des du et est sont ont une dans pour par sur avec selon cette qui leurs".split())
ENGLISH_WORDS = frozenset("the of and were was is are has have by with for from that this which".split())
LANGUAGE_WORDS = {"fr": FRENCH_WORDS, "en": ENGLISH_WORDS}


def quote_language(text: str) -> str | None:
    """ "fr" or "en" when ``text``'s function words are clearly one language's (3 or more, 3 times the other's)."""
    words = re.findall(r"[a-zàâçéèêëîïôûù]+", str(text).casefold())
    counts = {lang: sum(w in vocab for w in words) for lang, vocab in LANGUAGE_WORDS.items()}
    for lang, other in (("fr", "en"), ("en", "fr")):
        if counts[lang] >= 3 and counts[lang] > 3 * counts[other]:
            return lang
    return None


def language_problems(
    sources: pd.DataFrame, texts: pd.DataFrame, lines: Sequence[int], file: str = CURATED_FILES["sources"]
) -> list[Problem]:
    """A source declared ``en`` or ``fr`` whose quotes (``texts``: source_id, quote) are clearly in the other."""
    joined = texts.groupby("source_id", sort=False)["quote"].agg(" ".join)
    out: list[Problem] = []
    for i, (sid, declared) in enumerate(zip(sources["source_id"], sources["language"], strict=True)):
        if declared not in LANGUAGE_WORDS or sid not in joined.index:
            continue
        found = quote_language(joined[sid])
        if found and found != declared:
            why = f"source_language_matches_quotes: the quotes of {sid!r} are in {found!r}, not {declared!r}"
            out.append(Problem(file, lines[i], "language", declared, why))
    return out


def meaning_problems(facts: pd.DataFrame, lines: Sequence[int]) -> list[Problem]:
    """Every meaning rule over the facts table (a rule whose columns a partial frame lacks is skipped)."""
    rules = (
        (subject_problems, {"subject"}),
        (quote_problems, {"quote", "status", "sex_age", "unit", "indicator"}),
        (duplicate_problems, {"fact_id", "source_id", "quote", "value", "indicator", "year", "sex_age"}),
    )
    return [p for rule, needs in rules if needs <= set(facts.columns) for p in rule(facts, lines)]
