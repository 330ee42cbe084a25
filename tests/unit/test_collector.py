"""oit.collector: the cyclic GC is off inside, and as it was outside, whatever happens."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap

import pytest

from oit.collector import collector_paused, skip_final_collection


def test_the_collector_is_off_inside_and_on_again_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: still off, and the outer one turns it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_turns_it_back_on() -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_skipping_the_final_collection_freezes_only_at_exit() -> None:
    """In a child interpreter: nothing is frozen while it runs, however often it is
    asked; at exit the objects are frozen before the shutdown's collection, and a
    reference cycle made before then is never collected (its __del__ does not run)."""
    child = textwrap.dedent("""
        import atexit, gc, sys
        atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0))
        from oit.collector import skip_final_collection
        skip_final_collection()
        skip_final_collection()
        print("handlers:", atexit._ncallbacks())
        print("frozen while running:", gc.get_freeze_count() > 0)

        class Cycle:
            def __del__(self):
                print("collected")

        cycle = Cycle()
        cycle.me = cycle
        del cycle
    """)
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.splitlines() == ["handlers: 2", "frozen while running: False", "frozen at exit: True"]


def test_skipping_the_final_collection_changes_nothing_in_this_process() -> None:
    before = gc.get_freeze_count()
    skip_final_collection()
    assert gc.get_freeze_count() == before
    assert gc.isenabled()
