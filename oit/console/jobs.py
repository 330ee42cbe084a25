"""Long tasks (a check with links, a build) in a background thread, watched by polling.

The page that starts a task redirects to its status page, which reloads itself every
two seconds (``<meta http-equiv="refresh">``: no script needed) until the task is done.
One task of each kind runs at a time; starting another while one runs shows the running one.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from oit.core.errors import InputError, InputErrors


@dataclass
class Job:
    kind: str
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    lines: list[str] = field(default_factory=list)
    result: Any = None
    errors: list[str] = field(default_factory=list)
    progress: tuple[int, int] | None = None  # (done, all), for a progress bar

    def advance(self, done: int, total: int) -> None:
        self.progress = (done, total)

    @property
    def done(self) -> bool:
        return self.finished is not None

    @property
    def seconds(self) -> int:
        return int((self.finished or time.monotonic()) - self.started)

    def echo(self, text: str) -> None:
        self.lines.extend(str(text).splitlines() or [""])


class Jobs:
    """The latest task of each kind."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}

    def get(self, kind: str) -> Job | None:
        with self._lock:
            return self._jobs.get(kind)

    def start(self, kind: str, work: Callable[[Job], Any]) -> Job:
        with self._lock:
            running = self._jobs.get(kind)
            if running is not None and not running.done:
                return running
            job = Job(kind)
            self._jobs[kind] = job

        def run() -> None:
            try:
                job.result = work(job)
            except InputErrors as exc:
                job.errors = [str(e) for e in exc.errors]
            except InputError as exc:
                job.errors = [str(exc)]
            except Exception as exc:  # shown to the officer, not a dead thread
                job.errors = [f"เกิดข้อผิดพลาดที่ไม่คาดคิด: {exc}"]
                job.lines.extend(traceback.format_exc().splitlines()[-5:])
            finally:
                job.finished = time.monotonic()

        threading.Thread(target=run, name=f"oit-console-{kind}", daemon=True).start()
        return job
