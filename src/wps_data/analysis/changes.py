"""What changed between two releases, fact by fact, and how a provision's wording changed.

``compare`` returns one row per fact added, removed or revised (its value, or a field of its
meaning: year, status, sex/age, region, scope, source ...), with the reason the curators wrote
in the fact's note for the change (the text the note gained), or nothing when none was written.
``last_changed_release`` is the release "what changed" starts from by default: the last one
whose figures differ from the current ones. ``word_diff`` splits two texts into kept, added and dropped runs of words.

Layer: analysis. Imports pandas and the contract only; returns codes, never words.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

import pandas as pd

from wps_data.contract.releases import MEANING_FIELDS, VALUE_FIELDS, snapshot

CHANGE_COLUMNS = ["fact_id", "theme", "change", "fields", "old", "new", "reason"]
VALUE_COLUMNS = ["old_value", "old_unit", "new_value", "new_unit"]  # the numbers behind old and new
_WORDS = re.compile(r"\S+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(?<![\w*])[*_]{1,2}(?=\S)(.+?)(?<=\S)[*_]{1,2}(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def _text(v: object) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _reason(old_note: str, new_note: str) -> str:
    """What the note gained: the new note without the old one (or all of it when it was rewritten)."""
    if new_note == old_note:
        return ""
    if old_note and old_note in new_note:
        return new_note.replace(old_note, "", 1).strip(" ;.")
    return new_note


def compare(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Facts added, removed and revised from release ``old`` to release ``new`` (both facts tables).

    ``fields`` lists the changed columns (value first, then meaning fields), comma-separated;
    ``old`` / ``new`` show the value with its unit (added: new only; removed: old only).
    Sorted by change (added, revised, removed), then fact id.
    """
    a, b = snapshot(old).set_index("fact_id"), snapshot(new).set_index("fact_id")
    rows: list[dict[str, object]] = []
    for fid in b.index.difference(a.index):
        r = b.loc[fid]
        rows.append(_row(fid, r["theme"], "added", "", "", _value(r), _text(r["note"]), new=r))
    for fid in a.index.intersection(b.index):
        ra, rb = a.loc[fid], b.loc[fid]
        changed = [c for c in [*VALUE_FIELDS, *MEANING_FIELDS] if _text(ra[c]) != _text(rb[c])]
        if changed:
            reason = _reason(_text(ra["note"]), _text(rb["note"]))
            rows.append(_row(fid, rb["theme"], "revised", ", ".join(changed), _value(ra), _value(rb), reason, ra, rb))
    for fid in a.index.difference(b.index):
        r = a.loc[fid]
        rows.append(_row(fid, r["theme"], "removed", "", _value(r), "", "", old=r))
    out = pd.DataFrame(rows, columns=CHANGE_COLUMNS + VALUE_COLUMNS)
    for col in ("old_value", "new_value"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    order = {"added": 0, "revised": 1, "removed": 2}
    return out.sort_values(["change", "fact_id"], key=lambda s: s.map(order) if s.name == "change" else s).reset_index(
        drop=True
    )


def last_changed_release(
    versions: list[str], release_facts: Mapping[str, pd.DataFrame], facts: pd.DataFrame
) -> str | None:
    """The last of ``versions`` (oldest first) whose facts ``compare`` finds different from ``facts``.

    A release that changed only what the figures do not hold (a source's language, a note)
    has the same figures, so "what changed since" it is nothing: the default looks one
    further back. The last version when all have the same figures; None when there is none.
    """
    for version in reversed(versions):
        if version in release_facts and not compare(release_facts[version], facts).empty:
            return version
    return versions[-1] if versions else None


def _value(r: pd.Series) -> str:
    return f"{_text(r['value'])} {_text(r['unit'])}".strip()


def _row(
    fid: str,
    theme: object,
    change: str,
    fields: str,
    old_text: str,
    new_text: str,
    reason: str,
    old: pd.Series | None = None,
    new: pd.Series | None = None,
) -> dict[str, object]:
    return {
        "fact_id": str(fid),
        "theme": _text(theme),
        "change": change,
        "fields": fields,
        "old": old_text,
        "new": new_text,
        "reason": reason,
        "old_value": old["value"] if old is not None else None,
        "old_unit": _text(old["unit"]) if old is not None else "",
        "new_value": new["value"] if new is not None else None,
        "new_unit": _text(new["unit"]) if new is not None else "",
    }


def readable(text: str) -> str:
    """A source text as printed, without the markup of its text copy: ``*Calls upon*`` -> ``Calls upon``,
    ``[1325 \\(2000\\)](#)`` -> ``1325 (2000)``. The words are the source's; only the copy's markup goes.
    """
    out = _ESCAPE.sub(r"\1", _LINK.sub(r"\1", str(text)))
    return _ESCAPE.sub(r"\1", _EMPHASIS.sub(r"\1", out))


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``new`` against ``old`` as runs of words: ("same" | "added" | "dropped", text), in reading order."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", " ".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            out.append(("dropped", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("added", " ".join(b[j1:j2])))
    return out
