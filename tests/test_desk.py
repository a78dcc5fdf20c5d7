"""The Council desk: its tables' contract, the release log, what changed, and the four pages.

Unit tests on constructed rows (schemas, word diffs, comparisons, event markers), the release
log through the CLI on a copy of the data, and AppTest renders of the pages in both languages
with hostile text, odd links and the settings every page reads (``events``, ``since``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from pandera.errors import SchemaError, SchemaErrors
from streamlit.testing.v1 import AppTest

from wps_data import paths
from wps_data.analysis.changes import compare, word_diff
from wps_data.app.desk import _diff_markdown
from wps_data.app.escape import md
from wps_data.charts import draw
from wps_data.charts.desk import desk_rows, event_rows, previous_release, provision_rows, statement_rows, thread_changes
from wps_data.cli.main import main as cli
from wps_data.contract.desk import DESK_TABLES, event_year
from wps_data.contract.relations import cross_table_problems
from wps_data.contract.releases import parse_index, snapshot
from wps_data.dataset import load_dataset, load_releases
from wps_data.i18n.names import country, partial_date
from wps_data.pagespec import PAGES
from wps_data.paths import PROJECT_ROOT
from wps_data.pipeline.releases import read_index, record_release
from wps_data.pipeline.verify import quote_rows, verify_quotes
from wps_data.viz.desk import add_event_markers, is_year_axis

APP = PROJECT_ROOT / "app.py"
DATA = PROJECT_ROOT / "data"
DESK_PAGES = ("mandates", "council", "timeline", "changes")


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def _validate(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    return DESK_TABLES[name].to_schema().validate(pd.DataFrame(rows), lazy=True)


EVENT = {
    "event_id": "e1",
    "date": "2020-08",
    "date_precision": "month",
    "kind": "coup",
    "label_en": "Coup",
    "label_fr": "Coup d'État",
    "source_id": "ieg-wps-mali-2023-03",
    "locator": "x",
    "quote": "q",
    "note": None,
}
STATEMENT = {
    "statement_id": "s1",
    "member": "FR",
    "kind": "statement",
    "meeting": "m",
    "date": "2023-06-16",
    "topic": "accountability",
    "text": "q",
    "source_id": "hrlo-mali-2023-08",
    "locator": "x",
    "note": None,
}


# --- the contract ------------------------------------------------------------------------


def test_the_committed_desk_tables_have_rows_of_every_kind(ds) -> None:
    assert set(ds.provisions["kind"]) == {"provision", "recommendation"}
    assert {"2531 (2020)", "2584 (2021)", "2640 (2022)"} <= set(ds.provisions["resolution"])
    assert set(ds.statements["kind"]) >= {"statement", "upr_recommendation"}
    assert ds.statements["member"].nunique() >= 10
    assert len(ds.events) >= 8
    # a thread pairs the same provision in at least two resolutions, so a change can be shown
    per_thread = ds.provisions[ds.provisions["kind"] == "provision"].groupby("thread")["resolution"].nunique()
    assert (per_thread >= 2).sum() >= 5


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"date_precision": "day"}, "date_matches_precision"),  # a month written as if it were a day
        ({"kind": "invasion"}, "isin"),
        ({"date": "Aug 2020"}, "str_matches"),
        ({"label_fr": "x" * 91}, "str_length"),
    ],
)
def test_an_event_breaking_a_rule_is_refused_naming_the_rule(change: dict, rule: str) -> None:
    with pytest.raises((SchemaErrors, SchemaError)) as err:
        _validate("events", [{**EVENT, **change}])
    assert rule in str(err.value)


@pytest.mark.parametrize(("change", "rule"), [({"member": "France"}, "str_matches"), ({"topic": "weather"}, "isin")])
def test_a_statement_breaking_a_rule_is_refused(change: dict, rule: str) -> None:
    with pytest.raises((SchemaErrors, SchemaError)) as err:
        _validate("statements", [{**STATEMENT, **change}])
    assert rule in str(err.value)


def test_a_desk_row_naming_an_unknown_source_is_a_problem_of_its_own_file(ds) -> None:
    bad = pd.concat([ds.statements, pd.DataFrame([{**STATEMENT, "statement_id": "zz", "source_id": "nowhere"}])])
    typed = {"facts": ds.facts, "sources": ds.sources, "indicators": ds.indicators, "statements": bad}
    problems = cross_table_problems(typed, meaning=False)
    assert [(p.file, p.value) for p in problems] == [("statements.csv", "nowhere")]


def test_verify_quotes_checks_every_desk_text_and_names_its_table(ds) -> None:
    typed = {name: getattr(ds, name) for name in ("facts", "sources", *DESK_TABLES)}
    rows = quote_rows(typed)
    assert len(rows) == len(ds.facts) + sum(len(getattr(ds, n)) for n in DESK_TABLES)
    checked, failures = verify_quotes(rows, ds.sources, paths.sources_dir(), paths.excerpts_dir())
    assert checked == len(rows) and failures == []
    forged = ds.statements.assign(text="The Council applauded unanimously.").head(1)
    _, failures = verify_quotes(quote_rows({**typed, "statements": forged}), ds.sources, paths.sources_dir())
    assert any(f.fact_id.startswith("statements:") for f in failures)


def test_event_positions_are_never_more_precise_than_the_date() -> None:
    x = event_year(pd.Series(["2015", "2020-08", "2023-06-30"]))
    assert x.iloc[0] == 2015.5  # a year: mid-year
    assert 2020.58 < x.iloc[1] < 2020.59  # August: its first day
    assert 2023.49 < x.iloc[2] < 2023.5


def test_names_and_dates_in_the_readers_language() -> None:
    assert country("GB", "fr") == "Royaume-Uni" and country("GB", "en") == "United Kingdom"
    assert partial_date("2020-08", "fr") == "août 2020" and partial_date("2020-08", "en") == "August 2020"
    assert partial_date("2023-06-16", "fr") == "16 juin 2023" and partial_date("2015", "fr") == "2015"


# --- the changes -------------------------------------------------------------------------


def _facts(**rows: dict[str, Any]) -> pd.DataFrame:
    base = {"theme": "gbv", "value": 1.0, "unit": "cases", "year": 2020, "status": "reported", "note": "n"}
    return pd.DataFrame([{"fact_id": fid, **base, **r} for fid, r in rows.items()])


def test_compare_names_added_removed_and_revised_facts_with_fields_and_reason() -> None:
    old = _facts(a={}, b={}, c={"year": 2021})
    new = _facts(a={}, c={"year": 2022, "value": 2.0, "note": "n; corrected: the report covers 2022"}, d={})
    out = compare(old, new).set_index("fact_id")
    assert out.loc["d", "change"] == "added" and out.loc["b", "change"] == "removed"
    assert "a" not in out.index  # unchanged
    assert out.loc["c", "fields"] == "value, year"
    assert out.loc["c", "old"] == "1 cases" and out.loc["c", "new"] == "2 cases"
    assert out.loc["c", "reason"] == "corrected: the report covers 2022"


def test_a_year_read_as_a_float_is_the_same_year() -> None:
    assert compare(_facts(a={"year": 2020.0}), _facts(a={"year": 2020})).empty
    assert snapshot(_facts(a={"year": 2020.0}))["year"].iloc[0] == "2020"


def test_word_diff_marks_added_and_dropped_words_in_reading_order() -> None:
    runs = word_diff("ensure the participation of women", "ensure the full and equal participation of women and youth")
    assert runs == [
        ("same", "ensure the"),
        ("added", "full and equal"),
        ("same", "participation of women"),
        ("added", "and youth"),
    ]
    assert word_diff("a b c", "a c") == [("same", "a"), ("dropped", "b"), ("same", "c")]


def test_each_thread_compares_a_resolution_with_the_one_before(ds) -> None:
    rows = provision_rows(ds)
    changes = thread_changes(rows)
    assert changes, "no provision is compared with an earlier one"
    for c in changes:
        assert c["old"]["adopted"] < c["new"]["adopted"]
        rebuilt = " ".join(text for kind, text in c["diff"] if kind != "dropped")
        assert rebuilt.split() == c["new"]["text"].split()  # the new text, word for word


# --- the release log -----------------------------------------------------------------------


@pytest.fixture
def built(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    shutil.copytree(DATA / "curated", out / "curated")
    return out


def test_each_build_records_its_release_once(built: Path, monkeypatch, capsys) -> None:
    assert cli(["build", "--curated", str(built / "curated"), "--out", str(built)]) == 0
    assert "recorded release" in capsys.readouterr().out
    index = read_index(built)
    assert len(index) == 1 and index["origin"].iloc[0] == "build"
    snapshot_bytes = (built / "releases" / f"{index['version'].iloc[0]}.parquet").read_bytes()
    assert snapshot_bytes == (built / "facts.parquet").read_bytes()
    before = (built / "releases" / "index.csv").read_bytes()
    assert cli(["build", "--curated", str(built / "curated"), "--out", str(built)]) == 0
    assert (built / "releases" / "index.csv").read_bytes() == before  # the same data: nothing new
    assert record_release(built) is False


def test_a_new_build_after_an_edit_is_a_new_release_and_changes_lists_the_edit(
    built: Path, monkeypatch, capsys
) -> None:
    assert cli(["build", "--curated", str(built / "curated"), "--out", str(built)]) == 0
    facts = built / "curated" / "facts.csv"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace("rep-cnt-women-share-2013,", "rep-cnt-women-share-2013-renamed,", 1), encoding="utf-8"
    )
    assert cli(["build", "--curated", str(built / "curated"), "--out", str(built)]) == 0
    assert len(read_index(built)) == 2
    monkeypatch.setenv("WPS_DATA_DIR", str(built))
    capsys.readouterr()
    assert cli(["changes"]) == 0
    out = capsys.readouterr().out
    assert "1 added, 0 revised, 1 removed" in out
    assert "+ rep-cnt-women-share-2013-renamed" in out and "- rep-cnt-women-share-2013 " in out
    assert cli(["changes", "--since", "0000000"]) == 2
    assert cli(["changes", "--format", "csv"]) == 0
    raw = capsys.readouterr().out
    assert "fact_id,theme,change" in raw


def test_a_release_that_changed_no_figure_is_not_where_what_changed_starts(built: Path, monkeypatch, capsys) -> None:
    """A rebuild that changes only a source's language is a release with the same figures: the
    default "since" skips it (else the page and the CLI would say "nothing changed")."""
    assert cli(["build", "--curated", str(built / "curated"), "--out", str(built)]) == 0
    facts = built / "curated" / "facts.csv"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("rep-cnt-women-share-2013,", "rep-cnt-women-share-2013-x,", 1),
        encoding="utf-8",
    )
    assert cli(["build", "--curated", str(built / "curated"), "--out", str(built)]) == 0
    with_figures = read_index(built)["version"].iloc[-1]
    sources = built / "curated" / "sources.csv"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("OCHA (on ReliefWeb),", "OCHA (ReliefWeb),", 1), encoding="utf-8")
    assert cli(["build", "--curated", str(built / "curated"), "--out", str(built)]) == 0
    index = read_index(built)
    assert len(index) == 3
    monkeypatch.setenv("WPS_DATA_DIR", str(built))
    capsys.readouterr()
    assert cli(["changes"]) == 0
    out = capsys.readouterr().out
    assert f"Changes from release {index['version'].iloc[0]}" in out and "1 added, 0 revised, 1 removed" in out
    assert cli(["changes", "--since", with_figures]) == 0
    assert "0 added, 0 revised, 0 removed" in capsys.readouterr().out  # asked for: said as it is
    ds = load_dataset(built)
    assert previous_release(ds) == index["version"].iloc[0]


@pytest.mark.parametrize(
    ("differs", "expected"),
    [((True, False), "r1"), ((True, True), "r2"), ((False, False), "r2"), ((), None)],
)
def test_last_changed_release_looks_back_past_releases_with_the_same_figures(
    differs: tuple, expected: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wps_data.analysis.changes as changes_module

    now, other = pd.DataFrame({"fact_id": ["a"]}), pd.DataFrame({"fact_id": ["b"]})
    versions = [f"r{i + 1}" for i in range(len(differs))]
    releases = {v: (other if d else now) for v, d in zip(versions, differs, strict=True)}
    # compare's verdict stands in: a change when the release is not the current figures
    monkeypatch.setattr(
        changes_module, "compare", lambda old, new: pd.DataFrame({"change": ["added"] if old is not new else []})
    )
    assert changes_module.last_changed_release(versions, releases, now) == expected


def test_change_counts_are_the_change_rows_counted_once_per_release(ds) -> None:
    from wps_data.app.desk import change_counts, change_rows

    for version in ds.releases["version"]:
        if version == ds.version:
            continue
        rows = change_rows(ds, version)
        counts = change_counts(ds, version)
        assert counts == {k: int((rows["change"] == k).sum()) for k in ("added", "revised", "removed")}
        assert change_counts(ds, version) is counts  # kept with the dataset, not counted on every rerun


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_changes_table_names_each_theme_in_words(ds, lang: str) -> None:
    """The themes read 'Humanitaire', 'Représentation' in French: never the data's code ('humanitarian')."""
    from wps_data.app.desk import _changes_for_reading
    from wps_data.charts.desk import previous_release
    from wps_data.i18n import t, words

    rows, shown = _changes_for_reading(ds, previous_release(ds), lang)
    themes = shown.column(t("desk.col.theme", lang)).to_pylist()
    assert themes == [words.code("theme", v, lang) for v in rows["theme"]] and themes


