"""Hostile writes: the build's install and the export commands' arguments and ``--out`` targets.

Test layer: drives ``wps_data.pipeline.build`` and the ``wps-data`` CLI (``wps_data.cli.main``),
in-process and as child processes that receive real signals.

What each case asserts, as it applies: no traceback, a clear message naming what is wrong
(the file and what it is, or the parameter and its valid range), nothing but the target
touched, nothing partial left (no ``*.tmp``), the previous data byte for byte as it was.

- ``build-target``: a built file's name in the data folder is taken by a FIFO, a symbolic
  link, a directory or a device: the build is refused and changes nothing.
- ``build-signal``: SIGTERM / SIGINT to a build while it writes, backs up or swaps files.
- ``build-concurrency``: names unique per process, two builds at once, others' files left alone.
- ``build-umask``: built files get 0666 minus the umask.
- ``cli-width``, ``cli-format``: bad ``--width`` and a ``--format`` contradicting ``--out``.
- ``cli-out``: every export command with an ``--out`` that is a FIFO, a symlink or a directory.
- ``export-umask``: what the atomic writer and the export commands write gets 0666 minus the
  umask, like a file any program creates (not ``mkstemp``'s 0600), also over an existing 0600 file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from wps_data import paths
from wps_data.charts.registry import REGISTRY, charts_for
from wps_data.cli.main import main as cli_main
from wps_data.contract.schemas import TABLES
from wps_data.dataset import load_dataset
from wps_data.files import write_atomic
from wps_data.pagespec import PAGES
from wps_data.pipeline import build as build_module
from wps_data.pipeline.build import build

REPO_DATA = paths.PROJECT_ROOT / "data"
REPO_CURATED = REPO_DATA / "curated"
BUILT_FILES = (*(f"{name}.parquet" for name in TABLES), "manifest.json")
CHILD_ENV = {**os.environ, "PYTHONPATH": str(paths.PROJECT_ROOT / "src")}


# --- helpers -------------------------------------------------------------------------------


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every regular file directly in ``folder`` (hidden ones included)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.is_symlink()
    }


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


def reword_a_note(curated: Path, words: str = "Checked again.") -> None:
    """A valid edit: facts.parquet (and the manifest) change."""
    path = curated / "facts.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        header, *records = list(csv.reader(fh))
    ni = header.index("note")
    records[-1][ni] = f"{records[-1][ni]} {words}".strip()
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *records])
    path.write_bytes(buf.getvalue().encode("utf-8"))


def no_traceback(text: str) -> None:
    assert "Traceback" not in text, text


@dataclass
class Ctx:
    tmp: Path
    data: Path  # a copy of the built files
    curated: Path  # a copy of data/curated with one valid edit: a build changes facts.parquet
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def cli(self, *args: str) -> tuple[int, str]:
        """Run ``wps-data ARGS`` in-process; return (exit code, stdout + stderr)."""
        self.capsys.readouterr()
        try:
            code = cli_main(list(args))
        except SystemExit as exit_:  # argparse refuses its arguments this way
            code = int(exit_.code or 0)
        out = self.capsys.readouterr()
        return code, out.out + out.err

    def build_cli(self) -> tuple[int, str]:
        return self.cli("build", "--curated", str(self.curated), "--out", str(self.data))


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Ctx:
    data = tmp_path / "data"
    data.mkdir()
    for name in BUILT_FILES:
        shutil.copy2(REPO_DATA / name, data / name)
    curated = tmp_path / "curated"
    shutil.copytree(REPO_CURATED, curated)
    reword_a_note(curated)
    monkeypatch.setenv("WPS_DATA_DIR", str(REPO_DATA))
    return Ctx(tmp_path, data, curated, monkeypatch, capsys)


def fifo_got_nothing(fd: int) -> None:
    try:
        assert os.read(fd, 1) == b""
    except BlockingIOError:  # no writer ever came: nothing was written
        pass


ACTIONS: dict[str, Callable[[Ctx], None]] = {}
CLASSES: dict[str, str] = {}


def case(cls: str, name: str, action: Callable[[Ctx], None]) -> None:
    assert name not in ACTIONS, name
    ACTIONS[name] = action
    CLASSES[name] = cls


# --- 1a. a target in the data folder that is not a regular file -----------------------------


def _make_special(kind: str, target: Path, tmp: Path) -> Callable[[], None]:
    """Put a ``kind`` at ``target``; return a check that it is still exactly that afterwards."""
    if kind == "fifo":
        os.mkfifo(target)
        return lambda: None if stat.S_ISFIFO(os.lstat(target).st_mode) else pytest.fail("FIFO changed")
    if kind in ("symlink", "dangling-symlink"):
        real = tmp / "elsewhere.bin"
        if kind == "symlink":
            real.write_bytes(b"not the build's")
        target.symlink_to(real)

        def still_linked() -> None:
            assert target.is_symlink() and os.readlink(target) == str(real)
            assert real.read_bytes() == b"not the build's" if kind == "symlink" else not real.exists()

        return still_linked
    if kind == "directory":
        target.mkdir()
        (target / "inside.txt").write_bytes(b"x")
        return lambda: None if listing(target) == ["inside.txt"] else pytest.fail("directory changed")
    if kind == "device":
        try:
            os.mknod(target, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
        except (PermissionError, OSError) as err:
            pytest.skip(f"cannot make a device node here: {err}")
        return lambda: None if stat.S_ISCHR(os.lstat(target).st_mode) else pytest.fail("device changed")
    raise AssertionError(kind)


WORDS = {
    "fifo": "FIFO",
    "symlink": "symbolic link",
    "dangling-symlink": "symbolic link",
    "directory": "directory",
    "device": "character device",
}


def target_case(kind: str, fname: str, *, existing: bool = True) -> None:
    def action(ctx: Ctx) -> None:
        target = ctx.data / fname
        if existing:
            target.unlink()
        before, names = digests(ctx.data), listing(ctx.data)
        reader = None
        still = _make_special(kind, target, ctx.tmp)
        if kind == "fifo":
            reader = os.open(target, os.O_RDONLY | os.O_NONBLOCK)
        try:
            code, out = ctx.build_cli()
            if reader is not None:
                fifo_got_nothing(reader)
        finally:
            if reader is not None:
                os.close(reader)
        assert code == 1, out
        no_traceback(out)
        assert str(target) in out and WORDS[kind] in out and "not a regular file" in out, out
        assert "previous Parquet files left untouched" in out, out
        still()
        assert digests(ctx.data) == before
        assert listing(ctx.data) == sorted({*names, fname})
        assert leftovers(ctx.tmp) == []

    case("build-target", f"build-target-{kind}-{fname}", action)


for _kind in ("fifo", "symlink", "dangling-symlink", "directory", "device"):
    target_case(_kind, BUILT_FILES[-1])  # the manifest, swapped last
target_case("fifo", BUILT_FILES[0])  # facts.parquet, swapped first
target_case("symlink", "series.parquet")
target_case("directory", "bodies.parquet")


def _out_folder_is_a_file(ctx: Ctx) -> None:
    out = ctx.tmp / "not-a-folder"
    out.write_bytes(b"keep")
    code, text = ctx.cli("build", "--curated", str(ctx.curated), "--out", str(out))
    assert code == 1 and str(out) in text and "not a folder" in text, text
    no_traceback(text)
    assert out.read_bytes() == b"keep" and leftovers(ctx.tmp) == []


def _out_folder_is_a_fifo(ctx: Ctx) -> None:
    out = ctx.tmp / "pipe-folder"
    os.mkfifo(out)
    code, text = ctx.cli("build", "--curated", str(ctx.curated), "--out", str(out))
    assert code == 1 and str(out) in text and "not a folder" in text, text
    assert stat.S_ISFIFO(os.lstat(out).st_mode) and leftovers(ctx.tmp) == []


def _swapped_in_between(ctx: Ctx) -> None:
    """The manifest turns into a symlink after the check, before its swap: refused, rolled back."""
    before = digests(ctx.data)
    real_replace = os.replace
    manifest = ctx.data / BUILT_FILES[-1]
    elsewhere = ctx.tmp / "elsewhere.json"
    elsewhere.write_bytes(b"{}")

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == ctx.data / BUILT_FILES[1]:  # after the first swap
            manifest.unlink()
            manifest.symlink_to(elsewhere)
        real_replace(src, dst)

    ctx.monkeypatch.setattr(os, "replace", replace)
    code, out = ctx.build_cli()
    ctx.monkeypatch.undo()
    assert code == 1 and "symbolic link" in out and str(manifest) in out, out
    assert manifest.is_symlink() and elsewhere.read_bytes() == b"{}"
    after = digests(ctx.data)
    before.pop(BUILT_FILES[-1])
    assert after == before  # facts.parquet, already swapped, was put back
    assert leftovers(ctx.tmp) == []


case("build-target", "build-target-out-folder-is-a-file", _out_folder_is_a_file)
case("build-target", "build-target-out-folder-is-a-fifo", _out_folder_is_a_fifo)
case("build-target", "build-target-turns-into-symlink-mid-build", _swapped_in_between)


# --- 1c. signals during the install -------------------------------------------------------

STALLED_BUILD = """
import os, sys, time
from wps_data.cli.main import main
func, nth, pause = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
real = getattr(os, func)
calls = [0]
def stall(*args, **kwargs):
    calls[0] += 1
    if calls[0] == nth:
        print("ready", flush=True)
        time.sleep(pause)
    return real(*args, **kwargs)
