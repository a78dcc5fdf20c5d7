"""The pages' panels that are not charts: headline figures, the quota gap table, MINUSMA's
provisions, the conflicts between sources, the source list and the quote search.

Layer: app. Imports streamlit, ``app.views`` (what to show, cached), ``app.blocks`` (source
line, fact table), ``app.escape``, ``wps_data.filters`` and ``wps_data.i18n``.

Every text from the data that reaches markdown (bodies, captions, tooltips) is escaped.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wps_data import charts
from wps_data.app import views
from wps_data.app.blocks import data_table, fact_table, heading, source_line
from wps_data.app.escape import md, safe_url
from wps_data.app.factview import full_number, pager
from wps_data.app.state import cached
from wps_data.charts import Headline
from wps_data.dataset import Dataset
from wps_data.filters import Filters
from wps_data.i18n import fmt_date, t, words
from wps_data.i18n.formats import fmt_when, percent_suffix

HEADLINE_COLUMNS = 3


def as_of_table(ds: Dataset, lang: str) -> None:
    """How current each theme is: latest reference year and latest publication, per theme."""
    st.subheader(t("overview.as_of", lang))
    st.caption(t("overview.as_of_help", lang))
    st.dataframe(views.as_of_table(ds, lang), hide_index=True, width="stretch")


def mission_closed(ds: Dataset, lang: str) -> pd.DataFrame:
    """Say plainly, from the facts, that MINUSMA has closed: mandate terminated, withdrawal deadline; returns them."""
    rows, notice, sources = mission_closed_texts(ds, lang)
    if notice is not None:
        st.info(notice, icon=":material/flag:")
        st.caption(sources)
    return rows


@cached(max_entries=8)
def mission_closed_texts(ds: Dataset, lang: str) -> tuple[pd.DataFrame, str | None, str]:
    """The facts that say MINUSMA has closed, the notice in words (None when no fact says so) and its
    source line; once per dataset and language (about 9 ms of every rerun of the MINUSMA page)."""
    rows = charts.mission_end(ds)
    ended = rows[rows["indicator"].eq("mandate_terminated")]
    if ended.empty:
        return rows, None, ""
    deadlines = rows.loc[rows["indicator"].eq("withdrawal_deadline"), "date"].dropna()
    deadline = str(deadlines.iloc[0]) if len(deadlines) else ""
    notice = t(
        "minusma.closed",
        lang,
        res=md(words.name(ended["subject"].iloc[0], lang)),
        date=md(fmt_date(ended["date"].iloc[0], lang)),
        deadline=md(fmt_date(deadline, lang)) if deadline else "-",
    )
    return rows, notice, source_line(rows, lang)


def headline_grid(ds: Dataset, lang: str) -> pd.DataFrame:
    """The headline figures in a grid, each with its fact in the tooltip and source line; returns those facts."""
    cards, rows = headline_cards(ds, lang)
    cols = st.columns(HEADLINE_COLUMNS)
    for i, (h, help_text, sources) in enumerate(cards):
        with cols[i % HEADLINE_COLUMNS], st.container(border=True):
            st.metric(h.label, h.value, h.delta, delta_color=h.delta_good, help=help_text)
            st.caption(sources)
    return rows


@cached(max_entries=8)
def headline_cards(ds: Dataset, lang: str) -> tuple[list[tuple[Headline, str, str]], pd.DataFrame]:
    """Each headline figure with its tooltip and source line, and the facts behind them; once per dataset and language.

    Looking up each headline's fact and writing its source line took about 50 ms of every
    rerun of the overview.
    """
    cards = [
        (h, headline_help(h, lang), source_line(views.facts(ds, [h.fact["fact_id"]]), lang))
        for h in views.headlines(ds, lang)
    ]
    return cards, views.headline_rows(ds, lang)


def headline_help(h: Headline, lang: str) -> str:
    """The tooltip of a headline figure: indicator, source, date, page and fact id (escaped: it is markdown)."""
    f = h.fact
    return t(
        "overview.metric_help",
        lang,
        label=md(words.indicator_label(f["indicator"], f["label"], lang)),
        source=md(f["title"]),
        date=md(fmt_when(f["published"], lang) or t("brief.undated", lang)),
        locator=md(f["locator"]),
        fact_id=md(f["fact_id"]),
    )


def quota_gap_table(ds: Dataset, filters: Filters, lang: str) -> None:
    """Under the quota chart: each body's gap to 30% in points and seats (nothing when no body is shown)."""
    gaps = views.quota_gaps(ds, filters, lang)
    if gaps is None:
        return
    heading("rep.gap_table", "rep.gap_help", lang=lang)
    st.dataframe(gaps, hide_index=True, width="stretch")


def provisions_table(ds: Dataset, lang: str) -> pd.DataFrame:
    """MINUSMA's WPS provisions by topic and resolution; returns the facts behind it."""
    heading("minusma.provisions", "minusma.provisions_help", lang=lang)
    data_table(ds, views.provisions(ds, lang), lang, subject=st.column_config.Column(t("col.topic", lang)))
    return views.provision_rows(ds)


