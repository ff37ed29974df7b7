"""`kiosk hub start`: this laptop becomes the hub the other desks join by scanning its code."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import signal
import sys
import threading
import time
from collections import deque
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Final

from kiosk import present
from kiosk.cli.app import (
    CommandError,
    Context,
    Exit,
    Parser,
    Subparsers,
    add_command,
    kept_for_organiser_text,
    logged_to_file,
    never_synced_text,
)
from kiosk.config import PARTICIPANT
from kiosk.db import Database, DatabaseError, open_database
from kiosk.hub.join import JoinCode
from kiosk.i18n import tr

if TYPE_CHECKING:
    from kiosk.hub.service import RunningHub
    from kiosk.offline.sync import Queued


def cmd_hub_start(ctx: Context) -> Exit:
    from kiosk.hub.service import HubOptions, start_or_explain

    a = ctx.args
    options = HubOptions(
        data=Path(a.data).expanduser() if a.data else HubOptions().data,
        port=a.port,
        listen=a.listen,
        server=a.server,
        source=Path(a.source).expanduser() if a.source else None,
    )
    stop = threading.Event()

    def request_stop(_signal: int, _frame: FrameType | None) -> None:
        stop.set()

    stopping = [signal.SIGINT, signal.SIGTERM]
    if sys.platform != "win32":
        # Its terminal closed: the hub stops as on Ctrl+C. Left to PostgreSQL, the signal
        # would only make it read its settings again, and it would run on without the hub.
        stopping.append(signal.SIGHUP)
    previous = {s: signal.signal(s, request_stop) for s in stopping}
    if a.with_parent:
        threading.Thread(
            target=_stop_when_stdin_closes, args=(stop,), name="parent-watch", daemon=True
        ).start()
    try:
        try:
            hub = start_or_explain(options, ctx.event)
        except DatabaseError as exc:
            raise CommandError(str(exc), Exit.DATABASE, "db") from None
        try:
            announce(ctx, hub)
            watch(ctx, hub, stop, from_app=a.with_parent)
        finally:
            hub.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if not ctx.json:
        with contextlib.suppress(OSError):  # its terminal may be gone (SIGHUP)
            ctx.out.write(tr("Хаб остановлен.", "The hub has stopped.") + "\n")
            ctx.out.flush()
    return Exit.OK


WATCH_S: Final = 0.5
"""How often the hub looks whether it should stop, and whether its database still runs."""
CRASHES_AT_MOST: Final = 5
CRASH_WINDOW_S: Final = 600.0
"""A database that stops `CRASHES_AT_MOST` times within `CRASH_WINDOW_S` is not started once
more: something keeps ending it (a full disk, memory short, a broken file), and restarting it
forever would hide that while the desks keep losing it."""


def watch(ctx: Context, hub: RunningHub, stop: threading.Event, *, from_app: bool) -> None:
    """Until `stop`: when the hub's own database ends (killed, crashed), say so, start it
    again and say when it is back — the desks reconnect by themselves. One that will not
    start again ends the hub (a `CommandError`: the endpoint stops with the hub) with what to
    do: a hub that takes desks' connections with no database behind them helps nobody. So
    does one that keeps stopping (`CRASHES_AT_MOST`)."""
    stopped: deque[float] = deque(maxlen=CRASHES_AT_MOST)
    while not stop.wait(WATCH_S):
        if not hub.server_ended():
            continue
        stopped.append(time.monotonic())
        if len(stopped) == CRASHES_AT_MOST and stopped[-1] - stopped[0] < CRASH_WINDOW_S:
            raise CommandError(
                _not_restarted_text(_keeps_stopping(len(stopped)), from_app=from_app),
                Exit.DATABASE,
                "db",
            )
        _say(
            ctx,
            "stopped",
            tr(
                "База данных хаба остановилась; запускаю её снова…",
                "The hub's database has stopped; starting it again…",
            ),
        )
        problem = hub.restart_server(stop)
        if stop.is_set():
            return
        if problem is not None:
            raise CommandError(_not_restarted_text(problem, from_app=from_app), Exit.DATABASE, "db")
        _say(
            ctx,
            "running",
            tr(
                "База данных хаба снова работает: стойки подключатся сами.",
                "The hub's database is running again: the desks reconnect by themselves.",
            ),
        )


def _say(ctx: Context, state: str, text: str) -> None:
    """A line on what happened to the hub's database: with the time for people, or a JSON line
    (`database`: "stopped" or "running") after the announcement."""
    now = datetime.now().astimezone()
    if ctx.json:
        document = {"database": state, "message": text, "at": now.isoformat(timespec="seconds")}
        ctx.out.write(json.dumps(document, ensure_ascii=False) + "\n")
    else:
        ctx.out.write(f"{now:%H:%M:%S} {text}\n")
    ctx.out.flush()


def _keeps_stopping(times: int) -> str:
    minutes = round(CRASH_WINDOW_S / 60)
    return tr(
        "она останавливалась {n} раз за {m} минут (место на диске, память? Журнал PostgreSQL: "
        "postgres.log в папке хаба)",
        "it stopped {n} times within {m} minutes (disk space, memory? PostgreSQL's log: "
        "postgres.log in the hub's folder)",
        n=times,
        m=minutes,
    )


def _not_restarted_text(problem: str, *, from_app: bool) -> str:
    again = (
        tr(
            "Включите хаб снова в настройках",
            "Turn the hub on again in the settings",
        )
        if from_app
        else tr(
            "Запустите хаб снова той же командой",
            "Start the hub again with the same command",
        )
    )
    return tr(
        "База данных хаба остановилась, и запустить её снова не удалось: {e}. Хаб остановлен; "
        "стойки с копией события работают по ней и отправят сделанное, когда хаб вернётся. "
        "{a}; если он не запустится, перезагрузите этот ноутбук и попробуйте ещё раз.",
        "The hub's database stopped and could not be started again: {e}. The hub has stopped; "
        "desks with a copy of the event work on it and send what they did once the hub is "
        "back. {a}; if it does not start, restart this laptop and try once more.",
        e=problem.rstrip(". ") or "?",
        a=again,
    )


def _stop_when_stdin_closes(stop: threading.Event) -> None:
    """The app that started this hub holds the other end of its standard input: when that app
    ends — also killed, or crashed — the pipe closes, and the hub stops cleanly instead of
    running on without it (on every system: no process ids to watch)."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (OSError, ValueError):
        pass
    stop.set()


