"""en messages for the charts area (merged into the en catalogue by ``catalogue.py``).

Layer: i18n (a leaf): a catalogue imports nothing.
"""

EN: dict[str, str] = {}