def test_a_corrupt_release_index_leaves_the_pages_working(tmp_path: Path) -> None:
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "index.csv").write_text("version,date\nnot-a-version,yesterday\n")
    index, facts = load_releases(tmp_path)
    assert index.empty and facts == {}
    with pytest.raises(ValueError, match="columns"):
        parse_index("version,date\n")


def test_the_committed_log_holds_the_landed_releases_and_the_current_data(ds) -> None:
    assert list(ds.releases["version"][:2]) == ["864a84998bfd", "02a4d053fd11"]
    assert ds.version in set(ds.releases["version"])
    assert list(ds.releases["date"]) == sorted(ds.releases["date"])
    first = compare(ds.release_facts["864a84998bfd"], ds.facts_with_notes)  # the reasons are the notes
    assert (first["change"] == "removed").sum() == 3  # the three duplicate quota clauses of the meaning audit
    assert first.loc[first["change"] == "revised", "reason"].str.len().gt(0).all()


# --- figures -----------------------------------------------------------------------------


def test_event_markers_go_on_year_charts_only(ds) -> None:
    events = event_rows(ds)
    years = go.Figure(go.Scatter(x=[2013, 2018, 2024], y=[1, 2, 3]))
    assert is_year_axis(years) and add_event_markers(years, events) > 0
    assert any(tr.name and "Events" in tr.name for tr in years.data)
    bars = go.Figure(go.Bar(x=["CNT", "Government"], y=[28.6, 21]))
    assert not is_year_axis(bars) and add_event_markers(bars, events) == 0


