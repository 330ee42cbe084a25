"""The officer's year, end to end, with the real commands: init → add ×N → check → new-year → check.

Every step is a subprocess of ``.venv/bin/oit`` in a fresh folder, and the site is built
with ``mkdocs`` at the start and at the end.
"""

from __future__ import annotations

import json
from pathlib import Path

from oit.core.indicators import load_site
from tests.integration.test_officer_support import check_json, mkdocs_build, oit, statuses
from tests.support.sites import pdf_bytes


def test_a_year_of_an_officer(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("โครงสร้างองค์กร.pdf", "ข่าว ต.ค..pdf", "สรุปผล ต.ค. 2569.pdf", "สรุปผล พ.ย. 2569.pdf",
                 "คู่มือประชาชน.pdf"):
        (inbox / name).write_bytes(pdf_bytes(label=name.encode("ascii", "ignore").decode() or "doc"))

    made = oit("init", "site", "--name", "องค์การบริหารส่วนตำบลบ้านใหม่", "--site-url", "https://banmai.go.th/",
               "--fiscal-year", "2570", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "site"
    assert mkdocs_build(root, tmp_path / "out0").returncode == 0
    # the officer fills in the contact page that init left with (โปรดระบุ): until then o3 fails
    contact = root / "content" / "contact.md"
    contact.write_text(contact.read_text(encoding="utf-8")
                       .replace("| ที่อยู่ | (โปรดระบุ) |", "| ที่อยู่ | 1 หมู่ 2 ตำบลบ้านใหม่ |")
                       .replace("| โทรศัพท์ | (โปรดระบุ) |", "| โทรศัพท์ | 0 4400 0000 |")
                       .replace("| ไปรษณีย์อิเล็กทรอนิกส์ | (โปรดระบุ) |", "| ไปรษณีย์อิเล็กทรอนิกส์ | saraban@banmai.go.th |")
                       .replace("| เพจ Facebook | (โปรดระบุ) |", "| เพจ Facebook | https://www.facebook.com/banmai |"),
                       encoding="utf-8")

    steps = [
        ["o1", inbox / "โครงสร้างองค์กร.pdf", "--title", "โครงสร้างองค์กร", "--division", "สำนักปลัด"],
        ["o3", "--page", "contact.md", "--title", "ติดต่อเรา"],
        ["o3", "--url", "https://www.facebook.com/banmai", "--title", "เพจ Facebook"],
        ["o4", inbox / "ข่าว ต.ค..pdf", "--title", "ข่าวเดือนตุลาคม", "--date", "2569-10-20"],
        ["o9", inbox / "คู่มือประชาชน.pdf", "--title", "คู่มือสำหรับประชาชน"],
        ["o11", inbox / "สรุปผล ต.ค. 2569.pdf", "--title", "สรุปผล ต.ค. 2569", "--date", "2569-11-05",
         "--month", "2569-10", "--division", "กองคลัง"],
        ["o11", inbox / "สรุปผล พ.ย. 2569.pdf", "--title", "สรุปผล พ.ย. 2569", "--date", "2569-12-05",
         "--month", "2569-11", "--division", "กองคลัง"],
        ["o17", "--page", "complaints.md", "--title", "ช่องทางร้องเรียนการทุจริต"],
    ]
    for args in steps:
        proc = oit("add", *args, cwd=root)
        assert proc.returncode == 0, (args, proc.stderr)

    code, report = check_json(root, "2569-12-10")
    assert code == 1  # most items are still missing: findings, not bad input
    status = statuses(report)
    for item in ("o1", "o3", "o4", "o9", "o11", "o17"):
        assert status[item] == "ok", (item, report)
    assert status["o2"] == "missing"

    export = oit("export", "--format", "json", "--as-of", "2569-12-10", cwd=root)
    assert export.returncode == 0, export.stderr
    sheet = json.loads((root / "itas-2570.json").read_text(encoding="utf-8"))
    assert sheet["items"][0]["url"] == "https://banmai.go.th/ita/o1.html"

    status_screen = oit("status", "--as-of", "2569-12-10", cwd=root)
    assert status_screen.returncode == 0 and "ธันวาคม 2569" in status_screen.stdout

    rolled = oit("new-year", "--as-of", "2570-10-01", "--yes", cwd=root)  # the day FY 2571 begins
    assert rolled.returncode == 0, rolled.stderr
    code, report = check_json(root, "2570-11-20")
    status = statuses(report)
    assert report["fiscal_year"] == 2571
    assert status["o1"] == "ok" and status["o3"] == "ok" and status["o9"] == "ok" and status["o17"] == "ok"
    assert status["o4"] == "missing" and status["o11"] == "missing"
    archived = load_site(root, config_path=root / "archive" / "2570.yml")
    assert len(archived.items["o11"].documents) == 2

    # the next year goes on the same way: a document of FY 2571 lands in files/2571/
    proc = oit("add", "o4", inbox / "ข่าว ต.ค..pdf", "--title", "ข่าวปีใหม่", "--date", "2570-10-15", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert (root / "content/files/2571/o4/ข่าว-ตค.pdf").is_file()

    build = mkdocs_build(root, tmp_path / "out1", "2570-11-20")
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "out1" / "ita" / "archive" / "2570.html").is_file()
    assert "สรุปผล พ.ย. 2569" in (tmp_path / "out1" / "ita" / "archive" / "2570.html").read_text(encoding="utf-8")
