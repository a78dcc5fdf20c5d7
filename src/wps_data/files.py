"""The one atomic output writer: a file is written completely or not at all.

Layer 1 (a leaf): imports only the standard library, nothing of ``wps_data``. Every
export (chart images, decks, data packs, the CLI's ``--out`` files) goes through
``write_atomic``.

``write_atomic(path, data)``

- writes ``data`` to a temporary file BESIDE the target (same folder, so the rename
  stays on one file system) with a short name (``.wps-<random>.tmp``), so a target
  whose name is close to the 255-byte limit still works;
- creates that file with mode 0666 and lets the kernel apply the umask, so the result
  has the user's normal permissions (0644 under umask 022), not ``mkstemp``'s 0600;
- fsyncs it, renames it over the target, then fsyncs the folder (best effort);
- refuses, with ``NotRegularFileError`` (an ``OSError`` naming the path), a target that
  exists and is not a regular file: a directory, a FIFO, a device, a socket or a
  symbolic link (links are never followed: neither the link nor what it points to is
  touched);
- removes its temporary file on any exception, and on SIGTERM or SIGINT arriving during
  the write: on the main thread it installs its own handlers for exactly the duration of
  the write (signals that were ignored stay ignored), restores the previous handlers,
  then delivers the signal again so the program ends (or raises ``KeyboardInterrupt``)
  as it would have. If the previous handler returns instead, ``write_atomic`` raises
  ``InterruptedError``: the file was not written.

The same pieces serve writers of several files at once (the pipeline's build):
``refuse_non_regular(path)`` (the check above), ``current_umask()`` (read without
changing it where the system allows) and ``SignalGuard`` (the signal handling above, as
a ``with`` block).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

__all__ = ["NotRegularFileError", "SignalGuard", "current_umask", "refuse_non_regular", "write_atomic"]

TEMP_PREFIX = ".wps-"
TEMP_SUFFIX = ".tmp"
_SIGNALS = ("SIGTERM", "SIGINT")
_KINDS = (
    (stat.S_ISLNK, "symbolic link"),
    (stat.S_ISDIR, "directory"),
    (stat.S_ISFIFO, "FIFO (named pipe)"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
)


class NotRegularFileError(OSError):
    """The target exists and is not a regular file (directory, FIFO, device, socket, symlink)."""

    def __init__(self, path: Path, kind: str):
        super().__init__(f"refusing to write {path}: it is a {kind}, not a regular file")
        self.path = path
        self.kind = kind


class _Interrupted(BaseException):
    """Raised by the temporary signal handler; turned back into the signal after clean-up."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class SignalGuard:
    """SIGTERM/SIGINT as an exception for the duration of a ``with`` block, so clean-up runs.

    On the main thread, ``__enter__`` routes both signals (unless they are ignored or were
    set outside Python) to a handler that raises, so the block's ``except``/``finally``
    clauses remove what was half made. Set ``quiet = True`` once the work is committed or
    while cleaning up: a signal is then only noted. ``__exit__`` restores the previous
    handlers and delivers the signal again, so the program ends (or raises
    ``KeyboardInterrupt``) as it would have; if that handler returns, ``InterruptedError``
    (``<what> was interrupted by signal N``) is raised. Off the main thread it does nothing.
    """

    def __init__(self, what: str):
        self.what = what
        self.quiet = False
        self._previous: dict[int, Any] = {}
        self._pending: int | None = None

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self.quiet:
            self._pending = signum  # delivered again once the handlers are restored
            return
        raise _Interrupted(signum)

    def __enter__(self) -> SignalGuard:
        if threading.current_thread() is not threading.main_thread():
            return self
        for name in _SIGNALS:
            signum = getattr(signal, name, None)
            if signum is None:
                continue
            current = signal.getsignal(signum)
            if current is None or current == signal.SIG_IGN:  # set outside Python, or ignored: leave it
                continue
            self._previous[signum] = current
            signal.signal(signum, self._on_signal)
        return self

    def __exit__(self, _type: type[BaseException] | None, exc: BaseException | None, _tb: object) -> bool:
        self.quiet = True
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()
        if isinstance(exc, _Interrupted):
            try:
                signal.raise_signal(exc.signum)  # the previous handler acts as if we had never caught it
            except BaseException as err:  # KeyboardInterrupt: shown without our internal exception
                err.__suppress_context__ = True
                raise
            # that handler returned: the work was still not done
            raise InterruptedError(f"{self.what} was interrupted by signal {exc.signum}") from None
        if self._pending is not None:  # came while finishing or cleaning up
            signal.raise_signal(self._pending)
        return False


@dataclass
class _State:
    tmp: Path | None = None
    fd: int | None = None
    committed: bool = False  # the rename has happened: the target is complete


def refuse_non_regular(target: str | os.PathLike[str]) -> None:
    """Raise NotRegularFileError if ``target`` exists and is not a regular file (lstat: no link followed)."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "special file")
    raise NotRegularFileError(Path(target), kind)


def current_umask() -> int:
    """The process's umask: read from /proc where it can be, else set and put back at once."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _open_temp(folder: Path, state: _State) -> tuple[Path, int]:
    """Create a new, empty temporary file in ``folder`` (0666 minus the umask), noted in ``state``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    while True:
        tmp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}"
        state.tmp = tmp  # noted before it exists: a signal right after the open still finds it
        try:
            state.fd = os.open(tmp, flags, 0o666)
        except FileExistsError:  # someone else's file: not ours to remove
            state.tmp = None
            continue
        return tmp, state.fd


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (best effort: not every system can open a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` completely or not at all; return the path.

    Raises NotRegularFileError (an OSError) if ``path`` exists and is not a regular file,
    any OSError of the write itself (nothing is left behind), and InterruptedError if a
    SIGTERM/SIGINT whose handler returns interrupted the write.
    """
    target = Path(path)
    refuse_non_regular(target)
    state = _State()
    with SignalGuard(f"writing {target}") as guard:
        try:
            tmp, fd = _open_temp(target.parent, state)
            _write_all(fd, data)
            os.fsync(fd)
            state.fd = None
            os.close(fd)
            refuse_non_regular(target)  # again, just before the rename: it may have changed meanwhile
            os.replace(tmp, target)
            state.committed = True
            guard.quiet = True
            _fsync_folder(target.parent)
        except BaseException:
            guard.quiet = True  # from here on a signal is only noted, never raised
            if state.fd is not None:
                with contextlib.suppress(OSError):
                    os.close(state.fd)
            if state.tmp is not None and not state.committed:
                with contextlib.suppress(OSError):
                    state.tmp.unlink(missing_ok=True)
            raise
    return target
