"""pydantic's validation errors of a YAML file, said in Thai at their lines.

``indicators.yml`` and ``measures.yml`` are both read with line numbers
(:mod:`oit.core.yamlsource`) and validated by pydantic models; a shape mistake becomes an
``InputError`` naming the file, the line of the key at fault and what to write. pydantic's
own wording is English, so it is never shown: the error's type picks a Thai sentence.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from oit.core.errors import InputError
from oit.core.yamlsource import line_of

Location = tuple[str | int, ...]

MESSAGES = {
    "missing": "ขาดคีย์ที่จำเป็น '{key}'",
    "string_type": "ค่าของ '{key}' ต้องเป็นข้อความ",
    "int_parsing": "ค่าของ '{key}' ต้องเป็นตัวเลข",
    "int_type": "ค่าของ '{key}' ต้องเป็นตัวเลข",
    "list_type": "ค่าของ '{key}' ต้องเป็นรายการ (แต่ละรายการขึ้นต้นด้วย - )",
    "dict_type": "ค่าของ '{key}' ต้องเป็นชุด คีย์: ค่า",
    "model_type": "ค่าของ '{key}' ต้องเป็นชุด คีย์: ค่า",
}
"""The Thai sentence of each pydantic error type met in these files (``{key}``: the key)."""

Special = Callable[[Mapping[str, Any], Location, int | None, str], InputError | None]
"""A file's own reading of one error (err, location, line, key), or None for the common one."""


def shape_errors(
    exc: ValidationError,
    data: Any,
    shown: str,
    *,
    model_at: Callable[[Location], type[BaseModel]],
    hint: str,
    special: Special | None = None,
) -> list[InputError]:
    """Every error of ``exc`` as an ``InputError`` of ``shown`` at its key's line in ``data``.

    ``model_at`` names the model a location's last key belongs to (for the keys allowed
    there); ``hint`` is the advice where no better one is known; ``special`` reads the
    errors a file says its own way first.
    """
    errors = []
    for err in exc.errors():
        # a union's tag ("function-after[...]") is not a key of the file
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.endswith("]")))
        line = line_of(data, loc)
        key = str(loc[-1]) if loc else ""
        kind = err["type"]
        own = special(err, loc, line, key) if special else None
        if own is not None:
            errors.append(own)
        elif kind == "extra_forbidden":
            allowed = list(model_at(loc).model_fields)
            near = difflib.get_close_matches(key, allowed, n=1)
            advice = (f"หมายถึง '{near[0]}' หรือไม่? " if near else "") + "คีย์ที่ใช้ได้ที่นี่: " + ", ".join(allowed)
            errors.append(InputError(shown, line, f"ไม่รู้จักคีย์ '{key}'", advice))
        elif kind in MESSAGES:
            advice = f"เพิ่มบรรทัด '{key}: ...'" if kind == "missing" else hint
            errors.append(InputError(shown, line, MESSAGES[kind].format(key=key), advice))
        else:
            errors.append(InputError(shown, line, f"ค่าของ '{key}' ไม่ถูกต้อง", hint))
    return errors


__all__ = ["MESSAGES", "Location", "Special", "shape_errors"]
