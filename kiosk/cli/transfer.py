"""`kiosk import` (registrations from the website's forms) and `kiosk export` (attendance)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from kiosk import present
from kiosk.cli.app import (
    Acting,
    CommandError,
    Context,
    Exit,
    Handler,
    Parser,
    acting,
    add_command,
)
from kiosk.cli.core import text_arg
from kiosk.config import PARTICIPANT, Event
from kiosk.i18n import tr
from kiosk.importing.reader import ImportFileError
from kiosk.services import exporting

if TYPE_CHECKING:
    from kiosk.services.importing import ImportReport
    from kiosk.services.progress import Progress


def cmd_import(ctx: Context) -> Exit:
    from kiosk.services import importing  # reading and checking files: only for this command

    a = ctx.args
    desk = ctx.desk()
    if a.tariff is not None and desk.event.tariff(a.tariff) is None:
        raise CommandError(
            tr(
                "Нет тарифа «{t}». Есть: {all}",
                'There is no tariff "{t}". Available: {all}',
                t=a.tariff[:40],
                all=", ".join(t.code for t in desk.event.tariffs),
            ),
            Exit.INVALID,
            "tariff",
        )
    from kiosk.services.progress import Progress, Stopped

    status = _status_line(ctx)
    progress = Progress(status)
    try:
        with _stopped_by_ctrl_c(progress):
            report = importing.import_file(
                desk,
                a.file,
                dry_run=a.dry_run,
                assume_paid=a.assume_paid,
                tariff=a.tariff,
                progress=progress,
            )
    except ImportFileError as exc:
        raise CommandError(str(exc), Exit.INVALID, "file") from None
    except Stopped:
        _say(
            tr(
                "Импорт остановлен, ничего не записано.",
                "The import was stopped: nothing was written.",
            )
        )
        raise KeyboardInterrupt from None  # the status of a command stopped by Ctrl+C
    finally:
        if status is not None:
            status("", 0, 0)
    ctx.emit(report.as_json(), _import_text(report, desk.event))
    return Exit.OK if not report.rejected else Exit.INTERNAL


def _say(text: str) -> None:
    sys.stderr.write("\r\033[K" + text + "\n" if sys.stderr.isatty() else text + "\n")
    sys.stderr.flush()


@contextmanager
def _stopped_by_ctrl_c(progress: Progress) -> Iterator[None]:
    """Ctrl+C stops the import where it can stop (`Progress.stop`), which takes away what it
    wrote, instead of cutting it wherever it is; a second Ctrl+C cuts it (what it had written
    is then taken away by the next import or any desk)."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # `nohup`: Ctrl+C is not for it
    ):
        yield
        return

    def interrupted(_signal: int, _frame: FrameType | None) -> None:
        if progress.stopped:
            raise KeyboardInterrupt
        if progress.stop():
            _say(
                tr(
                    "Импорт останавливается, ничего не будет записано… "
                    "(ещё раз Ctrl+C — прервать сразу)",
                    "Stopping the import; nothing will be written… (Ctrl+C again: at once)",
                )
            )
        else:
            _say(
                tr(
                    "Почти готово: импорт уже нельзя остановить.",
                    "Almost done: the import can no longer be stopped.",
                )
            )

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


STATUS_S = 0.2
"""How often, at most, the import's status line changes."""


def _status_line(ctx: Context) -> Callable[[str, int, int], None] | None:
    """How far the import has got, on one line of a terminal's stderr (none in a pipe or
    with --json); the stage "" clears it."""
    stream = sys.stderr
    if ctx.json or not stream.isatty():
        return None
    reading = tr("Чтение файла…", "Reading the file…")
    almost = tr("Почти готово: все появятся разом…", "Almost done: all shown at once…")
    again = tr(
        "Другая стойка изменила данные тех, о ком файл: импорт начинается заново…",
        "Another desk changed what the file is about: the import starts again…",
    )
    texts = {  # stage: (with counts, without: nothing to count)
        "reading": (reading, reading),
        "known": (
            tr(
                "Чтение тех, кто уже есть в базе: {d} из {t}",
                "Reading the people already on file: {d} of {t}",
            ),
            tr("Чтение тех, кто уже есть в базе…", "Reading the people already on file…"),
        ),
        "matching": (
            tr("Сверка строк с людьми в базе: {d} из {t}", "Matching rows: {d} of {t}"),
            tr("Сверка строк с людьми в базе…", "Matching rows…"),
        ),
        "writing": (
            tr(
                "Запись новых людей (пока их никто не видит): {d} из {t}",
                "Writing the new people (seen by nobody yet): {d} of {t}",
            ),
            tr("Запись новых людей…", "Writing the new people…"),
        ),
        "showing": (almost, almost),
        "undoing": (
            tr(
                "Написанное импортом убирается: {d} из {t}",
                "What the import wrote is taken away: {d} of {t}",
            ),
            "",
        ),
        "again": (again, again),
    }
    shown_at, shown_stage = 0.0, ""

    def show(stage: str, done: int, total: int) -> None:
        nonlocal shown_at, shown_stage
        now = time.monotonic()
        if stage == shown_stage and now - shown_at < STATUS_S and done < total:
            return
        shown_at, shown_stage = now, stage
        counted, plain = texts.get(stage, ("", ""))
        text = counted.format(d=done, t=total) if total else plain
        stream.write("\r\033[K" + text)
        stream.flush()

    return show


