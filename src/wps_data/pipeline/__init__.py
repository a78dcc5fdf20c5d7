"""The write side: curated CSV -> checks -> Parquet tables + manifest.json.

``validate`` reads the curated CSV as text and reports every problem at its file and
line; ``build`` writes the Parquet tables and the manifest deterministically and
atomically; ``verify`` proves every quote is in its source text.

Layer: pipeline (3). Imports the contract (``wps_data.contract``) and the leaves
(``wps_data.paths``, ``wps_data.files``, ``wps_data.i18n``) only. The read side
(``dataset``, ``filters``, ``pagespec``, ``analysis``, ``viz``) never imports it; the
CLI (and, if ever needed, ``charts``, ``exports``, ``app``) may.
"""
