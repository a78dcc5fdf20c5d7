"""The French checker: finds English interface words and English-formatted numbers in text a French reader sees.

Used by ``tests/test_french.py`` on every page rendered with ``?lang=fr`` (AppTest and a real
browser) and on the French exports. ``FrenchChecker.problems(text)`` returns what is wrong
with one string; ``FrenchChecker.report(found)`` lists every offending string with where it
was found.

What counts as English:

* any literal fragment of an English catalogue value (the text between its placeholders)
  of two words or more that differs from the French catalogue and appears in no French
  value (``quota.label_short`` gives "pts short", ``asof.range`` gives "data for");
* a list of common English words and phrases (``ENGLISH_WORDS``, word-boundary matching):
  "the", "of", "and", "women", "Source:", "Choose options", "no data", "meets quota" ...;
* numbers written the English way (``NUMBER_RULES``): 22,700; 28.57; 28% without a space;
  ISO dates 2023-03-28 and year-months 2025-08 in prose.

What stays as in the source, and is removed from a string before it is checked (``verbatim``):
quotes, source titles, publishers, document symbols, locators, URLs and ids, the proper
names in ``PROPER_NAMES``, words the French text quotes from a source between « and », and
codes of the data between backticks (`verified`, `data.csv`).
A string made only of such text has nothing to check.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from wps_data.i18n.catalogue import EN, FR

# Common English words and phrases that French text never holds (word boundaries, case-insensitive).
# Words French shares ("source", "date", "total", "options", "police", "national", "incidents",
# "cases", "on", "or", "a") are left out or only matched in an English-only form ("Source:").
ENGLISH_WORDS = (
    "the", "of", "and", "with", "from", "for", "by", "to", "in", "at", "is", "are", "was", "were",
    "not", "this", "that", "these", "which", "what", "how", "only", "more", "than", "between",
    "until", "since", "under", "over", "above", "below", "against", "per", "into", "each", "every",
    "women", "girls", "men", "boys", "people", "persons", "year", "years", "figures", "figure",
    "share", "percent", "count", "seats", "posts", "undated", "published", "latest", "verified",
    "reported", "documented", "estimated", "planned", "funded", "forecast", "authorised", "target",
    "short", "meets", "no data", "Choose options", "Choose an option", "No options", "as of",
    "Government", "Assembly", "Council", "Committee", "Ministers", "Military", "Civilians",
    "Civilian", "Staff", "officers", "units", "Individual", "Transitional", "legislature",
    "executive", "diplomacy", "territorial", "branch", "Download", "Prepare", "Table view",
    "verbatim", "quote", "used", "real", "kind", "IDPs", "n/a", "people in need",
)  # fmt: skip
# Matched with their case: French writes "un", "loi", "résolution", "Source :", "VBG", "ONU".
ENGLISH_CASED = ("UN", "Law", "Resolution", "Court", "Year:", "Source:", "GBV", "CRSV")
DATA_WORD = re.compile(r"\bdata\b(?![./_-])", re.IGNORECASE)  # not data.csv, data/curated

NUMBER_RULES = (
    (re.compile(r"\d,\d{3}(?!\d)"), "English thousands separator (22,700)"),
    (re.compile(r"(?<![\d.])\d+\.\d+"), "English decimal point (28.57)"),
    (re.compile(r"\d%"), "percent without the French space (28%)"),
    (re.compile(r"(?<![\w-])(?:1[89]|20)\d{2}-(?:0[1-9]|1[0-2])-(?:[0-2]\d|3[01])(?![\w-])"), "ISO date in prose"),
    (re.compile(r"(?<![\w-])(?:1[89]|20)\d{2}-(?:0[1-9]|1[0-2])(?![\w-])"), "ISO year-month in prose"),
    (re.compile(r"(?<![\d,])(?:[2-9]|\d{2,})(?:,\d+)? million\b(?!s)"), "'million' after a number of two or more"),
)

# Names that stay as they are in French (organisations, systems, licences, the bilingual selector).
PROPER_NAMES = (
    "Language / Langue",
    "geoBoundaries",
    "CC BY 4.0",
    "GBVIMS",
    "Excel",
    "PowerPoint",
    "Chromium",
    "Frictionless",
    "UTF-8",
    "Beijing+25",
    "Global Gender Gap Index",
)
CUT_MIN = 20  # characters of a verbatim text kept before an ellipsis for the cut to count as that text
QUOTE_PREFIX = 80  # characters a string shares with the start of a quoted text when it is that text
CODE = re.compile(r"`[^`]*`")  # a code of the data (`verified`, `data.csv`), as the CSV holds it
GUILLEMETS = re.compile(r"«[^»]*»")  # words quoted from a source inside French text stay as the source wrote them
# The Council desk's comparison of a provision with its earlier text: Streamlit colour directives around words.
DIFF = re.compile(r":(?:red|green)-background\[")
DIFF_SPLIT = re.compile(r":(?:red|green)-background\[|\]")


def _norm(text: str) -> str:
    """Text compared without emphasis, link marks and escapes, word joiners and repeated spaces.

    Sources' own markup kept in quotes ('resolution [2272 \\(2016\\)](#)') is set as plain text on a page.
    """
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text).replace("\\(", "(").replace("\\)", ")")
    return re.sub(r"\s+", " ", text.replace("\u2060", "").replace("*", "")).strip()


def _word_rule(words: Iterable[str], flags: int) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", flags)


def catalogue_phrases() -> list[str]:
    """Literal fragments (two words or more) of the English catalogue that French never uses."""
    french = "\n".join(FR.values())
    out: set[str] = set()
    for key, en in EN.items():
        if FR.get(key) == en:
            continue
        for literal, *_ in string.Formatter().parse(en):
            for piece in re.split(r"[\n;:()\[\]'\"]|\s{2,}", literal or ""):
                piece = piece.strip(" ,.-/")
                if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 2 and piece not in french:
                    out.add(piece)
    return sorted(out, key=len, reverse=True)


@dataclass
class Found:
    """One offending string: where it was seen, the text, and what is English about it."""

    where: str
    text: str
    problems: list[str]


class FrenchChecker:
    """Check strings a French reader sees; ``verbatim`` holds text that stays in the source's language."""

    def __init__(self, verbatim: Iterable[str] = ()):
        names = {str(v).strip() for v in verbatim if isinstance(v, str)} | set(PROPER_NAMES)
        self.verbatim = sorted({_norm(v) for v in names if len(v) >= 4}, key=len, reverse=True)
        self.long_verbatim = [v for v in self.verbatim if len(v) >= 80]
        self.phrases = catalogue_phrases()
        self.words = _word_rule(ENGLISH_WORDS, re.IGNORECASE)
        self.cased = _word_rule(ENGLISH_CASED, 0)

    def strip_verbatim(self, text: str) -> str:
        """``text`` without quotes, titles, publishers, URLs and ids (each replaced by a space)."""
        text = _norm(html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~<>$:&])", r"\1", text)))  # Markdown, HTML
        if len(text) >= QUOTE_PREFIX and any(text[:QUOTE_PREFIX] in v for v in self.long_verbatim):
            return ""  # a quoted text set a little differently (its punctuation, the part of it a page shows)
        if DIFF.search(text):  # a verbatim text compared with its earlier version, word by word
            pieces = [p.strip(" ~") for p in DIFF_SPLIT.split(text)]
            text = " ".join(p for p in pieces if p and not any(p in v for v in self.long_verbatim))
        text = re.sub(r"https?://\S+", " ", text)
        text = GUILLEMETS.sub(" ", text)
        text = CODE.sub(" ", text)
        for v in self.verbatim:
            if v in text:
                text = text.replace(v, " ")
        if "…" in text:  # a verbatim text cut to fit (a slide's footnote): its start, then an ellipsis
            head, _, tail = text.partition("…")
            for v in self.verbatim:
                at = head.find(v[:CUT_MIN]) if len(v) > CUT_MIN else -1
                if at >= 0 and v.startswith(head[at:].rstrip()):
                    head = head[:at]
                    break
            text = head + " " + tail
        return text

    def problems(self, text: str) -> list[str]:
        """What is English about ``text`` (empty when it reads as French)."""
        if not isinstance(text, str) or not text.strip():
            return []
        rest = self.strip_verbatim(text)
        out = [f"English phrase {p!r}" for p in self.phrases if p in rest]
        out += [f"English word {m.group(0)!r}" for rule in (self.words, self.cased) for m in rule.finditer(rest)]
        out += [f"English word {m.group(0)!r}" for m in DATA_WORD.finditer(rest)]
        for rule, why in NUMBER_RULES:
            out += [f"{why}: {m.group(0)!r}" for m in rule.finditer(rest)]
        return list(dict.fromkeys(out))

    def check(self, items: Iterable[tuple[str, str]]) -> list[Found]:
        """Every (where, text) pair with a problem."""
        found = []
        for where, text in items:
            probs = self.problems(text)
            if probs:
                found.append(Found(where, text, probs))
        return found

    @staticmethod
    def report(found: list[Found], limit: int = 400) -> str:
        """One line per offending string: where, the text (cut), and its problems."""
        lines = [f"{len(found)} strings are not French:"]
        for f in found[:limit]:
            text = f.text if len(f.text) <= 240 else f.text[:237] + "..."
            lines.append(f"- [{f.where}] {text!r}: {'; '.join(f.problems)}")
        if len(found) > limit:
            lines.append(f"... and {len(found) - limit} more")
        return "\n".join(lines)


VERBATIM_COLUMNS = (
    "quote", "text", "paragraph", "locator", "fact_id", "source_id", "cites", "url", "title", "publisher", "symbol",
    "note",  # curators' notes are written in English; the changes page labels its reason column so
)  # fmt: skip


def verbatim_texts(ds: Any) -> list[str]:
    """Text that stays in the source's language: quotes, titles, publishers, symbols, locators, ids, URLs.

    From every table of the dataset that has such columns (facts, sources, and the Council
    desk's provisions, statements and events when the dataset has them).
    """
    out: list[str] = []
    for table in ("view", "sources", "provisions", "statements", "events"):
        frame = getattr(ds, table, None)
        if table == "view" and hasattr(ds, "with_notes"):  # the notes stay on disk until read
            frame = ds.with_notes(frame)
        if not isinstance(frame, pd.DataFrame):
            continue
        for col in VERBATIM_COLUMNS:
            if col in frame.columns:
                out += frame[col].dropna().astype(str).tolist()
    # the short publisher of source lines ('UN Women, as secretariat of ...' -> 'UN Women')
    out += [p.split(",")[0].strip() for p in ds.sources["publisher"].dropna().astype(str)]
    return out
