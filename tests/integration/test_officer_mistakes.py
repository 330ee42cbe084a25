"""An officer's first week of mistakes, on a real site made by ``oit init`` (issue 18).

Every mistake of indicators.yml in one run, each at its own key's line, for every command
that reads the file; a CE date said, not silently converted; Notepad's files (BOM, CRLF,
Thai Windows cp874) read right; a wrong --site names the folder it looked in.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from oit.cli.main import main
from tests.support.sites import pdf_bytes

PDF = pdf_bytes()  # a real PDF: oit add opens what it records


def oit(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run ``oit`` in this process (from ``cwd`` when given) and return code, stdout, stderr."""
    before = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), prog_name="oit")
    finally:
        os.chdir(before)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    code, _, err = oit("init", str(tmp_path / "site"), "--name", "อบต.ทดสอบ", "--site-url", "https://www.example.go.th/")
    assert code == 0, err
    pdf = tmp_path / "โครงสร้าง องค์กร.pdf"
    pdf.write_bytes(PDF)
    root = tmp_path / "site"
    code, _, err = oit("add", "o1", str(pdf), "--title", "โครงสร้าง", "--site", str(root))
    assert code == 0, err
    code, _, err = oit("add", "o4", str(pdf), "--title", "ข่าว", "--date", "2569-11-01", "--site", str(root))
    assert code == 0, err
    return root


def _line_of(config: Path, text: str, after: int = 0) -> int:
    lines = config.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if i > after and text in line)


def _break(config: Path) -> dict[str, int]:
    """Four mistakes: a missing file and an impossible date in one document, an unknown
    key in another, an unknown item code. Returns the line of each."""
    text = config.read_text(encoding="utf-8")
    good = "      - title: ข่าว\n        file: files/2570/o4/โครงสร้าง-องค์กร.pdf\n        date: 2569-11-01\n"
    assert good in text, text
    bad = (
        "      - title: ข่าว\n        file: files/2570/o4/ไม่มี.pdf\n        date: 2569-02-30\n"
        "      - title: ประกาศ\n        url: https://www.example.go.th/a\n        date: 2569-11-02\n"
        "        colour: แดง\n"
    )
    text = text.replace(good, bad).replace("  o5:", "  o99:\n    documents: []\n  o5:")
    config.write_text(text, encoding="utf-8")
    return {
        "file": _line_of(config, "ไม่มี.pdf"),
        "date": _line_of(config, "2569-02-30"),
        "colour": _line_of(config, "colour:"),
        "o99": _line_of(config, "o99:"),
    }


def _expected(lines: dict[str, int]) -> str:
    return (
        "พบข้อผิดพลาด 4 จุด:\n"
        f"  indicators.yml:{lines['file']}: เอกสาร o4 'ข่าว': file 'files/2570/o4/ไม่มี.pdf' ไม่พบไฟล์ — วิธีแก้: "
        "วางไฟล์ไว้ใต้ content/ แล้วเขียนเส้นทางเทียบกับ content/ เช่น files/2570/o1/a.pdf\n"
        f"  indicators.yml:{lines['date']}: เอกสาร o4 'ข่าว': วันที่ 30 กุมภาพันธ์ 2569 ไม่มีอยู่จริง — วิธีแก้: "
        "เขียนวันที่แบบ ปปปป-ดด-วว เช่น 2569-10-15 (พ.ศ.)\n"
        f"  indicators.yml:{lines['colour']}: ไม่รู้จักคีย์ 'colour' — วิธีแก้: "
        "คีย์ที่ใช้ได้ที่นี่: title, file, url, page, date, month, note, division\n"
        f"  indicators.yml:{lines['o99']}: ไม่รู้จักรหัสรายการ 'o99' ในเกณฑ์ ita-2569 — วิธีแก้: "
        "หมายถึง 'o9' หรือไม่? รหัสใน ita-2569 คือ o1–o26\n"
    )


@pytest.mark.parametrize(
    "command",
    [
        ["check", "--offline"],
        ["build", "--offline"],
        ["export", "--format", "csv"],
        ["status"],
        ["generate", "--out", "pages"],
        ["add", "o2", "--url", "https://www.example.go.th/b", "--title", "ข"],
    ],
    ids=lambda c: c[0],
)
def test_every_mistake_of_the_file_in_one_run_at_its_own_line(site: Path, command: list[str]) -> None:
    config = site / "indicators.yml"
    lines = _break(config)
    before = config.read_bytes()
    code, _, err = oit(*command, "--site", str(site))
    assert code == 2
    assert err == _expected(lines)
    assert config.read_bytes() == before


