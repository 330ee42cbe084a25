"""The one error type the officer sees: bad input, located in a file and line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputError(Exception):
    """Bad input that the user must fix. Rendered as ``file:line: message (fix)``.

    The CLI turns it into exit code 2 with no traceback; messages and hints are Thai
    because the officer reads them.
    """

    path: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" — วิธีแก้: {self.hint}"
        return text


class InputErrors(Exception):
    """Several input errors found in one pass, so the officer can fix them all at once."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
