"""What every page shares: the dataset, the interface language, and the app's one cache.

Layer: app (the only layer that imports streamlit). Imports streamlit, ``wps_data.dataset``,
``wps_data.filters``, ``wps_data.contract`` (the built files' names), ``wps_data.paths`` and
``wps_data.i18n``.

The cache: every cached function of the app is decorated with ``cached`` and takes the
dataset first, then (where it has them) the filters and the language, then its own
arguments. The key is derived by Streamlit from those arguments: a ``Dataset`` hashes as
its version (the manifest's hash of the curated tables), ``Filters`` as its ``key``. No
function builds a key by hand, and none reads a dataset it was not given.

The loader is the exception that keeps the rest honest: it is keyed on the data folder and
the modification times of the built files, so a rebuild (``wps-data build``) is noticed
without restarting the server; the new dataset's version then misses every other cache.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from wps_data import paths
from wps_data.contract.manifest import MANIFEST
from wps_data.contract.schemas import TABLES
from wps_data.dataset import Dataset, load_dataset
from wps_data.filters import Filters
from wps_data.i18n import LANGUAGES

F = TypeVar("F", bound=Callable[..., Any])

HASH_FUNCS: dict[type, Callable[[Any], Any]] = {
    Dataset: lambda ds: ds.version,
    Filters: lambda f: f.key,
}


def cached(*, max_entries: int | None = None) -> Callable[[F], F]:
    """The app's one cache (``st.cache_resource``): results are shared by every session, read-only.

    Shared rather than copied (``st.cache_data`` would unpickle the frames and figures on
    every rerun: the benchmark's scale test shows why). Callers never modify a result.
    """

    def deco(fn: F) -> F:
        return st.cache_resource(show_spinner=False, max_entries=max_entries, hash_funcs=HASH_FUNCS)(fn)  # type: ignore[return-value]

    return deco


def data_stamp(data_dir: Path) -> tuple[float, ...]:
    """Modification times of the built files (-1 when missing): a rebuild changes them."""
    files = [data_dir / f"{name}.parquet" for name in TABLES] + [data_dir / MANIFEST]
    return tuple(p.stat().st_mtime if p.exists() else -1.0 for p in files)


@cached(max_entries=2)
def _load(data_dir: str, stamp: tuple[float, ...]) -> Dataset:
    return load_dataset(Path(data_dir))


def dataset() -> Dataset:
    """The validated dataset, loaded once per process and again after a rebuild.

    Raises ``DataUnavailable`` (not cached: the next run tries again).
    """
    folder = paths.data_dir()
    return _load(str(folder), data_stamp(folder))


def lang() -> str:
    """The interface language chosen in the sidebar (URL parameter ``lang``)."""
    value = st.session_state.get("lang", "en")
    return value if value in LANGUAGES else "en"
