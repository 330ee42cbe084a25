"""A corpus of broken indicators.yml files and content, each run through the real CLI.

Every case must end ``oit check --offline`` with exit code 2, a Thai message naming
``indicators.yml`` and, where a line makes sense, the line, and never a traceback; it
must do so within a bounded time and memory (each process runs under a 512 MB address
space limit, so a YAML bomb or a 50 MB file that is read whole fails loudly instead of
swapping the machine).

Text cases live in ``corpus/*.yml``; the first line of each says what is expected::

    # expect: 10 ไม่รู้จักรหัสรายการ 'o99'

(the line number counts that comment line). Cases that need bytes, sizes or file types
a text file cannot hold (binary junk, TIS-620, UTF-16, 50 MB, a FIFO, /dev/zero, a
folder) are made below. Valid files with a BOM or CRLF line endings must load exactly
like their plain twins.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability.helpers import ENV, HEAD, OIT, assert_clean_failure, check_cmd, make_content
from tests.support.sites import passing_site

CORPUS = Path(__file__).with_name("corpus")
EXPECT = re.compile(r"# expect: (\d+|-) (.+)")
MEMORY_LIMIT = 512 * 1024 * 1024
HANG_LIMIT = 90.0  # seconds; a case that takes longer is a hang, not a slow machine


@dataclass(frozen=True)
class Case:
    """One broken site: how to make it, and what ``oit check`` must say."""

    name: str
    make: Callable[[Path], None]
    line: int | None
    fragment: str
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    proc: subprocess.CompletedProcess[str]
    elapsed: float


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _copy(source: Path) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        shutil.copyfile(source, root / "indicators.yml")

    return make


def _bytes(data: bytes) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / "indicators.yml").write_bytes(data)

    return make


def _corpus_cases() -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*.yml")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        match = EXPECT.fullmatch(first)
        assert match, f"{path.name}: first line must be '# expect: LINE FRAGMENT'"
        line = None if match.group(1) == "-" else int(match.group(1))
        cases.append(Case(path.stem, _copy(path), line, match.group(2)))
    return cases


# -- cases that a text file in corpus/ cannot express ------------------------------------

_RNG = random.Random(2570)
_JUNK_WITH_NUL = bytes(_RNG.randrange(256) for _ in range(8192)) + b"\x00"
_JUNK_HIGH = bytes(_RNG.randrange(0x80, 0x100) for _ in range(8192))
_UNKNOWN_CODE = "  o99:\n    documents: []\n"


def _directory(root: Path) -> None:
    (root / "indicators.yml").mkdir()


def _missing(root: Path) -> None:
    pass


def _dev_zero(root: Path) -> None:
    (root / "indicators.yml").symlink_to("/dev/zero")


def _fifo(root: Path) -> None:
    os.mkfifo(root / "indicators.yml")


def _huge(root: Path) -> None:
    # 50 MB of real text: a valid head and a million comment lines.
    line = "# " + "ข้อมูลซ้ำ" * 5 + "\n"
    block = line * 1000
    with (root / "indicators.yml").open("w", encoding="utf-8") as handle:
        handle.write(HEAD)
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(block)


def _single_line(root: Path) -> None:
    (root / "indicators.yml").write_text(HEAD + '  o1: "' + "ก" * (10 * 1024 * 1024 // 3) + '"\n', encoding="utf-8")


def _long_title(root: Path) -> None:
    # 1.5 MB on one line: under the size limit, so it is parsed, and must still be quick.
    title = "ชื่อเอกสารยาวมาก" * 30_000
    body = f"  o1:\n    documents:\n      - title: {title}\n        file: files/none.pdf\n"
    (root / "indicators.yml").write_text(HEAD + body, encoding="utf-8")


def _tis620_midway(root: Path) -> None:
    head = (HEAD + "  o1:\n    documents:\n").encode("utf-8")
    (root / "indicators.yml").write_bytes(head + "      - title: โครงสร้าง\n".encode("cp874") + b"        file: files/a.pdf\n")


def _crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


GENERATED = [
    Case("binary_junk_with_nul", _bytes(_JUNK_WITH_NUL), None, "ไม่ใช่ข้อความ"),
    Case("binary_junk_high_bytes", _bytes(_JUNK_HIGH), 1, "ไม่ได้เข้ารหัสเป็น UTF-8"),
    # Thai Windows text is read (and noted); its mistakes are then found like any other
    Case("tis620_whole_file", _bytes((HEAD + _UNKNOWN_CODE).encode("cp874")), 7, "'o99'"),
    Case("tis620_one_line", _tis620_midway, 9, "ไม่ได้เข้ารหัสเป็น UTF-8"),
    Case("utf16_with_bom", _bytes(HEAD.encode("utf-16")), None, "ไม่ใช่ข้อความ"),
    Case("is_a_directory", _directory, None, "เป็นโฟลเดอร์ ไม่ใช่ไฟล์"),
    Case("missing_file", _missing, None, "ไม่พบ indicators.yml ในโฟลเดอร์ "),
    Case("symlink_to_dev_zero", _dev_zero, None, "ไม่ใช่ไฟล์ธรรมดา"),
    Case("named_pipe", _fifo, None, "ไม่ใช่ไฟล์ธรรมดา"),
    Case("huge_50mb", _huge, None, "ไฟล์ใหญ่เกินไป"),
    Case("single_line_10mb", _single_line, None, "ไฟล์ใหญ่เกินไป"),
    Case("long_line_1_5mb", _long_title, 10, "ไม่พบไฟล์"),
    Case("bom_then_error", _bytes(b"\xef\xbb\xbf" + (HEAD + _UNKNOWN_CODE).encode("utf-8")), 7, "'o99'"),
    Case("crlf_then_error", _bytes(_crlf(HEAD + _UNKNOWN_CODE)), 7, "'o99'"),
    Case("bom_crlf_then_error", _bytes(b"\xef\xbb\xbf" + _crlf(HEAD + _UNKNOWN_CODE)), 7, "'o99'"),
    Case("cr_only_then_error", _bytes((HEAD + _UNKNOWN_CODE).replace("\n", "\r").encode("utf-8")), 7, "'o99'"),
    Case("as_of_impossible", _bytes(HEAD.encode("utf-8")), None, "--as-of", ("--as-of", "2569-02-30")),
]

CASES = {case.name: case for case in [*_corpus_cases(), *GENERATED]}


def _run_case(base: Path, case: Case) -> Outcome:
    root = make_content(base / case.name)
    case.make(root)
    args = check_cmd(root)
    if case.extra:  # a later --as-of wins over the default one
        args = [*args, *case.extra]
    started = time.monotonic()
    proc = subprocess.run(
        [OIT, *args],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=HANG_LIMIT,
        preexec_fn=_limit_memory,
        check=False,
    )
    return Outcome(proc, time.monotonic() - started)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every case run once, a few processes at a time (each is a cold CLI start)."""
    base = tmp_path_factory.mktemp("corpus")
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(_run_case, base, case) for name, case in CASES.items()}
        return {name: future.result() for name, future in futures.items()}


