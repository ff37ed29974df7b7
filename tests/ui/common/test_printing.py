"""Printing through Qt's print support (where there is no CUPS): the badge survives the trip."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from kiosk.badges.layouts import load_layout
from kiosk.badges.model import BadgeInfo, DayMark
from kiosk.badges.render import render_badges
from kiosk.printers import PrinterError
from ui.common import printing


def badge(code: str) -> BadgeInfo:
    return BadgeInfo(
        code,
        "Анна",
        "Печатная",
        "Маяк",
        "",
        "Сервис NEXT",
        "КОМФОРТ",
        "#1E6FB8",
        (DayMark("28.11 КОНФЕРЕНЦИЯ", "conference", True),),
    )


def test_each_page_is_painted_at_its_size_and_the_qr_still_reads(
    qtbot: QtBot, tmp_path: Path
) -> None:
    pdf = render_badges(
        [badge("7KQ2-M9XD-H3TR"), badge("Q4WN-8ZRT-2KXP")], load_layout("badge-90x55")
    )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert printing.paint_pdf(pdf, printer) == 2
    printed = pypdfium2.PdfDocument((tmp_path / "printed.pdf").read_bytes())
    assert len(printed) == 2
    width, height = printed[0].get_size()
    assert abs(width - 90 / 25.4 * 72) < 2 and abs(height - 55 / 25.4 * 72) < 2
    codes = [
        r.text
        for page in printed
        for r in zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())
    ]
    assert codes == ["7KQ2-M9XD-H3TR", "Q4WN-8ZRT-2KXP"]


def test_an_unknown_system_printer_is_a_clear_message(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(printing.shutil, "which", lambda _name: None)
    with pytest.raises(PrinterError, match="Нет принтера"):
        printing.qt_sender(b"%PDF", "No Such Printer", "job")


def test_pdf_folders_still_go_through_the_core(qtbot: QtBot, tmp_path: Path) -> None:
    where = printing.qt_sender(b"%PDF-1.4", f"pdf:{tmp_path}", "job")
    assert Path(where).read_bytes() == b"%PDF-1.4"


def test_the_desks_pdf_folder_names_the_file_by_the_time_it_is_given(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    at_the_venue = datetime(2026, 12, 2, 15, 3, tzinfo=ZoneInfo("Asia/Vladivostok"))
    where = printing.qt_sender(b"%PDF-1.4", f"pdf:{tmp_path}", "job", when=at_the_venue)
    assert Path(where).name.startswith("20261202-1503")
