"""Python's cyclic garbage collector: held off while a build step makes a lot of data,
and kept from walking everything once more when the build's process ends.

A collection is triggered by counting allocations, and every few of them walks all the
objects that survived earlier ones: in a build, mkdocs' and the theme's as well as
ours. Loading twenty fiscal years of documents allocates hundreds of thousands of
small objects (YAML nodes, rows, strings in tuples) that are kept, not cyclic garbage,
so those walks found nothing and cost about a fifth of the loading time on the 20-year
benchmark site. The steps below are bounded (one site's data), and any cycle they do
leave is collected by the first collection after them.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the body with the cyclic collector off; it is on again afterwards if it was before."""
    if not gc.isenabled():  # nested, or turned off by the caller: leave it as it is
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_final_collection_skipped = False


def skip_final_collection() -> None:
    """At interpreter exit, spare the collector its last walk over every live object.

    When ``mkdocs build`` returns, Python's shutdown runs one more full collection over
    everything still alive, mkdocs', the theme's and ours alike (30-70 ms of CPU on the
    1-year benchmark site, more than the CSP hook costs), to free memory the operating
    system takes back a moment later anyway. ``gc.freeze()`` from an ``atexit`` handler
    moves those objects where the collector does not look. It runs only when the process
    really ends, so a long-lived one (``mkdocs serve``, a test run) collects as usual
    until then; objects are still freed by reference counting at exit, only reference
    cycles are left to the operating system. Nothing a build writes is waiting in such a
    cycle to be flushed: every file is closed when written (``oit.core.atomic``, mkdocs' own
    ``with`` blocks). Registered once per process, however often it is called.
    """
    global _final_collection_skipped
    if not _final_collection_skipped:
        atexit.register(gc.freeze)
        _final_collection_skipped = True
