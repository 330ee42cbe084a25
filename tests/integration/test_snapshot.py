"""`oit snapshot`: the built sample frozen as a BagIt bag, checked by bagit and by `--verify`.

The sample is built once per module (a real `oit build`); each test makes its own bag of
it, so tampering with one bag never touches another.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import zipfile
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import bagit
import pytest

from tests.support.http_server import LoopbackServer
from tests.support.sample import copy_sample, tree_digest
from tests.support.sites import ORG_NAME, passing_items, write_site

ROOT = Path(__file__).resolve().parents[2]
OIT = str(ROOT / ".venv" / "bin" / "oit")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHAINLP_READ_ONLY="1")
AS_OF = "2570-04-30"
ORG = "องค์การบริหารส่วนตำบลตัวอย่าง"


def oit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([OIT, *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


def bagit_cli(bag: Path) -> subprocess.CompletedProcess[str]:
    """The Library of Congress's own command line: another tool's verdict on our bag."""
    return subprocess.run([PYTHON, "-m", "bagit", "--validate", str(bag)], env=ENV, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    proc = oit("build", "--offline", "--as-of", AS_OF, cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def make_bag(site: Path, bag: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    proc = oit("snapshot", "--as-of", AS_OF, "--output", str(bag), *extra, cwd=site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def test_bag_holds_the_submission_and_validates_with_bagit(built_sample: Path, tmp_path: Path) -> None:
    bag = tmp_path / "evidence"
    proc = make_bag(built_sample, bag)
    assert proc.stdout.startswith(f"เก็บหลักฐานไว้ที่ {bag} (")
    assert "ผลตรวจวันนี้: ผ่าน 26/26 รายการ" in proc.stdout

    frozen = bagit.Bag(str(bag))
    assert frozen.validate()
    assert frozen.algorithms == ["sha256"]
    assert sorted(p.name for p in bag.iterdir()) == [
        "bag-info.txt", "bagit.txt", "data", "manifest-sha256.txt", "tagmanifest-sha256.txt"]
    assert (bag / "bagit.txt").read_text(encoding="utf-8") == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    cli = bagit_cli(bag)
    assert cli.returncode == 0, cli.stderr
    assert "is valid" in cli.stderr

    info = frozen.info
    assert info["Source-Organization"] == ORG
    assert info["OIT-Site-URL"] == "https://www.example.go.th/"
    assert info["OIT-Assessment"] == "ita-2569"
    assert info["OIT-Fiscal-Year"] == "2570"
    assert info["Bagging-Date"] == info["OIT-Check-Date"] == "2027-04-30"
    assert info["OIT-Check-Date-BE"] == AS_OF
    assert info["OIT-Tool-Version"] == version("oit-site")
    assert info["OIT-Failing-Items"] == "-"

    data = bag / "data"
    # the built site byte for byte, the indicators.yml it came from, the day's report and sheet
    assert tree_digest(data / "site") == tree_digest(built_sample / "site")
    assert (data / "indicators.yml").read_bytes() == (built_sample / "indicators.yml").read_bytes()
    report = json.loads((data / "check-report.json").read_text(encoding="utf-8"))
    assert report["as_of"] == "2027-04-30" and report["organization"] == ORG
    assert report["summary"]["failing"] == 0 and report["offline"] is True
    assert "<html" in (data / "check-report.html").read_text(encoding="utf-8")
    sheet = (data / "itas-2570.csv").read_text(encoding="utf-8-sig").splitlines()
    assert sheet[0].startswith("รหัสข้อ,ชื่อรายการ,ลิงก์หน้ารายการ (กรอกใน ITAS)") and sheet[1].startswith("o1,")

    ok = oit("snapshot", "--verify", str(bag), cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    files = len(frozen.payload_entries())
    assert ok.stdout.splitlines()[0] == (
        f"หลักฐาน {bag} ไม่ถูกเปลี่ยนแปลง: ทั้ง {files} ไฟล์ตรงกับค่า SHA-256 ที่บันทึกไว้ "
        f"({ORG} https://www.example.go.th/ ณ วันที่ 2570-04-30)")


def test_verify_names_each_changed_missing_and_extra_file(built_sample: Path, tmp_path: Path) -> None:
    bag = tmp_path / "evidence"
    make_bag(built_sample, bag)
    page = bag / "data" / "site" / "ita" / "o1.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- แก้ไขภายหลัง -->", encoding="utf-8")
    (bag / "data" / "itas-2570.csv").unlink()
    (bag / "data" / "site" / "ita" / "o27.html").write_text("<p>เพิ่มภายหลัง</p>", encoding="utf-8")
    (bag / "note.txt").write_text("เพิ่มข้างถุง", encoding="utf-8")

    proc = oit("snapshot", "--verify", str(bag), cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [
        f"หลักฐาน {bag} ถูกเปลี่ยนแปลง 4 จุด ({ORG} https://www.example.go.th/ ณ วันที่ 2570-04-30):",
        "  ไฟล์ถูกแก้ไข (ค่า SHA-256 ไม่ตรงกับที่บันทึกไว้): data/site/ita/o1.html",
        "  ไฟล์หายไป: data/itas-2570.csv",
        "  ไฟล์ที่เพิ่มเข้ามา (ไม่มีในรายการที่บันทึกไว้): data/site/ita/o27.html",
        "  ไฟล์ที่เพิ่มเข้ามา (ไม่มีในรายการที่บันทึกไว้): note.txt",
    ]
    assert "Traceback" not in proc.stderr and proc.stderr == ""
    assert bagit_cli(bag).returncode == 1  # the other tool agrees the bag changed


def test_verify_catches_a_change_that_keeps_every_size(built_sample: Path, tmp_path: Path) -> None:
    """Same byte count, same file count: the Payload-Oxum passes, the checksums do not."""
    bag = tmp_path / "evidence"
    make_bag(built_sample, bag)
    config = bag / "data" / "indicators.yml"
    text = config.read_bytes()
    config.write_bytes(text.replace(b"2569-10-15", b"2569-10-16", 1))
    assert config.read_bytes() != text and len(config.read_bytes()) == len(text)
    info = bag / "bag-info.txt"
    info.write_text(info.read_text(encoding="utf-8").replace("OIT-Fiscal-Year: 2570", "OIT-Fiscal-Year: 2571"),
                    encoding="utf-8")

    proc = oit("snapshot", "--verify", str(bag), cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[1:] == [
        "  ไฟล์ถูกแก้ไข (ค่า SHA-256 ไม่ตรงกับที่บันทึกไว้): bag-info.txt",
        "  ไฟล์ถูกแก้ไข (ค่า SHA-256 ไม่ตรงกับที่บันทึกไว้): data/indicators.yml",
    ]
    assert bagit_cli(bag).returncode == 1


def test_zip_checksum_printed_matches_and_is_reproducible(built_sample: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "usb1", tmp_path / "usb2"
    first.mkdir()
    second.mkdir()
    # an existing folder that is not a bag (a USB stick) receives the bag under its default name
    proc = make_bag(built_sample, first, "--zip")
    bag = first / f"oit-snapshot-{AS_OF}"
    archive = first / f"oit-snapshot-{AS_OF}.zip"
    printed = re.search(r"SHA-256 ของไฟล์ zip \(จดลงบันทึกข้อความ\): ([0-9a-f]{64})$", proc.stdout, re.MULTILINE)
    assert printed, proc.stdout
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert printed.group(1) == digest
    assert (first / f"{archive.name}.sha256").read_text(encoding="utf-8") == f"{digest}  {archive.name}\n"
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert opened.testzip() is None
    assert f"oit-snapshot-{AS_OF}/bagit.txt" in names
    assert f"oit-snapshot-{AS_OF}/data/site/index.html" in names
    assert len([n for n in names if not n.endswith("/")]) == len(list(p for p in bag.rglob("*") if p.is_file()))

    ok = oit("snapshot", "--verify", str(archive), cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith(f"หลักฐาน {archive} ไม่ถูกเปลี่ยนแปลง")

    # the same site on the same day gives the same zip, byte for byte
    make_bag(built_sample, second, "--zip")
    assert (second / archive.name).read_bytes() == archive.read_bytes()


def test_verify_a_tampered_zip_names_the_file(built_sample: Path, tmp_path: Path) -> None:
    make_bag(built_sample, tmp_path, "--zip")
    archive = tmp_path / f"oit-snapshot-{AS_OF}.zip"
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(tampered, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.endswith("/data/site/ita/o11.html"):
                data += b"\n"
            target.writestr(entry, data)
    proc = oit("snapshot", "--verify", str(tampered), cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[1:] == ["  ไฟล์ถูกแก้ไข (ค่า SHA-256 ไม่ตรงกับที่บันทึกไว้): data/site/ita/o11.html"]


def test_refuses_without_a_built_site(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "fresh")
    proc = oit("snapshot", "--as-of", AS_OF, cwd=root)
    assert proc.returncode == 2
    assert proc.stderr == (
        "ข้อผิดพลาด: site: ยังไม่มีเว็บไซต์ที่สร้างแล้ว (ไม่พบ index.html) จึงยังไม่มีสิ่งที่จะเก็บเป็นหลักฐาน — "
        'วิธีแก้: สั่ง oit build ก่อน (ถ้ายังมีรายการไม่ผ่าน: oit build --allow-failing "เหตุผล") '
        "แล้วสั่ง oit snapshot อีกครั้ง\n")
    assert proc.stdout == ""
    assert not (root / "snapshots").exists()
    # the advice names --site when the site is elsewhere, and the command it names works
    elsewhere = oit("snapshot", "--site", "fresh", "--as-of", AS_OF, cwd=tmp_path)
    assert elsewhere.returncode == 2
    assert 'วิธีแก้: สั่ง oit build --site fresh ก่อน (ถ้ายังมีรายการไม่ผ่าน: oit build --site fresh --allow-failing' in elsewhere.stderr
    built = oit("build", "--site", "fresh", "--offline", "--as-of", AS_OF, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert oit("snapshot", "--site", "fresh", "--as-of", AS_OF, cwd=tmp_path).returncode == 0
    assert (root / "snapshots" / f"oit-snapshot-{AS_OF}" / "bagit.txt").is_file()


def test_never_overwrites_an_existing_bag(built_sample: Path, tmp_path: Path) -> None:
    bag = tmp_path / "evidence"
    make_bag(built_sample, bag)
    before = tree_digest(bag)
    again = oit("snapshot", "--as-of", AS_OF, "--output", str(bag), cwd=built_sample)
    assert again.returncode == 2
    assert again.stderr == (
        f"ข้อผิดพลาด: {bag}: มีหลักฐานอยู่แล้วที่นี่ ไม่เขียนทับ — วิธีแก้: เก็บหลักฐานใหม่ไว้ที่อื่นด้วย --output "
        f"(เช่น --output {bag}-2) หรือตรวจหลักฐานเดิมด้วย oit snapshot --verify {bag}\n")
    assert tree_digest(bag) == before
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_verify_refuses_what_is_not_a_bag(tmp_path: Path) -> None:
    proc = oit("snapshot", "--verify", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (
        f"ข้อผิดพลาด: {tmp_path}: ไม่ใช่หลักฐานที่ oit snapshot ทำไว้ (ไม่พบ bagit.txt) — วิธีแก้: "
        "ระบุโฟลเดอร์หลักฐานหรือไฟล์ zip ของหลักฐาน เช่น oit snapshot --verify snapshots/oit-snapshot-2570-04-30\n")


def test_a_site_published_with_failing_items_is_frozen_with_them_named(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "s")
    # the January procurement summary goes missing: o11 fails, the officer publishes anyway
    config = root / "indicators.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    config.write_text("".join(line for line in lines if "o11-2570-01.pdf" not in line), encoding="utf-8")
    reason = "รอสรุปผลเดือนมกราคมจากกองคลัง"
    built = oit("build", "--offline", "--as-of", AS_OF, "--allow-failing", reason, cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    proc = make_bag(root, tmp_path / "evidence")
    assert "  รายการที่ยังไม่ผ่าน (บันทึกไว้ในหลักฐาน): o11" in proc.stdout.splitlines()
    frozen = bagit.Bag(str(tmp_path / "evidence"))
    assert frozen.info["OIT-Failing-Items"] == "o11"
    assert frozen.info["OIT-Check-Result"].startswith("ผ่าน 25/26 รายการ")
    assert reason in (tmp_path / "evidence" / "data" / "site" / "publish-override.txt").read_text(encoding="utf-8")
    report = json.loads((tmp_path / "evidence" / "data" / "check-report.json").read_text(encoding="utf-8"))
    assert [item["code"] for item in report["items"] if item["status"] != "ok"] == ["o11"]


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer("127.0.0.7") as srv:
        yield srv


def test_links_are_checked_when_asked_and_any_built_folder_can_be_frozen(tmp_path: Path, server: LoopbackServer) -> None:
    items, files = passing_items()
    items["o3"]["documents"].append({"title": "เว็บไซต์ติดต่อ", "url": server.url("/ok")})
    items["o4"]["documents"].append({"title": "ข่าวเดิม", "url": server.url("/gone/news"), "date": "2569-11-01"})
    root = write_site(tmp_path / "s", items, files=files)
    elsewhere = tmp_path / "www"  # built by another engine from `oit generate`
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("<html><body><h1>หน้าแรก</h1></body></html>", encoding="utf-8")

    proc = oit("snapshot", "--as-of", AS_OF, "--links", "--site-dir", str(elsewhere), cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bag = root / "snapshots" / f"oit-snapshot-{AS_OF}"
    assert proc.stdout.startswith(f"เก็บหลักฐานไว้ที่ snapshots/oit-snapshot-{AS_OF} (")  # as seen from the site folder
    assert server.count("/ok") >= 1 and server.count("/gone/news") >= 1
    frozen = bagit.Bag(str(bag))
    assert frozen.info["OIT-Check-Links"] == "checked" and frozen.info["OIT-Failing-Items"] == "o4"
    assert frozen.info["Source-Organization"] == ORG_NAME
    report = json.loads((bag / "data" / "check-report.json").read_text(encoding="utf-8"))
    assert report["summary"]["links_checked"] == 2 and report["summary"]["links_broken"] == 1
    assert (bag / "data" / "site" / "index.html").read_bytes() == (elsewhere / "index.html").read_bytes()


def test_refuses_a_bag_inside_the_site_it_freezes(built_sample: Path) -> None:
    proc = oit("snapshot", "--as-of", AS_OF, "--output", "site/evidence", cwd=built_sample)
    assert proc.returncode == 2
    assert proc.stderr == (
        "ข้อผิดพลาด: site/evidence: เก็บหลักฐานไว้ในโฟลเดอร์ site ไม่ได้ (จะถูกคัดลอกซ้ำหรือถูกเผยแพร่) — "
        "วิธีแก้: ใช้ค่าเริ่มต้น (snapshots/) หรือระบุ --output นอกโฟลเดอร์นั้น\n")
    assert not (built_sample / "site" / "evidence").exists()
    inside_content = oit("snapshot", "--as-of", AS_OF, "--output", "content/files/evidence", cwd=built_sample)
    assert inside_content.returncode == 2 and "เก็บหลักฐานไว้ในโฟลเดอร์ content ไม่ได้" in inside_content.stderr


def test_bad_indicators_is_reported_and_no_bag_is_made(built_sample: Path, tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "s")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("<html></html>", encoding="utf-8")
    config = root / "indicators.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\n  o1:", "\n  o1x:", 1), encoding="utf-8")
    proc = oit("snapshot", "--as-of", AS_OF, cwd=root)
    assert proc.returncode == 2
    assert proc.stderr.startswith("พบข้อผิดพลาด ") and "indicators.yml:" in proc.stderr and "o1x" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (root / "snapshots").exists()


def test_verify_takes_no_snapshot_options(tmp_path: Path) -> None:
    proc = oit("snapshot", "--verify", "evidence", "--zip", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "ข้อผิดพลาด: --verify ใช้ร่วมกับ --zip ไม่ได้ — วิธีแก้: สั่ง oit snapshot --verify evidence\n"
