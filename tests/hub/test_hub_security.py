"""The hub on a venue's shared Wi-Fi, tested for real: only its TLS endpoint is reachable, only
with the desks' password and only by a desk that checks the hub's certificate against the join
code; its secrets stay in its private folder and out of every message."""

from __future__ import annotations

import os
import re
import select
import shutil
import socket
import stat
import struct
import subprocess
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psutil
import psycopg
import pytest

from kiosk.hub.certs import ensure_identity, server_context
from kiosk.hub.join import JoinCode, decode
from kiosk.hub.tls import TlsEndpoint
from tests.hubs import (
    ROOT,
    START_TIMEOUT_S,
    HubProcess,
    admin_url,
    backend_of,
    child_environment,
    desk_password,
    free_port,
    kiosk_command,
    private_folder,
    run_desk,
    skip_without_postgres,
)

pytestmark = [pytest.mark.postgres]

LOOPBACK = frozenset({"127.0.0.1", "::1"})


def code_of(hub: HubProcess) -> JoinCode:
    return decode(hub.join)


def assert_tells_no_secret(texts: list[str], *codes: JoinCode) -> None:
    """Neither a password nor a join code (nor its body without the dashes) in any text."""
    for code in codes:
        encoded = code.encode()
        for secret in (code.password, encoded, encoded.replace("-", ""), encoded[5:25]):
            for text in texts:
                assert secret not in text, f"a secret in: {text[:300]}"


def desk_output(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [result.stdout, result.stderr]


def test_a_desk_with_a_wrong_password_is_refused_and_told_so_without_it(
    shared_hub: HubProcess, tmp_path: Path
) -> None:
    wrong = replace(code_of(shared_hub), password="not-the-desks-password")
    for mode in ((), ("--json",)):
        result = run_desk(tmp_path, wrong.encode(), "stats", *mode)
        assert result.returncode == 3
        assert "не принял пароль" in result.stdout + result.stderr
        assert_tells_no_secret(desk_output(result), wrong, code_of(shared_hub))


def test_a_plain_connection_to_the_hub_is_refused(shared_hub: HubProcess) -> None:
    code = code_of(shared_hub)
    with pytest.raises(psycopg.OperationalError, match="only encrypted connections"):
        psycopg.connect(
            host=code.host,
            port=code.port,
            user=code.user,
            password=code.password,
            dbname=code.database,
            sslmode="disable",
            connect_timeout=5,
        )


def test_a_plain_start_up_message_gets_an_error_and_nothing_of_the_server(
    shared_hub: HubProcess,
) -> None:
    body = b"user\x00kiosk_desk\x00database\x00kiosk\x00\x00"
    startup = struct.pack(">II", 8 + len(body), 196608) + body  # protocol 3.0
    with socket.create_connection((shared_hub.host, shared_hub.port), timeout=5) as plain:
        plain.sendall(startup)
        answer = b""
        while chunk := plain.recv(4096):
            answer += chunk
    assert answer.startswith(b"E") and b"only encrypted connections" in answer
    assert b"SCRAM" not in answer and b"R\x00" not in answer[:2]


@pytest.fixture
def look_alike(shared_hub: HubProcess, tmp_path: Path) -> Iterator[JoinCode]:
    """The hub's own join code, but at its address a look-alike answers: its own certificate,
    carrying every connection on to the real hub's server (a man in the middle)."""
    impostor = TlsEndpoint(
        server_context(ensure_identity(private_folder("kiosk-test-impostor-"))),
        "127.0.0.1",
        0,
        backend_of(shared_hub.data).port,
    )
    port = impostor.start()
    try:
        yield replace(code_of(shared_hub), port=port)
    finally:
        impostor.stop()


def test_the_look_alike_does_carry_a_desk_that_does_not_check_its_certificate(
    shared_hub: HubProcess, look_alike: JoinCode
) -> None:
    # What the pinning below protects against: without it the look-alike gets through.
    with psycopg.connect(
        host=look_alike.host,
        port=look_alike.port,
        user=look_alike.user,
        password=look_alike.password,
        dbname=look_alike.database,
        sslmode="require",
        sslnegotiation="direct",
        connect_timeout=5,
    ) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)


