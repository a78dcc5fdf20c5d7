"""The meaning audit: rules that catch meaning errors, and each defect it found, checked on the data.

Every rule has a test on a constructed row that breaks it, and on the committed data
(which must pass). Every defect named in the audit has a test that fails on the data as
it was before the audit (the old values are quoted in each test's comment).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from wps_data import analysis as mx
from wps_data import charts
from wps_data.app import views
from wps_data.contract.meaning import (
    duplicate_problems,
    fold,
    language_problems,
    meaning_problems,
    quote_language,
    quote_problems,
    subject_problems,
)
from wps_data.dataset import Dataset, load_dataset
from wps_data.i18n import t
from wps_data.paths import PROJECT_ROOT

CURATED = PROJECT_ROOT / "data" / "curated"
AUDIT = PROJECT_ROOT / "data" / "audit"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(PROJECT_ROOT / "data")


def _facts(**cols: list) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    base = {
        "fact_id": [f"f{i}" for i in range(n)],
        "subject": ["S"] * n,
        "quote": ["12 cases"] * n,
        "status": ["reported"] * n,
        "sex_age": ["total"] * n,
        "unit": ["cases"] * n,
        "indicator": ["crsv_cases"] * n,
        "source_id": ["src"] * n,
        "value": [12.0] * n,
        "year": [2020] * n,
    }
    return pd.DataFrame({**base, **cols})


def _rules(problems: list) -> list[str]:
    return [p.rule.split(":")[0] for p in problems]


# --- the rules, each on a row that breaks it ------------------------------------------


def test_subject_spelling_catches_case_space_and_stray_spaces() -> None:
    df = _facts(subject=["National Assembly", "national assembly", "National  Assembly", "National Assembly "])
    probs = subject_problems(df, [2, 3, 4, 5])
    assert [(p.line, p.rule.split(":")[0]) for p in probs] == [
        (3, "subject_spelling"),
        (4, "subject_spelling"),
        (5, "subject_spelling"),
    ]
    assert fold("Ménaka ") == fold("menaka")


@pytest.mark.parametrize(
    ("quote", "status", "bad"),
    [
        ("It was verified that 17 incidents were perpetrated", "reported", True),
        ("MINUSMA verified 27 cases", "verified", False),
        ("A further 116 cases were reported", "verified", True),
        ("90 allegations of sexual violence were recorded", "verified", True),
        ("22 cases, not verified", "reported", False),
        ("la MINUSMA a vérifié 98 cas", "reported", True),
    ],
)
def test_status_matches_quote(quote: str, status: str, bad: bool) -> None:
    probs = quote_problems(_facts(quote=[quote], status=[status]), [2])
    assert ("status_matches_quote" in _rules(probs)) is bad


@pytest.mark.parametrize(
    ("quote", "sex_age", "bad"),
    [
        ("39 girls were raped", "women", True),
        ("85 women and 13 girls", "women", False),
        ("52 women", "girls", True),
        ("28 filles déplacées", "girls", False),
    ],
)
def test_sex_age_matches_quote(quote: str, sex_age: str, bad: bool) -> None:
    probs = quote_problems(_facts(quote=[quote], sex_age=[sex_age]), [2])
    assert ("sex_age_matches_quote" in _rules(probs)) is bad


@pytest.mark.parametrize(
    ("quote", "unit", "indicator", "bad"),
    [
        ("11 incidents of rape", "cases", "crsv_cases", True),
        ("16 cases, 11 incidents of rape", "cases", "crsv_cases", False),
        ("12 occurred in Gao", "incidents", "crsv_incidents", True),
        ("14,264 incidents of GBV were recorded", "cases", "gbv_incidents", False),  # GBVIMS: left to the curator
    ],
)
def test_unit_matches_quote(quote: str, unit: str, indicator: str, bad: bool) -> None:
    probs = quote_problems(_facts(quote=[quote], unit=[unit], indicator=[indicator]), [2])
    assert ("unit_matches_quote" in _rules(probs)) is bad


def test_a_fact_recorded_twice_is_caught_whatever_its_subject() -> None:
    # The 30% quota clause of resolution 2531 was stored as rep-quota-res2531-op4 and res2531-op4-quota:
    # same source, same quote, same value, two subjects.
    q = "meeting the 30 per cent quota for women in all political functions and offices"
    df = _facts(
        fact_id=["rep-quota-res2531-op4", "res2531-op4-quota", "other-year"],
        subject=["Quota for women (Law 2015-052)", "All political functions and offices", "X"],
        quote=[q, q, q],
        value=[30.0, 30.0, 30.0],
        indicator=["quota_min_share"] * 3,
        unit=["percent"] * 3,
        year=[2020, 2020, 2021],
    )
    probs = duplicate_problems(df, [2, 3, 4])
    assert [(p.line, p.value) for p in probs] == [(3, "res2531-op4-quota")]


def test_the_committed_facts_pass_every_meaning_rule() -> None:
    facts = pd.read_csv(CURATED / "facts.csv", dtype={"year": "Int64"})
    assert meaning_problems(facts, list(range(2, len(facts) + 2))) == []


# --- the defects the audit found, on the data --------------------------------------


def _fact(ds: Dataset, fact_id: str) -> pd.Series:
    return ds.view.set_index("fact_id").loc[fact_id]


def test_crsv_2018_incidents_are_verified_as_the_page_says(ds: Dataset) -> None:
    # Was status "reported" for ext-x030..x032.
    for fid in ("ext-x030", "ext-x031", "ext-x032"):
        r = _fact(ds, fid)
        assert (r["status"], r["unit"]) == ("verified", "incidents")
        assert "It was verified that 17 incidents" in r["quote"]


def test_the_undated_ipu_snapshot_stays_undated_and_off_the_cnt_line(ds: Dataset) -> None:
    # Was filed under 2022 (42 of 137, 30.7%), drawing a false fall to 28.57% in 2023.
    assert pd.isna(_fact(ds, "ext-x147")["year"])
    line = charts.draw("rep-legislature-trend", ds).rows
    cnt = line[line["subject"].eq("National Transitional Council (CNT)")]
    assert 30.7 not in set(cnt["value"])
    assert cnt.sort_values("year")["value"].iloc[-1] == 28.57


def test_displaced_femmes_who_add_up_with_hommes_are_women_and_girls(ds: Dataset) -> None:
    # Mopti 101,646 femmes + 87,710 hommes = 189,356: was stored as "women" (adult women).
    v = ds.view
    cmp = v[v["indicator"].eq("idps") & v["period"].str.contains("31 July 2022", na=False)]
    assert "women" not in set(cmp["sex_age"])
    mopti = cmp[cmp["region"].eq("Mopti")].set_index("sex_age")["value"]
    assert (mopti["women_and_girls"], mopti["total"]) == (101646, 189356)
    for region, grp in cmp.groupby("region"):
        by = grp.set_index("sex_age")["value"]
        if {"women_and_girls", "men_and_boys", "total"} <= set(by.index):
            assert by["women_and_girls"] + by["men_and_boys"] == by["total"], region


def test_documented_counts_for_part_of_the_country_are_not_national(ds: Dataset) -> None:
    # January-October 2019, northern and central regions: was a national UN count on the CRSV chart.
    for fid in ("ext-x047", "ext-x059"):
        r = _fact(ds, fid)
        assert isinstance(r["scope"], str) and r["scope"] and bool(r["part_year"]) is True
    assert not {"ext-x047", "ext-x059"} & set(charts.draw("crsv-by-year", ds).rows["fact_id"])


def test_crsv_by_year_one_series_per_kind_of_count_and_unit(ds: Dataset) -> None:
    res = charts.draw("crsv-by-year", ds)
    rows = res.rows
    assert (rows.groupby("series")[["status", "unit"]].nunique() == 1).all().all()
    assert rows["region"].eq("Mali").all() and not rows["part_year"].any() and rows["scope"].isna().all()
    assert rows.groupby(["series", "year"]).size().max() == 1  # one marker per series and year, nothing summed
    assert "exist for" not in res.title and "98" in res.title  # a finding, not a count of years


def test_gbv_2022_breakdown_is_nested_not_siblings(ds: Dataset) -> None:
    res = charts.draw("gbv-types", ds)
    parents = [tr for tr in res.figure.data if tr.type == "bar" and tr.width is None and tr.x is not None]
    nested = [tr for tr in res.figure.data if tr.type == "bar" and tr.width is not None]
    parent_labels = [y for tr in parents for y in (list(tr.y) if tr.y is not None else [])]
    assert sum(v for tr in parents for v in tr.x if v is not None) == 100  # 55 + 8 + 10 + 12 + 15
    assert not any(str(y).startswith("Rape") for y in parent_labels)
    assert len(nested) == 1 and nested[0].x[0] == 41 and nested[0].y[0].startswith("Sexual violence")
    assert "ambiguous" not in " ".join(map(str, parent_labels)) + res.subtitle


def test_displacement_peak_counts_every_national_total(ds: Dataset) -> None:
    # The title said "peaked at 401,736 (2021)" while a higher figure was left out under another subject.
    res = charts.draw("hum-idps-trend", ds)
    v = ds.view
    national = v[
        v["indicator"].eq("idps")
        & v["region"].eq("Mali")
        & v["sex_age"].eq("total")
        & v["scope"].isna()
        & ~v["part_year"].astype(bool)
    ]
    assert res.rows["value"].max() == national.dropna(subset=["year"])["value"].max()


def test_quota_count_takes_each_standing_body_once(ds: Dataset) -> None:
    # Was "19 of 24 bodies": the government three times, the Assembly dissolved in 2020, batches of appointments.
    res = charts.draw("rep-quota", ds)
    d = res.derived
    standing = d[d["kind"].eq("standing")]
    government = {
        "Ministers and delegated ministers",
        "Government (ministers)",
        "Appointed positions in the government",
    }
    assert len(government & set(standing["subject"])) == 1
    assert "National Assembly" not in set(standing["subject"])
    assert not {"Directors of finance and material", "Newly appointed prefects"} & set(standing["subject"])
    assert (
        res.title == f"{int((~standing['compliant']).sum())} of {len(standing)} standing bodies are below the 30% quota"
    )
    assert set(d["kind"]) == {"standing", "past", "batch", "measure"}  # the others are shown, labelled, not counted


def test_the_quota_clause_is_stored_once_per_resolution(ds: Dataset) -> None:
    v = ds.view
    clause = v[v["indicator"].eq("quota_min_share") & v["source_id"].ne("")]
    assert clause.groupby(["source_id", "locator"]).size().max() == 1
    assert not clause.duplicated(["source_id", "quote", "value"]).any()


def test_sources_that_disagree_are_found(ds: Dataset) -> None:
    conf, summary = charts.conflicts(ds)

    def has(ind: str, values: set[float]) -> bool:
        return any(set(g["value"]) == values for _, g in conf[conf["indicator"].eq(ind)].groupby("conflict_id"))

    assert has("gbv_incidents", {2965, 3330})  # GBV 2018: two counts of one quantity
    assert has("schools_closed", {1582, 1766})  # schools closed around the end of 2022, one undated
    kinds = dict(zip(summary["conflict_id"], summary["kind"], strict=True))
    assert "undated" in kinds.values()
    # Rounding: 28.57 vs 29 differs only by rounding, and the exact figure is the one used.
    cnt = conf[conf["subject"].eq("National Transitional Council (CNT)") & conf["year"].eq(2023)]
    assert cnt.loc[cnt["chosen"], "value"].tolist() == [28.57]


def test_same_figure_with_another_status_is_a_disagreement() -> None:
    # Moura, 58: one copy "documented" in Mopti, the other "reported" for Mali (before the audit).
    base = dict(
        indicator="crsv_victims", subject="Moura", sex_age="women_and_girls", unit="persons", year=2022, value=58.0
    )
    v = pd.DataFrame(
        [
            {**base, "fact_id": "a", "status": "documented", "region": "Mopti", "scope": None, "part_year": False},
            {**base, "fact_id": "b", "status": "reported", "region": "Mali", "scope": None, "part_year": False},
        ]
    ).assign(source_id=["s1", "s2"], source_type=["un_document", "press"], published=["2023", "2023"])
    conf = mx.find_conflicts(v)
    assert set(conf["kind"]) == {"meaning"} and set(conf["fact_id"]) == {"a", "b"}


def test_the_audit_record_lists_every_fact() -> None:
    with open(AUDIT / "audit-2026-12.csv", encoding="utf-8", newline="") as fh:
        audited = {r["fact_id"] for r in csv.DictReader(fh)}
    facts = set(pd.read_csv(CURATED / "facts.csv", dtype=str)["fact_id"])
    assert facts <= audited, sorted(facts - audited)[:10]
    assert (AUDIT / "README.md").is_file()


def test_every_corrected_fact_says_why_in_its_note() -> None:
    with open(AUDIT / "audit-2026-12.csv", encoding="utf-8", newline="") as fh:
        fixed = {r["fact_id"] for r in csv.DictReader(fh) if r["verdict"] == "fix"}
    facts = pd.read_csv(CURATED / "facts.csv", dtype=str, keep_default_na=False).set_index("fact_id")
    missing = [f for f in fixed if f in facts.index and "Meaning audit 2026-12" not in facts.at[f, "note"]]
    assert fixed and not missing, missing[:10]


def test_repository_excerpts_name_their_address() -> None:
    for path in Path(PROJECT_ROOT / "data" / "excerpts").glob("*.txt"):
        head = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
        assert any("https://" in ln or "http://" in ln for ln in head), path.name


def test_the_map_opens_on_totals_and_says_whom_it_counts(ds: Dataset) -> None:
    # The map opened on displaced women labelled as all displaced people (Mopti 101,646 of 189,356).
    res = charts.draw("map-regional", ds)
    assert set(res.rows["sex_age"]) == {"total"}
    v = ds.view
    only_women = v[v["region"].isin(["Mopti", "Gao"]) & v["sex_age"].eq("women_and_girls") & v["indicator"].eq("idps")]
    assert not only_women.empty and not set(only_women["fact_id"]) & set(res.rows["fact_id"])
    assert (res.rows["scope"].isna()).all()  # a town or village never colours a region


# --- how current the data is, and its gaps (the series issue, items 3 and 4) --------------


def test_as_of_per_theme_ignores_targets(ds: Dataset) -> None:
    tab = mx.as_of_by_theme(ds.view).set_index("theme")
    v = ds.view
    minusma = v[v["theme"].eq("minusma") & ~v["status"].isin(["target", "forecast"])]
    assert tab.loc["minusma", "latest_year"] == minusma["year"].max() < 2028  # the 2028 parity target is not data
    assert tab.loc["gbv", "latest_published"] == v[v["theme"].eq("gbv")]["published"].dropna().max()
    assert set(tab.index) == set(v["theme"])


def test_gaps_view_lists_every_empty_year_with_its_reason_on_a_year_axis(ds: Dataset) -> None:
    res = charts.draw("overview-gaps", ds)
    assert res.figure.layout.xaxis.type == "linear"  # a real year axis, not years as categories
    gaps = res.derived
    by_series = {s: set(g["year"].astype(int)) for s, g in gaps.groupby("series")}
    assert 2019 in by_series["gbv-gbvims"]  # only a January-August count exists for 2019
    why = gaps.set_index(["series", "year"])["reason"]
    assert why[("gbv-gbvims", 2019)] == t("overview-gaps.reason.part_year")
    assert {2020, 2021} <= by_series["crsv-un-verified"]
    for sid, years in by_series.items():  # every listed gap lies inside its series' span and has no figure
        got = charts.registry.series_rows(ds, sid)["year"].dropna().astype(int)
        assert all(got.min() < y < got.max() and y not in set(got) for y in years), sid


def test_every_export_says_how_current_the_data_is(ds: Dataset) -> None:
    import io
    import zipfile

    from wps_data.exports.datapack import data_pack
    from wps_data.exports.tables import shown_rows

    line = charts.dataset_as_of_line(ds, "en")
    assert line.startswith("Data as of:") and "GBV 2024" in line
    rows = shown_rows("violence", ds, charts.Filters(), "en")
    pack = data_pack("violence", ds, charts.Filters(), rows, permalink="http://localhost:8501/violence", lang="en")
    readme = zipfile.ZipFile(io.BytesIO(pack)).read("README.md").decode("utf-8")
    assert line in readme


# --- a source's language is the language of its quotes -----------------------------------------


@pytest.mark.parametrize(
    ("quote", "lang"),
    [
        ("le Mali a analysé 2 965 cas de violence basée sur le genre en 2018. Parmi lesquelles", "fr"),
        ("Elle compte 38 membres dont 9 femmes soit un pourcentage de 23,68 %.", None),  # too few words to say
        (
            "It was verified that 17 incidents were perpetrated by unidentified armed men, 4 by Front de "
            "libération des régions du Nord elements and 1 by a Groupe d'autodéfense des Touaregs Imghad et leurs "
            "alliés element.",
            None,
        ),  # French names in an English sentence: never read as French
        ("As of December 2022, there were 1,582 schools closed due to insecurity", None),
    ],
)
def test_the_language_of_a_quote_is_read_from_its_grammar_words(quote: str, lang: str | None) -> None:
    assert quote_language(quote) == lang


def test_a_source_declared_english_with_french_quotes_is_named_on_its_line() -> None:
    sources = pd.DataFrame({"source_id": ["a", "b", "c"], "language": ["en", "fr", "zh+en"]})
    quotes = pd.DataFrame(
        {
            "source_id": ["a", "a", "b", "c"],
            "quote": [
                "Les femmes sont 9 sur 38 membres",
                "dont 3 dans les régions du nord et des cas pour la région",
                "Les femmes sont 9 sur 38 membres, selon le décret",
                "the women of the council were 9 of 38",
            ],
        }
    )
    problems = language_problems(sources, quotes, [2, 3, 4])
    assert [(p.line, p.column, p.value) for p in problems] == [(2, "language", "en")]
    assert "source_language_matches_quotes" in problems[0].rule


def test_every_source_s_language_is_the_language_of_its_quotes() -> None:
    """The defect: 30 French sources (press, OCHA's French plans) were declared 'en' (before this fix):
    a French reader read '(citation en anglais)' beside a French quote, an English one no '(quote in French)'."""
    sources = pd.read_csv(CURATED / "sources.csv", dtype=str, keep_default_na=False)
    facts = pd.read_csv(CURATED / "facts.csv", dtype=str, keep_default_na=False)
    assert language_problems(sources, facts, list(range(2, len(sources) + 2))) == []


def test_a_french_press_quote_is_marked_for_english_readers_only(ds: Dataset) -> None:
    row = ds.facts[ds.facts["fact_id"] == "ext-x057"]
    marks = {lang: views.reader_table(ds, row, lang)["quote_lang"].iloc[0] for lang in ("en", "fr")}
    assert marks == {"en": t("quote.in", "en", language=t("export.lang.fr", "en")), "fr": ""}