setattr(os, func, stall)
sys.exit(main(sys.argv[4:]))
"""


def stalled_build(func: str, nth: int, pause: float, curated: Path, out: Path) -> subprocess.Popen[str]:
    """A child ``wps-data build`` that prints ``ready`` and pauses at the ``nth`` call of ``os.<func>``."""
    build_args = ["build", "--curated", str(curated), "--out", str(out)]
    return subprocess.Popen(
        [sys.executable, "-c", STALLED_BUILD, func, str(nth), str(pause), *build_args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=CHILD_ENV,
    )


def wait_ready(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if line != "ready":
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"the child build did not reach the pause: {line!r} {err}")


PHASES = {  # (function of os, which call): where the build is when the signal comes
    "writing-temps": ("fsync", 2),  # the second temporary file is being written
    "taking-backups": ("link", 3),  # three temps written, two backups taken
    "swapping": ("replace", 3),  # two new files already in place
}


def signal_case(phase: str, signame: str) -> None:
    func, nth = PHASES[phase]
    signum = getattr(signal, signame)

    def action(ctx: Ctx) -> None:
        before, names = digests(ctx.data), listing(ctx.data)
        proc = stalled_build(func, nth, 60, ctx.curated, ctx.data)
        try:
            wait_ready(proc)
            assert leftovers(ctx.data), "mid-build: temporary files exist"
            if phase == "swapping":
                assert digests(ctx.data)[BUILT_FILES[0]] != before[BUILT_FILES[0]]  # already swapped
            proc.send_signal(signum)
            _, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if signum == signal.SIGTERM:
            assert proc.returncode == -signal.SIGTERM, err  # ends by the signal, as without the guard
        else:
            assert proc.returncode == 130 and "interrupted" in err, err
        no_traceback(err)
        assert leftovers(ctx.data) == []
        assert listing(ctx.data) == names
        assert digests(ctx.data) == before  # the old files, byte for byte
        assert load_dataset(ctx.data).version

    case("build-signal", f"build-{signame.lower()}-while-{phase}", action)


for _phase in PHASES:
    signal_case(_phase, "SIGTERM")
signal_case("swapping", "SIGINT")


def _handler_returns(ctx: Ctx) -> None:
    """A program's own SIGTERM handler that returns: it runs once, the build is abandoned and says so."""
    before = digests(ctx.data)
    calls: list[int] = []
    real_replace = os.replace
    count = [0]

    def replace(*args: object) -> None:
        count[0] += 1
        if count[0] == 3:
            signal.raise_signal(signal.SIGTERM)
        real_replace(*args)

    old = signal.signal(signal.SIGTERM, lambda signum, _frame: calls.append(signum))
    try:
        ctx.monkeypatch.setattr(os, "replace", replace)
        code, out = ctx.build_cli()
        ctx.monkeypatch.undo()
        assert signal.getsignal(signal.SIGTERM) is not None and calls == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, old)
    assert code == 1 and "interrupted by signal" in out and "left untouched" in out, out
    assert digests(ctx.data) == before and leftovers(ctx.tmp) == []


