"""Export commands of ``wps-data``: ``charts``, ``chart``, ``briefing``, ``datapack``, ``html`` and ``xlsx``.

Exit codes follow ``wps_data.cli.main``: 0 success; 1 the data cannot be loaded or the file
cannot be made (nothing is written then); 2 bad arguments (an unknown chart, page or
filter, a ``--width`` outside 1-10000 pixels, a ``--format`` that contradicts the ``--out``
suffix), with the valid choices on stderr. Every file is built in memory and written with
``wps_data.files.write_atomic``, so a failure half-way (or Ctrl-C, or SIGTERM) never
leaves a partial or temporary file, and an ``--out`` that is a directory, a FIFO, a
device or a symbolic link is refused (exit 1) instead of being replaced: checked before
anything is rendered, and again by the writer just before the rename.

Layer: cli. Imports charts, exports, dataset, pagespec, i18n and the leaves; never
``wps_data.app`` or streamlit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from wps_data import paths
from wps_data.charts.registry import REGISTRY, charts_for, draw
from wps_data.dataset import Dataset, DataUnavailable, load_dataset
from wps_data.exports import datapack, deck, images
from wps_data.exports import html as html_export
from wps_data.exports import xlsx as xlsx_export
from wps_data.exports.tables import chart_csv_bytes, page_results, shown_rows
from wps_data.files import refuse_non_regular, write_atomic
from wps_data.i18n import LANGUAGES
from wps_data.pagespec import PAGES, FilterError, describe_filters, parse_filters

DEFAULT_BASE_URL = datapack.DEFAULT_BASE_URL
MAX_WIDTH = 10_000  # pixels; PNGs below images.MIN_PNG_WIDTH are scaled up to it
CHART_FORMATS = ("png", "svg", "csv")


class ExportError(Exception):
    """A problem already explained to the user; carries the exit code."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _load() -> Dataset:
    try:
        return load_dataset(paths.data_dir())
    except DataUnavailable as err:
        raise ExportError(f"cannot load the dataset: {err.what}\nFix: run {err.fix}", 1) from err


def _chart_page(chart_id: str) -> str:
    if chart_id not in REGISTRY:
        raise ExportError(f"unknown chart {chart_id!r}; valid charts: {', '.join(REGISTRY)}", 2)
    return REGISTRY[chart_id].page


def _page(page: str, *, with_charts: bool) -> str:
    valid = [p for p in PAGES if charts_for(p)] if with_charts else list(PAGES)
    if page not in valid:
        what = "page with charts" if with_charts and page in PAGES else "page"
        raise ExportError(f"unknown {what} {page!r}; valid pages: {', '.join(valid)}", 2)
    return page


def _filters(page: str, ds: Dataset, pairs: list[str] | None) -> dict[str, Any]:
    try:
        return parse_filters(page, ds, pairs or [])
    except FilterError as err:
        raise ExportError(str(err), 2) from err


def _pixel_width(text: str) -> int:
    """``--width``: a whole number of pixels from 1 to MAX_WIDTH (argparse turns the error into exit 2)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_WIDTH:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a valid width: give a whole number of pixels from 1 to {MAX_WIDTH:,}"
            f" (PNGs narrower than {images.MIN_PNG_WIDTH} are drawn {images.MIN_PNG_WIDTH} wide)"
        )
    return value


def _chart_format(fmt: str | None, out: str) -> str:
    """The chart's format: ``--format``, else the ``--out`` suffix, else png; a contradiction is refused."""
    suffix = Path(out).suffix.lower().lstrip(".")
    if fmt and suffix in CHART_FORMATS and suffix != fmt:
        raise ExportError(
            f"--format {fmt} contradicts --out {out} (a .{suffix} file); give --out a .{fmt} name"
            f" or drop --format to write {suffix}",
            2,
        )
    fmt = fmt or suffix or "png"
    if fmt not in CHART_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; valid formats: {', '.join(CHART_FORMATS)}", 2)
    return fmt


