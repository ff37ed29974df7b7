"""`kiosk hub start` as a person runs it: desks join with its code, it stops cleanly."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.hubs import (
    ROOT,
    HubProcess,
    backend_of,
    child_environment,
    desk_password,
    free_port,
    kiosk_command,
    run_desk,
    running,
)


def test_a_desk_joins_with_the_code_and_sees_the_event(hub: HubProcess, tmp_path: Path) -> None:
    result = run_desk(tmp_path, hub.join, "stats", "--json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["attendees"] == 0


def test_sigterm_stops_the_hub_cleanly(hub: HubProcess) -> None:
    assert hub.stop() == 0
    assert hub.process.stderr is not None
    assert "Traceback" not in hub.process.stderr.read()


def test_a_second_hub_on_a_folder_in_use_says_so_in_the_users_language(
    hub: HubProcess, hub_home: Path
) -> None:
    command = kiosk_command(
        "hub", "start", "--json", "--data", str(hub.data), "--port", str(free_port()),
        "--listen", "127.0.0.1",
    )  # fmt: skip
    server = backend_of(hub.data).pid
    errors = {}
    for language in ("ru", "en"):
        second = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=child_environment(hub_home, KIOSK_LANG=language),
            cwd=ROOT,
            timeout=120,
        )
        assert second.returncode == 3, second.stderr
        errors[language] = json.loads(second.stdout)["error"]
    assert "уже использует другой запущенный сервер" in errors["ru"]
    assert "--data ПАПКА" in errors["ru"]
    assert "is in use by another database server" in errors["en"]
    for text in errors.values():
        assert "postmaster" not in text and "HINT" not in text
    assert hub.process.poll() is None  # the hub that runs is left alone
    assert backend_of(hub.data).pid == server and running(server)  # and its database


def test_the_announcement_prints_no_password(hub: HubProcess) -> None:
    password = desk_password(hub.data)
    printed = hub.output[0]
    assert password not in printed
    announced = json.loads(printed)
    assert ":***@" in announced["url"]
    assert hub.url.count(password) == 1  # the desk on this laptop fills it in from the code
