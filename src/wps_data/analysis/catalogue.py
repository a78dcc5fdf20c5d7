"""The source catalogue and the quote search.

Layer: analysis (pure pandas; imports the contract only).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

import pandas as pd


def source_table(
    view: pd.DataFrame, sources: pd.DataFrame, theme_pages: Mapping[str, Sequence[str]] | None = None
) -> pd.DataFrame:
    """Every source with the number of figures from it and the pages (``theme_pages``: theme -> pages) using them."""
    theme_pages = theme_pages or {}
    counts = view.groupby("source_id").agg(
        figures=("fact_id", "size"), themes=("theme", lambda s: ", ".join(sorted(set(s))))
    )
    out = sources.merge(counts, on="source_id", how="left").fillna({"figures": 0, "themes": ""})
    out["pages"] = out["themes"].map(
        lambda ths: ", ".join(dict.fromkeys(p for th in ths.split(", ") if th for p in theme_pages.get(th, [])))
    )
    cols = ["title", "publisher", "published", "symbol", "source_type", "figures", "pages", "url", "source_id"]
    return out[cols].sort_values(["figures", "title"], ascending=[False, True]).reset_index(drop=True)


def fold(text: str) -> str:
    """Lower case without accents, for search ('Ménaka' matches 'menaka')."""
    return unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()


def search_quotes(view: pd.DataFrame, query: str) -> pd.DataFrame:
    """Facts whose quote, subject or source title contains every word of ``query`` (accents optional)."""
    words = [fold(w) for w in query.split() if w.strip()]
    if not words:
        return view.iloc[0:0]
    hay = (view["quote"].fillna("") + " " + view["subject"].fillna("") + " " + view["title"].fillna("")).map(fold)
    mask = pd.Series(True, index=view.index)
    for w in words:
        mask &= hay.str.contains(w, regex=False)
    return view.loc[mask]
