"""Every rule of the data contract rejects one bad row, at the line a curator has open.

The table below breaks one cell (or the header, or a row's field count) in a copy of
``data/curated`` with the csv module, runs ``validate_curated`` and expects a Problem
with the right file, physical line, column, value and rule. The expected line is read
from the raw committed file, independently of the CSV parser, and the edited row is
the last one that fits, so multi-line cells above it push its line past its row number.

Below the table: unit tests for the number/quote matching, share agreement and regions,
and for the contract's rules across tables (``relations``, shared by the build and the
app's loader) and manifest format (``manifest``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from wps_data import dataset
from wps_data.contract import manifest, regions
from wps_data.contract.problems import Problem
from wps_data.contract.quotes import numbers_in, quote_has_number, quote_in_text
from wps_data.contract.relations import cross_table_problems
from wps_data.contract.schemas import TABLES, columns, share_agrees
from wps_data.paths import PROJECT_ROOT
from wps_data.pipeline import build as build_module
from wps_data.pipeline import validate as validate_module
from wps_data.pipeline.validate import validate_curated

if TYPE_CHECKING:
    from conftest import CuratedEditor

REPO_CURATED = PROJECT_ROOT / "data" / "curated"
Row = dict[str, str]

# apply(editor) breaks the copy and returns (expected line, expected value or None).
Apply = Callable[["CuratedEditor"], tuple[int, str | None]]


@dataclass(frozen=True)
class Case:
    file: str
    column: str
    rule: str
    apply: Apply


def cell(table: str, where: Callable[[Row], bool], change: Callable[[Row, list[Row]], None], column: str) -> Apply:
    """Change one row; expect the problem on that row's line, showing ``column``'s new text."""

    def apply(ed: CuratedEditor) -> tuple[int, str | None]:
        before, after = ed.edit_row(table, where, change)
        line = ed.committed_line_of(table, next(iter(before.values())))
        return line, after[column]

    return apply


def setting(**values: str) -> Callable[[Row, list[Row]], None]:
    def change(row: Row, _rows: list[Row]) -> None:
        row.update(values)

    return change


def copying_first(col: str) -> Callable[[Row, list[Row]], None]:
    """Give the row the key of the table's first row: a duplicate."""

    def change(row: Row, rows: list[Row]) -> None:
        row[col] = rows[0][col]

    return change


def any_row(_row: Row) -> bool:
    return True


def drop_column(table: str, col: str) -> Apply:
    def apply(ed: CuratedEditor) -> tuple[int, str | None]:
        header, records = ed.read(table)
        i = header.index(col)
        ed.write(table, header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in records])
        return 1, ",".join(header[:i] + header[i + 1 :])

    return apply


def extra_field(table: str) -> Apply:
    def apply(ed: CuratedEditor) -> tuple[int, str | None]:
        header, records = ed.read(table)
        records[-1] = [*records[-1], "surplus"]
        ed.write(table, header, records)
        return ed.committed_line_of(table, records[-1][0]), f"{len(header) + 1} fields"

    return apply


def is_percent_without_counts(r: Row) -> bool:
    return r["unit"] == "percent" and r["numerator"] == "" and r["denominator"] == ""


def is_percent_with_counts(r: Row) -> bool:
    return r["unit"] == "percent" and r["numerator"] != "" and float(r["value"]) > 1


def is_count_with_total(r: Row) -> bool:
    return r["unit"] != "percent" and r["numerator"] != "" and r["denominator"] != ""


def as_cell(x: float) -> str:
    """A number as a curator types it: no exponent, no trailing '.0'."""
    return str(int(x)) if x == int(x) else repr(x)


def double_denominator(row: Row, _rows: list[Row]) -> None:
    row["denominator"] = as_cell(2 * float(row["denominator"]))


def denominator_below_numerator(row: Row, _rows: list[Row]) -> None:
    row["denominator"] = as_cell(float(row["numerator"]) - 1)


def date_not_iso(row: Row, _rows: list[Row]) -> None:
    row["date"] = f"30 June {row['value']}"


def other_unit(row: Row, _rows: list[Row]) -> None:
    row["unit"] = "count" if row["unit"] != "count" else "persons"