def test_the_matrix_counts_each_member_and_topic(ds) -> None:
    res = draw("council-matrix", ds, {}, "fr")
    heat = res.figure.data[0]
    assert sum(v for row in heat.z for v in row if v == v) == len(ds.statements)
    assert "Royaume-Uni" in heat.y or "France" in heat.y
    only = draw("council-matrix", ds, {"members": ["FR"]}, "en")
    assert list(only.figure.data[0].y) == ["France"]


def test_desk_exports_keep_verbatim_text_and_sources(ds) -> None:
    for page in ("mandates", "council", "timeline"):
        rows = desk_rows(page, ds)
        assert len(rows) and {"source_id", "title", "url", "locator"} <= set(rows.columns)
    assert desk_rows("council", ds, {"topics": ["crsv"]})["topic"].eq("crsv").all()
    assert statement_rows(ds, None, "fr")["member_name"].str.len().gt(0).all()


# --- the pages ---------------------------------------------------------------------------


def render(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.switch_page(PAGES[page].file)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", DESK_PAGES)
def test_every_desk_page_renders_in_both_languages(page: str, lang: str) -> None:
    at = render(page, {"lang": lang})
    assert not at.exception, [e.message for e in at.exception]
    assert not at.warning
    assert at.title[0].value == {"en": EN_TITLES, "fr": FR_TITLES}[lang][page]


EN_TITLES = {
    "mandates": "Mandate language",
    "council": "Council positions",
    "timeline": "Timeline",
    "changes": "What changed",
}
FR_TITLES = {
    "mandates": "Langage des mandats",
    "council": "Positions au Conseil",
    "timeline": "Chronologie",
    "changes": "Ce qui a changé",
}


def test_mandates_marks_changed_words_and_links_the_quota_to_its_chart() -> None:
    at = render("mandates", {"mandate_themes": "participation"})
    assert not any(":green-background[**" in m.value for m in at.markdown)  # the diffs wait for the switch
    at.toggle(key="changes").set_value(True).run()  # the link keeps it: test_browser_desk
    texts = [m.value for m in at.markdown]
    assert any(":green-background[**" in x for x in texts)
    assert [s.value for s in at.subheader] == ["Participation and the 30% quota"]
    links = [p.proto.label for p in at.get("page_link")]
    assert any("Representation" in label for label in links)


def test_a_council_link_keeps_codes_and_shows_names() -> None:
    at = render("council", {"members": "FR", "topics": "accountability", "lang": "fr"})
    assert not at.warning and not at.exception
    chosen = at.multiselect(key="wps_members")
    assert chosen.value == ["FR"] and "France (FR)" in chosen.options
    assert any("France" in m.value or "accountability" in m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_council_cells_are_the_statements_of_each_member_and_topic(ds, lang: str) -> None:
    """The cells made once per view hold exactly the rows the page used to filter on every rerun."""
    from wps_data.app.views import council_cells, member_topics
    from wps_data.contract.desk import TOPICS
    from wps_data.filters import Filters

    for f in (Filters(), Filters.of({"topics": ["crsv", "accountability"]})):
        rows, members, cells = council_cells(ds, f, lang)
        expected = statement_rows(ds, f, lang)
        pd.testing.assert_frame_equal(rows, expected)
        assert members == list(expected["member"].value_counts().index)
        assert sum(len(c) for c in cells.values()) == len(expected)
        for m in members:
            mine = expected[expected["member"] == m]
            assert member_topics(cells, m) == [x for x in TOPICS if x in set(mine["topic"])]
            for x in member_topics(cells, m):
                pd.testing.assert_frame_equal(cells[(m, x)], mine[mine["topic"] == x])


def test_opening_a_council_cell_shows_that_member_and_topic_only(ds) -> None:
    at = render("council")
    rows = statement_rows(ds, None, "en")
    member = at.selectbox(key="wps_cell_m").options[-1]
    code = member.rsplit("(", 1)[1].rstrip(")")
    at.selectbox(key="wps_cell_m").set_value(code).run()
    topic = at.selectbox(key="wps_cell_t").value
    cell = rows[(rows["member"] == code) & (rows["topic"] == topic)]
    texts = [m.value for m in at.markdown]
    assert len(cell) and all(any(md(text) in x for x in texts) for text in cell["text"])
    others = rows[rows["member"] != code]["text"]
    assert not any(md(text) == x for text in others for x in texts)


def test_odd_desk_links_are_ignored_with_a_notice() -> None:
    at = render("council", {"members": "XX", "since": "deadbeef", "events": "maybe"})
    notice = " ".join(w.value for w in at.warning)
    assert "members" in notice and "since" in notice and "events" in notice
    assert not at.exception


def test_since_marks_what_changed_on_every_chart_and_the_changes_page_lists_it() -> None:
    at = render("violence", {"since": "864a84998bfd"})
    assert any("864a84998bfd" in i.value for i in at.info)
    assert any(c.value.startswith("Since release 864a84998bfd") for c in at.caption)
    changes = render("changes", {"since": "864a84998bfd"})
    ds = load_dataset(DATA)
    added = int((compare(ds.release_facts["864a84998bfd"], ds.facts)["change"] == "added").sum())
    assert added >= 48  # the meaning audit's and the series' new facts, and any since
    assert any(f"{added} figures added" in m.value for m in changes.markdown)
    assert changes.get("download_button")


def test_events_on_charts_draw_markers_on_year_charts() -> None:
    at = render("humanitarian", {"events": "true"})
    specs = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    marked = [s for s in specs if any(tr.get("yaxis") == "y9" for tr in s["data"])]
    assert marked, "no chart over years carries the events"
    plain = render("humanitarian")
    assert not any(
        tr.get("yaxis") == "y9" for el in plain.get("plotly_chart") for tr in json.loads(el.proto.spec)["data"]
    )


def test_hostile_desk_text_stays_text() -> None:
    """A provision's text with markdown, a link and HTML is shown escaped, in the diff too."""
    ds = load_dataset(DATA)
    hostile = "[click](javascript:alert(1)) <script>x</script> :red[boo] $x$"
    rows = provision_rows(ds)
    first = rows.iloc[0]
    out = _diff_markdown(word_diff(first["text"], first["text"] + " " + hostile))
    assert "<script>" not in out and "](javascript" not in out and ":red[" not in out
    assert md("]") in out or "\\]" in out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_mandates_switch_shows_every_word_diff_under_its_provision_and_none_when_off(lang: str) -> None:
    """Off (the default), the page sends no diff; on (``?changes=true``), one per provision that has a predecessor."""
    at = render("mandates", {"lang": lang})
    assert at.toggle(key="changes").value is False
    assert not [m for m in at.markdown if "-background[" in m.value]
    assert not [e for e in at.expander if e.label.startswith(("What changed", "Ce qui a changé"))]

    at = render("mandates", {"lang": lang, "changes": "true"})
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert at.toggle(key="changes").value is True
    ds = load_dataset(DATA)
    changes = thread_changes(provision_rows(ds, lang=lang))
    marked = {_diff_markdown(c["diff"]) for c in changes if any(k != "same" for k, _ in c["diff"])}
    same = sum(1 for c in changes if all(k == "same" for k, _ in c["diff"]))
    shown = [m.value for m in at.markdown if m.value.startswith(":small[:gray[")]
    changed_head = "What changed from" if lang == "en" else "Ce qui a changé depuis"
    same_head = "The same words as in" if lang == "en" else "Les mêmes mots que dans"
    with_words = [x.split("\n\n", 1)[1] for x in shown if changed_head in x]
    # a paragraph on two themes sits under both, with its diff
    assert set(with_words) == marked and len(with_words) >= len(marked) >= 20
    assert sum(1 for x in shown if same_head in x) >= same >= 1  # an unchanged paragraph is not repeated unmarked
    assert not [x for x in shown if changed_head in x and "-background[" not in x]
    legend = "words added since the previous resolution" if lang == "en" else "les mots ajoutés depuis"
    assert any(legend in c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_mandates_chart_says_a_paragraph_on_several_themes_counts_under_each(ds, lang: str) -> None:
    """Adding up a column gives more than its paragraphs: the caveat says so, with that column's numbers."""
    res = draw("mandate-provisions", ds, {}, lang)
    heat = res.figure.data[0]
    columns = list(heat.x)
    provisions = res.rows[res.rows["kind"].eq("provision")].drop_duplicates(["resolution", "paragraph"])
    latest = provisions.sort_values("adopted", kind="stable")["resolution"].iloc[-1]
    paragraphs = int(provisions["resolution"].eq(latest).sum())
    column = columns.index(latest)
    z = pd.DataFrame(list(heat.z)).fillna(0)  # an empty cell is blank (NaN), not 0
    in_cells = int(z[column].sum())
    assert in_cells > paragraphs  # the data has paragraphs on several themes (2640: OP 3 on four)
    said = " ".join(res.caveats)
    number = f"{latest} has {paragraphs} paragraphs and {in_cells} in its cells"
    if lang == "fr":
        number = f"{latest} compte {paragraphs} paragraphes, et {in_cells} dans ses cases"
    assert number in said, said
    assert f"{paragraphs}" in res.takeaway
    # one row behind the chart per paragraph, theme and part: the cells are their distinct (theme, paragraph)
    per_cell = res.rows.drop_duplicates(["theme", "resolution", "paragraph"])
    assert len(per_cell) == int(z.to_numpy().sum())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_desk_charts_name_their_rows_passages_records_and_events_not_figures(lang: str) -> None:
    """The rows behind the desk's charts are not figures: each expander says what they are and how they count."""
    expected = {
        "mandates": ("The {n} passages behind this chart", "Les {n} passages de ce graphique"),
        "council": ("The {n} records behind this chart", "Les {n} mentions de ce graphique"),
        "timeline": ("The {n} events behind this chart", "Les {n} événements de ce graphique"),
    }
    for page, (en, fr) in expected.items():
        at = render(page, {"lang": lang})
        chart_id = PAGES[page].charts[0]
        rows = draw(chart_id, load_dataset(DATA), {}, lang).rows
        start = (en if lang == "en" else fr).format(n=len(rows))
        labels = [e.label for e in at.expander if e.label.startswith(start)]
        assert len(labels) == 1, [e.label for e in at.expander]
        assert "figures" not in labels[0] and "chiffres" not in labels[0]
        if page == "mandates":  # each passage names the theme (the chart's row) it is counted under
            at.session_state["wps_facts_mandate-provisions"] = True
            at.run()
            table = at.dataframe[0]
            assert "theme_label" in table.value.columns
            themes = set(table.value["theme_label"])
            assert themes == set(rows["theme_label"]) and len(themes) >= 5
            header = json.loads(table.proto.columns)["theme_label"]["label"]
            assert header == ("Counted under theme" if lang == "en" else "Compté sous le thème")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_council_matrix_counts_council_meetings_apart_from_the_upr_in_date_order(ds, lang: str) -> None:
    """The UPR is the Human Rights Council's review, not a Security Council meeting; dates read in order."""
    rows = statement_rows(ds, None, lang)
    upr = set(rows.loc[rows["kind"].eq("upr_recommendation"), "meeting"])
    council = rows[~rows["meeting"].isin(upr)].drop_duplicates("meeting").sort_values("date")
    assert len(upr) == 1 and len(council) == 3
    sub = draw("council-matrix", ds, {}, lang).subtitle
    dates = ", ".join(council["date_text"])
    upr_date = rows.loc[rows["meeting"].isin(upr), "date_text"].iloc[0]
    if lang == "en":
        assert f"3 Security Council meetings ({dates}) and Mali's Universal Periodic Review ({upr_date})" in sub
    else:
        said = f"3 séances du Conseil de sécurité ({dates}) et l'Examen périodique universel du Mali ({upr_date})"
        assert said in sub
    assert "4 " not in sub
