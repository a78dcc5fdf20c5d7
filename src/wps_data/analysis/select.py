"""Row selection: the filters of a view, and the series a chart declares in data/curated/series.csv.

Layer: analysis (pure pandas; imports the contract only, never words or streamlit).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from wps_data.contract.frames import isin


def filter_facts(
    view: pd.DataFrame,
    *,
    themes: Iterable[str] | None = None,
    indicators: Iterable[str] | None = None,
    regions: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    sources: Iterable[str] | None = None,
    years: tuple[int, int] | None = None,
    include_undated: bool = True,
) -> pd.DataFrame:
    """Rows matching every given filter (None means no filter on that column)."""
    mask = pd.Series(True, index=view.index)
    for col, allowed in (
        ("theme", themes),
        ("indicator", indicators),
        ("region", regions),
        ("status", statuses),
        ("source_id", sources),
    ):
        if allowed is not None:
            mask &= isin(view[col], list(allowed))  # Arrow's is_in (pandas 3 loops in Python over Arrow text)
    if years is not None:
        lo, hi = years
        in_range = view["year"].between(lo, hi).fillna(False).astype(bool)
        mask &= in_range | (view["year"].isna() if include_undated else False)
    return view.loc[mask]
