"""opendata/ita.json is written by a faster encoder: the text of json.dumps(indent=2)."""

from __future__ import annotations

import json
import random
from collections import OrderedDict
from enum import IntEnum
from typing import Any

import pytest

from oit.pages.opendata import disclosure_json

NASTY = ['}', '{', '},\n          {', '"}, {"', "a\nb", 'q"uote', "back\\slash", "ไทย ๑๒๓", "\u2028\x00\x1f",
         "", " ", "[{", "}]"]


class Level(IntEnum):
    HIGH = 3


def _random_value(rnd: random.Random, depth: int) -> Any:
    kind = rnd.randrange(10 if depth < 4 else 6)
    if kind == 0:
        return rnd.choice(NASTY)
    if kind == 1:
        return rnd.choice([0, -1, 2**70, True, False, None])
    if kind == 2:
        return rnd.choice([0.1, -2.5e-300, 1e300, float("nan"), float("inf")])
    if kind in (3, 4, 5):
        return "".join(rnd.choice("ab}{\n\"ก ") for _ in range(rnd.randrange(6)))
    if kind == 6:
        return [_random_value(rnd, depth + 1) for _ in range(rnd.randrange(4))]
    if kind == 7:  # a list of flat objects, the shape of an item's documents
        return [{f"k{j}": _random_value(rnd, 9) for j in range(rnd.randrange(4))} for _ in range(rnd.randrange(4))]
    if kind == 8:
        return {rnd.choice(["a", "b", "}", "ก"]) + str(j): _random_value(rnd, depth + 1) for j in range(rnd.randrange(4))}
    return tuple(_random_value(rnd, depth + 1) for _ in range(rnd.randrange(3)))


def test_random_structures() -> None:
    rnd = random.Random(2569)
    for _ in range(500):
        value = {"items": [_random_value(rnd, 1) for _ in range(3)], "x": _random_value(rnd, 1)}
        assert disclosure_json(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("value", [
    {},
    {"a": []},
    {"a": [{}]},
    {"a": [{}, {"b": 1}]},
    {"a": [{"b": 1}, {"c": [1]}]},
    {"a": [{"b": "}"}, {"c": "{"}]},
    {1: "int key", None: "null", False: "f", 2.5: "x"},
    {"a": [{1: "int key", None: "null", False: "f", 2.5: "x"}]},
    {"a": {1: [1, {2: 3}]}},
    {"a": OrderedDict(b=1)},
    {"a": [OrderedDict(b=1), {"c": 2}]},
    {"a": Level.HIGH, "b": [Level.HIGH], "c": {"d": Level.HIGH}},
    {"a": ((1, 2), ("x", {"y": ()}))},
    {"documents": [{"title": t, "size_bytes": n} for t, n in zip(NASTY, range(100), strict=False)]},
])
def test_edge_cases(value: dict[Any, Any]) -> None:
    assert disclosure_json(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"