def _where(line: int, sheet: str) -> str:
    if sheet:
        return tr("лист «{s}», строка {l}", 'sheet "{s}", line {l}', s=sheet, l=line)
    return tr("строка {l}", "line {l}", l=line)


def _import_text(report: ImportReport, event: Event) -> Iterator[str]:
    if report.dry_run:
        yield tr("Пробный прогон: ничего не записано.", "Dry run: nothing was written.")
    yield tr(
        "Добавлено: {a}, обновлено: {u}, без изменений: {n}, команд: {t}, отклонено: {r}",
        "Added: {a}, updated: {u}, unchanged: {n}, teams: {t}, rejected: {r}",
        a=report.added,
        u=report.updated,
        n=report.unchanged + report.protected,
        t=report.teams,
        r=len(report.rejected),
    )
    if report.people_added > report.added:
        yield tr(
            "  Новых людей вместе с местами команд (имена — на стойке): {n}",
            "  New people with the teams' seats (named at the desk): {n}",
            n=report.people_added,
        )
    if report.seats_added:
        yield tr(
            "  Добавлено мест в командах, которые стали больше: {n}",
            "  Seats added to teams that grew: {n}",
            n=report.seats_added,
        )
    if report.protected:
        yield tr(
            "  Не тронуты (уже отмечены или исправлены на стойке): {p}",
            "  Left alone (already checked in or corrected at the desk): {p}",
            p=report.protected,
        )
    if report.kept_tariffs:
        yield tr(
            "  Уже в базе, тариф оставлен свой (тариф по умолчанию — только для новых): {n}",
            "  Already on file, kept their own tariff (the default one is for new people): {n}",
            n=report.kept_tariffs,
        )
    if report.forgotten:
        yield tr(
            "  Пропущены (просили удалить их данные): {n}",
            "  Skipped (asked for their data to be erased): {n}",
            n=report.forgotten,
        )
    if report.forgotten_contacts:
        yield tr(
            "  Добавлены, хотя телефон или e-mail был у удалённого по просьбе (имя другое): {n}",
            "  Taken in though the phone or e-mail was an erased person's (another name): {n}",
            n=report.forgotten_contacts,
        )
    if report.matched_by_name:
        yield tr(
            "  Найдены по имени (нет ни телефона, ни e-mail): {n}",
            "  Matched by name (neither phone nor e-mail): {n}",
            n=report.matched_by_name,
        )
    if report.older:
        yield tr(
            "  Заявки старше уже взятых — ничего не изменили: {n}",
            "  Sent before the rows already taken — changed nothing: {n}",
            n=report.older,
        )
    for kept in report.kept_apart:
        both = (
            tr(
                "один телефон, разные имена — оставлены оба: {a} и {b}",
                "one phone, different names: both kept: {a} and {b}",
                a=kept.name,
                b=kept.other_name,
            )
            if kept.kind == "phone"
            else tr(
                "один e-mail, разные имена — оставлены оба: {a} и {b}",
                "one e-mail, different names: both kept: {a} and {b}",
                a=kept.name,
                b=kept.other_name,
            )
        )
        yield "  " + _where(kept.line, kept.sheet) + ": " + both
    for team in report.smaller_teams:
        yield (
            "  "
            + _where(team.line, team.sheet)
            + ": "
            + tr(
                "{c}: в файле команда из {k}, а мест {n} (пришли: {a}) — места не удалены, "
                "решите на стойке",
                "{c}: the file gives a team of {k}, it has {n} seats ({a} arrived): no seat "
                "removed, decide at the desk",
                c=team.name,
                k=team.size,
                n=team.seats,
                a=team.arrived,
            )
        )
    for guess in report.name_guesses:
        said = tr(
            "«{o}»: фамилия {l}, имя {f} — догадка",
            '"{o}": surname {l}, first name {f}, a guess',
            o=guess.original,
            l=guess.last_name,
            f=guess.first_name,
        )
        if not report.dry_run:  # the code exists once the import is written
            said += tr(
                "; поменять местами: kiosk swap-names {c}",
                "; to swap them: kiosk swap-names {c}",
                c=guess.code,
            )
        yield "  " + _where(guess.line, guess.sheet) + ": " + said
    for named in report.named_tariffs:
        title = present.tariff_title(event, PARTICIPANT, named.tariff)
        count = present.count_of(named.rows, ("строка", "строки", "строк"), ("row", "rows"))
        if named.source == "sheet":
            yield tr(
                "  Тариф «{t}» по названию листа «{n}»: {k}",
                '  Tariff "{t}" from the sheet name "{n}": {k}',
                t=title,
                n=named.name,
                k=count,
            )
        elif named.source == "file":
            yield tr(
                "  Тариф «{t}» по имени файла «{n}»: {k}",
                '  Tariff "{t}" from the file name "{n}": {k}',
                t=title,
                n=named.name,
                k=count,
            )
        else:
            yield tr(
                "  Тариф «{t}» для строк без тарифа: {k}",
                '  Tariff "{t}" for the rows without one: {k}',
                t=title,
                k=count,
            )
    for sheet in report.skipped_sheets:
        yield tr(
            "  Лист «{s}» пропущен: {r}",
            '  Sheet "{s}" skipped: {r}',
            s=sheet.sheet,
            r=sheet.reason,
        )
    for warning in report.warnings:
        yield "  " + _where(warning.line, warning.sheet) + ": " + warning.message
    for rejection in report.rejected:
        yield "  " + _where(rejection.line, rejection.sheet) + ": " + rejection.reason
    if report.without_tariff:
        yield tr(
            "  Тариф для строк без него: kiosk import ФАЙЛ --tariff КОД",
            "  A tariff for the rows without one: kiosk import FILE --tariff CODE",
        )


