"""Command line: ``wps-data build | validate | verify-quotes`` (and the export commands).

Exit codes: 0 success, 1 data problems found, 2 bad arguments (unknown chart, page or
filter; a ``--curated`` or ``--sources`` folder that is missing or unreadable, reported
once; a ``--base-url`` or ``WPS_PUBLIC_URL`` that is not a plain http(s) address), 130
interrupted (Ctrl-C). Every problem is printed on its own line so a curator can work down
the list.

Permalinks the CLI writes (a data pack's PERMALINK.txt, README, citation and
``datapackage.json``) start with the dashboard's public address: ``--base-url``, else the
``WPS_PUBLIC_URL`` environment variable, else ``http://localhost:8501``. The address must be
http or https, with a host, without a user name or password, a query or a fragment; a
trailing slash is dropped (``https://example.org/wps/`` -> ``https://example.org/wps``).

Layer: cli. Imports pipeline, contract, the leaves and ``cli.exports``; never ``wps_data.app``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from wps_data import paths
from wps_data.cli import desk as cli_desk
from wps_data.cli import exports as cli_export
from wps_data.pipeline.build import build
from wps_data.pipeline.releases import read_index, record_release
from wps_data.pipeline.validate import CuratedError, validate_curated
from wps_data.pipeline.verify import SourcesUnavailable, quote_rows, sources_dir_problem, verify_quotes

PUBLIC_URL_ENV = "WPS_PUBLIC_URL"
PERMALINK_COMMANDS = ("datapack",)  # the commands that write a permalink: they take --base-url


def _shown(value: str) -> str:
    """``value`` for an error message, a password or user name in it masked (never echoed)."""
    return repr(re.sub(r"//[^/?#]*@", "//***@", value))


def public_base_url(value: str) -> str:
    """``value`` as the dashboard's public address, normalised; ValueError says what is wrong with it."""
    text = value.strip()
    if not text or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text):
        raise ValueError(f"{_shown(value)} is not an address: give one like https://dashboard.example.org")
    try:
        parts = urlsplit(text)
        port = parts.port  # ValueError when the port is not a number from 0 to 65535
    except ValueError as err:
        raise ValueError(f"{_shown(value)} is not a valid address ({err})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"{_shown(value)} must start with http:// or https://")
    if not parts.hostname:
        raise ValueError(f"{_shown(value)} has no host name")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ValueError(f"{_shown(value)} must not carry a user name or password (it is written into shared files)")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise ValueError(f"{_shown(value)} must not have a query (?...) or a fragment (#...)")
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"  # IPv6 keeps its brackets
    netloc = host + (f":{port}" if port is not None else "")
    return urlunsplit((parts.scheme.lower(), netloc, parts.path.rstrip("/"), "", ""))


def _base_url_arg(value: str) -> str:
    try:
        return public_base_url(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def resolve_base_url(args: argparse.Namespace) -> None:
    """Set ``args.base_url`` of a permalink command: the option, else WPS_PUBLIC_URL, else the default.

    A bad WPS_PUBLIC_URL is a bad argument (ValueError naming the variable).
    """
    if not hasattr(args, "base_url") or args.base_url:
        return
    env = os.environ.get(PUBLIC_URL_ENV, "")
    if env.strip():
        try:
            args.base_url = public_base_url(env)
        except ValueError as err:
            raise ValueError(f"{PUBLIC_URL_ENV}: {err}") from None
    else:
        args.base_url = cli_export.DEFAULT_BASE_URL


def _add_base_url(sub: argparse._SubParsersAction) -> None:
    """``--base-url`` on every command that writes a permalink."""
    for name in PERMALINK_COMMANDS:
        sub.choices[name].add_argument(
            "--base-url",
            type=_base_url_arg,
            metavar="URL",
            help=f"the dashboard's public address in the permalink (default: ${PUBLIC_URL_ENV}, else "
            f"{cli_export.DEFAULT_BASE_URL}); http or https, no user name or password",
        )


def _cmd_build(args: argparse.Namespace) -> int:
    try:
        written = build(Path(args.curated), Path(args.out))
    except CuratedError as err:
        for p in err.problems:
            print(p, file=sys.stderr)
        print(f"build failed: {len(err.problems)} problem(s); previous Parquet files left untouched.", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"build failed while writing: {err}; previous Parquet files left untouched.", file=sys.stderr)
        return 1
    for path in written.values():
        print(f"wrote {path}")
    try:
        if record_release(Path(args.out)):
            print(f"recorded release {read_index(Path(args.out))['version'].iloc[-1]} in the release log")
    except (OSError, ValueError) as err:  # the data is built; only its history could not be written
        print(f"built, but the release log could not be updated: {err}", file=sys.stderr)
        return 1
    return 0


def _curated_dir_problem(curated: Path) -> str | None:
    """One message when the curated folder itself is missing or not a folder (not one per file)."""
    if not curated.exists():
        return f"curated folder not found: {curated}"
    if not curated.is_dir():
        return f"curated folder is not a folder: {curated}"
    return None


def _cmd_validate(args: argparse.Namespace) -> int:
    problem = _curated_dir_problem(Path(args.curated))
    if problem:
        print(problem, file=sys.stderr)
        return 2
    _, problems = validate_curated(Path(args.curated))
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)" if problems else "curated data is valid")
    return 1 if problems else 0


def _cmd_verify(args: argparse.Namespace) -> int:
    problem = _curated_dir_problem(Path(args.curated)) or sources_dir_problem(Path(args.sources))
    if problem:  # one message, not one failure per quote
        print(f"cannot verify quotes: {problem}", file=sys.stderr)
        return 2
    typed, problems = validate_curated(Path(args.curated))
    if "facts" not in typed or "sources" not in typed:
        for p in problems:
            print(p)
        print("cannot verify quotes: the curated tables do not validate")
        return 1
    try:
        checked, failures = verify_quotes(quote_rows(typed), typed["sources"], Path(args.sources), paths.excerpts_dir())
    except SourcesUnavailable as err:  # the folder went away after the check above
        print(f"cannot verify quotes: {err}", file=sys.stderr)
        return 2
    for f in failures:
        print(f)
    print(
        f"{checked - len(failures)} of {checked} quotes found in their sources"
        + (f"; {len(failures)} failure(s)" if failures else "")
    )
    return 1 if failures else 0


def _cmd_dictionary(args: argparse.Namespace) -> int:
    from wps_data.contract.dictionary import markdown

    print(markdown())
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the commands)."""
    p = argparse.ArgumentParser(prog="wps-data", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="curated CSV -> validated Parquet (atomic, deterministic)")
    b.add_argument("--curated", default=str(paths.curated_dir()))
    b.add_argument("--out", default=str(paths.data_dir()))
    b.set_defaults(func=_cmd_build)
    v = sub.add_parser("validate", help="list every problem in the curated CSV")
    v.add_argument("--curated", default=str(paths.curated_dir()))
    v.set_defaults(func=_cmd_validate)
    q = sub.add_parser("verify-quotes", help="check every quote against its source text")
    q.add_argument("--curated", default=str(paths.curated_dir()))
    q.add_argument("--sources", default=str(paths.sources_dir()))
    q.set_defaults(func=_cmd_verify)
    d = sub.add_parser("dictionary", help="print the data dictionary (Markdown) generated from the schemas")
    d.set_defaults(func=_cmd_dictionary)
    cli_export.add_commands(sub)
    _add_base_url(sub)
    cli_desk.add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``wps-data`` console script."""
    args = parser().parse_args(argv)
    try:
        resolve_base_url(args)
    except ValueError as err:
        print(f"wps-data: error: {err}", file=sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into head: not an error of the data
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # Ctrl-C: files being written were removed, no traceback needed
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