def test_corpus_is_big_enough() -> None:
    assert len(CASES) >= 30
    assert len(list(CORPUS.glob("*.yml"))) >= 30


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_exits_2_with_located_message(outcomes: dict[str, Outcome], name: str) -> None:
    case = CASES[name]
    outcome = outcomes[name]
    proc = outcome.proc
    assert_clean_failure(proc, 2)
    assert case.fragment in proc.stderr, proc.stderr[-2000:]
    if case.fragment != "--as-of":
        where = f"indicators.yml:{case.line}: " if case.line is not None else "indicators.yml: "
        assert where in proc.stderr, proc.stderr[-2000:]
    # A message the officer can read: no megabytes of echoed input.
    assert len(proc.stderr) < 20_000


def test_no_code_ran_from_a_python_tag(outcomes: dict[str, Outcome]) -> None:
    assert outcomes["yaml_python_object"].proc.returncode == 2
    assert not Path("/tmp/oit-pwned").exists()


# -- what must work ---------------------------------------------------------------------


def _report(root: Path) -> dict[str, object]:
    proc = subprocess.run(
        [OIT, *check_cmd(root, "--format", "json")], env=ENV, capture_output=True, text=True, timeout=120, check=False
    )
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert isinstance(report, dict)
    return report


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: text.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), id="bom"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"), id="bom-crlf"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode("cp874"), id="cp874-crlf"),
    ],
)
def test_bom_and_crlf_load_like_plain_text(tmp_path: Path, encode: Callable[[str], bytes]) -> None:
    plain = passing_site(tmp_path / "plain")
    twin = passing_site(tmp_path / "twin")
    config = twin / "indicators.yml"
    config.write_bytes(encode(config.read_text(encoding="utf-8")))
    assert _report(twin)["items"] == _report(plain)["items"]


def test_thai_and_arabic_digits_mixed_in_a_date_mean_the_same_date(tmp_path: Path) -> None:
    """Mixed digits are unambiguous (each one is read on its own), so they are accepted."""
    from oit.core.fiscal_calendar import parse_date

    assert parse_date("๒๕69-1๐-๑5") == parse_date("2569-10-15")
    root = make_content(tmp_path / "s")
    body = "  o4:\n    documents:\n      - title: ข่าว\n        file: files/a.pdf\n        date: ๒๕69-1๐-๑5\n"
    (root / "indicators.yml").write_text(HEAD + body, encoding="utf-8")
    proc = subprocess.run(
        [OIT, *check_cmd(root, "--format", "json")], env=ENV, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 1, proc.stderr  # findings (other items are missing), not bad input
    o4 = next(item for item in json.loads(proc.stdout)["items"] if item["code"] == "o4")
    assert o4["status"] == "ok"
