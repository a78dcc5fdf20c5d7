"""wps_data: the data, charts and app of the Mali women, peace and security dashboard.

Curated CSV -> pandera-validated Parquet -> metrics -> plotly figures -> Streamlit pages.
The package is built in layers, low to high; a module imports only its own layer or
lower ones (``tests/test_layers.py`` checks it with import-linter, contracts in
``pyproject.toml``):

1. leaves: ``paths`` (where files are), ``files`` (the atomic output writer), ``i18n``
   (words and number/date formats); each imports nothing else of the package.
2. ``contract``: vocabularies, regions, schemas, quotes, relations, manifest, dictionary.
3. ``pipeline``: curated CSV -> checks -> Parquet + manifest (the write side).
4. ``dataset``: the read side; contract and leaves only, never the pipeline.
5. ``filters``, ``pagespec``: the Filters value and the page declarations.
6. ``analysis``: pure DataFrame transforms; contract and leaves, no words (no i18n).
7. ``viz``: plotly template, figure builders, maps; contract and leaves.
8. ``charts``: the chart registry, one module per theme.
9. ``exports``: CSV, images, deck, data pack.
10. ``app`` (the only module that imports streamlit) and ``cli`` (never imports app).

``app.py`` and ``pages/*.py`` import ``wps_data.app``, ``wps_data.i18n`` and
``wps_data.pagespec`` only.
"""

__version__ = "0.1.0"
