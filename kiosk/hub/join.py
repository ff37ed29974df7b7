"""The join code: everything a desk needs to join a hub, in characters a USB scanner types
recoverably under the Russian layout too.

``HUB1-`` and then Crockford base32 (upper-case letters without I, L, O, U, and digits) in
groups of four: the hub's address and port, the database, the desks' user and password, the
hub certificate's fingerprint (or, for a managed server, that its own CA-signed TLS is
trusted), and a checksum that catches a misread. A badge code is 12 symbols; a join code is
about a hundred and begins with its own prefix, so neither is taken for the other.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import struct
from dataclasses import dataclass
from typing import Final

from kiosk.codes import ALPHABET
from kiosk.i18n import tr

PREFIX: Final = "HUB1"
"""Version 1 of the code; the Russian layout types it as «РГИ1»."""
_LATIN_KEYS = "QWERTYUIOPASDFGHJKLZXCVBNM"
_RUSSIAN_KEYS = "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ"
_BY_LAYOUT: Final = str.maketrans(_RUSSIAN_KEYS + _RUSSIAN_KEYS.lower(), _LATIN_KEYS + _LATIN_KEYS)
_SEPARATORS: Final = re.compile(r"[\s\-‐‑‒–—―−_.]+")
_CROCKFORD: Final = str.maketrans("ILO", "110")
GROUP: Final = 4
CHECK_BYTES: Final = 3
MAX_LENGTH: Final = 600

HOST_NAME, HOST_IPV4, HOST_IPV6 = 0, 4, 6
FLAG_PINNED: Final = 1
"""The hub's own certificate, pinned by its fingerprint (else: the server's CA-signed TLS)."""


class JoinCodeError(ValueError):
    """Not a join code, or one misread (the checksum does not match); its text is in the
    user's language, as the sentence around it is (`misread_text`)."""

    def misread_text(self) -> str:
        """What a desk tells the person: scan it again (the code itself is never repeated)."""
        return tr(
            "Код подключения к хабу прочитан с ошибкой ({e}): отсканируйте его ещё раз.",
            "The hub's join code was misread ({e}): scan it again.",
            e=self,
        )


@dataclass(frozen=True)
class JoinCode:
    host: str
    port: int
    database: str
    user: str
    password: str
    fingerprint: bytes | None
    """16 bytes of the hub certificate's SHA-256; None for a managed server (CA-verified)."""

    @property
    def hub_id(self) -> str:
        """A short stable name of the hub, for its folder on a desk."""
        seed = self.fingerprint or f"{self.host}:{self.port}/{self.database}".encode()
        return hashlib.sha256(seed).hexdigest()[:12]

    def encode(self) -> str:
        body = bytearray([1, FLAG_PINNED if self.fingerprint else 0])
        body += _host_bytes(self.host)
        body += struct.pack(">H", self.port)
        for text in (self.database, self.user, self.password):
            raw = text.encode()
            if len(raw) > 255:
                raise ValueError("a join code field is limited to 255 bytes")
            body += bytes([len(raw)]) + raw
        if self.fingerprint is not None:
            body += self.fingerprint
        body += hashlib.sha256(bytes(body)).digest()[:CHECK_BYTES]
        symbols = _base32(bytes(body))
        groups = [symbols[i : i + GROUP] for i in range(0, len(symbols), GROUP)]
        return "-".join([PREFIX, *groups])

    def redacted(self) -> str:
        """For messages and logs: where, never the password."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def with_password(url: str, code: JoinCode) -> str:
    """The hub's database URL as `kiosk hub start --json` announces it (the password masked:
    nothing it prints holds a secret twice) with the desks' password from its join code."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(password=code.password).render_as_string(hide_password=False)


def looks_like_join_code(text: str) -> bool:
    """Whether the text starts as a join code does (in any layout or case)."""
    head = _SEPARATORS.sub("", text.strip())[: len(PREFIX)]
    return head.translate(_BY_LAYOUT).upper() == PREFIX


