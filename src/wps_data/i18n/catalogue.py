"""One function for every user-facing string: ``t(key, **values)``.

English is complete; French covers the interface chrome and grows key by key. A key
missing in French falls back to English, so a partial translation never breaks a
page. Pages never hold literal prose. Layer: i18n (a leaf).
"""

from __future__ import annotations

from wps_data.i18n.en import EN
from wps_data.i18n.fr import FR

LANGUAGES = {"en": "English", "fr": "Français"}
CATALOGUES: dict[str, dict[str, str]] = {"en": EN, "fr": FR}


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The message ``key`` in ``lang`` (English fallback), formatted with ``values``."""
    cat = CATALOGUES.get(lang, EN)
    template = cat.get(key) or EN[key]  # KeyError for an unknown key: caught by tests
    return template.format(**values) if values else template
