"""One thing wrong in the data, in the curator's terms: file, line, column, value, rule.

Both sides report with it: the pipeline's CSV checks and the read side's cross-table
check (``relations``). ``CURATED_FILES`` names the curated file each table is edited in,
so a problem points at the file a curator has open.

Layer: contract (2), the data contract. Imports nothing of the package but the leaves
(``wps_data.paths``, ``wps_data.files``, ``wps_data.i18n``) and other contract modules.
"""

from __future__ import annotations

from dataclasses import dataclass

from wps_data.contract.schemas import TABLES

__all__ = ["CURATED_FILES", "Problem"]

CURATED_FILES: dict[str, str] = {name: f"{name}.csv" for name in TABLES}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one cell (or one file), in the curator's terms.

    ``line`` is the physical line of the file (1 is the header); 0 means the whole file.
    ``rule`` starts with the rule's name (``foreign_key: ...``, ``percent_within_0_100: ...``).
    """

    file: str
    line: int
    column: str
    value: str
    rule: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: column {self.column!r}: value {self.value!r}: {self.rule}"