def holds_join_code(text: str) -> bool:
    """Whether a join code (or the start of one: its prefix and a group or more) is anywhere in
    the text — a scan that went into a name field must not become a desk's name."""
    compact = _SEPARATORS.sub("", text).translate(_BY_LAYOUT).upper().translate(_CROCKFORD)
    return re.search(f"{PREFIX}[{ALPHABET}]{{{GROUP},}}", compact) is not None


def without_join_code(text: str) -> str:
    """The text before the join code in it (what was typed before the scan)."""
    for start in range(len(text)):
        if looks_like_join_code(text[start:]) and holds_join_code(text[start:]):
            return text[:start].rstrip(" -")
    return text


def decode(text: str) -> JoinCode:
    """The join code in `text` (as pasted, or typed by a scanner in any layout)."""
    if len(text) > MAX_LENGTH or not looks_like_join_code(text):
        raise JoinCodeError(tr("это не код подключения", "not a join code"))
    compact = _SEPARATORS.sub("", text.strip()).translate(_BY_LAYOUT).upper()
    symbols = compact[len(PREFIX) :].translate(_CROCKFORD)
    if not symbols or any(ch not in ALPHABET for ch in symbols):
        raise JoinCodeError(
            tr(
                "в коде подключения только латинские буквы, цифры и дефисы",
                "a join code has only letters, digits and dashes",
            )
        )
    raw = _unbase32(symbols)
    body, check = raw[:-CHECK_BYTES], raw[-CHECK_BYTES:]
    if len(body) < 8 or hashlib.sha256(body).digest()[:CHECK_BYTES] != check:
        raise JoinCodeError(tr("не сходится контрольная сумма", "its checksum does not match"))
    try:
        return _parse(body)
    except (IndexError, struct.error, UnicodeDecodeError, ValueError):
        raise JoinCodeError(tr("код повреждён", "the code is damaged")) from None


def _parse(body: bytes) -> JoinCode:
    version, flags = body[0], body[1]
    if version != 1:
        raise ValueError(f"version {version}")
    position = 2
    kind = body[position]
    position += 1
    if kind == HOST_IPV4:
        host = str(ipaddress.IPv4Address(body[position : position + 4]))
        position += 4
    elif kind == HOST_IPV6:
        host = str(ipaddress.IPv6Address(body[position : position + 16]))
        position += 16
    elif kind == HOST_NAME:
        length = body[position]
        host = body[position + 1 : position + 1 + length].decode()
        position += 1 + length
    else:
        raise ValueError(f"host kind {kind}")
    (port,) = struct.unpack(">H", body[position : position + 2])
    position += 2
    texts = []
    for _ in range(3):
        length = body[position]
        texts.append(body[position + 1 : position + 1 + length].decode())
        position += 1 + length
    fingerprint = None
    if flags & FLAG_PINNED:
        fingerprint = bytes(body[position : position + 16])
        if len(fingerprint) != 16:
            raise ValueError("short fingerprint")
        position += 16
    if position != len(body):
        raise ValueError("trailing bytes")
    return JoinCode(host, port, texts[0], texts[1], texts[2], fingerprint)


def _host_bytes(host: str) -> bytes:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raw = host.encode("idna")
        return bytes([HOST_NAME, len(raw)]) + raw
    if isinstance(address, ipaddress.IPv4Address):
        return bytes([HOST_IPV4]) + address.packed
    return bytes([HOST_IPV6]) + address.packed


def _base32(data: bytes) -> str:
    bits = int.from_bytes(data, "big")
    count = (len(data) * 8 + 4) // 5
    bits <<= count * 5 - len(data) * 8
    return "".join(ALPHABET[(bits >> (5 * (count - 1 - i))) & 31] for i in range(count))


def _unbase32(symbols: str) -> bytes:
    bits = 0
    for ch in symbols:
        bits = (bits << 5) | ALPHABET.index(ch)
    length = len(symbols) * 5 // 8
    bits >>= len(symbols) * 5 - length * 8
    return bits.to_bytes(length, "big")