def announce(ctx: Context, hub: RunningHub) -> None:
    """One JSON line once the hub accepts connections, or the code and its QR in text."""
    join = hub.join.encode()
    if ctx.json:
        from sqlalchemy.engine import make_url

        document = {
            "join": join,
            # Where the hub's database is, its password masked (the desk on this laptop takes
            # it from the join code: kiosk.hub.join.with_password).
            "url": make_url(hub.url).render_as_string(hide_password=True),
            "host": hub.join.host,
            "port": hub.join.port,
            "moved": hub.moved,
            "already_moved": hub.already_moved,
            "took_over": hub.took_over,
        }
        ctx.out.write(json.dumps(document, ensure_ascii=False) + "\n")
        ctx.out.flush()
        return
    lines = [took_over_text()] if hub.took_over else []
    lines += [
        tr(
            "Хаб работает: {h}:{p}",
            "The hub is running: {h}:{p}",
            h=hub.join.host,
            p=hub.join.port,
        ),
    ]
    if hub.moved:
        lines.append(
            tr("Перенесено строк со стойки: {n}", "Rows moved from the desk: {n}", n=hub.moved)
        )
    if hub.already_moved:
        lines.append(
            tr(
                "Эта база стойки уже перенесена на хаб: ничего не добавлено.",
                "This desk database was moved onto the hub before: nothing was added.",
            )
        )
    lines += [
        tr(
            "Код подключения (отсканируйте его на каждой стойке: Настройки → Подключиться к "
            "хабу; держите его в тайне — в нём пароль стоек):",
            "Join code (scan it at each desk: Settings → Join a hub; keep it private — it holds "
            "the desks' password):",
        ),
        "",
        _qr_text(join),
        join,
        "",
        tr("Остановить: Ctrl+C", "Stop: Ctrl+C"),
    ]
    ctx.out.write("\n".join(lines) + "\n")
    ctx.out.flush()


def took_over_text() -> str:
    return tr(
        "Сервер базы данных прежнего хаба ещё работал: остановлен, хаб запускается заново.",
        "The previous hub's database server was still running: it has been stopped, and the "
        "hub starts afresh.",
    )


def _qr_text(payload: str) -> str:
    import qrcode

    code = qrcode.QRCode(border=1)
    code.add_data(payload)
    buffer = io.StringIO()
    code.print_ascii(out=buffer, invert=True)
    return buffer.getvalue()


