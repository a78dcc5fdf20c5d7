"""The app's one cache (``state.cached``): keys, sharing between threads, clearing, and what may be cached.

Which arguments make a key (a dataset its version, filters their key, ``_``-named ones
none) and that a rebuilt dataset misses every entry are also in test_pages
(``test_the_cache_is_keyed_on_the_dataset_version_and_the_filters``); here the decorator
itself is held to what ``st.cache_resource`` gave the app.
"""

from __future__ import annotations

import ast
import dataclasses
import threading
import time
from pathlib import Path

import pytest

from wps_data.app import state
from wps_data.filters import Filters

ROOT = Path(__file__).resolve().parents[1]


def test_a_hit_returns_the_same_object_and_underscored_arguments_are_not_in_the_key() -> None:
    calls: list[tuple[str, int]] = []

    @state.cached(max_entries=4)
    def f(a: str, _rows: list[int], n: int = 1) -> list[str]:
        calls.append((a, n))
        return [a] * n

    first = f("x", [1, 2])
    assert f("x", [3]) is first, "a parameter named _rows does not make another entry"
    assert f("y", [1, 2]) is not first
    assert f("x", [1], n=2) == ["x", "x"]
    assert f("x", [1], 2) == ["x", "x"] and f("x", [1], n=2) == ["x", "x"]
    assert calls == [("x", 1), ("y", 1), ("x", 2), ("x", 2)], "by name or by place: two entries"


def test_a_dataset_is_keyed_by_its_version_and_filters_by_their_key() -> None:
    ds = state.dataset()
    seen: list[str] = []

    @state.cached(max_entries=8)
    def g(d: object, f: Filters) -> object:
        seen.append(getattr(d, "version", ""))
        return object()

    a = g(ds, Filters(years=(2015, 2020), regions=["Gao"]))
    assert g(ds, Filters(regions=("Gao",), years=[2015, 2020])) is a, "equal filters given in another order"
    assert g(ds, Filters(regions=["Mopti"])) is not a
    rebuilt = dataclasses.replace(ds, version=ds.version + "-rebuilt")
    assert g(rebuilt, Filters(years=(2015, 2020), regions=["Gao"])) is not a
    assert seen == [ds.version, ds.version, ds.version + "-rebuilt"]


def test_the_least_recently_used_entry_goes_first() -> None:
    calls: list[int] = []

    @state.cached(max_entries=2)
    def h(n: int) -> int:
        calls.append(n)
        return n

    for n in (1, 2, 1, 3, 1, 2):  # 3 pushes out 2 (1 was used since); 2 is computed again
        h(n)
    assert calls == [1, 2, 3, 2]


def test_an_unhashable_argument_is_refused_not_keyed_by_identity() -> None:
    @state.cached()
    def k(values: list[int]) -> int:
        return sum(values)

    with pytest.raises(TypeError):
        k([1, 2])


def test_sessions_asking_for_the_same_missing_entry_wait_for_one_computation() -> None:
    started = threading.Event()
    calls: list[int] = []

    @state.cached(max_entries=4)
    def slow(n: int) -> list[int]:
        calls.append(n)
        started.set()
        time.sleep(0.3)  # long enough for every other thread to ask while this one computes
        return [n]

    results: list[list[int]] = []
    threads = [threading.Thread(target=lambda: results.append(slow(7))) for _ in range(6)]
    threads[0].start()
    assert started.wait(5)
    for th in threads[1:]:
        th.start()
    for th in threads:
        th.join(10)
    assert calls == [7], "one computation for six sessions"
    assert len(results) == 6 and all(r is results[0] for r in results)


def test_an_error_is_not_cached() -> None:
    attempts: list[int] = []

    @state.cached()
    def flaky(n: int) -> int:
        attempts.append(n)
        if len(attempts) == 1:
            raise ValueError("first call fails")
        return n

    with pytest.raises(ValueError):
        flaky(1)
    assert flaky(1) == 1, "the next call tries again (a missing data file, then built)"
    assert attempts == [1, 1]


def test_clear_caches_empties_every_cache_the_app_made() -> None:
    ds = state.dataset()
    assert state.dataset() is ds
    state.clear_caches()
    assert state.dataset() is not ds, "the loader ran again"


def test_no_cached_function_draws_anything() -> None:
    """A hit returns the value only: Streamlit's cache replayed elements drawn inside; this one does not."""
    cached = []
    for path in sorted((ROOT / "src" / "wps_data" / "app").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "id", "") == "cached" for d in node.decorator_list
            ):
                cached.append(node.name)
                uses = sorted(
                    {
                        f"st.{n.attr}"
                        for n in ast.walk(node)
                        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "st"
                    }
                )
                assert not uses, f"{path.name}: {node.name} uses {uses} inside a cached function"
    assert len(cached) >= 25, cached  # the walk found the app's cached functions