def test_a_new_desk_refuses_a_look_alike_hub_before_it_sends_the_password(
    shared_hub: HubProcess, look_alike: JoinCode, tmp_path: Path
) -> None:
    result = run_desk(tmp_path, look_alike.encode(), "stats")
    assert result.returncode == 3
    assert "не тот хаб" in result.stderr
    assert_tells_no_secret(desk_output(result), look_alike, code_of(shared_hub))
    assert not list((tmp_path / "kiosk").glob("hubs/*/hub.crt"))  # nothing of it pinned


def test_a_desk_that_joined_the_hub_refuses_a_look_alike_at_its_address(
    shared_hub: HubProcess, look_alike: JoinCode, tmp_path: Path
) -> None:
    assert run_desk(tmp_path, shared_hub.join, "stats").returncode == 0
    result = run_desk(tmp_path, look_alike.encode(), "stats", "--json")
    assert result.returncode == 3
    assert "не тот хаб" in result.stdout
    assert_tells_no_secret(desk_output(result), look_alike, code_of(shared_hub))


def test_a_desk_whose_hub_does_not_answer_is_told_so_without_secrets(
    shared_hub: HubProcess, tmp_path: Path
) -> None:
    assert run_desk(tmp_path / "joined", shared_hub.join, "stats").returncode == 0
    gone = replace(code_of(shared_hub), port=free_port())
    for home in (tmp_path / "joined", tmp_path / "new"):
        result = run_desk(home, gone.encode(), "stats")
        assert result.returncode == 3
        assert "не отвечает" in result.stderr
        assert_tells_no_secret(desk_output(result), gone)


def test_a_misread_join_code_is_not_echoed_back(shared_hub: HubProcess, tmp_path: Path) -> None:
    code = shared_hub.join
    misread = code[:-3] + ("0" if code[-3] != "0" else "1") + code[-2:]
    result = run_desk(tmp_path, misread, "stats")
    assert result.returncode == 3
    assert "прочитан с ошибкой" in result.stderr
    assert_tells_no_secret(desk_output(result), code_of(shared_hub))
    assert misread[5:25] not in result.stderr


