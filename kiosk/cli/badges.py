"""Badge subcommands: `layouts`, `badge`, `badges` (batch for pre-printing) and `print`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.badges.layouts import LayoutError, list_layouts, load_layout
from kiosk.cli.app import CommandError, Context, Exit, Handler, Parser, add_command
from kiosk.cli.core import code_arg, queued_line, text_arg
from kiosk.files import make_private_dir, write_atomically
from kiosk.i18n import os_reason, tr
from kiosk.printers import PrinterError
from kiosk.services import printing
from kiosk.services.views import AttendeeView


def desk_settings_printer() -> str:
    """The printer chosen in the desk window's settings (a Qt INI file), if any."""
    from kiosk.profile import desk_setting

    return desk_setting("printer")


def _layout(name: str) -> str:
    try:
        load_layout(name)
    except LayoutError as exc:
        raise CommandError(str(exc), Exit.INVALID, "layout") from None
    return name


def _progress(ctx: Context) -> Callable[[int, int], None] | None:
    stream = sys.stderr
    if ctx.json or not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


def _to_file(output: Path) -> printing.Sender:
    def write(pdf: bytes, _printer: str, _job: str, /, *, when: datetime | None = None) -> str:
        try:
            make_private_dir(output.parent)
            write_atomically(output, pdf)
        except OSError as exc:
            raise CommandError(
                tr(
                    "Не удаётся записать {p}: {e}",
                    "Cannot write {p}: {e}",
                    p=output,
                    e=os_reason(exc),
                ),
                Exit.INVALID,
                "output",
            ) from None
        return str(output)

    return write


def _output(value: str) -> Path:
    path = Path(value).expanduser()
    if path.suffix.lower() != ".pdf":
        raise argparse.ArgumentTypeError(
            tr("файл должен оканчиваться на .pdf", "the file name must end with .pdf")
        )
    return path


def _document(result: printing.PrintResult) -> dict[str, Any]:
    return {
        "file": result.destination,
        "count": len(result.attendees),
        "reprints": result.reprints,
        "codes": [a.code for a in result.attendees],
    }


def _result(ctx: Context, result: printing.PrintResult, text: str) -> Exit:
    ctx.emit(_document(result), text)
    return Exit.OK


def _print(ctx: Context, views: list[AttendeeView], **kwargs: Any) -> printing.PrintResult:
    return _printed(lambda: printing.print_views(ctx.desk(), views, **kwargs))


def _printed(job: Callable[[], printing.PrintResult]) -> printing.PrintResult:
    """The print job's result, its refusals and the printer's failure said as a command's."""
    try:
        return job()
    except printing.AlreadyPrinted as exc:
        raise CommandError(
            str(exc) + " " + tr("Добавьте --reprint.", "Add --reprint."),
            Exit.ALREADY_PRINTED,
            "reprint",
            {"code": exc.attendee.code},
        ) from None
    except PrinterError as exc:
        raise CommandError(str(exc), Exit.PRINTER, "printer") from None


def cmd_layouts(ctx: Context) -> Exit:
    layouts = list_layouts()
    ctx.emit(
        {
            "layouts": [
                {
                    "name": x.name,
                    "title": x.title,
                    "page_mm": list(x.page_mm),
                    "per_page": x.per_page,
                }
                for x in layouts
            ]
        },
        [
            f"{x.name:<14} {x.page_mm[0]:g}×{x.page_mm[1]:g} мм  ×{x.per_page}  {x.title}"
            for x in layouts
        ].__iter__(),
    )
    return Exit.OK


def cmd_badge(ctx: Context) -> Exit:
    a = ctx.args
    views = printing.find_attendees(ctx.desk(), a.codes)
    result = _print(
        ctx,
        views,
        printer=f"file:{a.output}",
        layout=a.layout,
        reprint=a.reprint,
        sender=_to_file(a.output),
    )
    return _result(
        ctx,
        result,
        tr("Бейджей: {n} → {f}", "Badges: {n} → {f}", n=len(result.attendees), f=a.output),
    )


