"""Checks that tie a number to its verbatim quote and a quote to its source text.

Two questions, answered the same way everywhere (schema checks, the CLI, tests):
does a quote contain the number stored beside it, and is the quote really in the
source document? Both are deliberately literal: a quote is verified when, with all
whitespace removed, it is a substring of the source text with all whitespace removed
(PDF extraction breaks lines anywhere, including inside hyphenated words).

Layer: contract (2), the data contract. Imports nothing of the package but the leaves
(``wps_data.paths``, ``wps_data.files``, ``wps_data.i18n``) and other contract modules.
"""

from __future__ import annotations

import math
import re
import unicodedata

__all__ = ["numbers_in", "quote_has_number", "quote_in_text", "squash"]

# Words that stand for numbers in English and French sources. Fractions map to the
# percent they stand for, so "a third" supports a stored 33.33 (unit percent).
_WORDS: dict[str, float] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "cent": 100,
    "mille": 1000,
    "cent mille": 100000,
}
_FRACTIONS: dict[str, float] = {
    "half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "two thirds": 200 / 3,
    "two-thirds": 200 / 3,
    "three quarters": 75.0,
    "moitié": 50.0,
    "un tiers": 100 / 3,
    "un quart": 25.0,
}
_SCALE = {
    "million": 1e6,
    "millions": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
    "thousand": 1e3,
    "mille": 1e3,
}
# Thousands separators seen in the sources: comma, space, no-break and narrow no-break
# spaces, and a dot when it is followed by exactly three digits and another group.
_NUM = re.compile(
    r"(?<![\w.])(\d{1,3}(?P<sep>[,\u00a0\u202f ])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d+)?"
    r"|\d{1,3}(?:\.\d{3}){2,}|\d+(?:[.,]\d+)?)"
    r"(?:\s*(million|millions|billion|billions|milliard|milliards|M)\b)?",
)


def _to_float(token: str) -> list[float]:
    """Readings of one numeric token: '1,581,856', '28.57', '2,64' (decimal comma)."""
    readings: list[float] = []
    t = token.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?", t):
        readings.append(float(t.replace(",", "").replace(" ", "")))
    if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?", t):
        readings.append(float(t.replace(" ", "").replace(".", "").replace(",", ".")))
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        readings.append(float(t))
    if re.fullmatch(r"\d+,\d+", t):
        readings.append(float(t.replace(",", ".")))  # French decimal comma
        if re.fullmatch(r"\d{1,3},\d{3}", t):
            readings.append(float(t.replace(",", "")))
    return readings


def numbers_in(text: str) -> list[float]:
    """Every number a reader could take from ``text``: digits, scaled digits, words."""
    found: list[float] = []
    for m in _NUM.finditer(text):
        scale = _SCALE.get((m.group(3) or "").lower(), 1.0) if m.group(3) else 1.0
        if m.group(3) == "M":
            scale = 1e6
        for r in _to_float(m.group(1)):
            found.append(r)
            if scale != 1.0:
                found.append(r * scale)
    # Table rows and CSV lines ("147,15.0,0.1"): each comma-separated cell on its own.
    if text.count(",") >= 3:
        for cell in re.split(r"[,;]", text):
            found += [float(x) for x in re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", cell)]
    # Garbled table text puts the scale word away from its number ("6.8 1.3 ... MILLION").
    if re.search(r"\bmillion\b", text, re.IGNORECASE):
        found += [n * 1e6 for n in list(found) if n < 1000]
    low = unicodedata.normalize("NFC", text.lower())
    # A plain substring test first: the regex below runs only for words the text contains.
    for phrase, val in _FRACTIONS.items():
        if phrase in low and re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", low):
            found.append(val)
            if re.search(rf"{re.escape(phrase)}\s+(?:a\s+)?(million|milliard|billion)", low):
                found.append(val / 100 * 1e6 if "million" in low else val / 100 * 1e9)
    for word, val in _WORDS.items():
        if word in low and re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", low):
            found.append(float(val))
            m = re.search(rf"(?<![\w-]){re.escape(word)}\s+(million|millions|milliards?|billions?)\b", low)
            if m:
                found.append(float(val) * _SCALE[m.group(1)])
    # "Thirty-five (35)": hyphenated tens-units words.
    for m in re.finditer(
        r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(one|two|three|four|five|six|seven|eight|nine)\b",
        low,
    ):
        tens = {
            "twenty": 20,
            "thirty": 30,
            "forty": 40,
            "fifty": 50,
            "sixty": 60,
            "seventy": 70,
            "eighty": 80,
            "ninety": 90,
        }[m.group(1)]
        found.append(float(tens + _WORDS[m.group(2)]))
    if re.search(r"half a million|un demi-million", low):
        found.append(500000.0)
    return found


def quote_has_number(quote: str, value: float) -> bool:
    """True when ``value`` is one of the numbers that ``quote`` states.

    Fractions written as words ("a third") match the value to two decimals
    (33.33), never looser: a value the quote does not state is a failure.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    for n in numbers_in(quote):
        if math.isclose(n, value, rel_tol=1e-9, abs_tol=1e-9):
            return True
        if abs(n - 100 / 3) < 1e-6 or abs(n - 200 / 3) < 1e-6:
            if round(n, 2) == round(value, 2):
                return True
    return False


def squash(text: str) -> str:
    """Text with every whitespace character removed, in Unicode NFC form."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def quote_in_text(quote: str, text: str) -> bool:
    """Whitespace-insensitive containment of ``quote`` in ``text``."""
    q = squash(quote)
    return bool(q) and q in squash(text)