def test_after_the_file_is_added_the_date_error_is_on_the_date_line(site: Path) -> None:
    config = site / "indicators.yml"
    lines = _break(config)
    (site / "content" / "files" / "2570" / "o4" / "ไม่มี.pdf").write_bytes(PDF)
    _, _, err = oit("check", "--offline", "--site", str(site))
    assert f"  indicators.yml:{lines['date']}: เอกสาร o4 'ข่าว': วันที่ 30 กุมภาพันธ์ 2569 ไม่มีอยู่จริง" in err
    assert f"indicators.yml:{lines['date'] - 2}:" not in err  # not the title: line


def test_a_ce_date_is_converted_and_said_once(site: Path) -> None:
    config = site / "indicators.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("date: 2569-11-01", "date: 2026-11-01"), "utf-8")
    line = _line_of(config, "date: 2026-11-01")
    code, out, err = oit("check", "--offline", "--site", str(site))
    assert code == 1, err  # findings (most items are empty), not bad input
    note = (
        f"indicators.yml:{line}: วันที่ '2026-11-01' เป็นปี ค.ศ. อ่านเป็น พ.ศ. 2569-11-01 (1 พฤศจิกายน พ.ศ. 2569)"
        " — ถ้าถูกต้อง แก้ในไฟล์เป็น 2569-11-01 เพื่อไม่ให้สับสน"
    )
    assert (out + err).count(note) == 1, out + err


def test_oit_add_says_it_read_a_ce_date(site: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "ข่าว2.pdf"
    pdf.write_bytes(PDF + b"2")
    code, _, err = oit("add", "o4", str(pdf), "--title", "ข่าว 2", "--date", "2026-11-15", "--site", str(site))
    assert code == 0, err
    assert err == (
        "คำเตือน: --date: วันที่ '2026-11-15' เป็นปี ค.ศ. อ่านเป็น พ.ศ. 2569-11-15 (15 พฤศจิกายน พ.ศ. 2569)"
        " — บันทึกเป็น 2569-11-15 แล้ว\n"
    )
    assert "date: 2569-11-15" in (site / "indicators.yml").read_text(encoding="utf-8")


def test_oit_add_reports_a_bad_date_and_a_missing_file_together(site: Path) -> None:
    before = (site / "indicators.yml").read_bytes()
    code, _, err = oit("add", "o4", "ไม่มี.pdf", "--title", "x", "--date", "31/13/2569", "--site", str(site))
    assert code == 2
    assert err == (
        "พบข้อผิดพลาด 2 จุด:\n"
        "  --date: วันที่ '31/13/2569' ไม่มีเดือน 13 (เดือนต้องอยู่ระหว่าง 1 ถึง 12) และต้องเขียนแบบ ปปปป-ดด-วว"
        " — วิธีแก้: เขียนวันที่แบบ ปปปป-ดด-วว (พ.ศ.) เช่น 2569-10-15\n"
        "  ไม่มี.pdf: ไม่พบไฟล์ — วิธีแก้: ตรวจชื่อไฟล์และโฟลเดอร์ หรือลากไฟล์มาวางในหน้าต่างคำสั่ง\n"
    )
    assert (site / "indicators.yml").read_bytes() == before


def test_a_day_first_date_gets_the_rewritten_date(site: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(PDF)
    code, _, err = oit("add", "o4", str(pdf), "--title", "x", "--date", "๑๕/๑๑/๒๕๖๙", "--site", str(site))
    assert code == 2
    assert err.startswith("ข้อผิดพลาด: --date: วันที่ '๑๕/๑๑/๒๕๖๙' เขียนวันขึ้นก่อน ต้องเขียนปีขึ้นก่อนแบบ ปปปป-ดด-วว คือ 2569-11-15")


# --- files from Notepad and Excel ------------------------------------------------------


def _report_items(site: Path) -> tuple[int, str, str]:
    return oit("check", "--offline", "--format", "json", "--site", str(site))


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"), id="notepad-utf8-bom-crlf"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("cp874"), id="thai-windows-cp874-crlf"),
        pytest.param(lambda t: t.replace("—", "-").encode("tis-620"), id="tis-620"),
    ],
)
def test_notepad_files_read_like_utf8(site: Path, encode: Callable[[str], bytes]) -> None:
    config = site / "indicators.yml"
    _, plain, _ = _report_items(site)
    config.write_bytes(encode(config.read_text(encoding="utf-8")))
    code, twin, err = _report_items(site)
    assert code == 1, err
    assert json.loads(twin)["items"] == json.loads(plain)["items"]


