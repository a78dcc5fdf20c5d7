"""Hostile text in the curated data, rendered: the page, every plotly figure and the SVG export show it as typed.

One hostile dataset is built (``wps-data build`` into a temporary ``WPS_DATA_DIR``) in
which a fact's subject, every body's short label, every indicator's caveat, every source
title and a quote hold every payload of ``PAYLOADS``: a markdown link and image, an HTML
link and bold, LaTeX, a Material icon, an emoji shortcode, a colour directive and an
entity. Then, for each payload:

``page``    the AppTest-rendered pages (markdown, captions, metric labels and helps) carry
            the payload only in its escaped form (``app.escape.md``), never as markup.
``figure``  every text field of every chart's plotly figure (titles, names, categories,
            text, hover data, annotations, axis titles) carries only ``viz.plain``'s form.
``svg``     the SVG export of charts holding the payload parses as XML, has no ``<a>``
            element, and shows the payload as typed.

``control`` cases put control characters (NUL, ESC, DEL...) in a chart's title, subtitle and
sources and check that the SVG still parses as XML. ``unit`` cases pin the two escapes.

Layer: tests (uses the CLI, the dataset, charts, exports, app.escape and AppTest).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest

from wps_data.app.escape import WORD_JOINER, md
from wps_data.charts import ChartResult, draw
from wps_data.cli.main import main as cli_main
from wps_data.contract.schemas import TABLES
from wps_data.dataset import Dataset, load_dataset
from wps_data.exports import images
from wps_data.pagespec import PAGES
from wps_data.paths import PROJECT_ROOT
from wps_data.viz import plain

REPO_DATA = PROJECT_ROOT / "data"
APP = PROJECT_ROOT / "app.py"
BUILT_FILES = (*(f"{name}.parquet" for name in TABLES), "manifest.json")

PAYLOADS: dict[str, str] = {
    "md-link": "[mdlink](https://e.vil/l)",
    "md-image": "![mdimg](https://e.vil/i.png)",
    "html-link": '<a href="https://e.vil/a">alink</a>',
    "html-bold": "<b>bold</b><br>",
    "latex": "$x^2$",
    "material-icon": ":material/warning:",
    "emoji": ":smile:",
    "directive": ":red[redtext]",
    "entity": "&lt;ent&gt;",
}
HOSTILE = " ".join(PAYLOADS.values())
CONTROL = "ctl\x00nul\x1besc\x7fdel\x0bvt\x85nel"

# What each payload looks like when a medium renders it as markup instead of text.
PAGE_MARKUP = {
    "md-link": ["](https://e.vil", "[mdlink]"],
    "md-image": ["![mdimg]", "](https://e.vil"],
    "html-link": ["<a href", "<a"],
    "html-bold": ["<b>", "<br>"],
    "latex": ["$x^2$"],
    "material-icon": [":material/warning:"],
    "emoji": [":smile:"],
    "directive": [":red[", ":red\\["],
    "entity": ["&lt;ent&gt;"],  # unescaped, markdown would decode it to "<ent>"
}
FIGURE_MARKUP = ("html-link", "html-bold", "latex", "entity")  # what plotly reads as markup (entities decoded)
SVG_PAYLOADS = ("html-link", "html-bold", "latex", "entity")
SVG_CHARTS = ("rep-quota", "violence-regions")
PAGES_SHOWN = ("overview", "representation", "violence", "disagree")  # disagree: quotes and titles in cards
FIGURE_PAGES = ("overview", "representation", "violence", "humanitarian", "minusma", "map")

CASES: list[tuple[str, str]] = [
    *(("page", name) for name in PAYLOADS),
    *(("figure", name) for name in FIGURE_MARKUP),
    *(("svg", name) for name in SVG_PAYLOADS),
    ("control", "svg-parses-with-control-characters"),
    ("unit", "md-neutralises-every-payload"),
    ("unit", "plain-escapes-every-payload"),
]


# --- the hostile dataset ---------------------------------------------------------------


def _edit(path: Path, change: Any) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        header, *records = list(csv.reader(fh))
    rows = [dict(zip(header, r, strict=True)) for r in records]
    for r in rows:
        change(r)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *[[r[c] for c in header] for r in rows]])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


def _one_payload(i: int) -> str:
    return f"{list(PAYLOADS.values())[i % len(PAYLOADS)]} {i}"


def _hostile_facts(r: dict[str, str]) -> None:
    if r["fact_id"] == "ext-x074":  # a regional GBV count: its subject is drawn as a bar label
        r["subject"] = f"{HOSTILE} {r['subject']}"
    if r["fact_id"] == "rep-cnt-women-share-2023":
        r["quote"] = f"{HOSTILE} {r['quote']}"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A WPS_DATA_DIR built from curated data holding every payload."""
    ws = tmp_path_factory.mktemp("hostile-render")
    for name in BUILT_FILES:
        shutil.copy2(REPO_DATA / name, ws / name)
    cur = ws / "curated"
    shutil.copytree(REPO_DATA / "curated", cur)
    labels = iter(range(1000))  # a short label holds at most 40 characters: one payload per body, in turn
    _edit(cur / "bodies.csv", lambda r: r.update(short_label=_one_payload(next(labels))))
    _edit(cur / "indicators.csv", lambda r: r.update(caveat=f"{HOSTILE} {r['caveat']}") if r["caveat"] else None)
    _edit(cur / "sources.csv", lambda r: r.update(title=f"{HOSTILE} {r['title']}"))
    _edit(cur / "facts.csv", _hostile_facts)
    code = cli_main(["build", "--curated", str(cur), "--out", str(ws)])
    assert code == 0, "the hostile curated data should build: payloads are text, not errors"
    return ws


