"""The Council desk's tables and charts: mandate provisions, Council positions (member x topic), the timeline.

Rows keep the facts' shape where a chart card or an export reads them (``fact_id`` is the
row's id, ``subject`` what it is about, ``quote`` the verbatim text, with its source's title,
publisher, date and address), so the same card, table view and CSV serve them.

Layer: charts. Imports the dataset, filters, i18n, analysis and viz; never streamlit.
"""

from __future__ import annotations

import pandas as pd

from wps_data.analysis.changes import CHANGE_COLUMNS, VALUE_COLUMNS, compare, last_changed_release, readable, word_diff
from wps_data.charts.registry import ChartResult, Filters, chart, empty
from wps_data.contract.desk import EVENT_KINDS, PROVISION_THEMES, TOPICS, event_year
from wps_data.dataset import Dataset
from wps_data.i18n import t
from wps_data.i18n.names import country, partial_date
from wps_data.viz.desk import council_matrix, events_timeline

SOURCE_COLUMNS = ["source_id", "title", "publisher", "published", "url", "source_type"]


def _with_sources(ds: Dataset, rows: pd.DataFrame) -> pd.DataFrame:
    return rows.merge(ds.sources[SOURCE_COLUMNS], on="source_id", how="left", validate="many_to_one")


def _chosen(rows: pd.DataFrame, column: str, values: tuple[str, ...] | None) -> pd.DataFrame:
    return rows[rows[column].isin(values)] if values else rows


def statement_rows(ds: Dataset, f: Filters | None = None, lang: str = "en") -> pd.DataFrame:
    """Statements within the filters (members, topics), with the member and topic in words and their sources."""
    f = Filters.of(f)
    rows = _chosen(_chosen(ds.statements, "member", f.get("members")), "topic", f.get("topics"))
    rows = rows.assign(text=rows["text"].map(readable))
    out = rows.assign(
        fact_id=rows["statement_id"],
        member_name=[country(c, lang) for c in rows["member"]],
        topic_label=[t(f"topic.{x}", lang) for x in rows["topic"]],
        kind_label=[t(f"statement_kind.{x}", lang) for x in rows["kind"]],
        date_text=[partial_date(d, lang) for d in rows["date"]],
        year=pd.to_numeric(rows["date"].str[:4]).astype("Int64"),
        quote=rows["text"],
    )
    out["subject"] = out["member_name"] + " · " + out["topic_label"]
    return _with_sources(ds, out)


def event_rows(ds: Dataset, f: Filters | None = None, lang: str = "en") -> pd.DataFrame:
    """Events within the filters (kinds), oldest first, with their label in ``lang``, position and source."""
    f = Filters.of(f)
    rows = _chosen(ds.events, "kind", f.get("event_kinds"))
    rows = rows.assign(quote=rows["quote"].map(readable))
    out = rows.assign(
        fact_id=rows["event_id"],
        subject=rows["label_fr" if lang == "fr" else "label_en"],
        label=rows["label_fr" if lang == "fr" else "label_en"],
        kind_label=[t(f"event_kind.{k}", lang) for k in rows["kind"]],
        date_text=[partial_date(d, lang) for d in rows["date"]],
        x=event_year(rows["date"]),
        year=pd.to_numeric(rows["date"].str[:4]).astype("Int64"),
    )
    return _with_sources(ds, out).sort_values(["x", "event_id"], kind="stable").reset_index(drop=True)


def provision_rows(ds: Dataset, f: Filters | None = None, lang: str = "en") -> pd.DataFrame:
    """Provisions within the filters (themes, resolutions), in theme order then by adoption date."""
    f = Filters.of(f)
    rows = _chosen(_chosen(ds.provisions, "theme", f.get("mandate_themes")), "resolution", f.get("resolutions"))
    rows = rows.assign(text=rows["text"].map(readable))  # as printed: without the text copy's markup
    order = {k: i for i, k in enumerate(PROVISION_THEMES)}
    out = rows.assign(
        fact_id=rows["provision_id"],
        subject=rows["resolution"] + ", " + rows["paragraph"],
        theme_label=[t(f"mandate_theme.{x}", lang) for x in rows["theme"]],
        year=pd.to_numeric(rows["adopted"].str[:4]).astype("Int64"),
        quote=rows["text"],
        _order=rows["theme"].map(order),
    )
    out = out.sort_values(["_order", "thread", "adopted", "provision_id"], kind="stable").drop(columns="_order")
    return _with_sources(ds, out).reset_index(drop=True)