def test_cp874_is_noted_and_written_back_as_utf8(site: Path, tmp_path: Path) -> None:
    config = site / "indicators.yml"
    config.write_bytes(config.read_text(encoding="utf-8").replace("\n", "\r\n").encode("cp874"))
    note = (
        "indicators.yml: ไฟล์นี้บันทึกด้วยรหัสอักษรไทยแบบเก่า (TIS-620/Windows-874) ไม่ใช่ UTF-8 — อ่านได้แล้ว"
        " แต่ควรบันทึกใหม่เป็น UTF-8 (ใน Notepad: บันทึกเป็น > การเข้ารหัส UTF-8)"
    )
    _, out, err = oit("check", "--offline", "--site", str(site))
    assert note in out + err
    pdf = tmp_path / "แผน.pdf"
    pdf.write_bytes(PDF + b"plan")
    code, _, err = oit("add", "o5", str(pdf), "--title", "แผนพัฒนา", "--date", "2569-10-01", "--site", str(site))
    assert code == 0, err
    assert (
        "คำเตือน: indicators.yml: บันทึกใหม่เป็น UTF-8 แล้ว (เดิมเป็นรหัสอักษรไทยแบบเก่า TIS-620/Windows-874)"
        " — เปิดด้วย Notepad ได้ตามปกติ\n"
    ) in err
    raw = config.read_bytes()
    text = raw.decode("utf-8")  # UTF-8 now, CRLF kept
    assert "\r\n" in text and "title: แผนพัฒนา" in text and "อบต.ทดสอบ" in text
    _, out, err = oit("check", "--offline", "--site", str(site))
    assert "TIS-620" not in out + err


def test_bytes_that_are_neither_utf8_nor_thai_are_refused_with_the_line(site: Path) -> None:
    config = site / "indicators.yml"
    config.write_bytes(config.read_bytes().replace(b"assessment:", b"\xff\xfeassessment:"))
    line = config.read_bytes().split(b"\xff")[0].count(b"\n") + 1
    code, _, err = oit("check", "--offline", "--site", str(site))
    assert code == 2
    assert err == (
        f"ข้อผิดพลาด: indicators.yml:{line}: ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8 — วิธีแก้: "
        "บันทึกไฟล์ใหม่เป็น UTF-8 (เช่น ใน Notepad เลือก Encoding: UTF-8)\n"
    )


# --- the wrong folder ------------------------------------------------------------------

_HINT = (
    "cd ไปยังโฟลเดอร์ของเว็บไซต์ (ที่มี indicators.yml) ก่อน หรือระบุ --site ตามด้วยโฟลเดอร์นั้น"
    ' เช่น --site "C:\\เว็บไซต์ อบต" — ถ้ายังไม่มีเว็บไซต์ สร้างใหม่ด้วย oit init'
)

_COMMANDS = [
    ["check", "--offline"],
    ["build", "--offline"],
    ["export", "--format", "csv"],
    ["status"],
    ["new-year"],
    ["generate", "--out", "pages"],
    ["add", "o1", "--url", "https://a.example/", "--title", "x"],
]


@pytest.mark.parametrize("command", _COMMANDS, ids=lambda c: c[0])
def test_a_missing_site_folder_is_named(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "ไม่มี โฟลเดอร์"
    code, _, err = oit(*command, "--site", str(missing))
    assert code == 2
    assert err == f"ข้อผิดพลาด: {missing}: ไม่พบโฟลเดอร์นี้ — วิธีแก้: {_HINT}\n"


@pytest.mark.parametrize("command", _COMMANDS, ids=lambda c: c[0])
def test_a_folder_without_indicators_yml_is_named(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "เอกสาร"
    folder.mkdir()
    code, _, err = oit(*command, cwd=folder)
    assert code == 2
    assert err == f"ข้อผิดพลาด: {folder / 'indicators.yml'}: ไม่พบ indicators.yml ในโฟลเดอร์ {folder} — วิธีแก้: {_HINT}\n"


# --- mkdocs.yml, read by mkdocs ----------------------------------------------------------


def test_a_broken_mkdocs_yml_is_said_in_thai_before_building(site: Path) -> None:
    mkdocs = site / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8")
    assert "!!python/name:" in text  # tags only mkdocs resolves: the syntax check leaves them be
    mkdocs.write_text(text + "extra_nav:\n  - a: b.md\n   - c: d.md\n", encoding="utf-8")
    line = len(text.splitlines()) + 3
    code, _, err = oit("build", "--offline", "--allow-failing", "ทดสอบ", "--site", str(site))
    assert code == 2
    assert err == (
        f"ข้อผิดพลาด: mkdocs.yml:{line}: อ่าน YAML ไม่ได้: รายการ - ในบรรทัดนี้เยื้อง 3 ช่อง ไม่ตรงกับรายการ - ก่อนหน้าในบรรทัด"
        f" {line - 1} (2 ช่อง) — วิธีแก้: เว้นวรรคหน้า - ให้เท่ากับบรรทัด {line - 1} (2 ช่อง) ด้วยการเว้นวรรค ไม่ใช้แท็บ\n"
    )
    assert not (site / "site").exists()


def test_the_shipped_mkdocs_yml_passes_the_syntax_check() -> None:
    from oit.core.yamlsource import check_syntax

    for path in (Path(__file__).parents[2] / "mkdocs.yml", *Path(__file__).parents[2].glob("oit/**/mkdocs.yml")):
        check_syntax(path, path.name)


# --- the operating system's refusals, in Thai ----------------------------------------------


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (["export", "--format", "csv", "--output"], "itas.csv"),
        (["check", "--offline", "--output"], "report.txt"),
    ],
    ids=["export", "check"],
)
def test_a_write_refused_by_the_system_is_said_in_thai(site: Path, command: list[str], target: str) -> None:
    # a path through a file (ENOTDIR): strerror would say "Not a directory" in English
    where = site / "indicators.yml" / target
    code, _, err = oit(*command, str(where), "--site", str(site))
    assert code == 2
    assert err.endswith(f"ข้อผิดพลาด: {where}: เขียนไฟล์ไม่ได้ (ส่วนหนึ่งของเส้นทางเป็นไฟล์ ไม่ใช่โฟลเดอร์) — วิธีแก้: "
                        "ตรวจว่าโฟลเดอร์ปลายทางมีอยู่ เขียนได้ และมีที่ว่างพอ\n"), err


