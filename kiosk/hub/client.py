"""A desk's side of a hub: from a join code to a database URL that trusts this hub only.

The first time a desk sees a hub it fetches the certificate the hub presents and keeps it only
if its fingerprint is the one in the join code; from then on libpq verifies the hub against
that certificate alone (`sslmode=verify-ca`), so a look-alike hub on the venue's Wi-Fi cannot
intercept the desk. The password goes only inside the TLS connection, checked by SCRAM.
"""

from __future__ import annotations

import logging
import ssl
from pathlib import Path
from typing import Final
from urllib.parse import quote, urlencode

from platformdirs import user_data_path

from kiosk import APP_NAME
from kiosk.files import make_private_dir, write_atomically
from kiosk.hub.certs import fetch_certificate, fingerprint_of_pem
from kiosk.hub.join import JoinCode
from kiosk.i18n import tr

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S: Final = 2
"""libpq's own floor; a desk does not wait that long for a scan (kiosk.hub.desk)."""
TCP_USER_TIMEOUT_MS: Final = 4000
"""A connection whose packets go unanswered this long is given up (the Wi-Fi dropped)."""


class HubUnreachable(Exception):
    """The hub cannot be reached or is not the hub of the join code; the message says why."""


def desk_home() -> Path:
    """Where a desk keeps its own state (hub certificates, its id, replica, outbox):
    `KIOSK_HOME`, else the user data folder."""
    from kiosk.profile import kiosk_home

    return kiosk_home() or user_data_path(APP_NAME, appauthor=False)


def hub_folder(code: JoinCode, home: Path | None = None) -> Path:
    return make_private_dir((home or desk_home()) / "hubs" / code.hub_id)


def pinned_certificate(code: JoinCode, home: Path | None = None) -> Path:
    """The hub's certificate, checked against the join code (fetched the first time)."""
    assert code.fingerprint is not None
    path = hub_folder(code, home) / "hub.crt"
    if path.is_file() and fingerprint_of_pem(path.read_bytes()) == code.fingerprint:
        return path
    try:
        pem = fetch_certificate(code.host, code.port)
    except (OSError, ssl.SSLError) as exc:
        # The system's words for it (English, technical) go to the log, not to the desk.
        log.info("the hub %s sent no certificate: %s", code.redacted(), type(exc).__name__)
        raise HubUnreachable(_not_answering(code)) from None
    if fingerprint_of_pem(pem) != code.fingerprint:
        raise HubUnreachable(_not_this_hub(code))
    write_atomically(path, pem)
    return path


_WRONG_PASSWORD: Final = ("password authentication failed", "SCRAM", "authentication method")
_NOT_THIS_HUB: Final = ("certificate verify failed", "certificate")
_NOT_ANSWERING: Final = (
    "Connection refused",
    "timeout expired",
    "timed out",
    "No route to host",
    "Network is unreachable",
    "could not translate host name",
    "server closed the connection",
    "Connection reset",
    "Connection timed out",
    "Host is down",
    "did not answer in time",  # kiosk.hub.deadline gave up on it
    # The connection broke while it was being made (the hub's server restarting, a Wi-Fi
    # that drops): libpq's TLS layer says so in its own words.
    "SSL SYSCALL error",
    "EOF detected",
    "unexpected eof",
    "SSL connection has been closed unexpectedly",
    "could not receive data from server",
    "could not send data to server",
    "no connection to the server",
    "terminating connection due to administrator command",
)
_NOT_ANSWERING_FOLDED: Final = tuple(sign.casefold() for sign in _NOT_ANSWERING)


_RESTARTING: Final = (
    "the database system is starting up",
    "the database system is in recovery mode",
    "the database system is shutting down",
    "the database system is not yet accepting connections",
    "the database system is not accepting connections",
)
"""PostgreSQL's «cannot connect now» (57P03), as libpq passes it on: the hub's database is
starting again."""


