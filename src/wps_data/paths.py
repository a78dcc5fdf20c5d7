"""Where the project's data lives. One place, overridable by environment variables.

WPS_DATA_DIR points at a folder holding the built Parquet files and curated/;
WPS_SOURCES_DIR at the source documents (default: ../shared/sources beside the repo).

Layer: a leaf: imports nothing of the package.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """Folder with facts/sources/indicators/bodies .parquet and curated/."""
    env = os.environ.get("WPS_DATA_DIR")
    return Path(env) if env else PROJECT_ROOT / "data"


def curated_dir() -> Path:
    """Folder with the human-edited CSV tables."""
    return data_dir() / "curated"


def sources_dir() -> Path:
    """Folder with the source documents' text and catalog.csv."""
    env = os.environ.get("WPS_SOURCES_DIR")
    return Path(env) if env else PROJECT_ROOT.parent / "shared" / "sources"


def geo_file() -> Path:
    """Region boundaries copied into data/ (geoBoundaries, CC BY 4.0)."""
    return PROJECT_ROOT / "data" / "geo" / "mali-adm1-geoboundaries.geojson"


def excerpts_dir() -> Path:
    """Verbatim passages of web sources kept in the repository (``data/excerpts/SOURCE_ID.txt``)."""
    return data_dir() / "excerpts"