CASES: dict[str, Case] = {
    # facts.csv: one column rule each
    "facts-duplicate-fact_id": Case(
        "facts.csv", "fact_id", "field_uniqueness", cell("facts", any_row, copying_first("fact_id"), "fact_id")
    ),
    "facts-bad-slug": Case(
        "facts.csv", "fact_id", "str_matches", cell("facts", any_row, setting(fact_id="Bad_Slug here"), "fact_id")
    ),
    "facts-unknown-theme": Case(
        "facts.csv", "theme", "isin(", cell("facts", any_row, setting(theme="weather"), "theme")
    ),
    "facts-unknown-region": Case(
        "facts.csv", "region", "isin(", cell("facts", any_row, setting(region="Atlantis"), "region")
    ),
    "facts-year-1800": Case(
        "facts.csv",
        "year",
        "greater_than_or_equal_to(1960)",
        cell("facts", lambda r: r["year"] != "", setting(year="1800"), "year"),
    ),
    "facts-value-not-numeric": Case(
        "facts.csv", "value", "coerce_dtype: must be a number", cell("facts", any_row, setting(value="lots"), "value")
    ),
    "facts-unknown-unit": Case("facts.csv", "unit", "isin(", cell("facts", any_row, setting(unit="furlongs"), "unit")),
    "facts-unknown-status": Case(
        "facts.csv", "status", "isin(", cell("facts", any_row, setting(status="rumoured"), "status")
    ),
    # facts.csv: row rules, reported under the column to look at, with their message
    "facts-percent-above-100": Case(
        "facts.csv",
        "value",
        "percent_within_0_100: percent values must lie in 0-100",
        cell("facts", is_percent_without_counts, setting(value="150", quote="150 percent of the members"), "value"),
    ),
    "facts-quote-without-its-number": Case(
        "facts.csv",
        "value",
        "quote_contains_value: the quote must state the value (digits or words)",
        cell("facts", any_row, setting(quote="a sentence that states no figure"), "value"),
    ),
    "facts-share-disagrees-with-counts": Case(
        "facts.csv",
        "numerator",
        "share_matches_numerator_denominator: 100*numerator/denominator must equal the stated share",
        cell("facts", is_percent_with_counts, double_denominator, "numerator"),
    ),
    "facts-numerator-above-denominator": Case(
        "facts.csv",
        "numerator",
        "numerator_not_above_denominator: numerator must not exceed denominator",
        cell("facts", is_count_with_total, denominator_below_numerator, "numerator"),
    ),
    "facts-date-row-without-date": Case(
        "facts.csv",
        "date",
        "date_rows_have_date: unit=date needs an ISO date whose year is the value",
        # An empty cell's value is not compared: it is reported as 'nan' (see report).
        lambda ed: (cell("facts", lambda r: r["unit"] == "date", setting(date=""), "date")(ed)[0], None),
    ),
    "facts-date-row-not-iso": Case(
        "facts.csv", "date", "str_matches", cell("facts", lambda r: r["unit"] == "date", date_not_iso, "date")
    ),
    # facts.csv: rules across tables
    "facts-unknown-source_id": Case(
        "facts.csv",
        "source_id",
        "foreign_key: source_id must exist in sources.csv",
        cell("facts", any_row, setting(source_id="no-such-source"), "source_id"),
    ),
    "facts-unknown-indicator": Case(
        "facts.csv",
        "indicator",
        "foreign_key: indicator must exist in indicators.csv",
        cell("facts", any_row, setting(indicator="no_such_indicator"), "indicator"),
    ),
    "facts-unit-differs-from-indicator": Case(
        "facts.csv",
        "unit",
        "unit_matches_indicator: indicator ",
        cell("facts", lambda r: r["unit"] in ("persons", "cases"), other_unit, "unit"),
    ),
    "facts-body-missing-from-bodies": Case(
        "facts.csv",
        "subject",
        "body_has_branch: every body with a women's share needs a row in bodies.csv",
        cell("facts", lambda r: r["indicator"] == "women_share_body", setting(subject="Imaginary Council"), "subject"),
    ),
    # facts.csv: the file's shape
    "facts-missing-column": Case(
        "facts.csv",
        "-",
        "header must be: " + ",".join(columns("facts")) + " (missing: note)",
        drop_column("facts", "note"),
    ),
    "facts-wrong-field-count": Case(
        "facts.csv",
        "-",
        f"row has {len(columns('facts')) + 1} fields, header has {len(columns('facts'))}",
        extra_field("facts"),
    ),
    # sources.csv
    "sources-duplicate-source_id": Case(
        "sources.csv",
        "source_id",
        "field_uniqueness",
        cell("sources", any_row, copying_first("source_id"), "source_id"),
    ),
    "sources-bad-url": Case(
        "sources.csv",
        "url",
        "str_matches('^https?://')",
        cell("sources", lambda r: r["url"] != "", setting(url="www.un.org/page"), "url"),
    ),
    "sources-unknown-source_type": Case(
        "sources.csv", "source_type", "isin(", cell("sources", any_row, setting(source_type="blog"), "source_type")
    ),
    # indicators.csv
    "indicators-duplicate-indicator": Case(
        "indicators.csv",
        "indicator",
        "field_uniqueness",
        cell("indicators", any_row, copying_first("indicator"), "indicator"),
    ),
    # bodies.csv
    "bodies-unknown-branch": Case(
        "bodies.csv", "branch", "isin(", cell("bodies", any_row, setting(branch="military"), "branch")
    ),
    "bodies-body-without-a-fact": Case(
        "bodies.csv",
        "subject",
        "foreign_key: body must be the subject of at least one fact",
        cell("bodies", any_row, setting(subject="Imaginary Council"), "subject"),
    ),
}