def _handlers_restored(ctx: Ctx) -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    build(ctx.curated, ctx.data)
    assert {s: signal.getsignal(s) for s in before} == before
    assert leftovers(ctx.tmp) == []


case("build-signal", "build-sigterm-handler-returns", _handler_returns)
case("build-signal", "build-handlers-restored-after-success", _handlers_restored)


# --- 1b. names unique per process; two builds at once ---------------------------------------


def _names_carry_the_pid(ctx: Ctx) -> None:
    made: list[str] = []
    real_link = os.link

    def link(src: str, dst: str, **kwargs: object) -> None:
        made.append(Path(dst).name)
        real_link(src, dst, **kwargs)  # type: ignore[arg-type]

    ctx.monkeypatch.setattr(os, "link", link)
    real_mkstemp = build_module.tempfile.mkstemp

    def mkstemp(**kwargs: str) -> tuple[int, str]:
        fd, name = real_mkstemp(**kwargs)
        made.append(Path(name).name)
        return fd, name

    ctx.monkeypatch.setattr(build_module.tempfile, "mkstemp", mkstemp)
    build(ctx.curated, ctx.data)
    ctx.monkeypatch.undo()
    assert len(made) == 2 * len(BUILT_FILES) and len(set(made)) == len(made)
    assert all(f".{os.getpid()}." in name and name.endswith(".tmp") for name in made), made
    assert not {f"{f}.bak.tmp" for f in BUILT_FILES} & set(made)
    assert leftovers(ctx.tmp) == []


