"""Performance benchmark of the dashboard: server time, browser time, data scale and concurrent load.

Run from the repository root::

    python benchmarks/run.py            # full run (about 9 minutes on 2 cores)
    python benchmarks/run.py --quick    # fewer repetitions, scale up to 100x (about 4 minutes)
    python benchmarks/run.py --skip-browser
    python benchmarks/run.py --only server,scale --max-scale 100 --out /tmp/r.json

It prints one table per section and writes ``benchmarks/results.json`` with the same
numbers, the machine it ran on (with load averages) and a timestamp. Every ratio is
taken against a baseline measured in the same run (``benchmarks/baseline_app.py``: the
same pages and chart counts from inline data, no data layer), so a slower machine
moves both sides. Wall times are the targets' measure; CPU times are printed beside
them because on a shared machine they are the stable part (see the README).

Sections:

* server: AppTest script run time per page, warm cache (one warm-up run, then the
  median of N runs), real app against the baseline; target ratio <= 1.3.
* browser: both apps served by ``streamlit run`` on free loopback ports; headless
  Chromium times navigation start -> every chart drawn (and the script no longer
  running), median of N loads after a warm-up; target ratio <= 1.3.
* scale: the facts table grown 10x, 100x, 1000x with schema-valid synthetic rows,
  written with ``write_parquet_bytes`` plus a matching manifest; ``load_dataset``
  time (target under 1 s at 1000x) and every page's warm AppTest time; target: each
  page at the largest scale within 1.5x of the page at 1x.
* load: 10 concurrent browser sessions on the violence page; all must render every
  chart without error and the slowest must stay within 1.2x of the physical limit
  (sessions x CPU per session / cores); peak RSS of the server (process and children,
  from /proc) is reported.

This is a script, not a test: pytest does not collect it (``testpaths = ["tests"]``,
and no file here is named ``test_*.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import hashlib
import importlib.metadata as md
import json
import logging
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
APP = ROOT / "app.py"
BASELINE = BENCH / "baseline_app.py"
RESULTS = BENCH / "results.json"
sys.path.insert(0, str(BENCH))

from baseline_pages.common import CHARTS, TABLES  # noqa: E402  (needs the path above)

# The app's pages whose content is a data grid: a load is done once one is drawn (DONE_JS).
# The baseline draws one for each page of TABLES; the app's disagreements page lists its
# conflicts as cards of text (no grid), drawn with the script's last message.
APP_GRIDS = frozenset(TABLES) - {"disagree"}

PAGE_KEYS = list(CHARTS)
HEAVIEST = "violence"  # most charts; the scale and load sections use it
EVERY_SCALE = (HEAVIEST, "overview")  # timed at every scale; the other pages at 1x and the largest only
SERVER_TARGET = 1.3
BROWSER_TARGET = 1.3
SCALE_TARGET = 1.5  # a page at the largest scale against the same page at 1x
LOAD_DATASET_TARGET_S = 1.0  # load_dataset at the largest scale, seconds
LOAD_RUNS = 3  # cold loads per scale: the median is reported, each load is kept in results.json
LOAD_TARGET = 1.2  # slowest of the concurrent sessions against the least time the machine's cores allow
LOAD_SESSIONS = 10
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# True once the page shows `charts` plotly charts, each with its SVG drawn, `tables`
# tables, and the script is no longer running; returns ms since navigation start, or -1
# at once when the script has finished with an exception on the page.
DONE_JS = """(want) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')) return false;
  if (document.querySelector('[data-testid="stException"]')) return -1;
  const plots = document.querySelectorAll('.js-plotly-plot');
  if (plots.length !== want.charts) return false;
  for (const p of plots) { if (!p.querySelector('svg.main-svg')) return false; }
  if (document.querySelectorAll('[data-testid="stDataFrame"]').length < want.tables) return false;
  return performance.now();
}"""
ERRORS_JS = """() => document.querySelectorAll(
  '[data-testid="stException"], [data-testid="stAlertContentError"]').length"""


def log(msg: str) -> None:
    """Progress line on stderr (the tables go to stdout)."""
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def median(xs: list[float]) -> float:
    """Median rounded to 0.1."""
    return round(statistics.median(xs), 1)


def ratio(a: float | None, b: float | None) -> float | None:
    """a / b rounded to 0.01, or None when either is missing."""
    return round(a / b, 2) if a and b else None


def fmt(x: Any, digits: int = 0) -> str:
    """A cell of the printed table."""
    if x is None:
        return "-"
    if isinstance(x, bool):
        return "yes" if x else "NO"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    return str(x)


def md_table(headers: list[str], rows: list[list[Any]]) -> str:
    """A Markdown table (printed, and pasted into the README as is)."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells]
    return "\n".join([line, sep, *body])


# --- machine ---------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    """What the numbers were measured on."""
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    with _suppress():
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(ln.split(":", 1)[1].strip() for ln in cpuinfo.splitlines() if ln.startswith("model name"))
    with _suppress():
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        info["memory_mb"] = int(next(ln for ln in meminfo if ln.startswith("MemTotal")).split()[1]) // 1024
    info["packages"] = {}
    for pkg in ("streamlit", "plotly", "pandas", "pyarrow", "pandera", "playwright"):
        with _suppress():
            info["packages"][pkg] = md.version(pkg)
    chromium = shutil.which("chromium")
    if chromium:
        with _suppress():
            out = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=30).stdout
            info["chromium"] = out.strip()
    with _suppress():
        git = ["git", "-C", str(ROOT)]
        info["git_commit"] = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
        status = [*git, "status", "--porcelain", "--untracked-files=no"]
        dirty = subprocess.run(status, capture_output=True, text=True).stdout
        info["git_dirty"] = bool(dirty.strip())
    return info


