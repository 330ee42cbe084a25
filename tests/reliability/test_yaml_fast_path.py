"""yamlsource: values built straight from libyaml's events are the composed values.

``parse_yaml`` tries ``_plain_values`` first and composes with PyYAML only when it
declines. For every text it accepts, the composed way must give the same values, types
and lines; and ``parse_yaml`` as a whole must answer exactly as the composed way alone
(the same value, or the same ``InputError``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.synthetic import make_site
from oit.core.errors import InputError
from oit.core.yamlsource import LocatedList, LocatedMap, _composed_values, _NotPlain, _plain_values, parse_yaml
from tests.reliability.test_fuzz import TOKENS, structures

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"


def same(a: Any, b: Any) -> bool:
    """Equal values of the same types, with the same lines at every level."""
    if type(a) is not type(b):
        return False
    if isinstance(a, LocatedMap):
        return (a.line, a.key_lines, list(a)) == (b.line, b.key_lines, list(b)) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, LocatedList):
        return (a.line, a.item_lines, len(a)) == (b.line, b.item_lines, len(b)) and all(map(same, a, b))
    return bool(a == b)


def answer(parse: Any, text: str) -> tuple[str, Any]:
    try:
        return "value", parse(text)
    except InputError as exc:
        return "error", str(exc)


def check(text: str) -> bool:
    """Asserts the two ways agree on ``text``; True when the fast way built it."""
    composed = answer(lambda t: _composed_values(t, "f.yml"), text)
    whole = answer(lambda t: parse_yaml(t, "f.yml"), text)
    assert whole[0] == composed[0], text
    assert same(whole[1], composed[1]) if whole[0] == "value" else whole[1] == composed[1], text
    try:
        fast = _plain_values(text)
    except _NotPlain:
        return False
    assert composed[0] == "value" and same(fast, composed[1]), text
    return True


def texts_of_the_project(tmp_path: Path) -> list[str]:
    site = make_site(tmp_path / "synthetic", years=3, docs_per_item=3).root
    paths = [ROOT / "indicators.yml", *sorted((site / "archive").glob("*.yml")), site / "indicators.yml",
             *sorted((ROOT / "oit" / "catalogs").glob("*.yml")), *sorted((ROOT / "oit" / "crosswalks").glob("*.yml")),
             *sorted(CORPUS.glob("*.yml"))]
    return [path.read_text(encoding="utf-8") for path in paths]


def test_the_files_of_the_project_are_read_the_fast_way_with_the_same_values(tmp_path: Path) -> None:
    texts = texts_of_the_project(tmp_path)
    built = [check(text) for text in texts]
    assert sum(built) >= 10  # the sample, the synthetic years, the catalogs...
    assert built[0]  # ...the sample indicators.yml above all


@pytest.mark.parametrize(
    "text",
    [
        "", "\n", "# only a comment\n", "---\n", "---\n...\n", "~", "''", "a", "[]", "{}", "a: 1\na: 2\n",
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: !x 1\n", "<<: {a: 1}\n", "a: <<\n", "a: =\n", "? [a]\n: 1\n",
        "? a\n: 1\n", "a: 1\n---\nb: 2\n", "a: \"\\e\"\n", "a: [1, 2\n", "a:\n\t- b\n", "- - - - x\n",
        "[" * 70 + "]" * 70, "a: ''\nb: \"\"\nc:\nd: null\ne: Null\nf: '~'\ng: ~\n", "%YAML 1.1\n---\na: 1\n",
        "a: |\n  ข้อความ\n  สองบรรทัด\nb: >\n  พับ\n  บรรทัด\n", "\ufeffa: 1\n", "a: 1\r\nb: [x, {c: d}]\r\n",
        "key with spaces: value\n? complex\n: yes\n- x\n",
    ],
)
def test_edge_cases_answer_as_the_composed_way(text: str) -> None:
    check(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=50).map("".join))
def test_random_yamlish_text_answers_as_the_composed_way(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures, st.sampled_from([None, True]), st.booleans())
def test_dumped_structures_are_read_the_fast_way(data: Any, flow: bool | None, unicode: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode)
    check(text)
