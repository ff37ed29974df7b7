"""A desk (or kiosk) as an installation of a hub: an id made the first time this laptop joins
the hub, kept beside the hub's pinned certificate, and a display name unique among the hub's
desks; its heartbeat says it is connected, and when it last did something.

Every time here is the hub server's own clock (`now()`), so desks whose clocks differ still
agree on who is connected. The `kiosk` command is not a desk: it keeps `--desk NAME` and never
registers.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final, cast

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.config import Event
from kiosk.db import Database, DatabaseError, open_database
from kiosk.files import write_atomically
from kiosk.hub.client import (
    HubUnreachable,
    database_url,
    hub_folder,
    restarting,
    restarting_failure,
)
from kiosk.hub.join import JoinCode, JoinCodeError, decode, holds_join_code
from kiosk.i18n import tr
from kiosk.models import ChangeLog, DeskStation
from kiosk.present import desk_base, kiosk_base
from kiosk.text import clean

DESK: Final = "desk"
KIOSK: Final = "kiosk"
KINDS: Final = (DESK, KIOSK)
NAME_MAX: Final = 60
HEARTBEAT_S: Final = 3.0
"""How often a desk says it is there (and asks whether anything changed)."""
CONNECTED_WITHIN: Final = timedelta(seconds=15)
"""A desk heard of within this long is connected (five heartbeats: a slow Wi-Fi is not gone)."""
FILE_NAME: Final = "desk.json"
_RETRIES: Final = 5
_NUMBERED: Final = re.compile(r"^(.*?)[-‐ ]?(\d+)$")

_DESKS: Final = cast(Table, DeskStation.__table__)


@dataclass(frozen=True)
class Installation:
    """This laptop as a desk of one hub."""

    id: str
    kind: str
    name: str = ""
    """The name it last registered under ("" before it has)."""


@dataclass(frozen=True)
class DeskActivity:
    """One desk of the hub as everyone sees it."""

    id: str
    name: str
    kind: str
    connected: bool
    last_seen_at: datetime
    last_action_at: datetime | None


class DeskNameTaken(Exception):
    """Another desk of the hub has this name: the desk must choose another (or, when that desk
    is gone, take its place)."""

    def __init__(self, name: str, suggestion: str, holder: DeskActivity) -> None:
        super().__init__(
            tr(
                "Имя «{n}» уже у другой стойки этого хаба. Выберите другое, например «{s}».",
                'Another desk of this hub is named "{n}". Choose another name, e.g. "{s}".',
                n=name,
                s=suggestion,
            )
        )
        self.name = name
        self.suggestion = suggestion
        self.holder = holder


class DeskNameInvalid(ValueError):
    """An empty name, or one holding a join code: the message says so."""


# ---- the installation ---------------------------------------------------------------------


def installation(code: JoinCode, kind: str, home: Path | None = None) -> Installation:
    """This laptop's installation for the hub of `code`: read from the hub's folder, or made
    (a new random id) the first time it joins."""
    if kind not in KINDS:
        raise ValueError(f"unknown desk kind {kind!r}")
    known = known_installation(code, kind, home)
    if known is not None:
        return known
    made = Installation(str(uuid.uuid4()), kind)
    remember(code, made, home)
    return made


def known_installation(code: JoinCode, kind: str, home: Path | None = None) -> Installation | None:
    """This laptop's installation for the hub of `code`, if it has joined it (nothing made)."""
    path = hub_folder(code, home) / FILE_NAME
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return Installation(str(uuid.UUID(str(stored["id"]))), kind, str(stored.get("name", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(code: JoinCode, me: Installation, home: Path | None = None) -> None:
    """Keep the installation's id and name (owner-only, written whole or not at all)."""
    document = {"id": me.id, "name": me.name}
    write_atomically(hub_folder(code, home) / FILE_NAME, json.dumps(document).encode())


# ---- registering --------------------------------------------------------------------------


def join_code_in_name_text() -> str:
    """A scanned join code went into a desk's name (never repeated: it holds the password)."""
    return tr(
        "В имени стойки оказался код подключения к хабу (его отсканировали в поле имени). "
        "Введите имя стойки, например «стойка-2».",
        "The desk's name holds the hub's join code (it was scanned into the name field). "
        'Type a name for the desk, e.g. "desk-2".',
    )


def register(db: Database, me: Installation, name: str, *, take_over: bool = False) -> Installation:
    """Register (or re-register) this installation on the hub under `name`; returns it with the
    name it got. A desk or kiosk given no name keeps the one it had, else gets the first free
    «стойка-N» / «киоск-N». A name another desk holds raises `DeskNameTaken`; with `take_over`,
    a name whose desk is not connected passes to this one (a laptop replaced) and the old desk
    is renamed."""
    wanted = clean(name)[:NAME_MAX]
    if not wanted and name.strip():
        raise DeskNameInvalid(tr("Укажите имя стойки", "Give the desk a name"))
    if holds_join_code(wanted):
        raise DeskNameInvalid(join_code_in_name_text())
    for _attempt in range(_RETRIES - 1):
        try:
            with db.write() as session:
                return _register_once(session, me, wanted, take_over)
        except IntegrityError:
            continue  # another desk took the name between our look and our write: look again
    try:
        with db.write() as session:
            return _register_once(session, me, wanted, take_over)
    except IntegrityError:
        with db.read() as session:
            holder = _holder(session, wanted, me.id)
            if holder is None:
                raise
            raise DeskNameTaken(wanted, _suggestion(session, wanted), holder) from None


def refuse_taken_name(db: Database, name: str, own_id: str | None = None) -> None:
    """A command-line call is no desk, but it must not act under a desk's name: raises
    `DeskNameTaken` when a desk of the hub other than `own_id` (this laptop's) has `name`."""
    wanted = clean(name)[:NAME_MAX]
    with db.read() as session:
        holder = _holder(session, wanted, own_id or "")
        if holder is not None:
            raise DeskNameTaken(wanted, _suggestion(session, wanted), holder)


def _register_once(
    session: Session, me: Installation, wanted: str, take_over: bool
) -> Installation:
    mine = session.get(DeskStation, me.id)
    if not wanted:
        base = kiosk_base() if me.kind == KIOSK else desk_base()
        wanted = mine.name if mine is not None else _next_numbered(session, base)
    holder = _holder(session, wanted, me.id)
    if holder is not None:
        if not take_over or holder.connected:
            raise DeskNameTaken(wanted, _suggestion(session, wanted), holder)
        session.execute(
            update(_DESKS)
            .where(_DESKS.c.id == holder.id)
            .values(name=_retired_name(session, holder))
        )
        session.flush()
    now = func.now()  # the hub's clock
    if mine is None:
        session.execute(
            insert(_DESKS).values(
                id=me.id, name=wanted, kind=me.kind, joined_at=now, last_seen_at=now
            )
        )
    else:
        session.execute(
            update(_DESKS)
            .where(_DESKS.c.id == me.id)
            .values(name=wanted, kind=me.kind, last_seen_at=now)
        )
    return Installation(me.id, me.kind, wanted)


def _holder(session: Session, name: str, own_id: str) -> DeskActivity | None:
    """The other desk that has `name`, letter case aside (compared here: the hub's database
    may lower-case only Latin letters)."""
    wanted = name.casefold()
    return next(
        (d for d in _activity_rows(session) if d.id != own_id and d.name.casefold() == wanted),
        None,
    )


def _taken_names(session: Session) -> set[str]:
    return {n.casefold() for n in session.scalars(select(_DESKS.c.name))}


def _next_numbered(session: Session, base: str) -> str:
    taken = _taken_names(session)
    number = 1
    while f"{base}-{number}".casefold() in taken:
        number += 1
    return f"{base}-{number}"


def _suggestion(session: Session, name: str) -> str:
    """The name with the next free number: «стойка-1» → «стойка-2», «Вход» → «Вход-2»."""
    matched = _NUMBERED.match(name)
    base, number = (matched.group(1), int(matched.group(2))) if matched else (name, 1)
    base = base[: NAME_MAX - 4] or name
    taken = _taken_names(session)
    number += 1
    while f"{base}-{number}".casefold() in taken:
        number += 1
    return f"{base}-{number}"


def _retired_name(session: Session, holder: DeskActivity) -> str:
    """The name a replaced desk keeps: its old one with its id's first letters."""
    stem = f"{holder.name[: NAME_MAX - 12]} ({holder.id[:8]})"
    taken = _taken_names(session)
    candidate, number = stem, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem}-{number}"
    return candidate


# ---- being there --------------------------------------------------------------------------


def heartbeat(db: Database, me: Installation, last_action: datetime | None = None) -> bool:
    """This desk is there (and did something at `last_action`); False when the hub no longer
    knows it (then register again)."""
    values: dict[str, object] = {"last_seen_at": func.now()}
    if last_action is not None:
        values["last_action_at"] = func.greatest(
            func.coalesce(_DESKS.c.last_action_at, last_action), last_action
        )
    with db.write_rows() as connection:
        result = connection.execute(update(_DESKS).where(_DESKS.c.id == me.id).values(values))
        return bool(result.rowcount)


def activity(db: Database) -> tuple[DeskActivity, ...]:
    """Every desk of the hub, by name: connected or not, last seen, last action."""
    with db.read() as session:
        return tuple(_activity_rows(session))


def _activity_rows(session: Session) -> list[DeskActivity]:
    connected = _DESKS.c.last_seen_at > func.now() - CONNECTED_WITHIN
    query = select(
        _DESKS.c.id,
        _DESKS.c.name,
        _DESKS.c.kind,
        connected,
        _DESKS.c.last_seen_at,
        _DESKS.c.last_action_at,
    ).order_by(_DESKS.c.name)
    return [DeskActivity(*row) for row in session.execute(query)]


def out_of_reach(
    desks_of_hub: Iterable[DeskActivity], event: Event, now: datetime, *, own_name: str = ""
) -> tuple[DeskActivity, ...]:
    """The hub's desks and kiosks that were heard from today at the venue but miss their
    heartbeats now: without the hub (or closed), what they did may not have reached it."""
    today = event.local_date(now)
    return tuple(
        d
        for d in desks_of_hub
        if not d.connected and d.name != own_name and event.local_date(d.last_seen_at) == today
    )


def not_synced_hint(missing: Sequence[DeskActivity], event: Event) -> str:
    """Said when a well-formed badge code is not found on a hub: the person may have signed up
    at a kiosk or desk without the hub; those that miss their heartbeats now are named."""
    hint = tr(
        "Возможно, он(а) записан(а) на киоске или стойке без связи с хабом: данные придут, "
        "когда они синхронизируются.",
        "They may have signed up at a kiosk or desk without the hub: their data comes when "
        "it syncs.",
    )
    if not missing:
        return hint
    return (
        hint
        + " "
        + tr(
            "Сейчас не на связи с хабом: {d}.",
            "Out of touch with the hub now: {d}.",
            d=", ".join(
                tr(
                    "{n} (с {t})",
                    "{n} (since {t})",
                    n=d.name,
                    t=event.local_time(d.last_seen_at).strftime("%H:%M"),
                )
                for d in missing
            ),
        )
    )


def change_mark(db: Database) -> int:
    """The newest change on the hub (kiosk_changes' log): a desk that missed a notification
    sees it differ at its next heartbeat."""
    with db.read_rows() as connection:
        newest = connection.execute(select(func.max(ChangeLog.seq))).scalar()
        return int(newest or 0)


# ---- joining ------------------------------------------------------------------------------


def open_hub(
    text: str, event: Event, home: Path | None = None, *, url: str | None = None
) -> tuple[JoinCode, Database]:
    """The hub of the join code in `text` (as scanned or pasted), its certificate pinned, and
    its database opened for `event`. `url`: how to reach it instead (the hub on this laptop is
    reached on the laptop itself). Every failure is a `DatabaseError` saying why in words for
    people, never with any part of the code or the password."""
    try:
        code = decode(text)
    except JoinCodeError:
        raise DatabaseError(
            tr(
                "Это не код подключения к хабу, или он прочитан с ошибкой: отсканируйте или "
                "вставьте его ещё раз.",
                "This is not a hub's join code, or it was misread: scan or paste it again.",
            )
        ) from None
    try:
        address = url or database_url(code, home)
    except HubUnreachable as exc:
        raise DatabaseError(str(exc)) from None
    _probe(code, address)
    return code, open_database(address, event)


def _probe(code: JoinCode, address: str) -> None:
    """Connect once, to tell a hub that is not there from one that refuses this code."""
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(address).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        psycopg.connect(conninfo).close()
    except psycopg.OperationalError as exc:
        if "authentication" in str(exc):
            raise DatabaseError(
                tr(
                    "Хаб {h} не принял код подключения: хаб создан заново? Отсканируйте код "
                    "с его экрана ещё раз.",
                    "The hub {h} did not accept the join code: was the hub made anew? Scan the "
                    "code on its screen again.",
                    h=code.redacted(),
                )
            ) from None
        if restarting(str(exc)):
            raise DatabaseError(restarting_failure(code)) from None
        raise DatabaseError(
            tr(
                "Хаб {h} не отвечает. Проверьте, что он запущен и ноутбуки в одной сети.",
                "The hub {h} does not answer. Check that it runs and the laptops share a network.",
                h=code.redacted(),
            )
        ) from None
