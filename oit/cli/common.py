"""What every ``oit`` command shares: exit codes, the bad-input guard and the common options.

Kept apart from :mod:`oit.cli.main` so the command modules import it without a cycle.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from oit.core.errors import InputError, InputErrors

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def fail(message: str) -> None:
    """Print a bad-input message and exit 2."""
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)


def keep_console_working() -> None:
    """A character the console cannot show becomes "?", never a traceback.

    Redirected to a file or a pipe on a Thai Windows PC, Python writes cp874 (TIS-620),
    which has Thai but not "·" or "✓": ``oit check > รายงาน.txt`` crashed on the report's
    first line. Thai itself is unaffected.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


def guarded(func: F) -> F:
    """Turn input errors into the exit-2 message the officer can act on."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        keep_console_working()
        try:
            return func(*args, **kwargs)
        except InputErrors as exc:
            lines = [f"พบข้อผิดพลาด {len(exc.errors)} จุด:"] + [f"  {e}" for e in exc.errors]
            fail("\n".join(lines))
        except InputError as exc:
            fail(f"ข้อผิดพลาด: {exc}")

    return wrapper  # type: ignore[return-value]


def parse_as_of(value: str | None) -> date | None:
    """--as-of accepts BE or CE ISO dates, Thai digits too."""
    if value is None:
        return None
    from oit.core.fiscal_calendar import DateError, parse_date

    try:
        return parse_date(value)
    except DateError as exc:
        raise InputError("--as-of", None, str(exc), "เขียนแบบ 2570-04-30") from None


site_option: Callable[[F], F] = click.option(
    "--site",
    "site",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default="โฟลเดอร์ปัจจุบัน",  # not ".": the officer does not read paths that way
    help="โฟลเดอร์ของเว็บไซต์ (ที่มี indicators.yml)",
)
as_of_option: Callable[[F], F] = click.option(
    "--as-of", "as_of", help="ตรวจ ณ วันที่ (YYYY-MM-DD, พ.ศ. หรือ ค.ศ.) ค่าเริ่มต้น: วันนี้")
