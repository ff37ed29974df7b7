"""Printing badges through the service: what the badge says, reprint control, the record."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from sqlalchemy import select

from kiosk.models import AuditEntry, BadgePrint, PaymentMethod
from kiosk.printers import PrinterError, send
from kiosk.services.checkin import upgrade
from kiosk.services.context import Desk
from kiosk.services.printing import (
    AlreadyPrinted,
    BadgeChange,
    PrintWarning,
    badge_changes,
    badge_info,
    changes_text,
    out_of_date,
    print_badges,
    print_views,
    select_for_batch,
)
from kiosk.services.registration import PersonInput, Registration, edit_attendee, register
from kiosk.services.views import AttendeeView
from tests.core.factories import registered


def test_badge_shows_the_tariff_word_colour_and_the_days_it_opens(desk: Desk) -> None:
    anna = registered(desk, "comfort", last="Иванова", first="Анна", company="Маяк")
    info = badge_info(anna, desk.event)
    assert (info.first_name, info.last_name, info.company) == ("Анна", "Иванова", "Маяк")
    assert (info.band_label, info.band_color) == ("КОМФОРТ", "#1E6FB8")
    assert [(d.label, d.included) for d in info.days] == [
        ("27.11 ТРЕНИНГ", False),
        ("28.11 КОНФЕРЕНЦИЯ", True),
    ]
    assert info.event_name == "Сервис NEXT"


def test_speaker_badge_says_speaker_and_opens_both_days(desk: Desk) -> None:
    speaker = registered(desk, None, category="speaker", paid=False)
    info = badge_info(speaker, desk.event)
    assert info.band_label == "СПИКЕР"
    assert all(d.included for d in info.days)


def test_print_to_a_pdf_folder_records_who_where_and_when(desk: Desk, tmp_path: Path) -> None:
    anna = registered(desk, "comfort")
    result = print_badges(desk, [anna.code], printer=f"pdf:{tmp_path / 'jobs'}")
    pdf = Path(result.destination)
    assert pdf.parent == tmp_path / "jobs" and pdf.read_bytes().startswith(b"%PDF")
    image = pypdfium2.PdfDocument(pdf.read_bytes())[0].render(scale=300 / 72).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [anna.code]
    (printed,) = result.attendees[0].prints
    assert (printed.desk, printed.operator, printed.layout, printed.reprint) == (
        "desk-1",
        "anna",
        "badge-90x55",
        False,
    )
    with desk.db.read() as session:
        assert session.scalars(select(AuditEntry.action)).all()[-1] == "print_badge"


def test_a_second_print_needs_an_explicit_reprint(desk: Desk, tmp_path: Path) -> None:
    anna = registered(desk, "comfort", first="Анна", last="Иванова")
    print_badges(desk, [anna.code], printer=f"pdf:{tmp_path / 'jobs'}")
    with pytest.raises(AlreadyPrinted) as caught:
        print_badges(desk, [anna.code], printer=f"pdf:{tmp_path / 'jobs'}")
    assert "уже печатали" in str(caught.value) and "Анна Иванова" in str(caught.value)
    assert len(list((tmp_path / "jobs").iterdir())) == 1
    again = print_badges(desk, [anna.code], printer=f"pdf:{tmp_path / 'jobs'}", reprint=True)
    assert again.reprints == 1 and again.attendees[0].prints[-1].reprint
    with desk.db.read() as session:
        assert len(session.scalars(select(BadgePrint)).all()) == 2


@pytest.mark.parametrize("name", ["стойка-1", "Вход"])
def test_the_reprint_question_names_the_desk_that_printed_once(
    desk: Desk, tmp_path: Path, name: str
) -> None:
    anna = registered(desk, "comfort", first="Анна", last="Иванова")
    print_badges(replace(desk, name=name), [anna.code], printer=f"pdf:{tmp_path / 'jobs'}")
    with pytest.raises(AlreadyPrinted) as caught:
        print_badges(desk, [anna.code], printer=f"pdf:{tmp_path / 'jobs'}")
    assert re.fullmatch(
        rf"Бейдж уже печатали: Анна Иванова \(\d\d\.\d\d \d\d:\d\d · {name}\)\. "
        r"Напечатать ещё раз\?",
        str(caught.value),
    ), str(caught.value)


def test_a_failed_print_is_not_recorded(desk: Desk) -> None:
    anna = registered(desk, "comfort")

    def broken(pdf: bytes, printer: str, job: str, **_when: object) -> str:
        raise PrinterError("printer on fire")

    with pytest.raises(PrinterError):
        print_badges(desk, [anna.code], printer="x", sender=broken)
    with desk.db.read() as session:
        assert session.scalars(select(BadgePrint)).all() == []
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["print_badge", "print_failed"]


def test_a_print_is_recorded_before_the_badge_goes_to_the_printer(desk: Desk) -> None:
    anna = registered(desk, "comfort")
    seen_by_the_printer: list[int] = []

    def printer(pdf: bytes, name: str, job: str, **_when: object) -> str:
        with desk.db.read() as session:
            seen_by_the_printer.append(len(session.scalars(select(BadgePrint)).all()))
        return name

    print_badges(desk, [anna.code], printer="x", sender=printer)
    assert seen_by_the_printer == [1]


def test_batch_is_in_russian_alphabetical_order_with_yo_as_ye(desk: Desk) -> None:
    for last in ("Жуков", "Ёлкин", "Абрамов", "Елисеев", "Ярцев", "Бобров"):
        registered(desk, "comfort", last=last)
    names = [v.last_name for v in select_for_batch(desk)]
    assert names == ["Абрамов", "Бобров", "Елисеев", "Ёлкин", "Жуков", "Ярцев"]


def test_batch_filters_by_tariff_category_and_not_printed(desk: Desk, tmp_path: Path) -> None:
    anna = registered(desk, "comfort", last="Анина")
    registered(desk, "premium", last="Борина")
    registered(desk, None, category="press", last="Прессова", paid=False)
    print_badges(desk, [anna.code], printer=f"pdf:{tmp_path / 'jobs'}")
    assert [v.last_name for v in select_for_batch(desk, tariff="comfort")] == ["Анина"]
    assert [v.last_name for v in select_for_batch(desk, category="press")] == ["Прессова"]
    assert [v.last_name for v in select_for_batch(desk, not_printed=True)] == ["Борина", "Прессова"]


def test_pdf_folder_printer_reports_an_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PrinterError, match="Не удаётся записать"):
        send(b"%PDF", f"pdf:{blocker}/sub", "job")


def test_no_printer_chosen_is_a_clear_message() -> None:
    with pytest.raises(PrinterError, match="Принтер не выбран"):
        send(b"%PDF", "  ", "job")


def test_printed_badge_day_marks_follow_an_upgrade(desk: Desk) -> None:
    from kiosk.services.checkin import upgrade

    anna = registered(desk, "comfort")
    upgraded = upgrade(desk, anna.code, "package_comfort")
    assert all(d.included for d in badge_info(upgraded, desk.event).days)
    assert date(2026, 11, 27) in desk.event.entitled_days(upgraded.category, upgraded.tariff)


def test_a_pdf_folder_names_the_file_by_the_time_at_the_venue(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setenv("TZ", "UTC")  # a laptop whose clock zone was left at UTC
    time.tzset()
    try:
        anna = registered(desk, "comfort")
        result = print_badges(desk, [anna.code], printer=f"pdf:{tmp_path}")
    finally:
        monkeypatch.undo()
        time.tzset()
    # 09:05 in Vladivostok (23:05 UTC the day before).
    assert Path(result.destination).name.startswith("20261128-0905")


def test_the_question_before_printing_an_unnamed_seat_names_it_by_its_team(desk: Desk) -> None:
    from kiosk.models import Source
    from kiosk.services.printing import PrintWarning, warning_text
    from kiosk.services.registration import PersonInput, Registration, register

    team = register(
        desk,
        Registration(
            person=PersonInput("Орлов", "Олег", phone="+79147001122"),
            tariff="team",
            team_size=3,
            pay=PaymentMethod.CARD,
            consent=True,
            source=Source.DESK,
        ),
    )
    seat = team.attendees[2]
    assert seat.spoken_name == "команда Орлов, участник 3"
    assert "«команда Орлов, участник 3»" in warning_text(PrintWarning.UNNAMED_SEAT, seat, desk)


def printed(desk: Desk, code: str) -> None:
    print_badges(desk, [code], printer="pdf:unused", sender=lambda *a, **_when: "sent")


def test_a_badge_out_of_date_after_a_company_correction_says_the_company_changed(
    desk: Desk,
) -> None:
    anna = registered(desk, "comfort", last="Исправленная", first="Анна", company="Маяк")
    printed(desk, anna.code)
    after = edit_attendee(desk, anna.code, {"company": "Маяк Групп"})
    assert out_of_date(after, desk.event)
    assert badge_changes(desk, anna.id) == (BadgeChange.COMPANY,)
    assert changes_text(badge_changes(desk, anna.id)) == "изменилась компания"


def test_an_upgrade_after_the_print_says_the_tariff_changed(desk: Desk) -> None:
    anna = registered(desk, "comfort", last="Доплатова", first="Анна")
    printed(desk, anna.code)
    upgrade(desk, anna.code, "package_comfort", pay=PaymentMethod.CASH)
    assert badge_changes(desk, anna.id) == (BadgeChange.TARIFF,)


def test_name_and_company_corrected_say_both_and_a_new_print_clears_them(desk: Desk) -> None:
    anna = registered(desk, "comfort", last="Двойная", first="Анна", company="Маяк")
    printed(desk, anna.code)
    edit_attendee(desk, anna.code, {"first_name": "Ганна"})
    edit_attendee(desk, anna.code, {"company": "Маяк Групп"})
    changes = badge_changes(desk, anna.id)
    assert changes_text(changes) == "изменились имя и компания"
    with pytest.raises(AlreadyPrinted) as asked:
        print_badges(desk, [anna.code], printer="pdf:unused", sender=lambda *a, **_when: "sent")
    assert "изменились имя и компания" in str(asked.value)
    print_badges(
        desk, [anna.code], printer="pdf:unused", reprint=True, sender=lambda *a, **_when: "x"
    )
    assert badge_changes(desk, anna.id) == ()


def test_a_correction_undone_before_printing_leaves_the_badge_true(desk: Desk) -> None:
    anna = registered(desk, "comfort", last="Туда", first="Анна", company="Маяк")
    printed(desk, anna.code)
    edit_attendee(desk, anna.code, {"company": "Другая"})
    back = edit_attendee(desk, anna.code, {"company": "Маяк"})
    assert not out_of_date(back, desk.event)
    assert badge_changes(desk, anna.id) == ()


def unpaid_seat(desk: Desk) -> AttendeeView:
    team = register(
        desk,
        Registration(
            person=PersonInput("Неоплатина", "Ольга", phone="+79140000093"),
            tariff="team",
            team_size=3,
            consent=True,
        ),
    )
    return team.attendees[-1]


def test_an_unnamed_seat_that_is_unpaid_is_asked_about_both_one_after_the_other(
    desk: Desk,
) -> None:
    seat = unpaid_seat(desk)
    asked = []
    confirmed: set[PrintWarning] = set()
    while True:
        try:
            print_views(
                desk,
                [seat],
                printer="pdf:unused",
                sender=lambda *a, **_when: "sent",
                confirmed=frozenset(confirmed),
            )
        except AlreadyPrinted as question:
            asked.append(question.reason)
            confirmed.add(question.reason)
            continue
        break
    assert asked == [PrintWarning.UNNAMED_SEAT, PrintWarning.UNPAID]
