"""The README keeps its promises: the data dictionary equals the schemas, CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

from wps_data.contract.dictionary import BEGIN, END, markdown

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", README, flags=re.S)


def test_readme_data_dictionary_is_generated_from_the_schemas() -> None:
    section = README[README.index(BEGIN) : README.index(END) + len(END)]
    assert section == markdown(), "README data dictionary is stale: regenerate it with `wps-data dictionary`"


def test_readme_starts_with_the_app_and_test_commands() -> None:
    app, tests = _commands()[:2]
    assert "streamlit run app.py" in app
    assert "pytest" in tests


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = _commands()[1].strip()
    assert test_command in ci.splitlines(), f"{test_command!r} not a line of .ci/run"
    assert "apt-get install" in ci and "chromium" in ci
    assert "set -euo pipefail" in ci


def test_dictionary_command_prints_the_readme_section(capsys) -> None:
    from wps_data.cli.main import main

    assert main(["dictionary"]) == 0
    assert capsys.readouterr().out.strip() == markdown()
