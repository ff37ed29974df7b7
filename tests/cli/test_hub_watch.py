"""The hub's watch over its own database: started again each time it stops, but not forever
when something keeps ending it."""

from __future__ import annotations

import argparse
import io
import threading

import pytest

from kiosk.cli import hub as hub_cli
from kiosk.cli.app import CommandError, Context


class EndingServerHub:
    """A hub whose database has ended whenever it is looked at, and starts again when asked."""

    def __init__(self, stop: threading.Event, stop_after: int | None = None) -> None:
        self.restarts = 0
        self.stop = stop
        self.stop_after = stop_after

    def server_ended(self) -> bool:
        return True

    def restart_server(self, stop: threading.Event) -> str | None:
        self.restarts += 1
        if self.restarts == self.stop_after:
            self.stop.set()
        return None


def test_a_database_that_keeps_stopping_ends_the_hub_with_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hub_cli, "WATCH_S", 0.001)
    stop = threading.Event()
    hub = EndingServerHub(stop)
    out = io.StringIO()
    ctx = Context(argparse.Namespace(json=False), out)
    with pytest.raises(CommandError) as raised:
        hub_cli.watch(ctx, hub, stop, from_app=False)  # type: ignore[arg-type]
    assert hub.restarts == hub_cli.CRASHES_AT_MOST - 1  # the fifth stop is not restarted
    assert "останавливалась 5 раз за 10 минут" in str(raised.value)
    assert "postgres.log" in str(raised.value)
    assert out.getvalue().count("запускаю её снова") == hub_cli.CRASHES_AT_MOST - 1


def test_stops_further_apart_than_the_window_are_each_started_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hub_cli, "WATCH_S", 0.001)
    monkeypatch.setattr(hub_cli, "CRASH_WINDOW_S", 0.0)  # every stop long after the one before
    stop = threading.Event()
    hub = EndingServerHub(stop, stop_after=12)
    ctx = Context(argparse.Namespace(json=False), io.StringIO())
    hub_cli.watch(ctx, hub, stop, from_app=False)  # type: ignore[arg-type]
    assert hub.restarts == 12
