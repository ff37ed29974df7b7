"""The desk on a small laptop screen (1280 × 720, 1366 × 768): nothing runs off the screen,
nothing is squeezed into a cut line, nothing jumps."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from kiosk.models import PaymentMethod
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.printing import print_badges
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.core.morning import build_morning
from tests.ui.desk.test_desk_window import type_text, wait_tone
from tests.ui.desk.test_summary_window import open_summary
from ui.desk.dialogs import WalkInDialog
from ui.desk.window import DeskWindow

SCREENS = [(1280, 720), (1366, 768)]
TRAINING = date(2026, 11, 27)


def small_screen(monkeypatch: pytest.MonkeyPatch, width: int, height: int) -> QRect:
    """The room a laptop's screen leaves a window: its size less a 32-pixel top panel."""
    room = QRect(0, 32, width, height - 32)
    for module in ("ui.desk.dialogs", "ui.desk.summary_window", "ui.app"):
        monkeypatch.setattr(f"{module}.screen_room", lambda _widget: room)
    return room


def open_team_walk_in(qtbot: QtBot, window: DeskWindow) -> WalkInDialog:
    dialog = WalkInDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.tariff.setCurrentIndex(dialog.tariff.findData("tariff:team"))
    return dialog


def inside(widget: QWidget, dialog: QWidget) -> bool:
    """Whether the widget is shown whole within the dialog's window."""
    box = widget.rect().translated(widget.mapTo(dialog, widget.rect().topLeft()))
    return widget.isVisible() and dialog.rect().contains(box)


def on_screen(dialog: QWidget, room: QRect) -> bool:
    return room.contains(dialog.frameGeometry())


