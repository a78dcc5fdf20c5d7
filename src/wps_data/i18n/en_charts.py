"""en messages for the charts area (merged into the en catalogue by ``catalogue.py``).

Words the charts, tables and exports add around the data: branch names, points, the
colon and list separator of each language's typography, table column headers, the
marker on quotes in another language. Layer: i18n (a leaf): a catalogue imports nothing.
"""

EN: dict[str, str] = {
    # branches of bodies.csv (English shows the data's own codes)
    "branch.legislature": "legislature",
    "branch.executive": "executive",
    "branch.territorial_administration": "territorial administration",
    "branch.diplomacy": "diplomacy",
    "branch.justice": "justice",
    "branch.peace_agreement_and_transition": "peace agreement and transition",
    "branch.security_and_sanctions": "security and sanctions",
    "branch.other": "other",
    # a gap in points, with the plural of the language (Babel's plural rules: 1.4 points / 1,4 point)
    "points.one": "{n} point",
    "points.other": "{n} points",
    # typography: a label and its value, items of a list
    "chart.label_value": "{label}: {value}",
    "chart.list_sep": "; ",
    "chart.more_source": "and 1 more source (listed with each figure below)",
    "chart.not_available": "n/a",
    "filter.placeholder": "All (choose to narrow)",
    # quotes stay in the language of their source, and say so
    "quote.in": "(quote in {language})",
    # column headers of the tables on the pages (the CSV keeps the data's names)
    "col.quote_lang": "Language of the quote",
    "col.document": "Document",
    "col.verbatim": "Verbatim quote",
    "col.used": "Used in charts",
    "col.pages": "Pages",
    "col.figures": "Figures",
    "col.topic": "Topic",
    "col.series": "Series",
    "col.step": "Point",
    "col.measure": "Measure",
    "col.who": "Group",
    "col.kind": "Shown as",
    "col.legend": "Legend",
    "col.bar_label": "Bar label",
    "col.x": "Category",
    "col.group": "Group (code)",
    "col.years_compared": "Years compared",
    "col.prev_value": "Previous value",
    "col.change_abs": "Change",
    "col.change_pct": "Change (%)",
    "col.derivation": "How it is derived",
    "col.resolution": "Resolution",
    "col.adopted": "Adopted",
    "col.ends": "Mandate ends",
    "col.troops": "Military ceiling",
    "col.police": "Police ceiling",
    "col.provisions": "WPS provisions",
    "col.fact_ids": "Figures (ids)",
    "col.reason": "Why the year is empty",
    "col.label_line": "Series",
    "col.compliant": "Meets 30%",
    "col.gap_points": "Gap (points)",
    "col.size": "Body size",
    "col.women": "Women (count)",
    "col.women_needed": "Women needed",
    # MINUSMA's provisions table: an operative paragraph
    "minusma.op": "OP {n}",
}