def restarting(error: str) -> bool:
    """Whether the driver's error text says the hub's database is restarting: PostgreSQL's own
    words while it starts or stops, or the hub's endpoint's (kiosk.hub.tls) while it is gone."""
    from kiosk.hub.tls import RESTARTING

    return any(sign in error for sign in (*_RESTARTING, *RESTARTING))


def restarting_failure(code: JoinCode) -> str:
    return tr(
        "База данных хаба {h} перезапускается: попробуйте через несколько секунд.",
        "The database of the hub {h} is restarting: try again in a few seconds.",
        h=code.redacted(),
    )


def connection_failure(code: JoinCode, error: str) -> str:
    """A sentence for people on why the hub of `code` refused or did not answer, from the
    database driver's error text; it names where the hub is, never the password or the code.
    The driver's own text (English, technical) is never shown: it goes to the log."""
    reason = error.strip().splitlines()[-1].strip() if error.strip() else "?"
    # libpq's errors on connecting name the server and the hub's user, never a person.
    log.info("cannot connect to the hub %s: %s", code.redacted(), reason[:200])
    if restarting(error):
        return restarting_failure(code)
    if any(sign in error for sign in _WRONG_PASSWORD):
        return tr(
            "Хаб {h} не принял пароль из кода подключения: код устарел или прочитан не весь. "
            "Отсканируйте код с экрана хаба заново.",
            "The hub {h} did not accept the password of the join code: the code is out of date "
            "or was not read whole. Scan the code on the hub's screen again.",
            h=code.redacted(),
        )
    if any(sign in error for sign in _NOT_THIS_HUB):
        return _not_this_hub(code)
    if any(sign in error.casefold() for sign in _NOT_ANSWERING_FOLDED):
        return _not_answering(code)
    return tr(
        "Не удаётся подключиться к хабу {h}. Проверьте, что он запущен и ноутбуки в одной "
        "сети, и повторите через минуту; если не поможет, перезапустите хаб.",
        "Cannot connect to the hub {h}. Check that it runs and the laptops share a network, "
        "and try again in a minute; if that does not help, restart the hub.",
        h=code.redacted(),
    )


def _not_answering(code: JoinCode) -> str:
    return tr(
        "Хаб {h} не отвечает. Проверьте, что он запущен и ноутбуки в одной сети.",
        "The hub {h} does not answer. Check that it runs and the laptops share a network.",
        h=code.redacted(),
    )


def _not_this_hub(code: JoinCode) -> str:
    return tr(
        "По адресу {h} отвечает не тот хаб, что в коде подключения: подключение "
        "отклонено. Отсканируйте код с экрана хаба заново.",
        "The server at {h} is not the hub of the join code: the connection is refused. "
        "Scan the code on the hub's screen again.",
        h=code.redacted(),
    )


def database_url(code: JoinCode, home: Path | None = None) -> str:
    """The SQLAlchemy URL of the hub's database for this desk."""
    options: dict[str, str] = {
        "connect_timeout": str(CONNECT_TIMEOUT_S),
        "require_auth": "scram-sha-256",
        "keepalives": "1",
        "keepalives_idle": "5",
        "keepalives_interval": "2",
        "keepalives_count": "2",
        "tcp_user_timeout": str(TCP_USER_TIMEOUT_MS),
        "application_name": "kiosk-desk",
    }
    if code.fingerprint is not None:
        options |= {
            "sslmode": "verify-ca",
            "sslrootcert": str(pinned_certificate(code, home)),
            "sslnegotiation": "direct",
        }
    else:
        # A managed server: its own certificate, signed by an authority the system trusts.
        options |= {"sslmode": "verify-full", "sslrootcert": "system"}
    host = f"[{code.host}]" if ":" in code.host else code.host
    credentials = f"{quote(code.user, safe='')}:{quote(code.password, safe='')}"
    return (
        f"postgresql+psycopg://{credentials}@{host}:{code.port}/"
        f"{quote(code.database, safe='')}?{urlencode(options)}"
    )
