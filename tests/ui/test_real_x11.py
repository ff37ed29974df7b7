"""The real app on a real X server, with and without a window manager, and xdotool as the
scanner: what offscreen Qt cannot show — which window has the focus, a modal dialog in front,
the kiosk's full screen and its coming back."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.config import load_event
from kiosk.db import Database, open_database
from kiosk.hub import desks
from kiosk.hub.join import decode
from kiosk.models import Attendee, CheckIn, Payment
from kiosk.offline.local import replica_path
from kiosk.services import selfservice
from kiosk.services.context import Desk
from tests.core.factories import registered
from tests.hubs import HubProcess, child_environment, hub, hub_home
from tests.netproxy import Proxy
from tests.ui.x11 import (
    SCREEN,
    XServer,
    app_processes,
    event_for_today,
    needs_x11,
    start_app,
    xserver,
)

pytestmark = [needs_x11, pytest.mark.slow]
__all__ = ["app_processes", "hub", "hub_home", "xserver"]  # fixtures

RUSSIAN_LAYOUT = str.maketrans("QWERTYUIOPASDFGHJKLZXCVBNM", "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ")


def database(tmp_path: Path) -> tuple[str, Database]:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    return url, open_database(url, load_event(), create=True)


def count(db: Database, model: type) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def eventually(check: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("did not happen in time")


def test_a_scan_into_the_open_walk_in_form_checks_in_and_submits_nothing(
    xserver: XServer, app_processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    url, db = database(tmp_path)
    anna = registered(Desk(db, load_event()), "comfort", last="Сканова", first="Анна")
    people, paid = count(db, Attendee), count(db, Payment)
    app = start_app(xserver, app_processes, "--db", url, cwd=tmp_path)
    desk = xserver.wait_window(app.pid, name="Сервис NEXT")
    xserver.focus(desk)
    xserver.xdotool("key", "--clearmodifiers", "ctrl+n")
    form = xserver.wait_window(app.pid, name="Новый участник")
    xserver.type_like_a_person("Командирова")  # the cursor is in «Фамилия»
    xserver.xdotool("key", "Tab", "Tab", "Tab", "Tab")  # to «Должность»
    xserver.scan(anna.code)
    eventually(lambda: count(db, CheckIn) == 1)
    time.sleep(0.5)
    assert count(db, Attendee) == people  # no walk-in was registered by the scan's Enter
    assert count(db, Payment) == paid  # and no money recorded
    assert form in xserver.windows(app.pid)  # the form is still open
    assert app.poll() is None
    db.dispose()


def test_a_scan_in_the_russian_layout_with_the_day_list_open_is_not_lost(
    xserver: XServer, app_processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    url, db = database(tmp_path)
    anna = registered(Desk(db, load_event()), "comfort", last="Раскладкина", first="Анна")
    app = start_app(xserver, app_processes, "--db", url, cwd=tmp_path)
    desk = xserver.wait_window(app.pid, name="Сервис NEXT")
    xserver.focus(desk)
    x, y, width, _height = xserver.geometry(desk)
    # The day list is the first thing in the top bar's right half that opens when clicked
    # (only labels stand before it): step right from the middle until a list opens.
    for offset in range(width // 2, width, 20):
        xserver.xdotool("mousemove", "--sync", str(x + offset), str(y + 22), "click", "1")
        time.sleep(0.3)
        if len(xserver.windows(app.pid)) == 2:
            break
    eventually(lambda: len(xserver.windows(app.pid)) == 2, timeout=5)  # the list is open
    # The scanner presses the keys of the code's Latin letters; the Russian layout makes them
    # Cyrillic (L → Д), as at a desk whose keyboard was left in Russian.
    xserver.keyboard_layout("ru")
    xserver.scan(anna.code.translate(RUSSIAN_LAYOUT))
    eventually(lambda: count(db, CheckIn) == 1)
    eventually(lambda: len(xserver.windows(app.pid)) == 1, timeout=5)  # and closed again
    assert app.poll() is None
    db.dispose()


def test_the_kiosk_takes_the_whole_screen_and_comes_back_when_minimised_or_unmapped(
    xserver: XServer, app_processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    url, db = database(tmp_path)
    selfservice.set_pin(db, "246813")
    db.dispose()
    app = start_app(xserver, app_processes, "--db", url, "--kiosk", cwd=tmp_path)
    kiosk = xserver.wait_window(app.pid)
    full = (0, 0, *SCREEN)
    eventually(lambda: xserver.geometry(kiosk) == full, timeout=10)
    xserver.xdotool("windowminimize", kiosk, check=False)
    time.sleep(0.3)
    eventually(lambda: xserver.viewable(kiosk) and xserver.geometry(kiosk) == full, timeout=5)
    xserver.xdotool("windowunmap", kiosk)
    eventually(lambda: xserver.viewable(kiosk) and xserver.geometry(kiosk) == full, timeout=5)
    xserver.xdotool("windowsize", kiosk, "800", "600", check=False)
    eventually(lambda: xserver.geometry(kiosk) == full, timeout=5)
    assert app.poll() is None


def test_the_walk_in_form_for_a_large_team_stays_on_the_screen_and_shrinks_back(
    xserver: XServer, app_processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    url, db = database(tmp_path)
    registered(Desk(db, load_event()), "comfort")  # not an empty database: no first-start offer
    db.dispose()
    app = start_app(xserver, app_processes, "--db", url, cwd=tmp_path)
    desk = xserver.wait_window(app.pid, name="Сервис NEXT")
    xserver.focus(desk)
    xserver.xdotool("key", "--clearmodifiers", "ctrl+n")
    form = xserver.wait_window(app.pid, name="Новый участник")
    time.sleep(0.5)
    # From «Фамилия» to the tariff, then down the list to «Команда», then to the team's size.
    xserver.xdotool("key", "--delay", "80", *["Tab"] * 7, "Down", "Down", "Tab")
    time.sleep(0.5)
    _x, _y, _width, three = xserver.geometry(form)

    def team_of(size: str) -> tuple[int, int]:
        xserver.xdotool("key", "ctrl+a")
        xserver.type_like_a_person(size)
        time.sleep(0.8)
        _x, top, _width, height = xserver.geometry(form)
        return top, height

    top, height = team_of("48")
    assert height > three and top >= 0 and top + height <= SCREEN[1]
    _top, height = team_of("4")
    assert three < height < SCREEN[1] // 2 + three // 2  # one row more than three, no more
    assert app.poll() is None


def test_the_kiosk_still_takes_scans_after_it_was_unmapped_and_came_back(
    xserver: XServer, app_processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    # With a window manager, the window came back with the keyboard's focus for X but none
    # for Qt: keys reached the window, yet no widget had the focus, so a scan did nothing
    # and the on-screen keys typed nowhere.
    event_path = event_for_today(tmp_path)
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    db = open_database(url, load_event(event_path), create=True)
    selfservice.set_pin(db, "246813")
    anna = registered(Desk(db, load_event(event_path)), "comfort", last="Сканова", first="Анна")
    app = start_app(
        xserver, app_processes, "--db", url, "--event", str(event_path), "--kiosk", cwd=tmp_path
    )
    kiosk = xserver.wait_window(app.pid)
    full = (0, 0, *SCREEN)
    eventually(lambda: xserver.geometry(kiosk) == full, timeout=10)
    xserver.xdotool("windowunmap", kiosk)
    time.sleep(0.5)
    eventually(lambda: xserver.viewable(kiosk) and xserver.geometry(kiosk) == full, timeout=5)
    time.sleep(1)  # the watchdog's next rounds
    xserver.scan(anna.code)
    eventually(lambda: count(db, CheckIn) == 1, timeout=10)
    assert app.poll() is None
    db.dispose()


def test_a_person_typing_fast_then_enter_is_a_person_not_a_scan(
    xserver: XServer, app_processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    # xdotool at 40 ms a keystroke presses a key every ~20 ms: faster than most people type,
    # slower than any scanner. It was taken for a scan of something that is not a badge.
    url, db = database(tmp_path)
    registered(Desk(db, load_event()), "comfort", last="Bystrova", first="Anna")
    app = start_app(xserver, app_processes, "--db", url, cwd=tmp_path)
    desk = xserver.wait_window(app.pid, name="Сервис NEXT")
    xserver.focus(desk)
    xserver.xdotool("type", "--delay", "40", "Bystrova")  # into the search
    xserver.xdotool("key", "--delay", "40", "Return")  # as xserver.scan presses it
    eventually(lambda: count(db, CheckIn) == 1)
    assert app.poll() is None
    db.dispose()


def test_the_desk_window_fits_the_screen_with_or_without_a_window_manager(
    xserver: XServer, app_processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    url, db = database(tmp_path)
    registered(Desk(db, load_event()), "comfort", last="Экранова", first="Анна")
    db.dispose()
    app = start_app(xserver, app_processes, "--db", url, cwd=tmp_path)
    desk = xserver.wait_window(app.pid, name="Сервис NEXT")
    time.sleep(1.0)
    x, y, width, height = xserver.geometry(desk)
    assert x >= 0 and y >= 0
    assert x + width <= SCREEN[0] and y + height <= SCREEN[1], (x, y, width, height)
    assert app.poll() is None


def test_ctrl_d_opens_the_summary_with_the_focus_in_the_search_field(
    xserver: XServer, app_processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    # On X11 a line edit takes Ctrl+D as «delete the next character» before any shortcut
    # sees it; the search field has the focus nearly always.
    url, db = database(tmp_path)
    registered(Desk(db, load_event()), "comfort", last="Сводкина", first="Анна")
    db.dispose()
    app = start_app(xserver, app_processes, "--db", url, cwd=tmp_path)
    desk = xserver.wait_window(app.pid, name="Сервис NEXT")
    xserver.focus(desk)
    xserver.type_like_a_person("Svod")  # the focus is in the search field, with text in it
    xserver.xdotool("key", "Home", "ctrl+d")
    xserver.wait_window(app.pid, name="Сводка", timeout=20)
    assert app.poll() is None


def checked_in_on_the_replica(home: Path, join: str, codes: list[str]) -> dict[str, int]:
    """Check-ins of these people in the replica of the desk whose KIOSK_HOME is `home` (read
    beside the running app, as its files are)."""
    path = replica_path(decode(join), home)
    if not path.is_file():
        return {}
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as connection:
        try:
            rows = connection.execute(
                "SELECT a.badge_code, count(c.id) FROM attendees a "
                "LEFT JOIN checkins c ON c.attendee_id = a.id "
                f"WHERE a.badge_code IN ({', '.join('?' * len(codes))}) GROUP BY a.badge_code",
                codes,
            ).fetchall()
        except sqlite3.OperationalError:
            return {}  # the replica is being made
    return {code: number for code, number in rows}


@pytest.mark.postgres
def test_scans_in_hand_when_the_hub_stalls_are_each_checked_in_offline_whole_and_in_time(
    xserver: XServer,
    app_processes: list[subprocess.Popen[bytes]],
    hub: HubProcess,
    tmp_path: Path,
) -> None:
    # The trial's: three badges scanned as the hub stopped answering; the first was decided
    # 3.7 s later (the two behind it each waited for the hub first), and one scan came in
    # two halves (its keys held up half-way on a busy machine): a search and «not a badge».
    event = load_event()
    _, direct = desks.open_hub(hub.join, event, tmp_path / "other")
    try:
        other = Desk(direct, event, name="стойка-2")
        codes = [registered(other, last=f"Залпова-{n}", first="Ольга").code for n in range(3)]
    finally:
        direct.dispose()
    home = tmp_path / "desk"
    kiosk_home = home / "kiosk"
    with Proxy(hub.host, hub.port) as proxy:
        join = replace(decode(hub.join), port=proxy.port).encode()
        app = start_app(
            xserver,
            app_processes,
            *("--db", join, "--desk", "стойка-1"),
            cwd=tmp_path,
            env=child_environment(home),
        )
        desk = xserver.wait_window(app.pid, name="Сервис NEXT")
        xserver.focus(desk)
        eventually(
            lambda: checked_in_on_the_replica(kiosk_home, join, codes) == dict.fromkeys(codes, 0),
            timeout=30,
        )

        proxy.stall()
        xserver.scan(codes[0])
        scanned = time.monotonic()  # the first scan is in hand
        xserver.scan_held_up(codes[1])
        xserver.scan(codes[2])
        eventually(lambda: checked_in_on_the_replica(kiosk_home, join, codes)[codes[0]] == 1)
        took = time.monotonic() - scanned
        assert took < 2.0, took
        eventually(
            lambda: checked_in_on_the_replica(kiosk_home, join, codes) == dict.fromkeys(codes, 1),
            timeout=5,
        )
        assert app.poll() is None


def test_the_import_dialogs_list_the_databases_folder_and_a_scan_behind_them_checks_in(
    xserver: XServer, app_processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    # Qt's file dialog read the database's -shm to tell its type, in the desk's process: the
    # desk lost SQLite's lock on it, and died of a bus error once another process opened the
    # database. The file to import sits beside the database, as an organiser's often does.
    from tests.sqlite_locks import database_lock_held, shm_lock_held

    url, db = database(tmp_path)
    anna = registered(Desk(db, load_event()), "comfort", last="Сканова", first="Анна")
    db.dispose()
    source = tmp_path / "leads.csv"
    source.write_bytes("ФИО;Телефон;Форма\r\nКотов Олег;8 914 600-00-42;тариф Комфорт\r\n".encode())
    app = start_app(xserver, app_processes, "--db", url, cwd=tmp_path)
    desk = xserver.wait_window(app.pid, name="Сервис NEXT")
    xserver.focus(desk)
    _x, _y, width, _height = xserver.geometry(desk)
    xserver.xdotool("mousemove", "--window", desk, str(width - 55), "20", "click", "1")  # «Меню»
    time.sleep(0.5)
    xserver.xdotool("key", "--delay", "100", *["Down"] * 5, "Return")  # «Импорт регистраций…»
    chooser = xserver.wait_window(app.pid, name="Импорт заявок")
    time.sleep(1.5)  # the folder listed, every file's icon and type asked
    xserver.type_like_a_person(str(source))
    xserver.xdotool("key", "Return")
    eventually(
        lambda: any(
            window != chooser and "Импорт заявок" in xserver.window_name(window)
            for window in xserver.windows(app.pid)
        )
    )
    database_file = tmp_path / "desk.sqlite3"
    assert shm_lock_held(database_file) and database_lock_held(database_file)
    xserver.scan(anna.code)  # behind the import dialog
    db = open_database(url, load_event())
    eventually(lambda: count(db, CheckIn) == 1)
    assert count(db, Attendee) == 1  # the scan's Enter did not import the file
    assert app.poll() is None
    db.dispose()
