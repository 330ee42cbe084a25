"""`oit publish` to a local folder: the gate, only changes sent, others' files left alone.

The CLI runs as the officer runs it (a subprocess, real mkdocs builds of the sample); the
update cases drive the publish engine on two built versions of the site.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from oit.checker.site_links import check_site_links
from oit.publishing.manifest import MANIFEST_NAME, Manifest
from oit.publishing.send import publish_site
from oit.publishing.target_url import parse_target
from oit.publishing.targets.local import LocalTarget
from tests.integration.test_publish import _break_o11
from tests.support.publish_sites import make_versions, parts_left, site_files
from tests.support.sample import copy_sample, tree_digest

OIT = str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "oit")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHAINLP_READ_ONLY="1")
AS_OF = ("--offline", "--as-of", "2570-04-30")


def oit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([OIT, *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    proc = oit("build", *AS_OF, cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def _local(path: Path) -> LocalTarget:
    return LocalTarget(parse_target(str(path)))


def test_publish_sends_everything_then_nothing(sample: Path, tmp_path: Path) -> None:
    web = tmp_path / "web"
    (web / "notes").mkdir(parents=True)
    (web / "notes" / "mine.txt").write_text("ไฟล์ของคนอื่น", encoding="utf-8")
    first = oit("publish", *AS_OF, str(web), "--json", str(tmp_path / "one.json"), cwd=sample)
    assert first.returncode == 0, first.stdout + first.stderr
    built = tree_digest(sample / "site")
    summary = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    assert summary["uploaded"] == len(built) and summary["deleted"] == 0 and summary["unchanged"] == 0
    assert summary["bytes"] == sum(len(b) for b in built.values()) and summary["seconds"] >= 0
    assert site_files(web) == {**built, "notes/mine.txt": "ไฟล์ของคนอื่น".encode()}
    assert f"เผยแพร่แล้วที่ {web}: ส่ง {len(built)} ไฟล์" in first.stdout
    manifest = Manifest.from_bytes((web / MANIFEST_NAME).read_bytes())
    assert manifest is not None and set(manifest.files) == set(built) and manifest.uploading == []
    stamp = (web / MANIFEST_NAME).stat().st_mtime_ns

    second = oit("publish", *AS_OF, str(web), "--json", str(tmp_path / "two.json"), cwd=sample)
    assert second.returncode == 0, second.stderr
    again = json.loads((tmp_path / "two.json").read_text(encoding="utf-8"))
    assert (again["uploaded"], again["deleted"], again["unchanged"], again["bytes"]) == (0, 0, len(built), 0)
    assert f"ไม่มีอะไรเปลี่ยน ไม่ได้ส่งไฟล์ใด ({len(built)} ไฟล์ตรงกับที่ {web})" in second.stdout
    assert (web / MANIFEST_NAME).stat().st_mtime_ns == stamp  # not even the manifest is rewritten


def test_dry_run_sends_nothing(sample: Path, tmp_path: Path) -> None:
    web = tmp_path / "web"
    web.mkdir()
    proc = oit("publish", *AS_OF, str(web), "--dry-run", cwd=sample)
    assert proc.returncode == 0, proc.stderr
    count = len(tree_digest(sample / "site"))
    assert "  ส่ง index.html" in proc.stdout
    assert f"ทดลองเท่านั้น ไม่ได้ส่งอะไร: จะส่ง {count} ไฟล์ ลบ 0 ไฟล์ ไม่เปลี่ยน 0 ไฟล์ ที่ {web}" in proc.stdout
    assert list(web.iterdir()) == []


def test_gate_refuses_failing_site_unless_a_reason_is_given(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "s")
    _break_o11(root)
    web = tmp_path / "web"
    web.mkdir()
    refused = oit("publish", *AS_OF, str(web), cwd=root)
    assert refused.returncode == 1
    assert (
        "ไม่สร้างเว็บไซต์: ยังมี 1 รายการไม่ผ่าน (o11) — แก้ไขให้ครบ หรือสั่ง "
        'oit publish --allow-failing "เหตุผล" เพื่อยืนยันเผยแพร่ทั้งที่ยังไม่ครบ'
    ) in refused.stderr
    assert "Traceback" not in refused.stderr and list(web.iterdir()) == []

    reason = "รอสรุปผลเดือนมกราคมจากกองคลัง"
    allowed = oit("publish", *AS_OF, str(web), "--allow-failing", reason, "--json", str(tmp_path / "j.json"), cwd=root)
    assert allowed.returncode == 0, allowed.stderr
    assert f"บันทึกเหตุผลที่เผยแพร่ทั้งที่ยังไม่ครบไว้กับการเผยแพร่: {reason}" in allowed.stdout
    assert json.loads((tmp_path / "j.json").read_text(encoding="utf-8"))["allow_failing"] == reason
    manifest = Manifest.from_bytes((web / MANIFEST_NAME).read_bytes())
    assert manifest is not None and manifest.history[-1]["allow_failing"] == reason
    assert reason in (web / "publish-override.txt").read_text(encoding="utf-8")


def test_target_named_in_indicators_yml(sample: Path, tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "s")
    config = root / "indicators.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "\npublish:\n  target: ../web\n", encoding="utf-8")
    (tmp_path / "web").mkdir()
    proc = oit("publish", *AS_OF, cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "web" / "index.html").is_file()

    line = len((text + "\npublish:\n").splitlines()) + 1
    config.write_text(text + "\npublish:\n  target: sftp://webadmin:secret@www.example.go.th/~/public_html\n", encoding="utf-8")
    bad = oit("publish", *AS_OF, cwd=root)
    assert bad.returncode == 2
    assert bad.stderr.strip() == (
        f"ข้อผิดพลาด: indicators.yml:{line}: ห้ามใส่รหัสผ่านในปลายทาง (จะถูกเก็บไว้ในไฟล์หรือประวัติคำสั่ง) — "
        "วิธีแก้: ลบรหัสผ่านออกจาก URL แล้วตั้งในตัวแปร OIT_PUBLISH_PASSWORD แทน หรือใช้กุญแจ ssh"
    )


def test_missing_folder_is_not_created(sample: Path, tmp_path: Path) -> None:
    """A share that is not mounted must not become a new folder on the local disk."""
    proc = oit("publish", *AS_OF, str(tmp_path / "not-mounted"), cwd=sample)
    assert proc.returncode == 1
    assert f"ไม่พบโฟลเดอร์ปลายทาง {tmp_path / 'not-mounted'} — ตรวจว่าเชื่อมต่อไดรฟ์ของเว็บไซต์แล้ว" in proc.stderr
    assert not (tmp_path / "not-mounted").exists()


def test_changed_and_removed_files_only_others_left_alone(sample: Path, tmp_path: Path) -> None:
    v1, v2 = make_versions(sample / "site", tmp_path)
    web = tmp_path / "web"
    (web / "files").mkdir(parents=True)
    (web / "files" / "from-the-old-site.pdf").write_bytes(b"%PDF-1.4 not ours")
    (web / "index.php").write_text("<?php // the host's own", encoding="utf-8")
    first = publish_site(v1, _local(web))
    assert first.error is None and first.uploaded == len(site_files(v1))

    second = publish_site(v2, _local(web))
    assert second.error is None
    assert sorted(second.plan.uploads) == ["contact.html", "files/new-doc.pdf", "news/new.html"]
    assert second.plan.uploads[-1] == "contact.html"  # the changed page after what it links to
    assert second.plan.deletions == ["old.html", "files/old.pdf"]  # the page before its file
    assert (second.uploaded, second.deleted) == (3, 2)
    others = {"files/from-the-old-site.pdf": b"%PDF-1.4 not ours", "index.php": b"<?php // the host's own"}
    assert site_files(web) == {**site_files(v2), **others}
    assert parts_left(web) == [] and check_site_links(web) == []


def test_without_manifest_identical_files_are_kept_and_nothing_deleted(sample: Path, tmp_path: Path) -> None:
    """A host that already has (part of) the site, sent by hand: same files are not sent again."""
    v1, v2 = make_versions(sample / "site", tmp_path)
    web = tmp_path / "web"
    shutil.copytree(v1, web)
    result = publish_site(v2, _local(web))
    assert result.error is None and result.adopted_from_listing
    assert sorted(result.plan.uploads) == ["contact.html", "files/new-doc.pdf", "news/new.html"]
    assert result.plan.deletions == []  # not in a manifest: not known to be ours
    assert (web / "old.html").is_file() and (web / "files" / "old.pdf").is_file()
    manifest = Manifest.from_bytes((web / MANIFEST_NAME).read_bytes())
    assert manifest is not None and set(manifest.files) == set(site_files(v2))


def test_bad_target_exits_2_before_building(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "s")
    proc = oit("publish", *AS_OF, "http://www.example.go.th/", cwd=root)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "ข้อผิดพลาด: ปลายทาง: ไม่รู้จักวิธีส่ง 'http://' (ใช้ได้: โฟลเดอร์, sftp://, ftps://) — วิธีแก้: เช่น /mnt/webroot, "
        "sftp://webadmin@www.example.go.th/~/public_html หรือ ftps://webadmin@ftp.example.go.th/public_html"
    )
    assert not (root / "site").exists()


def test_no_secret_key_in_the_publish_setting(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "s")
    config = root / "indicators.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "\npublish:\n  target: ../web\n  password: x\n", encoding="utf-8")
    line = len((text + "\npublish:\n  target: ../web\n").splitlines()) + 1
    proc = oit("publish", *AS_OF, cwd=root)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"พบข้อผิดพลาด 1 จุด:\n  indicators.yml:{line}: ไม่รู้จักคีย์ 'password' — วิธีแก้: คีย์ที่ใช้ได้ที่นี่: target"
    )
