"""What a page shows, fetched through the app's one cache: charts, headlines, conflicts, tables.

Layer: app. Imports ``app.state`` (the cache), ``wps_data.charts``, ``wps_data.exports.tables``,
``wps_data.analysis``, ``wps_data.contract.desk`` (the topics' order), ``wps_data.pagespec``,
``wps_data.filters`` and ``wps_data.i18n``; not streamlit directly.

Nothing here computes a number: each function calls the package function that does and
caches (or selects) its result. Results are shared by every session: never modify one.

Tables for reading (``reader_table``, ``headers``): the page's tables show the data in the
reader's language (codes in words, names translated, numbers written the reader's way, a
marker on quotes in another language); in English, the data's language, cells are shown as
stored, under the data's own column names, so they match the CSV. Downloads keep the data.
"""

from __future__ import annotations

import pandas as pd

from wps_data import analysis, charts
from wps_data.app.state import cached
from wps_data.charts.desk import statement_rows
from wps_data.contract.desk import TOPICS
from wps_data.dataset import Dataset
from wps_data.exports import tables
from wps_data.filters import Filters
from wps_data.i18n import fmt_plain, fmt_signed, fmt_value, t, words
from wps_data.pagespec import PAGES

# The map's "no reference year" choice as Filters hold it (a Filters value cannot be None).
UNDATED_YEAR = analysis.UNDATED


@cached(max_entries=256)
def chart(ds: Dataset, filters: Filters, lang: str, chart_id: str) -> charts.ChartResult:
    """One chart drawn for this view."""
    return charts.draw(chart_id, ds, filters, lang)


def page_results(ds: Dataset, filters: Filters, lang: str, page: str) -> list[charts.ChartResult]:
    """Every chart of the page spec, in display order."""
    return [chart(ds, filters, lang, chart_id) for chart_id in PAGES[page].charts]


@cached(max_entries=32)
def shown_rows(ds: Dataset, filters: Filters, lang: str, page: str) -> pd.DataFrame:
    """The rows the page shows for this view (``exports.tables.shown_rows``): its CSV and its data pack."""
    return tables.shown_rows(page, ds, filters, lang, results=page_results(ds, filters, lang, page))


@cached(max_entries=8)
def headlines(ds: Dataset, lang: str) -> list[charts.Headline]:
    """The overview's headline figures."""
    return charts.headlines(ds, lang)


def facts(ds: Dataset, fact_ids: list[str]) -> pd.DataFrame:
    """The view's rows of these facts (with their sources), in the view's order.

    Looked up by position (a fact id is unique: the contract says so), so a rerun costs the
    facts asked for, not a pass over every fact.
    """
    found = ds.fact_positions.get_indexer(list(fact_ids))
    return ds.view.iloc[sorted(set(found[found >= 0].tolist()))]


def headline_rows(ds: Dataset, lang: str) -> pd.DataFrame:
    """The facts behind the headline figures: the overview's CSV."""
    return facts(ds, [h.fact["fact_id"] for h in headlines(ds, lang)])


