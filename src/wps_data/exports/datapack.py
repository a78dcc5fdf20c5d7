"""The data pack: a page's rows as a ZIP a researcher can cite, and the permalink of the view.

Layer: exports. Imports charts (``Filters``), contract (the pandera schemas), dataset,
pagespec, i18n and ``exports.tables`` / ``exports.sourceline``; never streamlit.

``data_pack`` zips ``data.csv`` (safe for spreadsheets), a Frictionless-style
``datapackage.json`` (field types and descriptions from the pandera schemas, the source
documents, the SHA-256 of the CSV), a README, a one-line citation and the permalink.
``permalink`` is the dashboard address that reopens the same view; ``field_descriptions``
says what every exported column means.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from wps_data.charts.registry import Filters
from wps_data.charts.tables import dataset_as_of_line
from wps_data.contract.schemas import FactsSchema, IndicatorsSchema, SourcesSchema
from wps_data.dataset import Dataset
from wps_data.exports.sourceline import SourceItem, reference_text, source_items
from wps_data.exports.tables import export_frame, filename, safe_csv_bytes
from wps_data.i18n import t, words
from wps_data.i18n.formats import fmt_when
from wps_data.pagespec import PAGES, describe_filters

DEFAULT_BASE_URL = "http://localhost:8501"
_PANDERA_TYPES = {"str": "string", "float64": "number", "Int64": "integer", "int64": "integer", "bool": "boolean"}
# column -> (table, key it is joined on, message key of its description or None for the schema's own)
JOINED = {
    "title": ("sources", "source_id", "brief.field.title"),
    "publisher": ("sources", "source_id", "brief.field.publisher"),
    "published": ("sources", "source_id", None),
    "url": ("sources", "source_id", None),
    "source_type": ("sources", "source_id", None),
    "symbol": ("sources", "source_id", None),
    "label": ("indicators", "indicator", "brief.field.label"),
    "definition": ("indicators", "indicator", "brief.field.definition"),
    "caveat": ("indicators", "indicator", "brief.field.caveat"),
}


def field_descriptions(lang: str = "en") -> dict[str, tuple[str, str]]:
    """Column -> (Frictionless type, description), from the pandera schemas and the catalogue."""
    out: dict[str, tuple[str, str]] = {}
    for name, col in FactsSchema.to_schema().columns.items():
        out[name] = (_PANDERA_TYPES.get(str(col.dtype), "string"), words.field(name, col.description or "", lang))
    tables = {"sources": SourcesSchema.to_schema().columns, "indicators": IndicatorsSchema.to_schema().columns}
    for name, (table, key, text_key) in JOINED.items():
        col = tables[table][name]
        desc = (t(text_key, lang) if text_key else words.field(name, col.description or "", lang)).rstrip()
        out[name] = (
            _PANDERA_TYPES.get(str(col.dtype), "string"),
            f"{desc} {t('brief.joined', lang, table=table, key=key)}",
        )
    return out


def _frame_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    return "string"


def permalink(page: str, filters: Filters, *, base: str = DEFAULT_BASE_URL, lang: str = "en") -> str:
    """The dashboard address of this view: ``<base>/<url_path>?<filters>`` (ranges as two values)."""
    spec = PAGES[page]
    pairs: list[tuple[str, Any]] = []
    for key in [f.key for f in spec.filters] + list(spec.extra_params):
        value = filters.get(key)
        if value is None or (isinstance(value, list | tuple) and not value):
            continue
        pairs.append((key, [str(v) for v in value] if isinstance(value, list | tuple) else str(value)))
    if lang != "en":
        pairs.append(("lang", lang))
    query = urlencode(pairs, doseq=True)
    return f"{base.rstrip('/')}/{spec.url_path}" + (f"?{query}" if query else "")


def pack_sources(items: list[SourceItem]) -> list[dict[str, str]]:
    """The ``sources`` of datapackage.json: title, id, and publisher, date and link when known."""
    out = []
    for item in items:
        entry = {"title": item.title, "source_id": item.source_id}
        if item.publisher:
            entry["publisher"] = item.publisher
        if item.published:
            entry["published"] = item.published
        if item.url:
            entry["path"] = item.url
            entry["url"] = item.url
        out.append(entry)
    return out


def data_pack(
    page: str,
    ds: Dataset,
    filters: Filters,
    rows: pd.DataFrame,
    *,
    permalink: str,
    lang: str = "en",
    today: dt.datetime | None = None,
) -> bytes:
    """A ZIP: data.csv, datapackage.json, README.md, CITATION.txt and PERMALINK.txt."""
    now = today or dt.datetime.now(dt.UTC)
    frame = export_frame(ds.with_notes(rows))
    csv = safe_csv_bytes(frame)
    sha = hashlib.sha256(csv).hexdigest()
    page_title = t(f"page.{page}", lang)
    ftext = describe_filters(filters, lang)
    dashboard = t("app.name", lang)
    title = t("brief.pack_title", lang, dashboard=dashboard, page=page_title, filters=ftext)
    citation = t(
        "brief.pack_citation", lang, dashboard=dashboard, page=page_title, filters=ftext, version=ds.version,
        sha=sha, date=fmt_when(now.date().isoformat(), lang), permalink=permalink,
    )  # fmt: skip
    known = field_descriptions(lang)
    extra = t("brief.extra_field", lang)
    fields = []
    for col in frame.columns:
        ftype, desc = known.get(col, (_frame_type(frame[col]), extra))
        fields.append({"name": col, "type": ftype, "description": desc})
    items = source_items(frame, lang) if "source_id" in frame.columns else []
    sources = pack_sources(items)
    licences = [
        {"path": "README.md", "title": t("brief.licence_curation", lang)},
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": t("brief.licence_geo", lang),
        },
    ]
    name = filename(page, ftext, "zip", now.date()).removesuffix(".zip").replace("_", "-").lower()
    package = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "version": ds.version,
        "created": now.isoformat(timespec="seconds"),
        "homepage": permalink,
        "licenses": licences,
        "sources": sources,
        "dataset_version": ds.version,
        "data_sha256": sha,
        "filters": {k: (list(v) if isinstance(v, list | tuple) else v) for k, v in filters.items() if v},
        "resources": [
            {
                "name": "data",
                "path": "data.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "bytes": len(csv),
                "hash": f"sha256:{sha}",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": {"fields": fields, "primaryKey": ["fact_id"] if "fact_id" in frame else []},
            }
        ],
    }
    src_lines = [f"- {reference_text(item, lang)}" for item in items]
    readme = t(
        "brief.readme", lang, title=title, dashboard=dashboard, date=fmt_when(now.date().isoformat(), lang),
        page=page_title,
        filters=ftext, version=ds.version, n=len(frame), sha=sha, permalink=permalink, citation=citation,
        licences="\n".join(f"- {x['title']}" for x in licences), n_sources=len(sources),
        sources="\n".join(src_lines) or "-",
    )  # fmt: skip
    readme += "\n\n" + dataset_as_of_line(ds, lang) + "\n"  # how current each theme is, in every pack
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        stamp = now.timetuple()[:6]
        for member, data in (
            ("data.csv", csv),
            ("datapackage.json", json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8")),
            ("README.md", readme.encode("utf-8")),
            ("CITATION.txt", (citation + "\n").encode("utf-8")),
            ("PERMALINK.txt", (permalink + "\n").encode("utf-8")),
        ):
            zf.writestr(zipfile.ZipInfo(member, date_time=stamp), data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()
