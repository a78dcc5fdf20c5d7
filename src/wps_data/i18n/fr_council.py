"""fr messages for the council area (merged into the fr catalogue by ``catalogue.py``).

Layer: i18n (a leaf): a catalogue imports nothing.
"""

FR: dict[str, str] = {}
