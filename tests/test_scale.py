"""What keeps the dashboard's cost flat as the data grows, proved to change nothing a reader sees.

- ``preferences`` / ``preferred_ids`` (every group's preferred fact at once) choose exactly
  what ``prefer`` chooses group by group, on the real data and on random groups built to
  hit its rules (rounding only, source rank, recency, ties);
- ``find_conflicts`` (vectorised) returns exactly what the former loop over groups returned,
  kept here as the reference, on the real data and on random views;
- the loader gives every Arrow column one chunk (a take on a chunked column copies it), and
  its structure check in Arrow returns pandera's own frame, or hands any table the build did
  not write to pandera, which names the column and rule; on one thread or two (a table of
  ``PARALLEL_ROWS`` rows or more), a value or structure the build would refuse is named, and
  with tables read together the first broken one in the schema's order is the one named;
- ``views.facts`` looks facts up by position, in the view's order; each chart series selects,
  within its indicator's rows, exactly what ``select_mask`` selects over every fact;
- charts that assumed one fact per key (the gender gaps, the CSA's steps) keep working when
  a series grows, and the regional chart draws at most ``MAX_REGION_BARS`` bars and says so;
- the disagreements page is paged;
- the server, started as the README starts it, watches no source files (each new session
  paid for the watcher);
- what a page writes once per view (headline cards, the quota gap table, MINUSMA's closing
  notice, the council's cells) is what it wrote on every rerun before.

The timings are the benchmark's (``benchmarks/run.py``), not asserted here.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from wps_data import charts
from wps_data.analysis.conflicts import (
    QUANTITY_KEY,
    SOURCE_TYPE_RANK,
    _keyed,
    find_conflicts,
    prefer,
    preferences,
    preferred_ids,
)
from wps_data.app import views
from wps_data.charts.violence import MAX_REGION_BARS
from wps_data.contract import fastcheck
from wps_data.dataset import Dataset, load_dataset
from wps_data.i18n import t
from wps_data.paths import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(DATA)


def _one_by_one(rows: pd.DataFrame, by: list[str]) -> list[tuple[str, str, bool]]:
    return sorted(
        prefer(g) if len(g) > 1 else (g.iloc[0]["fact_id"], "", "") for _, g in rows.groupby(by, dropna=False)
    )


def _random_rows(rng: random.Random, n: int) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "g": [rng.choice("ab") for _ in range(n)],
            "year": pd.array([rng.choice([2020, 2021, None]) for _ in range(n)], dtype="Int64"),
            "fact_id": [f"f{i}" for i in rng.sample(range(100), n)],
            "value": [rng.choice([28.57, 29, 28.6, 30, 9.5, 9.52, 10, 1.25, 1.35, 1.3]) for _ in range(n)],
            "source_type": [rng.choice([*SOURCE_TYPE_RANK, "other"]) for _ in range(n)],
            "published": [rng.choice(["2020-01-01", "2021-05-05", None]) for _ in range(n)],
        }
    )
    return frame


@pytest.mark.parametrize("by", [["subject", "year"], ["year"], ["indicator", "subject", "region", "year"]])
def test_preferred_ids_are_prefer_group_by_group_on_the_real_data(ds: Dataset, by: list[str]) -> None:
    slow = sorted(fid for fid, _, _ in _one_by_one(ds.view, by))
    assert sorted(preferred_ids(ds.view, by)) == slow


def test_preferences_give_prefer_s_choice_and_reasons_on_random_groups() -> None:
    rng = random.Random(7)
    for _ in range(300):
        rows = _random_rows(rng, rng.randint(1, 12))
        for by in (["g"], ["g", "year"]):
            fast = preferences(rows, by)
            assert sorted(fast["_chosen"]) == sorted(preferred_ids(rows, by))
            slow = {fid: (why, tie) for fid, why, tie in _one_by_one(rows, by)}
            for fid, why, tie in zip(fast["_chosen"], fast["why_type"], fast["why_tie"], strict=True):
                assert fid in slow
                if slow[fid][0]:  # a group of more than one fact: prefer's reasons
                    assert (why, tie) == slow[fid], (rows, by, fid)


# --- the former loop over groups, kept as the reference ------------------------------------------


def _reference_conflicts(view: pd.DataFrame) -> pd.DataFrame:
    def group(grp: pd.DataFrame, cid: str, kind: str) -> pd.DataFrame:
        chosen, why_type, why_tie = prefer(grp)
        return grp.assign(
            conflict_id=cid, chosen=grp["fact_id"].eq(chosen), why_type=why_type, why_tie=why_tie, kind=kind
        )

    keyed = _keyed(view)
    out: list[pd.DataFrame] = []
    for key, grp in keyed.groupby(QUANTITY_KEY, dropna=False, sort=True):
        cid = "|".join(str(k) for k in key)
        dated = grp.dropna(subset=["year"])
        for year, g in dated.groupby("year", sort=True):
            if g["value"].nunique() > 1:
                out.append(group(g, f"{cid}|{int(year)}", "value"))
        for _, u in grp[grp["year"].isna()].iterrows():
            pub = str(u.get("published") or "")[:4]
            if not pub.isdigit():
                continue
            near = grp["year"].between(int(pub) - 1, int(pub)).fillna(False).astype(bool)
            others = grp[near & grp["source_id"].ne(u["source_id"]) & grp["value"].ne(u["value"])]
            if not others.empty:
                g = pd.concat([u.to_frame().T, others]).drop_duplicates("fact_id")
                out.append(group(g.astype(grp.dtypes.to_dict()), f"{cid}|undated|{u['fact_id']}", "undated"))
    same = ["indicator", "subject_key", "year", "sex_age", "unit", "value"]
    for key, grp in keyed.dropna(subset=["year"]).groupby(same, dropna=False, sort=True):
        if len(grp.drop_duplicates(["status", "scope_key"])) > 1:
            out.append(group(grp, "|".join(str(k) for k in key) + "|meaning", "meaning"))
    res = pd.concat(out, ignore_index=True)
    return res.drop(columns=["subject_key", "scope_key", "part_year_key"])


def test_find_conflicts_is_the_former_loop_on_the_real_data(ds: Dataset) -> None:
    expected = _reference_conflicts(ds.view)
    assert len(expected) > 10 and set(expected["kind"]) == {"value", "undated", "meaning"}
    pd.testing.assert_frame_equal(find_conflicts(ds.view), expected)


def test_find_conflicts_is_the_former_loop_on_a_grown_view(ds: Dataset) -> None:
    """Copies of the real facts with their years and values shuffled: thousands of new disagreements."""
    rng = random.Random(3)
    v = ds.view
    grown = pd.concat([v] * 3, ignore_index=True)
    grown["fact_id"] = [f"{f}-{i // len(v)}" for i, f in enumerate(grown["fact_id"])]
    years = [y if pd.isna(y) else rng.choice([y, y - 1, y + 1]) for y in grown["year"]]
    grown["year"] = pd.array(years, dtype="Int64")
    grown["value"] = [x if rng.random() < 0.7 else round(x * 1.1, 2) for x in grown["value"]]
    grown = grown.astype(v.dtypes.to_dict())
    expected = _reference_conflicts(grown)
    assert expected["conflict_id"].nunique() > 50
    pd.testing.assert_frame_equal(find_conflicts(grown), expected)


def _reference_one_per_figure(rows: pd.DataFrame, limit: int | None) -> tuple:
    """``one_per_figure`` as it was: every group split out by ``groupby``, then the first ``limit`` kept."""
    from wps_data.analysis.conflicts import SAME_FIGURE

    group = rows.groupby(SAME_FIGURE, dropna=False, sort=False).ngroup().to_numpy()
    counts = pd.Series(group).map(pd.Series(group).value_counts()).to_numpy()
    if not (counts > 1).any():
        return rows, [], 0
    chosen = preferred_ids(rows.assign(_g=group), ["_g"])
    is_chosen = rows["fact_id"].isin(chosen).to_numpy()
    several = rows.assign(_g=group, _chosen=is_chosen)[counts > 1]
    repeated = []
    for _, part in several.groupby("_g", sort=False):
        if limit is not None and len(repeated) >= limit:
            break
        kept = part[part["_chosen"]].drop(columns=["_g", "_chosen"])
        repeated.append((kept.iloc[0], part[~part["_chosen"]].drop(columns=["_g", "_chosen"])))
    return rows[is_chosen], repeated, int(several["_g"].nunique())


@pytest.mark.parametrize("limit", [None, 3])
@pytest.mark.parametrize("copies", [1, 4])
def test_one_per_figure_is_the_former_split_of_every_group(ds: Dataset, limit: int | None, copies: int) -> None:
    """The same figure from several sources: the same kept rows, the same first repeats, the same count."""
    from wps_data.analysis.conflicts import one_per_figure
    from wps_data.charts.registry import chart_rows

    rows = chart_rows(ds, "violence-regions")
    rows = pd.concat([rows] * copies, ignore_index=True)
    rows["fact_id"] = [f"{f}-{i}" for i, f in enumerate(rows["fact_id"])]  # copies: each figure given again
    kept, repeated, n = one_per_figure(rows, limit=limit)
    want_kept, want_repeated, want_n = _reference_one_per_figure(rows, limit)
    assert n == want_n and n >= 1
    pd.testing.assert_frame_equal(kept, want_kept)
    assert len(repeated) == len(want_repeated) == (n if limit is None else min(limit, n))
    for (used, others), (want_used, want_others) in zip(repeated, want_repeated, strict=True):
        pd.testing.assert_series_equal(used, want_used)
        pd.testing.assert_frame_equal(others, want_others)


# --- the loader and the lookups -------------------------------------------------------------------


def test_every_arrow_column_of_the_loaded_tables_is_one_chunk(ds: Dataset) -> None:
    for name in ("facts", "sources", "indicators"):
        frame = getattr(ds, name)
        chunks = {c: frame[c].array._pa_array.num_chunks for c in frame if hasattr(frame[c].array, "_pa_array")}
        assert chunks and set(chunks.values()) == {1}, (name, chunks)


def test_facts_are_looked_up_in_the_view_s_order(ds: Dataset) -> None:
    ids = [*ds.view["fact_id"].iloc[[40, 3, 17]], "no-such-fact"]
    got = views.facts(ds, ids)
    pd.testing.assert_frame_equal(got, ds.view[ds.view["fact_id"].isin(ids)])
    assert list(got["fact_id"]) == list(ds.view["fact_id"].iloc[[3, 17, 40]])
    assert views.facts(ds, []).empty


def test_a_page_s_rows_are_its_frames_facts_once_each_in_order_of_appearance(ds: Dataset) -> None:
    from wps_data.exports.tables import page_rows

    v = ds.view
    first, second = v.iloc[[30, 2, 30]], v.iloc[[2, 9]]
    got = page_rows("x", ds, [first, None, second])
    assert list(got["fact_id"]) == list(v["fact_id"].iloc[[30, 2, 9]]) and list(got.index) == [0, 1, 2]
    pd.testing.assert_frame_equal(got, v.iloc[[30, 2, 9]].reset_index(drop=True))
    pd.testing.assert_frame_equal(page_rows("x", ds, [v]), v.reset_index(drop=True))  # every fact: the view itself
    assert page_rows("x", ds, []).empty
    with pytest.raises(KeyError, match="no-such-fact"):
        page_rows("x", ds, [v.iloc[[1]].assign(fact_id="no-such-fact")])


@pytest.mark.parametrize("copies", [1, 3])
def test_each_series_selects_what_select_mask_selects_over_the_whole_view(ds: Dataset, copies: int) -> None:
    """The series index looks within each indicator's rows; the rule is ``select_mask`` over every fact."""
    from wps_data.charts.registry import _series_index
    from wps_data.contract.series import select_mask

    if copies > 1:  # more rows, and a region and scope moved on some: the masks must still agree
        v = pd.concat([ds.view] * copies, ignore_index=True)
        v["fact_id"] = [f"{f}-{i // len(ds.view)}" for i, f in enumerate(v["fact_id"])]
        v.loc[v.index % 7 == 0, "region"] = "Gao"
        v.loc[v.index % 11 == 0, "scope"] = "Gao town"
        grown = Dataset.__new__(Dataset)
        grown.__dict__.update(series=ds.series, _derived={"view": v.astype(ds.view.dtypes.to_dict())})
        ds = grown
    got = _series_index(ds)
    assert list(got) == list(ds.series["series_id"])
    for s in ds.series.to_dict("records"):
        want = ds.view.index[select_mask(ds.view, s)]
        assert got[s["series_id"]].equals(want), s["series_id"]
    assert sum(len(ix) for ix in got.values()) > 100


