"""The Council desk's command: ``wps-data changes [--since RELEASE] [--format text|csv]``.

Prints what changed in the figures between a recorded release (default: the last one whose
figures differ from the current data's) and the current data: facts added, removed and revised (the fields that changed,
the old and new value, and the reason written in the fact's note). Exit codes follow
``wps_data.cli.main``: 0 success, 1 the data cannot be loaded, 2 an unknown release.

Layer: cli. Imports the dataset, analysis and the leaves; never ``wps_data.app``.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from wps_data import paths
from wps_data.analysis.changes import compare, last_changed_release
from wps_data.dataset import Dataset, DataUnavailable, load_dataset
from wps_data.exports.tables import safe_csv_bytes

SIGN = {"added": "+", "revised": "~", "removed": "-"}


def baseline(ds: Dataset, since: str | None) -> str | None:
    """The release to compare with: ``since`` (a version or a unique prefix), else the last one whose figures differ."""
    versions = [v for v in ds.releases["version"] if v != ds.version]
    if since:
        hits = [v for v in ds.releases["version"] if v.startswith(since)]
        return hits[0] if len(hits) == 1 else None
    return last_changed_release(versions, ds.release_facts, ds.facts)


def _cmd_changes(args: argparse.Namespace) -> int:
    try:
        ds = load_dataset(paths.data_dir())
    except DataUnavailable as err:
        print(f"cannot load the dataset: {err.what}\nFix: run {err.fix}", file=sys.stderr)
        return 1
    old = baseline(ds, args.since)
    if old is None:
        known = ", ".join(f"{v} ({d})" for v, d in zip(ds.releases["version"], ds.releases["date"], strict=True))
        what = f"unknown or ambiguous release {args.since!r}" if args.since else "no earlier release is recorded"
        print(f"{what}; recorded releases: {known or 'none'}", file=sys.stderr)
        return 2
    changes = compare(ds.release_facts[old], ds.facts_with_notes)  # the reasons are in the notes
    if args.format == "csv":
        sys.stdout.flush()
        sys.stdout.buffer.write(safe_csv_bytes(changes))  # Excel-safe: BOM, formulas neutralised
        return 0
    date = dict(zip(ds.releases["version"], ds.releases["date"], strict=True))
    counts = changes["change"].value_counts()
    print(
        f"Changes from release {old} ({date.get(old, '?')}) to the current data {ds.version}: "
        f"{counts.get('added', 0)} added, {counts.get('revised', 0)} revised, {counts.get('removed', 0)} removed"
    )
    for r in changes.itertuples(index=False):
        line = f"{SIGN[r.change]} {r.fact_id} [{r.theme}]"
        if r.change == "revised":
            line += f" {r.fields}: {r.old} -> {r.new}"
        else:
            line += f" {r.new or r.old}"
        print(line)
        if r.reason:
            print(f"    reason: {_one_line(r.reason)}")
    return 0


def _one_line(text: str) -> str:
    return " ".join(str(text).split()) if not pd.isna(text) else ""


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``changes`` on the ``wps-data`` parser."""
    c = sub.add_parser("changes", help="facts added, removed and revised since a recorded release")
    c.add_argument("--since", default=None, help="a release version (or a unique prefix); default: the previous one")
    c.add_argument("--format", choices=("text", "csv"), default="text")
    c.set_defaults(func=_cmd_changes)
