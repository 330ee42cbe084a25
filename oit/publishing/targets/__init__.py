"""The places a site is sent to, behind one small interface the publish engine drives.

Every target writes a file under a temporary name beside it and renames it into place, so
a reader never sees half a file. A target raises :class:`TransientError` for what may pass
(a dropped connection, a timeout, a full disk being cleared) and :class:`PublishFailed`
for what will not (a refused login, an unknown host key, a forbidden folder).
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Protocol


class PublishFailed(Exception):
    """Publishing stopped; the message (Thai) says why and what to do."""


class TransientError(Exception):
    """A failure worth another try after a pause (the engine reconnects first)."""


class Target(Protocol):
    label: str

    def connect(self) -> None: ...

    def close(self) -> None: ...

    def read(self, rel: str) -> bytes | None:
        """The file's bytes, or None when it is not there."""

    def listing(self) -> dict[str, int]:
        """Every file under the target with its size (for a target without a manifest)."""

    def put(self, rel: str, source: Path) -> None:
        """Send ``source`` to ``rel``: to a temporary part first, then renamed into place."""

    def put_bytes(self, rel: str, data: bytes) -> None: ...

    def delete(self, rel: str) -> None:
        """Delete ``rel``; a file already gone is fine."""

    def remove_empty_dir(self, rel: str) -> None:
        """Remove the folder ``rel`` if it is empty; otherwise leave it (it may hold others' files)."""


TIMEOUT_ENV = "OIT_PUBLISH_TIMEOUT"


def operation_timeout() -> float:
    """Seconds one network operation may take (``OIT_PUBLISH_TIMEOUT``, default 60)."""
    try:
        return max(1.0, float(os.environ.get(TIMEOUT_ENV, "60")))
    except ValueError:
        return 60.0


def part_name(rel: str) -> str:
    """The temporary name a file is written under before it is renamed into place."""
    path = PurePosixPath(rel)
    return str(path.with_name(f".{path.name}.oit-part"))