# --- charts when a series grows ---------------------------------------------------------------------


def _grown(ds: Dataset, tmp: Path, fact_ids: list[str], year: int, value_of=lambda v: v) -> Dataset:
    """``ds`` with a copy of each fact in ``fact_ids`` for ``year`` (value ``value_of(value)``)."""
    copies = ds.facts_with_notes[ds.facts_with_notes["fact_id"].isin(fact_ids)].copy()
    copies["fact_id"] = copies["fact_id"] + f"-{year}"
    copies["year"] = pd.array([year] * len(copies), dtype=ds.facts_with_notes["year"].dtype)
    copies["value"] = [value_of(v) for v in copies["value"]]
    facts = pd.concat([ds.facts_with_notes, copies], ignore_index=True).astype(ds.facts_with_notes.dtypes.to_dict())
    return Dataset(
        **{**{f: getattr(ds, f) for f in ds.__dataclass_fields__}, "facts": facts, "version": f"grown-{year}"}
    )


def test_the_gender_gaps_draw_the_latest_year_when_a_second_one_comes(ds: Dataset, tmp_path: Path) -> None:
    before = charts.draw("soc-gender-gaps", ds)
    grown = _grown(ds, tmp_path, list(before.rows["fact_id"]), 2030, lambda v: min(100.0, v + 1))
    after = charts.draw("soc-gender-gaps", grown)
    assert len(after.rows) == len(before.rows)
    assert set(after.rows["year"]) == {2030}
    assert after.title != before.title  # the title reads the newer figures


