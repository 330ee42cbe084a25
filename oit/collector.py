"""Python's cyclic garbage collector held off while a build step makes a lot of data.

A collection is triggered by counting allocations, and every few of them walks all the
objects that survived earlier ones: in a build, mkdocs' and the theme's as well as
ours. Loading twenty fiscal years of documents allocates hundreds of thousands of
small objects (YAML nodes, rows, strings in tuples) that are kept, not cyclic garbage,
so those walks found nothing and cost about a fifth of the loading time on the 20-year
benchmark site. The steps below are bounded (one site's data), and any cycle they do
leave is collected by the first collection after them.
"""

from __future__ import annotations

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
