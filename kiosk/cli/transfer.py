"""`kiosk import` (registrations from the website's forms) and `kiosk export` (attendance)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from kiosk.cli.app import CommandError, Context, Exit, Handler, Parser, add_command
from kiosk.cli.core import text_arg
from kiosk.i18n import tr
from kiosk.importing.reader import ImportFileError
from kiosk.services import exporting


def cmd_import(ctx: Context) -> Exit:
    from kiosk.services import importing  # reading and checking files: only for this command

    a = ctx.args
    try:
        report = importing.import_file(
            ctx.desk(), a.file, dry_run=a.dry_run, assume_paid=a.assume_paid
        )
    except ImportFileError as exc:
        raise CommandError(str(exc), Exit.INVALID, "file") from None

    def text() -> Iterator[str]:
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
        if report.protected:
            yield tr(
                "  Не тронуты (уже отмечены или исправлены на стойке): {p}",
                "  Left alone (already checked in or corrected at the desk): {p}",
                p=report.protected,
            )
        for rejection in report.rejected:
            yield tr("  строка {l}: {r}", "  line {l}: {r}", l=rejection.line, r=rejection.reason)

    ctx.emit(report.as_json(), text())
    return Exit.OK if not report.rejected else Exit.INTERNAL


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

    p = command(
        "export",
        cmd_export,
        "выгрузка участников или отметок в CSV/XLSX",
        "export attendees or check-ins to CSV/XLSX",
    )
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
