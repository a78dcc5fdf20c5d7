"""The Council desk in a real browser: changed words marked, a matrix cell opened, events on charts, links.

What only a browser shows: Streamlit's directives turning escaped text into bold-on-green and
struck-through runs (and nothing from the data into a link), the council matrix drawn as a
heatmap with its counts, the timeline's markers, and the sidebar switch drawing events on a chart.
"""

from __future__ import annotations

import re

import pytest
from browser_support import open_app  # the session's server and browser are conftest fixtures

pytestmark = pytest.mark.browser


def _main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_mandates_show_added_words_bold_and_dropped_words_struck_through(browser, app_url) -> None:
    page = open_app(browser, app_url, "/mandates?mandate_themes=participation", charts=1)
    try:
        main = page.locator('[data-testid="stMain"]')
        assert main.locator("del, s").count() == 0  # no diff until the switch is on
        page.get_by_text("Show what changed from one mandate to the next").click()
        main.get_by_text("What changed from").first.wait_for(state="visible")
        page.wait_for_function("() => location.search.includes('changes=true')")  # the link keeps the choice
        main.locator("del, s").first.wait_for(state="attached")  # the diffs stream in after their headings
        assert main.locator("strong").count() > 0 and main.locator("del, s").count() > 0
        # every link on the page goes to a document or another page of the dashboard, none from the data
        hrefs = page.eval_on_selector_all('[data-testid="stMain"] a[href]', "as => as.map(a => a.href)")
        assert hrefs and not [h for h in hrefs if h.startswith("javascript:")]
        assert "Measured on the page" in _main_text(page)
    finally:
        page.context.close()
    linked = open_app(browser, app_url, "/mandates?changes=true&lang=fr", charts=1)
    try:  # the link opens with the changes shown, in French
        text = _main_text(linked)
        assert "Ce qui a changé depuis" in text and "Les mêmes mots que dans" in text
        assert linked.locator('[data-testid="stMain"] del, [data-testid="stMain"] s').count() > 0
    finally:
        linked.context.close()


def test_the_council_matrix_opens_a_cell_verbatim(browser, app_url) -> None:
    page = open_app(browser, app_url, "/council?lang=fr", charts=1)
    try:
        assert page.locator(".js-plotly-plot g.hm image").count() == 1  # the heatmap is drawn
        text = _main_text(page)
        assert "Ouvrir une case" in text and "Texte intégral, dans la langue de la source (anglais)" in text
        assert "Royaume-Uni" in page.locator(".js-plotly-plot").inner_text()
    finally:
        page.context.close()


def test_the_timeline_draws_every_event_and_events_go_on_charts_over_years(browser, app_url) -> None:
    page = open_app(browser, app_url, "/timeline", charts=1)
    try:
        points = page.locator(".js-plotly-plot g.trace .point").count()
        table_rows = page.locator('[data-testid="stDataFrame"]').last.get_attribute("data-testid")
        assert points >= 30 and table_rows
    finally:
        page.context.close()
    marked = open_app(browser, app_url, "/humanitarian?events=true", charts=5, marks=False)
    try:
        assert (
            marked.locator(
                '[data-testid="stSidebar"] [data-testid="stToggle"] input[aria-checked="true"], '
                '[data-testid="stSidebar"] input[type="checkbox"]:checked'
            ).count()
            == 1
        )
        dotted = marked.eval_on_selector_all(
            ".js-plotly-plot .shapelayer path", "ps => ps.filter(p => (p.style.strokeDasharray || '') !== '').length"
        )
        assert dotted > 0
    finally:
        marked.context.close()


def test_a_link_since_a_release_says_what_changed(browser, app_url) -> None:
    page = open_app(browser, app_url, "/changes?since=864a84998bfd")
    try:
        text = _main_text(page)
        assert re.search(r"\d+ figures added, \d+ revised, 3 removed", text)
        assert "This link compares with release 864a84998bfd" in text
    finally:
        page.context.close()