def loadavg() -> list[float] | None:
    """The 1, 5 and 15 minute load averages: other work on the machine shows here."""
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return None


@contextmanager
def _suppress() -> Iterator[None]:
    try:
        yield
    except Exception:  # machine info is best effort
        pass


# --- server: AppTest --------------------------------------------------------------------


@contextmanager
def pages_flag_kept_as_a_server_keeps_it() -> Iterator[None]:
    """AppTest runs with Streamlit's legacy ``pages/`` flag kept from run to run, as a server keeps it.

    ``AppTest.run`` sets ``PagesManager.uses_pages_directory`` back to None before every run,
    so an app with a ``pages/`` folder beside its script (the dashboard's layout) starts each
    run in the legacy mode, builds a page for each file of the folder, runs the page, and is
    sent through its own ``st.navigation`` by a rerun (``router.ensure_router``). A server
    sets the flag once per process: ``st.navigation`` sets it False on the first run, and no
    later run or session pays that rerun (checked against ``streamlit run``: one legacy rerun
    for three page loads). Here AppTest's reset lands on a subclass, and the flag Streamlit
    reads keeps the value the previous run left. The baseline (no ``pages/`` folder) never
    enters the legacy mode.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class _ResetHere(PagesManager):
        pass

    old = app_test.PagesManager
    app_test.PagesManager = _ResetHere  # type: ignore[misc]
    try:
        yield
    finally:
        app_test.PagesManager = old  # type: ignore[misc]


@contextmanager
def scripts_compiled_once_as_a_server_compiles_them() -> Iterator[None]:
    """AppTest runs with one script cache for the process, as a server has one (its ``Runtime``'s).

    ``AppTest.run`` makes two new ``ScriptCache`` objects on every run (the runner's, for the
    main script, and the pages manager's, for the page), so each timed run read, parsed,
    rewrote (Streamlit's "magic") and compiled ``app.py`` and the page again: 3-5 ms a run,
    paid by both apps. A server compiles each script once per process and reuses the code
    for every rerun and session. Here both names resolve to one cache shared by the process.
    """
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = _process_script_cache()
    old = app_test.ScriptCache, local_script_runner.ScriptCache
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared  # type: ignore[assignment,misc]
    try:
        yield
    finally:
        app_test.ScriptCache, local_script_runner.ScriptCache = old  # type: ignore[misc]


@functools.cache
def _process_script_cache() -> Any:
    """The one ``ScriptCache`` of this process (a server's ``Runtime`` has one)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    return ScriptCache()


def page_path(app: Path, key: str) -> str:
    """The page script of ``key`` relative to the app's main script."""
    return f"pages/{key}.py" if app == APP else f"baseline_pages/{key}.py"


def apptest_pages(
    apps: list[Path], key: str, runs: int, budget_s: float | None = None, data_dirs: list[Path] | None = None
) -> list[dict[str, Any]]:
    """Warm-cache script run time of page ``key`` in each app: one warm-up run, then ``runs`` timed runs.

    The apps' timed runs alternate (app, baseline, app, ...), so a burst of other work
    on the machine falls on both. With ``data_dirs`` (one per entry of ``apps``), each run
    of entry i reads the data in ``data_dirs[i]`` (``WPS_DATA_DIR``): the scale section
    alternates the same page at 1x and at N x this way. With ``budget_s``, the timed runs
    stop once the slowest entry's have taken that long (at least 3 are made): a page that
    takes seconds per run at 1000x would otherwise take minutes. CPU time (this process,
    all threads) is kept beside the wall time: it is what the page costs, whatever else
    the machine is doing. Streamlit's legacy ``pages/`` flag is kept from run to run, as a
    server keeps it (``pages_flag_kept_as_a_server_keeps_it``).
    """
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    config.set_option("client.showErrorDetails", "full")  # in this process only: name the error
    dirs = data_dirs or [None] * len(apps)
    old_env = os.environ.get("WPS_DATA_DIR")

    def run(at: Any, folder: Path | None) -> None:
        if folder is not None:
            os.environ["WPS_DATA_DIR"] = str(folder)
        # As in a server: no legacy-mode rerun after the first, and each script compiled once.
        with pages_flag_kept_as_a_server_keeps_it(), scripts_compiled_once_as_a_server_compiles_them():
            at.run()

    tests, out = [], []
    try:
        for app, folder in zip(apps, dirs, strict=True):
            at = AppTest.from_file(str(app), default_timeout=1800)
            if key != "overview":
                at.switch_page(page_path(app, key))
            t0 = time.perf_counter()
            run(at, folder)
            tests.append(at)
            out.append({"warmup_ms": round((time.perf_counter() - t0) * 1000, 1), "runs_ms": [], "cpu_ms": []})
        for _ in range(runs):
            for at, folder, res in zip(tests, dirs, out, strict=True):
                t0, c0 = time.perf_counter(), time.process_time()
                run(at, folder)
                res["runs_ms"].append(round((time.perf_counter() - t0) * 1000, 1))
                res["cpu_ms"].append(round((time.process_time() - c0) * 1000, 1))
            spent = max(sum(res["runs_ms"]) for res in out)
            if budget_s is not None and len(out[0]["runs_ms"]) >= 3 and spent > budget_s * 1000:
                break
    finally:
        if data_dirs is not None:
            if old_env is None:
                os.environ.pop("WPS_DATA_DIR", None)
            else:
                os.environ["WPS_DATA_DIR"] = old_env
    for at, res in zip(tests, out, strict=True):
        res["median_ms"] = median(res["runs_ms"])
        res["cpu_median_ms"] = median(res["cpu_ms"])
        res["charts"] = len(at.get("plotly_chart"))
        res["errors"] = [str(e.message)[:300] for e in at.exception]
    return out


def server_section(runs: int) -> dict[str, Any]:
    """AppTest time of every page, real app and baseline run by run."""
    out: dict[str, Any] = {"runs": runs, "target_ratio": SERVER_TARGET, "pages": {}}
    for key in PAGE_KEYS:
        real, base = apptest_pages([APP, BASELINE], key, runs)
        r = ratio(real["median_ms"], base["median_ms"])
        out["pages"][key] = {
            "app": real,
            "baseline": base,
            "ratio": r,
            "cpu_ratio": ratio(real["cpu_median_ms"], base["cpu_median_ms"]),
            "ok": bool(r is not None and r <= SERVER_TARGET and not real["errors"] and real["charts"] == CHARTS[key]),
            "charts_expected": CHARTS[key],
        }
        log(f"server {key}: {real['median_ms']} ms vs {base['median_ms']} ms ({r}x)")
    return out


def server_table(sec: dict[str, Any]) -> str:
    """Printed table of the server section."""
    rows = []
    for key, p in sec["pages"].items():
        charts = f"{p['app']['charts']}/{p['charts_expected']}"
        if p["app"]["errors"]:
            charts += f" ({len(p['app']['errors'])} error)"
        rows.append(
            [
                key,
                charts,
                fmt(p["app"]["median_ms"], 1),
                fmt(p["baseline"]["median_ms"], 1),
                fmt(p["ratio"], 2),
                "ok" if p["ok"] else "MISS",
                fmt(p["app"]["cpu_median_ms"], 1),
                fmt(p["baseline"]["cpu_median_ms"], 1),
                fmt(p["cpu_ratio"], 2),
            ]
        )
    head = ["page", "charts", "app ms", "baseline ms", "ratio", f"<= {SERVER_TARGET}x"]
    head += ["app CPU ms", "baseline CPU ms", "CPU ratio"]
    return f"Server: AppTest script run, warm cache, median of {sec['runs']}\n\n" + md_table(head, rows)


# --- scale: synthetic data ----------------------------------------------------------------


def write_scaled(
    base: Any, src: Path, dest: Path, factor: int, seed: int = 7, check_rows: bool = False
) -> dict[str, Any]:
    """Write a data folder whose facts are ``factor`` times the real ones, schema-valid.

    Copies keep every value and quote (so the quote still states the value; it is marked
    "[synthetic copy k]", or the build's rule against a fact recorded twice would refuse
    it), get a new unique fact_id (``<id>-syn<k>``), a year drawn from 2000-2025 when the original has
    one (undated stays undated), and a region drawn from Mali and its 11 regions (UN
    peacekeeping rows keep theirs). The other tables are the built files byte for byte;
    the manifest holds the sha256 of every file, so ``load_dataset`` accepts the folder.
    With ``check_rows``, the grown table is first validated with every schema check.
    """
    import numpy as np
    import pandas as pd

    from wps_data.contract.regions import GLOBAL, NATIONAL, REGIONS
    from wps_data.contract.schemas import TABLES
    from wps_data.pipeline.build import MANIFEST, write_parquet_bytes

    facts = base.facts_with_notes  # every column, the notes too (the load leaves them on disk)
    copies = factor - 1
    rng = np.random.default_rng(seed + factor)
    syn = pd.concat([facts] * copies, ignore_index=True)
    k = np.repeat(np.arange(1, copies + 1), len(facts))
    syn["fact_id"] = [f"{fid}-syn{i}" for fid, i in zip(syn["fact_id"], k, strict=True)]
    # A copy is a different figure, not the same one recorded twice (a build rule): its quote says so.
    syn["quote"] = [
        f"{q} [synthetic copy {i} of {fid}]"
        for q, i, fid in zip(syn["quote"], k, facts["fact_id"].tolist() * copies, strict=True)
    ]
    dated = syn["year"].notna().to_numpy()
    years = rng.integers(2000, 2026, len(syn))
    syn["year"] = pd.Series(years, dtype="Int64").where(dated)
    regions = np.array([NATIONAL, *REGIONS], dtype=object)
    keep = syn["region"].eq(GLOBAL).to_numpy()
    syn["region"] = np.where(keep, syn["region"].to_numpy(dtype=object), rng.choice(regions, len(syn)))
    big = pd.concat([facts, syn], ignore_index=True)
    big = big.astype(facts.dtypes.to_dict())
    if check_rows:
        # Every check of the contract, row checks included (load_dataset skips those for
        # bytes that match the manifest): proof that the synthetic rows are valid. Larger
        # scales repeat the same transformation of the same rows.
        TABLES["facts"].validate(big, lazy=True)
    dest.mkdir(parents=True, exist_ok=True)
    payloads = {"facts": write_parquet_bytes(big)}
    for name in TABLES:
        if name != "facts":
            payloads[name] = (src / f"{name}.parquet").read_bytes()
    tables = {}
    for name, data in payloads.items():
        (dest / f"{name}.parquet").write_bytes(data)
        rows = len(big) if name == "facts" else len(getattr(base, name))
        tables[name] = {"rows": rows, "sha256": hashlib.sha256(data).hexdigest()}
    manifest = {"dataset_version": f"bench-{factor}x", "tables": tables}
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return {"facts_rows": len(big), "facts_parquet_bytes": len(payloads["facts"])}


def scale_section(factors: list[int], runs: int, pages: dict[str, int], budget_s: float) -> dict[str, Any]:
    """load_dataset time and warm page time at each scale, in this process (AppTest).

    ``pages`` maps a page to the largest factor it is timed at.
    """

    from wps_data.app import state
    from wps_data.dataset import load_dataset

    src = ROOT / "data"
    base = load_dataset(src)
    tmp = Path(tempfile.mkdtemp(prefix="wps-bench-scale-"))
    out: dict[str, Any] = {"runs": runs, "pages": pages, "target": SCALE_TARGET, "scales": {}}
    old_env = os.environ.get("WPS_DATA_DIR")
    try:
        for factor in factors:
            entry: dict[str, Any] = {}
            if factor == 1:
                folder = src
                entry["facts_rows"] = len(base.facts)
            else:
                t0 = time.perf_counter()
                first = factor == min(f for f in factors if f > 1)
                try:
                    entry.update(write_scaled(base, src, tmp / f"x{factor}", factor, check_rows=first))
                except Exception as exc:  # the synthetic rows broke the contract: say so, go on
                    entry["error"] = f"synthetic rows invalid: {type(exc).__name__}: {exc}"[:500]
                    out["scales"][f"{factor}x"] = entry
                    log(f"scale {factor}x: {entry['error']}")
                    continue
                entry["generate_s"] = round(time.perf_counter() - t0, 1)
                if first:
                    entry["synthetic_rows_checked"] = "every schema check, row checks included: passed"
                folder = tmp / f"x{factor}"
            os.environ["WPS_DATA_DIR"] = str(folder)
            # The app's own cached loader, cold (cache cleared before each): this is load_dataset's
            # time, the median of LOAD_RUNS loads (one load swung 0.6-1.4 s with the machine's
            # memory work), and the last leaves the dataset in the cache the AppTest runs read from.
            walls: list[float] = []
            cpus: list[float] = []
            try:
                for _ in range(LOAD_RUNS):
                    state.clear_caches()
                    t0, c0 = time.perf_counter(), time.process_time()
                    ds = state.dataset()
                    walls.append(time.perf_counter() - t0)
                    cpus.append(time.process_time() - c0)
            except Exception as exc:  # a DataUnavailable here means the synthetic rows are wrong
                entry["error"] = f"{type(exc).__name__}: {exc}"[:500]
                out["scales"][f"{factor}x"] = entry
                log(f"scale {factor}x: load failed: {entry['error']}")
                continue
            entry["load_s"] = round(statistics.median(walls), 2)
            entry["load_cpu_s"] = round(statistics.median(cpus), 2)  # process CPU: every thread of the loader
            entry["load_runs_s"] = [round(w, 2) for w in walls]
            entry["view_rows"] = len(ds.view)
            log(
                f"scale {factor}x: {entry['facts_rows']} facts, load_dataset {entry['load_s']} s "
                f"(median of {entry['load_runs_s']})"
            )
            entry["pages"] = {}
            for key, top in pages.items():
                # Every page at 1x and at the largest scale; the pages of EVERY_SCALE at each scale between.
                if factor > top or (factor not in (1, top) and key not in EVERY_SCALE):
                    continue
                if factor == 1:
                    (res,) = apptest_pages([APP], key, runs, budget_s)
                else:
                    # Runs at 1x and at this scale alternate, as the server section alternates
                    # app and baseline: the ratio compares times taken minutes apart no more.
                    one_res, res = apptest_pages([APP, APP], key, runs, budget_s, data_dirs=[src, folder])
                    res["paired_1x_ms"] = one_res["median_ms"]
                    res["paired_1x_cpu_ms"] = one_res["cpu_median_ms"]
                entry["pages"][key] = res
                log(
                    f"scale {factor}x {key}: {res['median_ms']} ms ({len(res['runs_ms'])} runs), charts {res['charts']}"
                )
            out["scales"][f"{factor}x"] = entry
    finally:
        if old_env is None:
            os.environ.pop("WPS_DATA_DIR", None)
        else:
            os.environ["WPS_DATA_DIR"] = old_env
        state.clear_caches()
        shutil.rmtree(tmp, ignore_errors=True)
    one = out["scales"].get("1x", {}).get("pages", {})
    biggest = out["scales"].get(f"{max(factors)}x", {})
    if "load_s" in biggest:
        out["load_verdict"] = {
            "scale": f"{max(factors)}x",
            "load_s": biggest["load_s"],
            "load_cpu_s": biggest["load_cpu_s"],
            "runs_s": biggest["load_runs_s"],
            "ok": biggest["load_s"] <= LOAD_DATASET_TARGET_S,
        }
    for key, cap in pages.items():
        top = f"{max(f for f in factors if f <= cap)}x"
        pn = out["scales"].get(top, {}).get("pages", {}).get(key, {})
        p1, c1 = _one_x(pn, one.get(key, {}))
        r = ratio(pn.get("median_ms"), p1)
        out.setdefault("verdict", {})[key] = {
            "scale": top,
            "ratio_vs_1x": r,
            "cpu_ratio_vs_1x": ratio(pn.get("cpu_median_ms"), c1),
            "ok": bool(
                r is not None and r <= SCALE_TARGET and not pn.get("errors") and pn.get("charts") == CHARTS[key]
            ),
        }
    return out


def _one_x(at_scale: dict[str, Any], at_1x: dict[str, Any]) -> tuple[float | None, float | None]:
    """The 1x wall and CPU medians a page at N x is compared with: its paired 1x runs, else the 1x section's."""
    if "paired_1x_ms" in at_scale:
        return at_scale["paired_1x_ms"], at_scale.get("paired_1x_cpu_ms")
    return at_1x.get("median_ms"), at_1x.get("cpu_median_ms")


def scale_table(sec: dict[str, Any]) -> str:
    """Printed table of the scale section."""
    rows = []
    for name, e in sec["scales"].items():
        if "error" in e:
            rows.append([name, fmt(e.get("facts_rows")), "-", "failed: " + e["error"][:60], "", "", "", "", "", ""])
            continue
        for key, p in e["pages"].items():
            one = sec["scales"].get("1x", {}).get("pages", {}).get(key, {})
            err = f"{len(p['errors'])} error(s)" if p["errors"] else ""
            rows.append(
                [
                    name,
                    fmt(e["facts_rows"]),
                    f"{fmt(e['load_s'], 2)} ({fmt(e['load_cpu_s'], 2)} CPU)",
                    key,
                    fmt(p["median_ms"], 1),
                    fmt(p["cpu_median_ms"], 1),
                    str(len(p["runs_ms"])),
                    fmt(ratio(p["median_ms"], _one_x(p, one)[0]), 2),
                    fmt(ratio(p["cpu_median_ms"], _one_x(p, one)[1]), 2),
                    f"{p['charts']}/{CHARTS[key]} {err}".strip(),
                ]
            )
    head = [
        "scale",
        "facts",
        "load_dataset s",
        "page",
        "page ms",
        "page CPU ms",
        "runs",
        "vs 1x",
        "CPU vs 1x",
        "charts",
    ]
    verdicts = "; ".join(
        f"{k} at {v['scale']}: {fmt(v['ratio_vs_1x'], 2)}x, CPU {fmt(v['cpu_ratio_vs_1x'], 2)}x "
        f"({'ok' if v['ok'] else 'MISS'})"
        for k, v in sec.get("verdict", {}).items()
    )
    lv = sec.get("load_verdict")
    load_line = (
        f"\n\nload_dataset at {lv['scale']}: {fmt(lv['load_s'], 2)} s (median of {len(lv.get('runs_s', []))} cold "
        f"loads: {', '.join(fmt(x, 2) for x in lv.get('runs_s', []))} s), CPU {fmt(lv['load_cpu_s'], 2)} s "
        f"(target {LOAD_DATASET_TARGET_S} s: {'ok' if lv['ok'] else 'MISS'})"
        if lv
        else ""
    )
    return (
        f"Scale: warm AppTest median of up to {sec['runs']} runs; above 1x each run alternates with a run of "
        f"the page at 1x, and 'vs 1x' is against those; target page <= {SCALE_TARGET}x of 1x\n\n"
        + md_table(head, rows)
        + f"\n\nVerdict: {verdicts}{load_line}"
    )


# --- browser ------------------------------------------------------------------------------


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run SCRIPT`` on a free loopback port, stopped on exit."""

    def __init__(self, script: Path, logdir: Path):
        self.script = script
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.logfile = logdir / f"{script.stem}-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        env = dict(os.environ)
        env.pop("WPS_DATA_DIR", None)
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(self.script),
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        with open(self.logfile, "wb") as fh:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {self.logfile}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"streamlit did not answer on {self.url}; see {self.logfile}")

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def rss_mb(self) -> float:
        """Resident memory of the server process and its descendants, in MB (from /proc)."""
        if not self.proc:
            return 0.0
        pids = _descendants(self.proc.pid)
        total = 0
        for pid in pids:
            try:
                for ln in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if ln.startswith("VmRSS:"):
                        total += int(ln.split()[1])
            except OSError:
                pass
        return round(total / 1024, 1)


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


class RssSampler:
    """Samples a server's RSS every ``interval`` seconds in a thread; keeps the peak."""

    def __init__(self, server: Server, interval: float = 0.1):
        self.server = server
        self.interval = interval
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.server.rss_mb())
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.server.rss_mb())


def _cpu_ticks(pids: list[int], comm_prefix: str | None = None) -> dict[int, int]:
    """utime + stime (clock ticks) of each process, optionally only those whose name starts so."""
    out = {}
    for pid in pids:
        try:
            if comm_prefix and not Path(f"/proc/{pid}/comm").read_text().startswith(comm_prefix):
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            out[pid] = int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            continue
    return out


class CpuMeter:
    """CPU time that Chromium (all its processes) and one server spend between two snapshots.

    Wall times on a busy machine say how long a user waited; CPU times say what a page
    load costs, and so what 10 of them cost on this many cores.
    """

    TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")

    def __init__(self, server: Server, all_servers: list[Server]):
        self.server = server
        self.all_servers = all_servers

    def snapshot(self) -> tuple[dict[int, int], dict[int, int]]:
        """(browser ticks, server ticks) per process."""
        servers: set[int] = set()
        for srv in self.all_servers:
            if srv.proc:
                servers.update(_descendants(srv.proc.pid))
        mine = [p for p in _descendants(os.getpid()) if p not in servers]
        target = _descendants(self.server.proc.pid) if self.server.proc else []
        return _cpu_ticks(mine, "chrom"), _cpu_ticks(target)

    def delta_ms(self, before: tuple[dict[int, int], dict[int, int]]) -> tuple[float, float]:
        """(browser, server) CPU ms since ``before`` (processes gone in between are not counted)."""
        after = self.snapshot()
        return tuple(  # type: ignore[return-value]
            round(sum(t - b.get(pid, 0) for pid, t in a.items()) * self.TICK_MS, 1)
            for a, b in zip(after, before, strict=True)
        )


async def load_page(context: Any, url: str, charts: int, tables: int, cpu: CpuMeter | None = None) -> dict[str, Any]:
    """Open ``url`` in a new tab; ms from navigation start to every chart drawn, or the error.

    With ``cpu``, also the CPU ms Chromium and the server spent on this load (meant for
    loads one at a time: concurrent loads would count each other's work).
    """
    before = cpu.snapshot() if cpu else None
    page = await context.new_page()
    try:
        await page.goto(url, wait_until="commit", timeout=120_000)
        handle = await page.wait_for_function(
            DONE_JS, arg={"charts": charts, "tables": tables}, polling=20, timeout=120_000
        )
        ms = float(await handle.json_value())
        if ms < 0:
            return {"ms": None, "errors": 1, "error": "the script ended with an exception on the page"}
        errors = int(await page.evaluate(ERRORS_JS))
        out: dict[str, Any] = {"ms": round(ms, 1), "errors": errors}
        if cpu and before:
            out["browser_cpu_ms"], out["server_cpu_ms"] = cpu.delta_ms(before)
        if errors:
            out["error"] = f"{errors} error element(s) on the page"
        return out
    except Exception as exc:  # a timeout or a crashed page is a failed load, not a crash of the run
        found = -1
        try:
            found = int(await page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length"))
        except Exception:
            pass
        return {"ms": None, "errors": 1, "error": f"{type(exc).__name__}: {str(exc)[:200]} (charts seen: {found})"}
    finally:
        await page.close()


async def browser_pages(browser: Any, servers: dict[str, Server], loads: int) -> dict[str, Any]:
    """Per page: one warm-up load per app, then ``loads`` loads alternating real and baseline."""
    out: dict[str, Any] = {"loads": loads, "target_ratio": BROWSER_TARGET, "pages": {}}
    contexts = {name: await browser.new_context(viewport={"width": 1400, "height": 900}) for name in servers}
    meters = {name: CpuMeter(srv, list(servers.values())) for name, srv in servers.items()}
    try:
        for key in PAGE_KEYS:
            grids = {"app": APP_GRIDS, "baseline": TABLES}
            wants = {name: {"charts": CHARTS[key], "tables": int(key in grids[name])} for name in servers}
            res: dict[str, dict[str, Any]] = {}
            for name, srv in servers.items():
                warm = await load_page(contexts[name], f"{srv.url}/{key}", **wants[name])
                res[name] = {
                    "warmup_ms": warm["ms"],
                    "loads_ms": [],
                    "browser_cpu_ms": [],
                    "server_cpu_ms": [],
                    "failures": [] if warm["ms"] else [warm],
                }
            for _ in range(loads):
                for name, srv in servers.items():
                    r = await load_page(contexts[name], f"{srv.url}/{key}", **wants[name], cpu=meters[name])
                    if r["ms"] is not None and not r["errors"]:
                        res[name]["loads_ms"].append(r["ms"])
                        res[name]["browser_cpu_ms"].append(r["browser_cpu_ms"])
                        res[name]["server_cpu_ms"].append(r["server_cpu_ms"])
                    else:
                        res[name]["failures"].append(r)
            for r in res.values():
                r["median_ms"] = median(r["loads_ms"]) if r["loads_ms"] else None
                r["browser_cpu_median_ms"] = median(r["browser_cpu_ms"]) if r["browser_cpu_ms"] else None
                r["server_cpu_median_ms"] = median(r["server_cpu_ms"]) if r["server_cpu_ms"] else None
                r["cpu_median_ms"] = (
                    round(r["browser_cpu_median_ms"] + r["server_cpu_median_ms"], 1) if r["browser_cpu_ms"] else None
                )
            rt = ratio(res["app"]["median_ms"], res["baseline"]["median_ms"])
            out["pages"][key] = {
                **res,
                "ratio": rt,
                "cpu_ratio": ratio(res["app"]["cpu_median_ms"], res["baseline"]["cpu_median_ms"]),
                "ok": bool(rt is not None and rt <= BROWSER_TARGET and not res["app"]["failures"]),
            }
            log(f"browser {key}: {res['app']['median_ms']} ms vs {res['baseline']['median_ms']} ms ({rt}x)")
    finally:
        for c in contexts.values():
            await c.close()
    return out


async def load_burst(context: Any, url: str, n: int, want: dict[str, int]) -> dict[str, Any]:
    """``n`` sessions (tabs, each its own Streamlit session and renderer process) opening ``url`` at once."""
    t0 = time.perf_counter()
    results = await asyncio.gather(*(load_page(context, url, **want) for _ in range(n)))
    wall = round((time.perf_counter() - t0) * 1000, 1)
    ok = [r["ms"] for r in results if r["ms"] is not None and not r["errors"]]
    return {
        "sessions_ms": [r["ms"] for r in results],
        "succeeded": len(ok),
        "failures": [r for r in results if r["ms"] is None or r["errors"]],
        "slowest_ms": max(ok) if ok else None,
        "median_ms": median(ok) if ok else None,
        "wall_ms": wall,
    }


async def load_test(
    browser: Any, srv: Server, all_servers: list[Server], key: str, n: int, bursts: int, singles: int
) -> dict[str, Any]:
    """A warm-up load, a single-session reference, then ``bursts`` bursts of ``n`` concurrent sessions.

    The sessions are tabs of one browser context (a warm HTTP cache, as for returning
    users); Chromium gives each tab its own renderer process. The server's RSS is
    sampled every 0.1 s during the bursts.
    """
    want = {"charts": CHARTS[key], "tables": 1 if key in TABLES else 0}
    url = f"{srv.url}/{key}"
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        await load_page(context, url, **want)
        idle = srv.rss_mb()
        single, browser_cpu, server_cpu = [], [], []
        meter = CpuMeter(srv, all_servers)
        for _ in range(singles):
            r = await load_page(context, url, **want, cpu=meter)
            if r["ms"] is not None and not r["errors"]:
                single.append(r["ms"])
                browser_cpu.append(r["browser_cpu_ms"])
                server_cpu.append(r["server_cpu_ms"])
        runs = []
        with RssSampler(srv) as sampler:
            for _ in range(bursts):
                runs.append(await load_burst(context, url, n, want))
        single_ms = median(single) if single else None
        worst = max((b["slowest_ms"] for b in runs if b["slowest_ms"] is not None), default=None)
        all_ok = all(b["succeeded"] == n for b in runs)
        r = ratio(worst, single_ms)
        per_session = median(browser_cpu) + median(server_cpu) if single else None
        # The least time n sessions can take when they must share the cores: n x CPU per session / cores.
        bound = round(n * per_session / (os.cpu_count() or 1), 1) if per_session else None
        vs_limit = ratio(worst, max(bound or 0, single_ms or 0) or None)
        return {
            "page": key,
            "sessions": n,
            "bursts": runs,
            "single_ms": single_ms,
            "single_runs_ms": single,
            "single_browser_cpu_ms": median(browser_cpu) if single else None,
            "single_server_cpu_ms": median(server_cpu) if single else None,
            "cpu_bound_ms": bound,
            "slowest_ms": worst,
            "slowest_vs_single": r,
            "slowest_vs_limit": vs_limit,
            "all_succeeded": all_ok,
            "rss_idle_mb": idle,
            "rss_peak_mb": sampler.peak,
            "ok": bool(all_ok and vs_limit is not None and vs_limit <= LOAD_TARGET),
        }
    finally:
        await context.close()


async def browser_suite(
    do_pages: bool, do_load: bool, loads: int, bursts: int, singles: int, load_baseline: bool, logdir: Path
) -> dict[str, Any]:
    """Start both servers, then run the page loads and the concurrent-load test.

    The load test runs on the baseline too (unless ``load_baseline`` is false): it shows
    how much of the slowdown under load is the browser's, whatever the app.
    """
    from playwright.async_api import async_playwright

    chromium = shutil.which("chromium")
    if not chromium:
        raise RuntimeError("chromium not found on PATH")
    out: dict[str, Any] = {}
    with Server(APP, logdir) as app_srv, Server(BASELINE, logdir) as base_srv:
        servers = {"app": app_srv, "baseline": base_srv}
        log(f"servers: app {app_srv.url}, baseline {base_srv.url}")
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            try:
                if do_pages:
                    out["browser"] = await browser_pages(browser, servers, loads)
                if do_load:
                    load: dict[str, Any] = {"target_ratio": LOAD_TARGET}
                    for name, srv in servers.items():
                        if name == "baseline" and not load_baseline:
                            continue
                        load[name] = await load_test(
                            browser, srv, list(servers.values()), HEAVIEST, LOAD_SESSIONS, bursts, singles
                        )
                        log(
                            f"load {name}: single {load[name]['single_ms']} ms, slowest of {LOAD_SESSIONS} "
                            f"{load[name]['slowest_ms']} ms, peak RSS {load[name]['rss_peak_mb']} MB"
                        )
                    out["load"] = load
            finally:
                await browser.close()
    return out


def browser_table(sec: dict[str, Any]) -> str:
    """Printed table of the browser section."""
    rows = []
    for key, p in sec["pages"].items():
        fails = len(p["app"]["failures"]) + len(p["baseline"]["failures"])
        rows.append(
            [
                key,
                fmt(p["app"]["median_ms"]),
                fmt(p["baseline"]["median_ms"]),
                fmt(p["ratio"], 2),
                "ok" if p["ok"] else "MISS",
                str(fails),
                f"{fmt(p['app']['browser_cpu_median_ms'])} + {fmt(p['app']['server_cpu_median_ms'])}",
                f"{fmt(p['baseline']['browser_cpu_median_ms'])} + {fmt(p['baseline']['server_cpu_median_ms'])}",
                fmt(p.get("cpu_ratio"), 2),
            ]
        )
    head = ["page", "app ms", "baseline ms", "ratio", f"<= {BROWSER_TARGET}x", "failed loads"]
    head += ["app CPU ms (browser + server)", "baseline CPU ms", "CPU ratio"]
    return (
        f"Browser: navigation start -> last chart drawn, headless Chromium, median of {sec['loads']} loads "
        "after a warm-up\n\n" + md_table(head, rows)
    )


def load_table(sec: dict[str, Any]) -> str:
    """Printed table of the load section."""
    rows = []
    for name in ("app", "baseline"):
        s = sec.get(name)
        if not s:
            continue
        succeeded = "/".join(str(b["succeeded"]) for b in s["bursts"])
        rows.append(
            [
                name,
                s["page"],
                f"{succeeded} of {s['sessions']}",
                fmt(s["single_ms"]),
                fmt(max(b["median_ms"] or 0 for b in s["bursts"])),
                fmt(s["slowest_ms"]),
                fmt(s["slowest_vs_single"], 2),
                f"{fmt(s.get('single_browser_cpu_ms'))} + {fmt(s.get('single_server_cpu_ms'))}",
                fmt(s.get("cpu_bound_ms")),
                fmt(s.get("slowest_vs_limit"), 2),
                "ok" if s["ok"] else "MISS",
                fmt(s["rss_idle_mb"]),
                fmt(s["rss_peak_mb"]),
            ]
        )
    head = ["app", "page", "succeeded", "single ms", "median ms", "slowest ms", "slowest/single",
            "CPU ms/session (browser + server)", f"limit: {LOAD_SESSIONS} x CPU / {os.cpu_count()} cores ms",
            "slowest/limit", f"<= {LOAD_TARGET}x", "RSS idle MB", "RSS peak MB"]  # fmt: skip
    n = len(sec["app"]["bursts"]) if sec.get("app") else 0
    note = ""
    if sec.get("app") and sec.get("baseline"):
        r = ratio(sec["app"]["slowest_ms"], sec["baseline"]["slowest_ms"])
        note = f"\n\nUnder load, slowest app session / slowest baseline session: {fmt(r, 2)}"
    title = f"Load: {LOAD_SESSIONS} concurrent sessions, {n} burst(s); server RSS from /proc"
    return f"{title}\n\n{md_table(head, rows)}{note}"


# --- main ------------------------------------------------------------------------------


def misses(results: dict[str, Any]) -> list[str]:
    """Every target missed, in words."""
    out = []
    for key, p in results.get("server", {}).get("pages", {}).items():
        if not p["ok"]:
            out.append(f"server {key}: {p['ratio']}x baseline, CPU {p['cpu_ratio']}x (target {SERVER_TARGET}x)")
    for key, p in results.get("browser", {}).get("pages", {}).items():
        if not p["ok"]:
            out.append(f"browser {key}: {p['ratio']}x baseline, CPU {p['cpu_ratio']}x (target {BROWSER_TARGET}x)")
    for key, v in results.get("scale", {}).get("verdict", {}).items():
        if not v["ok"]:
            out.append(
                f"scale {key}: {v['ratio_vs_1x']}x the 1x time at {v['scale']}, CPU {v['cpu_ratio_vs_1x']}x "
                f"(target {SCALE_TARGET}x)"
            )
    app_load = results.get("load", {}).get("app")
    if app_load and not app_load["ok"]:
        out.append(
            f"load: slowest of {LOAD_SESSIONS} sessions {app_load['slowest_vs_limit']}x the physical limit "
            f"({app_load['cpu_bound_ms']} ms: {LOAD_SESSIONS} x the CPU of one session / {os.cpu_count()} cores; "
            f"target {LOAD_TARGET}x), all succeeded: {app_load['all_succeeded']}"
        )
    load_s = results.get("scale", {}).get("load_verdict")
    if load_s and not load_s["ok"]:
        out.append(
            f"scale load_dataset: {load_s['load_s']} s at {load_s['scale']} (CPU {load_s['load_cpu_s']} s; "
            f"target {LOAD_DATASET_TARGET_S} s)"
        )
    return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument(
        "--quick", action="store_true", help="fewer repetitions, scale up to 100x, load test of the app only"
    )
    ap.add_argument("--skip-browser", action="store_true", help="skip the browser and load sections")
    ap.add_argument(
        "--only", default="server,browser,load,scale", help="comma-separated sections to run (default: all)"
    )
    ap.add_argument("--max-scale", type=int, help="largest scale factor (default 1000, quick 100)")
    ap.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON results")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the selected sections, print their tables, write the JSON results."""
    args = parse_args(argv)
    # AppTest and bare calls of cached functions warn "missing ScriptRunContext" (harmless).
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda rec: "missing ScriptRunContext" not in rec.getMessage()
    )
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    sections = set(args.only.split(","))
    if args.skip_browser:
        sections -= {"browser", "load"}
    quick = args.quick
    top = args.max_scale or (100 if quick else 1000)
    cfg = {
        "server_runs": 3 if quick else 15,
        "browser_loads": 2 if quick else 5,
        "load_bursts": 1 if quick else 2,
        "load_single_runs": 2 if quick else 3,
        "load_baseline": not quick,
        "scale_factors": [f for f in (1, 10, 100, 1000, 10000) if f <= top],
        "scale_runs": 3 if quick else 7,
        # Every page at 1x and the largest scale; the heaviest page, and the overview (whose
        # coverage chart carries every fact), at every scale. (A page can be capped at a lower
        # factor here if one run of it gets too slow.)
        "scale_pages": dict.fromkeys(PAGE_KEYS, top),
        "scale_budget_s": 10 if quick else 20,
    }
    started = time.perf_counter()
    results: dict[str, Any] = {
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python", "benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "mode": "quick" if quick else "full",
        "sections": sorted(sections),
        "config": cfg,
        "machine": machine_info(),
    }
    results["chart_counts"] = check_chart_counts()
    tables: list[str] = []
    runners: list[tuple[str, Callable[[], None]]] = []

    def run_server() -> None:
        results["server"] = server_section(cfg["server_runs"])
        tables.append(server_table(results["server"]))

    def run_browser() -> None:
        logdir = Path(tempfile.mkdtemp(prefix="wps-bench-logs-"))
        try:
            res = asyncio.run(
                browser_suite(
                    "browser" in sections,
                    "load" in sections,
                    cfg["browser_loads"],
                    cfg["load_bursts"],
                    cfg["load_single_runs"],
                    cfg["load_baseline"],
                    logdir,
                )
            )
        finally:
            shutil.rmtree(logdir, ignore_errors=True)
        results.update(res)
        if "browser" in res:
            tables.append(browser_table(res["browser"]))
        if "load" in res:
            tables.append(load_table(res["load"]))

    def run_scale() -> None:
        results["scale"] = scale_section(
            cfg["scale_factors"], cfg["scale_runs"], cfg["scale_pages"], cfg["scale_budget_s"]
        )
        tables.append(scale_table(results["scale"]))

    if "server" in sections:
        runners.append(("server", run_server))
    if sections & {"browser", "load"}:
        runners.append(("browser", run_browser))
    if "scale" in sections:
        runners.append(("scale", run_scale))
    for name, fn in runners:
        t0 = time.perf_counter()
        before = loadavg()
        log(f"section {name} (load average {before}) ...")
        fn()
        results.setdefault("section_seconds", {})[name] = round(time.perf_counter() - t0, 1)
        results.setdefault("load_average", {})[name] = {"before": before, "after": loadavg()}
    results["misses"] = misses(results)
    results["duration_s"] = round(time.perf_counter() - started, 1)
    print()
    for tb in tables:
        print(tb, end="\n\n")
    print("Misses: " + ("; ".join(results["misses"]) if results["misses"] else "none"))
    print(f"Total {results['duration_s']} s ({results['mode']}); results in {args.out}")
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0


def check_chart_counts() -> dict[str, Any]:
    """The baseline's chart counts against the dashboard's chart registry."""
    from wps_data import charts

    registry = {key: len(charts.charts_for(key)) for key in PAGE_KEYS}
    mismatched = {k: {"registry": registry[k], "baseline": CHARTS[k]} for k in PAGE_KEYS if registry[k] != CHARTS[k]}
    if mismatched:
        log(f"WARNING: baseline chart counts differ from the registry: {mismatched}")
    return {"registry": registry, "mismatched": mismatched}


if __name__ == "__main__":
    sys.exit(main())
