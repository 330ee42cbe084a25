"""A file under ``.oit-cache/`` that holds one pickled value under a key line.

The key is the file's first line and is compared before anything is unpickled, so a
cache written by another folder, day or version of the code is never loaded at all.
Like ``hooks/``, the file is trusted as part of the site folder: unpickling runs code,
so only this tool writes it. A cache that cannot be read is a miss and one that cannot
be written only costs time: neither ever fails a build.
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path
from typing import TypeVar

from oit.core.atomic import write_bytes_atomic

log = logging.getLogger(__name__)
_T = TypeVar("_T")


def read_cache(path: Path, key: str, kind: type[_T]) -> _T | None:
    """The value stored in ``path`` under ``key`` when it is a ``kind``, else None."""
    try:
        with open(path, "rb") as handle:
            if handle.readline().rstrip(b"\n") != key.encode("ascii"):
                return None
            stored = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:  # any unreadable cache is only a miss
        log.info("oit: แคชการสร้างอ่านไม่ได้ (%s) จะสร้างใหม่", type(exc).__name__)
        return None
    return stored if isinstance(stored, kind) else None


def write_cache(path: Path, key: str, data: object) -> None:
    """Store ``data`` in ``path`` under ``key``, atomically; a failure is logged at INFO."""
    try:
        payload = key.encode("ascii") + b"\n" + pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        write_bytes_atomic(path, payload, durable=False)
    except Exception as exc:  # a cache that cannot be written only costs time
        log.info("oit: เขียนแคชการสร้างไม่ได้ (%s)", exc)