def _local(ctx: Context) -> tuple[JoinCode, Database]:
    """The join code of `--db` and this laptop's replica of that hub (made when missing)."""
    from kiosk.hub.join import JoinCodeError
    from kiosk.offline.local import join_code, open_local_replica

    try:
        code = join_code(ctx.args.db)
    except JoinCodeError as exc:
        raise CommandError(exc.misread_text(), Exit.DATABASE, "db") from None
    if code is None:
        raise CommandError(
            tr(
                "Укажите хаб: --db КОД-ПОДКЛЮЧЕНИЯ (или KIOSK_DB).",
                "Name the hub: --db JOIN-CODE (or KIOSK_DB).",
            ),
            Exit.INVALID,
            "db",
        )
    replica = open_local_replica(code, ctx.event, create=True)
    assert replica is not None
    return code, replica


def cmd_sync(ctx: Context) -> Exit:
    """Send what this laptop did without the hub, then bring its copy of the event up to date."""
    from kiosk.hub import deadline
    from kiosk.hub.deadline import answers_within
    from kiosk.hub.live import is_connection_lost
    from kiosk.offline.clock import hub_clock_offset, skew_warning
    from kiosk.offline.local import installation_id
    from kiosk.offline.replica import last_pull
    from kiosk.offline.sync import queued, sync
    from kiosk.services.context import Desk
    from kiosk.services.views import iso_local

    code, replica = _local(ctx)
    try:
        me = installation_id(code)
        waiting = len(queued(replica, me))

        def lost(error: str) -> Exit:
            pulled = last_pull(replica)
            left = len(queued(replica, me))
            document = {
                "online": False,
                "queued": left,
                "sent": waiting - left,
                "conflicts": 0,
                "last_pull": iso_local(pulled[1] if pulled else None, ctx.event),
                "clock_offset_seconds": None,
                "clock_warning": None,
                "error": error,
            }
            ctx.emit(document, _sync_text(ctx, document, pulled_at=pulled[1] if pulled else None))
            return Exit.DATABASE

        # A hub that takes the packets and answers nothing (a stall) is given up after a while
        # of silence, as a lost connection; a sync the hub answers is never cut.
        silence = deadline.SYNC_SILENCE_S
        try:
            with logged_to_file(), answers_within(silence):
                hub = open_database(ctx.args.db, ctx.event)
        except DatabaseError as exc:
            return lost(str(exc))
        try:
            with answers_within(silence):
                offset = hub_clock_offset(hub)
                result = sync(Desk(hub, ctx.event, name=ctx.desk().name), replica, me)
        except Exception as exc:
            if not is_connection_lost(exc):
                raise
            # Lost on the way: what was sent stays sent, the rest waits for the next sync.
            return lost(
                tr(
                    "Связь с хабом прервалась во время синхронизации; отправленное дошло, "
                    "остальное уйдёт при следующей.",
                    "The connection to the hub broke during the sync; what was sent arrived, the "
                    "rest goes with the next one.",
                )
            )
        finally:
            hub.dispose()
        pulled_at = result.pulled.at if result.pulled else _last_pulled(replica)
        document = {
            "online": True,
            "queued": result.queued,
            "sent": result.sent,
            "conflicts": result.conflicts,
            "conflicts_by_kind": result.conflicts_by_kind,
            "last_pull": iso_local(pulled_at, ctx.event),
            "clock_offset_seconds": round(offset, 1) + 0.0,  # never «-0.0»
            "clock_warning": skew_warning(offset),
        }
        kept = kept_for_organiser_text(result) if result.conflicts else ""
        ctx.emit(document, _sync_text(ctx, document, kept, pulled_at))
        return Exit.OK
    finally:
        replica.dispose()


def _last_pulled(replica: Database) -> datetime | None:
    from kiosk.offline.replica import last_pull

    pulled = last_pull(replica)
    return pulled[1] if pulled else None


