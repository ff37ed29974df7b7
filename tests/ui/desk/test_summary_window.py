"""The organiser's «Сводка» window and lists at the desk: the morning's figures on screen, the
charts drawn from them, live refresh when another process writes, never more than one refresh
a second, and the report, the paper list and a paper list entered afterwards."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.config import Event
from kiosk.db import Database, open_database
from kiosk.models import (
    Attendee,
    CheckIn,
    OfflineDuplicate,
    Payment,
    PaymentMethod,
    RefusedScan,
    Review,
)
from kiosk.services.checkin import check_in
from kiosk.services.contacts import add_links
from kiosk.services.context import Desk
from kiosk.services.lookup import search
from kiosk.services.registration import PersonInput, Registration, register_walk_in
from kiosk.services.replay import OfflineCheckIn, replay_check_in
from kiosk.services.replay_actions import OfflinePayment, replay_payment
from kiosk.services.views import AttendeeView
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.core.morning import Morning, at, build_morning
from tests.ui.conftest import SilentSounds
from tests.ui.desk.test_desk_window import scan
from ui.common import files
from ui.common.hub import Station
from ui.common.runner import Runner
from ui.common.settings import DeskSettings
from ui.desk.controller import DeskController
from ui.desk.organiser import PaperListDialog, PaperListEntryDialog
from ui.desk.summary import MIN_INTERVAL_S
from ui.desk.summary_window import SummaryWindow
from ui.desk.window import DeskWindow

ROOT = Path(__file__).resolve().parents[3]
CONFERENCE = date(2026, 11, 28)


@pytest.fixture
def morning(desk: Desk, clock: FixedClock) -> Morning:
    return build_morning(desk, clock)


def open_summary(qtbot: QtBot, window: DeskWindow) -> SummaryWindow:
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    summary = window.summary_window
    assert summary is not None and summary.isVisible()
    qtbot.waitUntil(lambda: window.summary.summary is not None, timeout=5000)
    return summary


def tile(summary: SummaryWindow, key: str) -> str:
    return summary.tiles[key].value.text()


def cells(view: QTableView) -> list[list[str]]:
    model = view.model()
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_ctrl_d_opens_the_summary_with_the_days_figures(
    qtbot: QtBot, window: DeskWindow, morning: Morning
) -> None:
    summary = open_summary(qtbot, window)
    assert tile(summary, "arrived") == "6 / 9"
    assert summary.tiles["arrived"].detail.text() == "67\u00a0%"
    assert tile(summary, "missing") == "3"
    assert tile(summary, "cash") == "20\u202f700\u00a0₽"
    assert tile(summary, "card") == "16\u202f000\u00a0₽"
    assert tile(summary, "invoice") == "10\u202f000\u00a0₽"
    assert tile(summary, "refused") == "2"
    assert summary.tabs.tabText(1) == "Кто не пришёл (3)"


def test_the_tables_hold_tariffs_desks_and_the_event_as_a_whole(
    qtbot: QtBot, window: DeskWindow, morning: Morning
) -> None:
    summary = open_summary(qtbot, window)
    groups = cells(summary.findChild(QTableView, "groupTable"))
    assert ["Комфорт", "4", "3", "75\u00a0%", "1"] in groups
    assert ["Спикер", "1", "1", "100\u00a0%", "0"] in groups
    desks = cells(summary.findChild(QTableView, "deskTable"))
    assert ["desk-1", "3", "08:52\u201309:07"] in desks
    days = cells(summary.findChild(QTableView, "daysTable"))
    assert days == [["27.11", "3", "0", "0\u00a0%"], ["28.11", "9", "6", "67\u00a0%"]]


def test_the_arrivals_chart_has_the_bars_the_running_total_and_the_start(
    qtbot: QtBot, window: DeskWindow, morning: Morning
) -> None:
    chart = open_summary(qtbot, window).arrivals_chart
    assert chart.total is not None and chart.bars_outline is not None
    totals = [(p.x(), p.y()) for p in chart.total.points()]
    assert totals[0] == (530.0, 0.0)  # 08:50, the first arrival's five minutes
    assert totals[1:6] == [(535.0, 1.0), (540.0, 2.0), (545.0, 3.0), (550.0, 4.0), (555.0, 5.0)]
    assert totals[-1] == (665.0, 5.0)  # to 11:00 and its five minutes
    peaks = {p.x(): p.y() for p in chart.bars_outline.points() if p.y()}
    assert peaks == {530.0: 1.0, 535.0: 1.0, 540.0: 1.0, 545.0: 1.0, 550.0: 1.0, 555.0: 1.0}
    assert chart.start_line is not None
    assert {p.x() for p in chart.start_line.points()} == {540.0}  # 09:00
    assert chart.start_line.name() == "Начало программы 09:00"
    assert "09:00" in chart.time_axis.categoriesLabels()


def test_the_desk_chart_has_a_bar_set_per_desk(
    qtbot: QtBot, window: DeskWindow, morning: Morning
) -> None:
    chart = open_summary(qtbot, window).desk_chart
    assert chart.series is not None
    sets = {s.label(): [s.at(i) for i in range(s.count())] for s in chart.series.barSets()}
    assert sets == {"desk-1": [1.0, 1.0], "desk-2": [1.0, 1.0], "kiosk": [0.0, 1.0]}


def test_who_is_missing_is_sortable_filterable_and_opens_at_the_desk(
    qtbot: QtBot, window: DeskWindow, morning: Morning
) -> None:
    summary = open_summary(qtbot, window)
    view = summary.missing_view
    assert [row[0] for row in cells(view)] == ["Дмитриев Иван", "Ёлкина Иван", "Ершов Иван"]
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert cells(view)[0][0] == "Ершов Иван"
    summary.missing_filter.setText("ёлк")
    assert [row[0] for row in cells(view)] == ["Ёлкина Иван"]
    phone = cells(view)[0][1]
    assert phone.startswith("+7 914")
    view.doubleClicked.emit(view.model().index(0, 0))
    assert window.search_input.text() == morning.people["C"].code


def test_money_refusals_and_decisions_are_listed(
    qtbot: QtBot, window: DeskWindow, morning: Morning
) -> None:
    summary = open_summary(qtbot, window)
    desks = cells(summary.findChild(QTableView, "moneyDeskTable"))
    assert desks[1][:4] == [
        "desk-2",
        "10\u202f700\u00a0₽",
        "16\u202f000\u00a0₽",
        "26\u202f700\u00a0₽",
    ]
    assert desks[1][6] == "0\u00a0₽"  # «Возвращено»: nothing given back this morning
    invoices = cells(summary.findChild(QTableView, "invoicesTable"))
    assert [(row[3], row[4]) for row in invoices] == [("Ершов Иван", "счёт")]
    payments = cells(summary.findChild(QTableView, "paymentsTable"))
    assert "счёт" not in [row[4] for row in payments] and len(payments) == 3  # listed once
    upgrades = cells(summary.findChild(QTableView, "upgradesTable"))
    assert upgrades[0][4:] == ["Комфорт", "Пакет Комфорт", "10\u202f700\u00a0₽"]
    refusals = cells(summary.refusals_view)
    assert [(row[0], row[3], row[6]) for row in refusals] == [
        ("09:12", "не оплачено", "да, 09:13"),
        ("09:40", "код не найден", "—"),
    ]
    assert summary.decisions.topLevelItemCount() == 7  # the edits group too, at (0)


def test_a_double_payment_is_listed_to_refund(
    qtbot: QtBot, window: DeskWindow, desk: Desk, clock: FixedClock
) -> None:
    boris = registered(desk, last="Двойной", first="Борис", company="Ромашка")
    taken = clock() + timedelta(minutes=2)
    replay_payment(
        desk,
        OfflinePayment(str(uuid.uuid4()), boris.code, 10000, "cash", None, taken, "ст-2", ""),
    )
    summary = open_summary(qtbot, window)
    refunds = summary.decisions.topLevelItem(4)
    assert refunds.text(0) == "Оплачено дважды (принято без хаба): верните деньги (1)"
    assert [refunds.child(0).text(n) for n in range(3)] == [
        "Двойной Борис: 10\u202f000\u00a0₽ наличные, ст-2 28.11 09:07",
        boris.code,
        "Ромашка",
    ]
    assert tile(summary, "decisions") == "1"


def test_someone_admitted_twice_offline_is_listed_with_each_desk_and_time(
    qtbot: QtBot, window: DeskWindow, desk: Desk, clock: FixedClock
) -> None:
    anna = registered(desk, last="Аннина", first="Анна", company="Ромашка")
    for at_desk, minutes in (("ст-1", 9), ("ст-2", 2)):
        at = clock() + timedelta(minutes=minutes)
        replay_check_in(
            desk, OfflineCheckIn(uuid.uuid4().hex, anna.code, CONFERENCE, at, at, at_desk, "оля")
        )
    summary = open_summary(qtbot, window)
    twice = summary.decisions.topLevelItem(5)
    assert twice.text(0) == (
        "Прошли дважды на стойках без хаба: засчитан первый проход, остальные отложены (1)"
    )
    assert [twice.child(0).text(n) for n in range(3)] == [
        "Аннина Анна, 28.11: засчитан ст-2 09:07:00; отложены ст-1 09:14:00",
        anna.code,
        "Ромашка",
    ]
    assert tile(summary, "decisions") == "1"


def admitted_twice(desk: Desk, clock: FixedClock) -> AttendeeView:
    """Anna admitted at «ст-1» at 09:14 and at «ст-2» at 09:07, both without the hub."""
    anna = registered(desk, last="Аннина", first="Анна", company="Ромашка")
    for at_desk, minutes in (("ст-1", 9), ("ст-2", 2)):
        at = clock() + timedelta(minutes=minutes)
        replay_check_in(
            desk, OfflineCheckIn(uuid.uuid4().hex, anna.code, CONFERENCE, at, at, at_desk, "оля")
        )
    return anna


def choose_admitted_twice(qtbot: QtBot, summary: SummaryWindow) -> None:
    qtbot.waitUntil(lambda: summary.decisions.topLevelItemCount() > 5, timeout=5000)
    twice = summary.decisions.topLevelItem(5)
    assert twice is not None and twice.childCount() == 1
    summary.decisions.setCurrentItem(twice.child(0))


def test_someone_admitted_twice_offline_is_marked_reviewed_and_listed_apart(
    qtbot: QtBot, window: DeskWindow, desk: Desk, clock: FixedClock
) -> None:
    anna = admitted_twice(desk, clock)
    summary = open_summary(qtbot, window)
    assert summary.reviewed_button.text() == "Проверено"
    assert not summary.reviewed_button.isEnabled()  # nothing chosen yet
    choose_admitted_twice(qtbot, summary)
    assert summary.reviewed_button.isEnabled()
    assert not (summary.merge_button.isEnabled() or summary.refund_button.isEnabled())

    clock.now = clock() + timedelta(hours=1)
    summary.reviewed_button.click()  # no confirmation: it only says someone looked
    qtbot.waitUntil(lambda: "Проверено" in summary.status.text(), timeout=5000)
    assert summary.status.text() == (
        f"Проверено: Аннина Анна ({anna.code}), 28.11 — отложенные проходы показаны отдельно."
    )
    qtbot.waitUntil(lambda: tile(summary, "decisions") == "0", timeout=5000)
    assert summary.decisions.topLevelItem(5).childCount() == 0  # type: ignore[union-attr]
    reviewed = summary.decisions.topLevelItem(6)
    assert reviewed is not None
    assert reviewed.text(0) == "Прошли дважды на стойках без хаба, проверено (1)"
    assert [reviewed.child(0).text(n) for n in range(3)] == [  # type: ignore[union-attr]
        "Аннина Анна, 28.11: засчитан ст-2 09:07:00; отложены ст-1 09:14:00 — "
        "проверено 28.11 10:05, "
        "desk-1, anna",
        anna.code,
        "Ромашка",
    ]
    summary.decisions.setCurrentItem(reviewed.child(0))
    assert not summary.reviewed_button.isEnabled()  # reviewed already: nothing to do


def test_money_given_back_is_marked_from_the_summary_and_listed_with_when_and_where(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    boris = registered(desk, last="Двойной", first="Борис", company="Ромашка")
    replay_payment(
        desk,
        OfflinePayment(
            str(uuid.uuid4()), boris.code, 10000, "cash", None, clock() + timedelta(minutes=2),
            "ст-2", "",
        ),
    )  # fmt: skip
    summary = open_summary(qtbot, window)
    assert not summary.refund_button.isEnabled()  # nothing chosen yet
    refunds = summary.decisions.topLevelItem(4)
    assert refunds is not None
    summary.decisions.setCurrentItem(refunds.child(0))
    assert summary.refund_button.isEnabled() and not summary.merge_button.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(
        summary, "confirm_refund", lambda double: asked.append(double.person.code)
    )  # the answer is None: not confirmed
    summary.refund_button.click()
    qtbot.wait(200)
    assert asked == [boris.code] and tile(summary, "decisions") == "1"

    clock.now = clock() + timedelta(hours=1)
    monkeypatch.setattr(summary, "confirm_refund", lambda double: True)
    summary.refund_button.click()
    qtbot.waitUntil(lambda: "Возвращено" in summary.status.text(), timeout=5000)
    assert (
        summary.status.text() == f"Возвращено: 10\u202f000\u00a0₽ — Двойной Борис ({boris.code})."
    )
    qtbot.waitUntil(lambda: tile(summary, "decisions") == "0", timeout=5000)
    assert summary.decisions.topLevelItem(4).childCount() == 0  # type: ignore[union-attr]
    given = summary.decisions.topLevelItem(7)
    assert given is not None and given.text(0) == "Оплачено дважды, деньги возвращены (1)"
    assert given.child(0).text(0) == (  # type: ignore[union-attr]
        "Двойной Борис: 10\u202f000\u00a0₽ наличные, ст-2 28.11 09:07 — возвращено 28.11 10:05, "
        "desk-1, anna"
    )
    assert not summary.refund_button.isEnabled()


def test_a_refused_scan_says_when_and_whether_the_person_got_in_that_day(
    qtbot: QtBot, window: DeskWindow, morning: Morning, clock: FixedClock
) -> None:
    clock.now = at(11, 5)
    check_in(morning.desk2, morning.people["A"].code)  # in since 08:52: a second scan
    registered(morning.desk1, "premium", last="Неоплатов", paid=False)
    check_in(morning.desk1, search(morning.desk1, "Неоплатов")[0].code)  # unpaid, not in
    summary = open_summary(qtbot, window)
    later = {row[4]: (row[0], row[6]) for row in cells(summary.refusals_view)}
    assert later["Алексеев Иван"] == ("11:05", "уже был(а) внутри, с 08:52")
    assert later["Неоплатов Иван"][1] == "пока нет"  # the day is not over


def test_payments_and_refusals_recorded_on_another_date_show_it_with_the_time(
    qtbot: QtBot, window: DeskWindow, morning: Morning, clock: FixedClock
) -> None:
    clock.now = at(11, 5)
    check_in(morning.desk2, morning.people["A"].code)  # refused: in since 08:52
    afterwards = datetime(2026, 12, 2, 15, 3, tzinfo=UTC)  # 03.12 01:03 in Vladivostok
    with morning.desk1.db.write() as session:
        first_payment = session.scalars(
            select(Payment)
            .where(Payment.day == CONFERENCE, Payment.method != PaymentMethod.INVOICE)
            .order_by(Payment.id)
        ).first()
        assert first_payment is not None
        first_payment.taken_at = afterwards
        refusal = session.scalars(select(RefusedScan).order_by(RefusedScan.id.desc())).first()
        assert refusal is not None
        refusal.at = afterwards
    summary = open_summary(qtbot, window)
    refused = [row[0] for row in cells(summary.refusals_view)]
    assert "03.12 01:03" in refused
    assert all(len(moment) == 5 for moment in refused if moment != "03.12 01:03"), refused
    paid = [row[0] for row in cells(summary.findChild(QTableView, "paymentsTable"))]
    assert "03.12 01:03" in paid
    assert all(len(moment) == 5 for moment in paid if moment != "03.12 01:03"), paid


def test_another_process_writing_shows_up_within_a_poll(
    qtbot: QtBot, window: DeskWindow, morning: Morning, desk: Desk
) -> None:
    summary = open_summary(qtbot, window)
    assert tile(summary, "arrived") == "6 / 9"
    database = desk.db.engine.url.database
    env = {**os.environ, "KIOSK_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "--db", str(database), "--desk", "desk-3", "checkin",
         morning.people["D"].code, "--at", "2026-11-28T10:40:00+10:00"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: tile(summary, "arrived") == "7 / 9", timeout=8000)
    assert "desk-3" in [row[0] for row in cells(summary.findChild(QTableView, "deskTable"))]


def test_a_burst_of_changes_refreshes_at_most_once_a_second(
    qtbot: QtBot, window: DeskWindow, morning: Morning
) -> None:
    open_summary(qtbot, window)
    controller = window.summary
    begun = len(controller.refresh_started)
    start = time.monotonic()
    while time.monotonic() - start < 2.5:
        controller.request_refresh()
        window.controller.check_in_code("NOPE-NOPE-NOPE")
        qtbot.wait(20)
    qtbot.waitUntil(lambda: not window.controller.runner.is_busy(), timeout=5000)
    started = controller.refresh_started[begun - 1 :]
    gaps = [b - a for a, b in itertools.pairwise(started)]
    assert gaps and min(gaps) >= MIN_INTERVAL_S - 0.01
    assert len(gaps) <= 4
    qtbot.waitUntil(lambda: tile(window.summary_window, "refused") != "2", timeout=5000)  # type: ignore[arg-type]


def test_the_poll_stops_when_the_window_closes(
    qtbot: QtBot, window: DeskWindow, morning: Morning
) -> None:
    summary = open_summary(qtbot, window)
    assert window.summary.live
    summary.close()
    assert not window.summary.live


def test_choosing_another_day_shows_its_figures(
    qtbot: QtBot, window: DeskWindow, morning: Morning
) -> None:
    summary = open_summary(qtbot, window)
    summary.day_selector.setCurrentIndex(summary.day_selector.findData("2026-11-27"))
    qtbot.waitUntil(lambda: tile(summary, "arrived") == "0 / 3", timeout=5000)
    assert summary.arrivals_chart.chart().title() == "Пока никто не пришёл"
    for axis in (summary.arrivals_chart.count_axis, summary.arrivals_chart.total_axis):
        assert (axis.min(), axis.max(), axis.tickCount()) == (0, 1, 2)  # not «0, 0, 0, 0, 1»


# ---- files and the paper list --------------------------------------------------------------


def test_the_day_report_is_written_from_the_menu(
    qtbot: QtBot,
    window: DeskWindow,
    morning: Morning,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "итоги.pdf"
    monkeypatch.setattr(files, "save_file_name", lambda *a, **k: str(target))
    window.report_action.trigger()
    qtbot.waitUntil(target.exists, timeout=10_000)
    qtbot.waitUntil(
        lambda: "Отчёт за день сохранён" in window.result_panel.detail.text(), timeout=5000
    )
    assert target.read_bytes().startswith(b"%PDF")


def test_the_paper_list_is_written_for_the_chosen_day_and_tariff(
    qtbot: QtBot, window: DeskWindow, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.reports.pdfs import page_texts

    registered(desk, "comfort", last="Комфортова")
    registered(desk, "premium", last="Премиумова")
    target = tmp_path / "список.pdf"

    def choose(dialog: PaperListDialog) -> int:
        dialog.tariff_choice.setCurrentIndex(dialog.tariff_choice.findData("premium"))
        return 1

    monkeypatch.setattr(PaperListDialog, "exec", choose)
    monkeypatch.setattr(files, "save_file_name", lambda *a, **k: str(target))
    window.paper_list_action.trigger()
    qtbot.waitUntil(target.exists, timeout=10_000)
    text = page_texts(target.read_bytes())[0]
    assert "Премиумова" in text and "Комфортова" not in text
    assert "Список на 28.11" in text


def test_an_empty_paper_list_is_saved_with_a_warning(
    qtbot: QtBot, window: DeskWindow, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registered(desk, "comfort", last="Комфортова")
    target = tmp_path / "пусто.pdf"

    def choose(dialog: PaperListDialog) -> int:
        dialog.tariff_choice.setCurrentIndex(dialog.tariff_choice.findData("premium"))
        return 1

    monkeypatch.setattr(PaperListDialog, "exec", choose)
    monkeypatch.setattr(files, "save_file_name", lambda *a, **k: str(target))
    window.paper_list_action.trigger()
    qtbot.waitUntil(target.exists, timeout=10_000)
    qtbot.waitUntil(lambda: "никого нет" in window.result_panel.detail.text(), timeout=5000)


def test_a_paper_list_is_entered_with_a_scanner_and_nobody_is_checked_in_at_the_door_meanwhile(
    qtbot: QtBot, window: DeskWindow, desk: Desk, clock: FixedClock
) -> None:
    anna = registered(desk, "comfort", last="Бумажная")
    boris = registered(desk, "comfort", last="Сканов")
    dialog = PaperListEntryDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    dialog.code_input.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.code_input, timeout=3000)
    for code in (anna.code, boris.code):
        scan(qtbot, window, code)
    assert dialog.code_list() == [anna.code, boris.code]
    assert dialog.code_input.text() == ""
    window.controller.runner.wait()
    QApplication.processEvents()
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(CheckIn)) == 0
    dialog.reason_row.edit.setText("ноутбук стойки 2 выключился")
    dialog.time_row.edit.setText("08:40")
    dialog.enter_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=5000)
    assert dialog.summary.text() == "Внесено: 2, уже были отмечены: 0, отказ: 0."
    with desk.db.read() as session:
        rows = session.scalars(select(CheckIn)).all()
    assert {r.entered_afterwards for r in rows} == {True}
    assert dialog.results.rowCount() == 2


def test_the_paper_list_entry_asks_for_everything_missing_at_once(
    qtbot: QtBot, window: DeskWindow
) -> None:
    dialog = PaperListEntryDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.time_row.edit.setText("девять")
    dialog.enter_button.click()
    assert dialog.codes_error.text() == "Сначала добавьте коды с бумажного списка."
    assert dialog.time_row.error.full_text()
    assert dialog.reason_row.error.full_text()
    assert dialog.result is None


def test_typed_codes_and_unknown_text_are_reported_line_by_line(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    unpaid = registered(desk, "premium", last="Должникова", paid=False)
    dialog = PaperListEntryDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_codes([unpaid.code, "НЕ КОД"])
    dialog.reason_row.edit.setText("бумага")
    dialog.enter_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=5000)
    outcomes = [dialog.results.item(row, 1).text() for row in range(dialog.results.rowCount())]
    assert outcomes == ["не оплачено: 16\u202f000\u00a0₽", "код не найден"]
    assert "отказ: 2" in dialog.summary.text()


# ---- flagged walk-ins: merge or keep both ----------------------------------------------------


def flagged_twice(desk: Desk) -> tuple[AttendeeView, AttendeeView]:
    """Anna registered in advance, and again as a walk-in an offline desk made (flagged)."""
    anna = registered(desk, "package_premium", last="Аннина", first="Анна")
    again = registered(
        desk,
        "package_premium",
        last="Аннина",
        first="Анна",
        phone=anna.phone or "",
        allow_duplicate=True,
    )
    with desk.db.write() as session:
        found = session.get(Attendee, again.id)
        assert found is not None
        found.review = Review.PROBABLE_DUPLICATE
    return anna, again


def choose_flagged(qtbot: QtBot, summary: SummaryWindow) -> None:
    qtbot.waitUntil(lambda: summary.decisions.topLevelItemCount() > 0, timeout=5000)
    group = summary.decisions.topLevelItem(0)
    assert group is not None and group.childCount() == 1
    assert group.text(0).endswith("(1)")
    summary.decisions.setCurrentItem(group.child(0))


def test_a_flagged_walk_in_is_merged_from_the_summary_after_a_confirmation(
    qtbot: QtBot, window: DeskWindow, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, again = flagged_twice(desk)
    summary = open_summary(qtbot, window)
    assert not summary.merge_button.isEnabled()  # nothing chosen yet
    choose_flagged(qtbot, summary)
    assert summary.merge_button.isEnabled() and summary.keep_both_button.isEnabled()
    asked: list[tuple[str, str, int]] = []
    monkeypatch.setattr(
        summary,
        "confirm_merge",
        lambda keep, other, seats: asked.append((keep.code, other.code, seats)),
    )  # the answer is None: not confirmed
    summary.merge_button.click()
    assert asked == [(anna.code, again.code, 0)]
    qtbot.wait(200)
    assert count_people(desk) == 2  # nothing merged without a yes

    monkeypatch.setattr(summary, "confirm_merge", lambda keep, other, seats: True)
    summary.merge_button.click()
    qtbot.waitUntil(lambda: "Объединено" in summary.status.text(), timeout=5000)
    assert again.code in summary.status.text() and "вернуть" in summary.status.text()
    assert count_people(desk) == 1
    qtbot.waitUntil(
        lambda: summary.decisions.topLevelItem(0).childCount() == 0,  # type: ignore[union-attr]
        timeout=5000,
    )
    # What was paid on both records is now a double payment to give back: the one decision left.
    assert tile(summary, "decisions") == "1"
    refunds = summary.decisions.topLevelItem(4)
    assert refunds is not None and refunds.childCount() == 1
    summary.close()
    scan(qtbot, window, again.code)  # the walk-in's badge opens the door for Anna
    qtbot.waitUntil(lambda: window.shown_attendee() is not None, timeout=5000)
    assert window.shown_attendee().code == anna.code  # type: ignore[union-attr]


def test_the_merge_message_leaves_the_footer_after_a_while(
    qtbot: QtBot, window: DeskWindow, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.desk.summary_window import STATUS_SHOWN_MS

    assert 10_000 <= STATUS_SHOWN_MS <= 120_000  # read at leisure, not left there for good
    flagged_twice(desk)
    summary = open_summary(qtbot, window)
    summary._status_timer.setInterval(300)  # the test does not wait a minute
    choose_flagged(qtbot, summary)
    monkeypatch.setattr(summary, "confirm_merge", lambda keep, other, seats: True)
    summary.merge_button.click()
    qtbot.waitUntil(lambda: "Объединено" in summary.status.text(), timeout=5000)
    qtbot.waitUntil(lambda: summary.status.text() == "", timeout=3000)


def test_the_merge_message_says_whose_arrival_counts_and_what_moved(
    qtbot: QtBot,
    window: DeskWindow,
    desk: Desk,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The walk-in's record came in first on the day both came: its arrival is the one that
    counts now, and the message says so rather than «0 check-ins moved»."""
    anna, again = flagged_twice(desk)
    morning = clock.now
    clock.now = morning - timedelta(minutes=20)
    check_in(desk, again.code)
    clock.now = morning
    check_in(desk, anna.code)
    summary = open_summary(qtbot, window)
    choose_flagged(qtbot, summary)
    monkeypatch.setattr(summary, "confirm_merge", lambda keep, other, seats: True)
    summary.merge_button.click()
    qtbot.waitUntil(lambda: "Объединено" in summary.status.text(), timeout=5000)
    earlier = (morning - timedelta(minutes=20)).astimezone(desk.event.tz).strftime("%H:%M")
    assert (
        f"28.11: пришёл(шла) по обоим бейджам — засчитан ранний приход (бейдж {again.code}, "
        f"{earlier}), второй оставлен для проверки." in summary.status.text()
    )
    assert "Перенесено оплат: 1" in summary.status.text()


