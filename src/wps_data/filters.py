"""One filter value for every reader of a view: the app's widgets, the URL, the CLI and the exports.

``Filters`` is an immutable, hashable mapping of the active filters only (an empty
``Filters()`` is the whole dataset). It normalises what it is given (lists become
sorted-as-given tuples, an empty choice is dropped), describes itself in the reader's
language, and is its own cache key. ``FilterSpec`` declares one filter and its valid
options; pages list the specs they offer (``wps_data.pagespec``).

Layer: imports the dataset (for options), the contract (vocabularies) and i18n only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from wps_data.contract.desk import EVENT_KINDS, PROVISION_THEMES, TOPICS
from wps_data.contract.regions import REGIONS
from wps_data.contract.vocab import BRANCHES, STATUSES, THEMES
from wps_data.dataset import Dataset

MAX_PARAM_LEN = 200

# The keys a view can be filtered on, and the type of their value.
RANGE_KEYS = frozenset({"years"})
LIST_KEYS = frozenset(
    {"regions", "statuses", "branches", "themes", "indicators", "sources"}
    | {"mandate_themes", "resolutions", "members", "topics", "event_kinds"}  # the Council desk
)
SCALAR_KEYS = frozenset({"indicator", "year", "q", "undated", "since"})
KEYS = RANGE_KEYS | LIST_KEYS | SCALAR_KEYS


class FilterError(ValueError):
    """A filter the page does not have, or a value it does not accept."""


class Filters(Mapping[str, Any]):
    """The active filters of a view: ``years`` (lo, hi), lists of regions, statuses ..., or scalars."""

    __slots__ = ("_items",)

    def __init__(self, values: Mapping[str, Any] | None = None, /, **kw: Any) -> None:
        items: dict[str, Any] = {}
        for key, value in {**(dict(values) if values else {}), **kw}.items():
            if key not in KEYS:
                raise FilterError(f"unknown filter {key!r}; known: {', '.join(sorted(KEYS))}")
            if value is None or (isinstance(value, list | tuple | str) and len(value) == 0 and key != "q"):
                continue
            if key in RANGE_KEYS:
                lo, hi = (int(v) for v in value)
                value = (lo, hi)
            elif key in LIST_KEYS:
                value = tuple(value) if isinstance(value, list | tuple) else (value,)
            elif key == "q" and value == "":
                continue
            items[key] = value
        self._items = items  # in the order given: descriptions read as the page lists its filters

    @classmethod
    def of(cls, value: Filters | Mapping[str, Any] | None) -> Filters:
        """``value`` as Filters (a Filters is returned as it is)."""
        return value if isinstance(value, Filters) else cls(value or {})

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self.key == Filters.of(other).key
        return NotImplemented

    def __repr__(self) -> str:
        return f"Filters({self._items!r})"

    @property
    def key(self) -> tuple:
        """A hashable, order-independent key: the cache key of every view."""
        return tuple(sorted(self._items.items()))

    @property
    def years(self) -> tuple[int, int] | None:
        """The year range, or None for all years."""
        return self._items.get("years")

    def describe(self, lang: str = "en") -> str:
        """Short text of the active filters, for deck title slides, data packs and file names."""
        from wps_data.i18n import t

        parts = []
        for k, v in self._items.items():
            name = t(f"filter.{k}", lang).lower() if k in SPEC_KEYS | {"since"} else k
            if k == "years":
                parts.append(f"{name} {v[0]}-{v[1]}")
            elif isinstance(v, tuple):
                shown = SPECS[k].shown if k in SPECS else (lambda x, lang: str(x))
                parts.append(f"{name} {'+'.join(shown(x, lang) for x in v)}")
            else:
                parts.append(f"{name} {v}")
        return "; ".join(parts) if parts else t("filter.all_data", lang)


@dataclass(frozen=True)
class FilterSpec:
    """One filter a page offers: ``multi`` (list of options) or ``range`` (two years)."""

    key: str
    kind: str
    options: Callable[[Dataset], list[Any]]
    label_key: str
    words: Callable[[Any, str], str] | None = None  # an option in words in a language; links may hold these too

    def shown(self, value: Any, lang: str = "en") -> str:
        """An option as the reader sees it: its code in English (what links hold), in words in other languages."""
        return self.words(value, lang) if self.words is not None and lang != "en" else str(value)

    def valid_url_values(self, ds: Dataset, values: list[str]) -> bool:
        """True when ``values`` (as the URL holds them) are exactly what the widget accepts.

        A year range is two years, each written as the dashboard writes it (ASCII digits, no
        sign, no leading zero, no space or decimal point: never ``+2015``, ``02015``,
        ``２０１５``, `` 2015`` or ``2015.0``, which a widget might read as 2015), both offered,
        the first not after the second. Checked on the raw strings, before any widget sees them.
        """
        options = {str(o) for o in self.options(ds)}
        if self.kind == "range":
            return (
                len(values) == 2
                and all(is_year_text(v) and v in options for v in values)
                and int(values[0]) <= int(values[1])
            )
        if self.words is not None:  # a link made in another language holds the options' words
            from wps_data.i18n import LANGUAGES

            options |= {self.words(o, lang) for o in self.options(ds) for lang in LANGUAGES if lang != "en"}
        return all(v in options for v in values if v != "")

    def parse_cli(self, ds: Dataset, value: str) -> Any:
        """The value of ``KEY=VALUE`` on the command line; FilterError lists the valid choices."""
        options = self.options(ds)
        if self.kind == "range":
            try:
                lo, hi = (int(x) for x in value.replace(":", "-").split("-", 1))
            except ValueError:
                raise FilterError(f"{self.key} takes a year range like 2015-2022, not {value!r}") from None
            if lo > hi or lo < options[0] or hi > options[-1]:
                raise FilterError(f"{self.key} must lie within {options[0]}-{options[-1]}")
            return (lo, hi)
        values = [v for v in value.split(",") if v]
        bad = [v for v in values if v not in options]
        if bad:
            raise FilterError(f"invalid {self.key} {bad}; valid: {', '.join(map(str, options))}")
        return values


def is_year_text(text: str) -> bool:
    """'2015' yes; '+2015', '02015', '２０１５', ' 2015', '2015.0', '' no: a year as the URL must write it."""
    return 0 < len(text) <= 4 and text.isascii() and text.isdigit() and not text.startswith("0")


def _worded(kind: str) -> Callable[[Any, str], str]:
    """An option in words: a vocabulary code (``i18n.words.code``), a branch, an indicator's label (by its slug)."""

    def words(value: Any, lang: str) -> str:
        from wps_data.i18n import words as w

        if kind == "branch":
            return w.branch(value, lang)
        if kind == "indicator":
            return str(w.indicator_label(value, value, lang))
        return str(w.code(kind, value, lang))

    return words


