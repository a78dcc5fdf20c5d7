"""What every page shares: the dataset, the interface language, and the app's one cache.

Layer: app (the only layer that imports streamlit). Imports streamlit, ``wps_data.dataset``,
``wps_data.filters``, ``wps_data.contract`` (the built files' names), ``wps_data.paths`` and
``wps_data.i18n``; ``cachetools`` holds the cache.

The cache: every cached function of the app is decorated with ``cached`` and takes the
dataset first, then (where it has them) the filters and the language, then its own
arguments. The key is derived by ``cached`` from those arguments: a ``Dataset`` hashes as
its version (the manifest's hash of the curated tables), ``Filters`` as its ``key``. No
function builds a key by hand, and none reads a dataset it was not given.

The loader is the exception that keeps the rest honest: it is keyed on the data folder and
the modification times of the built files, so a rebuild (``wps-data build``) is noticed
without restarting the server; the new dataset's version then misses every other cache.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import cachetools
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
    """The app's one cache: results are shared by every session (the whole process), read-only.

    A ``cachetools`` LRU of ``max_entries`` (unbounded when None) per function, keyed by the
    arguments: a ``Dataset`` as its version, ``Filters`` as its key (``HASH_FUNCS``), any other
    argument as itself (it must be hashable: text, numbers, tuples); a parameter whose name
    starts with ``_`` is left out of the key, as Streamlit's caches leave it. Shared rather
    than copied, so callers never modify a result. Two sessions asking for the same missing
    key wait for one computation (``condition``), as ``st.cache_resource`` makes them wait.

    Streamlit's ``st.cache_resource`` did the same job, but a call cost about 0.25 ms whether
    it hit or missed: it reads the function's signature and hashes every argument with its own
    hasher on every call (the violence page makes 39 calls a rerun: 9 ms). Here a hit costs
    a few microseconds. No cached function draws anything (``st.*``), so there is nothing
    for Streamlit to replay on a hit. ``clear_caches`` empties them all.
    """

    def deco(fn: F) -> F:
        names = list(inspect.signature(fn).parameters)
        keep = tuple(i for i, n in enumerate(names) if not n.startswith("_"))

        def key(*args: Any, **kwargs: Any) -> tuple[Any, ...]:
            parts = [_key_part(args[i]) for i in keep if i < len(args)]
            for n in sorted(kwargs):  # marked, so that no positional value can stand for a keyword
                if not n.startswith("_"):
                    parts.append((_KEYWORD, n, _key_part(kwargs[n])))
            return tuple(parts)

        store: cachetools.Cache[Any, Any] = (
            cachetools.LRUCache(max_entries) if max_entries else cachetools.Cache(maxsize=float("inf"))
        )
        lock = threading.RLock()
        wrapped = cachetools.cached(store, key=key, lock=lock, condition=threading.Condition(lock))(fn)
        _CACHES.append(wrapped)
        return wrapped  # type: ignore[return-value]

    return deco


_CACHES: list[Any] = []
_KEYWORD = object()  # marks a keyword argument in a key


def _key_part(value: Any) -> Any:
    """How one argument enters a cache key (``HASH_FUNCS``, else the value itself)."""
    to_key = HASH_FUNCS.get(type(value))
    return (type(value).__name__, to_key(value)) if to_key is not None else value


def clear_caches() -> None:
    """Empty every cache made by ``cached`` (the next call of each computes again)."""
    for wrapped in _CACHES:
        wrapped.cache_clear()


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
