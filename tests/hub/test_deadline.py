"""A scan's work with the hub ends within its deadline whatever the network does — a hub that
takes packets and answers nothing, one that does not let a connection finish, one too busy to
answer — and ends as a lost connection; work outside a deadline (an import, a report) is never
cut."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.hub.deadline import (
    SCAN_DEADLINE_S,
    SYNC_SILENCE_S,
    HubTooSlow,
    answers_within,
    deadline,
    paused,
    remaining,
    within,
)
from kiosk.hub.live import is_connection_lost
from tests.netproxy import Proxy

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def proxy(pg_url: str) -> Iterator[Proxy]:
    url = make_url(pg_url)
    with Proxy(url.host or "127.0.0.1", url.port or 5432) as running:
        yield running


@pytest.fixture
def hub(pg_url: str, proxy: Proxy, event: Event) -> Iterator[Database]:
    """The test's database, reached through the proxy."""
    url = make_url(pg_url).set(port=proxy.port)
    db = open_database(url.render_as_string(hide_password=False), event, create=True)
    try:
        yield db
    finally:
        db.dispose()


def one(db: Database, sql: str = "SELECT 1") -> object:
    with db.write_rows() as connection:
        return connection.exec_driver_sql(sql).scalar_one()


def failure_within(seconds: float, work: object) -> tuple[float, BaseException]:
    started = time.monotonic()
    with pytest.raises(Exception) as caught:
        within(seconds, work)()  # type: ignore[arg-type]
    return time.monotonic() - started, caught.value


def test_the_scan_deadline_is_at_most_a_second_and_a_half() -> None:
    assert SCAN_DEADLINE_S <= 1.5


def test_a_statement_on_a_stalled_hub_fails_as_a_lost_connection_at_the_deadline(
    hub: Database, proxy: Proxy
) -> None:
    assert one(hub) == 1  # a pooled connection, made before the stall
    proxy.stall()
    took, error = failure_within(0.5, lambda: one(hub))
    assert 0.4 < took < 0.9, took
    assert is_connection_lost(error)


def test_connecting_to_a_stalled_hub_gives_up_at_the_deadline(hub: Database, proxy: Proxy) -> None:
    hub.engine.dispose()  # no pooled connection: the scan has to connect
    proxy.stall()
    took, error = failure_within(0.5, lambda: one(hub))
    assert took < 0.9, took  # libpq itself would wait 2 s at least
    assert is_connection_lost(error)


def test_a_hub_too_busy_to_answer_in_time_cancels_the_statement_itself(
    hub: Database, pg_url: str
) -> None:
    started = time.monotonic()
    with pytest.raises(HubTooSlow), deadline(0.5):
        one(hub, "SELECT pg_sleep(5)")
    assert time.monotonic() - started < 0.9
    # The hub gave up on it: the next scan finds it answering at once, on a working connection.
    with deadline(0.5):
        assert one(hub) == 1


def test_work_outside_a_deadline_is_never_cut(hub: Database, proxy: Proxy) -> None:
    with deadline(0.3):
        assert one(hub) == 1
    assert one(hub, "SELECT pg_sleep(0.8)::text") == ""  # a report's long statement
    proxy.delay = 0.2  # a slow network: each round trip takes longer than the deadline below
    with pytest.raises(Exception) as caught, deadline(0.15):
        one(hub)
    assert is_connection_lost(caught.value)
    assert one(hub) == 1
    with hub.write_rows() as connection:
        assert connection.exec_driver_sql("SHOW statement_timeout").scalar_one() == "0"


def test_this_laptops_own_work_inside_a_deadline_does_not_use_up_the_hubs_time(
    hub: Database, proxy: Proxy
) -> None:
    """A badge rendered and sent to the printer between its record and its taking back: the
    hub's work after it has what was left before it, and a hub that stalls then is still given
    up in time."""
    with deadline(0.5):
        assert one(hub) == 1
        with paused():
            assert remaining() is None
            time.sleep(0.7)  # longer than the whole deadline
        left = remaining()
        assert left is not None and 0.3 < left <= 0.5
        assert one(hub) == 1
        proxy.stall()
        started = time.monotonic()
        with pytest.raises(Exception) as caught:
            one(hub)
    assert time.monotonic() - started < 0.6
    assert is_connection_lost(caught.value)


def test_a_connection_given_up_is_not_used_again(hub: Database, proxy: Proxy) -> None:
    assert one(hub) == 1
    proxy.stall()
    failure_within(0.4, lambda: one(hub))
    proxy.heal()
    with deadline(SCAN_DEADLINE_S):
        assert one(hub, "SELECT 'fresh'") == "fresh"


def test_a_hub_that_did_not_answer_in_time_is_said_not_to_answer() -> None:
    from kiosk.hub.client import connection_failure
    from kiosk.hub.join import JoinCode

    code = JoinCode("10.0.0.5", 5433, "kiosk", "desk", "secret", fingerprint=None)
    said = connection_failure(code, "the hub did not answer in time")
    assert "не отвечает" in said and "secret" not in said


def test_a_sync_gives_up_on_a_stalled_hub_once_its_reply_stays_silent(
    hub: Database, proxy: Proxy
) -> None:
    assert one(hub) == 1  # a pooled connection, made before the stall
    proxy.stall()
    started = time.monotonic()
    with pytest.raises(Exception) as caught, answers_within(0.5):
        one(hub)
    took = time.monotonic() - started
    assert 0.4 < took < 1.5, took
    assert is_connection_lost(caught.value)
    proxy.heal()
    with answers_within(0.5):
        assert one(hub, "SELECT 'fresh'") == "fresh"  # the silent connection is not used again


def test_a_sync_the_hub_keeps_answering_is_never_cut_however_long_it_takes(
    hub: Database, proxy: Proxy
) -> None:
    assert SYNC_SILENCE_S >= 5  # far above a round trip and a batch on a slow network
    assert one(hub) == 1
    proxy.delay = 0.05
    started = time.monotonic()
    with answers_within(0.5):
        for _ in range(6):  # batches, each answered within the silence allowed
            assert one(hub, "SELECT pg_sleep(0.2)::text") == ""
    assert time.monotonic() - started > 1.2  # more than twice the silence, as a whole
    assert one(hub, "SELECT pg_sleep(0.8)::text") == ""  # outside: no limit at all
