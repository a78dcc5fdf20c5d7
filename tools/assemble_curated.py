"""One-off assembly of data/curated/*.csv from the curation parts and the external rows.

Kept as the record of how the curated tables were first put together: the five
primary documents were curated row by row (parts/facts_*.csv), and the 285 rows of
../shared/sources/external/facts_external.csv were mapped to indicators
(tools/external_map.csv) and imported with their sources. After this step the
curated CSV files are the truth and are edited by hand; do not re-run it over edits.

Usage: python tools/assemble_curated.py PARTS_DIR
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "sources"
CURATED = ROOT / "data" / "curated"
sys.path.insert(0, str(ROOT / "src"))

from wps_data.contract.regions import canonical  # noqa: E402
from wps_data.contract.schemas import columns  # noqa: E402

PRIMARY = [
    # source_id, title, publisher, published, symbol, url, kind, source_type, language, note
    (
        "ieg-wps-mali-2023-03",
        "Update on women, peace and security in Mali",
        "UN Women, as secretariat of the Security Council Informal Expert Group on Women and Peace and Security",
        "2023-03-28",
        None,
        None,
        "briefing note",
        "un_document",
        "en",
        "Text extracted from a PDF; no page markers survive, so facts are located by section heading and bullet. "
        "Its annex quotes resolution 2640 (2022), https://undocs.org/S/RES/2640(2022). No public link is given "
        "in the catalogue.",
    ),
    (
        "s-2020-613-res-2531",
        "Security Council resolution 2531 (2020), annexed to letter S/2020/613",
        "United Nations Security Council",
        "2020-06-29",
        "S/2020/613; S/RES/2531 (2020)",
        "https://undocs.org/S/RES/2531(2020)",
        "resolution",
        "un_document",
        "zh+en",
        "The cover letter (S/2020/613, https://undocs.org/S/2020/613) is in Chinese; the annex is the English "
        "text of S/RES/2531 (2020). Facts are located by operative paragraph (OP).",
    ),
    (
        "s-res-2584-2021",
        "Security Council resolution 2584 (2021)",
        "United Nations Security Council",
        "2021-06-29",
        "S/RES/2584 (2021)",
        "https://undocs.org/S/RES/2584(2021)",
        "resolution",
        "un_document",
        "en",
        "Adopted at the Council's 8809th meeting. Facts are located by operative paragraph (OP).",
    ),
    (
        "hrlo-mali-2023-08",
        "Human rights dimensions ahead of Security Council meetings on Mali (sanctions renewal, August 2023)",
        "HRLO",
        "2023-08-11",
        None,
        "https://www.hrlo.org/post/unsc-11aug2023",
        "web page",
        "ngo_web",
        "en",
        "Web page; the page itself says 'Updated: May 25'. Summarises S/2023/402, S/2023/413, the OHCHR report "
        "of 12 May 2023 on Moura, and UPR recommendations of 2 May 2023.",
    ),
    (
        "peacewomen-nap-mali",
        "Mali - 1325 National Action Plans",
        "WILPF PeaceWomen (1325 National Action Plans site)",
        None,
        None,
        "https://1325naps.peacewomen.org/index.php/mali/",
        "web page",
        "ngo_web",
        "en",
        "Summary of Mali's National Action Plan (2019-2023) on resolution 1325; page numbers it cites refer to "
        "the NAP document itself. Undated.",
    ),
]
KIND = {
    "un_document": "UN document (excerpt)",
    "un_web": "UN web page (excerpt)",
    "dataset": "dataset",
    "document_copy": "third-party copy of a document (excerpt)",
    "press": "press article (excerpt)",
}
TOPIC_THEME = {"displacement": "humanitarian", "peacekeeping": "minusma"}


def main(parts: Path) -> None:
    """Write data/curated/{facts,sources,indicators}.csv from the parts and the external rows."""
    cols = columns("facts")
    frames = []
    for name in ["representation", "violence", "humanitarian", "mandate"]:
        frames.append(pd.read_csv(parts / f"facts_{name}.csv", dtype=str, keep_default_na=False))
    facts = pd.concat(frames, ignore_index=True)
    # Duplicates between curators' scopes: keep the row in the theme that owns it.
    facts = facts[~facts["fact_id"].isin(DROP)]
    for fid, changes in FIXES.items():
        for col, val in changes.items():
            facts.loc[facts["fact_id"].eq(fid), col] = val

    ext = pd.read_csv(SHARED / "external" / "facts_external.csv", dtype=str, keep_default_na=False)
    emap = pd.read_csv(ROOT / "tools" / "external_map.csv", dtype=str, keep_default_na=False)
    assert set(ext["ext_id"]) == set(emap["ext_id"]), "every external row must be mapped"
    ext = ext.merge(emap, on="ext_id", how="left", suffixes=("_src", ""))
    ext_facts = pd.DataFrame(
        {
            "fact_id": "ext-" + ext["ext_id"],
            "theme": ext["theme"],
            "indicator": ext["indicator"],
            "subject": ext["subject"],
            "region": ext["region"].map(canonical),
            "year": ext["year"],
            "period": ext["period"],
            "sex_age": ext["sex_age"],
            "value": ext["value"],
            "unit": ext["unit"],
            "status": ext["status"],
            "numerator": ext["numerator"],
            "denominator": ext["denominator"],
            "source_id": ext["source_key"],
            "locator": ext["locator"].where(
                ext["locator"].str.strip().ne(""), "web excerpt (the source gives no section)"
            ),
            "quote": ext["quote"],
            "cites": "",
            "note": ext["note"],
            "date": "",
        }
    )
    facts = pd.concat([facts[cols], ext_facts[cols]], ignore_index=True)

    src_ext = pd.read_csv(SHARED / "external" / "sources_external.csv", dtype=str, keep_default_na=False)
    sources = pd.DataFrame(
        [
            dict(
                zip(
                    [
                        "source_id",
                        "title",
                        "publisher",
                        "published",
                        "symbol",
                        "url",
                        "kind",
                        "source_type",
                        "language",
                        "note",
                    ],
                    p,
                    strict=True,
                )
            )
            | {"text_file": f"{p[0]}.txt", "retrieved_as": "full text"}
            for p in PRIMARY
        ]
    )
    sources_ext = pd.DataFrame(
        {
            "source_id": src_ext["source_key"],
            "title": src_ext["title"],
            "publisher": src_ext["publisher"],
            "published": src_ext["published"],
            "symbol": src_ext["symbol"],
            "url": src_ext["url"],
            "kind": src_ext["source_type"].map(KIND),
            "source_type": src_ext["source_type"],
            "language": src_ext["url"].map(
                lambda u: (
                    "fr"
                    if any(k in u for k in ("maliweb", "abamako", "malijet", "/fr/", "lejalon", "studiotamani"))
                    else "en"
                )
            ),
            "text_file": "external/sources_external.csv#" + src_ext["source_key"],
            "retrieved_as": src_ext["retrieved_as"],
            "note": "",
        }
    )
    sources = pd.concat([sources, sources_ext], ignore_index=True)[columns("sources")]

    ind_frames = [pd.read_csv(parts / "indicators_core.csv", dtype=str, keep_default_na=False)]
    for name in ["representation", "violence", "humanitarian", "mandate", "external"]:
        p = parts / f"indicators_{name}.csv"
        if p.exists():
            ind_frames.append(pd.read_csv(p, dtype=str, keep_default_na=False))
    indicators = pd.concat(ind_frames, ignore_index=True).drop_duplicates("indicator", keep="first")
    used = set(facts["indicator"])
    indicators = indicators[indicators["indicator"].isin(used)][columns("indicators")]

    for name, df in (("facts", facts), ("sources", sources), ("indicators", indicators)):
        df.to_csv(
            CURATED / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n", quoting=csv.QUOTE_MINIMAL
        )
        print(f"{name}: {len(df)} rows")


DROP = {
    "hum-moura-killed-2022",  # same sentence as crsv-moura-killed-2022
    "rep-idps-without-id-share",  # same sentence as hum-idps-no-id-share
}
_SAME = " The same figure is published by another source in this dataset (see note there)."
# Subjects aligned with the external rows that state the same quantity, so agreement
# and disagreement between sources can be detected. Each change is explained in the note.
FIXES: dict[str, dict[str, str]] = {
    "hum-pin-2021": {"subject": "People in need"},
    "hum-pin-2022": {"subject": "People in need"},
    "hum-pin-2023": {"subject": "People in need"},
    "hum-appeal-2023": {"subject": "Humanitarian Response Plan"},
    "hum-targeted-2023": {"subject": "People targeted"},
    "min-women-share-military-2023": {"subject": "Military"},
    "gbv-incidents-2021": {
        "subject": "GBV cases (GBVIMS)",
        "note": "The update does not name the recording system; 9,540 for 2021 is the GBVIMS annual "
        "total (ext-x070). The update says 'cases' for 2021 and 'incidents' for 2022.",
    },
    "gbv-incidents-2022": {
        "subject": "GBV cases (Ministry)",
        "note": "The update does not name the recording system; 14,264 for 2022 is the figure the "
        "Ministry for the Promotion of Women reported (ext-x071). The update says 'incidents' "
        "for 2022 and 'cases' for 2021.",
    },
    "rep-cnt-women-share-2013": {
        "subject": "National Assembly",
        "note": "The update writes '28.57 percent of the National Transitional Council (the legislative "
        "body) compared to 9.5 percent in 2013'. In 2013 the legislative body was the National "
        "Assembly (the CNT was created in 2020), so the 2013 figure is filed under the National "
        "Assembly. External data give 9.52% (14 of 147) and 9% (13 of 147) for 2013.",
    },
}

if __name__ == "__main__":
    main(Path(sys.argv[1]))