def test_os_reasons_are_thai() -> None:
    import errno

    from oit.core.errors import os_reason

    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == (
        "ไม่มีสิทธิ์เข้าถึง หรือไฟล์เปิดค้างอยู่ในโปรแกรมอื่น (เช่น Excel, Word) — ปิดโปรแกรมนั้นก่อน"
    )
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "พื้นที่ดิสก์เต็ม"
    assert os_reason(OSError(errno.EXDEV, "Invalid cross-device link")) == f"ระบบปฏิเสธ (รหัส {errno.EXDEV})"


def test_a_ce_deadline_is_said_too(site: Path) -> None:
    config = site / "indicators.yml"
    text = config.read_text(encoding="utf-8")
    text = "".join(
        line + ("deadline: 2027-04-30\n" if line.startswith("assessment:") else "")
        for line in text.splitlines(keepends=True)
        if not line.startswith("deadline:")
    )
    config.write_text(text, encoding="utf-8")
    line = _line_of(config, "deadline: 2027-04-30")
    _, out, err = oit("check", "--offline", "--site", str(site))
    note = (
        f"indicators.yml:{line}: วันที่ '2027-04-30' เป็นปี ค.ศ. อ่านเป็น พ.ศ. 2570-04-30 (30 เมษายน พ.ศ. 2570)"
        " — ถ้าถูกต้อง แก้ในไฟล์เป็น 2570-04-30 เพื่อไม่ให้สับสน"
    )
    assert (out + err).count(note) == 1, out + err


def test_oit_add_reports_date_month_and_file_together(site: Path) -> None:
    before = (site / "indicators.yml").read_bytes()
    code, _, err = oit(
        "add", "o11", "ไม่มี.pdf", "--title", "สรุป", "--date", "2569-02-30", "--month", "10/2569", "--site", str(site)
    )
    assert code == 2
    assert err == (
        "พบข้อผิดพลาด 3 จุด:\n"
        "  --date: วันที่ 30 กุมภาพันธ์ 2569 ไม่มีอยู่จริง — วิธีแก้: เขียนวันที่แบบ ปปปป-ดด-วว (พ.ศ.) เช่น 2569-10-15\n"
        "  --month: เดือน '10/2569' เขียนเดือนขึ้นก่อน ต้องเขียนปีขึ้นก่อนแบบ ปปปป-ดด คือ 2569-10"
        " — วิธีแก้: เขียนเดือนแบบ ปปปป-ดด (พ.ศ.) เช่น 2569-10\n"
        "  ไม่มี.pdf: ไม่พบไฟล์ — วิธีแก้: ตรวจชื่อไฟล์และโฟลเดอร์ หรือลากไฟล์มาวางในหน้าต่างคำสั่ง\n"
    )
    assert (site / "indicators.yml").read_bytes() == before


def test_mkdocs_complaints_come_in_thai_with_the_line(site: Path) -> None:
    index = site / "content" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nดู [ข่าว](news/ไม่มี.md)\n", encoding="utf-8")
    line = _line_of(index, "news/ไม่มี.md")
    code, _, err = oit("build", "--offline", "--allow-failing", "ทดสอบ", "--site", str(site))
    assert code == 1
    assert (
        f"content/index.md:{line}: ลิงก์ไป 'news/ไม่มี.md' ไม่พบหน้านั้นในเว็บไซต์ — วิธีแก้: "
        "แก้ลิงก์ให้ชี้ไปยังหน้าที่มีอยู่ (เทียบกับโฟลเดอร์ของหน้านี้) หรือลบลิงก์ออก\n"
    ) in err
    assert "WARNING" not in err and "Doc file" not in err
    assert not (site / "site").exists()
