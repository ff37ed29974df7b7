"""Printing badges to system printers through Qt where there is no CUPS `lp` (Windows).

`pdf:FOLDER` and, where it exists, `lp` go through the core; otherwise each PDF page is
rasterised at the printer's resolution (pypdfium2) and painted on a QPrinter — which Qt
allows from a worker thread, so the window never waits for the printer.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter

from kiosk.i18n import tr as message
from kiosk.printers import PrinterError, is_pdf_folder, send

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

# Qt's print support (a twentieth of the desk's start) is loaded when a badge is printed
# through it or the printers are listed, not while the desk starts.

RENDER_DPI = 300


def paint_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Paint every page of `pdf` on `printer`, each page at its own paper size; page count."""
    import pypdfium2  # with the first print through Qt, not while the desk starts

    document = pypdfium2.PdfDocument(pdf)
    painter: QPainter | None = None
    try:
        for page in document:
            width_pt, height_pt = page.get_size()
            size = QPageSize(QSizeF(width_pt, height_pt), QPageSize.Unit.Point)
            printer.setPageLayout(
                QPageLayout(size, QPageLayout.Orientation.Portrait, printer.pageLayout().margins())
            )
            printer.setFullPage(True)
            if painter is None:
                painter = QPainter()
                if not painter.begin(printer):
                    raise PrinterError(
                        message(
                            "Принтер «{p}» не готов к печати",
                            'Printer "{p}" is not ready',
                            p=printer.printerName() or printer.outputFileName(),
                        )
                    )
            elif not printer.newPage():
                raise PrinterError(message("Принтер отказал", "The printer refused the page"))
            bitmap = page.render(scale=RENDER_DPI / 72).to_pil().convert("RGB")
            image = QImage(
                bitmap.tobytes(),
                bitmap.width,
                bitmap.height,
                bitmap.width * 3,
                QImage.Format.Format_RGB888,
            )
            target = painter.viewport()
            painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
        return len(document)
    finally:
        if painter is not None:
            painter.end()
        document.close()


def qt_sender(
    pdf: bytes, printer_name: str, job_name: str, /, *, when: datetime | None = None
) -> str:
    """A print sender for the desk: the core's ways first, Qt's print support otherwise."""
    if is_pdf_folder(printer_name) or shutil.which("lp"):
        return send(pdf, printer_name, job_name, now=when)
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    info = QPrinterInfo.printerInfo(printer_name)
    if info.isNull():
        raise PrinterError(
            message(
                "Нет принтера «{p}». Выберите принтер в настройках",
                'There is no printer "{p}". Choose one in the settings',
                p=printer_name,
            )
        )
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName(job_name)
    paint_pdf(pdf, printer)
    return printer_name


def system_printers() -> list[str]:
    """The names of the printers the system knows, for a settings list."""
    from PySide6.QtPrintSupport import QPrinterInfo

    return [info.printerName() for info in QPrinterInfo.availablePrinters()]
