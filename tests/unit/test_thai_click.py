"""click's own messages reach the officer in Thai, for every command (issue 18, part 3)."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from oit.cli.main import main
from oit.cli.thai_click import ThaiCommand, ThaiGroup


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="oit")
    return result.exit_code, result.stdout, result.stderr


def _all_commands(group: click.Group, prefix: str = "oit") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = [(prefix, group)]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _all_commands(command, f"{prefix} {name}")
        else:
            found.append((f"{prefix} {name}", command))
    return found


def test_every_command_uses_the_thai_classes() -> None:
    # a command added with plain @click.command would print click's English help
    for path, command in _all_commands(main):
        assert isinstance(command, ThaiGroup | ThaiCommand), f"{path}: ใช้ cls=ThaiCommand"


# click's English words that must not reach the officer in any help page
_ENGLISH = re.compile(
    r"Usage:|Options:|Commands:|Show this message|Show the version|\[default|\[required|"
    r"\bTEXT\b|\bPATH\b|\bFLOAT\b|\bINTEGER\b|\[OPTIONS\]|COMMAND \[ARGS\]"
)


@pytest.mark.parametrize("path", [path for path, _ in _all_commands(main)])
def test_every_help_page_is_thai(path: str) -> None:
    code, out, _ = _run(*path.split()[1:], "--help")
    assert code == 0
    assert out.startswith(f"วิธีใช้: {path} [ตัวเลือก]")
    assert "แสดงวิธีใช้นี้แล้วจบ" in out
    assert not _ENGLISH.search(out), _ENGLISH.search(out)
    # the usage line names what to type in Thai (รหัสรายการ, ไฟล์, โฟลเดอร์), not CODE or FILE
    assert not re.search(r"[A-Z]{2,}", out.splitlines()[0]), out.splitlines()[0]


def test_help_table_lines_up_in_screen_cells() -> None:
    # ที่อยู่ is seven characters but three cells: the descriptions still start in one column
    _, out, _ = _run("add", "--help")
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  --")}
    from rich.cells import cell_len

    def start(line: str) -> int:
        term_end = line.index("  ", 4)  # after the option and its metavar
        text = line[term_end:].lstrip()
        return cell_len(line[: len(line) - len(text)])

    assert start(rows["--site"]) == start(rows["--title"]) == start(rows["--division"])
    assert "--site ที่อยู่" in rows["--site"] and "[ค่าเริ่มต้น:\xa0(โฟลเดอร์ปัจจุบัน)]" in out


def test_version_is_thai() -> None:
    code, out, _ = _run("--version")
    assert code == 0 and re.fullmatch(r"oit รุ่น \S+\n", out)


def test_mistyped_option_suggests_the_right_one() -> None:
    code, out, err = _run("add", "o1", "--titl", "x")
    assert code == 2 and out == ""
    assert err == (
        "วิธีใช้: oit add [ตัวเลือก] รหัสรายการ [ไฟล์]\n"
        "ดูวิธีใช้ทั้งหมด: oit add --help\n"
        "\n"
        "ข้อผิดพลาด: คำสั่ง oit add ไม่มีตัวเลือก --titl — หมายถึง --site หรือ --title ใช่ไหม?\n"
    )


def test_missing_required_option_lists_the_choices() -> None:
    code, _, err = _run("export")
    assert code == 2
    assert err.endswith("ข้อผิดพลาด: ยังไม่ได้ระบุ --format — เลือกหนึ่งใน: csv, xlsx, json เช่น --format csv\n")


def test_missing_option_without_choices() -> None:
    code, _, err = _run("add", "o1", "x.pdf")
    assert code == 2
    assert err.endswith('ข้อผิดพลาด: ยังไม่ได้ระบุ --title — เช่น --title "..."\n')


def test_missing_argument() -> None:
    code, _, err = _run("add")
    assert code == 2
    assert err.endswith("ข้อผิดพลาด: ยังไม่ได้ระบุรหัสรายการ — พิมพ์ต่อจากชื่อคำสั่ง ดูตัวอย่างด้วย oit add --help\n")
    assert err.startswith("วิธีใช้: oit add [ตัวเลือก] รหัสรายการ [ไฟล์]\n")


def test_extra_arguments_say_to_quote_a_title() -> None:
    code, _, err = _run("add", "o1", "a.pdf", "โครงสร้าง", "องค์กร", "--title", "x")
    assert code == 2
    assert err.endswith(
        "ข้อผิดพลาด: มีค่าเกินมา: โครงสร้าง องค์กร — คำสั่ง oit add ไม่รับค่านี้"
        ' (ถ้าเป็นข้อความที่มีเว้นวรรค ให้ครอบด้วยเครื่องหมายคำพูด "...")\n'
    )


def test_wrong_type_quotes_the_value() -> None:
    code, _, err = _run("check", "--timeout", "สิบ")
    assert code == 2
    assert err.endswith("ข้อผิดพลาด: ค่าของ --timeout 'สิบ' ใช้ไม่ได้: ต้องเป็นตัวเลข เช่น 10 หรือ 2.5\n")
    code, _, err = _run("check", "--timeout=abc")
    assert err.endswith("ข้อผิดพลาด: ค่าของ --timeout 'abc' ใช้ไม่ได้: ต้องเป็นตัวเลข เช่น 10 หรือ 2.5\n")


def test_wrong_integer() -> None:
    code, _, err = _run("build-all", "--jobs", "2.5", ".")
    assert code == 2
    assert err.endswith("ข้อผิดพลาด: ค่าของ --jobs '2.5' ใช้ไม่ได้: ต้องเป็นจำนวนเต็ม เช่น 4\n")


def test_wrong_choice() -> None:
    code, _, err = _run("check", "--format", "pdf")
    assert code == 2
    assert err.endswith(
        "ข้อผิดพลาด: ค่าของ --format 'pdf' ใช้ไม่ได้: ต้องเป็นหนึ่งใน: text, json, junit, markdown, html\n"
    )


def test_option_without_its_value() -> None:
    code, _, err = _run("add", "o1", "--title")
    assert code == 2
    assert err.endswith('ข้อผิดพลาด: ตัวเลือก --title ต้องมีค่าตามหลัง เช่น --title "..."\n')


def test_flag_given_a_value() -> None:
    code, _, err = _run("check", "--offline=yes")
    assert code == 2
    assert err.startswith("วิธีใช้: oit check [ตัวเลือก]\n")
    assert err.endswith("ข้อผิดพลาด: ตัวเลือก --offline เป็นสวิตช์ ไม่ต้องมีค่าต่อท้าย (เขียน --offline เฉย ๆ)\n")


def test_mistyped_command() -> None:
    code, _, err = _run("chek")
    assert code == 2
    assert err == (
        "วิธีใช้: oit [ตัวเลือก] คำสั่ง [ตัวเลือก]...\n"
        "ดูวิธีใช้ทั้งหมด: oit --help\n"
        "\n"
        "ข้อผิดพลาด: ไม่มีคำสั่ง 'chek' — หมายถึง oit check ใช่ไหม?\n"
    )
    code, _, err = _run("zzz")
    assert err.endswith("ข้อผิดพลาด: ไม่มีคำสั่ง 'zzz' — ดูรายชื่อคำสั่งทั้งหมดด้วย oit --help\n")


def test_unknown_option_of_the_group() -> None:
    code, _, err = _run("--bogus")
    assert code == 2
    assert err.endswith("ข้อผิดพลาด: คำสั่ง oit ไม่มีตัวเลือก --bogus\n")


def test_declined_confirmation_is_thai() -> None:
    @main.command("_ask_test", hidden=True)
    def ask() -> None:
        click.confirm("ต่อไหม", abort=True)

    try:
        result = CliRunner().invoke(main, ["_ask_test"], input="n\n", prog_name="oit")
    finally:
        main.commands.pop("_ask_test")
    assert result.exit_code == 1
    assert "Aborted" not in result.output
    assert result.stderr.endswith("ยกเลิกแล้ว ไม่ได้เปลี่ยนแปลงอะไรเพิ่ม\n")


def test_a_command_run_on_its_own_is_thai_too() -> None:
    # python -m site_checks runs `oit check` without the group around it
    from oit.cli.main import check

    result = CliRunner().invoke(check, ["--timeout", "x"], prog_name="python -m site_checks")
    assert result.exit_code == 2
    assert result.stderr == (
        "วิธีใช้: python -m site_checks [ตัวเลือก]\n"
        "ดูวิธีใช้ทั้งหมด: python -m site_checks --help\n"
        "\n"
        "ข้อผิดพลาด: ค่าของ --timeout 'x' ใช้ไม่ได้: ต้องเป็นตัวเลข เช่น 10 หรือ 2.5\n"
    )


def test_number_options_read_thai_digits() -> None:
    # --jobs ๒ is read as 2: the mistake reported is the folder's, not the number's
    code, _, err = _run("build-all", "--jobs", "๒", "/nonexistent-site")
    assert code == 2
    assert "--jobs" not in err and "/nonexistent-site" in err
    code, _, err = _run("build-all", "--jobs", "๒.๕", ".")
    assert err.endswith("ข้อผิดพลาด: ค่าของ --jobs '๒.๕' ใช้ไม่ได้: ต้องเป็นจำนวนเต็ม เช่น 4\n")
