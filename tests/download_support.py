"""What a download button in an AppTest run would give the reader: its file, stored or built on click.

The page's CSV and each chart's CSV are deferred downloads (``st.download_button`` gets a
function, run only when the reader clicks), so their bytes are not in the run's media
storage. ``DeferredDownloads`` records every function handed to a deferred button, with its
file name and type, by the id the button's proto carries; ``built(button)`` runs it as a
click would and returns the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BuiltFile:
    """A file as a click gives it: its name, type and bytes."""

    filename: str
    mimetype: str
    content: bytes


_FOUND: dict[str, tuple[Callable[[], Any], str, str]] = {}


@contextmanager
def record_deferred() -> Iterator[dict[str, tuple[Callable[[], Any], str, str]]]:
    """Keep every deferred download's function (with its file name and type) by file id, while open."""
    import pytest
    from streamlit.runtime.media_file_manager import MediaFileManager

    original = MediaFileManager.add_deferred

    def add(
        self: Any,
        data_callable: Callable[[], Any],
        mimetype: str | None,
        coordinates: str,
        file_name: str | None = None,
        **kwargs: Any,
    ) -> str:
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        _FOUND[file_id] = (data_callable, file_name or "", mimetype or "")
        return file_id

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(MediaFileManager, "add_deferred", add)
        yield _FOUND


def is_deferred(button: Any) -> bool:
    """True when the button builds its file on click (no file was written by the run)."""
    return bool(button.proto.deferred_file_id) and not button.proto.url


def built(button: Any) -> BuiltFile:
    """Run a deferred button's function as a click would; AssertionError when it was not recorded."""
    file_id = button.proto.deferred_file_id
    assert file_id in _FOUND, f"deferred download {file_id!r} was not recorded (use record_deferred)"
    fn, name, mime = _FOUND[file_id]
    data = fn()
    if isinstance(data, str):
        data = data.encode("utf-8")
    return BuiltFile(name, mime, bytes(data))