def _sync_text(
    ctx: Context, document: dict[str, Any], kept: str = "", pulled_at: datetime | None = None
) -> str:
    """`kept`: what the hub left for the organiser (`kept_for_organiser_text`), if anything."""
    data = (
        tr(
            "Данные от {w}.",
            "Data as of {w}.",
            w=present.local_day_time(ctx.event, pulled_at),
        )
        if pulled_at
        else tr(
            "Данных с хаба на этом ноутбуке ещё нет.", "No data from the hub on this laptop yet."
        )
    )
    if not document["online"]:
        # The error names the hub and says what is wrong with it already.
        return tr(
            "{e}\nВ очереди: {q}. {d}",
            "{e}\nQueued: {q}. {d}",
            e=document.get("error") or tr("Хаб недоступен.", "The hub cannot be reached."),
            q=document["queued"],
            d=data,
        )
    sent = tr(
        "Отправлено на хаб: {s}; в очереди: {q}. {d}",
        "Sent to the hub: {s}; queued: {q}. {d}",
        s=document["sent"],
        q=document["queued"],
        d=data,
    )
    if kept:
        sent += "\n" + kept
    warning = document.get("clock_warning")
    return f"{sent}\n{warning}" if warning else sent


def cmd_outbox(ctx: Context) -> Exit:
    """What this laptop did without the hub and has not sent yet."""
    from kiosk.offline.local import installation_id
    from kiosk.offline.replica import last_pull
    from kiosk.offline.sync import outbox_details, queued

    code, replica = _local(ctx)
    try:
        waiting = queued(replica, installation_id(code))
        never_synced = last_pull(replica) is None
    finally:
        replica.dispose()
    items = [{"entry": item.entry, "kind": item.kind, **outbox_details(item)} for item in waiting]
    lines = [*_outbox_table(ctx, waiting), _outbox_summary(waiting, never_synced)]
    if never_synced:
        lines.append(never_synced_text())
    ctx.emit({"queued": items}, iter(lines))
    return Exit.OK


_KIND_TEXT: Final = {
    "check_in": ("отметка", "check-in"),
    "payment": ("оплата", "payment"),
    "upgrade": ("доплата", "upgrade"),
    "print_badge": ("печать бейджа", "badge print"),
    "reprint_badge": ("перепечатка бейджа", "badge reprint"),
    "print_failed": ("бейдж не напечатан", "badge not printed"),
    "undo_check_in": ("отмена отметки", "undo of a check-in"),
    "edit": ("исправление", "correction"),
    "swap_names": ("исправление", "correction"),
    "register": ("регистрация на месте", "walk-in"),
    "refused_scan": ("отказ на входе", "refused scan"),
}
_FIELD_TEXT: Final = {
    "last_name": ("фамилия", "surname"),
    "first_name": ("имя", "first name"),
    "middle_name": ("отчество", "patronymic"),
    "company": ("компания", "company"),
    "position": ("должность", "position"),
    "phone": ("телефон", "phone"),
    "email": ("e-mail", "e-mail"),
}


def _kind_text(kind: str) -> str:
    ru, en = _KIND_TEXT.get(kind, (kind, kind))
    return tr(ru, en)


def _outbox_table(ctx: Context, waiting: list[Queued]) -> list[str]:
    """A heading, the columns' names, and a row per action, in columns."""
    if not waiting:
        return []
    header = (
        tr("Что", "Action"),
        tr("Код", "Code"),
        tr("Когда", "When"),
        tr("Стойка", "Desk"),
        tr("Подробности", "Details"),
    )
    rows = [header] + [_outbox_row(ctx, item) for item in waiting]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header) - 1)]
    table = [
        "  ".join(
            [cell.ljust(width) for cell, width in zip(row, widths, strict=False)] + [row[-1]]
        ).rstrip()
        for row in rows
    ]
    heading = tr(
        "Сделано без хаба и ждёт отправки (по порядку):",
        "Done without the hub, waiting to be sent (in order):",
    )
    return [heading, *table]


def _outbox_row(ctx: Context, item: Queued) -> tuple[str, str, str, str, str]:
    action: Any = item.action
    when = present.local_day_time(
        ctx.event, getattr(action, "arrived_at", None) or action.recorded_at
    )
    detail = _outbox_detail(ctx, item)
    return (_kind_text(item.kind), action.code or "—", when, action.desk, detail)