def cmd_export(ctx: Context) -> Exit:
    a = ctx.args
    desk = ctx.desk()
    output = a.output or Path(exporting.default_file_name(desk, a.kind))
    try:
        result = exporting.export(desk, a.kind, output)
    except exporting.ExportError as exc:
        raise CommandError(str(exc), Exit.INVALID, "output") from None
    if not ctx.json:
        sys.stderr.write(
            tr("Внимание: ", "Note: ")
            + tr(
                exporting.PERSONAL_DATA_NOTE,
                "Contains attendees' personal data: store and share it with care.",
            )
            + "\n"
        )
    ctx.emit(
        {"file": str(result.path), "rows": result.rows, "personal_data": True},
        tr("Записано строк: {n} → {f}", "Rows written: {n} → {f}", n=result.rows, f=result.path),
    )
    return Exit.OK


def add_parsers(sub: argparse._SubParsersAction[Parser]) -> None:
    def command(name: str, handler: Handler, ru: str, en: str) -> Parser:
        return add_command(sub, name, handler, ru, en)

    p = command(
        "import",
        cmd_import,
        "импорт заявок из CSV или Excel (выход 0 — всё принято, 1 — часть строк отклонена, "
        "2 — файл не читается)",
        "import registrations from CSV or Excel (exit 0: all rows in, 1: some rejected, "
        "2: the file cannot be read)",
    )
    acting(p, Acting.ORGANISER)
    p.add_argument("file", type=text_arg, metavar="FILE")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help=tr("только проверить и показать отчёт", "check and report only"),
    )
    p.add_argument(
        "--assume-paid",
        action="store_true",
        help=tr(
            "считать оплаченными, если в файле нет столбца оплаты",
            "treat as paid when the file has no paid column",
        ),
    )
    p.add_argument(
        "--tariff",
        type=text_arg,
        metavar="CODE",
        help=tr(
            "тариф для строк, где он не указан ни в строке, ни в названии листа или файла",
            "the tariff of rows that name none, neither in the row nor in the sheet's or "
            "file's name",
        ),
    )

    p = command(
        "export",
        cmd_export,
        "выгрузка участников или отметок в CSV/XLSX",
        "export attendees or check-ins to CSV/XLSX",
    )
    acting(p, Acting.READS)
    p.add_argument("kind", choices=exporting.KINDS)
    p.add_argument(
        "-o",
        "--output",
        type=lambda v: Path(text_arg(v)),
        metavar="FILE",
        help=tr(
            "файл .csv или .xlsx (по умолчанию — имя с пометкой ПДн)",
            "a .csv or .xlsx file (default: a name marked as personal data)",
        ),
    )
