"""The data contract: what a valid dataset is, shared by the write side and the read side.

``vocab`` (fixed vocabularies), ``regions`` (canonical names and the boundary map),
``quotes`` (a number is in its quote, a quote is in its source), ``schemas`` (one
pandera model per table: columns and the rules one row obeys), ``problems`` (one thing
wrong, as file:line, column, value, rule), ``relations`` (the rules across tables),
``manifest`` (``manifest.json``: digests and dataset version) and ``dictionary`` (the
README's Fields tables, generated from the schemas).

Layer: contract (2), above the leaves only. Imports nothing of the package but the
leaves (``wps_data.paths``, ``wps_data.files``, ``wps_data.i18n``) and other contract
modules; every layer above may import it.
"""