def _outbox_detail(ctx: Context, item: Queued) -> str:
    action: Any = item.action
    if item.kind == "payment":
        return f"{present.money(action.amount)} {present.payment_method(action.method)}"
    if item.kind == "upgrade":
        before, after = (
            present.tariff_title(ctx.event, PARTICIPANT, tariff, short=True) if tariff else "—"
            for tariff in (action.from_tariff, action.tariff)
        )
        return f"{before} → {after}"
    if item.kind == "undo_check_in":
        return tr(
            "день {d}; причина: {r}",
            "day {d}; reason: {r}",
            d=present.day_label(action.day),
            r=" ".join(action.reason.split()) or "—",  # one line in the table
        )
    if item.kind == "refused_scan":
        return tr(
            "день {d}; {o}",
            "day {d}; {o}",
            d=present.day_label(action.day),
            o=present.outcome(action.outcome),
        )
    if item.kind == "check_in":
        return tr("день {d}", "day {d}", d=present.day_label(action.day))
    if item.kind == "register":
        return f"{action.last_name} {action.first_name}"
    if item.kind in ("edit", "swap_names"):
        return "; ".join(
            f"{tr(*_FIELD_TEXT.get(name, (name, name)))}: "
            f"{_shown(name, item.before.get(name))} → {_shown(name, value)}"
            for name, value in action.changes.items()
        )
    return ""


def _shown(field: str, value: object) -> str:
    """A field's value as the desk shows it («—» for none)."""
    if not value:
        return "—"
    if field == "phone":
        from kiosk.phones import format_phone

        return format_phone(str(value))
    return str(value)


def _outbox_summary(waiting: list[Queued], never_synced: bool = False) -> str:
    """«В очереди: 3 (отметка: 2, оплата: 1); отправить на хаб: kiosk sync.»"""
    from kiosk.offline.sync import refusals_among

    if not waiting and never_synced:
        return tr("В очереди ничего.", "Nothing queued.")  # nothing was ever done here
    if not waiting:
        return tr(
            "В очереди ничего: всё сделанное без хаба уже отправлено.",
            "Nothing queued: everything done without the hub has been sent.",
        )
    counts: dict[str, int] = {}
    for item in waiting:
        kind = _kind_text(item.kind)
        counts[kind] = counts.get(kind, 0) + 1
    by_kind = ", ".join(f"{kind}: {number}" for kind, number in counts.items())
    summary = tr(
        "В очереди: {n} ({k}); отправить на хаб: kiosk sync.",
        "Queued: {n} ({k}); to send them to the hub: kiosk sync.",
        n=len(waiting),
        k=by_kind,
    )
    if refusals_among(waiting):
        summary += " " + tr(
            "Отказы на входе никого не пропустили: они ждут отправки, только чтобы хаб их учёл.",
            "Refused scans let nobody in: they wait to be sent only for the hub to record them.",
        )
    return summary


def add_parsers(sub: Subparsers) -> None:
    hub = sub.add_parser(
        "hub",
        help=tr("хаб для нескольких стоек", "the hub several desks join"),
        description=tr("хаб для нескольких стоек", "the hub several desks join"),
    )
    actions = hub.add_subparsers(dest="hub_command", metavar="ACTION", parser_class=Parser)
    actions.required = True
    start: Parser = add_command(
        actions,
        "start",
        cmd_hub_start,
        "сделать этот ноутбук хабом (работает, пока не остановят: Ctrl+C)",
        "make this laptop the hub (runs until stopped: Ctrl+C)",
    )
    start.add_argument("--data", help=tr("папка хаба", "the hub's folder"))
    start.add_argument(
        "--port",
        type=int,
        default=5444,
        help=tr("порт в сети площадки (5444)", "the port on the venue's network (5444)"),
    )
    start.add_argument(
        "--listen",
        default="0.0.0.0",
        help=tr("адрес, на котором ждать стойки", "the address to wait for desks on"),
    )
    start.add_argument(
        "--server",
        help=tr(
            "свой сервер PostgreSQL вместо встроенного: postgresql://пользователь:пароль@хост/база",
            "your own PostgreSQL server instead of the built-in one: "
            "postgresql://user:password@host/database",
        ),
    )
    # For the desk app's own hub: stop when the app's end of standard input closes.
    start.add_argument("--with-parent", action="store_true", help=argparse.SUPPRESS)
    start.add_argument(
        "--from",
        dest="source",
        help=tr(
            "перенести событие из базы стойки (файл SQLite)",
            "move the event over from a desk's database (an SQLite file)",
        ),
    )
    add_command(
        sub,
        "sync",
        cmd_sync,
        "отправить на хаб сделанное без него и обновить копию события (--db КОД-ПОДКЛЮЧЕНИЯ)",
        "send what was done without the hub and update the copy of the event (--db JOIN-CODE)",
    )
    add_command(
        sub,
        "outbox",
        cmd_outbox,
        "что ждёт отправки на хаб",
        "what waits to be sent to the hub",
    )