@pytest.mark.parametrize("size", SCREENS)
def test_a_large_team_scrolls_its_members_and_the_form_stays_on_the_screen(
    qtbot: QtBot, window: DeskWindow, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    room = small_screen(monkeypatch, *size)
    dialog = open_team_walk_in(qtbot, window)
    for team in (5, 8, 48):
        dialog.team_size.setValue(team)
        QApplication.processEvents()
        assert on_screen(dialog, room), f"a team of {team} on {size}: {dialog.frameGeometry()}"
        for part in (dialog.total, dialog.consent, dialog.save_button, dialog.cancel_button):
            assert inside(part, dialog), f"a team of {team} on {size}: {part.objectName()}"
    scroll_bar = dialog.members_area.verticalScrollBar()
    assert scroll_bar.isVisible() and scroll_bar.maximum() > 0  # the 47 members scroll


@pytest.mark.parametrize("size", SCREENS)
def test_the_walk_in_dialog_shrinks_back_when_the_team_gets_smaller(
    qtbot: QtBot, window: DeskWindow, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    small_screen(monkeypatch, *size)
    dialog = open_team_walk_in(qtbot, window)
    dialog.team_size.setValue(4)
    QApplication.processEvents()
    height_of_four = dialog.height()
    type_text(dialog.team_size, "8")  # «48» typed, then corrected to 4
    dialog.team_size.setValue(48)
    QApplication.processEvents()
    assert dialog.height() > height_of_four
    dialog.team_size.setValue(4)
    QApplication.processEvents()
    assert dialog.height() == height_of_four
    assert not dialog.members_area.verticalScrollBar().isVisible()


def test_the_cursor_in_a_member_row_out_of_sight_scrolls_it_into_view(
    qtbot: QtBot, window: DeskWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_screen(monkeypatch, 1280, 720)
    dialog = open_team_walk_in(qtbot, window)
    dialog.team_size.setValue(20)
    QApplication.processEvents()
    last_surname = dialog.members[18][0]
    viewport = dialog.members_area.viewport()
    assert not inside(last_surname, viewport)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    last_surname.setFocus()
    qtbot.waitUntil(lambda: inside(last_surname, viewport), timeout=2000)


def fully_shown(label: QLabel, area: QScrollArea) -> bool:
    """Every line of the label is on screen: it has the height its text needs, and that is
    within the visible part of the card's scrolled lines."""
    box = label.rect().translated(label.mapTo(area.viewport(), label.rect().topLeft()))
    whole = label.height() >= label.heightForWidth(label.width())
    return label.isVisible() and whole and area.viewport().rect().contains(box)


@pytest.mark.parametrize("height", [720, 690])  # maximised under a window manager's title bar
def test_after_an_upgrade_the_card_shows_every_check_in_day_and_that_the_badge_is_out_of_date(
    qtbot: QtBot, window: DeskWindow, desk: Desk, height: int
) -> None:
    from dataclasses import replace

    window.controller.settings = replace(window.controller.settings, auto_print=False)
    anna = registered(desk, "package_comfort", last="Двухдневная", first="Анна")
    check_in(desk, anna.code, day=TRAINING)
    print_badges(desk, [anna.code], printer="pdf:unused", sender=lambda *_job, **_when: "nowhere")
    window.resize(1280, height)
    qtbot.waitUntil(lambda: window.size().toTuple() == (1280, height), timeout=3000)
    # The tallest banner: checked in, the payment taken, and the badge out of date.
    window.controller.check_in_attendee(
        anna.id, pay=PaymentMethod.CASH, upgrade_to="package_premium"
    )
    wait_tone(qtbot, window, "green")
    QApplication.processEvents()
    card = window.attendee_card
    assert "28.11" in card.fields["checkins"].text() and "27.11" in card.fields["checkins"].text()
    assert "устарел" in card.fields["prints"].text()
    for key in ("tariff", "payment", "checkins", "prints"):
        assert fully_shown(card.fields[key], card.details_area), key
    assert "устарел" in window.result_panel.badge_line.text()


def test_the_status_bar_wraps_between_the_figures_never_inside_one(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    from PySide6.QtGui import QTextLayout

    for tariff in ("premium", "comfort", "package_premium", "package_comfort"):
        registered(desk, tariff, last=f"Тарифная{tariff}", first="Анна")
    for category in ("speaker", "organizer", "partner", "press"):
        registered(desk, None, category=category, last=f"Гостевая{category}", first="Вера")
    window.controller.refresh()
    qtbot.waitUntil(lambda: "Пресса" in window.status_strip.text(), timeout=5000)
    text = window.status_strip.text()
    layout = QTextLayout(text, window.status_strip.font())
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(420)  # narrower than any laptop: the figures must wrap
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    assert len(lines) > 1
    figures = [part.strip() for part in text.split("·")]
    for figure in figures:
        assert any(figure in line for line in lines), f"«{figure}» is split across lines"


@pytest.mark.parametrize("size", SCREENS)
def test_the_summary_fits_a_small_laptop_screen_and_its_pages_scroll(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    room = small_screen(monkeypatch, *size)
    build_morning(desk, clock)
    summary = open_summary(qtbot, window)
    qtbot.wait(100)
    for hint in (summary.minimumSizeHint(), summary.sizeHint()):
        assert hint.width() <= room.width() and hint.height() <= room.height(), hint
    assert summary.width() <= room.width() and summary.height() < room.height()
    # The money page, the tallest, scrolls within the window instead of making it taller.
    summary.tabs.setCurrentIndex(2)
    QApplication.processEvents()
    page = summary.tabs.currentWidget()
    assert isinstance(page, QScrollArea) and page.height() < summary.height()


@pytest.mark.parametrize("size", SCREENS)
def test_the_summary_s_desk_table_gives_each_desk_name_room(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    small_screen(monkeypatch, *size)
    build_morning(desk, clock)
    names = ["Стойка 1 у входа", "Стойка 2 у гардероба"]
    for name in names:
        at_desk = Desk(desk.db, desk.event, name=name, operator="vera", clock=clock)
        check_in(at_desk, registered(desk, "comfort", last="Пришедшая").code)
    summary = open_summary(qtbot, window)
    qtbot.wait(100)
    view = summary.findChild(QTableView, "deskTable")
    assert view is not None
    QApplication.processEvents()
    model = view.model()
    shown = {model.index(row, 0).data(): row for row in range(model.rowCount())}
    assert set(names) <= set(shown)
    for name in names:
        needed = view.fontMetrics().horizontalAdvance(name)
        assert view.columnWidth(0) >= needed + 8, (name, view.columnWidth(0), needed)
        tip = model.index(shown[name], 0).data(Qt.ItemDataRole.ToolTipRole)
        assert tip == name
    assert view.textElideMode() == Qt.TextElideMode.ElideMiddle  # a longer one keeps its end