def _check_out(out: str) -> None:
    """Refuse at once an ``--out`` that exists and is not a regular file, before any work is done."""
    try:
        refuse_non_regular(out)
    except OSError as err:
        raise ExportError(f"cannot write {out}: {err}; nothing was written", 1) from err


def _write(out: str, data: bytes) -> None:
    try:
        write_atomic(Path(out), data)
    except OSError as err:
        raise ExportError(f"cannot write {out}: {err}; nothing was written", 1) from err
    print(f"wrote {out} ({len(data):,} bytes)")


def _need_images() -> None:
    ok, reason = images.image_export_available()
    if not ok:
        raise ExportError(f"cannot render images: {reason}", 1)


def _render_failed(err: Exception, what: str = "the image") -> ExportError:
    return ExportError(f"could not make {what} ({type(err).__name__}: {err}); nothing was written", 1)


def _cmd_charts(args: argparse.Namespace) -> int:
    ds = _load()
    width = max(len(c) for c in REGISTRY)
    for chart_id, spec in REGISTRY.items():
        res = draw(chart_id, ds, {}, args.lang)
        print(f"{chart_id:<{width}}  {spec.page:<14}  {res.title}")
    return 0


def _cmd_chart(args: argparse.Namespace) -> int:
    page = _chart_page(args.chart_id)
    fmt = _chart_format(args.format, args.out)
    _check_out(args.out)
    ds = _load()
    filters = _filters(page, ds, args.filter)
    if fmt == "csv":  # the data behind the chart: exactly the rows it plots
        _write(args.out, chart_csv_bytes(draw(args.chart_id, ds, filters, args.lang)))
        return 0
    _need_images()
    res = draw(args.chart_id, ds, filters, args.lang)
    try:
        data = images.chart_images([res], fmt, width=args.width, version=ds.version, lang=args.lang)[0]
    except Exception as err:  # any renderer failure: report it, write nothing
        raise _render_failed(err) from err
    _write(args.out, data)
    return 0


def _cmd_briefing(args: argparse.Namespace) -> int:
    page = _page(args.page, with_charts=True)
    _check_out(args.out)
    ds = _load()
    filters = _filters(page, ds, args.filter)
    ok, reason = images.image_export_available()
    if not ok:
        _err(f"warning: the deck will have no chart images: {reason}")
    results = page_results(page, ds, filters, args.lang)
    try:
        data = deck.briefing_deck(page, ds, filters, args.lang, results)
    except Exception as err:  # any renderer failure: report it, write nothing
        raise _render_failed(err, "the deck") from err
    _write(args.out, data)
    print(f"{len(results)} chart slide(s) for {page} ({describe_filters(filters)})")
    return 0


def _cmd_datapack(args: argparse.Namespace) -> int:
    page = _page(args.page, with_charts=False)
    _check_out(args.out)
    ds = _load()
    filters = _filters(page, ds, args.filter)
    rows = shown_rows(page, ds, filters, args.lang)  # the rows the page shows: the app's CSV, byte for byte
    base = getattr(args, "base_url", None) or DEFAULT_BASE_URL  # --base-url or WPS_PUBLIC_URL (cli.main)
    link = args.permalink or datapack.permalink(page, filters, base=base, lang=args.lang)
    _write(args.out, datapack.data_pack(page, ds, filters, rows, permalink=link, lang=args.lang))
    print(f"{len(rows)} row(s); permalink {link}")
    return 0


def _cmd_html(args: argparse.Namespace) -> int:
    page = _page(args.page, with_charts=False)
    _check_out(args.out)
    ds = _load()
    filters = _filters(page, ds, args.filter)
    try:
        data = html_export.page_html(page, ds, filters, args.lang)
    except Exception as err:  # any failure while building: report it, write nothing
        raise _render_failed(err, "the HTML page") from err
    _write(args.out, data)
    print(f"{len(PAGES[page].charts)} chart(s) for {page} ({describe_filters(filters)}); opens offline")
    return 0


