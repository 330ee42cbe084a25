"""`oit publish` over SFTP (a real asyncssh server) and FTPS (pyftpdlib with TLS) on loopback.

The client's home is a temporary folder: its ``~/.ssh/known_hosts`` is written by the test
(or not, to see an unknown host refused). Faults are injected by the servers: renames into
place fail after N files (a full disk) or the connection is cut; the run stops with exit 1,
the target keeps no page that links to a missing file, and the next run completes.
"""

from __future__ import annotations

import ftplib
import json
import os
import subprocess
from pathlib import Path

import pytest

from oit.checker.site_links import check_site_links
from oit.publishing.manifest import MANIFEST_NAME, Manifest
from oit.publishing.send import open_target, publish_site
from oit.publishing.target_url import parse_target
from tests.support.ftps_server import FtpsServer
from tests.support.publish_sites import make_versions, parts_left, site_files
from tests.support.sample import copy_sample, tree_digest
from tests.support.sftp_server import SftpServer

pytestmark = pytest.mark.network

OIT = str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "oit")
AS_OF = ("--offline", "--as-of", "2570-04-30")
PASSWORD = "ลับมาก"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    proc = subprocess.run([OIT, "build", *AS_OF], cwd=root, env=_env(root), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of the test's own: its ~/.ssh is what the SFTP client trusts; no ssh agent."""
    folder = tmp_path / "home"
    (folder / ".ssh").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    monkeypatch.setenv("OIT_PUBLISH_PASSWORD", PASSWORD)
    monkeypatch.setenv("OIT_PUBLISH_BACKOFF", "0.02")
    monkeypatch.setenv("OIT_PUBLISH_TIMEOUT", "10")
    return folder


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "PYTHAINLP_READ_ONLY": "1", "HOME": str(home), **extra}


