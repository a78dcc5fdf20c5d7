"""wps_data: the data layer of the Mali women, peace and security dashboard.

Curated CSV -> pandera-validated Parquet -> metrics -> plotly figures. Nothing in
this package imports streamlit, so every transform can be tested and reused by the CLI.
"""

__version__ = "0.1.0"
