"""Unit tests for ``wps_data.analysis.metrics`` on small constructed frames.

Every frame here is built by ``fact()`` / ``make_view()`` with the columns of the
enriched view (facts joined with their source and indicator), so each rule of the
pure transforms (quota gap, women needed, year-on-year change, conflicts between
sources, preference between sources, gaps in series, filters, quote search, source
counts) is checked on a handful of rows whose right answer is known by hand.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from wps_data import analysis as mx
from wps_data import charts
from wps_data.analysis.quota import _shares_from_counts
from wps_data.charts import as_of
from wps_data.i18n import words

VIEW_COLUMNS = [
    "fact_id",
    "theme",
    "indicator",
    "subject",
    "region",
    "year",
    "period",
    "sex_age",
    "value",
    "unit",
    "status",
    "numerator",
    "denominator",
    "source_id",
    "locator",
    "quote",
    "cites",
    "note",
    "date",
    "title",
    "publisher",
    "published",
    "url",
    "source_type",
    "symbol",
    "label",
    "definition",
    "caveat",
]

_counter = iter(range(1, 100_000))


def fact(**kw: object) -> dict[str, object]:
    """One fact row of the enriched view; keyword arguments override the defaults."""
    n = next(_counter)
    row: dict[str, object] = {
        "fact_id": f"f-{n}",
        "theme": "representation",
        "indicator": "women_share_body",
        "subject": "Body",
        "region": "Mali",
        "year": 2023,
        "period": "",
        "sex_age": "women",
        "value": 10.0,
        "unit": "percent",
        "status": "reported",
        "numerator": math.nan,
        "denominator": math.nan,
        "source_id": "src-a",
        "locator": "p. 1",
        "quote": "a quote",
        "cites": "",
        "note": "",
        "date": "",
        "title": "Source A",
        "publisher": "Publisher A",
        "published": "2023-01-01",
        "url": "https://example.org/a",
        "source_type": "un_document",
        "symbol": "",
        "label": "Women's share of members",
        "definition": "",
        "caveat": "",
    }
    unknown = set(kw) - set(row)
    assert not unknown, f"not a view column: {unknown}"
    row.update(kw)
    return row


def make_view(*rows: dict[str, object]) -> pd.DataFrame:
    """A view frame with the dtypes of the real one (year as nullable Int64)."""
    df = pd.DataFrame(list(rows), columns=VIEW_COLUMNS)
    df["year"] = df["year"].astype("Int64")
    for col in ("value", "numerator", "denominator"):
        df[col] = df[col].astype(float)
    return df


def bodies(*subjects: str, branch: str = "executive") -> pd.DataFrame:
    return pd.DataFrame(
        {"subject": list(subjects), "branch": branch, "kind": "standing", "short_label": list(subjects)}
    )


def share(subject: str, value: float, year: object = 2023, **kw: object) -> dict[str, object]:
    return fact(subject=subject, value=value, year=year, **kw)


def count(indicator: str, subject: str, value: float, year: object = 2023, **kw: object) -> dict[str, object]:
    unit = "seats" if indicator == "women_members" else "count"
    return fact(indicator=indicator, subject=subject, value=value, year=year, unit=unit, **kw)


def row_of(q: pd.DataFrame, subject: str) -> pd.Series:
    hit = q[q["subject"].eq(subject)]
    assert len(hit) == 1, f"{subject!r} appears {len(hit)} times in the quota table"
    return hit.iloc[0]


# --- quota_table ---------------------------------------------------------------------


def test_quota_compliant_at_exactly_30_not_at_29_99() -> None:
    v = make_view(share("At quota", 30.0), share("Just under", 29.99))
    q = mx.quota_table(v, bodies("At quota", "Just under"))
    at, under = row_of(q, "At quota"), row_of(q, "Just under")
    assert bool(at["compliant"]) is True
    assert at["gap_points"] == 0.0
    assert bool(under["compliant"]) is False
    assert under["gap_points"] == pytest.approx(0.01)


def test_quota_gap_points_sign_and_rounding() -> None:
    v = make_view(share("Short", 28.567), share("Above", 41.234))
    q = mx.quota_table(v, bodies("Short", "Above"))
    assert row_of(q, "Short")["gap_points"] == 1.43  # 30 - 28.567 = 1.433, rounded to 2 decimals
    assert row_of(q, "Above")["gap_points"] == -11.23  # negative: above the quota
    assert "short of" in deriv(row_of(q, "Short"))
    assert "above" in deriv(row_of(q, "Above"))


def test_quota_table_is_sorted_by_share_descending() -> None:
    v = make_view(share("Low", 5.0), share("High", 45.0), share("Mid", 20.0))
    q = mx.quota_table(v, bodies("Low", "High", "Mid"))
    assert q["subject"].tolist() == ["High", "Mid", "Low"]


def test_quota_women_from_companion_facts_governors() -> None:
    v = make_view(
        share("Governors", 5.0),
        count("members_total", "Governors", 20),
        count("women_members", "Governors", 1),
    )
    r = row_of(mx.quota_table(v, bodies("Governors")), "Governors")
    assert (r["size"], r["women"], r["women_needed"]) == (20, 1, 5)  # ceil(6) - 1
    assert "ceil(30% x 20) = 6" in deriv(r)
    assert "estimated" not in deriv(r)


def test_quota_undated_share_uses_undated_companions_prefects() -> None:
    v = make_view(
        share("Prefects", 4.6, year=None),
        count("members_total", "Prefects", 217, year=None),
        count("women_members", "Prefects", 10, year=None),
        count("members_total", "Prefects", 999, year=2019),  # another year: not a companion
    )
    r = row_of(mx.quota_table(v, bodies("Prefects")), "Prefects")
    assert (r["size"], r["women"], r["women_needed"]) == (217, 10, 56)  # ceil(65.1) = 66, minus 10


def test_quota_size_from_the_share_own_denominator() -> None:
    v = make_view(share("National Assembly", 28.57, numerator=42, denominator=147))
    r = row_of(mx.quota_table(v, bodies("National Assembly", branch="legislature")), "National Assembly")
    assert (r["size"], r["women"], r["women_needed"]) == (147, 42, 3)  # ceil(44.1) = 45, minus 42
    assert bool(r["compliant"]) is False
    assert r["gap_points"] == 1.43


def test_quota_women_needed_zero_when_above() -> None:
    v = make_view(share("Above", 40.0, numerator=4, denominator=10))
    r = row_of(mx.quota_table(v, bodies("Above")), "Above")
    assert r["women_needed"] == 0
    assert "0 more women needed" in deriv(r)


def test_quota_size_from_members_total_women_estimated_and_said_so() -> None:
    v = make_view(share("Committee", 20.0), count("members_total", "Committee", 50))
    r = row_of(mx.quota_table(v, bodies("Committee")), "Committee")
    assert (r["size"], r["women"], r["women_needed"]) == (50, 10, 5)  # 20% x 50 = 10; ceil(15) - 10
    assert "estimated as 20% x 50" in deriv(r)


def test_quota_without_size_leaves_women_needed_unknown() -> None:
    v = make_view(share("Court", 12.5))
    r = row_of(mx.quota_table(v, bodies("Court")), "Court")
    assert math.isnan(r["size"]) and math.isnan(r["women_needed"])
    assert "body size not given" in deriv(r)


def test_quota_body_with_counts_only_gets_a_derived_share() -> None:
    v = make_view(
        share("Other body", 50.0),
        count("women_members", "Directors", 4, fact_id="dir-women"),
        count("members_total", "Directors", 11),
    )
    q = mx.quota_table(v, bodies("Other body", "Directors"))
    r = row_of(q, "Directors")
    assert r["value"] == 36.36  # 4 / 11 x 100, rounded to 2 decimals
    assert (r["size"], r["women"], r["women_needed"]) == (11, 4, 0)
    assert bool(r["compliant"]) is True
    assert r["fact_id"] == "dir-women"  # the plotted number is traced to the count fact


def test_derived_share_note_says_derived() -> None:
    v = make_view(
        share("Other body", 50.0),
        count("women_members", "Directors", 4, note="Source note."),
        count("members_total", "Directors", 11),
    )
    shares = v[v["indicator"].eq("women_share_body")]
    derived = _shares_from_counts(v, bodies("Other body", "Directors"), shares)
    assert len(derived) == 1
    d = derived.iloc[0]
    assert d["value"] == 36.36 and d["unit"] == "percent"
    assert (d["numerator"], d["denominator"]) == (4, 11)
    assert bool(d["share_derived"]) is True  # flagged, and the quota derivation says so in words
    assert d["note"] == "Source note."  # the source's note is kept as it is


def test_quota_table_output_says_share_was_derived_from_counts() -> None:
    v = make_view(
        share("Other body", 50.0),
        count("women_members", "Directors", 4),
        count("members_total", "Directors", 11),
    )
    r = row_of(mx.quota_table(v, bodies("Other body", "Directors")), "Directors")
    assert "derived" in deriv(r).lower() or "4 / 11" in deriv(r)


def test_quota_prefers_un_document_over_press_for_same_body_and_year() -> None:
    v = make_view(
        share("Council", 25.0, fact_id="un", source_type="un_document", published="2022-01-01"),
        share("Council", 35.0, fact_id="press", source_type="press", published="2024-06-01"),
    )
    r = row_of(mx.quota_table(v, bodies("Council")), "Council")
    assert r["fact_id"] == "un"
    assert r["value"] == 25.0
    assert bool(r["compliant"]) is False
    assert r["observations"] == 2


def test_quota_uses_the_latest_year() -> None:
    v = make_view(
        share("Council", 40.0, year=2019), share("Council", 22.0, year=2023), share("Council", 50.0, year=None)
    )
    r = row_of(mx.quota_table(v, bodies("Council")), "Council")
    assert (r["value"], r["year"]) == (22.0, 2023)


def test_quota_ignores_regional_shares_and_empty_input() -> None:
    v = make_view(share("Council", 40.0, region="Gao"))
    assert mx.quota_table(v, bodies("Council")).empty


# --- women_needed --------------------------------------------------------------------


@pytest.mark.parametrize(("women", "size"), [(math.nan, 10), (3, math.nan), (None, 10), (3, None), (pd.NA, 10)])
def test_women_needed_unknown_inputs_give_nan(women: object, size: object) -> None:
    assert math.isnan(mx.women_needed(women, size))


@pytest.mark.parametrize(
    ("women", "size", "expected"),
    [
        (0, 10, 3),  # 30% of 10 is 3 (not 4 from 3.0000000000000004)
        (0, 20, 6),  # exact multiple
        (0, 100, 30),
        (0, 30, 9),
        (6, 20, 0),  # exactly at quota
        (1, 20, 5),
        (10, 217, 56),
        (42, 147, 3),
        (0, 11, 4),  # 3.3 rounds up: the quota is a minimum
        (15, 20, 0),  # above: never negative
        (20, 20, 0),
    ],
)
def test_women_needed_values(women: float, size: float, expected: float) -> None:
    assert mx.women_needed(women, size) == expected


def test_women_needed_other_quota() -> None:
    assert mx.women_needed(0, 10, quota=50) == 5


# --- change --------------------------------------------------------------------------


def test_change_abs_pct_and_years_across_a_gap() -> None:
    v = make_view(
        fact(subject="A", year=2021, value=150.0),
        fact(subject="A", year=2019, value=100.0),
        fact(subject="A", year=2022, value=100.0),
        fact(subject="B", year=2020, value=3.0),
        fact(subject="B", year=2021, value=4.0),
        fact(subject="A", year=None, value=999.0),
    )
    ch = mx.change(v, by=["subject"])
    assert len(ch) == 5  # the undated row is not a point in a series
    a = ch[ch["subject"].eq("A")].reset_index(drop=True)
    assert a["year"].tolist() == [2019, 2021, 2022]
    first = a.iloc[0]
    assert pd.isna(first["prev_value"]) and pd.isna(first["change_abs"]) and first["years_compared"] == ""
    assert a.loc[1, "years_compared"] == "2019 -> 2021"
    assert (a.loc[1, "change_abs"], a.loc[1, "change_pct"]) == (50.0, 50.0)
    assert (a.loc[2, "change_abs"], a.loc[2, "change_pct"]) == (-50.0, -33.3)
    b = ch[ch["subject"].eq("B")].reset_index(drop=True)
    assert pd.isna(b.loc[0, "prev_value"])  # series do not leak into each other
    assert b.loc[1, "change_pct"] == 33.3
    assert b.loc[1, "years_compared"] == "2020 -> 2021"


# --- conflicts and preference --------------------------------------------------------


def _pair(v1: float, v2: float, **second: object) -> pd.DataFrame:
    base = dict(indicator="idps", subject="IDPs", unit="persons", sex_age="total", year=2016, theme="humanitarian")
    first = {**base, "fact_id": "a", "value": v1, "source_type": "press", "published": "2017-01-01"}
    other = {**base, "fact_id": "b", "value": v2, "source_type": "un_document", "published": "2016-06-01"}
    return make_view(fact(**first), fact(**{**other, **second}))


def test_find_conflicts_flags_different_values_with_one_chosen() -> None:
    conf = mx.find_conflicts(_pair(39182, 33042))
    assert sorted(conf["fact_id"]) == ["a", "b"]
    assert conf["conflict_id"].nunique() == 1
    assert conf["chosen"].sum() == 1
    assert conf.loc[conf["chosen"], "fact_id"].item() == "b"  # un_document beats press
    assert conf["why_type"].iloc[0] == "un_document"
    assert "UN document" in words.prefer_reason(conf["why_type"].iloc[0], conf["why_tie"].iloc[0])


def test_find_conflicts_same_values_not_flagged() -> None:
    assert mx.find_conflicts(_pair(100, 100)).empty


def test_find_conflicts_different_status_is_not_a_conflict() -> None:
    assert mx.find_conflicts(_pair(10, 12, status="verified")).empty  # verified vs reported


def test_find_conflicts_other_key_differences_are_not_conflicts() -> None:
    for change in ({"year": 2017}, {"region": "Gao"}, {"sex_age": "women"}, {"unit": "count"}, {"subject": "X"}):
        assert mx.find_conflicts(_pair(10, 12, **change)).empty, change


def test_find_conflicts_ignores_undated_facts() -> None:
    assert mx.find_conflicts(_pair(10, 12, year=None).assign(year=pd.array([None, None], dtype="Int64"))).empty


def test_conflicts_differing_by_status_get_distinct_ids() -> None:
    base = dict(indicator="crsv_cases", subject="CRSV", unit="cases", sex_age="total", year=2018, theme="crsv")
    v = make_view(
        fact(value=10, status="verified", **base),
        fact(value=12, status="verified", **base),
        fact(value=30, status="reported", **base),
        fact(value=31, status="reported", **base),
    )
    conf = mx.find_conflicts(v)
    assert len(conf) == 4
    assert conf["conflict_id"].nunique() == 2
    assert (conf.groupby("conflict_id")["chosen"].sum() == 1).all()


def _conflict(values: list[float], cid: str) -> pd.DataFrame:
    return make_view(*[fact(value=x, subject=cid, label="Seats held by women") for x in values]).assign(
        conflict_id=cid, chosen=[True] + [False] * (len(values) - 1), why_type="press", why_tie=""
    )


def test_conflict_summary_rounding_only_vs_real() -> None:
    conf = pd.concat(
        [_conflict([9.5, 9.52], "share"), _conflict([41, 42], "seats"), _conflict([9.5, 9.0, 9.52], "three")],
        ignore_index=True,
    )
    s = mx.conflict_summary(conf).set_index("conflict_id")
    assert bool(s.loc["share", "rounding_only"]) is True
    assert bool(s.loc["seats", "rounding_only"]) is False
    assert bool(s.loc["three", "rounding_only"]) is False  # 9 and 9.5 differ at 0 decimals
    assert s.loc["share", "values"] == [9.5, 9.52]
    assert (s.loc["seats", "label"], s.loc["seats", "subject"], s.loc["seats", "region"], s.loc["seats", "year"]) == (
        "Seats held by women",
        "seats",
        "Mali",
        2023,
    )


def test_conflict_summary_on_find_conflicts_output() -> None:
    conf = mx.find_conflicts(_pair(41, 42))
    s = mx.conflict_summary(conf)
    assert len(s) == 1 and bool(s["rounding_only"].iloc[0]) is False


def test_one_figure_told_two_ways_is_not_a_rounding_difference() -> None:
    # 287,496 "reported" and 287,496 "documented": the same value, so it differs by nothing, rounding included.
    conf = mx.find_conflicts(_pair(287496, 287496, status="documented"))
    s = mx.conflict_summary(conf)
    assert list(s["kind"]) == ["meaning"] and s["values"].iloc[0] == [287496.0, 287496.0]
    assert bool(s["rounding_only"].iloc[0]) is False


def test_conflict_summary_takes_each_conflicts_first_row_in_order_of_appearance() -> None:
    # Rows of one conflict apart from each other, and an undated first row: its year stays None.
    conf = pd.concat(
        [_conflict([1.0], "b"), _conflict([9.5, 9.52], "a"), _conflict([2.0], "b")], ignore_index=True
    ).assign(year=pd.array([None, 2020, 2021, 2022], dtype="Int64"), kind=["undated", "value", "value", "value"])
    s = mx.conflict_summary(conf)
    assert list(s["conflict_id"]) == ["b", "a"]
    assert s["values"].tolist() == [[1.0, 2.0], [9.5, 9.52]]
    assert pd.isna(s["year"].iloc[0]) and s["year"].iloc[1] == 2020  # undated stays undated
    assert list(s["kind"]) == ["undated", "value"] and s["rounding_only"].tolist() == [False, True]
    assert mx.conflict_summary(conf.iloc[0:0]).empty


def test_conflicts_are_found_once_per_dataset_for_every_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from wps_data.dataset import Dataset

    calls: list[int] = []
    real = mx.find_conflicts
    monkeypatch.setattr(mx, "find_conflicts", lambda view: calls.append(len(view)) or real(view))
    view = _pair(39182, 33042)
    ds = Dataset.__new__(Dataset)
    ds.__dict__["_derived"] = {"view": view}
    en = charts.conflicts(ds, "en")
    assert charts.conflicts(ds, "en") is en  # the page and its CSV get the same frames
    fr = charts.conflicts(ds, "fr")
    assert calls == [2]  # found once; the French words are added to the same conflicts
    assert list(en[0]["fact_id"]) == list(fr[0]["fact_id"]) and en[0]["why"].iloc[0] != fr[0]["why"].iloc[0]


RANKED = ["un_document", "dataset", "un_web", "ngo_web", "document_copy", "press"]


def test_prefer_ranks_source_types() -> None:
    rows = make_view(*[fact(fact_id=st, source_type=st, published="2020-01-01") for st in reversed(RANKED)])
    order = []
    while not rows.empty:
        chosen, why_type, _ = mx.prefer(rows)
        order.append(chosen)
        assert why_type == chosen  # each fact here is named after its source type
        rows = rows[rows["fact_id"].ne(chosen)]
    assert order == RANKED


def test_prefer_unknown_source_type_ranks_last() -> None:
    rows = make_view(fact(fact_id="odd", source_type="blog"), fact(fact_id="p", source_type="press"))
    assert mx.prefer(rows)[0] == "p"


def test_prefer_among_equals_latest_published() -> None:
    rows = make_view(
        fact(fact_id="old", source_type="un_document", published="2021-05-01"),
        fact(fact_id="new", source_type="un_document", published="2023-01-10"),
        fact(fact_id="undated", source_type="un_document", published=None),
        fact(fact_id="newest-press", source_type="press", published="2025-01-01"),
    )
    chosen, why_type, tie = mx.prefer(rows)
    assert chosen == "new" and tie == "recent"
    assert "most recently published" in words.prefer_reason(why_type, tie)


def test_prefer_among_equals_of_one_date_says_the_order_has_no_meaning() -> None:
    """Two figures of one article (same type, same date): no claim that one is more recent."""
    rows = make_view(
        fact(fact_id="b-second", source_type="press", published="2019-12-09"),
        fact(fact_id="a-first", source_type="press", published="2019-12-09"),
        fact(fact_id="older", source_type="press", published="2019-01-01"),
    )
    chosen, why_type, tie = mx.prefer(rows)
    assert (chosen, tie) == ("a-first", "order")
    reason = words.prefer_reason(why_type, tie)
    assert "most recently" not in reason and "first by fact id" in reason
    assert "identifiant" in words.prefer_reason(why_type, tie, "fr")


def test_prefer_single_best_does_not_claim_a_tie() -> None:
    rows = make_view(fact(fact_id="u", source_type="un_document"), fact(fact_id="p", source_type="press"))
    assert mx.prefer(rows)[2] == ""
    assert "among equals" not in words.prefer_reason(*mx.prefer(rows)[1:])


# --- resolve_series, with_gaps, latest, as_of, coverage --------------------------------


def test_resolve_series_one_row_per_subject_year() -> None:
    v = make_view(
        fact(fact_id="a19-press", subject="A", year=2019, source_type="press"),
        fact(fact_id="a19-un", subject="A", year=2019, source_type="un_document"),
        fact(fact_id="a20", subject="A", year=2020, source_type="press"),
        fact(fact_id="b19-web", subject="B", year=2019, source_type="un_web"),
        fact(fact_id="b19-ds", subject="B", year=2019, source_type="dataset"),
    )
    r = mx.resolve_series(v)
    assert not r.duplicated(["subject", "year"]).any()
    assert sorted(r["fact_id"]) == ["a19-un", "a20", "b19-ds"]
    assert mx.resolve_series(v.iloc[0:0]).empty


def test_with_gaps_inserts_nan_rows_for_missing_years() -> None:
    v = make_view(
        fact(subject="A", year=2015, value=1.0),
        fact(subject="A", year=2018, value=4.0),
        fact(subject="B", year=2020, value=7.0),
    )
    g = mx.with_gaps(v)
    a = g[g["subject"].eq("A")].sort_values("year")
    assert a["year"].tolist() == [2015, 2016, 2017, 2018]
    assert a["value"].isna().tolist() == [False, True, True, False]
    assert g[g["subject"].eq("B")]["year"].tolist() == [2020]
    assert len(g) == 5


def test_latest_per_subject_undated_counts_as_oldest() -> None:
    v = make_view(
        fact(subject="A", year=2019, value=1.0),
        fact(subject="A", year=2021, value=2.0),
        fact(subject="A", year=None, value=3.0),
        fact(subject="B", year=None, value=4.0),
    )
    lat = mx.latest(v).set_index("subject")["value"]
    assert lat.to_dict() == {"A": 2.0, "B": 4.0}


def test_as_of_names_year_range_and_latest_publication() -> None:
    v = make_view(fact(year=2015, published="2019-03"), fact(year=2018, published="2022-08"))
    both = as_of(v)
    assert "2015-2018" in both and "2022-08" in both and "2019-03" not in both
    one = as_of(v.iloc[0:1])
    assert "2015" in one and "2015-" not in one and "2019-03" in one
    assert as_of(v.iloc[0:0]) == "no data"
    undated = as_of(make_view(fact(year=None, published="2020-01")))
    assert "2020-01" in undated and not re.search(r"\d", undated.replace("2020-01", ""))


def test_coverage_counts_per_theme_and_year_with_no_year_last() -> None:
    v = make_view(
        fact(theme="gbv", year=2020),
        fact(theme="gbv", year=2020),
        fact(theme="gbv", year=None),
        fact(theme="crsv", year=2018),
    )
    tab = mx.coverage(v)
    assert list(tab.columns) == ["2018", "2020", mx.UNDATED]
    assert tab.loc["gbv", "2020"] == 2 and tab.loc["gbv", mx.UNDATED] == 1 and tab.loc["crsv", "2020"] == 0


# --- filter_facts ----------------------------------------------------------------------


@pytest.fixture
def mixed() -> pd.DataFrame:
    return make_view(
        fact(fact_id="gao-2014", region="Gao", year=2014, status="verified", theme="crsv"),
        fact(fact_id="gao-2016", region="Gao", year=2016, status="reported", theme="crsv"),
        fact(fact_id="mopti-2018", region="Mopti", year=2018, status="reported", theme="gbv"),
        fact(fact_id="mali-2019", region="Mali", year=2019, status="documented", theme="gbv"),
        fact(fact_id="mali-undated", region="Mali", year=None, status="reported", theme="gbv"),
    )


def test_filter_facts_years_with_and_without_undated(mixed: pd.DataFrame) -> None:
    with_undated = mx.filter_facts(mixed, years=(2015, 2018))
    assert sorted(with_undated["fact_id"]) == ["gao-2016", "mali-undated", "mopti-2018"]
    without = mx.filter_facts(mixed, years=(2015, 2018), include_undated=False)
    assert sorted(without["fact_id"]) == ["gao-2016", "mopti-2018"]


def test_filter_facts_regions_statuses_themes_and_none(mixed: pd.DataFrame) -> None:
    assert sorted(mx.filter_facts(mixed, regions=["Gao"])["fact_id"]) == ["gao-2014", "gao-2016"]
    assert sorted(mx.filter_facts(mixed, statuses=["verified", "documented"])["fact_id"]) == ["gao-2014", "mali-2019"]
    assert sorted(mx.filter_facts(mixed, themes=["gbv"], regions=["Mali"])["fact_id"]) == [
        "mali-2019",
        "mali-undated",
    ]
    assert len(mx.filter_facts(mixed)) == len(mixed)
    assert mx.filter_facts(mixed, regions=[]).empty  # an empty list allows nothing; None means no filter


# --- search_quotes ---------------------------------------------------------------------


@pytest.fixture
def quotes() -> pd.DataFrame:
    return make_view(
        fact(fact_id="q1", quote="In Ménaka, 40 women were displaced.", subject="IDPs"),
        fact(fact_id="q2", quote="Ménaka region: schools closed.", subject="Schools"),
        fact(fact_id="q3", quote="Gao and Mopti", subject="Women in Ségou", title="Rapport"),
        fact(fact_id="q4", quote=None, subject="Other", title="Menaka report on women"),
    )


def test_search_quotes_accent_insensitive(quotes: pd.DataFrame) -> None:
    assert sorted(mx.search_quotes(quotes, "menaka")["fact_id"]) == ["q1", "q2", "q4"]
    assert sorted(mx.search_quotes(quotes, "MÉNAKA")["fact_id"]) == ["q1", "q2", "q4"]
    assert mx.search_quotes(quotes, "segou")["fact_id"].tolist() == ["q3"]  # subject searched too


def test_search_quotes_requires_every_word(quotes: pd.DataFrame) -> None:
    assert sorted(mx.search_quotes(quotes, "menaka women")["fact_id"]) == ["q1", "q4"]
    assert mx.search_quotes(quotes, "menaka bamako").empty
    assert mx.search_quotes(quotes, "   ").empty


# --- source_table ----------------------------------------------------------------------


def test_source_table_counts_figures_per_source() -> None:
    v = make_view(
        fact(source_id="s1", theme="gbv"),
        fact(source_id="s1", theme="crsv"),
        fact(source_id="s1", theme="gbv"),
        fact(source_id="s2", theme="representation"),
    )
    sources = pd.DataFrame(
        {
            "source_id": ["s1", "s2", "s3"],
            "title": ["One", "Two", "Unused"],
            "publisher": ["P"] * 3,
            "published": ["2020"] * 3,
            "symbol": [""] * 3,
            "source_type": ["un_document", "press", "un_web"],
            "url": ["u1", "u2", "u3"],
        }
    )
    tab = mx.source_table(v, sources, charts.theme_pages()).set_index("source_id")
    assert tab["figures"].to_dict() == {"s1": 3, "s2": 1, "s3": 0}
    assert tab.index.tolist() == ["s1", "s2", "s3"]  # most figures first
    assert tab.loc["s1", "pages"] == "violence"
    assert tab.loc["s2", "pages"] == "representation"
    assert tab.loc["s3", "pages"] == ""


def test_coverage_counts_dated_facts_per_theme_and_year() -> None:
    v = make_view(fact(theme="gbv", year=2020), fact(theme="gbv", year=2020), fact(theme="crsv", year=2018))
    tab = mx.coverage(v)
    assert [c for c in tab.columns if c != mx.UNDATED] == ["2018", "2020"]
    assert tab.loc["gbv", "2020"] == 2 and tab.loc["crsv", "2018"] == 1 and tab.loc["crsv", "2020"] == 0


def deriv(row: pd.Series) -> str:
    """The quota derivation of a ``quota_table`` row, in English (words live in wps_data.i18n.words)."""
    return words.quota_derivation(row, "en")


def test_rounded_figure_never_wins_over_the_exact_one_it_rounds() -> None:
    # 29 (a UN document) rounds 28.57 (a dataset): the exact figure is used, whatever the source rank.
    rows = make_view(
        fact(fact_id="rounded", value=29.0, source_type="un_document"),
        fact(fact_id="exact", value=28.57, source_type="dataset"),
    )
    chosen, why, _ = mx.prefer(rows)
    assert (chosen, why) == ("exact", "precise")
    assert "rounding" in words.prefer_reason(why, "")
    # A real disagreement still goes by source type.
    rows = make_view(
        fact(fact_id="un", value=30.0, source_type="un_document"),
        fact(fact_id="ds", value=28.57, source_type="dataset"),
    )
    assert mx.prefer(rows)[:2] == ("un", "un_document")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([27.89, 27.891156462585], True),
        ([9.5, 9.52], True),
        ([29.0, 28.57], True),
        ([9.0, 9.5], False),
        ([41, 42], False),
    ],
)
def test_rounding_only_is_judged_at_the_least_precise_value(values: list[float], expected: bool) -> None:
    assert mx.rounding_only(values) is expected
