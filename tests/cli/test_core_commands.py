"""The desk's everyday commands as a new user reads them: search, checkin, show, upgrade."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from kiosk.cli import Exit, main
from kiosk.models import Attendee
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.printing import print_badges
from kiosk.services.views import AttendeeView
from tests.core.factories import registered

TRAINING = date(2026, 11, 27)
CONF_0905 = "2026-11-28T09:05:00+10:00"
TRAINING_0930 = "2026-11-27T09:30:00+10:00"


def kiosk_json(db_url: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    capsys.readouterr()
    status = main(["--db", db_url, "--desk", "desk-1", *args, "--json"])
    return status, json.loads(capsys.readouterr().out)


def kiosk_text(db_url: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["--db", db_url, "--desk", "desk-1", *args])
    return status, capsys.readouterr().out


def with_code(desk: Desk, person: AttendeeView, code: str) -> AttendeeView:
    with desk.db.write() as session:
        session.execute(update(Attendee).where(Attendee.id == person.id).values(badge_code=code))
    return person


@pytest.mark.parametrize("typed", ["DZCJ", "dzcj", "ANCB-BXBQ"])
def test_kiosk_search_finds_a_person_by_a_code_beginning_of_letters_only(
    db_url: str, desk: Desk, capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    with_code(desk, registered(desk, last="Буквенная", first="Анна"), "DZCJ-RTWX-ANCB")
    with_code(desk, registered(desk, last="Групповая", first="Вера"), "ANCB-BXBQ-7KQ2")
    status, doc = kiosk_json(db_url, capsys, "search", typed)
    wanted = "ANCB" if typed.startswith("ANCB") else "DZCJ"
    assert status == 0 and [r["code"][:4] for r in doc["results"]] == [wanted]


def test_checkin_names_the_persons_own_code_in_the_print_command(
    db_url: str, desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    anna = registered(desk, "comfort", last="Беспечатная", first="Анна")
    status, out = kiosk_text(db_url, capsys, "checkin", anna.code, "--at", CONF_0905)
    assert status == 0
    assert f"kiosk print {anna.code}" in out and "КОД" not in out


def test_checkin_refused_for_another_day_names_the_code_in_the_upgrade_command(
    db_url: str, desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    anna = registered(desk, "comfort", last="Однодневная", first="Анна")
    status, out = kiosk_text(db_url, capsys, "checkin", anna.code, "--at", TRAINING_0930)
    assert status == Exit.NOT_ENTITLED
    assert f"kiosk checkin {anna.code} --upgrade package_comfort" in out and "КОД" not in out


def test_show_names_the_day_of_a_visit_entered_afterwards(
    db_url: str, desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    vera = registered(desk, "package_comfort", last="Бумажная", first="Вера")
    check_in(desk, vera.code, day=TRAINING)  # typed in afterwards, the time she came unknown
    check_in(desk, vera.code, at=datetime(2026, 11, 28, 8, 40, tzinfo=desk.event.tz))
    status, out = kiosk_text(db_url, capsys, "show", vera.code)
    assert status == 0
    assert "Отмечен(а) 27.11 (внесено задним числом, время прихода неизвестно)" in out
    assert "Отмечен(а) 28.11 08:40 (внесено задним числом)" in out  # recorded at 09:05
    assert "—," not in out


def test_upgrade_says_the_badge_printed_before_is_now_out_of_date(
    db_url: str, desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    anna = registered(desk, "comfort", last="Доплатная", first="Анна")
    print_badges(desk, [anna.code], printer="pdf:unused", sender=lambda *_job, **_when: "nowhere")
    args = ("upgrade", anna.code, "--tariff", "package_comfort", "--pay", "card")
    status, out = kiosk_text(db_url, capsys, *args)
    assert status == 0 and "Бейдж устарел" in out
    assert f"kiosk print {anna.code} --reprint" in out
    status, doc = kiosk_json(db_url, capsys, "show", anna.code)
    assert doc["attendee"]["tariff"] == "package_comfort"


def test_upgrade_json_says_whether_the_badge_is_out_of_date(
    db_url: str, desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = registered(desk, "comfort", last="Печатная", first="Анна")
    unprinted = registered(desk, "comfort", last="Непечатная", first="Вера")
    print_badges(
        desk, [printed.code], printer="pdf:unused", sender=lambda *_job, **_when: "nowhere"
    )
    for person, expected in ((printed, True), (unprinted, False)):
        args = ("upgrade", person.code, "--tariff", "package_comfort", "--pay", "card")
        status, doc = kiosk_json(db_url, capsys, *args)
        assert status == 0 and doc["badge_out_of_date"] is expected


def test_checkin_at_a_time_still_ahead_is_refused_with_a_clear_message(
    db_url: str, desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    anna = registered(desk, "comfort", last="Будущая", first="Анна")
    ahead = (datetime.now(UTC) + timedelta(hours=8)).isoformat(timespec="minutes")
    status, doc = kiosk_json(db_url, capsys, "checkin", anna.code, "--at", ahead)
    assert status == Exit.INVALID and doc["field"] == "at"
    assert "ещё не наступило" in doc["error"]
    status, out = kiosk_text(db_url, capsys, "show", anna.code)
    assert "Отмечен" not in out


def test_show_names_both_ways_a_person_paid(
    db_url: str, desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.models import PaymentMethod
    from kiosk.services.checkin import pay, upgrade

    olga = registered(desk, "premium", last="Смешанная", first="Ольга", paid=False)
    pay(desk, olga.code, PaymentMethod.CASH)
    upgrade(desk, olga.code, "package_premium", pay=PaymentMethod.CARD)
    status, out = kiosk_text(db_url, capsys, "show", olga.code)
    assert status == 0 and "Оплачено: 27\u202f900\u00a0₽ (наличные + карта)" in out
    status, doc = kiosk_json(db_url, capsys, "show", olga.code)
    assert doc["attendee"]["paid_by"] == {"cash": 16_000, "card": 11_900}