def test_committed_curated_data_is_valid() -> None:
    typed, problems = validate_curated(REPO_CURATED)
    assert problems == []
    assert set(typed) == {"facts", "sources", "indicators", "bodies", "series", "provisions", "statements", "events"}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_one_bad_row_is_rejected_at_its_line(case: Case, edit_curated: CuratedEditor) -> None:
    line, value = case.apply(edit_curated)
    _, problems = validate_curated(edit_curated.root)
    at = [p for p in problems if (p.file, p.line, p.column) == (case.file, line, case.column)]
    hits = [p for p in at if case.rule in p.rule]
    listing = "\n".join(map(str, problems[:20]))
    assert hits, f"no {case.rule!r} at {case.file}:{line} column {case.column!r}; got:\n{listing}"
    if value is not None:
        assert value in {p.value for p in hits}
    assert str(hits[0]).startswith(f"{case.file}:{line}: column {case.column!r}")


def test_line_numbers_count_multi_line_cells(edit_curated: CuratedEditor) -> None:
    """The selected rows sit below multi-line cells, so line and row number differ."""
    _, records = edit_curated.read("facts")
    last = records[-1][0]
    assert edit_curated.line_of("facts", last) == edit_curated.committed_line_of("facts", last)
    assert edit_curated.line_of("facts", last) > len(records) + 1


def test_duplicate_is_reported_on_both_lines(edit_curated: CuratedEditor) -> None:
    before, _ = edit_curated.edit_row("facts", any_row, copying_first("fact_id"))
    _, problems = validate_curated(edit_curated.root)
    lines = {p.line for p in problems if p.rule == "field_uniqueness"}
    assert lines == {2, edit_curated.committed_line_of("facts", before["fact_id"])}


def test_missing_file_is_a_problem(curated_copy: Path) -> None:
    (curated_copy / "bodies.csv").unlink()
    _, problems = validate_curated(curated_copy)
    assert any(p.file == "bodies.csv" and "missing file" in p.rule for p in problems)


def test_non_numeric_value_is_reported_only_on_its_line(edit_curated: CuratedEditor) -> None:
    line, _ = cell("facts", any_row, setting(value="lots"), "value")(edit_curated)
    _, problems = validate_curated(edit_curated.root)
    assert {p.line for p in problems} == {line}


def test_empty_cell_is_shown_as_empty(edit_curated: CuratedEditor) -> None:
    cell("facts", lambda r: r["unit"] == "date", setting(date=""), "date")(edit_curated)
    _, problems = validate_curated(edit_curated.root)
    dates = [p for p in problems if p.rule.startswith("date_rows_have_date")]
    assert dates
    assert [p.value for p in dates] == [""]


