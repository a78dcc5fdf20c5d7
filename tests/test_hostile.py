"""A counted battery of hostile inputs: broken data files, broken curated CSV, hostile links, hostile text.

Every case is one ``Case(name, kind, action)``; ONE parametrized test runs them all and
``test_number_of_hostile_cases`` pins (and prints) how many there are, so the README can
report the number. Kinds:

``parquet``  a built table missing, truncated, empty, random bytes, schema-violating ... :
             ``load_dataset`` raises DataUnavailable naming the file, fix ``wps-data build``.
``manifest`` manifest.json missing, corrupt, or not matching the tables: the same.
``csv``      a curated CSV with one kind of error: ``wps-data validate`` exits 1 naming
             file:line (and the column for a cell), ``wps-data build`` exits 1 and leaves the
             built files byte-identical with no ``*.tmp``; or, where the input is acceptable
             (BOM, CRLF), both exit 0 and the tables are byte-identical to the committed ones.
``query``    malformed, huge or HTML/script URL parameters, run with streamlit's AppTest:
             a notice, no exception, and the payload never rendered as markup.
``app``      the app on a broken or hostile data folder (``WPS_DATA_DIR``).
``export``   formula prefixes and markup through ``export.safe_csv_bytes`` and ``filename``.
``render``   hostile titles, publishers and URLs through ``app.blocks.source_line`` (markdown).
``build``    a build failing part-way (os.replace, fsync, mkstemp, KeyboardInterrupt):
             old files byte-identical, no temporary files.

Everything works on ``tmp_path`` copies (fixtures ``tmp_data``, ``curated_copy``,
``built_workspace``); the committed ``data/`` is never touched.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wps_data.app.frame import FRAME_HTML
from wps_data.cli.main import main as cli_main
from wps_data.contract.schemas import TABLES, columns
from wps_data.dataset import DataUnavailable, load_dataset
from wps_data.exports.tables import FORMULA_PREFIXES, filename, safe_csv_bytes
from wps_data.i18n import t
from wps_data.pagespec import PAGES
from wps_data.paths import PROJECT_ROOT

REPO_DATA = PROJECT_ROOT / "data"
APP = PROJECT_ROOT / "app.py"
NOTICE = "Some link parameters were ignored"
# What a payload looks like when it reaches the page as markup: raw HTML in a markdown or
# HTML body, or a markdown link/image (which alerts and help tooltips render too; their raw
# HTML is shown as text by Streamlit, checked in the browser tests).
MARKUP_HTML = ("<script", "<img")
MARKUP_LINK = ("](https://evil", "](javascript")
MARKUP = MARKUP_HTML + MARKUP_LINK
EXPECTED_CASES = 133  # 5 Parquet cases per table: series added 5, the Council desk's three tables 15

# --- the case type and the context every action receives ---------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile input and what the app must do with it."""

    name: str
    kind: str
    action: Callable[[Ctx], None]
    xfail: str | None = None


@dataclass
class Ctx:
    """Throw-away folders and pytest helpers for one case."""

    tmp: Path
    data: Path  # copy of the committed built files (Parquet + manifest)
    curated: Path  # copy of data/curated
    workspace: Path  # a WPS_DATA_DIR layout: built files + curated/
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def cli(self, *args: str) -> tuple[int, str]:
        """Run ``wps-data ARGS`` in-process; return (exit code, stdout + stderr)."""
        self.capsys.readouterr()
        code = cli_main(list(args))
        out = self.capsys.readouterr()
        return code, out.out + out.err


# --- helpers -------------------------------------------------------------------------------


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]], *, terminator: str = "\n", bom: bool = False) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=terminator).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))


def line_of(path: Path, first_field: str) -> int:
    """Physical 1-based line on which the record whose first field is ``first_field`` starts."""
    lines = path.read_bytes().decode("utf-8-sig", errors="replace").split("\n")
    hits = [i + 1 for i, text in enumerate(lines) if text.startswith((first_field + ",", f'"{first_field}",'))]
    assert len(hits) == 1, (first_field, hits)
    return hits[0]


def edit_fact(curated: Path, change: Callable[[dict[str, str]], None], **write_opts) -> tuple[str, int]:
    """Apply ``change`` to the last percent fact with a decimal value; return (fact_id, its line)."""
    path = curated / "facts.csv"
    header, *records = read_rows(path)
    rows = [dict(zip(header, r, strict=True)) for r in records]
    idx = [i for i, r in enumerate(rows) if r["unit"] == "percent" and "." in r["value"] and not r["numerator"]][-1]
    change(rows[idx])
    write_rows(path, [header, *[[r[c] for c in header] for r in rows]], **write_opts)
    fid = rows[idx]["fact_id"]
    return fid, line_of(path, fid)


def edit_table(curated: Path, table: str, index: int, column: str, value: str) -> tuple[str, int]:
    """Set one cell of row ``index`` (negative from the end); return (first field, its line)."""
    path = curated / f"{table}.csv"
    header, *records = read_rows(path)
    records[index][header.index(column)] = value
    write_rows(path, [header, *records])
    first = records[index][0]
    return first, line_of(path, first)