@pytest.fixture(scope="module")
def ds(workspace: Path) -> Dataset:
    return load_dataset(workspace)


@pytest.fixture(scope="module")
def results(ds: Dataset) -> list[ChartResult]:
    return [draw(c, ds, {}, "en") for p in FIGURE_PAGES for c in PAGES[p].charts]


@pytest.fixture(scope="module")
def page_texts(workspace: Path) -> dict[str, list[tuple[str, str]]]:
    """Every markdown-like text of the pages, rendered by streamlit's AppTest on the hostile data."""
    from streamlit.testing.v1 import AppTest

    out: dict[str, list[tuple[str, str]]] = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WPS_DATA_DIR", str(workspace))
        for page in PAGES_SHOWN:
            at = AppTest.from_file(str(APP), default_timeout=120)
            if page != "overview":
                at.switch_page(PAGES[page].file)
            at.run()
            assert not at.exception, [e.value for e in at.exception]
            assert at.get("plotly_chart") or not PAGES[page].charts, f"{page}: no chart drawn"
            out[page] = _rendered(at)
    return out


def _rendered(at: Any) -> list[tuple[str, str]]:
    """What the app handed to the browser as markdown (see tests/test_hostile.py's ``rendered_texts``)."""
    out: list[tuple[str, str]] = []
    for kind in ("markdown", "caption", "warning", "error", "info", "success", "title", "header", "subheader"):
        out += [(kind, str(el.value)) for el in at.get(kind)]
    out += [("html", str(getattr(el.proto, "body", ""))) for el in at.get("html")]
    for el in at.get("metric"):
        out += [("metric.help", str(el.proto.help)), ("metric.label", str(el.proto.label))]
    for el in at.get("expander"):
        out.append(("expander.label", str(el.proto.label)))
    return out


# --- figure text -----------------------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)
    elif hasattr(value, "tolist"):
        yield from _strings(value.tolist())


TEXT_KEYS = ("text", "name", "x", "y", "customdata", "hovertemplate", "texttemplate", "title", "labels")


def figure_texts(fig: go.Figure) -> list[str]:
    """Every string plotly draws as text: trace names, categories, labels, hover data; layout titles, annotations."""
    out: list[str] = []
    for tr in fig.to_plotly_json()["data"]:
        for key in TEXT_KEYS:
            out += list(_strings(tr.get(key)))
    lay = fig.to_plotly_json()["layout"]
    out += list(_strings(lay.get("title")))
    out += [a.get("text", "") for a in lay.get("annotations", [])]
    for key, axis in lay.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            out += list(_strings(axis.get("title")))
    return out


# --- the cases -------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "name"), [c for c in CASES if c[0] == "page"])
def test_page_shows_payload_as_text(page_texts: dict[str, list[tuple[str, str]]], kind: str, name: str) -> None:
    payload, escaped = PAYLOADS[name], md(PAYLOADS[name])
    seen = False
    for page, texts in page_texts.items():
        for where, body in texts:
            hits = [m for m in PAGE_MARKUP[name] if m in body]
            assert not hits, f"{page} {where} renders {name} {hits} as markup: {body[:300]!r}"
            seen = seen or escaped in body
    assert seen, f"{name}: the escaped payload {escaped!r} is on no page (did the data reach it?)"
    assert payload not in escaped


