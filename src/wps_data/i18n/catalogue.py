"""One function for every user-facing string: ``t(key, **values)``.

Each language's catalogue is the union of its part modules: ``en.py`` (the interface
chrome and the first pages) plus ``en_<part>.py`` for each later area (charts, council
desk, access, exports), and likewise ``fr*.py``. A key defined in two parts of one
language is an error at import. English is complete; a key missing in French falls back
to English, and a test fails on any such key on a French page. Pages never hold literal
prose. Layer: i18n (a leaf).
"""

from __future__ import annotations

from importlib import import_module

PARTS = ("", "_charts", "_council", "_access", "_export")
LANGUAGES = {"en": "English", "fr": "Français"}


def _merged(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in PARTS:
        module = import_module(f"wps_data.i18n.{lang}{part}")
        messages: dict[str, str] = getattr(module, lang.upper())
        twice = sorted(set(out) & set(messages))
        if twice:
            raise ValueError(f"message keys defined twice in the {lang} catalogue: {', '.join(twice)}")
        out.update(messages)
    return out


EN: dict[str, str] = _merged("en")
FR: dict[str, str] = _merged("fr")
CATALOGUES: dict[str, dict[str, str]] = {"en": EN, "fr": FR}


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The message ``key`` in ``lang`` (English fallback), formatted with ``values``."""
    cat = CATALOGUES.get(lang, EN)
    template = cat.get(key) or EN[key]  # KeyError for an unknown key: caught by tests
    return template.format(**values) if values else template