def run_app(page: str, params: dict[str, str | list[str]] | None = None):
    """Run the app on ``page`` with URL parameters through streamlit's AppTest."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=90)
    if page != "overview":
        at.switch_page(PAGES[page].file)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    return at


def rendered_texts(at) -> list[tuple[str, str]]:
    """Every text the app handed to the browser as markdown or HTML (bodies, captions, helps)."""
    out: list[tuple[str, str]] = []
    for kind in ("markdown", "caption", "warning", "error", "info", "success", "title", "header", "subheader"):
        for el in at.get(kind):
            out.append((kind, str(el.value)))
    for el in at.get("html"):
        body = str(getattr(el.proto, "body", ""))
        if body != FRAME_HTML:  # the page frame's static CSS and script, a constant of app/frame.py (no data)
            out.append(("html", body))
    for el in at.get("metric"):
        out.append(("metric.help", str(el.proto.help)))
        out.append(("metric.label", str(el.proto.label)))
    for el in at.get("code"):
        out.append(("code", str(el.value)))
    return out


def assert_no_markup(at) -> None:
    for kind, body in rendered_texts(at):
        if kind == "code":
            continue  # st.code shows text verbatim by construction
        low = body.lower()
        markers = MARKUP_LINK if kind in ("warning", "error", "info", "success", "metric.help") else MARKUP
        hits = [m for m in markers if m in low]
        assert not hits, f"{kind} renders {hits} as markup: {body[:300]!r}"


def notices(at) -> list[str]:
    return [w.value for w in at.warning if str(w.value).startswith(NOTICE)]


# --- parquet: every broken built table is a DataUnavailable --------------------------------


def expect_unavailable(data: Path, named: Path, says: str = "") -> DataUnavailable:
    with pytest.raises(DataUnavailable) as info:  # any other exception type fails the case
        load_dataset(data)
    err = info.value
    assert str(named) in err.what, err.what
    assert says in err.what, err.what
    assert err.fix == "wps-data build"
    assert str(err).endswith("Fix: run `wps-data build`.")
    return err


def _rewrite(path: Path, change: Callable[[pd.DataFrame], pd.DataFrame]) -> None:
    df = change(pd.read_parquet(path))
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path)


def _first(df: pd.DataFrame, column: str, value: object) -> pd.DataFrame:
    df = df.copy()
    df[column] = df[column].astype(object)
    df.loc[df.index[0], column] = value
    return df


def _percent_150(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df.loc[df.index[df["unit"].eq("percent")][0], "value"] = 150.0
    return df


SCHEMA_BREAKS: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "facts": _percent_150,
    "sources": lambda df: _first(df, "url", "javascript:alert(1)"),
    "indicators": lambda df: _first(df, "unit", "furlongs"),
    "bodies": lambda df: _first(df, "branch", "<script>alert(1)</script>"),
    "series": lambda df: _first(df, "scope", "<img src=x onerror=alert(1)>"),
    "provisions": lambda df: _first(df, "theme", "<script>alert(1)</script>"),
    "statements": lambda df: _first(df, "member", "France"),  # a name, not an ISO code
    "events": lambda df: _first(df, "date_precision", "hour"),
}


def parquet_case(table: str, mode: str) -> Case:
    def action(ctx: Ctx) -> None:
        path = ctx.data / f"{table}.parquet"
        says = ""
        if mode == "missing":
            path.unlink()
            says = "missing"
        elif mode == "truncated":
            path.write_bytes(path.read_bytes()[:100])
            says = "cannot be read"
        elif mode == "empty":
            path.write_bytes(b"")
            says = "cannot be read"
        elif mode == "random":
            path.write_bytes(random.Random(table).randbytes(4096))
            says = "cannot be read"
        elif mode == "schema":
            _rewrite(path, SCHEMA_BREAKS[table])
            says = f"does not match the {table} schema"
        expect_unavailable(ctx.data, path, says)

    return Case(f"parquet-{table}-{mode}", "parquet", action)


def _spark_dir(ctx: Ctx) -> None:
    path = ctx.data / "facts.parquet"
    part = ctx.tmp / "part-0.parquet"
    shutil.move(path, part)
    path.mkdir()
    shutil.move(part, path / "part-0.parquet")
    expect_unavailable(ctx.data, path)


def _dangling_symlink(ctx: Ctx) -> None:
    path = ctx.data / "sources.parquet"
    path.unlink()
    path.symlink_to(ctx.tmp / "nowhere.parquet")
    expect_unavailable(ctx.data, path, "missing")


def _other_table(ctx: Ctx) -> None:
    path = ctx.data / "facts.parquet"
    shutil.copy2(ctx.data / "bodies.parquet", path)
    expect_unavailable(ctx.data, path, "does not match the facts schema")


def _extra_column(ctx: Ctx) -> None:
    path = ctx.data / "bodies.parquet"
    _rewrite(path, lambda df: df.assign(injected="=cmd|' /C calc'!A0"))
    expect_unavailable(ctx.data, path, "does not match the bodies schema")


def _value_as_text(ctx: Ctx) -> None:
    path = ctx.data / "facts.parquet"
    _rewrite(path, lambda df: df.assign(value=df["value"].astype(str).where(df.index > 0, "28,57")))
    expect_unavailable(ctx.data, path, "does not match the facts schema")


def _parquet_header_only(ctx: Ctx) -> None:
    path = ctx.data / "indicators.parquet"
    path.write_bytes(b"PAR1")
    expect_unavailable(ctx.data, path, "cannot be read")


def _manifest_missing(ctx: Ctx) -> None:
    path = ctx.data / "manifest.json"
    path.unlink()
    expect_unavailable(ctx.data, path, "missing or unreadable")


def _manifest_garbage(ctx: Ctx) -> None:
    path = ctx.data / "manifest.json"
    path.write_bytes(random.Random(7).randbytes(512))
    expect_unavailable(ctx.data, path, "missing or unreadable")


def _manifest_wrong_shape(ctx: Ctx) -> None:
    path = ctx.data / "manifest.json"
    path.write_text(json.dumps({"dataset_version": "x", "tables": ["facts"]}))
    expect_unavailable(ctx.data, path, "missing or unreadable")


def _table_from_other_build(ctx: Ctx) -> None:
    path = ctx.data / "facts.parquet"
    pd.read_parquet(path).iloc[:-1].to_parquet(path, index=False)  # schema-valid, not what the build wrote
    expect_unavailable(ctx.data, path, "does not match")


PARQUET_CASES = [parquet_case(t_, m) for t_ in TABLES for m in ("missing", "truncated", "empty", "random", "schema")]
PARQUET_EXTRA = [
    Case("parquet-facts-is-a-spark-directory", "parquet", _spark_dir),
    Case("parquet-sources-dangling-symlink", "parquet", _dangling_symlink),
    Case("parquet-facts-holds-the-bodies-table", "parquet", _other_table),
    Case("parquet-bodies-extra-formula-column", "parquet", _extra_column),
    Case("parquet-facts-value-as-text", "parquet", _value_as_text),
    Case("parquet-indicators-magic-bytes-only", "parquet", _parquet_header_only),
    Case("manifest-missing", "manifest", _manifest_missing),
    Case("manifest-random-bytes", "manifest", _manifest_garbage),
    Case("manifest-wrong-shape", "manifest", _manifest_wrong_shape),
    Case("manifest-table-from-another-build", "manifest", _table_from_other_build),
]


# --- curated CSV: validate names file:line (and column); build changes nothing ------------


def csv_case(
    name: str,
    mutate: Callable[[Path], tuple[str, ...] | str],
    *,
    accepted: bool = False,
    xfail: str | None = None,
) -> Case:
    """``mutate`` edits the curated copy and returns regex(es) that ``validate`` must print."""

    def action(ctx: Ctx) -> None:
        patterns = mutate(ctx.curated)
        patterns = (patterns,) if isinstance(patterns, str) else patterns
        code, out = ctx.cli("validate", "--curated", str(ctx.curated))
        assert code == (0 if accepted else 1), out
        for pat in patterns:
            assert re.search(pat, out, re.M), f"validate output lacks {pat!r}:\n{out[:3000]}"
        before = digests(ctx.data)
        code, out = ctx.cli("build", "--curated", str(ctx.curated), "--out", str(ctx.data))
        assert leftovers(ctx.data) == []
        if accepted:
            assert code == 0, out
            for table in TABLES:  # the same tables as the committed build, byte for byte
                assert (ctx.data / f"{table}.parquet").read_bytes() == (REPO_DATA / f"{table}.parquet").read_bytes()
        else:
            assert code == 1, out
            assert "previous Parquet files left untouched" in out
            assert digests(ctx.data) == before

    return Case(f"csv-{name}", "csv", action, xfail)


def _bad_header(c: Path) -> str:
    rows = read_rows(c / "facts.csv")
    rows[0][rows[0].index("quote")] = "Quote"
    write_rows(c / "facts.csv", rows)
    return r"^facts\.csv:1: column '-': .*header must be: .*\(missing: quote\) \(unexpected: Quote\)"


def _semicolons(c: Path) -> str:
    rows = read_rows(c / "bodies.csv")
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)  # Excel in a French locale
    (c / "bodies.csv").write_text(buf.getvalue(), encoding="utf-8", newline="")
    return r"^bodies\.csv:1: column '-': .*header must be: " + ",".join(columns("bodies"))


def _field_count(c: Path) -> str:
    path = c / "indicators.csv"
    rows = read_rows(path)
    rows[-3].append("one field too many")
    write_rows(path, rows)
    line = line_of(path, rows[-3][0])
    return rf"^indicators\.csv:{line}: column '-': value '7 fields': row has 7 fields, header has 6"


def _non_utf8(c: Path) -> str:
    path = c / "facts.csv"
    raw = path.read_bytes()
    i = raw.find("é".encode())
    path.write_bytes(raw[:i] + "é".encode("latin-1") + raw[i + 2 :])  # one cell saved as Latin-1
    line = raw[:i].count(b"\n") + 1
    return (rf"^facts\.csv:{line}: .*not UTF-8", r"^(?!facts\.csv:1: .*header must be)")


def _utf16(c: Path) -> str:
    path = c / "sources.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))  # Excel "Unicode text"
    return r"^sources\.csv\b.*not UTF-8"


def _empty(c: Path) -> str:
    (c / "facts.csv").write_bytes(b"")
    return r"^facts\.csv:1: column '-': .*file is empty \(no header\)"


def _missing(c: Path) -> str:
    (c / "bodies.csv").unlink()
    return r"^bodies\.csv: column '-': .*missing file: .*bodies\.csv"


def _duplicate_id(c: Path) -> tuple[str, ...]:
    path = c / "facts.csv"
    header, *records = read_rows(path)
    dup = records[3][0]
    records[-5][0] = dup
    write_rows(path, [header, *records])
    lines = [i + 1 for i, s in enumerate(path.read_text(encoding="utf-8").split("\n")) if s.startswith(dup + ",")]
    assert len(lines) == 2
    return tuple(rf"^facts\.csv:{n}: column 'fact_id': value '{re.escape(dup)}': field_uniqueness" for n in lines)


def _bad_fk(c: Path) -> str:
    _, line = edit_fact(c, lambda r: r.update(source_id="no-such-source"))
    return rf"^facts\.csv:{line}: column 'source_id': value 'no-such-source': foreign_key"


def _formula_quote(c: Path) -> str:
    _, line = edit_fact(c, lambda r: r.update(quote='=HYPERLINK("https://evil.example/x","click here")'))
    return rf"^facts\.csv:{line}: column 'value': .*quote_contains_value"


def _comma_decimal(c: Path) -> str:
    _, line = edit_fact(c, lambda r: r.update(value=r["value"].replace(".", ",")))
    return rf"^facts\.csv:{line}: column 'value': value '\d+,\d+': coerce_dtype: must be a number"


def _comma_decimal_crlf(c: Path) -> str:
    _, line = edit_fact(c, lambda r: r.update(value=r["value"].replace(".", ",")), terminator="\r\n")
    assert b"\r\n" in (c / "facts.csv").read_bytes()
    return rf"^facts\.csv:{line}: column 'value': value '\d+,\d+': coerce_dtype: must be a number"


def _bad_fk_bom(c: Path) -> str:
    _, line = edit_fact(c, lambda r: r.update(source_id="no-such-source"), bom=True)
    return rf"^facts\.csv:{line}: column 'source_id': value 'no-such-source': foreign_key"


def _nan_value(c: Path) -> str:
    _, line = edit_fact(c, lambda r: r.update(value="nan"))
    return rf"^facts\.csv:{line}: column 'value': value 'nan'.*value_is_finite"


def _inf_value(c: Path) -> str:
    _, line = edit_fact(c, lambda r: r.update(value="1e400"))
    return rf"^facts\.csv:{line}: column 'value': .*value_is_finite"


def _fractional_year(c: Path) -> str:
    _, line = edit_fact(c, lambda r: r.update(year="2023.5"))
    return rf"^facts\.csv:{line}: column 'year': value '2023\.5': coerce_dtype: must be a whole number"


def _formula_id(c: Path) -> str:
    _, line = edit_table(c, "facts", -7, "fact_id", "=1+1")
    return rf"^facts\.csv:{line}: column 'fact_id': value '=1\+1': str_matches"


def _nul_in_id(c: Path) -> str:
    _, line = edit_table(c, "bodies", 2, "branch", "justice\x00")
    return rf"^bodies\.csv:{line}: column 'branch': value 'justice\\x00': isin"


def _trailing_space_fk(c: Path) -> str:
    _, line = edit_fact(c, lambda r: r.update(source_id=r["source_id"] + " "))
    return rf"^facts\.csv:{line}: column 'source_id': .*str_matches"


def _javascript_url(c: Path) -> str:
    _, line = edit_table(c, "sources", -2, "url", "javascript:alert(document.cookie)")
    return rf"^sources\.csv:{line}: column 'url': value 'javascript:alert\(document\.cookie\)': str_matches"


def _unterminated_quote(c: Path) -> str:
    path = c / "facts.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    # A record in the middle that sits on one physical line and holds no quote character (cells can span lines).
    ids = [r[0] for r in read_rows(path)[1:]]
    starts = [line_of(path, i) - 1 for i in ids]
    n = next(
        a
        for a, b in zip(starts[len(starts) // 2 :], starts[len(starts) // 2 + 1 :], strict=False)
        if b == a + 1 and '"' not in lines[a]
    )
    lines[n] = lines[n].replace(",", ',"', 1)  # an opening quote that is never closed
    path.write_text("\n".join(lines), encoding="utf-8")
    header = len(next(csv.reader([lines[0]])))
    return rf"^facts\.csv:{n + 1}: column '-': value '\d+ fields': row has \d+ fields, header has {header}"


def _markup_quote(c: Path) -> str:
    """Validate accepts it (the number is there); verify-quotes must flag it as not in the source."""
    path = c / "facts.csv"
    header, *records = read_rows(path)
    qi, fi = header.index("quote"), header.index("fact_id")
    row = next(r for r in records if r[fi] == "rep-cnt-women-share-2023")
    assert "28.57" in row[qi]
    row[qi] = row[qi].replace("28.57", "<b>28.57</b>")
    write_rows(path, [header, *records])
    return r"^curated data is valid$"


def _markup_quote_case(ctx: Ctx) -> None:
    _markup_quote(ctx.curated)
    code, out = ctx.cli("validate", "--curated", str(ctx.curated))
    assert code == 0, out  # the number check passes: 28.57 is in the quote
    code, out = ctx.cli("verify-quotes", "--curated", str(ctx.curated))
    assert code == 1, out
    assert re.search(
        r"^rep-cnt-women-share-2023 \(ieg-wps-mali-2023-03\): quote not found in .*<b>28\.57</b>", out, re.M
    )
    assert "1 failure(s)" in out


def _bom(c: Path) -> str:
    for table in TABLES:
        path = c / f"{table}.csv"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # Excel's "CSV UTF-8"
    return r"^curated data is valid$"


def _crlf(c: Path) -> str:
    for table in TABLES:
        path = c / f"{table}.csv"
        write_rows(path, read_rows(path), terminator="\r\n")  # rows end CRLF, newlines in cells stay LF
        assert path.read_bytes().count(b"\r\n") >= len(read_rows(path))
    return r"^curated data is valid$"


def _bom_and_crlf(c: Path) -> str:
    for table in TABLES:
        path = c / f"{table}.csv"
        write_rows(path, read_rows(path), terminator="\r\n", bom=True)
    return r"^curated data is valid$"


CSV_CASES = [
    csv_case("bad-header", _bad_header),
    csv_case("semicolon-delimited", _semicolons),
    csv_case("wrong-field-count", _field_count),
    csv_case("non-utf8-byte", _non_utf8),
    csv_case("utf16-encoded", _utf16),
    csv_case("empty-file", _empty),
    csv_case("missing-file", _missing),
    csv_case("duplicate-id", _duplicate_id),
    csv_case("bad-foreign-key", _bad_fk),
    csv_case("formula-quote-breaks-number-check", _formula_quote),
    csv_case("comma-decimal", _comma_decimal),
    csv_case("comma-decimal-crlf-line-numbers", _comma_decimal_crlf),
    csv_case("bad-foreign-key-bom-line-numbers", _bad_fk_bom),
    csv_case("nan-value", _nan_value),
    csv_case("infinite-value", _inf_value),
    csv_case("fractional-year", _fractional_year),
    csv_case("formula-fact-id", _formula_id),
    csv_case("nul-byte-in-vocabulary", _nul_in_id),
    csv_case("trailing-space-foreign-key", _trailing_space_fk),
    csv_case("javascript-url", _javascript_url),
    csv_case("unterminated-quote", _unterminated_quote),
    csv_case("bom-accepted", _bom, accepted=True),
    csv_case("crlf-accepted", _crlf, accepted=True),
    csv_case("bom-and-crlf-accepted", _bom_and_crlf, accepted=True),
    Case("csv-markup-quote-not-in-source", "csv", _markup_quote_case),
]


# --- URL parameters through AppTest --------------------------------------------------------


def query_case(
    name: str,
    page: str,
    params: dict[str, str | list[str]],
    *,
    notice: bool = True,
    check: Callable[[object], None] | None = None,
    xfail: str | None = None,
) -> Case:
    def action(ctx: Ctx) -> None:
        at = run_app(page, params)
        assert not at.exception, [e.value for e in at.exception]
        assert [x.value for x in at.title][:1] == [t(f"page.{page}")]
        if notice:
            assert notices(at), f"no notice; warnings: {[w.value for w in at.warning]}"
        else:
            assert not notices(at), notices(at)
        assert_no_markup(at)
        if check:
            check(at)

    return Case(f"query-{name}", "query", action, xfail)


def _regions_is(expected: list[str]) -> Callable[[object], None]:
    def check(at) -> None:
        ms = {m.label: m.value for m in at.multiselect}
        assert ms["Regions"] == expected, ms

    return check


def _literal_search(payload: str) -> Callable[[object], None]:
    def check(at) -> None:
        assert at.text_input[0].value == payload  # kept as inert text in the widget
        assert any(re.fullmatch(r"\d+ quotes? match(es)?\.", str(c.value)) for c in at.caption)

    return check


def _default_search(at) -> None:
    assert not at.text_input[0].value, "the too-long search was applied, not ignored"
    assert not any("match" in str(c.value) for c in at.caption)


def _default_map(at) -> None:
    assert {s.label for s in at.selectbox} >= {"Indicator", "Year"}


HUGE = "A" * 10_000
SCRIPT = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=window.__pwned=1>"

QUERY_CASES = [
    query_case("valid-region-control", "violence", {"regions": "Gao"}, notice=False, check=_regions_is(["Gao"])),
    query_case("unknown-key", "violence", {"foo": "bar"}),
    query_case("unknown-region", "violence", {"regions": "Atlantis"}, check=_regions_is([])),
    query_case("years-not-numbers", "violence", {"years": "abc"}),
    query_case("years-reversed", "humanitarian", {"years": "2030-2010"}),
    query_case("years-single-value", "representation", {"years": "2015"}),
    query_case("region-with-nul", "violence", {"regions": "Gao\x00"}),
    query_case("repeated-key-one-bad", "violence", {"regions": ["Gao", "Atlantis"]}),
    query_case("huge-value-10000", "violence", {"regions": HUGE}),
    query_case("huge-key-10000", "overview", {HUGE: "1"}),
    query_case("huge-search-10000", "sources", {"q": "women " * 1700}, check=_default_search),
    query_case("lang-unknown", "overview", {"lang": "xx"}),
    query_case("lang-script", "overview", {"lang": SCRIPT}),
    query_case("script-in-unknown-value", "violence", {"foo": SCRIPT}),
    query_case("img-in-unknown-value", "overview", {"foo": IMG}),
    query_case("script-in-key", "overview", {SCRIPT: "1"}),
    query_case("markdown-link-in-key", "minusma", {"[x](https://evil.example)": "1"}),
    query_case("markdown-image-in-key", "violence", {"![t](https://evil.example/t.png)": "1"}),
    query_case("markup-in-theme", "explorer", {"themes": "crsv,<b>x</b>"}),
    query_case("img-in-branch", "representation", {"branches": IMG}),
    query_case("filter-of-another-page", "minusma", {"regions": "Gao"}),
    query_case("search-script-is-inert-text", "sources", {"q": SCRIPT}, notice=False, check=_literal_search(SCRIPT)),
    query_case("search-img-is-inert-text", "sources", {"q": IMG}, notice=False, check=_literal_search(IMG)),
    query_case("map-indicator-script", "map", {"indicator": SCRIPT}, check=_default_map),
    query_case("map-year-out-of-range", "map", {"year": "1800"}, check=_default_map),
    query_case("explorer-undated-not-boolean", "explorer", {"undated": "maybe"}),
]


# --- the app on a broken or hostile data folder --------------------------------------------


def _error_page(page: str, breaks: Callable[[Path], None]) -> Callable[[Ctx], None]:
    def action(ctx: Ctx) -> None:
        breaks(ctx.workspace)
        ctx.monkeypatch.setenv("WPS_DATA_DIR", str(ctx.workspace))
        at = run_app(page)
        assert not at.exception, [e.value for e in at.exception]
        assert [x.value for x in at.title] == [t("error.title")]
        assert any("wps-data build" in c.value for c in at.code)
        assert not at.get("plotly_chart")

    return action


def _hostile_titles(ctx: Ctx) -> None:
    """Every source title and locator carries markup: the overview must show it as text."""
    path = ctx.workspace / "curated" / "sources.csv"
    header, *records = read_rows(path)
    ti = header.index("title")
    for r in records:
        r[ti] = f"{SCRIPT} [x](https://evil.example) {r[ti]}"
    write_rows(path, [header, *records])
    code, out = ctx.cli("build", "--curated", str(ctx.workspace / "curated"), "--out", str(ctx.workspace))
    assert code == 0, out
    ctx.monkeypatch.setenv("WPS_DATA_DIR", str(ctx.workspace))
    at = run_app("overview")
    assert not at.exception, [e.value for e in at.exception]
    assert at.get("metric"), "no headline metrics"
    assert_no_markup(at)


APP_CASES = [
    Case(
        "app-facts-missing-shows-error-page", "app", _error_page("overview", lambda d: (d / "facts.parquet").unlink())
    ),
    Case(
        "app-random-bytes-shows-error-page",
        "app",
        _error_page("violence", lambda d: (d / "sources.parquet").write_bytes(os.urandom(2048))),
    ),
    Case(
        "app-corrupt-manifest-shows-error-page",
        "app",
        _error_page("explorer", lambda d: (d / "manifest.json").write_text("{not json")),
    ),
    Case(
        "app-spark-directory-shows-error-page",
        "app",
        _error_page(
            "overview",
            lambda d: (
                shutil.move(d / "facts.parquet", d / "f.tmp.parquet"),
                (d / "facts.parquet").mkdir(),
                shutil.move(d / "f.tmp.parquet", d / "facts.parquet" / "part-0.parquet"),
            ),
        ),
    ),
    Case("app-hostile-source-titles-are-inert", "app", _hostile_titles),
]


# --- exports -------------------------------------------------------------------------------


def _csv_cells(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def export_case(name: str, value: object, expected: str) -> Case:
    def action(ctx: Ctx) -> None:
        df = pd.DataFrame({"fact_id": ["f1"], "quote": [value], "value": [28.57]})
        header, row = _csv_cells(safe_csv_bytes(df))
        assert header == ["fact_id", "quote", "value"]
        assert row == ["f1", expected, "28.57"]

    return Case(f"export-{name}", "export", action)


def _mixed_object_column(ctx: Ctx) -> None:
    df = pd.DataFrame({"note": pd.Series([1, "=x", None, -4.5], dtype=object), "n": [-1, 2, 3, -4]})
    rows = _csv_cells(safe_csv_bytes(df))
    assert rows[1:] == [["1", "-1"], ["'=x", "2"], ["", "3"], ["-4.5", "-4"]]  # numbers keep their sign


def _categorical_and_string_dtypes(ctx: Ctx) -> None:
    df = pd.DataFrame(
        {
            "cat": pd.Categorical(["=1+1", "ok"]),
            "string": pd.array(["+2", "@x"], dtype="string"),
            "obj": pd.Series(["-3", "\t=4"], dtype=object),
        }
    )
    rows = _csv_cells(safe_csv_bytes(df))
    cells = [c for r in rows[1:] for c in r]
    assert not [c for c in cells if c.startswith(FORMULA_PREFIXES)], cells
    assert cells == ["'=1+1", "'+2", "'-3", "ok", "'@x", "'\t=4"]


def _whole_dataset(ctx: Ctx) -> None:
    from wps_data.exports.tables import export_frame

    ds = load_dataset(ctx.data)
    rows = _csv_cells(safe_csv_bytes(export_frame(ds.view)))
    assert len(rows) == len(ds.view) + 1
    numeric = {i for i, c in enumerate(rows[0]) if c in ("value", "year", "numerator", "denominator")}
    bad = [c for r in rows[1:] for i, c in enumerate(r) if i not in numeric and c.startswith(FORMULA_PREFIXES)]
    assert bad == []


def _formula_quote_end_to_end(ctx: Ctx) -> None:
    """A quote that starts with '=' and still states its number is built, then exported inert."""
    from wps_data.exports.tables import export_frame

    cur = ctx.workspace / "curated"
    fid, _ = edit_fact(cur, lambda r: r.update(quote=f'=HYPERLINK("https://evil.example","{r["value"]} percent")'))
    code, out = ctx.cli("build", "--curated", str(cur), "--out", str(ctx.workspace))
    assert code == 0, out
    ds = load_dataset(ctx.workspace)
    rows = _csv_cells(safe_csv_bytes(export_frame(ds.view[ds.view["fact_id"].eq(fid)])))
    quote = rows[1][rows[0].index("quote")]
    assert quote.startswith("'=HYPERLINK(")


def _filename_traversal(ctx: Ctx) -> None:
    name = filename("../../etc/passwd", "regions <script>alert(1)</script>; ..\\..\\x", "csv")
    assert re.fullmatch(r"mali-wps_[a-z0-9-]+_[a-z0-9-]+_\d{4}-\d{2}-\d{2}\.csv", name), name


EXPORT_CASES = [
    export_case(
        "hyperlink-formula",
        '=HYPERLINK("https://evil.example","28.57")',
        '\'=HYPERLINK("https://evil.example","28.57")',
    ),
    export_case("plus-prefix", "+28.57 percent", "'+28.57 percent"),
    export_case("minus-prefix", "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    export_case("at-prefix", "@SUM(1+1)*cmd", "'@SUM(1+1)*cmd"),
    export_case("tab-prefix", "\t=1+1", "'\t=1+1"),
    export_case("cr-prefix", "\r=1+1", "'\r=1+1"),
    export_case("bold-markup-inert", "<b>28.57</b> percent", "<b>28.57</b> percent"),
    export_case("script-markup-inert", "<script>alert(1)</script> 28.57", "<script>alert(1)</script> 28.57"),
    export_case("quotes-and-commas", 'He said "28,57", then =1', 'He said "28,57", then =1'),
    Case("export-mixed-object-column", "export", _mixed_object_column),
    Case("export-categorical-and-string-dtypes", "export", _categorical_and_string_dtypes),
    Case("export-whole-dataset-has-no-live-formula", "export", _whole_dataset),
    Case("export-formula-quote-end-to-end", "export", _formula_quote_end_to_end),
    Case("export-filename-path-traversal", "export", _filename_traversal),
]


# --- markdown built from data ----------------------------------------------------------------


def render_case(name: str, xfail: str | None = None, **fields: str) -> Case:
    def action(ctx: Ctx) -> None:
        from wps_data.app.blocks import source_line

        row = {
            "source_id": "s1",
            "title": "A title",
            "publisher": "UN Women, secretariat",
            "published": "2023-03-28",
            "url": "https://undocs.org/S/RES/2584(2021)",
            "source_type": "un_document",
        }
        row.update(fields)
        md = source_line(pd.DataFrame([row]), "en")
        low = md.lower()
        assert not [m for m in MARKUP if m in low], md
        assert md.count("](") <= 1, f"more than one link: {md}"
        if row["url"].startswith(("http://", "https://")):
            assert md.count("](") == 1, md

    return Case(f"render-{name}", "render", action, xfail)


RENDER_CASES = [
    render_case("script-title", title=SCRIPT),
    render_case("markdown-link-title", title="[x](https://evil.example) and ![img](https://evil.example/p.png)"),
    render_case("img-publisher", publisher=IMG + ", rest"),
    render_case("javascript-url", url="javascript:alert(1)"),
    render_case("url-closing-paren", url="https://example.org/a)[x](https://evil.example"),
]


# --- a build failing part-way --------------------------------------------------------------


def _fail_on_call(n: int, real: Callable, exc: BaseException) -> Callable:
    calls = {"n": 0}

    def fake(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == n:
            raise exc
        return real(*args, **kwargs)

    return fake


def build_case(name: str, target: tuple[object, str], n: int, exc: BaseException, *, stale: bool = False) -> Case:
    def action(ctx: Ctx) -> None:
        cur = ctx.curated
        header, *records = read_rows(cur / "facts.csv")
        ni = header.index("note")
        records[-1][ni] = (records[-1][ni] + " Checked again.").strip()  # a valid change: facts.parquet differs
        write_rows(cur / "facts.csv", [header, *records])
        if stale:
            (ctx.data / "facts.parquet.bak.tmp").write_bytes(b"left by a killed build")
        before = digests(ctx.data)
        obj, attr = target
        ctx.monkeypatch.setattr(obj, attr, _fail_on_call(n, getattr(obj, attr), exc))
        if isinstance(exc, OSError):
            code, out = ctx.cli("build", "--curated", str(cur), "--out", str(ctx.data))
            assert code == 1 and "previous Parquet files left untouched" in out, out
        elif isinstance(exc, KeyboardInterrupt):  # Ctrl-C: the CLI exits 130 without a traceback
            code, out = ctx.cli("build", "--curated", str(cur), "--out", str(ctx.data))
            assert code == 130, out
        else:
            with pytest.raises(type(exc)):
                cli_main(["build", "--curated", str(cur), "--out", str(ctx.data)])
        ctx.monkeypatch.undo()
        after = digests(ctx.data)
        if stale:
            before.pop("facts.parquet.bak.tmp")
        assert after == before
        assert leftovers(ctx.data) == []

    return Case(f"build-{name}", "build", action)


def _no_link(*_a, **_k):
    raise OSError(18, "Invalid cross-device link (simulated)")


def _link_fails_then_replace_fails(ctx: Ctx) -> None:
    ctx.monkeypatch.setattr(os, "link", _no_link)  # forces the copy2 backup path
    build_case("x", (os, "replace"), 3, OSError(28, "No space left on device (simulated)")).action(ctx)


BUILD_CASES = [
    build_case("replace-fails-3rd-call", (os, "replace"), 3, OSError(28, "No space left on device (simulated)")),
    build_case("replace-fails-1st-call", (os, "replace"), 1, OSError(5, "I/O error (simulated)")),
    build_case("replace-fails-last-call", (os, "replace"), 5, OSError(5, "I/O error (simulated)")),
    build_case("ctrl-c-at-3rd-replace", (os, "replace"), 3, KeyboardInterrupt()),
    build_case("fsync-fails", (os, "fsync"), 2, OSError(28, "No space left on device (simulated)")),
    build_case("mkstemp-fails", (tempfile, "mkstemp"), 4, OSError(24, "Too many open files (simulated)")),
    build_case("stale-backup-then-replace-fails", (os, "replace"), 2, OSError(5, "I/O error (simulated)"), stale=True),
    Case("build-no-hard-links-then-replace-fails", "build", _link_fails_then_replace_fails),
]


# --- the battery -----------------------------------------------------------------------------

CASES: list[Case] = [
    *PARQUET_CASES,
    *PARQUET_EXTRA,
    *CSV_CASES,
    *QUERY_CASES,
    *APP_CASES,
    *EXPORT_CASES,
    *RENDER_CASES,
    *BUILD_CASES,
]


def _param(case: Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.fixture
def ctx(
    tmp_path: Path,
    tmp_data: Path,
    curated_copy: Path,
    built_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Ctx:
    # Every table of the contract, whatever list of built files conftest's fixtures copy.
    for folder in (tmp_data, built_workspace):
        for name in TABLES:
            if not (folder / f"{name}.parquet").exists():
                shutil.copy2(REPO_DATA / f"{name}.parquet", folder / f"{name}.parquet")
    return Ctx(tmp_path, tmp_data, curated_copy, built_workspace, monkeypatch, capsys)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_hostile(case: Case, ctx: Ctx) -> None:
    case.action(ctx)


def test_number_of_hostile_cases(capsys: pytest.CaptureFixture[str]) -> None:
    names = [c.name for c in CASES]
    assert len(set(names)) == len(names), "case names must be unique"
    kinds: dict[str, int] = {}
    for c in CASES:
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    with capsys.disabled():
        print(
            f"\nhostile cases: {len(CASES)} ({', '.join(f'{k} {n}' for k, n in kinds.items())}); "
            f"known bugs (xfail): {sum(1 for c in CASES if c.xfail)}"
        )
    assert len(CASES) == EXPECTED_CASES
    assert {"parquet", "manifest", "csv", "query", "app", "export", "render", "build"} == set(kinds)


# The rest of the battery lives beside this file, one module per area, each listing its cases as (class, name).
BATTERY = ("test_hostile_csv", "test_hostile_writes", "test_hostile_render", "test_hostile_urls")


def test_the_whole_battery_counted_by_class(capsys: pytest.CaptureFixture[str]) -> None:
    import importlib

    everything = [(c.kind, c.name) for c in CASES]
    for module in BATTERY:
        everything += [
            (f"{module.removeprefix('test_hostile_')}:{k}", n) for k, n in importlib.import_module(module).CASES
        ]
    classes: dict[str, int] = {}
    for kind, _ in everything:
        classes[kind] = classes.get(kind, 0) + 1
    with capsys.disabled():
        print(
            f"\nhostile battery: {len(everything)} cases: " + ", ".join(f"{k} {n}" for k, n in sorted(classes.items()))
        )
    assert len(everything) == len(set(everything)), "case names are unique within a class"
    for area in ("csv", "writes", "render", "urls"):
        assert any(k.startswith(area + ":") for k in classes), f"no cases from test_hostile_{area}"
    assert len(everything) >= 250
