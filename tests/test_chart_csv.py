"""The data behind a chart: ``wps-data chart ID --format csv`` writes exactly the rows the chart plots."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from wps_data import charts
from wps_data.cli.main import main
from wps_data.dataset import Dataset, load_dataset
from wps_data.exports.tables import CHART_CSV_COLUMNS, chart_csv_bytes, chart_frame
from wps_data.paths import PROJECT_ROOT

DESK_CHARTS = ("council-matrix", "mandate-provisions", "timeline-events")
NEEDED = {"value", "unit", "year", "region", "sex_age", "status", "subject", "title", "locator", "quote", "fact_id"}


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(PROJECT_ROOT / "data")


@pytest.mark.parametrize("chart_id", sorted(charts.REGISTRY))
def test_chart_frame_is_exactly_the_plotted_rows(ds: Dataset, chart_id: str) -> None:
    res = charts.draw(chart_id, ds)
    frame = chart_frame(res)
    if chart_id in DESK_CHARTS:  # rows are provisions, statements or events: each verbatim with its source
        assert list(frame["fact_id"]) == list(res.rows["fact_id"]) and frame["fact_id"].is_unique
        assert {"quote", "source_id", "title", "locator"} <= set(frame.columns)
        assert frame["quote"].str.len().gt(0).all()
        return
    assert NEEDED <= set(frame.columns) and list(frame.columns) == [c for c in CHART_CSV_COLUMNS if c in frame]
    plotted = set(res.rows["fact_id"].dropna()) if not res.rows.empty else set()
    assert set(frame["fact_id"]) == plotted and frame["fact_id"].is_unique
    if not frame.empty:
        view = ds.view.set_index("fact_id")
        for r in frame.itertuples():  # every value, unit and quote is the fact's own
            assert (r.value, r.unit, r.quote) == tuple(view.loc[r.fact_id, ["value", "unit", "quote"]])


def test_cli_writes_the_chart_csv_excel_safe(tmp_path: Path, ds: Dataset, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "crsv.csv"
    assert main(["chart", "crsv-by-year", "--format", "csv", "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data == chart_csv_bytes(charts.draw("crsv-by-year", ds))
    got = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert set(got["fact_id"]) == set(charts.draw("crsv-by-year", ds).rows["fact_id"])
    assert got.groupby("series")["status"].nunique().max() == 1  # one kind of count per series


def test_cli_chart_csv_honours_filters_and_suffix(tmp_path: Path, ds: Dataset) -> None:
    out = tmp_path / "gbv.csv"  # the format comes from the suffix
    assert main(["chart", "gbv-trend", "--out", str(out), "--filter", "years=2020-2024"]) == 0
    got = pd.read_csv(out, encoding="utf-8-sig")
    assert not got.empty and got["year"].between(2020, 2024).all()