def conflict_list(ds: Dataset, lang: str) -> pd.DataFrame:
    """Every conflict between sources, values side by side, the one the charts use marked; returns them.

    Each conflict is a card: its quantity and kind, then one item per source (value, period,
    document, verbatim quote in full, link) and the reason the charts use the one they use.
    Quotes and titles are read whole, on screen and on paper, where a grid cut them at its
    column's width. Paged like the explorer (25 conflicts at a time): a rerun sends one page
    of conflicts, however many the data holds.
    """
    conf, summary = views.conflicts(ds, lang)
    if conf.empty:
        st.success(t("disagree.none", lang))
        return conf
    st.write(t("disagree.count", lang, n=len(summary), k=int(summary["rounding_only"].sum())))
    first, end = pager("disagree", len(summary), ds.version, lang, words_of="disagree")
    for card in _conflict_blocks(ds, lang, first, end):
        with st.container(border=True):
            st.markdown(card)
    return conf


@cached(max_entries=8)
def _conflict_rows(ds: Dataset, lang: str) -> dict[str, object]:
    """Each conflict's row positions in the conflicts table, once per dataset and language."""
    conf, _ = views.conflicts(ds, lang)
    return conf.groupby("conflict_id", sort=False).indices


@cached(max_entries=64)
def _conflict_blocks(ds: Dataset, lang: str, first: int, end: int) -> list[str]:
    """The cards of the conflicts ``first``..``end`` (escaped markdown, the reason small and grey), once per view."""
    conf, summary = views.conflicts(ds, lang)
    where = _conflict_rows(ds, lang)
    out = []
    for info in summary.iloc[first:end].itertuples(index=False):
        grp = conf.iloc[where[info.conflict_id]]
        kind = t("disagree.rounding", lang) if info.rounding_only else t(f"disagree.kind.{info.kind}", lang)
        head = words.label_value(f"**{md(info.label)}**", kind, lang)
        shown = views.reader_table(ds, grp, lang)
        pairs = zip(grp.to_dict("records"), shown.to_dict("records"), strict=True)
        items = [_conflict_item(raw, row, lang) for raw, row in pairs]
        out.append(f"{head}\n\n" + "\n".join(items) + f"\n\n:small[:gray[{md(grp['why'].iloc[0])}]]")
    return out


def _value_text(value: object, unit: str, lang: str) -> str:
    """Every digit the source gives, with its unit: 28.57% / 28,57 %, 2965 cases / 2965 cas, 1766."""
    number = full_number(value, lang)
    if unit == "percent":
        return number + percent_suffix(lang)
    if unit == "count":  # a bare number is a count: "1766 count" is no one's words
        return number
    word = words.code("unit", unit, lang)
    return f"{number} {word[:1].lower() + word[1:] if word[1:2].islower() else word}"


def _conflict_item(raw: dict, row: dict, lang: str) -> str:
    """One source's value in a conflict, as one escaped list item: value, period, marker; document; quote."""
    value = f"**{md(_value_text(raw['value'], raw['unit'], lang))}**"
    first = [value, md(row["period"])] if isinstance(row["period"], str) and row["period"] else [value]
    if raw["chosen"]:
        first.append(f"**✓ {md(t('disagree.chosen', lang))}**")
    kind = words.code("source_type", raw["source_type"], lang)
    doc = [f"*{md(row['title'])}*"] + [
        md(x)
        for x in (row["publisher"], fmt_when(row["published"], lang), kind)
        if isinstance(x, str) and x  # an undated source has no date (NaN), not "nan"
    ]
    url = row["url"] if isinstance(row["url"], str) else ""
    if url:
        doc.append(f"[{md(t('facts.open', lang))}]({safe_url(url)})")
    quote = f"“{md(row['quote'])}”" + (f" {md(row['quote_lang'])}" if row.get("quote_lang") else "")
    return "- " + "  \n  ".join([" · ".join(first), " · ".join(doc), f"{quote} · {md(row['fact_id'])}"])


def source_list(ds: Dataset, lang: str = "en") -> None:
    """Every source document with its figure count, pages and link (titles and publishers as the source writes them)."""
    data_table(
        ds,
        views.source_table(ds),
        lang,
        url=st.column_config.LinkColumn(t("col.document", lang)),
        figures=st.column_config.NumberColumn(words.column("figures", lang), format="%d"),
    )


def search_results(ds: Dataset, filters: Filters, lang: str) -> pd.DataFrame:
    """The facts matching the search (count and table; nothing without a search); returns them."""
    hits = views.search(ds, filters)
    if filters.get("q"):
        st.caption(t("sources.matches", lang, n=len(hits)))
        fact_table(ds, hits, lang)
    return hits


def explorer_table(ds: Dataset, filters: Filters, lang: str, include_undated: bool) -> pd.DataFrame:
    """The explorer's matching facts, with how many of all; returns them."""
    rows = views.explorer_rows(ds, filters, include_undated)
    st.caption(t("explorer.rows", lang, n=len(rows), total=len(ds.view)))
    fact_table(ds, rows, lang)
    return rows
