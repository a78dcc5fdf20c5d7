"""The manifest format: ``manifest.json`` beside the built tables, and its digests.

The build writes it last; the read side checks every table's bytes against it. It
names the dataset version (a short hash of the curated CSV) and, for every table, its
row count and the sha256 of its Parquet bytes::

    {"dataset_version": "0123456789ab",
     "tables": {"facts": {"rows": 1234, "sha256": "..."}, ...}}

Serialised with sorted keys and a trailing newline, so the same build gives the same bytes.

Layer: contract (2), the data contract. Imports nothing of the package but the leaves
(``wps_data.paths``, ``wps_data.files``, ``wps_data.i18n``) and other contract modules.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from wps_data.contract.schemas import TABLES

__all__ = ["MANIFEST", "Manifest", "digest", "file_digest", "manifest_bytes", "parse", "version_of"]

MANIFEST = "manifest.json"
VERSION_LENGTH = 12


def digest(data: bytes) -> str:
    """The sha256 (hex) the manifest records for a table's bytes."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """``digest`` of a file's bytes; raises OSError when it cannot be read."""
    return digest(path.read_bytes())


def version_of(curated: Mapping[str, bytes]) -> str:
    """Dataset version: short hash over each table's name and curated CSV bytes, by name."""
    h = hashlib.sha256()
    for name in sorted(curated):
        h.update(name.encode())
        h.update(curated[name])
    return h.hexdigest()[:VERSION_LENGTH]


def manifest_bytes(version: str, payloads: Mapping[str, bytes], rows: Mapping[str, int]) -> bytes:
    """The manifest for tables with these Parquet bytes and row counts, as written to disk."""
    manifest = {
        "dataset_version": version,
        "tables": {name: {"rows": rows[name], "sha256": digest(data)} for name, data in payloads.items()},
    }
    return (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()


@dataclass(frozen=True)
class Manifest:
    """What a manifest says: the dataset version and each table's expected sha256."""

    version: str
    sha256: dict[str, str]


def parse(text: str | bytes) -> Manifest:
    """Read a manifest; raise ValueError when it is not JSON or lacks a table's digest."""
    try:
        raw = json.loads(text)
        version = str(raw["dataset_version"])
        sha256 = {name: raw["tables"][name]["sha256"] for name in TABLES}
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"not a manifest ({type(exc).__name__}: {exc})") from exc
    bad = sorted(name for name, value in sha256.items() if not isinstance(value, str))
    if bad:
        raise ValueError(f"not a manifest (sha256 of {', '.join(bad)} is not text)")
    return Manifest(version, sha256)