def _others_files_untouched(ctx: Ctx) -> None:
    """Temporary files of another process (another pid, or the name an old version shared) stay."""
    strangers = [f".{BUILT_FILES[0]}.{os.getpid() + 1}.abc.bak.tmp", f".manifest.json.{os.getpid() + 1}.x.new.tmp"]
    for name in strangers:
        (ctx.data / name).write_bytes(b"another build's")
    build(ctx.curated, ctx.data)
    assert all((ctx.data / name).read_bytes() == b"another build's" for name in strangers)
    assert leftovers(ctx.data) == sorted(strangers)


def _two_builds_at_once(ctx: Ctx) -> None:
    """Build A pauses mid-swap; build B (other data) starts meanwhile. Both succeed, one whole set wins."""
    other = ctx.tmp / "curated-b"
    shutil.copytree(ctx.curated, other)
    reword_a_note(other, "Checked a third time.")
    ref_a, ref_b = ctx.tmp / "ref-a", ctx.tmp / "ref-b"
    build(ctx.curated, ref_a)
    build(other, ref_b)
    assert digests(ref_a) != digests(ref_b)
    a = stalled_build("replace", 2, 2.0, ctx.curated, ctx.data)
    b: subprocess.Popen[str] | None = None
    try:
        wait_ready(a)  # A has swapped one file and pauses 2 s with its temps and backups in place
        b = stalled_build("replace", 10_000, 0, other, ctx.data)  # never pauses
        started = time.monotonic()
        _, err_a = a.communicate(timeout=120)
        _, err_b = b.communicate(timeout=120)
    finally:
        for proc in (a, b):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    assert a.returncode == 0 and b.returncode == 0, (err_a, err_b)
    assert time.monotonic() - started < 120
    assert leftovers(ctx.data) == []
    assert digests(ctx.data) == digests(ref_b)  # builds take turns: B, which came second, wins whole
    assert load_dataset(ctx.data).version


