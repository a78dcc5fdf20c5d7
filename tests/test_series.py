"""Chart selections as data: ``data/curated/series.csv`` against the charts and the facts.

A chart names series, never subjects; the build fails, naming the series, when a
selection matches nothing, or matches a row of another kind of count, or puts an
undated, part-year or part-area figure on a line over years.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pandas as pd
import pytest

from wps_data import charts
from wps_data.contract.selection import SeriesSchema
from wps_data.pagespec import PAGES
from wps_data.paths import PROJECT_ROOT
from wps_data.pipeline.validate import validate_curated

CURATED = PROJECT_ROOT / "data" / "curated"
# Charts that draw every row of a theme, every body of bodies.csv or an indicator chosen by the reader.
NO_SERIES = {"overview-coverage", "overview-gaps", "violence-regions", "map-regional", "mandate-timeline", "rep-quota"}
# the Council desk's charts draw provisions, statements and events, and map-compare the map's own indicator
NO_SERIES |= {"council-matrix", "mandate-provisions", "timeline-events", "map-compare"}


@pytest.fixture
def curated(tmp_path: Path) -> Path:
    out = tmp_path / "curated"
    shutil.copytree(CURATED, out)
    return out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}: the test needs updating"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _series() -> pd.DataFrame:
    return pd.read_csv(CURATED / "series.csv", dtype=str, keep_default_na=False)


def test_every_series_names_a_registered_chart_and_every_chart_its_series() -> None:
    series = _series()
    assert set(series["chart_id"]) <= set(charts.REGISTRY), set(series["chart_id"]) - set(charts.REGISTRY)
    for chart_id in set(charts.REGISTRY) - NO_SERIES:
        assert chart_id in set(series["chart_id"]), f"chart {chart_id} declares no series"


def test_every_chart_is_on_exactly_one_page() -> None:
    listed = [c for p in PAGES.values() for c in p.charts]
    assert sorted(listed) == sorted(charts.REGISTRY), "page specs and the registry disagree"
    assert len(listed) == len(set(listed))


def test_the_committed_curated_data_passes_the_series_rules() -> None:
    _, problems = validate_curated(CURATED)
    assert [p for p in problems if "series_" in p.rule] == []


def test_renamed_subject_fails_the_build_naming_the_series(curated: Path) -> None:
    series = _series()
    row = series[series["series_id"].eq("idps")].iloc[0]
    _edit(curated / "series.csv", f"idps,hum-idps-trend,idps,{row['subject']},", "idps,hum-idps-trend,idps,Displaced,")
    _, problems = validate_curated(curated)
    hits = [p for p in problems if p.rule.startswith("series_selects_nothing")]
    assert len(hits) == 1 and "'idps'" in hits[0].rule and hits[0].file == "series.csv" and hits[0].line >= 2


def test_another_kind_of_count_under_a_series_fails_the_build(curated: Path) -> None:
    series = _series()
    sid = series[series["status"].eq("verified") & series["over_years"].eq("true")]["series_id"].iloc[0]
    _edit(curated / "series.csv", f"{sid},", f"{sid}-x,")  # keep ids unique while changing the status below
    text = (curated / "series.csv").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith(f"{sid}-x,"))
    (curated / "series.csv").write_text(text.replace(line, line.replace(",verified,", ",reported,")), encoding="utf-8")
    _, problems = validate_curated(curated)
    hits = [p for p in problems if p.rule.startswith("series_status")]
    assert hits and all(p.file == "facts.csv" and p.column == "status" and f"{sid}-x" in p.rule for p in hits)


def test_a_part_year_or_part_area_row_on_a_line_over_years_fails_the_build(curated: Path) -> None:
    facts = pd.read_csv(curated / "facts.csv", dtype=str, keep_default_na=False)
    series = _series()
    row = series[series["series_id"].eq("idps")].iloc[0]
    on_line = facts[facts["indicator"].eq(row["indicator"]) & facts["subject"].eq(row["subject"])]
    on_line = on_line[on_line["region"].eq("Mali") & on_line["year"].ne("") & on_line["sex_age"].eq("total")]
    fid = on_line["fact_id"].iloc[0]
    edited = facts.copy()
    edited.loc[edited["fact_id"].eq(fid), "part_year"] = "true"
    edited.to_csv(curated / "facts.csv", index=False)
    _, problems = validate_curated(curated)
    hits = [p for p in problems if p.rule.startswith("series_annual")]
    assert [(p.file, p.value) for p in hits] == [("facts.csv", fid)]
    assert "'idps'" in hits[0].rule


def test_a_figure_for_part_of_the_country_is_never_national() -> None:
    from wps_data.contract.series import select_mask

    facts = pd.DataFrame(
        {
            "indicator": ["idps"] * 3,
            "subject": ["IDPs"] * 3,
            "sex_age": ["total"] * 3,
            "region": ["Mali", "Mali", "Gao"],
            "scope": [None, "northern and central regions", None],
            "year": [2020, 2020, 2020],
        }
    )
    s = {"indicator": "idps", "subject": "IDPs", "scope": "national", "over_years": True}
    assert select_mask(facts, s).tolist() == [True, False, False]
    assert select_mask(facts, {**s, "scope": "regional"}).tolist() == [False, False, True]


def test_an_undated_figure_is_not_on_a_line_over_years() -> None:
    from wps_data.dataset import load_dataset

    ds = load_dataset(PROJECT_ROOT / "data")
    for sid in ds.series.loc[ds.series["over_years"].astype(bool), "series_id"]:
        assert charts.registry.series_rows(ds, sid)["year"].notna().all(), sid


@pytest.mark.parametrize(("text", "value"), [("true", True), ("FALSE", False), ("False", False)])
def test_over_years_reads_true_and_false_strictly(text: str, value: bool) -> None:
    df = _series().head(1).assign(over_years=text).replace("", None)
    assert bool(SeriesSchema.validate(df)["over_years"].iloc[0]) is value


def test_over_years_rejects_other_words() -> None:
    df = _series().head(1).assign(over_years="maybe").replace("", None)
    with pytest.raises(Exception, match="over_years"):
        SeriesSchema.validate(df, lazy=True)


def _string_literals(path: Path) -> set[str]:
    return {
        n.value
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def test_chart_code_names_no_subject_and_no_fact_id() -> None:
    facts = pd.read_csv(CURATED / "facts.csv", dtype=str, keep_default_na=False)
    subjects, ids = set(facts["subject"]), set(facts["fact_id"])
    for path in sorted((PROJECT_ROOT / "src" / "wps_data" / "charts").glob("*.py")):
        literals = _string_literals(path)
        assert not literals & subjects, f"{path.name} selects by subject: {sorted(literals & subjects)}"
        assert not literals & ids, f"{path.name} selects by fact id: {sorted(literals & ids)}"
