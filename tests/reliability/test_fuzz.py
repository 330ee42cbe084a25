"""Property-based fuzzing: the loader and the date parser never crash.

Whatever the officer (or a broken editor, or an attacker) puts in indicators.yml, the
only exceptions that may leave ``parse_yaml``/``load_site`` are ``InputError`` and
``InputErrors`` (which the CLI turns into exit code 2), and the only one that may leave
``parse_date``/``YearMonth.parse`` is ``DateError``. Any other exception is a traceback
in front of the officer, i.e. a bug.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oit.core.errors import InputError, InputErrors
from oit.core.fiscal_calendar import DateError, FiscalYear, YearMonth, parse_date
from oit.core.indicators import load_site
from oit.core.yamlsource import parse_yaml
from tests.reliability.helpers import HEAD, make_content

FUZZ = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

# Pieces of YAML syntax, Thai text and digits: random text made of them reaches far
# deeper into the parser than uniformly random characters do.
TOKENS = [
    "\n", "\n  ", "\n    ", "\n      - ", "  ", "\t", " ", ": ", ":", "- ", "-", "? ", "[", "]", "{", "}", ", ",
    '"', "'", "\\", "#", "&a ", "*a", "&b ", "*b", "<<: ", "!!", "!!python/object:os.system ", "!foo ", "|", ">",
    "%YAML 1.1\n", "---\n", "...\n", "@", "`", "~", "null", "yes", "no", "0x1F", "1e9", "2569-02-30",
    "2567-02-29", "๒๕๖๙-๑๐-๑๕", "๒๕69-1๐", "organization", "name", "site_url", "https://a.go.th/", "assessment",
    "ita-2569", "ita-2565", "fiscal_year", "2570", "deadline", "items", "o1", "o4", "o11", "o99", "documents",
    "title", "file", "url", "page", "date", "month", "note", "not_applicable", "files/a.pdf", "page.md", "../x",
    "/etc/passwd", "javascript:alert(1)", "<script>", "อบต.", "เอกสาร", "\ufeff", "\r\n", "\r", "\x00", "\x1b",
    "\u2028", "\ud7ff", "\U0001f600",
]
yamlish = st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=60).map("".join)

KEYS = ["organization", "name", "site_url", "assessment", "fiscal_year", "deadline", "items", "overrides", "surveys",
        "eit", "contact", "phone", "o1", "o4", "o11", "o26", "o99", "documents", "title", "file", "url", "page", "date",
        "month", "note", "division", "not_applicable", "period", "indicator"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20), st.floats(allow_nan=True),
    st.text(max_size=20), st.sampled_from(["2569-10-15", "2569-02-30", "๒๕๖๙-๑๐", "2570", "files/a.pdf", "page.md",
                                           "https://a.go.th/x", "javascript:x", "ita-2569", "fiscal_year", "../a"]),
)
structures = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner,
                                                                  max_size=5),
    max_leaves=30,
)


def _valid_config(items: Any) -> dict[str, Any]:
    return {
        "organization": {"name": "อบต.ฟัซ", "site_url": "https://www.example.go.th/"},
        "assessment": "ita-2569",
        "fiscal_year": 2570,
        "items": items,
    }


@pytest.fixture(scope="module")
def site_root() -> Iterator[Path]:
    """One site folder reused by every example (hypothesis forbids function-scoped tmp_path)."""
    with tempfile.TemporaryDirectory(prefix="oit-fuzz-") as folder:
        yield make_content(Path(folder))


def _load(root: Path, data: bytes) -> None:
    (root / "indicators.yml").write_bytes(data)
    with contextlib.suppress(InputError, InputErrors):
        load_site(root, as_of=date(2027, 4, 30))


@FUZZ
@given(text=yamlish)
def test_parse_yaml_only_raises_input_error(text: str) -> None:
    with contextlib.suppress(InputError):
        parse_yaml(text, "indicators.yml")


@FUZZ
@given(data=st.binary(max_size=400))
def test_parse_yaml_bytes_only_raises_input_error(data: bytes) -> None:
    with contextlib.suppress(InputError):
        parse_yaml(data, "indicators.yml")


@FUZZ
@given(text=yamlish)
def test_load_site_on_yamlish_text(site_root: Path, text: str) -> None:
    _load(site_root, (HEAD + text).encode("utf-8", "surrogatepass"))


@FUZZ
@given(items=structures)
def test_load_site_on_random_items(site_root: Path, items: Any) -> None:
    _load(site_root, yaml.safe_dump(_valid_config(items), allow_unicode=True).encode("utf-8", "surrogatepass"))


@FUZZ
@given(config=structures)
def test_load_site_on_random_documents(site_root: Path, config: Any) -> None:
    _load(site_root, yaml.safe_dump(config, allow_unicode=True).encode("utf-8", "surrogatepass"))


DOCS = st.lists(
    st.dictionaries(
        st.sampled_from(["title", "file", "url", "page", "date", "month", "note", "division", "extra"]),
        SCALARS,
        max_size=6,
    ),
    max_size=4,
)


@FUZZ
@given(code=st.sampled_from(["o1", "o4", "o11", "o14", "o26", "O1", " o1 "]), docs=DOCS,
       na=st.none() | st.text(max_size=10))
def test_load_site_on_random_document_fields(site_root: Path, code: str, docs: Any, na: Any) -> None:
    item: dict[str, Any] = {"documents": docs}
    if na is not None:
        item["not_applicable"] = na
    _load(site_root, yaml.safe_dump(_valid_config({code: item}), allow_unicode=True).encode("utf-8", "surrogatepass"))


DIGITS = "0123456789๐๑๒๓๔๕๖๗๘๙"
datey = st.lists(st.sampled_from([*DIGITS, "-", "/", " ", ".", "\u0e50", "x", "\n", "+", "٣", "²"]),
                 max_size=14).map("".join)


@FUZZ
@given(text=st.one_of(datey, st.text(max_size=20), st.from_regex(r"[0-9๐-๙]{1,6}-[0-9๐-๙]{1,3}-[0-9๐-๙]{1,3}")))
def test_parse_date_only_raises_date_error(text: str) -> None:
    try:
        result = parse_date(text)
    except DateError:
        return
    assert isinstance(result, date)
    # Whatever was accepted lies in a fiscal year the calendar can compute with.
    FiscalYear.of(result)


@FUZZ
@given(text=st.one_of(datey, st.text(max_size=12), st.from_regex(r"[0-9๐-๙]{1,6}-[0-9๐-๙]{1,3}")))
def test_year_month_only_raises_date_error(text: str) -> None:
    try:
        month = YearMonth.parse(text)
    except DateError:
        return
    assert month.first_day() <= month.last_day()
    assert month.prev().next() == month


@FUZZ
@given(value=st.one_of(st.none(), st.integers(), st.floats(), st.lists(st.integers(), max_size=2), st.binary()))
def test_date_parsers_refuse_non_text_with_date_error(value: Any) -> None:
    with pytest.raises(DateError):
        parse_date(value)
    with pytest.raises(DateError):
        YearMonth.parse(value)