def _years(ds: Dataset) -> list[int]:
    def make(d: Dataset) -> list[int]:
        y = d.facts["year"].dropna().astype(int)
        return list(range(int(y.min()), int(y.max()) + 1)) if len(y) else []

    return list(ds.derived("filters.years", make))  # once per dataset: every rerun asks


def _regions(ds: Dataset) -> list[str]:
    used = ds.derived("filters.regions_used", lambda d: set(d.facts["region"].unique()))  # distinct, on Arrow
    return [r for r in REGIONS if r in used]


def _statuses(ds: Dataset) -> list[str]:
    used = ds.derived("filters.statuses_used", lambda d: set(d.facts["status"].unique()))
    return [s for s in STATUSES if s in used]


def _sources(ds: Dataset) -> list[str]:
    return ds.derived("filters.sources", lambda d: sorted(d.sources["source_id"]))


def _indicators(ds: Dataset) -> list[str]:
    return ds.derived("filters.indicators", lambda d: sorted(d.indicators["indicator"]))


YEARS = FilterSpec("years", "range", _years, "filter.years")
REGION_F = FilterSpec("regions", "multi", _regions, "filter.regions")
STATUS_F = FilterSpec("statuses", "multi", _statuses, "filter.statuses", _worded("status"))
BRANCH_F = FilterSpec("branches", "multi", lambda ds: list(BRANCHES[:-2]), "filter.branches", _worded("branch"))
THEME_F = FilterSpec("themes", "multi", lambda ds: list(THEMES), "filter.themes", _worded("theme"))
INDICATOR_F = FilterSpec("indicators", "multi", _indicators, "filter.indicators", _worded("indicator"))
SOURCE_F = FilterSpec("sources", "multi", _sources, "filter.sources")
# The Council desk: options in the order of the contract's vocabularies (codes; pages show them in words).
MANDATE_THEME_F = FilterSpec(
    "mandate_themes", "multi", lambda ds: _used(PROVISION_THEMES, ds.provisions["theme"]), "filter.mandate_themes"
)
RESOLUTION_F = FilterSpec(
    "resolutions", "multi", lambda ds: list(dict.fromkeys(ds.provisions["resolution"])), "filter.resolutions"
)
MEMBER_F = FilterSpec("members", "multi", lambda ds: sorted(set(ds.statements["member"])), "filter.members")
TOPIC_F = FilterSpec("topics", "multi", lambda ds: _used(TOPICS, ds.statements["topic"]), "filter.topics")
EVENT_KIND_F = FilterSpec(
    "event_kinds", "multi", lambda ds: _used(EVENT_KINDS, ds.events["kind"]), "filter.event_kinds"
)
DESK_SPECS = (MANDATE_THEME_F, RESOLUTION_F, MEMBER_F, TOPIC_F, EVENT_KIND_F)
SPEC_KEYS = frozenset(f.key for f in (YEARS, REGION_F, STATUS_F, BRANCH_F, THEME_F, INDICATOR_F, SOURCE_F, *DESK_SPECS))
SPECS = {f.key: f for f in (STATUS_F, BRANCH_F, THEME_F, INDICATOR_F)}  # filters whose options are worded per language


def _used(vocab: tuple[str, ...], column: Any) -> list[str]:
    used = set(column)
    return [v for v in vocab if v in used]


def parse_cli(specs: tuple[FilterSpec, ...], ds: Dataset, pairs: list[str], page: str) -> Filters:
    """Parse CLI ``KEY=VALUE`` pairs against a page's specs; FilterError lists valid choices."""
    by_key = {f.key: f for f in specs}
    out: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise FilterError(f"filter {pair!r} is not KEY=VALUE")
        key, value = pair.split("=", 1)
        if key not in by_key:
            valid = ", ".join(by_key) or "none"
            raise FilterError(f"page {page!r} has no filter {key!r}; valid filters: {valid}")
        parsed = by_key[key].parse_cli(ds, value)
        if isinstance(parsed, list):
            out[key] = [*out.get(key, []), *parsed]
        else:
            out[key] = parsed
    return Filters(out)
