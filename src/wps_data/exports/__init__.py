"""Exports: what leaves the dashboard as a file, each piece carrying its sources.

Layer 9 (exports): imports ``wps_data.charts`` and every layer below it (dataset,
pagespec, filters, contract, i18n, the leaves); never streamlit and never
``wps_data.app`` or ``wps_data.cli``. The app's download buttons and the ``wps-data``
export commands both build their files here, in memory; whoever saves one to disk uses
``wps_data.files.write_atomic``.

Modules:

- ``tables``: CSV safe for spreadsheets, descriptive file names, a page's results and rows;
- ``sourceline``: THE source line, as structured ``SourceItem`` s every output formats;
- ``measure``: fonts and text measuring (figure px, slide points);
- ``layout``: the margins a figure's own text needs;
- ``images``: decorated chart figures, rendered to PNG/SVG in one Kaleido session;
- ``deck``: the 16:9 PowerPoint briefing deck;
- ``stated``: which facts (and sources) the numbers a title or takeaway states come from;
- ``datapack``: the data pack ZIP, the permalink, the field descriptions;

Nothing is imported here: ``import wps_data.exports.tables`` (the app does it at start-up)
must not pull in python-pptx and Kaleido, which the deck and images need only on request.
"""
