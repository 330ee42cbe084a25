"""``oit init``: a new site with every catalog item listed and empty, buildable at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from oit.core.catalog import load_catalog
from oit.core.indicators import load_site
from tests.integration.test_officer_support import assert_refused, check_json, mkdocs_build, oit, statuses
from tests.support.sample import tree_digest

NAME = "องค์การบริหารส่วนตำบลหนองบัว"
URL = "https://www.nongbua.go.th"


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("init")
    proc = oit("init", "nongbua", "--name", NAME, "--site-url", URL, "--fiscal-year", "2570", cwd=parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "nongbua" in proc.stdout and "26 รายการ" in proc.stdout
    return parent / "nongbua"


def test_every_item_listed_empty_with_a_thai_comment(new_site: Path) -> None:
    text = (new_site / "indicators.yml").read_text(encoding="utf-8")
    catalog = load_catalog("ita-2569")
    lines = text.splitlines()
    for spec in catalog.items:
        key_line = next(i for i, line in enumerate(lines) if line.startswith(f"  {spec.code}:"))
        # the key carries the title and the rule, and the item is present but empty
        assert spec.title in lines[key_line] and spec.period.value in lines[key_line]
        assert lines[key_line + 1].strip() == "documents: []"
    site = load_site(new_site)
    assert site.organization.name == NAME
    assert site.organization.site_url == URL + "/"
    assert site.fiscal_year.be_year == 2570
    assert list(site.items) == catalog.codes
    assert all(not record.documents for record in site.items.values())


def test_check_reports_every_item_missing(new_site: Path) -> None:
    code, report = check_json(new_site, "2570-01-15")
    assert code == 1  # expected: nothing published yet
    assert set(statuses(report).values()) == {"missing"}
    assert report["organization"] == NAME


def test_mkdocs_builds_the_new_site(new_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    proc = mkdocs_build(new_site, out)
    assert proc.returncode == 0, proc.stderr
    home = (out / "index.html").read_text(encoding="utf-8")
    assert NAME in home
    assert (out / "ita" / "index.html").is_file()
    assert (out / "ita" / "o26.html").is_file()
    assert (out / "contact.html").is_file() and (out / "complaints.html").is_file()
    # the sample's own pages are not part of a new site
    assert not (new_site / "content" / "news").exists()


def test_thai_digits_and_older_catalog(tmp_path: Path) -> None:
    proc = oit("init", "old", "--name", "อบต.เก่า", "--site-url", "https://old.go.th/",
               "--assessment", "ita-2566", "--fiscal-year", "๒๕๖๖", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    site = load_site(tmp_path / "old")
    assert site.catalog.id == "ita-2566" and len(site.items) == 43
    assert site.fiscal_year.be_year == 2566


def test_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("ของเดิม", encoding="utf-8")
    before = tree_digest(tmp_path)
    proc = oit("init", target, "--name", NAME, "--site-url", URL, cwd=tmp_path)
    assert_refused(proc, before, tmp_path, "มีไฟล์อยู่แล้ว")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy"]  # no staging folder left


def test_an_empty_existing_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = oit("init", "empty", "--name", NAME, "--site-url", URL, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "empty" / "indicators.yml").is_file()


@pytest.mark.parametrize(("args", "message"), [
    (["--name", NAME, "--site-url", URL, "--assessment", "ita-2596"], "ita-2569"),
    (["--name", NAME, "--site-url", "nongbua"], "https://"),  # a bare domain is completed (see below)
    (["--name", NAME, "--site-url", "ftp://nongbua.go.th/"], "--site-url"),
    (["--name", "   ", "--site-url", URL], "ชื่อหน่วยงาน"),
    (["--name", NAME, "--site-url", URL, "--fiscal-year", "2026"], "ปีงบประมาณ"),
    (["--name", NAME, "--site-url", URL, "--fiscal-year", "สองพัน"], "ปีงบประมาณ"),
])
def test_bad_input_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    before = tree_digest(tmp_path)
    proc = oit("init", "new", *args, cwd=tmp_path)
    assert_refused(proc, before, tmp_path, message)
    assert not (tmp_path / "new").exists()
    assert list(tmp_path.iterdir()) == []


def test_target_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("x", encoding="utf-8")
    before = tree_digest(tmp_path)
    proc = oit("init", "site", "--name", NAME, "--site-url", URL, cwd=tmp_path)
    assert_refused(proc, before, tmp_path, "ไม่ใช่โฟลเดอร์")


def test_init_in_the_current_empty_folder(tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    proc = oit("init", ".", "--name", NAME, "--site-url", URL, cwd=here)
    assert proc.returncode == 0, proc.stderr
    assert load_site(here).organization.name == NAME
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]  # no staging folder left behind


# --------------------------------------------------------------- issue 18 (7): what init leaves out

CONTACT_ARGS = ("--phone", "๐ ๔๔๐๐ ๐๐๐๐", "--email", "saraban@nongbua.go.th",
                "--facebook", "facebook.com/nongbua.sao")


def test_deadline_and_contact_details_are_written(tmp_path: Path) -> None:
    proc = oit("init", "nb", "--name", NAME, "--site-url", URL, "--fiscal-year", "2570",
               "--deadline", "๒๕๗๐-๐๔-๓๐", *CONTACT_ARGS, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "  วันครบกำหนด (deadline): 30 เมษายน พ.ศ. 2570" in lines
    assert "  ใส่ข้อมูลติดต่อในหน้า content/contact.md และรายการ o3 แล้ว" in lines
    assert "  หน้า content/contact.md ยังมี (โปรดระบุ) ที่ต้องแก้: ที่อยู่" in lines
    assert "  oit preview                                           # ดูหน้าเว็บก่อนเผยแพร่" in lines
    root = tmp_path / "nb"
    site = load_site(root)
    assert site.deadline is not None and site.deadline.isoformat() == "2027-04-30"
    assert site.organization.contact == {"phone": "0 4400 0000", "email": "saraban@nongbua.go.th",
                                         "facebook": "https://facebook.com/nongbua.sao"}
    assert [(d.kind, d.target) for d in site.items["o3"].documents] == [
        ("page", "contact.md"), ("url", "https://facebook.com/nongbua.sao")]
    contact = (root / "content" / "contact.md").read_text(encoding="utf-8")
    assert "| ที่อยู่ | (โปรดระบุ) |" in contact  # not given: stays a placeholder
    assert "| โทรศัพท์ | 0 4400 0000 |" in contact
    assert "| ไปรษณีย์อิเล็กทรอนิกส์ | [saraban@nongbua.go.th](mailto:saraban@nongbua.go.th) |" in contact
    _, report = check_json(root, "2570-01-15")
    assert report["deadline"] == "2027-04-30" and report["days_left"] == 105
    out = tmp_path / "site"
    built = mkdocs_build(root, out, as_of="2570-01-15")
    assert built.returncode == 0, built.stderr
    assert "0 4400 0000" in (out / "index.html").read_text(encoding="utf-8")  # the footer of every page


def test_without_details_everything_stays_a_placeholder_and_the_deadline_is_named_once(new_site: Path,
                                                                                      tmp_path: Path) -> None:
    contact = (new_site / "content" / "contact.md").read_text(encoding="utf-8")
    for row in ("ที่อยู่", "โทรศัพท์", "ไปรษณีย์อิเล็กทรอนิกส์", "เพจ Facebook"):
        assert f"| {row} | (โปรดระบุ) |" in contact
    assert "contact:" not in (new_site / "indicators.yml").read_text(encoding="utf-8")
    proc = oit("init", "again", "--name", NAME, "--site-url", URL, "--fiscal-year", "2570", cwd=tmp_path)
    assert proc.stdout.count("ยังไม่ได้กำหนดวันครบกำหนด") == 1
    assert ("  ยังไม่ได้กำหนดวันครบกำหนด (deadline) — เมื่อ ป.ป.ช. ประกาศ ให้สั่ง "
            "oit deadline 2570-04-30 (ตามวันที่ประกาศ)") in proc.stdout.splitlines()
    assert ("  หน้า content/contact.md ยังมี (โปรดระบุ) ที่ต้องแก้: ที่อยู่, โทรศัพท์, อีเมล, เพจ Facebook"
            in proc.stdout.splitlines())


def test_every_bad_option_is_reported_at_once(tmp_path: Path) -> None:
    before = tree_digest(tmp_path)
    proc = oit("init", "bad", "--name", NAME, "--site-url", "nongbua", "--fiscal-year", "2570",
               "--deadline", "2569-04-30", "--phone", "12", "--email", "saraban@", "--facebook", "ไม่มี เพจ",
               cwd=tmp_path)
    assert_refused(proc, before, tmp_path)
    assert proc.stderr.splitlines() == [
        "พบข้อผิดพลาด 5 จุด:",
        "  --site-url: ที่อยู่เว็บไซต์ 'nongbua' ไม่ถูกต้อง — วิธีแก้: ใส่ที่อยู่เต็มที่ขึ้นต้นด้วย https:// "
        "เช่น https://www.nongbua.go.th/",
        "  --phone: หมายเลขโทรศัพท์ '12' ไม่ถูกต้อง — วิธีแก้: ใส่ตัวเลขอย่างน้อย 9 หลัก เช่น --phone \"0 4400 0000\"",
        "  --email: อีเมล 'saraban@' ไม่ถูกต้อง — วิธีแก้: ใส่อีเมลเต็ม เช่น --email saraban@nongbua.go.th",
        "  --facebook: ลิงก์เพจ Facebook 'https://ไม่มี เพจ' ไม่ถูกต้อง — วิธีแก้: คัดลอกลิงก์จากแถบที่อยู่ของเบราว์เซอร์ "
        "เช่น https://www.facebook.com/nongbua",
        "  --deadline: วันครบกำหนด 30 เมษายน พ.ศ. 2569 ไม่อยู่ในปีงบประมาณ พ.ศ. 2570 (1 ต.ค. 2569 – 30 ก.ย. 2570) "
        "— วิธีแก้: ตรวจปี พ.ศ. ที่พิมพ์ เช่น --deadline 2570-04-30 หรือเลือกปีด้วย --fiscal-year",
    ]


def test_a_bad_deadline_date_names_the_option(tmp_path: Path) -> None:
    proc = oit("init", "bad", "--name", NAME, "--site-url", URL, "--deadline", "30/04/2570", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("ข้อผิดพลาด: --deadline: วันที่ '30/04/2570' เขียนวันขึ้นก่อน ต้องเขียนปีขึ้นก่อนแบบ "
                                   "ปปปป-ดด-วว คือ 2570-04-30 — วิธีแก้: เขียนแบบ ปปปป-ดด-วว (พ.ศ.) เช่น --deadline 2570-04-30")


def test_the_catalog_uncertainty_is_one_warning_per_run(new_site: Path) -> None:
    """It was five lines (one per uncertain field, plus the older catalog) on every check and build."""
    proc = oit("check", "--offline", "--as-of", "2570-01-15", cwd=new_site)
    assert proc.stdout.count("ยังไม่ยืนยันจากคู่มือ") == 1, proc.stdout
    assert proc.stdout.count("คู่มือ ITA") == 1, proc.stdout
    warning = ("  - ใช้เกณฑ์ ita-2569 (ปี 2569) ตรวจปีงบประมาณ 2570 เพราะยังไม่มีเกณฑ์ของปีนี้ในระบบ "
               "และบางส่วนยังไม่ยืนยันจากคู่มือ ป.ป.ช.: กลุ่มตัวชี้วัด (ทุกข้อ); "
               "ชื่อรายการ (o2, o6, o7); ชื่อภาษาอังกฤษ (o6, o7); รอบเวลา (o6, o7, o18, o26) "
               "— ตรวจกับคู่มือ ITA ของ ป.ป.ช. ปีล่าสุด")
    lines = proc.stdout.splitlines()
    assert lines[lines.index("คำเตือน:") + 1] == warning
    assert lines[lines.index("คำเตือน:") + 2] == ""  # the only one
    built = oit("build", "--offline", "--as-of", "2570-01-15", "--allow-failing", "ทดสอบ", cwd=new_site)
    assert built.returncode == 0, built.stderr
    assert (built.stdout + built.stderr).count("ยังไม่ยืนยันจากคู่มือ") == 1
    assert (built.stdout + built.stderr).count("คู่มือ ITA") == 1
    # no deadline: said once, with the command that sets it
    assert (built.stdout + built.stderr).count("deadline") == 2
    assert ("ยังไม่ได้กำหนดวันครบกำหนด (deadline) — ใส่ด้วย oit deadline ปปปป-ดด-วว เมื่อ ป.ป.ช. ประกาศ"
            in built.stdout.splitlines())
    status = oit("status", "--as-of", "2570-01-15", cwd=new_site)
    assert status.stdout.count("ยังไม่ได้กำหนดวันครบกำหนด (deadline) — ใส่ด้วย oit deadline") == 1, status.stdout


def test_the_deadline_is_set_later_with_the_command_init_names(tmp_path: Path) -> None:
    proc = oit("init", "later", "--name", NAME, "--site-url", URL, "--fiscal-year", "2570", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    root = tmp_path / "later"
    before = (root / "indicators.yml").read_text(encoding="utf-8")
    bad = tree_digest(root)
    refused = oit("deadline", "2571-04-30", cwd=root)
    assert_refused(refused, bad, root)
    assert refused.stderr.strip() == (
        "ข้อผิดพลาด: oit deadline: วันครบกำหนด 30 เมษายน พ.ศ. 2571 ไม่อยู่ในปีงบประมาณ พ.ศ. 2570 "
        "(1 ต.ค. 2569 – 30 ก.ย. 2570) — วิธีแก้: ตรวจปี พ.ศ. ที่พิมพ์ เช่น oit deadline 2570-04-30")
    proc = oit("deadline", "๒๕๗๐-๐๔-๓๐", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "ตั้งวันครบกำหนด (deadline) เป็น 30 เมษายน พ.ศ. 2570 แล้ว"
    after = (root / "indicators.yml").read_text(encoding="utf-8")
    assert "deadline: 2570-04-30     # วันสุดท้ายที่ต้องเผยแพร่ครบ (ประกาศ ป.ป.ช.)" in after.splitlines()
    # nothing else moved: every comment of the header and the items is still there
    assert [line for line in after.splitlines() if not line.startswith("deadline:")] == before.splitlines()
    _, report = check_json(root, "2570-01-15")
    assert report["deadline"] == "2027-04-30"
    proc = oit("deadline", "2570-05-15", cwd=root)
    assert proc.stdout.splitlines()[0] == "เปลี่ยนวันครบกำหนด (deadline) จาก 30 เมษายน พ.ศ. 2570 เป็น 15 พฤษภาคม พ.ศ. 2570 แล้ว"
    assert "deadline: 2570-05-15     # วันสุดท้ายที่ต้องเผยแพร่ครบ (ประกาศ ป.ป.ช.)" in (
        root / "indicators.yml").read_text(encoding="utf-8").splitlines()


def test_a_site_address_typed_without_https_is_completed_and_said(tmp_path: Path) -> None:
    proc = oit("init", "bare", "--name", NAME, "--site-url", "www.nongbua.go.th", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "  ที่อยู่เว็บไซต์: https://www.nongbua.go.th/ (เติม https:// ให้)" in proc.stdout.splitlines()
    assert load_site(tmp_path / "bare").organization.site_url == "https://www.nongbua.go.th/"
    typed = oit("init", "full", "--name", NAME, "--site-url", URL, cwd=tmp_path)
    assert f"  ที่อยู่เว็บไซต์: {URL}/" in typed.stdout.splitlines()


def test_the_new_site_readme_names_preview_and_deadline(new_site: Path) -> None:
    readme = (new_site / "README.md").read_text(encoding="utf-8").splitlines()
    assert "| ดูหน้าเว็บบนเครื่องนี้ก่อนเผยแพร่ (หยุดด้วย Ctrl+C) | `oit preview` |" in readme
    assert "| ใส่วันครบกำหนดเมื่อ ป.ป.ช. ประกาศ | `oit deadline 2570-04-30` |" in readme


def test_a_catalog_of_its_own_year_warns_only_of_its_uncertain_parts(tmp_path: Path) -> None:
    proc = oit("init", "y2569", "--name", NAME, "--site-url", URL, "--fiscal-year", "2569", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    site = load_site(tmp_path / "y2569", as_of=None)
    assert site.warnings == [
        "เกณฑ์ ita-2569 บางส่วนยังไม่ยืนยันจากคู่มือ ป.ป.ช.: กลุ่มตัวชี้วัด (ทุกข้อ); ชื่อรายการ (o2, o6, o7); "
        "ชื่อภาษาอังกฤษ (o6, o7); รอบเวลา (o6, o7, o18, o26) — ตรวจกับคู่มือ ITA ของ ป.ป.ช. ปีล่าสุด"]


def test_a_ce_deadline_is_read_and_the_officer_is_told(tmp_path: Path) -> None:
    proc = oit("init", "ce", "--name", NAME, "--site-url", URL, "--fiscal-year", "2570",
               "--deadline", "2027-04-30", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "  วันครบกำหนด (deadline): 30 เมษายน พ.ศ. 2570 (แปลงจาก ค.ศ. 2027 ที่พิมพ์)" in proc.stdout.splitlines()
    assert "deadline: 2570-04-30" in (tmp_path / "ce" / "indicators.yml").read_text(encoding="utf-8")
    later = oit("deadline", "2027-05-15", cwd=tmp_path / "ce")
    assert later.stdout.splitlines()[:2] == [
        "อ่าน 2027-05-15 เป็นปี ค.ศ. และบันทึกเป็น พ.ศ. 2570-05-15",
        "เปลี่ยนวันครบกำหนด (deadline) จาก 30 เมษายน พ.ศ. 2570 เป็น 15 พฤษภาคม พ.ศ. 2570 แล้ว"]
