"""What the browser tests share: serving the app, launching Chromium, opening a page and waiting for it.

Not a test module. ``tests/conftest.py`` builds the session fixtures ``app_url`` (one
``streamlit run app.py`` for the whole session) and ``browser`` (one Debian Chromium) on it,
so that ``test_browser.py`` and ``test_browser_access.py`` share a server and a browser.

Chromium comes from Debian (``apt-get install -y chromium``); ``playwright install`` is never
used. Without it the browser tests are skipped locally and fail in CI (``CI=true``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wps_data.pagespec import PAGES

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOAD_TIMEOUT_MS = 60_000
DESKTOP = {"width": 1400, "height": 1000}


def url_path(key: str) -> str:
    """The URL path of a page of ``pagespec.PAGES``."""
    return "/" if key == "overview" else f"/{PAGES[key].url_path}"


# --- the server and the browser --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except OSError:
        return False


@contextlib.contextmanager
def serve(log_path: Path) -> Iterator[str]:
    """``streamlit run app.py`` on a free port; its base URL once /_stcore/health answers ok."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "WPS_DATA_DIR"}  # the committed data
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _healthy(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not become healthy on {base}:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser); skipped without it, failed in CI."""
    exe = shutil.which("chromium")
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium missing in CI: .ci/run must apt-get install chromium")
        pytest.skip("Chromium not installed: run `apt-get install -y chromium` to run the browser tests")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
    finally:
        pw.stop()


# --- opening a page and waiting for it ---------------------------------------------------------

# A drawn mark: a bar, line, marker or filled area (an SVG path with a shape) or a heatmap image.
MARKS_JS = """p => Array.from(p.querySelectorAll('g.trace path, g.trace .point, g.hm image'))
    .filter(e => (e.getAttribute('d') || e.getAttribute('href') || '').length > 2).length"""

CHARTS_READY_JS = f"""([n, needMarks]) => {{
  const plots = document.querySelectorAll('.js-plotly-plot');
  if (plots.length !== n) return false;
  return Array.from(plots).every(p => {{
    const svg = p.querySelector('svg.main-svg');
    if (!svg) return false;
    const r = svg.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && (!needMarks || ({MARKS_JS})(p) > 0);
  }});
}}"""


def open_app(
    browser: Any, base: str, path: str, charts: int = 0, marks: bool = True, viewport: dict[str, int] | None = None
) -> Any:
    """A new page on ``base + path``, after the script has run and ``charts`` charts are drawn.

    ``marks=False`` for filtered views, where a chart may rightly show "no data";
    ``viewport`` is the window's size (a desktop's by default).
    """
    context = browser.new_context(viewport=viewport or DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    page.goto(base + path, wait_until="domcontentloaded")
    page.wait_for_selector('h1, [data-testid="stException"]', state="visible")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached")
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    if charts:
        try:
            page.wait_for_function(CHARTS_READY_JS, arg=[charts, marks], timeout=30_000)
        except Exception:  # the assertions below say what is missing
            pass
    return page