def thread_changes(rows: pd.DataFrame) -> list[dict[str, object]]:
    """For each thread, each provision after the first against the one before it (same kind, by date).

    Returns dicts with ``thread``, ``old`` and ``new`` rows and ``diff`` (``word_diff`` runs).
    A paragraph split into several rows is compared row by row in the order adopted.
    """
    out: list[dict[str, object]] = []
    provisions = rows[rows["kind"] == "provision"]
    for thread, part in provisions.groupby("thread", sort=False):
        texts = part.groupby(["adopted", "resolution"], sort=True)["text"].apply(" ".join).reset_index()
        for i in range(1, len(texts)):
            old, new = texts.iloc[i - 1], texts.iloc[i]
            out.append({"thread": thread, "old": old, "new": new, "diff": word_diff(old["text"], new["text"])})
    return out


@chart("council-matrix")
def council_matrix_chart(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Statements and UPR recommendations per Council member and topic."""
    rows = statement_rows(ds, f, lang)
    title = t("council-matrix.title", lang)
    if rows.empty:
        return empty("council-matrix", lang, title)
    topics = [t(f"topic.{x}", lang) for x in TOPICS if x in set(rows["topic"])]
    counts = pd.crosstab(rows["member_name"], rows["topic_label"]).reindex(columns=topics, fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    sub = _matrix_subtitle(rows, lang)
    fig = council_matrix(counts, title=title, subtitle=sub, lang=lang)
    top_topic = rows["topic_label"].value_counts().idxmax()
    take = t(
        "council-matrix.takeaway",
        lang,
        members=rows["member"].nunique(),
        n=len(rows),
        topic=top_topic,
        k=int((rows["topic_label"] == top_topic).sum()),
    )
    derived = _per_topic(rows)
    return ChartResult(
        "council-matrix", title, sub, fig, rows, take, caveats=[t("council-matrix.caveat", lang)], derived=derived
    )


def _matrix_subtitle(rows: pd.DataFrame, lang: str) -> str:
    """What the records come from, in date order: the Security Council's meetings, then Mali's UPR apart.

    The Universal Periodic Review is the Human Rights Council's, not a Council meeting: counted
    as one, "4 meetings" was one too many.
    """
    upr_kind = rows["kind"].eq("upr_recommendation")
    meetings = (
        rows.assign(_upr=upr_kind)
        .groupby("meeting", sort=False)
        .agg(date=("date", "min"), date_text=("date_text", "first"), upr=("_upr", "any"))
    )
    council = meetings[~meetings["upr"]].sort_values("date", kind="stable")
    upr = meetings[meetings["upr"]].sort_values("date", kind="stable")
    parts = []
    if len(council) == 1:
        parts.append(t("council-matrix.meeting", lang, dates=council["date_text"].iloc[0]))
    elif len(council) > 1:
        parts.append(t("council-matrix.meetings", lang, n=len(council), dates=", ".join(council["date_text"])))
    if len(upr):
        parts.append(t("council-matrix.upr", lang, dates=", ".join(upr["date_text"])))
    return t("council-matrix.subtitle", lang, what=t("council-matrix.and", lang).join(parts))


def _per_topic(rows: pd.DataFrame) -> pd.DataFrame:
    """Records and members per topic, then all topics: the numbers the takeaway states, with what they count."""
    per = rows.groupby("topic_label", sort=False).agg(records=("fact_id", "size"), members=("member", "nunique"))
    per = per.sort_values("records", ascending=False, kind="stable").reset_index()
    total = pd.DataFrame([{"topic_label": "*", "records": len(rows), "members": rows["member"].nunique()}])
    return pd.concat([per, total], ignore_index=True).rename(columns={"topic_label": "topic"})


@chart("mandate-provisions")
def mandate_provisions_chart(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """WPS paragraphs per theme in each resolution, and the recommendations for the next mandate."""
    rows = provision_rows(ds, f, lang)
    title = t("mandate-provisions.title", lang)
    if rows.empty:
        return empty("mandate-provisions", lang, title)
    columns = list(dict.fromkeys(rows.sort_values("adopted", kind="stable")["resolution"]))
    themes = [t(f"mandate_theme.{x}", lang) for x in PROVISION_THEMES if x in set(rows["theme"])]
    # paragraphs, not rows: a paragraph split in parts (a page break in the copy) counts once
    paragraphs = rows.drop_duplicates(["theme", "resolution", "paragraph"])
    counts = pd.crosstab(paragraphs["theme_label"], paragraphs["resolution"])
    counts = counts.reindex(index=themes, columns=columns, fill_value=0)
    counts.columns = [t("mandates.recommended", lang) if c.startswith("recommendation") else c for c in counts.columns]
    sub = t(
        "mandate-provisions.subtitle", lang, n=len(rows.drop_duplicates(["resolution", "paragraph"])), k=len(columns)
    )
    fig = council_matrix(counts, title=title, subtitle=sub, lang=lang, word_key="mandates.paragraphs")
    unique = rows.drop_duplicates(["resolution", "paragraph"])
    provisions = unique[unique["kind"] == "provision"]
    latest = provisions.sort_values("adopted", kind="stable")["resolution"].iloc[-1] if len(provisions) else columns[-1]
    take = t(
        "mandate-provisions.takeaway",
        lang,
        n=len(provisions),
        k=provisions["resolution"].nunique(),
        latest=latest,
        m=int((provisions["resolution"] == latest).sum()),
        r=int((unique["kind"] == "recommendation").sum()),
    )
    caveats = [t("mandate-provisions.caveat", lang)]
    m = int((provisions["resolution"] == latest).sum())
    cells = int(counts[latest].sum()) if latest in counts.columns else m
    if cells > m:  # a paragraph on several themes sits in several cells: say so, with this column's numbers
        caveats.append(t("mandate-provisions.caveat_themes", lang, latest=latest, m=m, cells=cells))
    per = unique.groupby(["resolution", "kind"], sort=False).size().rename("paragraphs").reset_index()
    totals = pd.DataFrame(
        [{"resolution": "*", "kind": "provision", "paragraphs": len(provisions), "resolutions": len(columns) - 1}]
    )
    derived = pd.concat([per, totals], ignore_index=True)
    return ChartResult(
        "mandate-provisions",
        title,
        sub,
        fig,
        rows,
        take,
        caveats=caveats,
        derived=derived,
    )


@chart("timeline-events")
def timeline_chart(ds: Dataset, f: Filters, lang: str) -> ChartResult:
    """Dated events of Mali's WPS story, by kind, each with the sentence that dates it."""
    rows = event_rows(ds, f, lang)
    title = t("timeline-events.title", lang)
    if rows.empty:
        return empty("timeline-events", lang, title)
    kinds = [t(f"event_kind.{k}", lang) for k in EVENT_KINDS if k in set(rows["kind"])]
    rows = rows.assign(kind_label=pd.Categorical(rows["kind_label"], categories=kinds, ordered=True))
    ordered = rows.sort_values(["kind_label", "x"], kind="stable").assign(
        kind_label=lambda d: d["kind_label"].astype(str)
    )
    lo, hi = int(rows["year"].min()), int(rows["year"].max())
    sub = t("timeline-events.subtitle", lang, n=len(rows), lo=lo, hi=hi)
    fig = events_timeline(ordered, title=title, subtitle=sub, lang=lang)
    last = rows.iloc[-1]
    take = t("timeline-events.takeaway", lang, n=len(rows), lo=lo, hi=hi, last=last["label"], date=last["date_text"])
    return ChartResult("timeline-events", title, sub, fig, rows, take, caveats=[t("timeline-events.caveat", lang)])


EXPORT_COLUMNS = {
    "mandates": "provision_id resolution adopted paragraph theme theme_label thread kind text chart".split(),
    "council": "statement_id member member_name kind kind_label meeting date topic topic_label text".split(),
    "timeline": ["event_id", "date", "date_precision", "kind", "kind_label", "label", "quote"],
}
ROWS = {"mandates": provision_rows, "council": statement_rows, "timeline": event_rows}
OWN_ROWS = ("mandates", "council", "timeline", "changes")  # pages whose rows are not facts


def desk_rows(page: str, ds: Dataset, f: Filters | None = None, lang: str = "en") -> pd.DataFrame:
    """The rows a desk page shows (its CSV, xlsx, HTML and data pack): verbatim text, words and the source."""
    if page == "changes":
        return change_table(ds, f, lang).copy()  # the shared, computed-once frame stays as it is
    rows = ROWS[page](ds, f, lang)
    tail = ["source_id", "title", "publisher", "published", "url", "locator", "note"]
    return rows[[c for c in EXPORT_COLUMNS[page] + tail if c in rows.columns]].reset_index(drop=True)


def previous_release(ds: Dataset) -> str | None:
    """The release "what changed" starts from: the last one whose figures differ (``last_changed_release``)."""
    versions = [v for v in ds.releases["version"] if v != ds.version]
    # Only whether a release differs: the figures, not their notes (which stay on disk until read).
    return ds.derived("previous_release", lambda d: last_changed_release(versions, d.release_facts, d.facts))


def change_table(ds: Dataset, f: Filters | None = None, lang: str = "en") -> pd.DataFrame:
    """Facts added, revised and removed since ``f['since']`` (default: the previous release), as exported."""
    since = Filters.of(f).get("since") or previous_release(ds)
    if since is None or since not in ds.release_facts:
        return pd.DataFrame(columns=["since", *CHANGE_COLUMNS])
    # Once per dataset and release: every page opened with ?since= counts these rows on each rerun.
    columns = ["since", *CHANGE_COLUMNS, *VALUE_COLUMNS]
    return ds.derived(
        f"changes:{since}", lambda d: compare(d.release_facts[since], d.facts_with_notes).assign(since=since)[columns]
    )
