"""The hub's own TLS identity: a self-signed certificate made when the hub is created, whose
fingerprint travels in the join code so that desks trust this hub and no look-alike."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from kiosk.files import write_atomically

CERT_FILE: Final = "hub.crt"
KEY_FILE: Final = "hub.key"
FINGERPRINT_BYTES: Final = 16
"""Of the certificate's SHA-256: 128 bits, which a look-alike hub cannot match."""
ALPN: Final = "postgresql"
"""The protocol name PostgreSQL's direct TLS negotiation asks for (libpq 17+)."""


@dataclass(frozen=True)
class Identity:
    cert: Path
    key: Path

    @property
    def fingerprint(self) -> bytes:
        return fingerprint_of_pem(self.cert.read_bytes())


def fingerprint_of_der(der: bytes) -> bytes:
    return hashlib.sha256(der).digest()[:FINGERPRINT_BYTES]


def fingerprint_of_pem(pem: bytes) -> bytes:
    return fingerprint_of_der(ssl.PEM_cert_to_DER_cert(pem.decode("ascii")))


def ensure_identity(folder: Path, name: str = "kiosk-hub") -> Identity:
    """The hub's certificate and key in `folder`, made on first use (key 0600)."""
    identity = Identity(folder / CERT_FILE, folder / KEY_FILE)
    if identity.cert.is_file() and identity.key.is_file():
        return identity
    # Imported here: only a hub being created needs it.
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    hosts: list[x509.GeneralName] = [x509.DNSName("localhost"), x509.DNSName(socket.gethostname())]
    hosts.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.SubjectAlternativeName(hosts), critical=False)
        # Its own authority: the desks pin it (sslmode=verify-ca with it as the only root).
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    write_atomically(
        identity.key,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    write_atomically(identity.cert, certificate.public_bytes(serialization.Encoding.PEM))
    return identity


def server_context(identity: Identity) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(str(identity.cert), str(identity.key))
    context.set_alpn_protocols([ALPN])
    return context


def fetch_certificate(host: str, port: int, timeout: float = 5.0) -> bytes:
    """The certificate a hub presents (PEM), by a direct TLS handshake without trusting it —
    the caller compares its fingerprint with the join code before using it."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_alpn_protocols([ALPN])
    with (
        socket.create_connection((host, port), timeout=timeout) as raw,
        context.wrap_socket(raw, server_hostname=host) as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    if not der:
        raise ssl.SSLError("the hub presented no certificate")
    return ssl.DER_cert_to_PEM_cert(der).encode("ascii")