def test_keep_both_in_the_summary_clears_the_flag(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    _anna, _again = flagged_twice(desk)
    summary = open_summary(qtbot, window)
    choose_flagged(qtbot, summary)
    before = len(window.summary.refresh_started)
    window.summary.request_refresh()  # another desk wrote something meanwhile
    qtbot.waitUntil(lambda: len(window.summary.refresh_started) > before, timeout=5000)
    qtbot.waitUntil(lambda: not window.summary._computing, timeout=5000)
    assert summary.keep_both_button.isEnabled()  # the choice survives the refresh
    summary.keep_both_button.click()
    qtbot.waitUntil(lambda: "Оставлены оба" in summary.status.text(), timeout=5000)
    qtbot.waitUntil(
        lambda: summary.decisions.topLevelItem(0).childCount() == 0,  # type: ignore[union-attr]
        timeout=5000,
    )
    assert count_people(desk) == 2
    assert not summary.keep_both_button.isEnabled()


def count_people(desk: Desk) -> int:
    with desk.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Attendee)) or 0)


def test_two_people_sharing_a_phone_are_kept_apart_from_the_summary(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    sergey = registered(desk, last="Смирнов", first="Сергей")
    elena = registered(
        desk, last="Смирнова", first="Елена", phone=sergey.phone or "", allow_duplicate=True
    )
    with desk.db.write() as session:
        add_links(session, [(sergey.id, elena.id, "phone")], desk)  # flags both, as the import
    summary = open_summary(qtbot, window)
    qtbot.waitUntil(lambda: summary.decisions.topLevelItemCount() > 1, timeout=5000)
    shared = summary.decisions.topLevelItem(1)
    assert shared is not None and shared.childCount() == 1
    summary.decisions.setCurrentItem(shared.child(0))
    assert summary.merge_button.isEnabled() and summary.keep_both_button.isEnabled()
    summary.keep_both_button.click()
    qtbot.waitUntil(lambda: "Оставлены оба" in summary.status.text(), timeout=5000)
    qtbot.waitUntil(
        lambda: summary.decisions.topLevelItem(1).childCount() == 0,  # type: ignore[union-attr]
        timeout=5000,
    )
    assert count_people(desk) == 2


# ---- without the hub -----------------------------------------------------------------------


@pytest.fixture
def replica(tmp_path: Path, event: Event) -> Iterator[Database]:
    """A desk's copy of the hub (as kiosk.offline.replica keeps it): an SQLite database."""
    copy = open_database(f"sqlite:///{tmp_path / 'replica.sqlite3'}", event, create=True)
    yield copy
    copy.dispose()


def test_offline_the_summary_shows_the_desks_copy_marked_with_its_time_and_decides_nothing(
    qtbot: QtBot,
    desk: Desk,
    settings: DeskSettings,
    replica: Database,
    clock: FixedClock,
) -> None:
    _anna, again = flagged_twice(desk)
    on_copy = replace(desk, db=replica)
    copied = flagged_twice(on_copy)
    check_in(on_copy, copied[0].code)  # what the copy holds differs from the hub
    station = Station(desk.db, desk.event, kind="desk")
    window = DeskWindow(
        DeskController(desk, Runner(), settings),
        SilentSounds(),  # type: ignore[arg-type]
        station=station,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    try:
        summary = open_summary(qtbot, window)
        assert summary.updated.text().endswith("· в реальном времени")
        assert tile(summary, "arrived") == "0 / 2"
        choose_flagged(qtbot, summary)
        assert summary.merge_button.isEnabled()

        # The hub is lost: the desk works on its copy, pulled at 08:47 venue time.
        station.replica = replica
        pulled = clock() - timedelta(minutes=18)
        station.link = replace(station.link, reachable=False, offline=True, data_at=pulled)
        station.link_changed.emit(station.link)
        qtbot.waitUntil(lambda: tile(summary, "arrived") == "1 / 2", timeout=5000)
        assert summary.updated.text() == "офлайн · данные от 08:47"
        assert not summary.needs_hub_note.isHidden()
        choose_flagged(qtbot, summary)
        assert not summary.merge_button.isEnabled()
        assert not summary.keep_both_button.isEnabled()
        summary.merge_button.click()  # disabled: nothing happens, nothing breaks
        assert summary.status.text() == ""

        # Back: the hub's figures, live, and the decisions are the organiser's again.
        station.link = replace(station.link, reachable=True, offline=False)
        station.link_changed.emit(station.link)
        qtbot.waitUntil(lambda: tile(summary, "arrived") == "0 / 2", timeout=5000)
        assert summary.updated.text().endswith("· в реальном времени")
        assert summary.needs_hub_note.isHidden()
        choose_flagged(qtbot, summary)
        assert summary.merge_button.isEnabled()
        assert count_people(desk) == 2 and again.code in summary_codes(summary)
    finally:
        window.controller.runner.wait()
        window.close()
        station.close()


def summary_codes(summary: SummaryWindow) -> list[str]:
    """The codes of the rows of the summary's decisions."""
    tree = summary.decisions
    groups = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [g.child(n).text(1) for g in groups if g is not None for n in range(g.childCount())]


def test_without_the_hub_admissions_are_not_marked_reviewed_at_the_desk(
    qtbot: QtBot,
    desk: Desk,
    settings: DeskSettings,
    replica: Database,
    clock: FixedClock,
) -> None:
    anna = admitted_twice(desk, clock)
    station = Station(desk.db, desk.event, kind="desk")
    window = DeskWindow(
        DeskController(desk, Runner(), settings),
        SilentSounds(),  # type: ignore[arg-type]
        station=station,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    try:
        summary = open_summary(qtbot, window)
        choose_admitted_twice(qtbot, summary)
        assert summary.reviewed_button.isEnabled()

        station.replica = replica
        station.link = replace(station.link, reachable=False, offline=True, data_at=clock())
        station.link_changed.emit(station.link)
        qtbot.waitUntil(lambda: summary.updated.text().startswith("офлайн"), timeout=5000)
        assert not summary.reviewed_button.isEnabled()
        assert "«Проверено»" in summary.needs_hub_note.text()
        failures: list[str] = []
        summary.controller.mark_reviewed(
            anna.code,
            CONFERENCE,
            lambda _r: failures.append("done"),
            lambda e: failures.append(str(e)),
        )  # were it asked all the same: the hub's to do
        assert len(failures) == 1 and failures[0].startswith("Без связи с хабом")
        window.controller.runner.wait()
        with desk.db.read() as session:
            assert (
                session.scalar(
                    select(func.count())
                    .select_from(OfflineDuplicate)
                    .where(OfflineDuplicate.reviewed_at.is_not(None))
                )
                == 0
            )
    finally:
        window.controller.runner.wait()
        window.close()
        station.close()


def decision_rows(summary: SummaryWindow) -> list[tuple[str, list[tuple[str, ...]]]]:
    """Every group of the summary's decisions with its rows' columns, as on screen."""
    tree = summary.decisions
    groups = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [
        (
            g.text(0),
            [tuple(g.child(n).text(c) for c in range(3)) for n in range(g.childCount())],
        )
        for g in groups
        if g is not None
    ]


@pytest.mark.postgres
def test_offline_the_summary_lists_what_the_hub_set_aside_and_reviewed_as_the_copy_last_pulled(
    qtbot: QtBot, pg_url: str, event: Event, settings: DeskSettings, tmp_path: Path
) -> None:
    from kiosk.offline.replica import open_replica, pull
    from kiosk.services.duplicates import mark_reviewed

    clock = FixedClock(datetime(2026, 11, 27, 23, 5, tzinfo=UTC))
    hub_db = open_database(pg_url, event, create=True)
    replica = open_replica(tmp_path / "hubs" / "replica.sqlite3", event)
    hub = Desk(hub_db, event, name="desk-1", operator="anna", clock=clock)
    anna = admitted_twice(hub, clock)
    boris = registered(hub, last="Двойной", first="Борис")  # paid, then paid again offline
    replay_payment(
        hub,
        OfflinePayment(str(uuid.uuid4()), boris.code, 10000, "cash", None, clock(), "ст-2", ""),
    )
    later = [registered(hub, last=f"Поздний{n}", first="Иван") for n in range(2)]
    pull(hub_db, replica)
    check_in(hub, later[0].code)  # after the pull: the copy has one arrival fewer
    station = Station(hub_db, event, kind="desk")
    window = DeskWindow(
        DeskController(hub, Runner(), settings),
        SilentSounds(),  # type: ignore[arg-type]
        station=station,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)

    def offline(on: bool, arrived: int) -> None:
        """The hub lost (or back), and the figures read again: from the copy (or the hub)."""
        station.replica = replica
        station.link = replace(
            station.link, reachable=not on, offline=on, data_at=clock() if on else None
        )
        station.link_changed.emit(station.link)
        qtbot.waitUntil(lambda: tile(summary, "arrived").startswith(f"{arrived} /"), timeout=5000)
        assert summary.updated.text().startswith("офлайн") is on

    try:
        summary = open_summary(qtbot, window)
        qtbot.waitUntil(lambda: tile(summary, "arrived").startswith("2 /"), timeout=5000)
        on_hub = decision_rows(summary)
        twice = dict(on_hub)[
            "Прошли дважды на стойках без хаба: засчитан первый проход, остальные отложены (1)"
        ]
        assert [row[1] for row in twice] == [anna.code]
        assert any(boris.code in [row[1] for row in rows] for _title, rows in on_hub)

        offline(True, arrived=1)
        assert decision_rows(summary) == on_hub

        offline(False, arrived=2)
        clock.now += timedelta(hours=1)
        mark_reviewed(hub, anna.code)
        pull(hub_db, replica)
        check_in(hub, later[1].code)
        qtbot.waitUntil(lambda: tile(summary, "arrived").startswith("3 /"), timeout=5000)
        reviewed = decision_rows(summary)
        assert reviewed != on_hub
        assert any(title.endswith("проверено (1)") for title, _rows in reviewed)
        offline(True, arrived=2)
        assert decision_rows(summary) == reviewed
    finally:
        window.controller.runner.wait()
        window.close()
        station.close()
        replica.dispose()


def test_merging_the_contact_of_a_team_registered_twice_merges_its_seats_from_the_summary(
    qtbot: QtBot, window: DeskWindow, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the hub leaves it when two desks without it registered one team: the second
    registration's contact and seats flagged (kiosk.services.replay_walk_in)."""
    teams = [
        register_walk_in(
            desk,
            Registration(
                PersonInput(last_name="Капитанова", first_name="Ирина", phone="+79145550188"),
                tariff="team",
                team_size=3,
                members=(PersonInput(last_name="Второй", first_name="Пётр"),),
                pay=PaymentMethod.CASH,
                consent=True,
                allow_duplicate=True,
            ),
        ).registration.attendees
        for _ in range(2)
    ]
    with desk.db.write() as session:
        for person in teams[1]:
            found = session.get(Attendee, person.id)
            assert found is not None
            found.review = Review.PROBABLE_DUPLICATE
    summary = open_summary(qtbot, window)
    qtbot.waitUntil(lambda: summary.decisions.topLevelItemCount() > 0, timeout=5000)
    group = summary.decisions.topLevelItem(0)
    assert group is not None and group.childCount() == 3  # the contact and both seats
    assert not group.child(0).text(0).endswith("контактом")
    for seat in (group.child(1), group.child(2)):
        assert seat.text(0).endswith(" — место команды: объединится вместе с её контактом")
    summary.decisions.setCurrentItem(group.child(0))
    asked: list[int] = []
    monkeypatch.setattr(
        summary, "confirm_merge", lambda keep, other, seats: asked.append(seats) is None
    )
    summary.merge_button.click()
    qtbot.waitUntil(lambda: "Объединено" in summary.status.text(), timeout=5000)
    assert asked == [2]  # the organiser is told the seats go with the contact
    said = summary.status.text().replace("\u00a0", " ").replace("\u202f", " ")
    assert "Команда была зарегистрирована дважды — места объединены (2)" in said
    assert f"({teams[0][1].code}) ← {teams[1][1].code}" in said
    assert "вернуть 24 000 ₽" in said
    assert count_people(desk) == 3
    qtbot.waitUntil(
        lambda: summary.decisions.topLevelItem(0).childCount() == 0,  # type: ignore[union-attr]
        timeout=5000,
    )


def test_a_field_changed_at_two_desks_is_listed_and_marked_reviewed_from_the_summary(
    qtbot: QtBot, window: DeskWindow, desk: Desk
) -> None:
    from tests.core.test_edit_conflict_review import changed_twice

    code = changed_twice(desk)
    summary = open_summary(qtbot, window)
    qtbot.waitUntil(lambda: summary.decisions.topLevelItemCount() > 0, timeout=5000)
    groups = {
        summary.decisions.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): i  # type: ignore[union-attr]
        for i in range(summary.decisions.topLevelItemCount())
    }
    edits = summary.decisions.topLevelItem(groups["edits"])
    assert edits is not None and edits.childCount() == 1
    assert edits.text(0) == "Изменено на двух стойках: осталось более позднее изменение (1)"
    row = edits.child(0)
    assert row.text(0) == (
        "Янина Яна: компания: осталось «Бета» (стойка-2, 28.11 09:14), не «Альфа» "
        "(стойка-1, 28.11 09:07)"
    )
    assert row.text(1) == code
    assert not summary.reviewed_button.isEnabled()
    summary.decisions.setCurrentItem(row)
    assert summary.reviewed_button.isEnabled()
    summary.reviewed_button.click()
    qtbot.waitUntil(lambda: "Проверено" in summary.status.text(), timeout=5000)
    assert "изменения на двух стойках (компания)" in summary.status.text()

    def reviewed_listed() -> bool:
        tree = summary.decisions
        keys = [
            tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)  # type: ignore[union-attr]
            for i in range(tree.topLevelItemCount())
        ]
        return "edits_reviewed" in keys

    qtbot.waitUntil(reviewed_listed, timeout=5000)


def test_the_merge_question_of_a_team_registered_twice_says_its_seats_go_with_it(
    qtbot: QtBot, window: DeskWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from kiosk.reports.model import PersonRef

    summary = open_summary(qtbot, window)
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    keep = PersonRef(1, "AAAA-AAAA-AAAA", "Капитанова Ирина")
    other = PersonRef(2, "BBBB-BBBB-BBBB", "Капитанова Ирина")
    assert summary.confirm_merge(keep, other, 2)
    assert summary.confirm_merge(keep, other)
    team, alone = asked
    assert team.endswith(
        "Команда была зарегистрирована дважды: её места объединятся вместе с ней, место к месту "
        "(2 места с совпадающими именами)."
    )
    assert "Команда" not in alone
    assert "перейдут в запись «Капитанова Ирина» (AAAA-AAAA-AAAA)" in alone
    assert "Из двух оплат засчитается принятая раньше (по часам стоек)" in alone


def test_escape_closes_the_summary(qtbot: QtBot, window: DeskWindow) -> None:
    summary = open_summary(qtbot, window)
    summary.activateWindow()
    qtbot.keyClick(summary, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not summary.isVisible(), timeout=5000)