# --- numbers in quotes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("14,264 incidents", 14264.0),
        ("1 581 856 personnes", 1581856.0),
        ("1\u00a0581\u00a0856 personnes", 1581856.0),
        ("1\u202f581\u202f856 personnes", 1581856.0),
        ("un taux de 2,64 pour cent", 2.64),
        ("28.57 percent of the Council", 28.57),
        ("5.9 million people in need", 5_900_000.0),
        ("two women ministers", 2.0),
        ("Thirty-five women", 35.0),
        ("US$ 1.3 billion", 1_300_000_000.0),
    ],
    ids=[
        "comma-thousands",
        "space-thousands",
        "nbsp-thousands",
        "narrow-nbsp-thousands",
        "decimal-comma",
        "decimal-point",
        "million",
        "word",
        "hyphenated-words",
        "billion",
    ],
)
def test_numbers_in_reads(text: str, number: float) -> None:
    assert number in numbers_in(text)
    assert quote_has_number(text, number)


def test_numbers_in_hyphenated_words_give_one_number() -> None:
    assert numbers_in("Thirty-five") == [35.0]


def test_a_third_supports_33_33_and_nothing_looser() -> None:
    assert quote_has_number("close to a third of the seats", 33.33)
    assert not quote_has_number("close to a third of the seats", 33.3)
    assert not quote_has_number("close to a third of the seats", 30.0)


@pytest.mark.parametrize(
    ("quote", "value"),
    [
        ("14,264 incidents", 14265.0),
        ("28.57 percent", 28.5),
        ("5.9 million people", 5_800_000.0),
        ("two women ministers", 3.0),
        ("no number at all", 0.0),
    ],
    ids=["off-by-one", "truncated-decimal", "other-millions", "other-word", "no-number"],
)
def test_value_not_in_quote_fails(quote: str, value: float) -> None:
    assert not quote_has_number(quote, value)


def test_nan_value_is_never_in_a_quote() -> None:
    assert not quote_has_number("nan 28.57", float("nan"))


# --- quotes in source texts --------------------------------------------------------------

SOURCE = "Women hold 28.57 percent of the National Transitional\nCouncil (the legisla-\ntive body)."


def test_quote_in_text_ignores_whitespace() -> None:
    assert quote_in_text("28.57 percent of the National Transitional Council", SOURCE)
    assert quote_in_text("28.57percent  of the\tNational\n Transitional Council", SOURCE)


def test_quote_in_text_fails_on_a_changed_word() -> None:
    assert not quote_in_text("28.57 percent of the National Transition Council", SOURCE)
    assert not quote_in_text("28.75 percent of the National Transitional Council", SOURCE)


def test_quote_in_text_rejects_an_empty_quote() -> None:
    assert not quote_in_text(" \n ", SOURCE)


# --- shares ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "numerator", "denominator", "agrees"),
    [
        (4.6, 10, 217, True),  # 4.608, one decimal stated
        (5, 1, 20, True),
        (42, 134, 324, True),  # 41.36 rounded up by the source, whole-number share
        (28.57, 42, 147, True),
        (4.8, 10, 217, False),
        (28.4, 42, 147, False),
        (28.56, 42, 147, False),  # two decimals stated: 28.571 is 28.57
        (50, 1, 0, False),
    ],
)
def test_share_agrees(value: float, numerator: float, denominator: float, agrees: bool) -> None:
    assert share_agrees(value, numerator, denominator) is agrees


# --- regions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Timbuktu", "Tombouctou"),
        ("Koulikouro", "Koulikoro"),
        ("Segou", "Ségou"),
        ("Menaka", "Ménaka"),
        (" Bamako District ", "Bamako"),
        ("Mali", "Mali"),
    ],
)
def test_region_canonical(name: str, canonical: str) -> None:
    assert regions.canonical(name) == canonical
    assert canonical in regions.ALLOWED


def test_unknown_region_raises_key_error() -> None:
    with pytest.raises(KeyError, match="Atlantis"):
        regions.canonical("Atlantis")


# --- contract: rules across tables ------------------------------------------------------


def small_tables() -> dict[str, pd.DataFrame]:
    """Four tiny tables that agree: two facts, one source, two indicators, one body."""
    return {
        "facts": pd.DataFrame(
            {
                "source_id": ["src-a", "src-a"],
                "indicator": ["women_share_body", "crsv_cases"],
                "unit": ["percent", "cases"],
                "subject": ["Governors", "Women and girls"],
            }
        ),
        "sources": pd.DataFrame({"source_id": ["src-a"]}),
        "indicators": pd.DataFrame({"indicator": ["women_share_body", "crsv_cases"], "unit": ["percent", "cases"]}),
        "bodies": pd.DataFrame({"subject": ["Governors"]}),
    }


