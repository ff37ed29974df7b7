"""Where a print job goes: a `pdf:FOLDER` (one PDF per job) or a system printer via CUPS `lp`.

The desk window may print to system printers through Qt instead; this module is what the CLI
and the tests use, and it never needs Qt.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Final

from kiosk.files import make_private_dir, write_atomically
from kiosk.i18n import os_reason, tr

PDF_PREFIX: Final = "pdf:"


class PrinterError(Exception):
    """The job could not be handed to the printer; the message is for the user."""


def is_pdf_folder(printer: str) -> bool:
    return printer.startswith(PDF_PREFIX)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:80] or "job"


def send(pdf: bytes, printer: str, job_name: str, *, now: datetime | None = None) -> str:
    """Hand `pdf` to `printer`; returns where it went (a file path or the printer name).

    A `pdf:FOLDER` file is named by `now`, the moment at the venue (kiosk.services.printing
    passes it: a laptop whose clock zone is UTC names its files as the venue reads them),
    else by the laptop's own clock."""
    printer = printer.strip()
    if not printer:
        raise PrinterError(
            tr(
                "Принтер не выбран: укажите --printer, KIOSK_PRINTER или выберите в настройках",
                "No printer chosen: use --printer, KIOSK_PRINTER or the desk settings",
            )
        )
    if is_pdf_folder(printer):
        folder = Path(printer[len(PDF_PREFIX) :]).expanduser()
        try:
            make_private_dir(folder)
            stamp = (now or datetime.now().astimezone()).strftime("%Y%m%d-%H%M%S-%f")
            path = folder / f"{stamp}-{_safe(job_name)}.pdf"
            again = 1
            while path.exists():  # the same job twice at one moment (a clock set by hand)
                again += 1
                path = folder / f"{stamp}-{_safe(job_name)}-{again}.pdf"
            write_atomically(path, pdf)
        except OSError as exc:
            raise PrinterError(
                tr(
                    "Не удаётся записать PDF в папку {f}: {e}",
                    "Cannot write the PDF into {f}: {e}",
                    f=folder,
                    e=os_reason(exc),
                )
            ) from None
        return str(path)
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterError(
            tr(
                "Нет команды lp (CUPS) для печати на «{p}». Печатайте из окна стойки "
                "или выберите pdf:ПАПКА",
                'No lp command (CUPS) to print on "{p}". Print from the desk window '
                "or choose pdf:FOLDER",
                p=printer,
            )
        )
    try:
        result = subprocess.run(
            [lp, "-d", printer, "-t", _safe(job_name), "-"],
            input=pdf,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrinterError(
            tr(
                "Принтер «{p}» не отвечает: {e}",
                'Printer "{p}" does not answer: {e}',
                p=printer,
                e=exc,
            )
        ) from None
    if result.returncode != 0:
        raise PrinterError(
            tr(
                "Принтер «{p}» отказал: {e}",
                'Printer "{p}" refused the job: {e}',
                p=printer,
                e=result.stderr.decode("utf-8", "replace").strip()[:200],
            )
        )
    return printer