def test_the_database_server_listens_on_the_hub_itself_only(shared_hub: HubProcess) -> None:
    backend = backend_of(shared_hub.data)
    assert backend.listen == "127.0.0.1"
    listening = [
        c.laddr
        for c in psutil.Process(backend.pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert listening and all(address.ip in LOOPBACK for address in listening)
    assert backend.port in {address.port for address in listening}


def test_the_servers_access_rules_are_scram_only(shared_hub: HubProcess) -> None:
    written = (shared_hub.data / "postgres" / "pg_hba.conf").read_text()
    rules = [line.split() for line in written.splitlines() if line.split()[:1] != ["#"] and line]
    assert rules and all(rule[-1] == "scram-sha-256" for rule in rules)
    with psycopg.connect(admin_url(shared_hub.data), connect_timeout=5) as admin:
        loaded = admin.execute("SELECT auth_method, error FROM pg_hba_file_rules").fetchall()
        assert loaded and all(row == ("scram-sha-256", None) for row in loaded)
        stored = admin.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'kiosk_desk'"
        ).fetchone()
    assert stored is not None and stored[0].startswith("SCRAM-SHA-256$")


def test_a_desk_keeps_the_pinned_certificate_private(
    shared_hub: HubProcess, tmp_path: Path
) -> None:
    assert run_desk(tmp_path, shared_hub.join, "stats").returncode == 0
    (pinned,) = (tmp_path / "kiosk").glob("hubs/*/hub.crt")
    assert stat.S_IMODE(pinned.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(pinned.stat().st_mode) == 0o600
    assert code_of(shared_hub).password not in pinned.read_text()


# ---- a hub as the organiser starts it: on the venue's network, the code printed as text ----


class TextHub:
    """`kiosk hub start` without --json, on every address of the laptop."""

    def __init__(self, data: Path, home: Path) -> None:
        self.data = data
        self.port = free_port()
        self.process = subprocess.Popen(
            kiosk_command("hub", "start", "--data", str(data), "--port", str(self.port)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_environment(home),
            cwd=ROOT,
        )
        self.out = bytearray()
        self.errors = bytearray()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not (found := re.search(rb"^(HUB1-[0-9A-Z-]+)\s*$", self.out, re.MULTILINE)):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.process.kill()
                raise AssertionError(f"the hub did not start: {self.printed()[1]}")
            self._read(0.2)
        self.join = found.group(1).decode()

    def _read(self, wait: float) -> None:
        assert self.process.stdout is not None and self.process.stderr is not None
        streams = {
            self.process.stdout.fileno(): self.out,
            self.process.stderr.fileno(): self.errors,
        }
        ready, _, _ = select.select(list(streams), [], [], wait)
        for fd in ready:
            streams[fd] += os.read(fd, 65536)

    def printed(self) -> tuple[str, str]:
        """Everything it has printed so far (stdout, stderr)."""
        for _ in range(20):
            self._read(0.01)
        return self.out.decode(errors="replace"), self.errors.decode(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=60)


def hub_folder(prefix: str) -> Path:
    """A folder for a hub's data, made beforehand as a person makes one (0755), in a folder
    that the server's own user may pass through when the tests run as root (as /var/lib)."""
    parent = private_folder(prefix)
    parent.chmod(0o711)
    data = parent / "hub"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    return data


@pytest.fixture(scope="module")
def lan_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TextHub]:
    skip_without_postgres()
    data = hub_folder("kiosk-test-lan-hub-")
    parent = data.parent
    hub = TextHub(data, tmp_path_factory.mktemp("lan-hub-home"))
    try:
        yield hub
    finally:
        hub.stop()
        shutil.rmtree(parent, ignore_errors=True)


def test_on_the_venue_network_only_the_tls_endpoint_listens_beyond_the_laptop(
    lan_hub: TextHub,
) -> None:
    endpoint = [
        c.laddr
        for c in psutil.Process(lan_hub.process.pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert [(a.ip, a.port) for a in endpoint] == [("0.0.0.0", lan_hub.port)]
    backend = backend_of(lan_hub.data)
    server = [
        c.laddr
        for c in psutil.Process(backend.pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert server and all(a.ip in LOOPBACK for a in server)
    address = decode(lan_hub.join).host
    if address not in LOOPBACK:  # the laptop's own LAN address: the server is not there
        with pytest.raises(OSError):
            socket.create_connection((address, backend.port), timeout=2).close()


def test_the_hubs_folder_password_and_key_are_private(lan_hub: TextHub) -> None:
    assert stat.S_IMODE(lan_hub.data.stat().st_mode) == 0o700
    assert stat.S_IMODE((lan_hub.data / "postgres").stat().st_mode) == 0o700
    for name in ("hub.key", "desk.password", "admin.password", "postgres.log"):
        assert stat.S_IMODE((lan_hub.data / name).stat().st_mode) == 0o600, name
    assert desk_password(lan_hub.data) == decode(lan_hub.join).password


def test_a_hub_prints_its_code_once_and_its_password_never(
    lan_hub: TextHub, tmp_path: Path
) -> None:
    code = decode(lan_hub.join)
    # What a day of a hub brings: desks joining, a wrong password, a look-alike's code, a plain
    # connection.
    assert run_desk(tmp_path / "desk", lan_hub.join, "stats").returncode == 0
    failures = [
        run_desk(tmp_path / "desk", replace(code, password="x" * 24).encode(), "stats"),
        run_desk(tmp_path / "other", replace(code, fingerprint=bytes(16)).encode(), "stats"),
    ]
    assert [f.returncode for f in failures] == [3, 3]
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host=code.host, port=code.port, user=code.user, sslmode="disable").close()
    time.sleep(0.2)
    out, errors = lan_hub.printed()
    assert out.count(lan_hub.join) == 1
    assert code.password not in out and code.password not in errors
    assert lan_hub.join not in errors and not re.search(r"HUB1-\w{4}-", errors)
    assert code.password not in (lan_hub.data / "postgres.log").read_text(errors="replace")
