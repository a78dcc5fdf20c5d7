"""The package's layers hold, the code is lint-clean and formatted, and no module is too long.

The layers (low -> high; see ``src/wps_data/__init__.py``): leaves (paths, files, i18n),
contract, pipeline, dataset, filters + pagespec, analysis, viz, charts, exports, app + cli.
A module imports only its own layer or lower ones, with these narrower rules: dataset
never imports pipeline; filters and pagespec import dataset, contract and leaves only;
analysis imports contract and leaves but not i18n; viz imports contract and leaves; only
app imports streamlit; cli never imports app. They are import-linter contracts in
``pyproject.toml`` (``[tool.importlinter]``); ``lint-imports`` sees every import
statement, including one inside a function or under ``if TYPE_CHECKING``.

``app.py`` and ``pages/*.py`` are not in the package, so an AST walk checks them: of
wps_data they import ``wps_data.app``, ``wps_data.i18n`` and ``wps_data.pagespec`` only.

The checkers are themselves tested: the same contracts, run over a throw-away copy of the
package's shape with one forbidden import added, must report that import.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from wps_data.paths import PROJECT_ROOT

PYPROJECT = PROJECT_ROOT / "pyproject.toml"
PACKAGE = PROJECT_ROOT / "src" / "wps_data"
MAX_LINES = 400
# the message catalogues (one message per line): en.py, fr.py and their part modules
LONG_ALLOWED = {"i18n/en.py", "i18n/fr.py"} | {
    f"i18n/{lang}_{part}.py" for lang in ("en", "fr") for part in ("charts", "council", "access", "export")
}
ENTRY_ALLOWED = ("wps_data.app", "wps_data.i18n", "wps_data.pagespec")
VENV_EXCLUDE = ".venv"


def _tool(name: str) -> str:
    """A console script installed beside this interpreter (the project's venv)."""
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        found = shutil.which(name)
        assert found, f"{name} is not installed: run .venv/bin/pip install -e '.[test]'"
        return found
    return str(path)


def lint_imports(cwd: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter's contracts from ``config`` on the package importable from ``cwd``."""
    env = {**os.environ, "PYTHONPATH": str(cwd), "NO_COLOR": "1"}
    return subprocess.run(
        [_tool("lint-imports"), "--no-cache", "--no-logo", str(config)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# --- the package's layers ------------------------------------------------------------------


def test_import_contracts_are_kept() -> None:
    """lint-imports over src/wps_data: every contract in pyproject.toml is KEPT."""
    result = lint_imports(PROJECT_ROOT / "src", PYPROJECT)
    report = result.stdout + result.stderr
    assert "BROKEN" not in report and result.returncode == 0, report


def test_the_contracts_cover_the_layers() -> None:
    """The config says what the layering says: ten layers in order, exhaustive, the narrower rules."""
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]
    contracts = {c["id"]: c for c in config["contracts"]}
    layers = contracts["layers"]
    assert layers["type"] == "layers" and layers["containers"] == ["wps_data"] and layers["exhaustive"]
    assert layers["layers"] == [
        "app | cli",
        "exports",
        "charts",
        "viz",
        "analysis",
        "filters : pagespec",
        "dataset",
        "pipeline",
        "contract",
        "paths | (files) | i18n",
    ]
    forbidden = {
        cid: (set(c["source_modules"]), set(c["forbidden_modules"]))
        for cid, c in contracts.items()
        if c["type"] == "forbidden"
    }
    assert forbidden["dataset-reads-only"] == ({"wps_data.dataset"}, {"wps_data.pipeline"})
    assert "wps_data.i18n" in forbidden["analysis-contract-only"][1]
    sources, banned = forbidden["streamlit-only-in-app"]
    assert banned == {"streamlit"}
    tails = {s.removeprefix("wps_data.") for s in sources}
    top = {p.stem for p in PACKAGE.iterdir() if p.name != "__init__.py" and (p.suffix == ".py" or p.is_dir())}
    assert "app" not in tails
    assert top - {"app", "__pycache__"} <= tails, "a new layer must be listed in streamlit-only-in-app"


def _wps_imports(source: str, filename: str) -> list[tuple[int, str]]:
    """(line, module) for every import of wps_data in a file, wherever it stands."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "wps_data"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "wps_data":
                found += [(node.lineno, f"wps_data.{a.name}") for a in node.names]
            elif node.module.startswith("wps_data."):
                found.append((node.lineno, node.module))
    return found


def entry_violations(source: str, filename: str) -> list[str]:
    """Imports of wps_data that an entry script (app.py, a page) may not make."""
    return [
        f"{filename}:{line}: imports {module}"
        for line, module in _wps_imports(source, filename)
        if not any(module == ok or module.startswith(ok + ".") for ok in ENTRY_ALLOWED)
    ]


def test_pages_and_app_py_import_only_app_i18n_pagespec() -> None:
    scripts = [PROJECT_ROOT / "app.py", *sorted((PROJECT_ROOT / "pages").glob("*.py"))]
    assert len(scripts) > 1
    bad = [v for p in scripts for v in entry_violations(p.read_text(encoding="utf-8"), p.name)]
    assert not bad, "\n".join(bad)


# --- the checkers catch a violation --------------------------------------------------------

# A miniature wps_data with the real package's shape; every import here is allowed.
FAKE_ALLOWED = {
    "paths": "import os\n",
    "files": "import tempfile\n",
    "i18n": "",
    "contract": "from wps_data import paths\nfrom wps_data import i18n\n",
    "pipeline": "from wps_data import contract, files, paths\n",
    "dataset": "from wps_data import contract, paths\n",
    "filters": "from wps_data import dataset\n",
    "pagespec": "from wps_data import filters, dataset\n",
    "analysis": "from wps_data import contract, paths\n",
    "viz": "from wps_data import contract, i18n\n",
    "charts": "from wps_data import viz, analysis, pagespec, filters, dataset, pipeline\n",
    "exports": "from wps_data import charts\n",
    "app": "import streamlit\nfrom wps_data import exports, pagespec\n",
    "cli": "from wps_data import exports, pipeline\n",
}

VIOLATIONS = {
    "contract-imports-pipeline": ("contract", "from wps_data import pipeline\n", "Layers"),
    "leaf-imports-contract": ("paths", "from wps_data import contract\n", "Layers"),
    "i18n-imports-paths": ("i18n", "from wps_data import paths\n", "Layers"),
    "cli-imports-app": ("cli", "from wps_data import app\n", "Layers"),
    "dataset-imports-pipeline": ("dataset", "from wps_data.pipeline import build\n", "never the write side"),
    "pagespec-imports-pipeline": ("pagespec", "import wps_data.pipeline\n", "(not pipeline)"),
    "analysis-imports-pagespec-lazily": (
        "analysis",
        "def f():\n    from wps_data import pagespec\n    return pagespec\n",
        "analysis imports contract",
    ),
    "analysis-imports-i18n": ("analysis", "from wps_data.i18n import t\n", "no words"),
    "viz-imports-dataset-for-typing": (
        "viz",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from wps_data.dataset import Dataset\n",
        "viz imports contract",
    ),
    "charts-imports-streamlit": ("charts", "import streamlit as st\n", "streamlit"),
    "module-without-a-layer": ("theme", "", "exhaustive"),
}


def fake_package(root: Path, extra: tuple[str, str] | None = None) -> None:
    """Write the miniature package under ``root``; ``extra`` = (module, code) appended."""
    pkg = root / "wps_data"
    (pkg / "pipeline").mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""Fake."""\n')
    modules = dict(FAKE_ALLOWED)
    if extra:
        modules[extra[0]] = modules.get(extra[0], "") + extra[1]
    for name, code in modules.items():
        if name == "pipeline":  # one package among the modules, as in the real tree
            (pkg / "pipeline" / "__init__.py").write_text(code)
            (pkg / "pipeline" / "build.py").write_text("from wps_data import contract\n")
        else:
            (pkg / f"{name}.py").write_text(code)
    shutil.copy(PYPROJECT, root / "pyproject.toml")


def test_contracts_keep_the_miniature_package(tmp_path: Path) -> None:
    """Guard for the violation tests: without a bad import, every contract is kept."""
    fake_package(tmp_path)
    result = lint_imports(tmp_path, tmp_path / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        str(tmp_path)
        in subprocess.run(
            [sys.executable, "-c", "import wps_data; print(wps_data.__file__)"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(tmp_path)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    ), "the miniature package must shadow the real one"


@pytest.mark.parametrize(("module", "code", "contract"), list(VIOLATIONS.values()), ids=list(VIOLATIONS))
def test_contracts_report_a_violation(tmp_path: Path, module: str, code: str, contract: str) -> None:
    fake_package(tmp_path, (module, code))
    result = lint_imports(tmp_path, tmp_path / "pyproject.toml")
    report = result.stdout + result.stderr
    assert result.returncode != 0, report
    if contract == "exhaustive":
        assert f"wps_data.{module}" in report, report
    else:
        broken = [line for line in report.splitlines() if line.endswith(" BROKEN")]
        assert any(contract in line for line in broken), report
        assert f"wps_data.{module}" in report, report


def test_entry_check_reports_a_violation() -> None:
    source = (
        "import streamlit as st\n"
        "from wps_data.app import ui\n"
        "from wps_data import i18n, pagespec\n"
        "from wps_data.i18n.words import t\n"
        "import wps_data.dataset\n"
        "from wps_data.charts import registry\n"
        "from wps_data import analysis\n"
        "def later():\n"
        "    from wps_data.pipeline import build\n"
    )
    assert entry_violations(source, "page.py") == [
        "page.py:5: imports wps_data.dataset",
        "page.py:6: imports wps_data.charts",
        "page.py:7: imports wps_data.analysis",
        "page.py:9: imports wps_data.pipeline",
    ]


# --- lint, format, size ----------------------------------------------------------------------


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]], ids=["check", "format"])
def test_ruff_is_clean(args: list[str]) -> None:
    """`ruff check .` and `ruff format --check .` over the repository (not .venv) exit 0."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache", "--extend-exclude", VENV_EXCLUDE],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def module_lengths(package: Path) -> dict[str, int]:
    """Lines of every module under ``package``, by path relative to it."""
    return {
        p.relative_to(package).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in sorted(package.rglob("*.py"))
        if "__pycache__" not in p.parts
    }


def test_no_module_is_over_400_lines() -> None:
    lengths = module_lengths(PACKAGE)
    assert LONG_ALLOWED <= set(lengths), "the exempt catalogues moved: update LONG_ALLOWED"
    long = [f"{name}: {n} lines" for name, n in lengths.items() if n > MAX_LINES and name not in LONG_ALLOWED]
    assert not long, f"over {MAX_LINES} lines:\n" + "\n".join(long)


def test_module_lengths_are_counted(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "short.py").write_text("x = 1\n" * 3)
    (tmp_path / "sub" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    assert module_lengths(tmp_path) == {"short.py": 3, "sub/long.py": MAX_LINES + 1}