def test_the_csa_steps_are_named_by_their_own_periods(ds: Dataset) -> None:
    res = charts.draw("rep-changes", ds)
    steps = list(res.rows["step"])
    assert steps == [str(p) for p in res.rows["period"]]
    fr = charts.draw("rep-changes", ds, lang="fr")
    assert all(s.startswith("«") or s.startswith("en ") for s in fr.rows["step"]), list(fr.rows["step"])


def test_the_regional_chart_draws_at_most_its_bars_and_says_how_many_it_left_out(ds: Dataset, tmp_path: Path) -> None:
    ids = list(charts.draw("violence-regions", ds).rows["fact_id"])
    grown = ds
    for year in range(1990, 1990 + 8):
        grown = _grown(grown, tmp_path, ids, year)
    res = charts.draw("violence-regions", grown)
    total = len(ids) * 9
    assert total > MAX_REGION_BARS and len(res.rows) == MAX_REGION_BARS
    assert str(total) in res.title
    assert t("violence-regions.capped", "en", shown=MAX_REGION_BARS, n=total) in res.subtitle
    dated = set(ds.view.loc[ds.view["fact_id"].isin(ids) & ds.view["year"].notna(), "fact_id"])
    assert dated and not (dated - set(res.rows["fact_id"])), "the most recent figures are the ones drawn"


