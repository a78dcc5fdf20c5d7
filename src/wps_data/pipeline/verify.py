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
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wps_data.contract.desk import DESK_TABLES, ID_COLUMN, TEXT_COLUMN
from wps_data.contract.quotes import quote_in_text
from wps_data.pipeline.validate import read_regular_file


class SourcesUnavailable(OSError):
    """The sources folder is missing, not a folder, or cannot be listed: no quote can be checked."""


def sources_dir_problem(sources_dir: Path) -> str | None:
    """Why ``sources_dir`` cannot serve as the sources folder, or None when it can be read."""
    if not sources_dir.exists():
        return f"sources folder not found: {sources_dir}"
    if not sources_dir.is_dir():
        return f"sources folder is not a folder: {sources_dir}"
    try:
        with os.scandir(sources_dir) as entries:
            next(entries, None)
    except OSError as exc:
        return f"sources folder cannot be read: {sources_dir} ({exc.strerror or exc})"
    return None


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
        """The text behind a ``text_file`` reference; raises OSError, KeyError or ValueError.

        Only regular files inside the sources folder are read (a FIFO would hang the check).
        """
        if text_file in self._cache:
            return self._cache[text_file]
        if "#" in text_file:
            rel, key = text_file.split("#", 1)
            if rel not in self._excerpts:
                text = read_regular_file(self._inside(rel)).decode("utf-8")
                limit = csv.field_size_limit()
                csv.field_size_limit(max(limit, min(len(text) + 1, 2**31 - 1)))  # long excerpts are fine
                try:
                    rows = csv.DictReader(io.StringIO(text, newline=""))
                    self._excerpts[rel] = {r["source_key"]: r["excerpt"] for r in rows}
                finally:
                    csv.field_size_limit(limit)
            try:
                out = self._excerpts[rel][key]
            except KeyError:
                raise KeyError(f"no excerpt {key!r} in {rel}") from None
        else:
            out = read_regular_file(self._inside(text_file)).decode("utf-8")
        self._cache[text_file] = out
        return out

    def _inside(self, rel: str) -> Path:
        """``rel`` under the sources folder; raises OSError for a path that leaves it (``../``, absolute)."""
        parts = Path(rel)
        if parts.is_absolute() or parts.drive or ".." in parts.parts:
            raise OSError(f"{rel!r} is outside the sources folder")
        return self.dir / parts


REPOSITORY_ONLY = "data/excerpts"  # a source's text_file when its passages are kept only in the repository


def extra_passages(excerpts_dir: Path | None, source_id: str) -> str:
    """Verbatim passages the repository keeps for a source beside its shared text (``data/excerpts/ID.txt``)."""
    if excerpts_dir is None:
        return ""
    path = excerpts_dir / f"{source_id}.txt"
    if not path.is_file():
        return ""
    text = read_regular_file(path).decode("utf-8")
    return "\n".join(ln for ln in text.split("\n") if not ln.startswith("#"))


def quote_rows(typed: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every verbatim text to check, as ``fact_id, source_id, quote``: the facts' quotes, then the Council desk's.

    A desk row's id is written ``table:id`` (``provisions:res2531-op4``), so a failure names its table.
    """
    frames = [typed["facts"][["fact_id", "source_id", "quote"]]]
    for name in DESK_TABLES:
        rows = typed.get(name)
        if rows is not None and len(rows):
            frames.append(
                pd.DataFrame(
                    {
                        "fact_id": name + ":" + rows[ID_COLUMN[name]].astype(str),
                        "source_id": rows["source_id"],
                        "quote": rows[TEXT_COLUMN[name]],
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def verify_quotes(
    facts: pd.DataFrame, sources: pd.DataFrame, sources_dir: Path, excerpts_dir: Path | None = None
) -> tuple[int, list[QuoteFailure]]:
    """Check every fact's quote against its source (and the repository's passages of it); return (checked, failures).

    Raises ``SourcesUnavailable`` (once) when the sources folder itself cannot be read,
    rather than failing every quote for the same reason.
    """
    problem = sources_dir_problem(sources_dir)
    if problem:
        raise SourcesUnavailable(problem)
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
            # REPOSITORY_ONLY: a web page found again later, whose passages live only in data/excerpts/.
            text = "" if files[sid] == REPOSITORY_ONLY else texts.text(files[sid])
        except (OSError, KeyError, ValueError, csv.Error) as exc:  # ValueError: not UTF-8 text
            failures.append(QuoteFailure(fid, sid, f"cannot read source text {files[sid]!r}: {exc}"))
            continue
        try:
            extra = extra_passages(excerpts_dir, sid)
        except (OSError, ValueError) as exc:
            failures.append(QuoteFailure(fid, sid, f"cannot read the repository's passages of {sid}: {exc}"))
            continue
        if not quote_in_text(str(quote), text) and not (extra and quote_in_text(str(quote), extra)):
            failures.append(QuoteFailure(fid, sid, f"quote not found in {files[sid]}: {str(quote)[:90]!r}"))
    return checked, failures