def cmd_badges(ctx: Context) -> Exit:
    a = ctx.args
    if not a.all and not a.not_printed:
        raise CommandError(
            tr("Укажите --all или --not-printed", "Give --all or --not-printed"), field="all"
        )
    desk = ctx.desk()
    if a.tariff and desk.event.tariff(a.tariff) is None:
        raise CommandError(
            tr("Нет тарифа «{t}»", 'There is no tariff "{t}"', t=a.tariff), field="tariff"
        )
    views = printing.select_for_batch(
        desk, not_printed=a.not_printed, tariff=a.tariff, category=a.category
    )
    if not views:
        raise CommandError(
            tr("Нет участников для печати", "Nobody to print"), Exit.NOT_FOUND, "all"
        )
    result = _print(
        ctx,
        views,
        printer=f"file:{a.output}",
        layout=a.layout,
        reprint=True,
        sender=_to_file(a.output),
        progress=_progress(ctx),
    )
    return _result(
        ctx,
        result,
        tr(
            "Бейджей: {n} (повторно: {r}) → {f}",
            "Badges: {n} (reprints: {r}) → {f}",
            n=len(result.attendees),
            r=result.reprints,
            f=a.output,
        ),
    )


def cmd_print(ctx: Context) -> Exit:
    a = ctx.args
    printer = a.printer or os.environ.get("KIOSK_PRINTER") or desk_settings_printer()
    if not printer:
        raise CommandError(
            tr(
                "Принтер не выбран: укажите --printer ИМЯ (или pdf:ПАПКА), KIOSK_PRINTER "
                "или выберите принтер в настройках стойки",
                "No printer chosen: give --printer NAME (or pdf:FOLDER), KIOSK_PRINTER, "
                "or choose one in the desk settings",
            ),
            Exit.PRINTER,
            "printer",
        )
    # A desk's action: on a hub its record is made within the scan deadline, or the badge is
    # printed from this laptop's replica and its record queued (as a check-in is); a job that
    # fails after the hub recorded it and was lost has its taking back queued (PrintAttempt).
    attempt = printing.PrintAttempt()
    result = _printed(
        lambda: ctx.at_the_desk(
            lambda desk: printing.print_views(
                desk,
                printing.find_attendees(desk, [a.code]),
                printer=printer,
                layout=a.layout,
                reprint=a.reprint,
                attempt=attempt,
            )
        )
    )
    text = tr("Бейдж отправлен на печать: {d}", "Badge sent to print: {d}", d=result.destination)
    if not ctx.offline:
        ctx.emit(_document(result) | ctx.sent_first_field(), text)
        return Exit.OK
    waiting, refused = ctx.outbox_counts()
    ctx.emit(
        _document(result) | {"offline": True, "queued": waiting, "queued_refusals": refused},
        iter([text, queued_line(waiting, refused)]),
    )
    return Exit.OK


def add_parsers(sub: argparse._SubParsersAction[Parser]) -> None:
    def command(name: str, handler: Handler, ru: str, en: str) -> Parser:
        return add_command(sub, name, handler, ru, en)

    layout_help = tr("макет бейджа (см. kiosk layouts)", "badge layout (see kiosk layouts)")
    command("layouts", cmd_layouts, "макеты бейджей", "badge layouts")

    p = command("badge", cmd_badge, "бейджи по кодам в PDF", "badges for codes into a PDF")
    p.add_argument("codes", nargs="+", type=code_arg, metavar="CODE")
    p.add_argument("-o", "--output", required=True, type=_output, metavar="FILE.pdf")
    p.add_argument("--layout", type=_layout, default=printing.DEFAULT_LAYOUT, help=layout_help)
    p.add_argument(
        "--reprint",
        action="store_true",
        help=tr("печатать и уже напечатанные", "print badges printed before too"),
    )

    p = command(
        "badges",
        cmd_badges,
        "пачка бейджей для предпечати (по алфавиту)",
        "a batch of badges for pre-printing (alphabetical)",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true")
    which.add_argument("--not-printed", action="store_true")
    p.add_argument("--tariff", type=text_arg)
    p.add_argument("--category", type=text_arg)
    p.add_argument("--layout", type=_layout, default=printing.DEFAULT_LAYOUT, help=layout_help)
    p.add_argument("-o", "--output", required=True, type=_output, metavar="FILE.pdf")

    p = command("print", cmd_print, "напечатать бейдж", "print a badge")
    p.set_defaults(offline_ok=True)  # works on this laptop's replica of a lost hub
    p.add_argument("code", type=code_arg)
    p.add_argument(
        "--printer",
        type=text_arg,
        help=tr(
            "имя принтера или pdf:ПАПКА (KIOSK_PRINTER)",
            "printer name or pdf:FOLDER (KIOSK_PRINTER)",
        ),
    )
    p.add_argument("--layout", type=_layout, default=printing.DEFAULT_LAYOUT, help=layout_help)
    p.add_argument("--reprint", action="store_true")