# --- the disagreements page ---------------------------------------------------------------------------


@pytest.mark.parametrize("page_size", [25, 10])
def test_the_disagreements_page_is_paged(monkeypatch: pytest.MonkeyPatch, page_size: int) -> None:
    """Paged when the conflicts outnumber a page (the default page made smaller than the data's 13 here);
    shown whole, with their count and no paging controls, when they fit on one page."""
    from streamlit.testing.v1 import AppTest

    from wps_data.app import factview

    monkeypatch.setattr(factview, "DEFAULT_PAGE_SIZE", page_size)
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=90)
    at.switch_page("pages/disagree.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    n = find_conflicts(load_dataset(DATA).view)["conflict_id"].nunique()
    shown = min(n, page_size)
    said = t("disagree.count", "en", n=n, k=0).split("(")[0]  # "Sources disagree on 13 quantities "
    assert any(x.value.startswith(said) for x in at.markdown), "the count is said above the cards"
    showing = [c.value for c in at.caption if c.value == t("disagree.showing", "en", first=1, last=shown, n=n)]
    assert bool(showing) == (n > page_size), "'1-25 of N' only when there is more than one page"
    cards = [c for c in at.markdown if c.value.startswith("**") and "\n\n- " in c.value]
    assert len(cards) == shown
    sizes = [s for s in at.selectbox if s.key == "wps_disagree_size"]
    if n > page_size:
        assert sizes and sizes[0].label == t("disagree.page_size")
        at.number_input(key="wps_disagree_page").set_value(2).run()
        second = t("disagree.showing", "en", first=page_size + 1, last=min(n, 2 * page_size), n=n)
        assert [c.value for c in at.caption if c.value == second]
    else:
        assert not sizes and not [x for x in at.number_input if x.key == "wps_disagree_page"]


@pytest.mark.parametrize("chart_id", ["harmful-practices", "crsv-services", "hum-schools"])
def test_a_second_year_adds_no_second_bar_under_one_label(ds: Dataset, tmp_path: Path, chart_id: str) -> None:
    before = charts.draw(chart_id, ds)
    grown = _grown(ds, tmp_path, list(before.rows["fact_id"]), 2030, lambda v: min(100.0, v + 1))
    after = charts.draw(chart_id, grown)
    assert len(after.rows) == len(before.rows)
    assert set(after.rows["year"]) == {2030}, "the latest figure of each bar is drawn"


def test_every_minusma_target_is_one_trace_of_marks(ds: Dataset) -> None:
    res = charts.draw("minusma-women", ds)
    targets = res.rows[res.rows["status"].eq("target")]
    marks = [tr for tr in res.figure.data if tr.type == "scatter" and tr.mode == "markers"]
    assert len(marks) == 1 and len(marks[0].x) == len(targets) > 0
    assert all("2028" in h for h in marks[0].hovertext)


# --- the loader's structure check in Arrow ---------------------------------------------------


def _as_written(table: str, frame: pd.DataFrame, folder: Path) -> Path:
    """``frame`` written as the build writes a table (pandas -> Arrow -> Parquet), with its manifest hash."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    from wps_data.contract import manifest

    for p in DATA.iterdir():
        if p.is_file() and not (folder / p.name).exists():
            (folder / p.name).write_bytes(p.read_bytes())
    path = folder / f"{table}.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    doc = json.loads((folder / manifest.MANIFEST).read_text(encoding="utf-8"))
    doc["tables"][table]["sha256"] = manifest.file_digest(path)
    (folder / manifest.MANIFEST).write_text(json.dumps(doc, sort_keys=True, indent=2) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("grow", [1, 40])
def test_the_arrow_structure_check_returns_what_pandera_returns(ds: Dataset, tmp_path: Path, grow: int) -> None:
    """On bytes the build wrote, the Arrow path accepts the table and gives pandera's own frame, dtype for dtype."""
    import pyarrow.parquet as pq

    from wps_data import dataset

    facts = pd.concat([ds.facts_with_notes] * grow, ignore_index=True)
    facts["fact_id"] = [f"{f}-{i}" for i, f in enumerate(facts["fact_id"])]
    path = _as_written("facts", facts, tmp_path)
    for name in dataset.TABLES:
        table = pq.ParquetFile(path if name == "facts" else DATA / f"{name}.parquet").read().combine_chunks()
        df = table.to_pandas(types_mapper=fastcheck.AS_PANDERA.get)
        assert fastcheck.structure_holds(name, table, df), name
        by_pandera = fastcheck.schemas(name)[2].validate(df.copy())
        pd.testing.assert_frame_equal(df, by_pandera, check_exact=True)
    loaded = load_dataset(tmp_path)
    assert len(loaded.facts) == len(facts)
    pd.testing.assert_frame_equal(loaded.facts_with_notes, facts, check_exact=True)


def _dtype_edit(column: str, arrow_type: str):
    def change(df: pd.DataFrame) -> pd.DataFrame:
        df[column] = df[column].astype(arrow_type)
        return df

    return change


def _set_last(column: str, value: object):
    def change(df: pd.DataFrame) -> pd.DataFrame:
        df[column] = df[column].astype(object)
        df.loc[len(df) - 1, column] = value
        return df

    return change


def _swap_second_and_third(df: pd.DataFrame) -> pd.DataFrame:
    return df[[df.columns[0], df.columns[2], df.columns[1], *df.columns[3:]]]


# A table the build did not write, given a matching hash: the Arrow check says no, and pandera
# names the column and rule (or, for a type it can coerce, returns what it returned before).
STRUCTURE_EDITS = {
    "duplicate-id": (_set_last("fact_id", "rep-cnt-women-share-2023"), "'fact_id'", "field_uniqueness"),
    "null-region": (_set_last("region", None), "'region'", "not_nullable"),
    "nan-value": (_set_last("value", float("nan")), "'value'", "not_nullable"),
    "null-part-year": (_set_last("part_year", None), "'part_year'", "not_nullable"),
    "columns-swapped": (_swap_second_and_third, "FactsSchema", "column_ordered"),
    "column-missing": (lambda df: df.drop(columns=["scope"]), "'scope'", "column_in_dataframe"),
    "column-extra": (lambda df: df.assign(extra="=1+1"), "'extra'", "column_in_schema"),
}


@pytest.mark.parametrize("threads", [False, True], ids=["one-thread", "two-threads"])
@pytest.mark.parametrize("case", list(STRUCTURE_EDITS))
def test_a_structure_the_build_did_not_write_is_judged_by_pandera(
    ds: Dataset, tmp_path: Path, case: str, threads: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both paths of the trusted checks: one thread (a small table), and two (``PARALLEL_ROWS`` and more)."""
    from wps_data.dataset import DataUnavailable

    monkeypatch.setattr(fastcheck, "PARALLEL_ROWS", 0 if threads else 10**12)
    change, column, rule = STRUCTURE_EDITS[case]
    _as_written("facts", change(ds.facts_with_notes.copy()), tmp_path)
    with pytest.raises(DataUnavailable) as info:
        load_dataset(tmp_path)
    what = info.value.what
    assert str(tmp_path / "facts.parquet") in what and column in what and rule in what, what


# A value the build would refuse, in bytes given a matching hash: the column checks on the
# distinct values say no, and pandera names the column, check and value.
VALUE_EDITS = {
    "region": (_set_last("region", "Atlantis"), "'region'", "isin"),
    "fact-id-pattern": (_set_last("fact_id", "Bad ID"), "'fact_id'", "str_matches"),
    "empty-quote": (_set_last("quote", ""), "'quote'", "str_length"),
    "year-range": (_set_last("year", 1850), "'year'", "greater_than_or_equal_to"),
}


@pytest.mark.parametrize("grow", [1, 40])
@pytest.mark.parametrize("case", list(VALUE_EDITS))
def test_a_value_the_build_would_refuse_is_named_on_either_path(
    ds: Dataset, tmp_path: Path, case: str, grow: int
) -> None:
    """At 1x the checks run on one thread; at 40x (over ``PARALLEL_ROWS``) on two. Both refuse, naming the rule."""
    from wps_data.dataset import DataUnavailable

    change, column, rule = VALUE_EDITS[case]
    facts = pd.concat([ds.facts_with_notes] * grow, ignore_index=True)
    facts["fact_id"] = [f"{f}-{i}" for i, f in enumerate(facts["fact_id"])] if grow > 1 else facts["fact_id"]
    assert (len(facts) >= fastcheck.PARALLEL_ROWS) == (grow > 1)
    _as_written("facts", change(facts), tmp_path)
    with pytest.raises(DataUnavailable) as info:
        load_dataset(tmp_path)
    what = info.value.what
    assert str(tmp_path / "facts.parquet") in what and column in what and rule in what, what


def test_the_first_broken_table_is_named_though_tables_are_read_together(ds: Dataset, tmp_path: Path) -> None:
    """Tables are read on two threads; the failure named is still the first table's, in the schema's order."""
    from wps_data.contract.schemas import TABLES
    from wps_data.dataset import DataUnavailable

    first, later = next(iter(TABLES)), list(TABLES)[-1]
    _as_written(later, getattr(ds, later).drop(columns=[getattr(ds, later).columns[-1]]), tmp_path)
    _as_written(first, getattr(ds, first).drop(columns=[getattr(ds, first).columns[-1]]), tmp_path)
    for _ in range(3):  # whichever thread finishes first
        with pytest.raises(DataUnavailable) as info:
            load_dataset(tmp_path)
        assert f"{first}.parquet" in info.value.what and f"{later}.parquet" not in info.value.what


@pytest.mark.parametrize("column, dtype", [("year", "float64"), ("year", "str"), ("region", "category")])
def test_a_type_pandera_coerces_is_coerced_as_before(ds: Dataset, tmp_path: Path, column: str, dtype: str) -> None:
    _as_written("facts", _dtype_edit(column, dtype)(ds.facts_with_notes.copy()), tmp_path)
    loaded = load_dataset(tmp_path)
    assert loaded.facts_with_notes[column].dtype == ds.facts_with_notes[column].dtype
    pd.testing.assert_frame_equal(loaded.facts_with_notes, ds.facts_with_notes, check_exact=True)


def test_every_table_names_its_own_schema_in_a_failure() -> None:
    """One shared pandera config class made every failure say 'ProvisionsSchema'."""
    from wps_data.contract.schemas import TABLES

    assert {name: model.to_schema().name for name, model in TABLES.items()} == {
        name: model.__name__ for name, model in TABLES.items()
    }


def test_the_screen_figure_gives_streamlit_the_dict_it_encoded_once(ds: Dataset) -> None:
    """st.plotly_chart calls to_dict() on every rerun: the cached screen figure answers with one dict, the same JSON."""
    import json

    import plotly.io as pio
    import plotly.tools

    from wps_data.app import blocks
    from wps_data.filters import Filters
    from wps_data.viz.template import screen_figure

    for chart_id in ("overview-coverage", "minusma-women", "violence-regions"):
        fig = screen_figure(views.chart(ds, Filters(), "fr", chart_id).figure)
        enc = blocks._Encoded(fig)
        assert enc.to_dict() is enc.to_dict()  # no copy, no encoding on a rerun
        # What Streamlit sends, made as Streamlit makes it, is the figure's own JSON.
        sent = plotly.tools.return_figure_from_figure_or_data(enc, validate_figure=True)
        assert json.loads(pio.to_json(sent, validate=False)) == json.loads(pio.to_json(fig, validate=False))


# --- per-view work made once, not on every rerun ----------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_cached_panels_say_what_the_pages_used_to_compute_on_every_rerun(ds: Dataset, lang: str) -> None:
    """The overview's headline cards, the quota gap table and MINUSMA's closing notice, made once per view,
    are what the pages wrote on each rerun before (the same functions on the same rows)."""
    from wps_data.app import panels
    from wps_data.app.blocks import source_line
    from wps_data.filters import Filters

    cards, rows = panels.headline_cards(ds, lang)
    heads = views.headlines(ds, lang)
    assert [c[0] for c in cards] == heads and len(cards) > 0
    for (_h, help_text, sources), head in zip(cards, heads, strict=True):
        assert help_text == panels.headline_help(head, lang)
        assert sources == source_line(views.facts(ds, [head.fact["fact_id"]]), lang)
    pd.testing.assert_frame_equal(rows, views.headline_rows(ds, lang))

    for f in (Filters(), Filters.of({"branches": ["legislative"]})):
        derived = views.chart(ds, f, lang, "rep-quota").derived
        gaps = views.quota_gaps(ds, f, lang)
        if derived is None or derived.empty:
            assert gaps is None
        else:
            pd.testing.assert_frame_equal(gaps, views.gap_table(derived, lang))

    end_rows, notice, sources = panels.mission_closed_texts(ds, lang)
    ended = end_rows[end_rows["indicator"].eq("mandate_terminated")]
    assert len(ended) and notice is not None and sources == source_line(end_rows, lang)
    assert str(ended["date"].iloc[0])[:4] in notice


def test_the_server_as_the_readme_runs_it_watches_no_source_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """``streamlit run app.py`` reads .streamlit/config.toml: no watcher (it cost a new session ~170 ms)."""
    from streamlit import config

    monkeypatch.chdir(PROJECT_ROOT)
    try:
        config.get_config_options(force_reparse=True)
        assert config.get_option("server.fileWatcherType") == "none"
        assert config.get_option("server.runOnSave") is False
    finally:
        config.get_config_options(force_reparse=True)


@pytest.mark.parametrize("kept", [False, True], ids=["apptest-resets", "kept-as-a-server"])
def test_the_benchmark_runs_pages_without_the_legacy_rerun_a_server_makes_once(
    monkeypatch: pytest.MonkeyPatch, kept: bool
) -> None:
    """AppTest enters the legacy ``pages/`` mode on every run; the benchmark keeps the flag as a server does.

    Without the benchmark's context every run takes the legacy path (``_mpa_v1``), then the
    router's rerun; with it, only the first run does, as in ``streamlit run``.
    """
    import contextlib
    import sys

    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    monkeypatch.syspath_prepend(str(PROJECT_ROOT / "benchmarks"))
    sys.modules.pop("run", None)
    import run as bench

    calls: list[int] = []
    legacy = script_runner._mpa_v1
    monkeypatch.setattr(script_runner, "_mpa_v1", lambda *a, **k: (calls.append(1), legacy(*a, **k))[1])
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)  # a fresh process
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/sources.py")
    per_run = []
    for _ in range(3):
        before = len(calls)
        with bench.pages_flag_kept_as_a_server_keeps_it() if kept else contextlib.nullcontext():
            at.run()
        assert not at.exception, [e.message for e in at.exception]
        assert at.title[0].value == "Sources"
        per_run.append(len(calls) - before)
    assert per_run == ([1, 0, 0] if kept else [1, 1, 1])
    sys.modules.pop("run", None)


@pytest.mark.parametrize("shared", [False, True], ids=["apptest-compiles-each-run", "compiled-once-as-a-server"])
def test_the_benchmark_compiles_each_script_once_as_a_server_does(
    monkeypatch: pytest.MonkeyPatch, shared: bool
) -> None:
    """AppTest compiles app.py and the page on every run; the benchmark shares one script cache, as a server does.

    Counted as Streamlit's "magic" rewrite, which runs once per compile: two scripts (app.py
    and the page) on every run without the benchmark's context, only on the first with it.
    """
    import contextlib
    import sys

    from streamlit.runtime.scriptrunner import script_cache

    monkeypatch.syspath_prepend(str(PROJECT_ROOT / "benchmarks"))
    sys.modules.pop("run", None)
    import run as bench

    bench._process_script_cache.cache_clear()  # a fresh process: nothing compiled yet
    calls: list[str] = []
    rewrite = script_cache.magic.add_magic
    counted = lambda code, path: (calls.append(path), rewrite(code, path))[1]  # noqa: E731
    monkeypatch.setattr(script_cache.magic, "add_magic", counted)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/sources.py")
    per_run = []
    for _ in range(3):
        before = len(calls)
        with (
            bench.pages_flag_kept_as_a_server_keeps_it(),
            bench.scripts_compiled_once_as_a_server_compiles_them() if shared else contextlib.nullcontext(),
        ):
            at.run()
        assert not at.exception, [e.message for e in at.exception]
        assert at.title[0].value == "Sources"
        per_run.append(sorted(Path(p).name for p in calls[before:]))
    both = ["app.py", "sources.py"]
    assert per_run == ([both, [], []] if shared else [both, both, both])
    bench._process_script_cache.cache_clear()
    sys.modules.pop("run", None)