def oit(*args: str, cwd: Path, home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = _env(home, **{"OIT_PUBLISH_PASSWORD": PASSWORD, "OIT_PUBLISH_BACKOFF": "0.02", "OIT_PUBLISH_TIMEOUT": "10", **extra})
    return subprocess.run([OIT, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _trust(home: Path, server: SftpServer) -> None:
    (home / ".ssh" / "known_hosts").write_text(server.known_hosts_line(), encoding="ascii")


# -- SFTP ----------------------------------------------------------------------------------


@pytest.mark.timeout(180)
def test_sftp_publish_then_nothing_to_send(sample: Path, tmp_path: Path, home: Path) -> None:
    web = tmp_path / "web"
    web.mkdir()
    with SftpServer(web) as server:
        _trust(home, server)
        first = oit("publish", *AS_OF, server.url("/public_html"), "--json", str(tmp_path / "1.json"), cwd=sample, home=home)
        assert first.returncode == 0, first.stdout + first.stderr
        built = tree_digest(sample / "site")
        assert site_files(web / "public_html") == built
        assert json.loads((tmp_path / "1.json").read_text(encoding="utf-8"))["uploaded"] == len(built)
        second = oit("publish", *AS_OF, server.url("/public_html"), "--json", str(tmp_path / "2.json"), cwd=sample, home=home)
        assert second.returncode == 0, second.stderr
        again = json.loads((tmp_path / "2.json").read_text(encoding="utf-8"))
        assert (again["uploaded"], again["deleted"], again["unchanged"]) == (0, 0, len(built))
        assert server.faults.renamed == len(built)  # the second run renamed (sent) nothing


@pytest.mark.timeout(120)
def test_sftp_unknown_host_key_is_refused(sample: Path, tmp_path: Path, home: Path) -> None:
    web = tmp_path / "web"
    web.mkdir()
    with SftpServer(web) as server:
        other = SftpServer(web)  # a key the client trusts, but not this server's
        (home / ".ssh" / "known_hosts").write_text(
            f"[{server.host}]:{server.port} {other.key.export_public_key().decode().strip()}\n", encoding="ascii"
        )
        for known in (True, False):
            if not known:
                (home / ".ssh" / "known_hosts").unlink()
            proc = oit("publish", *AS_OF, server.url("/"), cwd=sample, home=home)
            assert proc.returncode == 1
            assert (
                f"ไม่รู้จักกุญแจของเครื่อง 127.0.0.1 พอร์ต {server.port} (ลายนิ้วมือกุญแจ {server.fingerprint()}) "
                "ใน ~/.ssh/known_hosts จึงไม่ส่งไฟล์ (อาจไม่ใช่เครื่องของหน่วยงาน) — ถ้าผู้ดูแลเครื่องยืนยันลายนิ้วมือนี้แล้ว "
                f"ให้รับกุญแจโดยสั่ง ssh-keyscan -p {server.port} 127.0.0.1 >> ~/.ssh/known_hosts แล้วสั่ง oit publish อีกครั้ง"
            ) in proc.stderr
            assert "Traceback" not in proc.stderr
            assert list(web.iterdir()) == []


@pytest.mark.timeout(120)
def test_sftp_wrong_password_is_final(sample: Path, tmp_path: Path, home: Path) -> None:
    web = tmp_path / "web"
    web.mkdir()
    with SftpServer(web) as server:
        _trust(home, server)
        proc = oit("publish", *AS_OF, server.url("/"), cwd=sample, home=home, OIT_PUBLISH_PASSWORD="ผิด")
        assert proc.returncode == 1
        assert (
            "เข้าสู่ระบบ 127.0.0.1 ในชื่อ webadmin ไม่สำเร็จ — ตรวจชื่อผู้ใช้ กุญแจ ssh ใน ~/.ssh "
            "หรือรหัสผ่านในตัวแปร OIT_PUBLISH_PASSWORD"
        ) in proc.stderr
        assert list(web.iterdir()) == []


@pytest.mark.timeout(180)
@pytest.mark.parametrize("drop", [False, True], ids=["disk-full", "line-cut"])
def test_sftp_interrupted_update_leaves_no_broken_link_and_rerun_completes(
    sample: Path, tmp_path: Path, home: Path, drop: bool
) -> None:
    v1, v2 = make_versions(sample / "site", tmp_path)
    web = tmp_path / "web"
    web.mkdir()
    with SftpServer(web) as server:
        _trust(home, server)
        target = open_target(parse_target(server.url("/")))
        assert publish_site(v1, target).error is None
        before = server.faults.renamed
        # cut after each possible number of files of the update: 0, 1 and 2 of its 3 uploads
        for cut in range(3):
            server.faults.fail_at, server.faults.failed, server.faults.drop = before + cut, 0, drop
            stopped = publish_site(v2, open_target(parse_target(server.url("/"))))
            assert stopped.error is not None and stopped.uploaded == cut
            assert stopped.error.endswith(
                "ไม่สำเร็จหลังลอง 4 ครั้ง ("
                + ("Connection lost" if drop else "No space left on device")
                + ") — ไฟล์ที่ส่งแล้วอยู่ครบ หน้าเว็บบนปลายทางยังเปิดได้ ไม่มีหน้าใดลิงก์ไปไฟล์ที่ยังไม่มี "
                "เมื่อแก้ปัญหาแล้วสั่ง oit publish อีกครั้งเพื่อส่งส่วนที่เหลือ"
            ), stopped.error
            assert check_site_links(web) == [], cut
            manifest = Manifest.from_bytes((web / MANIFEST_NAME).read_bytes())
            assert manifest is not None
            for rel, entry in manifest.files.items():  # it claims only what is there
                assert (web / rel).stat().st_size == entry.size
            # put v1 back for the next cut point
            server.faults.fail_at = None
            assert publish_site(v1, open_target(parse_target(server.url("/")))).error is None
            before = server.faults.renamed

        server.faults.fail_at, server.faults.failed = before + 1, 0  # one file arrives, then the cut
        assert publish_site(v2, open_target(parse_target(server.url("/")))).error is not None
        server.faults.fail_at = None  # the disk is cleared / the line is back
        rerun = publish_site(v2, open_target(parse_target(server.url("/"))))
        assert rerun.error is None
        assert rerun.uploaded == 2  # the file that arrived before the cut is not sent again
        assert rerun.plan.uploads == ["news/new.html", "contact.html"]
        assert site_files(web) == site_files(v2)
        assert parts_left(web) == [] and check_site_links(web) == []


@pytest.mark.timeout(120)
def test_sftp_transient_failure_is_retried(sample: Path, tmp_path: Path, home: Path) -> None:
    v1, _ = make_versions(sample / "site", tmp_path)
    web = tmp_path / "web"
    web.mkdir()
    with SftpServer(web) as server:
        _trust(home, server)
        server.faults.fail_at, server.faults.times, server.faults.drop = 5, 2, True
        result = publish_site(v1, open_target(parse_target(server.url("/"))))
        assert result.error is None and server.faults.failed == 2
        assert site_files(web) == site_files(v1)


# -- FTPS ----------------------------------------------------------------------------------


@pytest.mark.timeout(180)
def test_ftps_publish_verified_then_nothing_to_send(sample: Path, tmp_path: Path, home: Path) -> None:
    web = tmp_path / "web"
    web.mkdir()
    with FtpsServer(web, tmp_path / "certs") as server:
        untrusted = oit("publish", *AS_OF, server.url("/"), cwd=sample, home=home)
        assert untrusted.returncode == 1
        assert "ใบรับรองความปลอดภัยของ 127.0.0.1 ตรวจสอบไม่ผ่าน (" in untrusted.stderr
        assert (
            ") จึงไม่ส่งรหัสผ่านและไฟล์ — ถ้าเครื่องนี้ใช้ใบรับรองที่หน่วยงานออกเอง ขอไฟล์ใบรับรองจากผู้ดูแลเครื่อง "
            "แล้วตั้ง OIT_PUBLISH_CA_FILE=ไฟล์นั้น"
        ) in untrusted.stderr
        assert list(web.iterdir()) == []

        ca = {"OIT_PUBLISH_CA_FILE": str(server.ca_file)}
        first = oit("publish", *AS_OF, server.url("/"), "--json", str(tmp_path / "1.json"), cwd=sample, home=home, **ca)
        assert first.returncode == 0, first.stdout + first.stderr
        built = tree_digest(sample / "site")
        assert site_files(web) == built
        second = oit("publish", *AS_OF, server.url("/"), "--json", str(tmp_path / "2.json"), cwd=sample, home=home, **ca)
        assert second.returncode == 0, second.stderr
        again = json.loads((tmp_path / "2.json").read_text(encoding="utf-8"))
        assert (again["uploaded"], again["deleted"], again["unchanged"]) == (0, 0, len(built))


@pytest.mark.timeout(180)
def test_ftps_full_disk_mid_update_then_rerun(
    sample: Path, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    v1, v2 = make_versions(sample / "site", tmp_path)
    web = tmp_path / "web"
    web.mkdir()
    (web / "index.php").write_text("<?php // the host's own", encoding="utf-8")
    with FtpsServer(web, tmp_path / "certs") as server:
        monkeypatch.setenv("OIT_PUBLISH_CA_FILE", str(server.ca_file))
        assert publish_site(v1, open_target(parse_target(server.url("/")))).error is None
        server.faults.fail_at = server.faults.renamed + 2
        stopped = publish_site(v2, open_target(parse_target(server.url("/"))))
        assert stopped.error is not None and "452 Insufficient storage space." in stopped.error
        assert stopped.uploaded == 2
        assert check_site_links(web) == []
        server.faults.fail_at = None
        rerun = publish_site(v2, open_target(parse_target(server.url("/"))))
        assert rerun.error is None and (rerun.uploaded, rerun.deleted) == (1, 2)  # only what did not arrive
        assert site_files(web) == {**site_files(v2), "index.php": b"<?php // the host's own"}
        assert parts_left(web) == [] and check_site_links(web) == []


@pytest.mark.timeout(60)
def test_ftps_data_connections_resume_the_control_session(tmp_path: Path) -> None:
    """vsftpd and ProFTPD refuse a data connection that does not resume the control
    connection's TLS session; ftplib's own FTP_TLS starts a new one each time."""
    import ssl

    from oit.publishing.targets.ftps import SessionReusingFTP_TLS

    web = tmp_path / "web"
    web.mkdir()
    (web / "a.txt").write_text("ก", encoding="utf-8")
    reused = {}
    with FtpsServer(web, tmp_path / "certs") as server:
        for kind in (ftplib.FTP_TLS, SessionReusingFTP_TLS):
            ftp = kind(context=ssl.create_default_context(cafile=str(server.ca_file)), timeout=10)
            ftp.connect(server.host, server.port)
            ftp.login(server.user, server.password)
            ftp.prot_p()
            conn, _ = ftp.ntransfercmd("RETR a.txt")
            assert conn.recv(16) == "ก".encode()
            reused[kind.__name__] = conn.session_reused
            conn.unwrap()
            conn.close()
            ftp.voidresp()
            ftp.quit()
    assert reused == {"FTP_TLS": False, "SessionReusingFTP_TLS": True}
