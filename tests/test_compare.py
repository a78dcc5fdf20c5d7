"""Regions side by side on the map page: the chosen regions, one kind of figure, every year; links keep the choice."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from wps_data.charts import draw
from wps_data.charts.regional_map import map_options
from wps_data.dataset import load_dataset
from wps_data.pagespec import PAGES
from wps_data.paths import PROJECT_ROOT


@pytest.fixture(scope="module")
def ds():
    return load_dataset(PROJECT_ROOT / "data")


def test_every_regional_indicator_can_be_compared_across_its_regions(ds) -> None:
    for ind in sorted(set(map_options(ds)["indicator"])):
        res = draw("map-compare", ds, {"indicator": ind}, "en")
        assert not res.empty, ind
        rows = res.rows
        assert rows["sex_age"].nunique() == 1 and rows["status"].nunique() == 1, ind  # never two measures side by side
        assert not rows.duplicated(["region", "year"]).any(), ind  # one bar per region and year
        bars = sum(len(tr.x) for tr in res.figure.data)
        assert bars == len(rows), ind


def test_two_chosen_regions_are_drawn_side_by_side(ds) -> None:
    opts = map_options(ds)
    ind = opts.groupby("indicator")["regions"].max().idxmax()
    full = draw("map-compare", ds, {"indicator": ind}, "en").rows
    two = sorted(full["region"].unique())[:2]
    res = draw("map-compare", ds, {"indicator": ind, "regions": two}, "fr")
    assert sorted(res.rows["region"].unique()) == two
    assert {x for tr in res.figure.data for x in tr.x} == set(two)
    assert "2 régions comparées" in res.takeaway


def test_a_region_without_a_figure_says_so(ds) -> None:
    res = draw("map-compare", ds, {"indicator": "idps", "regions": ["Taoudénit"]}, "en")
    assert res.fallback and "regions Taoudénit" in res.fallback  # the wider view, said so
    assert res.rows["region"].nunique() > 1


def _render(params: dict[str, object]) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=90)
    at.switch_page(PAGES["map"].file)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def test_the_map_page_compares_the_regions_of_its_link() -> None:
    at = _render({"regions": ["Gao", "Mopti"]})
    assert not at.exception and not at.warning
    assert at.multiselect(key="regions").value == ["Gao", "Mopti"]
    specs = {
        el.proto.id.split("-", 2)[-1].removeprefix("fig-"): json.loads(el.proto.spec) for el in at.get("plotly_chart")
    }
    assert set(specs) == {"map-regional", "map-compare"}
    regions = {x for tr in specs["map-compare"]["data"] for x in tr.get("x", [])}
    assert regions <= {"Gao", "Mopti"} and regions


def test_an_unknown_region_in_the_link_is_ignored_with_a_notice() -> None:
    at = _render({"regions": "Atlantis"})
    assert any("regions" in w.value for w in at.warning)
    assert not at.exception


# --- filters that never silently empty a page ------------------------------------------------


def test_a_region_without_a_figure_keeps_the_wider_view_marked_as_such(ds) -> None:
    from wps_data.pagespec import PAGES as specs

    emptied = []
    for chart_id in specs["violence"].charts:
        res = draw(chart_id, ds, {"regions": ["Mopti"]}, "en")
        assert not res.empty, chart_id  # never a 'no figure' box when a wider view has figures
        if res.fallback:
            emptied.append(chart_id)
            assert "regions Mopti" in res.fallback and "wider view" in res.title
            assert res.figure.layout.title.text.endswith("wider view)")
        else:
            assert set(res.rows["region"]) <= {"Mopti"}, chart_id  # a chart that has Mopti shows only Mopti
    assert emptied, "Mopti has figures in every chart: choose another region for this test"


def test_a_status_filter_never_empties_a_chart_silently(ds) -> None:
    res = draw("crsv-verified-vs-registered", ds, {"statuses": ["verified"]}, "fr")
    assert not res.empty
    if res.fallback:
        assert "vue élargie" in res.title
    else:
        assert set(res.rows["status"]) == {"verified"}


def test_the_page_says_which_charts_show_a_wider_view() -> None:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=90)
    at.switch_page(PAGES["violence"].file)
    at.query_params["regions"] = "Mopti"
    at.run()
    assert not at.exception and not at.warning  # a valid link: no link notice
    infos = [i.value for i in at.info if "No figure in this chart matches regions Mopti" in i.value]
    assert infos
    specs = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    no_data = [s for s in specs if any("No data" in (a.get("text") or "") for a in s["layout"].get("annotations", []))]
    assert not no_data