@cached(max_entries=8)
def conflicts(ds: Dataset, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every conflict between sources (one row per fact, ``why`` in ``lang``) and one summary row per conflict."""
    return charts.conflicts(ds, lang)


@cached(max_entries=4)
def source_table(ds: Dataset) -> pd.DataFrame:
    """Every source with its figure count and the pages using it."""
    return charts.source_table(ds)


@cached(max_entries=32)
def search(ds: Dataset, filters: Filters) -> pd.DataFrame:
    """Facts whose quote, subject or title holds every word of ``filters['q']`` (none without one)."""
    query = filters.get("q", "")
    return analysis.search_quotes(ds.view, query) if query else ds.view.iloc[0:0]


@cached(max_entries=32)
def explorer_rows(ds: Dataset, filters: Filters, include_undated: bool) -> pd.DataFrame:
    """The explorer's rows: every fact matching the filters (``undated`` in ``filters`` wins when given)."""
    if "undated" not in filters:
        filters = Filters({**filters, "undated": include_undated})
    return tables.PAGE_TABLES["explorer"](ds, filters, "en")


@cached(max_entries=8)
def provisions(ds: Dataset, lang: str) -> pd.DataFrame:
    """WPS provisions of MINUSMA's mandates: topic x resolution, cells the paragraph numbers."""
    return charts.provisions_matrix(ds, lang)


def provision_rows(ds: Dataset) -> pd.DataFrame:
    """The facts behind the provisions table."""
    return ds.derived("provision_rows", lambda d: d.view[d.view["indicator"].eq("wps_provision")])  # once per dataset


@cached(max_entries=8)
def map_choices(ds: Dataset, lang: str) -> tuple[dict[str, str], dict[str, list[str]], str]:
    """The map's indicators (label -> key), their years as the selector shows them, the opening indicator."""
    by_label, years = charts.map_choices(ds, t("map.undated", lang), lang)
    default_indicator, _ = charts.default_map_choice(ds)
    return by_label, years, default_indicator


@cached(max_entries=32)
def quota_gaps(ds: Dataset, filters: Filters, lang: str) -> pd.DataFrame | None:
    """The quota chart's gap table for this view (``gap_table``), or None when the chart shows no body.

    Made once per view: formatting each body's numbers took about 6 ms of every rerun.
    """
    derived = chart(ds, filters, lang, "rep-quota").derived
    if derived is None or derived.empty:
        return None
    return gap_table(derived, lang)


def gap_table(derived: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The quota table as a reader wants it: words instead of ticks, blanks instead of None."""
    rank = {"standing": 0, "measure": 1, "batch": 2, "past": 3}
    d = derived.assign(_r=derived["kind"].map(rank)).sort_values(["_r", "value"], ascending=[True, False])
    d["meets"] = d["compliant"].map({True: t("rep.yes", lang), False: t("rep.no", lang)})
    d["subject"] = words.names(d["subject"], lang)
    d["branch"] = [words.branch(b, lang) for b in d["branch"]]
    d["kind"] = d["kind"].map(lambda k: t(f"body_kind.{k}", lang))
    d["value"] = d["value"].map(lambda v: fmt_value(v, "percent", lang))
    for col in ("size", "women", "women_needed"):
        d[col] = d[col].map(lambda v: "" if pd.isna(v) else fmt_plain(int(v), lang))
    d["gap_points"] = d["gap_points"].map(lambda v: fmt_signed(v, lang, decimals=2))
    out = d[
        [
            "subject",
            "kind",
            "branch",
            "value",
            "meets",
            "gap_points",
            "size",
            "women",
            "women_needed",
            "derivation",
            "fact_id",
        ]
    ]
    return out.rename(columns={k: t(f"rep.col.{k}", lang) for k in out.columns})


@cached(max_entries=8)
def as_of_line(ds: Dataset, lang: str) -> str:
    """How current each theme is, in one line (sidebar)."""
    return charts.dataset_as_of_line(ds, lang)


@cached(max_entries=8)
def as_of_table(ds: Dataset, lang: str) -> pd.DataFrame:
    """How current each theme is, as a table (overview)."""
    return charts.dataset_as_of(ds, lang)


# --- tables for reading ---------------------------------------------------------------------------

# Vocabulary columns and the catalogue family that words them (``words.code``).
CODE_COLUMNS = {"unit": "unit", "status": "status", "source_type": "source_type", "theme": "theme", "sex_age": "sex"}
NAME_COLUMNS = {"subject": words.name, "region": words.name, "period": words.period, "scope": words.scope}
NUMBER_COLUMNS = ("value", "numerator", "denominator", "prev_value", "change_abs", "change_pct", "troops", "police")


def reader_table(ds: Dataset, df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``df`` for reading in ``lang`` (a copy): see the module's docstring.

    Every language gets ``quote_lang`` after ``quote`` (when the rows name their source):
    '(quote in French)' beside a quote whose source is in another language than the reader's.
    """
    out = df.copy()
    if "quote" in out.columns and "source_id" in out.columns and "quote_lang" not in out.columns:
        langs = ds.sources.set_index("source_id")["language"]
        marks = [words.quote_marker(langs.get(s), lang) for s in out["source_id"]]
        out.insert(out.columns.get_loc("quote") + 1, "quote_lang", marks)
    if lang == "en" or out.empty:
        return out
    for col, kind in CODE_COLUMNS.items():
        if col in out.columns:
            out[col] = [words.code(kind, v, lang) for v in out[col]]
    for col, fn in NAME_COLUMNS.items():
        if col in out.columns:
            out[col] = [fn(v, lang) for v in out[col]]
    if "indicator" in out.columns:
        for col, fn in (
            ("label", words.indicator_label),
            ("definition", words.indicator_definition),
            ("caveat", words.indicator_caveat),
        ):
            if col in out.columns:
                out[col] = [fn(i, v, lang) for i, v in zip(out["indicator"], out[col], strict=True)]
    if "branch" in out.columns:
        out["branch"] = [words.branch(b, lang) if isinstance(b, str) else b for b in out["branch"]]
    if "compliant" in out.columns:
        out["compliant"] = out["compliant"].map({True: t("rep.yes", lang), False: t("rep.no", lang)})
    if "pages" in out.columns:
        out["pages"] = [", ".join(t(f"page.{p}", lang) for p in str(v).split(", ") if p in PAGES) for v in out["pages"]]
    for col in NUMBER_COLUMNS:
        if col in out.columns and pd.api.types.is_numeric_dtype(out[col]):
            out[col] = ["" if pd.isna(v) else fmt_plain(v, lang) for v in out[col]]
    return out


def headers(columns: list[str], lang: str) -> dict[str, str]:
    """Column -> header shown in ``lang``: a reader's words ("Source type", "Fact id"), never the data's code."""
    return {c: words.column(c, lang) for c in columns}


@cached(max_entries=32)
def council_cells(
    ds: Dataset, f: Filters, lang: str
) -> tuple[pd.DataFrame, list[str], dict[tuple[str, str], pd.DataFrame]]:
    """The statements in view, once per view: the rows, the members (most statements first) and
    each (member, topic) cell's rows; a member's topics are the cells it has, in ``TOPICS`` order.

    Making the rows (names and dates in words, sources joined) took 21 ms of every rerun of the
    council page; choosing a cell is then a lookup.
    """
    rows = statement_rows(ds, f, lang)
    members = [str(m) for m in rows["member"].value_counts().index]
    cells = {(str(m), str(x)): part for (m, x), part in rows.groupby(["member", "topic"], sort=False)}
    return rows, members, cells


def member_topics(cells: dict[tuple[str, str], pd.DataFrame], member: str) -> list[str]:
    """The topics ``member`` has statements on (its cells in ``council_cells``), in ``TOPICS`` order."""
    return [x for x in TOPICS if (member, x) in cells]
