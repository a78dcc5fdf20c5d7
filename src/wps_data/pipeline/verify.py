"""Prove that every quote is in its source text (whitespace-insensitive).

Each source row names its text: a file in the sources folder, or a stored excerpt
in ``external/sources_external.csv`` (``external/sources_external.csv#KEY``), since
web figures were gathered as excerpts, not whole documents. Passages found again later
live in the repository (``data/excerpts/SOURCE_ID.txt``) and are searched too.

Layer: pipeline (3), the write side (curated CSV -> checks -> Parquet + manifest).
Imports the contract (``wps_data.contract``) and the leaves (``wps_data.paths``,
``wps_data.files``, ``wps_data.i18n``) only. The read side (``wps_data.dataset``,
filters, pagespec, analysis, viz) never imports the pipeline; the CLI runs it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wps_data.contract.quotes import quote_in_text


@dataclass(frozen=True)
class QuoteFailure:
    """A quote that could not be found, or a source text that could not be read."""

    fact_id: str
    source_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.fact_id} ({self.source_id}): {self.reason}"


class SourceTexts:
    """Reads source texts once each from a sources folder."""

    def __init__(self, sources_dir: Path):
        self.dir = sources_dir
        self._cache: dict[str, str] = {}
        self._excerpts: dict[str, dict[str, str]] = {}

    def text(self, text_file: str) -> str:
        """The text behind a ``text_file`` reference; raises OSError or KeyError."""
        if text_file in self._cache:
            return self._cache[text_file]
        if "#" in text_file:
            rel, key = text_file.split("#", 1)
            if rel not in self._excerpts:
                with open(self.dir / rel, encoding="utf-8", newline="") as fh:
                    self._excerpts[rel] = {r["source_key"]: r["excerpt"] for r in csv.DictReader(fh)}
            try:
                out = self._excerpts[rel][key]
            except KeyError:
                raise KeyError(f"no excerpt {key!r} in {rel}") from None
        else:
            out = (self.dir / text_file).read_text(encoding="utf-8")
        self._cache[text_file] = out
        return out


def extra_passages(excerpts_dir: Path | None, source_id: str) -> str:
    """Verbatim passages the repository keeps for a source beside its shared text (``data/excerpts/ID.txt``)."""
    if excerpts_dir is None:
        return ""
    path = excerpts_dir / f"{source_id}.txt"
    if not path.is_file():
        return ""
    return "\n".join(ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#"))


def verify_quotes(
    facts: pd.DataFrame, sources: pd.DataFrame, sources_dir: Path, excerpts_dir: Path | None = None
) -> tuple[int, list[QuoteFailure]]:
    """Check every fact's quote against its source (and the repository's passages of it); return (checked, failures)."""
    texts = SourceTexts(sources_dir)
    files = dict(zip(sources["source_id"], sources["text_file"], strict=True))
    failures: list[QuoteFailure] = []
    checked = 0
    for fid, sid, quote in zip(facts["fact_id"], facts["source_id"], facts["quote"], strict=True):
        checked += 1
        if sid not in files:
            failures.append(QuoteFailure(fid, sid, "source_id not in sources"))
            continue
        try:
            text = texts.text(files[sid])
        except (OSError, KeyError) as exc:
            failures.append(QuoteFailure(fid, sid, f"cannot read source text {files[sid]!r}: {exc}"))
            continue
        extra = extra_passages(excerpts_dir, sid)
        if not quote_in_text(str(quote), text) and not (extra and quote_in_text(str(quote), extra)):
            failures.append(QuoteFailure(fid, sid, f"quote not found in {files[sid]}: {str(quote)[:90]!r}"))
    return checked, failures
