"""The dashboard's Streamlit layer: the ONLY layer of wps_data that imports streamlit.

Layer: app, the top. May import anything below it (dataset, filters, pagespec, analysis,
charts, exports, i18n, paths); nothing in the package imports it. ``app.py`` and
``pages/*.py`` use these modules and compute nothing themselves:

* ``page``      the start of every page (router, data or the error page, link notice, title)
* ``router``    app.py's navigation (``/overview`` too) and the workaround for the legacy ``pages/`` mode
* ``state``     the dataset, the interface language, the app's one cache (``cached``)
* ``params``    the URL contract: one notice naming every ignored parameter
* ``widgets``   the controls of a view, bound to the URL, returning ``Filters``
* ``views``     what a page shows, through the cache (charts, headlines, tables)
* ``blocks``    chart blocks, source lines, fact tables
* ``panels``    the pages' tables that are not charts
* ``factview``  the explorer's and Sources page's tables (``factframes``: their frames, search hits, pages)
* ``downloads`` CSV, chart images, deck and data pack buttons
* ``escape``    data made inert for markdown
* ``ui``        the old single module's names, for callers outside the app layer
"""
