"""Exports, filter parsing and the message catalogues.

Export: formula-like CSV cells are neutralised (numbers never are), files are UTF-8
with a BOM so Excel keeps accents, and file names say page, filter and date.
Filters: ``pagespec.parse_filters`` accepts valid KEY=VALUE pairs and rejects the rest
with a FilterError that lists the valid choices.
i18n: every key the code asks ``t()`` for exists in English, French keys and
placeholders match English, and a missing French key falls back to English.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from wps_data import i18n
from wps_data.app import views
from wps_data.contract import desk, releases, schemas
from wps_data.dataset import Dataset, load_dataset
from wps_data.exports import tables as export
from wps_data.i18n.catalogue import EN, FR
from wps_data.pagespec import PAGES, FilterError, describe_filters, parse_filters
from wps_data.paths import PROJECT_ROOT

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(PROJECT_ROOT / "data")


# --- neutralise / safe_csv_bytes -------------------------------------------------------


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1:A2)", "\tx", "\rx", '=HYPERLINK("http://x")', "-"])
def test_neutralise_prefixes_formula_like_text(cell: str) -> None:
    assert export.neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Ménaka", "", "a=b", "1+1", " =1", "'=1", "x-1", "100%"])
def test_neutralise_leaves_ordinary_text(cell: str) -> None:
    assert export.neutralise(cell) == cell


@pytest.mark.parametrize("value", [-5, -2.5, 0, 14264, 3.25, None, True])
def test_neutralise_leaves_numbers_and_none_alone(value: object) -> None:
    out = export.neutralise(value)
    assert out is value or out == value
    assert type(out) is type(value)


def test_neutralise_leaves_nan() -> None:
    out = export.neutralise(float("nan"))
    assert isinstance(out, float) and pd.isna(out)


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["Ménaka", "Ségou", "Gao"],
            "quote": ["=1+1", "+cmd", "plain text, with a comma"],
            "note": ["@x", None, "-2"],
            "value": [-2.5, 14264.5, 0.5],
            "year": pd.array([2022, None, 2015], dtype="Int64"),
        }
    )


def test_safe_csv_bytes_bom_and_round_trip() -> None:
    b = export.safe_csv_bytes(_frame())
    assert b.startswith(BOM)
    assert b"\r\n" in b
    back = pd.read_csv(io.BytesIO(b), encoding="utf-8-sig")
    assert list(back.columns) == ["region", "quote", "note", "value", "year"]
    assert back["region"].tolist() == ["Ménaka", "Ségou", "Gao"]
    assert back["quote"].tolist() == ["'=1+1", "'+cmd", "plain text, with a comma"]
    assert back["note"].iloc[0] == "'@x" and pd.isna(back["note"].iloc[1]) and back["note"].iloc[2] == "'-2"
    assert back["value"].tolist() == [-2.5, 14264.5, 0.5]  # negative numbers are not touched
    text = b.decode("utf-8-sig")
    assert ",2022\r\n" in text and "2022.0" not in text  # nullable integers stay integers
    assert "\n-2.5," not in text and "'-2.5" not in text


def test_safe_csv_bytes_does_not_modify_its_input() -> None:
    df = _frame()
    export.safe_csv_bytes(df)
    assert df["quote"].iloc[0] == "=1+1"


def test_safe_csv_bytes_on_real_export_frame(ds: Dataset) -> None:
    rows = ds.view[ds.view["region"].eq("Ménaka")]
    assert not rows.empty
    b = export.safe_csv_bytes(export.export_frame(rows))
    back = pd.read_csv(io.BytesIO(b), encoding="utf-8-sig")
    assert list(back.columns)[:3] == ["fact_id", "theme", "indicator"]
    assert set(back["region"]) == {"Ménaka"}
    assert sorted(back["fact_id"]) == sorted(rows["fact_id"])
    for col in back.columns:
        if pd.api.types.is_numeric_dtype(back[col]):
            continue
        cells = back[col].dropna().astype(str)
        assert not cells.str.match(r"[=+\-@\t\r]").any(), col


def test_safe_csv_bytes_whole_floats_without_point_zero() -> None:
    text = export.safe_csv_bytes(pd.DataFrame({"value": [14264.0, 2.5]})).decode("utf-8-sig")
    assert "14264\r\n" in text and "14264.0" not in text


# --- slug / filename -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ségou; years 2015-2022", "segou-years-2015-2022"),
        ("regions Gao+Mopti", "regions-gao-mopti"),
        ("Ménaka & Taoudénit", "menaka-taoudenit"),
        ("  --  ", "all"),
        ("", "all"),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert export.slug(text) == expected


def test_slug_is_short_and_safe() -> None:
    s = export.slug("Ségou " * 50)
    assert len(s) <= 80 and re.fullmatch(r"[a-z0-9-]+", s) and not s.endswith("-")


def test_filename_has_page_filter_and_date() -> None:
    name = export.filename("violence", "regions Gao; years 2015-2018", "csv", today=dt.date(2026, 11, 23))
    assert name == "mali-wps_violence_regions-gao-years-2015-2018_2026-11-23.csv"
    today = export.filename("Représentation", "Ségou; years 2015-2022", "zip")
    assert today == f"mali-wps_representation_segou-years-2015-2022_{dt.date.today().isoformat()}.zip"


def test_filename_from_described_filters() -> None:
    text = describe_filters({"regions": ["Ségou"], "years": (2015, 2022)})
    assert text == "regions Ségou; years 2015-2022"
    assert "regions-segou-years-2015-2022" in export.filename("violence", text, "csv")


# --- pagespec.parse_filters --------------------------------------------------------------


def _year_bounds(ds: Dataset) -> tuple[int, int]:
    y = ds.facts["year"].dropna().astype(int)
    return int(y.min()), int(y.max())


def test_parse_filters_valid(ds: Dataset) -> None:
    out = parse_filters("violence", ds, ["years=2015-2020", "regions=Gao,Mopti"])
    assert out == {"years": (2015, 2020), "regions": ["Gao", "Mopti"]}
    assert parse_filters("violence", ds, ["regions=Gao", "regions=Ségou"]) == {"regions": ["Gao", "Ségou"]}
    assert parse_filters("violence", ds, ["statuses=verified"]) == {"statuses": ["verified"]}
    assert parse_filters("violence", ds, []) == {}


def test_parse_filters_unknown_key_lists_valid_filters(ds: Dataset) -> None:
    with pytest.raises(FilterError) as err:
        parse_filters("violence", ds, ["colour=red"])
    msg = str(err.value)
    assert "'colour'" in msg
    for key in ("years", "regions", "statuses"):
        assert key in msg
    with pytest.raises(FilterError, match="none"):
        parse_filters("minusma", ds, ["years=2015-2020"])


@pytest.mark.parametrize("value", ["2020-2015", "1900-2020", "2015-2999"])
def test_parse_filters_bad_year_range_lists_valid_range(ds: Dataset, value: str) -> None:
    lo, hi = _year_bounds(ds)
    with pytest.raises(FilterError) as err:
        parse_filters("violence", ds, [f"years={value}"])
    assert f"{lo}-{hi}" in str(err.value)


@pytest.mark.parametrize("value", ["abc", "2015", "2015-20x0", ""])
def test_parse_filters_malformed_year_range(ds: Dataset, value: str) -> None:
    with pytest.raises(FilterError, match="year range"):
        parse_filters("violence", ds, [f"years={value}"])


@pytest.mark.parametrize("value", ["Atlantis", "Gao,Atlantis", "Menaka"])
def test_parse_filters_unknown_region_lists_valid_regions(ds: Dataset, value: str) -> None:
    with pytest.raises(FilterError) as err:
        parse_filters("violence", ds, [f"regions={value}"])
    msg = str(err.value)
    used = set(ds.facts["region"])
    for region in ("Gao", "Mopti", "Ménaka"):
        assert region in used and region in msg
    assert "Atlantis" in msg or "Menaka" in msg


def test_parse_filters_not_key_value(ds: Dataset) -> None:
    with pytest.raises(FilterError, match="KEY=VALUE"):
        parse_filters("violence", ds, ["Gao"])


def test_describe_filters() -> None:
    assert describe_filters({}) == "all data"
    assert describe_filters({"regions": [], "years": None}) == "all data"
    two = describe_filters({"years": (2015, 2018), "regions": ["Gao", "Mopti"]})
    assert two == "years 2015-2018; regions Gao+Mopti"
    assert describe_filters({"indicator": "idps", "year": 2022}) == "indicator idps; year 2022"


# --- i18n --------------------------------------------------------------------------------

CODE_FILES = sorted(
    [*(PROJECT_ROOT / "src").rglob("*.py"), *(PROJECT_ROOT / "pages").glob("*.py"), *PROJECT_ROOT.glob("app.py")]
)
LITERAL_KEY = re.compile(r"\bt\(\s*([\"'])([a-z0-9_.-]+)\1(?!\s*\+)")
# Keys built at run time: t(f"status.{s}") or t("sex." + s); the prefix names the family.
FSTRING_KEY = re.compile(r"\bt\(\s*f([\"'])([^\"'{]*)\{")
CONCAT_KEY = re.compile(r"\bt\(\s*([\"'])([a-z0-9_.-]+)\1\s*\+")


def _code() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in CODE_FILES}


def _enumerated_keys() -> dict[str, list[str]]:
    """Every key an f-string ``t(f"prefix{...}")`` can produce, by prefix."""
    gap_cols = ["subject", "kind", "branch", "value", "meets", "gap_points", "size", "women", "women_needed"]
    return {
        "status.": [f"status.{s}" for s in schemas.STATUSES],
        "body_kind.": [f"body_kind.{k}" for k in schemas.BODY_KINDS],
        "disagree.kind.": [f"disagree.kind.{k}" for k in ("value", "undated", "meaning")],
        "theme.": [f"theme.{th}" for th in schemas.THEMES],
        "overview-gaps.reason.": [f"overview-gaps.reason.{r}" for r in ("none", "part_year")],
        "sex.": [f"sex.{s}" for s in schemas.SEX_AGE],
        "unit.": [f"unit.{u}" for u in schemas.UNITS],
        "source_type.": [f"source_type.{s}" for s in schemas.SOURCE_TYPES],
        "page.": [f"page.{k}" for k in PAGES],
        "crsv.measure.": ["crsv.measure.verified", "crsv.measure.reported"],
        "rep.col.": [f"rep.col.{c}" for c in [*gap_cols, "derivation", "fact_id"]],
        "filter.": [f"filter.{fs.key}" for p in PAGES.values() for fs in p.filters] + ["filter.since"],
        "points.": ["points.one", "points.other"],
        "why.": ["why.recent", "why.order"],  # what chose among sources of the best type (analysis.prefer)
        # the Council desk (contract.desk vocabularies; releases' fields)
        "mandate_theme.": [f"mandate_theme.{x}" for x in desk.PROVISION_THEMES],
        "topic.": [f"topic.{x}" for x in desk.TOPICS],
        "statement_kind.": [f"statement_kind.{x}" for x in desk.STATEMENT_KINDS],
        "event_kind.": [f"event_kind.{x}" for x in desk.EVENT_KINDS],
        "changes.kind.": [f"changes.kind.{x}" for x in ("added", "revised", "removed")],
        "field.": [f"field.{x}" for x in releases.VALUE_FIELDS + releases.MEANING_FIELDS],
        # one template, a variant for a singular count or a full run of years
        "overview-gaps.title": ["overview-gaps.title", "overview-gaps.title_one"],
        "overview-gaps.takeaway": ["overview-gaps.takeaway", "overview-gaps.takeaway_one"],
        "crsv-by-year.subtitle": ["crsv-by-year.subtitle", "crsv-by-year.subtitle_full"],
        "crsv-by-year.takeaway": ["crsv-by-year.takeaway", "crsv-by-year.takeaway_full"],
    }


def test_every_literal_key_used_in_code_exists_in_english() -> None:
    used: dict[str, list[str]] = {}
    for path, text in _code().items():
        for _, key in LITERAL_KEY.findall(text):
            used.setdefault(key, []).append(path.name)
    assert len(used) >= 100, "the key scan found too few t() calls: is the regex still right?"
    missing = {k: v for k, v in used.items() if k not in EN}
    assert not missing, f"keys used in code but missing from messages_en.EN: {missing}"


def test_every_dynamic_key_family_is_known_and_exists_in_english() -> None:
    families = _enumerated_keys()
    prefixes = set()
    for path, text in _code().items():
        for _, prefix in FSTRING_KEY.findall(text) + CONCAT_KEY.findall(text):
            if re.fullmatch(r"[a-z0-9_.-]+", prefix):
                prefixes.add(prefix)
                assert prefix in families, f'{path.name}: t(f"{prefix}{{...}}") is not enumerated in this test'
    assert {"status.", "sex.", "unit.", "page."} <= prefixes
    missing = [k for keys in families.values() for k in keys if k not in EN]
    assert not missing, f"keys reachable through f-strings but missing from EN: {missing}"


def test_keys_named_by_page_specs_exist_in_english() -> None:
    keys = {p.section for p in PAGES.values()} | {f.label_key for p in PAGES.values() for f in p.filters}
    assert keys and not [k for k in keys if k not in EN]


def test_gap_table_column_keys_exist(ds: Dataset) -> None:
    from wps_data import charts

    table = views.gap_table(charts.draw("rep-quota", ds).derived, "en")
    assert len(table.columns) == 11  # with the kind of body (standing, past, batch, measure)
    assert not any(c.startswith("rep.col.") for c in table.columns)


def test_french_keys_are_a_subset_of_english() -> None:
    assert len(FR) >= 20
    assert not [k for k in FR if k not in EN]


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}


def test_french_templates_use_the_english_placeholders() -> None:
    bad = {k: (_fields(EN[k]), _fields(v)) for k, v in FR.items() if k in EN and _fields(EN[k]) != _fields(v)}
    assert not bad, f"placeholders differ (en, fr): {bad}"
    assert any(_fields(v) for v in FR.values())  # the check compared at least one template with fields


def test_every_template_formats_with_its_own_placeholders() -> None:
    for cat in (EN, FR):
        for key, tpl in cat.items():
            tpl.format(**{f: "x" for f in _fields(tpl)})  # raises on a broken template
            assert key


def test_t_falls_back_to_english_for_a_missing_french_key(monkeypatch: pytest.MonkeyPatch) -> None:
    partial = {k: v for k, v in FR.items() if k != "rep-quota.title"}
    monkeypatch.setitem(i18n.CATALOGUES, "fr", partial)
    assert i18n.t("rep-quota.title", "fr", below=3, n=5) == "3 of 5 standing bodies are below the 30% quota"
    assert i18n.t("page.overview", "fr") == FR["page.overview"]


def test_french_catalogue_is_complete() -> None:
    assert set(FR) == set(EN)


def test_t_uses_french_when_present_and_english_for_unknown_language() -> None:
    key = next(k for k in FR if FR[k] != EN[k] and not _fields(FR[k]))
    assert i18n.t(key, "fr") == FR[key]
    assert i18n.t(key, "en") == EN[key]
    assert i18n.t(key, "de") == EN[key]
    assert i18n.t("sidebar.dataset", "fr", version="v1", facts=3, sources=2, all=4).startswith("Version des données v1")


def test_t_unknown_key_raises() -> None:
    with pytest.raises(KeyError):
        i18n.t("no.such.key")