def _cmd_xlsx(args: argparse.Namespace) -> int:
    page = _page(args.page, with_charts=False)
    _check_out(args.out)
    ds = _load()
    filters = _filters(page, ds, args.filter)
    rows = shown_rows(page, ds, filters, args.lang)  # the rows the page shows: its CSV's rows
    try:
        data = xlsx_export.page_xlsx(page, ds, filters, args.lang, rows=rows)
    except Exception as err:  # any failure while building: report it, write nothing
        raise _render_failed(err, "the workbook") from err
    _write(args.out, data)
    print(f"{len(rows)} row(s) for {page} ({describe_filters(filters)})")
    return 0


def _run(fn: Any) -> Any:
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return int(fn(args))
        except ExportError as err:
            _err(str(err))
            return err.code

    return wrapped


def add_commands(sub: Any) -> None:
    """Add the export commands to the ``wps-data`` sub-parsers."""
    filt = {
        "action": "append",
        "metavar": "KEY=VALUE",
        "help": "a page filter, e.g. years=2015-2022 or regions=Gao,Mopti (repeatable)",
    }
    lang = {"choices": list(LANGUAGES), "default": "en", "help": "language of titles and takeaways"}

    c = sub.add_parser("charts", help="list every chart id with its page and current title")
    c.add_argument("--lang", **lang)
    c.set_defaults(func=_run(_cmd_charts))

    one = sub.add_parser("chart", help="one chart as PNG (>= 1600 px wide) or SVG, sources drawn in")
    one.add_argument("chart_id", metavar="CHART_ID", help="see `wps-data charts`")
    one.add_argument(
        "--format",
        choices=list(CHART_FORMATS),
        help="default: from the --out suffix, else png (contradicting the suffix is refused); csv: the rows it plots",
    )
    one.add_argument("--out", required=True, help="file to write")
    one.add_argument("--filter", **filt)
    one.add_argument("--lang", **lang)
    one.add_argument(
        "--width",
        type=_pixel_width,
        default=images.MIN_PNG_WIDTH,
        help=f"pixel width, 1 to {MAX_WIDTH} (PNG: at least {images.MIN_PNG_WIDTH})",
    )
    one.set_defaults(func=_run(_cmd_chart))

    pages_with_charts = ", ".join(p for p in PAGES if charts_for(p))
    slides = sub.add_parser("briefing", help="a 16:9 PowerPoint deck of a page's charts")
    slides.add_argument("--page", required=True, help=f"one of: {pages_with_charts}")
    slides.add_argument("--filter", **filt)
    slides.add_argument("--out", required=True, help="deck.pptx to write")
    slides.add_argument("--lang", **lang)
    slides.set_defaults(func=_run(_cmd_briefing))

    pack = sub.add_parser("datapack", help="ZIP of a page's rows: CSV, datapackage.json, README, citation, link")
    pack.add_argument("--page", required=True, help=f"one of: {', '.join(PAGES)}")
    pack.add_argument("--filter", **filt)
    pack.add_argument("--out", required=True, help="pack.zip to write")
    pack.add_argument("--permalink", help=f"link to the view (default: {DEFAULT_BASE_URL}/<page>?<filters>)")
    pack.add_argument("--lang", **lang)
    pack.set_defaults(func=_run(_cmd_datapack))

    page_help = f"one of: {', '.join(PAGES)}"
    offline = sub.add_parser("html", help="one self-contained HTML file of a page: interactive charts, sources, quotes")
    offline.add_argument("--page", required=True, help=page_help)
    offline.add_argument("--filter", **filt)
    offline.add_argument("--out", required=True, help="page.html to write (opens with no network)")
    offline.add_argument("--lang", **lang)
    offline.set_defaults(func=_run(_cmd_html))

    book = sub.add_parser("xlsx", help="Excel workbook of a page's rows: data, sources and read-me sheets")
    book.add_argument("--page", required=True, help=page_help)
    book.add_argument("--filter", **filt)
    book.add_argument("--out", required=True, help="rows.xlsx to write")
    book.add_argument("--lang", **lang)
    book.set_defaults(func=_run(_cmd_xlsx))
