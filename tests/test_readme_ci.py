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


def test_readme_performance_table_is_the_committed_benchmark_run() -> None:
    """Each row of the README's performance table states what benchmarks/results.json measured."""
    import json
    from decimal import ROUND_HALF_UP, Decimal

    def rounded(x: float, places: str = "1") -> Decimal:  # as a reader rounds: 44.5 ms -> 45
        return Decimal(str(x)).quantize(Decimal(places), rounding=ROUND_HALF_UP)

    results = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    section = README[README.index("## Performance") : README.index("### Past one machine")]
    assert results["mode"] == "full"
    assert f"commit `{results['machine']['git_commit'][:7]}`" in section
    assert results["machine"]["git_dirty"] is False
    cell = r" \| (\d+) ms, ([\d.]+)x \| ([\d.]+) s, ([\d.]+)x \| (\d+) ms, ([\d.]+)x \|$"
    rows = re.findall(r"^\| (\w+)" + cell, section, re.M)
    assert [r[0] for r in rows] == list(results["server"]["pages"])
    at_1x, at_1000x = results["scale"]["scales"]["1x"]["pages"], results["scale"]["scales"]["1000x"]["pages"]
    for page, server_ms, server_x, browser_s, browser_x, big_ms, big_x in rows:
        server, browser = results["server"]["pages"][page], results["browser"]["pages"][page]
        assert Decimal(server_ms) == rounded(server["app"]["median_ms"]) and float(server_x) == server["ratio"], page
        assert Decimal(browser_s) == rounded(browser["app"]["median_ms"] / 1000, "0.1"), page
        assert float(browser_x) == browser["ratio"], page
        assert Decimal(big_ms) == rounded(at_1000x[page]["median_ms"]), page
        one_x = at_1000x[page].get("paired_1x_ms", at_1x[page]["median_ms"])  # the 1x runs alternated with these
        assert abs(float(big_x) - at_1000x[page]["median_ms"] / one_x) < 0.006, page