case("build-concurrency", "build-names-carry-the-pid-and-are-unique", _names_carry_the_pid)
case("build-concurrency", "build-other-process-temp-files-untouched", _others_files_untouched)
case("build-concurrency", "build-two-builds-at-once", _two_builds_at_once)


# --- 1d. the umask --------------------------------------------------------------------------


def umask_case(umask: int, mode: int) -> None:
    def action(ctx: Ctx) -> None:
        fresh = ctx.tmp / "fresh"
        for name in BUILT_FILES:
            os.chmod(ctx.data / name, 0o600)
        old = os.umask(umask)
        try:
            build(ctx.curated, fresh)
            build(ctx.curated, ctx.data)
        finally:
            os.umask(old)
        for folder in (fresh, ctx.data):
            modes = {name: stat.S_IMODE((folder / name).stat().st_mode) for name in BUILT_FILES}
            assert set(modes.values()) == {mode}, (oct(umask), modes)

    case("build-umask", f"build-umask-{umask:03o}-gives-{mode:o}", action)


umask_case(0o022, 0o644)
umask_case(0o027, 0o640)
umask_case(0o077, 0o600)


# --- 2. CLI arguments -----------------------------------------------------------------------

CHART = next(iter(REGISTRY))
CHART_PAGE = next(p for p in PAGES if charts_for(p))
DATA_PAGE = next(iter(PAGES))


def width_case(width: str, label: str) -> None:
    def action(ctx: Ctx) -> None:
        out = ctx.tmp / "chart.png"
        code, text = ctx.cli("chart", CHART, "--out", str(out), f"--width={width}")
        assert code == 2, text
        no_traceback(text)
        assert "--width" in text and "1 to 10,000" in text, text
        assert not out.exists() and listing(ctx.tmp) == ["curated", "data"]

    case("cli-width", f"cli-width-{label}", action)


for _w in ("0", "-1", "-1600", "10001", "abc", "1.5", "1e3"):
    width_case(_w, _w)
width_case("", "empty")
width_case("1" + "0" * 100, "googol")
width_case("9" * 5000, "5000-digits")  # beyond Python's int-from-text digit limit


def _width_bounds_accepted(ctx: Ctx) -> None:
    for width in ("1", "10000"):
        out = ctx.tmp / f"chart-{width}.csv"
        code, text = ctx.cli("chart", CHART, "--format", "csv", "--out", str(out), "--width", width)
        assert code == 0 and out.stat().st_size > 0, text


case("cli-width", "cli-width-bounds-1-and-10000-accepted", _width_bounds_accepted)


def format_case(fmt: str, out_name: str) -> None:
    def action(ctx: Ctx) -> None:
        out = ctx.tmp / out_name
        code, text = ctx.cli("chart", CHART, "--format", fmt, "--out", str(out))
        assert code == 2, text
        no_traceback(text)
        suffix = out.suffix.lower().lstrip(".")
        assert f"--format {fmt} contradicts --out {out}" in text and f".{suffix} file" in text, text
        assert not out.exists() and listing(ctx.tmp) == ["curated", "data"]

    case("cli-format", f"cli-format-{fmt}-out-{out_name}", action)


for _fmt, _name in (("png", "x.svg"), ("svg", "x.png"), ("csv", "x.png"), ("png", "x.csv"), ("svg", "X.CSV")):
    format_case(_fmt, _name)


def _format_agrees_or_suffix_unknown(ctx: Ctx) -> None:
    for name in ("x.CSV", "x.data", "x"):
        out = ctx.tmp / name
        code, text = ctx.cli("chart", CHART, "--format", "csv", "--out", str(out))
        assert code == 0 and out.is_file() and out.stat().st_size > 0, text


