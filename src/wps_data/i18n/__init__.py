"""Every word and every number/date format of the interface, per language.

``t(key, lang, **values)`` reads the message catalogues (``en.py``, ``fr.py``);
``formats`` writes numbers and dates the reader's way (Babel); ``words`` composes
sentences about derived numbers. Adding a language means a catalogue and a locale here.

Layer: i18n, a leaf: imports nothing of the package outside ``wps_data.i18n``.
"""

from wps_data.i18n.catalogue import CATALOGUES, LANGUAGES, t
from wps_data.i18n.formats import fmt_date, fmt_number, fmt_plain, fmt_signed, fmt_value

__all__ = ["CATALOGUES", "LANGUAGES", "fmt_date", "fmt_number", "fmt_plain", "fmt_signed", "fmt_value", "t"]
