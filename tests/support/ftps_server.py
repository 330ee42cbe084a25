"""A real FTPS server (pyftpdlib's TLS_FTPHandler, explicit TLS) on loopback, in a thread.

Its certificate is issued for 127.0.0.1 by a certificate authority made for the test
(with the ``cryptography`` package); ``ca_file`` is what a client must trust to verify it.
Control and data connections both must be encrypted. ``faults.fail_at = N``: after N files
renamed into place, renames answer 452 (storage full) ``faults.times`` times.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import TLS_FTPHandler
from pyftpdlib.servers import FTPServer


@dataclass
class Faults:
    fail_at: int | None = None
    times: int = 1_000_000
    renamed: int = 0
    failed: int = 0


def make_certificates(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path, Path]:
    """(ca.pem, server.pem, server.key): a test CA and a server certificate it signed for ``host``."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "oit test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_file, cert_file, key_file


class FtpsServer:
    def __init__(self, root: Path, certs: Path, *, host: str = "127.0.0.1", user: str = "webadmin",
                 password: str = "ลับมาก") -> None:
        self.root, self.host, self.user, self.password = root, host, user, password
        self.ca_file, cert_file, key_file = make_certificates(certs, host)
        self.faults = faults = Faults()
        authorizer = DummyAuthorizer()
        authorizer.add_user(user, password, str(root), perm="elradfmwMT")

        class Handler(TLS_FTPHandler):
            def ftp_RNTO(self, path: str) -> Any:
                if not path.endswith(".oit-publish.json"):
                    if faults.fail_at is not None and faults.renamed >= faults.fail_at and faults.failed < faults.times:
                        faults.failed += 1
                        self._rnfr = None
                        return self.respond("452 Insufficient storage space.")
                    faults.renamed += 1
                return super().ftp_RNTO(path)

        Handler.certfile = str(cert_file)
        Handler.keyfile = str(key_file)
        Handler.authorizer = authorizer
        Handler.tls_control_required = True
        Handler.tls_data_required = True
        self._server = FTPServer((host, 0), Handler)
        self.port = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"timeout": 0.05}, daemon=True)

    def __enter__(self) -> FtpsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.close_all()
        self._thread.join(20)

    def url(self, path: str = "/") -> str:
        return f"ftps://{self.user}@{self.host}:{self.port}{path}"