case("cli-format", "cli-format-agreeing-or-unknown-suffix-accepted", _format_agrees_or_suffix_unknown)


EXPORTS: dict[str, tuple[str, Callable[[str], list[str]]]] = {
    "chart-png": ("chart.png", lambda out: ["chart", CHART, "--format", "png", "--out", out]),
    "chart-svg": ("chart.svg", lambda out: ["chart", CHART, "--format", "svg", "--out", out]),
    "chart-csv": ("chart.csv", lambda out: ["chart", CHART, "--format", "csv", "--out", out]),
    "briefing": ("deck.pptx", lambda out: ["briefing", "--page", CHART_PAGE, "--out", out]),
    "datapack": ("pack.zip", lambda out: ["datapack", "--page", DATA_PAGE, "--out", out]),
}


def out_case(command: str, kind: str) -> None:
    name, argv = EXPORTS[command]

    def action(ctx: Ctx) -> None:
        out = ctx.tmp / name
        still = _make_special(kind, out, ctx.tmp)
        names = listing(ctx.tmp)
        reader = os.open(out, os.O_RDONLY | os.O_NONBLOCK) if kind == "fifo" else None
        started = time.monotonic()
        try:
            code, text = ctx.cli(*argv(str(out)))
            if reader is not None:
                fifo_got_nothing(reader)
        finally:
            if reader is not None:
                os.close(reader)
        assert code == 1, text
        no_traceback(text)
        assert f"cannot write {out}" in text and WORDS[kind] in text and "nothing was written" in text, text
        assert time.monotonic() - started < 10  # refused before anything is rendered
        still()
        assert listing(ctx.tmp) == names and leftovers(ctx.tmp) == []

    case("cli-out", f"cli-out-{command}-{kind}", action)


for _command in EXPORTS:
    for _kind in ("fifo", "symlink", "directory"):
        out_case(_command, _kind)


# --- 3. the mode of exported files -----------------------------------------------------------


def export_umask_case(umask: int, how: str) -> None:
    """``how``: the writer on a new file or over a 0600 one, or an export command (``EXPORTS``)."""

    def action(ctx: Ctx) -> None:
        out = ctx.tmp / f"export-{how}.out"
        if how == "writer-over-0600":
            out.write_bytes(b"old")
            os.chmod(out, 0o600)
        old = os.umask(umask)
        try:
            if how.startswith("writer"):
                write_atomic(out, b"new")
            else:
                code, text = ctx.cli(*EXPORTS[how][1](str(out)))
                assert code == 0, text
        finally:
            os.umask(old)
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask, (oct(umask), oct(out.stat().st_mode))
        assert out.stat().st_size > 0 and leftovers(ctx.tmp) == []

    case("export-umask", f"export-umask-{umask:03o}-{how}", action)


for _umask in (0o022, 0o027, 0o077):
    for _how in ("writer-new", "writer-over-0600", "chart-csv", "datapack"):
        export_umask_case(_umask, _how)


# --- the battery ----------------------------------------------------------------------------

CASES: list[tuple[str, str]] = [(CLASSES[name], name) for name in ACTIONS]


@pytest.mark.parametrize(("cls", "name"), CASES, ids=[name for _, name in CASES])
def test_hostile_write(cls: str, name: str, ctx: Ctx) -> None:
    assert CLASSES[name] == cls
    ACTIONS[name](ctx)


def test_number_of_hostile_write_cases(capsys: pytest.CaptureFixture[str]) -> None:
    kinds: dict[str, int] = {}
    for cls, _ in CASES:
        kinds[cls] = kinds.get(cls, 0) + 1
    with capsys.disabled():
        print(f"\nhostile write cases: {len(CASES)} ({', '.join(f'{k} {n}' for k, n in kinds.items())})")
    assert len({name for _, name in CASES}) == len(CASES)
    assert set(kinds) == {
        "build-target",
        "build-signal",
        "build-concurrency",
        "build-umask",
        "cli-width",
        "cli-format",
        "cli-out",
        "export-umask",
    }