@pytest.mark.parametrize(("kind", "name"), [c for c in CASES if c[0] == "figure"])
def test_figures_hold_payload_escaped(results: list[ChartResult], kind: str, name: str) -> None:
    payload, escaped = PAYLOADS[name], plain(PAYLOADS[name])
    assert payload not in escaped
    seen = set()
    for res in results:
        for text in figure_texts(res.figure):
            assert payload not in text, f"{res.chart_id}: {name} reaches plotly as markup in {text[:300]!r}"
            if escaped in text.replace("<br>", " "):  # a row label may be wrapped at its spaces
                seen.add(res.chart_id)
    assert {"rep-quota", "violence-regions"} <= seen, f"{name}: escaped payload only in {sorted(seen)}"


@pytest.fixture(scope="module")
def browser() -> str:
    ok, reason = images.image_export_available()
    if not ok:
        pytest.skip(f"image export unavailable: {reason}")
    return reason


@pytest.fixture(scope="module")
def svgs(browser: str, results: list[ChartResult]) -> dict[str, str]:
    """One Kaleido session: the SVG of each chart in ``SVG_CHARTS`` and of one with control characters."""
    chosen = [r for r in results if r.chart_id in SVG_CHARTS]
    ctl = dataclasses.replace(chosen[0], chart_id="control", title=f"{CONTROL} {chosen[0].title}", subtitle=CONTROL)
    ctl.figure = go.Figure(ctl.figure)
    ctl.figure.add_annotation(text=plain(CONTROL), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False)
    shown = [*chosen, ctl]
    data = images.chart_images(shown, "svg")
    return {r.chart_id: d.decode("utf-8") for r, d in zip(shown, data, strict=True)}


SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises ParseError on invalid XML (a NUL, a stray '<')


@pytest.mark.parametrize(("kind", "name"), [c for c in CASES if c[0] == "svg"])
def test_svg_export_shows_payload_as_typed(svgs: dict[str, str], kind: str, name: str) -> None:
    for chart_id in SVG_CHARTS:
        root = _parse(svgs[chart_id])
        links = [el for el in root.iter() if el.tag in (f"{SVG}a", "a")]
        assert not links, f"{chart_id}: SVG holds {len(links)} <a> element(s)"
        bold = [
            el for el in root.iter(f"{SVG}tspan") if "bold" in (el.get("style") or "") and "bold" in (el.text or "")
        ]
        assert not bold, f"{chart_id}: data text drawn bold"
        shown = " ".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))
        assert PAYLOADS[name] in shown.replace("\xa0", " ") or _split_match(name, shown), (
            f"{chart_id}: {name} not shown as typed"
        )


def _split_match(name: str, shown: str) -> bool:
    """The payload's characters are all drawn (plotly may wrap a long label over lines)."""
    core = {"html-link": 'href="https://e.vil/a"', "html-bold": "<b>bold</b>", "latex": "$x^2$"}
    return core.get(name, PAYLOADS[name]) in shown


@pytest.mark.parametrize(("kind", "name"), [c for c in CASES if c[0] == "control"])
def test_svg_with_control_characters_is_xml(svgs: dict[str, str], kind: str, name: str) -> None:
    root = _parse(svgs["control"])
    shown = " ".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))
    assert "ctl" in shown and "nul" in shown
    assert "\x00" not in svgs["control"] and "\x1b" not in svgs["control"]


@pytest.mark.parametrize(("kind", "name"), [c for c in CASES if c[0] == "unit"])
def test_escapes(kind: str, name: str) -> None:
    if name == "md-neutralises-every-payload":
        out = md(HOSTILE + CONTROL)
        for payload_name, markers in PAGE_MARKUP.items():
            assert not [m for m in markers if m in out], (payload_name, out)
        assert "\\$x^2\\$" in out and f":{WORD_JOINER}smile:" in out and f":{WORD_JOINER}material/" in out
        assert "\x00" not in out and "\ufffd" in out
        assert md("12: 30 at 10:30") == f"12: 30 at 10:{WORD_JOINER}30"
    else:
        out = plain(HOSTILE + CONTROL)
        assert "<" not in out and ">" not in out and "$" not in out and "\x00" not in out
        assert "&amp;lt;ent&amp;gt;" in out and "&lt;a href" in out and "&#36;x^2&#36;" in out


def test_cases_cover_every_class() -> None:
    assert {k for k, _ in CASES} == {"page", "figure", "svg", "control", "unit"}
    assert len(CASES) == len(set(CASES))
