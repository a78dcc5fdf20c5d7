"""Pure DataFrame transforms: selection, the quota, series arithmetic, conflicts, the source catalogue.

Layer: analysis. Imports pandas and ``wps_data.contract`` only: no words (texts are
composed in ``wps_data.i18n.words``), no files, no streamlit, no figures. Every derived
number comes with the inputs of its derivation, so a reader can check it.
"""

from wps_data.analysis.catalogue import fold, search_quotes, source_table
from wps_data.analysis.conflicts import (
    CONFLICT_KEY,
    SAME_FIGURE,
    SOURCE_TYPE_RANK,
    conflict_summary,
    decimal_places,
    find_conflicts,
    one_per_figure,
    prefer,
    preferred_ids,
    rounding_only,
)
from wps_data.analysis.quota import QUOTA, QUOTA_COLUMNS, quota_table, target_seats, women_needed
from wps_data.analysis.select import filter_facts
from wps_data.analysis.series import (
    UNDATED,
    age,
    as_of_by_theme,
    change,
    coverage,
    latest,
    resolve_series,
    with_gaps,
    year_gaps,
)

__all__ = [
    "CONFLICT_KEY",
    "QUOTA",
    "QUOTA_COLUMNS",
    "SAME_FIGURE",
    "SOURCE_TYPE_RANK",
    "UNDATED",
    "age",
    "as_of_by_theme",
    "change",
    "conflict_summary",
    "coverage",
    "decimal_places",
    "filter_facts",
    "find_conflicts",
    "fold",
    "latest",
    "one_per_figure",
    "prefer",
    "preferred_ids",
    "quota_table",
    "resolve_series",
    "rounding_only",
    "search_quotes",
    "source_table",
    "target_seats",
    "with_gaps",
    "women_needed",
    "year_gaps",
]