def test_tables_that_agree_have_no_cross_table_problem() -> None:
    assert cross_table_problems(small_tables()) == []


def test_each_cross_table_rule_names_its_row() -> None:
    tables = small_tables()
    tables["facts"].loc[0, "subject"] = "Imaginary Council"  # no branch, and Governors loses its fact
    tables["facts"].loc[1, ["source_id", "unit"]] = ["src-b", "persons"]
    lines = {"facts": [2, 7], "bodies": [4]}  # physical lines: multi-line cells above row 2
    assert cross_table_problems(tables, lines) == [
        Problem("facts.csv", 7, "source_id", "src-b", "foreign_key: source_id must exist in sources.csv"),
        Problem("facts.csv", 7, "unit", "persons", "unit_matches_indicator: indicator 'crsv_cases' is in 'cases'"),
        Problem(
            "facts.csv",
            2,
            "subject",
            "Imaginary Council",
            "body_has_branch: every body with a women's share needs a row in bodies.csv",
        ),
        Problem("bodies.csv", 4, "subject", "Governors", "foreign_key: body must be the subject of at least one fact"),
    ]


def test_cross_table_rules_default_to_row_positions() -> None:
    tables = small_tables()
    tables["facts"].loc[1, "indicator"] = "no_such_indicator"
    (problem,) = cross_table_problems(tables)
    assert (problem.line, problem.column, problem.value) == (3, "indicator", "no_such_indicator")


def test_cross_table_rules_skip_a_missing_table() -> None:
    tables = small_tables()
    tables["facts"].loc[1, "source_id"] = "src-b"
    assert cross_table_problems({k: v for k, v in tables.items() if k != "sources"}) == []
    assert cross_table_problems({k: v for k, v in tables.items() if k != "facts"}) == []


def test_build_and_load_share_one_set_of_cross_table_rules() -> None:
    assert validate_module.cross_table_problems is cross_table_problems
    assert dataset.cross_table_problems is cross_table_problems
    assert validate_module.Problem is Problem


# --- contract: the manifest format ------------------------------------------------------


def test_manifest_round_trips() -> None:
    payloads = {name: name.encode() * 3 for name in TABLES}
    rows = {name: i for i, name in enumerate(payloads)}
    text = manifest.manifest_bytes("0123456789ab", payloads, rows)
    assert text.endswith(b"}\n") and text == manifest.manifest_bytes(
        "0123456789ab", dict(reversed(payloads.items())), rows
    )
    parsed = manifest.parse(text)
    assert parsed.version == "0123456789ab"
    assert parsed.sha256 == {name: manifest.digest(data) for name, data in payloads.items()}


def test_committed_manifest_parses_and_names_the_curated_version() -> None:
    parsed = manifest.parse((PROJECT_ROOT / "data" / manifest.MANIFEST).read_bytes())
    assert parsed.version == build_module.dataset_version(REPO_CURATED)
    curated = {name: (REPO_CURATED / f"{name}.csv").read_bytes() for name in parsed.sha256}
    assert manifest.version_of(curated) == parsed.version
    assert len(parsed.version) == manifest.VERSION_LENGTH


@pytest.mark.parametrize(
    "text",
    [
        b"{not json",
        b"\xff\xfe random",
        b"[]",
        b'{"tables": {}}',
        b'{"dataset_version": "x", "tables": ["facts"]}',
        b'{"dataset_version": "x", "tables": {"facts": {"sha256": "ab"}}}',
        b'{"dataset_version": "x", "tables": {"facts": {"sha256": 1}, "sources": {"sha256": "a"},'
        b' "indicators": {"sha256": "a"}, "bodies": {"sha256": "a"}}}',
    ],
    ids=["not-json", "not-utf8", "a-list", "no-version", "tables-a-list", "a-table-missing", "digest-not-text"],
)
def test_a_malformed_manifest_is_a_value_error(text: bytes) -> None:
    with pytest.raises(ValueError, match="not a manifest"):
        manifest.parse(text)
