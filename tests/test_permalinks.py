"""Permalinks: the address the CLI writes into data packs opens the view it names.

* ``--base-url`` and ``WPS_PUBLIC_URL`` (the option wins) set the dashboard's public address
  in every permalink a data pack carries (PERMALINK.txt, README, CITATION, datapackage.json);
  only http(s) addresses with a host and without credentials, a query or a fragment are taken,
  a trailing slash is dropped, and a bad one exits 2 naming it (a password never echoed),
  with nothing written. Without either, the links point at http://localhost:8501.
* In a browser (headless Chromium against ``streamlit run``: the session fixtures ``app_url``
  and ``browser`` of ``tests/conftest.py``, ``open_app`` and ``serve`` of ``browser_support``):
  ``/overview``, the overview's permalink, opens the overview with no "Page not found"
  dialog, on the shared server and as the first visit of a fresh one; and the data explorer
  at 1400 px shows its quote column on screen, its 25 rows without an inner scroll box, and
  the first figure's quote in full above the table.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from browser_support import open_app, serve  # app_url, browser: session fixtures in conftest.py

from wps_data.cli import exports as cli_export
from wps_data.cli.main import main, public_base_url
from wps_data.dataset import Dataset, load_dataset
from wps_data.exports import datapack
from wps_data.i18n import t
from wps_data.pagespec import PAGES
from wps_data.paths import data_dir

PAGE_NOT_FOUND = "Page not found"
EXPECTED_CHARTS = {key: len(spec.charts) for key, spec in PAGES.items()}
NORMALISED = {
    "https://dash.example.org": "https://dash.example.org",
    "https://dash.example.org/": "https://dash.example.org",
    "HTTPS://Dash.Example.ORG/wps/": "https://dash.example.org/wps",
    "  http://10.0.0.5:8501//  ": "http://10.0.0.5:8501",
    "http://[::1]:8080/": "http://[::1]:8080",
}
REFUSED = {
    "ftp://example.org": "http:// or https://",
    "javascript:alert(1)": "http:// or https://",
    "example.org": "http:// or https://",
    "https://": "no host",
    "https://user:secret@example.org": "user name or password",
    "https://user@example.org": "user name or password",
    "https://example.org/?a=1": "query",
    "https://example.org/#top": "fragment",
    "https://example.org:99999": "not a valid address",
    "https://exa mple.org": "not an address",
    "": "not an address",
}


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(data_dir())


@pytest.fixture
def quick_load(monkeypatch: pytest.MonkeyPatch, ds: Dataset) -> None:
    monkeypatch.setattr(cli_export, "_load", lambda: ds)
    monkeypatch.delenv("WPS_PUBLIC_URL", raising=False)


@pytest.mark.parametrize(("given", "expected"), list(NORMALISED.items()))
def test_a_public_address_is_normalised(given: str, expected: str) -> None:
    assert public_base_url(given) == expected


@pytest.mark.parametrize(("given", "why"), list(REFUSED.items()))
def test_a_bad_public_address_is_refused(given: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        public_base_url(given)


def _pack_links(out: Path) -> list[str]:
    """Every place a data pack carries its permalink."""
    with zipfile.ZipFile(out) as zf:
        link = zf.read("PERMALINK.txt").decode("utf-8").strip()
        assert link in zf.read("README.md").decode("utf-8")
        assert link in zf.read("CITATION.txt").decode("utf-8")
        assert json.loads(zf.read("datapackage.json"))["homepage"] == link
    return [link]


def _datapack(tmp_path: Path, *extra: str, page: str = "violence") -> tuple[int, Path]:
    out = tmp_path / f"{page}.zip"
    return main(["datapack", "--page", page, "--filter", "regions=Gao", "--out", str(out), *extra]), out


def test_without_an_address_links_point_at_localhost(tmp_path: Path, quick_load: None) -> None:
    code, out = _datapack(tmp_path)
    assert code == 0 and _pack_links(out) == ["http://localhost:8501/violence?regions=Gao"]


def test_wps_public_url_sets_the_address(tmp_path: Path, quick_load: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WPS_PUBLIC_URL", "https://wps.example.org/dashboard/")
    code, out = _datapack(tmp_path)
    assert code == 0 and _pack_links(out) == ["https://wps.example.org/dashboard/violence?regions=Gao"]


def test_the_option_wins_over_the_variable(tmp_path: Path, quick_load: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WPS_PUBLIC_URL", "https://env.example.org")
    code, out = _datapack(tmp_path, "--base-url", "https://option.example.org/")
    assert code == 0 and _pack_links(out) == ["https://option.example.org/violence?regions=Gao"]
    # with the option given the variable is not used, even a bad one
    monkeypatch.setenv("WPS_PUBLIC_URL", "ftp://bad.example.org")
    code, out = _datapack(tmp_path, "--base-url", "https://option.example.org")
    assert code == 0


def test_the_overview_permalink_is_its_url_path(tmp_path: Path, quick_load: None) -> None:
    out = tmp_path / "overview.zip"
    assert main(["datapack", "--page", "overview", "--out", str(out), "--base-url", "https://x.example.org"]) == 0
    assert _pack_links(out) == ["https://x.example.org/overview"]
    assert datapack.permalink("overview", {}, base="https://x.example.org") == "https://x.example.org/overview"


def test_a_bad_option_exits_2_and_writes_nothing(
    tmp_path: Path, quick_load: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        _datapack(tmp_path, "--base-url", "https://admin:hunter2@example.org")
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--base-url" in err and "user name or password" in err and "hunter2" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_bad_variable_exits_2_naming_it_and_writes_nothing(
    tmp_path: Path, quick_load: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WPS_PUBLIC_URL", "file:///etc/passwd")
    code, _ = _datapack(tmp_path)
    err = capsys.readouterr().err
    assert code == 2 and "WPS_PUBLIC_URL" in err and "http:// or https://" in err, err
    assert list(tmp_path.iterdir()) == []


# --- in a browser ------------------------------------------------------------------------------


def _no_page_not_found(page) -> None:
    assert page.get_by_text(PAGE_NOT_FOUND).count() == 0, "Streamlit's 'Page not found' dialog is shown"


def assert_clean(page, key: str) -> None:
    """No exception box, the page's own title."""
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").all_inner_texts()[:1] == [t(f"page.{key}")]


@pytest.mark.browser
def test_overview_permalink_opens_the_overview(browser, app_url: str) -> None:
    page = open_app(browser, app_url, "/overview?lang=fr", EXPECTED_CHARTS["overview"])
    try:
        _no_page_not_found(page)
        assert page.locator("h1").first.inner_text() == t("page.overview", "fr")
        assert page.url.split("?")[0].endswith("/overview"), page.url  # the link stays as shared
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert nav.count(t("page.overview", "fr")) == 1, f"the overview is listed once: {nav}"
    finally:
        page.context.close()
    root = open_app(browser, app_url, "/", EXPECTED_CHARTS["overview"])
    try:
        _no_page_not_found(root)
        assert_clean(root, "overview")
    finally:
        root.context.close()


@pytest.mark.browser
def test_overview_permalink_on_a_fresh_server(browser, tmp_path: Path) -> None:
    """The first visitor of a just-started server follows a data pack's link to the overview."""
    with serve(tmp_path / "server.log") as base:
        page = open_app(browser, base, "/overview", EXPECTED_CHARTS["overview"])
        try:
            _no_page_not_found(page)
            assert_clean(page, "overview")
            assert page.get_by_text("Language / Langue").count() == 1  # app.py's sidebar, not a bare page
        finally:
            page.context.close()


@pytest.mark.browser
def test_explorer_shows_the_quote_on_screen_at_1400_px(browser, app_url: str, ds: Dataset) -> None:
    page = open_app(browser, app_url, "/explorer")
    try:
        assert page.viewport_size["width"] == 1400
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.locator('th[role="columnheader"]').first.wait_for(state="attached")  # the grid draws after the run
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1400, box
        # Glide's accessible table holds the columns and rows it draws: those on screen
        headers = grid.locator('th[role="columnheader"]').all_inner_texts()
        assert headers[:1] == [t("facts.col.quote")], headers
        first_quote = grid.locator('td[aria-colindex="1"]').first.inner_text()
        assert first_quote == ds.view["quote"].iloc[0]
        assert grid.locator('tbody tr[role="row"]').count() == 25, "the page's 25 rows, no inner scroll box"
        detail = page.locator(".st-key-wps_fact_detail")
        assert first_quote in detail.inner_text()
        d = detail.bounding_box()
        assert d and d["x"] + d["width"] <= 1400
    finally:
        page.context.close()


def test_the_csv_of_a_searched_explorer_is_its_rows(ds: Dataset) -> None:
    """The search is part of the view: the permalink carries it and the rows are the matches."""
    from wps_data.exports.tables import shown_rows
    from wps_data.filters import Filters

    f = Filters(themes=["crsv"], q="Ménaka")
    rows = shown_rows("explorer", ds, f, "en")
    assert 0 < len(rows) < len(shown_rows("explorer", ds, Filters(themes=["crsv"]), "en"))
    assert set(rows["theme"]) == {"crsv"}
    link = datapack.permalink("explorer", f)
    assert link.endswith("?themes=crsv&q=M%C3%A9naka"), link
