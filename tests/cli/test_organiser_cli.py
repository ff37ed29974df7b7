"""`kiosk report`, `kiosk paper-list` and `kiosk checkin-batch` as a script uses them."""

from __future__ import annotations

import io
import re
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.cli import Exit
from kiosk.config import Event
from kiosk.db import open_database
from kiosk.models import Attendee, AuditEntry, CheckIn
from kiosk.services.context import Desk
from kiosk.services.replay import OfflineCheckIn, replay_check_in
from kiosk.services.replay_actions import (
    OfflineCorrection,
    OfflinePayment,
    replay_correction,
    replay_payment,
)
from tests.cli.test_cli import Kiosk
from tests.reports.pdfs import page_texts


@pytest.fixture
def kiosk(db_url: str, capsys: pytest.CaptureFixture[str]) -> Kiosk:
    return Kiosk(db_url, capsys)


def register(kiosk: Kiosk, last: str, phone: str, *extra: str, tariff: str = "comfort") -> Any:
    status, doc = kiosk.json(
        "register", "--last", last, "--first", "Анна", "--phone", phone, "--tariff", tariff,
        "--consent", *extra,
    )  # fmt: skip
    assert status == 0, doc
    return doc["attendees"][0]


def codes_file(tmp_path: Path, *codes: str) -> str:
    path = tmp_path / "codes.txt"
    path.write_text("\n".join(codes) + "\n", encoding="utf-8")
    return str(path)


def checkins(db_url: str, event: Event) -> list[CheckIn]:
    db = open_database(db_url, event)
    try:
        with db.read() as session:
            return list(session.scalars(select(CheckIn).order_by(CheckIn.id)))
    finally:
        db.dispose()


# ---- checkin-batch -------------------------------------------------------------------------


def test_a_batch_records_every_code_and_exits_0(kiosk: Kiosk, tmp_path: Path, event: Event) -> None:
    anna = register(kiosk, "Абрамова", "+79140000001", "--pay", "card")
    boris = register(kiosk, "Борисова", "+79140000002", "--pay", "cash")
    status, doc = kiosk.json(
        "checkin-batch", codes_file(tmp_path, anna["code"], "", boris["code"]),
        "--day", "2026-11-28", "--reason", "ноутбуки упали", "--time", "09:40",
    )  # fmt: skip
    assert status == Exit.OK
    assert [(r["line"], r["status"]) for r in doc["results"]] == [
        (1, "checked_in"),
        (3, "checked_in"),
    ]
    assert doc["results"][0]["checked_in_at"] == "2026-11-28T09:40:00+10:00"
    assert doc["results"][0]["entered_afterwards"] is True
    assert (doc["recorded"], doc["already_checked_in"], doc["refused"]) == (2, 0, 0)
    assert {c.entered_afterwards for c in checkins(kiosk.db_url, event)} == {True}


def test_a_second_batch_counts_nobody_twice_and_still_exits_0(
    kiosk: Kiosk, tmp_path: Path, event: Event
) -> None:
    anna = register(kiosk, "Абрамова", "+79140000001", "--pay", "card")
    args = ("checkin-batch", codes_file(tmp_path, anna["code"]), "--day", "2026-11-28")
    kiosk(*args, "--reason", "бумага")
    status, doc = kiosk.json(*args, "--reason", "бумага ещё раз")
    assert status == Exit.OK
    assert [r["status"] for r in doc["results"]] == ["already_checked_in"]
    assert len(checkins(kiosk.db_url, event)) == 1


def test_a_batch_with_refusals_reports_each_and_exits_1(kiosk: Kiosk, tmp_path: Path) -> None:
    anna = register(kiosk, "Абрамова", "+79140000001", "--pay", "card")
    unpaid = register(kiosk, "Должникова", "+79140000002")
    status, out, _err = kiosk(
        "checkin-batch", codes_file(tmp_path, anna["code"], unpaid["code"], "NOPE-NOPE-NOPE"),
        "--day", "2026-11-28", "--reason", "бумага",
    )  # fmt: skip
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"строка 1: {anna['code']} — ✔ Абрамова Анна")
    assert lines[1] == (
        f"строка 2: {unpaid['code']} — не оплачено: Должникова Анна, к оплате 10\u202f000\u00a0₽"
    )
    assert lines[2] == "строка 3: NOPE-NOPE-NOPE — код не найден"
    assert lines[3] == "Внесено: 1, уже были отмечены: 0, отказ: 2"


def test_the_batch_reason_is_in_the_audit_log(kiosk: Kiosk, tmp_path: Path, event: Event) -> None:
    anna = register(kiosk, "Абрамова", "+79140000001", "--pay", "card")
    kiosk(
        "checkin-batch", codes_file(tmp_path, anna["code"]), "--day", "2026-11-28",
        "--reason", "стойка 2: бумажный список",
    )  # fmt: skip
    db = open_database(kiosk.db_url, event)
    try:
        with db.read() as session:
            reasons = session.scalars(
                select(AuditEntry.reason).where(AuditEntry.action == "check_in")
            ).all()
    finally:
        db.dispose()
    assert reasons == ["стойка 2: бумажный список"]


def test_codes_may_come_on_standard_input(kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch) -> None:
    anna = register(kiosk, "Абрамова", "+79140000001", "--pay", "card")

    class Stdin:
        buffer = io.BytesIO(f"{anna['code'].lower()}\n".encode())

    monkeypatch.setattr("sys.stdin", Stdin)
    status, doc = kiosk.json(
        "checkin-batch", "-", "--day", "2026-11-28", "--reason", "сканер после событий"
    )
    assert status == 0 and doc["results"][0]["status"] == "checked_in"


@pytest.mark.parametrize(
    ("args", "status", "field"),
    [
        (("--day", "2026-11-28"), 2, None),  # no --reason
        (("--day", "2026-11-28", "--reason", " "), 2, "reason"),
        (("--day", "2026-11-29", "--reason", "x"), 15, "day"),
        (("--day", "2026-11-28", "--reason", "x", "--time", "9 утра"), 2, None),
    ],
)
def test_batch_input_errors_are_clear(
    kiosk: Kiosk, tmp_path: Path, args: tuple[str, ...], status: int, field: str | None
) -> None:
    code, doc = kiosk.json("checkin-batch", codes_file(tmp_path, "7KQ2-M9XD-H3TR"), *args)
    assert code == status
    assert doc["field"] == field and doc["error"]


def test_a_missing_codes_file_is_a_clear_error(kiosk: Kiosk, tmp_path: Path) -> None:
    status, doc = kiosk.json(
        "checkin-batch", str(tmp_path / "нет.txt"), "--day", "2026-11-28", "--reason", "x"
    )
    assert status == 2 and doc["field"] == "file"


# ---- report --------------------------------------------------------------------------------


def test_report_writes_the_pdf_and_json_gives_its_figures(kiosk: Kiosk, tmp_path: Path) -> None:
    anna = register(kiosk, "Абрамова", "+79140000001", "--pay", "card")
    register(kiosk, "Борисова", "+79140000002", "--pay", "cash")
    kiosk("checkin", anna["code"], "--at", "2026-11-28T09:05:00+10:00")
    output = tmp_path / "итоги.pdf"
    status, doc = kiosk.json("report", "--day", "2026-11-28", "-o", str(output))
    assert status == 0
    assert (doc["expected"], doc["arrived"], doc["no_shows"], doc["share"]) == (2, 1, 1, 0.5)
    assert doc["file"] == str(output)
    assert doc["arrivals"][0]["start"] == "2026-11-28T09:00:00+10:00"
    text = " ".join(page_texts(output.read_bytes()))
    assert "Пришли 1 из 2 (50 %)" in text


def test_report_text_names_the_file_and_the_main_figures(kiosk: Kiosk, tmp_path: Path) -> None:
    register(kiosk, "Абрамова", "+79140000001", "--pay", "card")
    status, out, err = kiosk("report", "--day", "2026-11-28", "-o", str(tmp_path / "r.pdf"))
    assert status == 0 and err == ""
    first = out.splitlines()[0].replace("\u202f", " ").replace("\u00a0", " ")
    assert first == "Итоги дня 28.11.2026: пришли 0 из 1 (0 %); не пришли 1"
    assert out.splitlines()[-1] == f"Отчёт → {tmp_path / 'r.pdf'}"


def paid_offline_twice(db_url: str, event: Event, code: str) -> None:
    """`code` paid at ст-1 at 09:05 by card and again at ст-2 at 09:12 in cash on 28.11, both
    at desks without the hub: the cash is the double."""
    db = open_database(db_url, event)
    try:
        for desk, minute, method in (("ст-1", 5, "card"), ("ст-2", 12, "cash")):
            taken = datetime(2026, 11, 28, 9, minute, tzinfo=event.tz)
            replay_payment(
                Desk(db, event, name="хаб"),
                OfflinePayment(str(uuid.uuid4()), code, 10000, method, None, taken, desk, ""),
            )
    finally:
        db.dispose()


def test_report_lists_the_double_payments_to_refund(
    kiosk: Kiosk, tmp_path: Path, db_url: str, event: Event
) -> None:
    anna = register(kiosk, "Абрамова", "+79140000001")
    paid_offline_twice(db_url, event, anna["code"])
    status, out, _err = kiosk("report", "--day", "2026-11-28", "-o", str(tmp_path / "r.pdf"))
    assert status == 0
    lines = out.splitlines()
    assert "Двойные оплаты, вернуть: 1 на 10\u202f000\u00a0₽" in lines
    assert (
        f"  Абрамова Анна ({anna['code']}): 10\u202f000\u00a0₽ наличные, ст-2 28.11 09:12" in lines
    )
    status, doc = kiosk.json("report", "--day", "2026-11-28", "-o", str(tmp_path / "r.pdf"))
    assert (doc["decisions"]["double_payments"], doc["decisions"]["to_refund"]) == (1, 10000)


def test_a_report_of_a_day_nobody_was_expected_on_is_written_but_warns_and_exits_4(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    output = tmp_path / "r.pdf"
    status, out, err = kiosk("report", "--day", "2026-11-27", "-o", str(output))
    assert status == Exit.NOT_FOUND == 4
    assert out.splitlines()[0] == "Итоги дня 27.11.2026: пришли 0 из 0 (—); не пришли 0"
    assert err.startswith("Внимание: в этот день никого не ждали")
    assert "никого не ждали" in " ".join(page_texts(output.read_bytes()))
    status, doc = kiosk.json("report", "--day", "2026-11-27", "-o", str(output))
    assert status == 4 and "никого не ждали" in doc["warning"] and doc["expected"] == 0


def test_report_refuses_a_day_outside_the_event_and_a_file_that_is_not_pdf(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    status, doc = kiosk.json("report", "--day", "2026-12-01", "-o", str(tmp_path / "r.pdf"))
    assert (status, doc["field"]) == (Exit.NOT_AN_EVENT_DAY, "day")
    status, doc = kiosk.json("report", "-o", str(tmp_path / "r.docx"))
    assert status == Exit.INVALID
    assert not (tmp_path / "r.pdf").exists()


# ---- paper list ----------------------------------------------------------------------------


def test_paper_list_writes_everyone_expected_and_warns_of_personal_data(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    register(kiosk, "Ёлкина", "+79140000001", "--pay", "card")
    register(kiosk, "Егорова", "+79140000002")
    register(kiosk, "Пакетова", "+79140000003", tariff="package_comfort")
    output = tmp_path / "список.pdf"
    status, out, err = kiosk("paper-list", "--day", "2026-11-28", "-o", str(output))
    assert status == 0
    assert out.strip() == f"В списке: 3 → {output}"
    assert "персональные данные" in err
    text = page_texts(output.read_bytes())[0]
    assert text.index("Егорова") < text.index("Ёлкина") < text.index("Пакетова")


def test_paper_list_of_one_tariff_in_json(kiosk: Kiosk, tmp_path: Path) -> None:
    register(kiosk, "Комфортова", "+79140000001")
    register(kiosk, "Пакетова", "+79140000003", tariff="package_comfort")
    status, doc = kiosk.json(
        "paper-list", "--tariff", "package_comfort", "-o", str(tmp_path / "p.pdf")
    )
    assert status == 0
    assert (doc["people"], doc["personal_data"]) == (1, True)


def test_an_empty_paper_list_is_written_saying_so_but_warns_and_exits_4(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    output = tmp_path / "p.pdf"
    status, out, err = kiosk("paper-list", "-o", str(output))  # nobody registered yet
    assert status == Exit.NOT_FOUND == 4
    assert out.strip() == f"В списке: 0 → {output}"
    assert "в списке никого нет" in err
    assert "Никого нет в этом списке" in page_texts(output.read_bytes())[0]
    register(kiosk, "Комфортова", "+79140000001")
    status, doc = kiosk.json("paper-list", "--tariff", "premium", "-o", str(output))
    assert (status, doc["people"]) == (4, 0) and "никого нет" in doc["warning"]


def test_paper_list_refuses_an_unknown_tariff(kiosk: Kiosk, tmp_path: Path) -> None:
    status, doc = kiosk.json("paper-list", "--tariff", "vip", "-o", str(tmp_path / "p.pdf"))
    assert (status, doc["field"]) == (Exit.INVALID, "tariff")
    assert "premium" in doc["error"]


def test_the_new_commands_are_in_the_help(kiosk: Kiosk) -> None:
    status, out, _err = kiosk("--help")
    assert status == 0
    for name in ("report", "paper-list", "checkin-batch"):
        assert name in out


# ---- review, merge, keep-both --------------------------------------------------------------


def flag(db_url: str, event: Event, code: str, review: str) -> None:
    db = open_database(db_url, event)
    try:
        with db.write() as session:
            person = session.scalars(select(Attendee).where(Attendee.badge_code == code)).one()
            person.review = review
    finally:
        db.dispose()


def test_review_lists_a_probable_duplicate_and_merge_keeps_both_badges_working(
    kiosk: Kiosk, event: Event
) -> None:
    anna = register(kiosk, "Аннина", "+79140000011", "--pay", "card")
    again = register(kiosk, "Аннина", "+79140000011", "--allow-duplicate", "--pay", "cash")
    flag(kiosk.db_url, event, again["code"], "probable_duplicate")
    status, doc = kiosk.json("review")
    assert status == Exit.OK
    (flagged,) = doc["flagged"]
    assert (flagged["code"], flagged["review"]) == (again["code"], "probable_duplicate")
    assert [o["code"] for o in flagged["others"]] == [anna["code"]]
    status, out, _err = kiosk("review")
    assert again["code"] in out and anna["code"] in out
    lines = out.splitlines()
    assert lines[0] == (
        "Вероятные дубли и общие контакты (решить: объединить или оставить обоих): 1"
    )
    assert lines[3] == (
        f"    один человек: kiosk merge {anna['code']} {again['code']} (остаётся {anna['code']}, "
        f"бейдж {again['code']} тоже открывает вход); двое: kiosk keep-both {again['code']}"
    )

    status, doc = kiosk.json("merge", anna["code"], again["code"])
    assert status == Exit.OK, doc
    assert (doc["kept"], doc["alias"], doc["payments"], doc["refund"]) == (
        anna["code"],
        again["code"],
        1,
        10000,
    )
    status, doc = kiosk.json("checkin", again["code"].lower(), "--day", "2026-11-28")
    assert status == Exit.OK and doc["attendee"]["code"] == anna["code"]
    status, doc = kiosk.json("review")
    assert doc | {"double_payments": []} == NOTHING_TO_REVIEW  # the flag is gone
    (double,) = doc["double_payments"]  # what Anna paid on both records: to give back
    assert (double["code"], double["amount"], double["state"]) == (anna["code"], 10000, "to_refund")
    status, doc = kiosk.json("merge", anna["code"], again["code"])
    assert status == Exit.INVALID and doc["field"] == "other"  # the alias is Anna herself
    status, doc = kiosk.json("merge", anna["code"], "ZZZZ-ZZZZ-ZZZZ")
    assert status == Exit.NOT_FOUND and doc["field"] == "other"


NOTHING_TO_REVIEW = {
    "flagged": [],
    "offline_duplicates": [],
    "offline_duplicates_reviewed": [],
    "double_payments": [],
    "double_payments_refunded": [],
    "edit_conflicts": [],
    "edit_conflicts_reviewed": [],
}


def admitted_offline(db_url: str, event: Event, code: str, *admissions: tuple[str, int]) -> None:
    """`code` admitted on 28.11 at each (desk, minute after 09:00) by desks without the hub."""
    db = open_database(db_url, event)
    try:
        for desk, minute in admissions:
            at = datetime(2026, 11, 28, 9, minute, tzinfo=event.tz)
            replay_check_in(
                Desk(db, event, name="хаб"),
                OfflineCheckIn(uuid.uuid4().hex, code, date(2026, 11, 28), at, at, desk, "оля"),
            )
    finally:
        db.dispose()


def test_review_shows_seconds_so_two_admissions_within_a_minute_read_in_order(
    kiosk: Kiosk, event: Event
) -> None:
    anna = register(kiosk, "Аннина", "+79140000013", "--pay", "card")
    db = open_database(kiosk.db_url, event)
    try:
        for desk, second in (("стойка-1", 41), ("стойка-2", 5)):
            at = datetime(2026, 11, 28, 17, 14, second, tzinfo=event.tz)
            replay_check_in(
                Desk(db, event, name="хаб"),
                OfflineCheckIn(
                    uuid.uuid4().hex, anna["code"], date(2026, 11, 28), at, at, desk, "оля"
                ),
            )
    finally:
        db.dispose()
    status, out, _err = kiosk("review")
    assert status == Exit.OK
    assert f"{anna['code']}  Аннина Анна — 28.11.2026: засчитан стойка-2 17:14:05" in out
    assert "    отложен: стойка-1 17:14:41" in out.splitlines()


def test_review_lists_who_was_admitted_twice_offline_with_each_desk_and_time(
    kiosk: Kiosk, tmp_path: Path, event: Event
) -> None:
    status, out, _err = kiosk("review")
    assert (status, out) == (
        Exit.OK,
        "Решать нечего: нет ни вероятных дублей, ни двойных проходов, ни двойных оплат\n",
    )
    anna = register(kiosk, "Аннина", "+79140000013", "--pay", "card")
    admitted_offline(kiosk.db_url, event, anna["code"], ("ст-1", 9), ("ст-2", 2))

    status, out, _err = kiosk("review")
    assert status == Exit.OK
    assert out.splitlines() == [
        "Прошли дважды на стойках без хаба (засчитан первый проход, остальные отложены для "
        "проверки): 1",
        f"{anna['code']}  Аннина Анна — 28.11.2026: засчитан ст-2 09:02:00",
        "    отложен: ст-1 09:09:00",
        "Проверили — отметьте: kiosk reviewed КОД [--day ГГГГ-ММ-ДД]",
    ]
    status, doc = kiosk.json("review")
    assert status == Exit.OK and doc["flagged"] == []
    (twice,) = doc["offline_duplicates"]
    assert (twice["code"], twice["day"], twice["counted"]["desk"]) == (
        anna["code"],
        "2026-11-28",
        "ст-2",
    )
    assert twice["counted"]["at"] == "2026-11-28T09:02:00+10:00"
    assert [(a["desk"], a["at"]) for a in twice["set_aside"]] == [
        ("ст-1", "2026-11-28T09:09:00+10:00")
    ]
    status, out, _err = kiosk("report", "--day", "2026-11-28", "-o", str(tmp_path / "r.pdf"))
    assert status == Exit.OK
    assert (
        "Прошли дважды на стойках без хаба (засчитан первый проход): 1 — список: kiosk review"
        in out.splitlines()
    )
    status, doc = kiosk.json("report", "--day", "2026-11-28", "-o", str(tmp_path / "r.pdf"))
    assert (doc["arrived"], doc["decisions"]["offline_duplicates"]) == (1, 1)


def test_reviewed_takes_someone_admitted_twice_off_the_list_and_review_show_and_report_say_so(
    kiosk: Kiosk, tmp_path: Path, event: Event
) -> None:
    anna = register(kiosk, "Аннина", "+79140000013", "--pay", "card")
    admitted_offline(kiosk.db_url, event, anna["code"], ("ст-1", 9), ("ст-2", 2))
    status, out, _err = kiosk("show", anna["code"])
    assert status == Exit.OK
    assert (
        "  Прошёл(ла) дважды без хаба 28.11: засчитан ст-2 09:02:00; отложены ст-1 09:09:00 — "
        f"проверить (kiosk reviewed {anna['code']} --day 2026-11-28)"
    ) in out.splitlines()
    status, out, _err = kiosk("review")
    assert out.splitlines()[-1] == "Проверили — отметьте: kiosk reviewed КОД [--day ГГГГ-ММ-ДД]"

    status, doc = kiosk.json(
        "--desk", "касса", "--operator", "оля", "reviewed", anna["code"], "--day", "2026-11-28"
    )
    assert status == Exit.OK, doc
    assert (doc["code"], doc["admissions"], doc["desk"], doc["operator"]) == (
        anna["code"],
        1,
        "касса",
        "оля",
    )
    (day,) = doc["days"]
    assert (day["day"], day["counted"]["desk"], [a["desk"] for a in day["set_aside"]]) == (
        "2026-11-28",
        "ст-2",
        ["ст-1"],
    )
    assert re.fullmatch(r"2026-\d\d-\d\dT\d\d:\d\d:\d\d\+10:00", doc["at"])

    status, doc = kiosk.json("review")
    assert (doc["flagged"], doc["offline_duplicates"]) == ([], [])
    (apart,) = doc["offline_duplicates_reviewed"]
    assert (apart["code"], apart["day"], apart["reviewed_desk"], apart["reviewed_by"]) == (
        anna["code"],
        "2026-11-28",
        "касса",
        "оля",
    )
    status, out, _err = kiosk("review")
    lines = out.splitlines()
    assert lines[:2] == [
        "Решать нечего: нет ни вероятных дублей, ни двойных проходов, ни двойных оплат",
        "Двойные проходы без хаба проверены: 1",
    ]
    assert re.fullmatch(
        rf"{anna['code']}  Аннина Анна — 28\.11\.2026: засчитан ст-2 09:02:00; "
        r"отложены ст-1 09:09:00 — "
        r"проверено \d\d\.\d\d \d\d:\d\d, касса, оля",
        lines[2],
    ), lines
    status, out, _err = kiosk("show", anna["code"])
    assert any(
        line.startswith("  Прошёл(ла) дважды без хаба 28.11: засчитан ст-2 09:02:00; отложены ")
        and ", касса, оля" in line
        for line in out.splitlines()
    ), out
    status, doc = kiosk.json("show", anna["code"])
    assert doc["offline_duplicates"]["to_review"] == []
    assert [g["reviewed_by"] for g in doc["offline_duplicates"]["reviewed"]] == ["оля"]

    status, out, _err = kiosk("report", "--day", "2026-11-28", "-o", str(tmp_path / "r.pdf"))
    lines = out.splitlines()
    assert "Двойные проходы без хаба проверены: 1" in lines
    assert not any(line.startswith("Прошли дважды") for line in lines)
    status, doc = kiosk.json("report", "--day", "2026-11-28", "-o", str(tmp_path / "r.pdf"))
    decisions = doc["decisions"]
    assert (decisions["offline_duplicates"], decisions["offline_duplicates_reviewed"]) == (0, 1)
    text = " ".join(page_texts((tmp_path / "r.pdf").read_bytes()))
    assert "Прошли дважды на стойках без хаба к проверке: 0, проверено: 1" in text


def test_reviewed_refuses_twice_an_unknown_code_and_a_day_not_of_the_event(
    kiosk: Kiosk, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = register(kiosk, "Аннина", "+79140000013", "--pay", "card")
    boris = register(kiosk, "Борисов", "+79140000014", "--pay", "card")
    admitted_offline(kiosk.db_url, event, anna["code"], ("ст-1", 9), ("ст-2", 2))
    status, out, _err = kiosk("reviewed", anna["code"])
    assert status == Exit.OK
    assert out.splitlines()[1:] == ["  28.11.2026: засчитан ст-2 09:02:00; отложены ст-1 09:09:00"]
    status, doc = kiosk.json("reviewed", anna["code"])
    assert status == Exit.INVALID and "уже проверены" in doc["error"]
    status, doc = kiosk.json("reviewed", boris["code"])
    assert status == Exit.INVALID and "проверять нечего" in doc["error"]
    status, doc = kiosk.json("reviewed", anna["code"], "--day", "2026-12-01")
    assert status == Exit.NOT_AN_EVENT_DAY and doc["field"] == "day"
    status, out, err = kiosk("reviewed", "ZZZZ-ZZZZ-ZZZZ")
    assert status == Exit.NOT_FOUND and "не найден" in err and "Traceback" not in err
    monkeypatch.setenv("KIOSK_LANG", "en")
    status, out, err = kiosk("reviewed", anna["code"])
    assert status == Exit.INVALID and "were reviewed already" in err


def test_keep_both_clears_the_flag_and_refuses_someone_not_flagged(
    kiosk: Kiosk, event: Event
) -> None:
    anna = register(kiosk, "Аннина", "+79140000012")
    again = register(kiosk, "Аннина", "+79140000012", "--allow-duplicate")
    flag(kiosk.db_url, event, again["code"], "probable_duplicate")
    status, out, _err = kiosk("keep-both", again["code"])
    assert status == Exit.OK
    assert out == f"Оставлены оба: Аннина Анна [{again['code']}] — пометка для проверки снята\n"
    assert kiosk.json("review") == (Exit.OK, NOTHING_TO_REVIEW)
    status, doc = kiosk.json("keep-both", anna["code"])
    assert status == Exit.INVALID and doc["field"] == "code"


def test_refund_marks_the_money_paid_twice_given_back_and_the_report_says_by_whom_and_when(
    kiosk: Kiosk, tmp_path: Path, db_url: str, event: Event
) -> None:
    anna = register(kiosk, "Абрамова", "+79140000001")
    boris = register(kiosk, "Борисов", "+79140000002", "--pay", "card")
    paid_offline_twice(db_url, event, anna["code"])

    status, doc = kiosk.json("--desk", "касса", "--operator", "оля", "refund", anna["code"])
    assert status == Exit.OK, doc
    assert (doc["code"], doc["refunded"], doc["desk"], doc["operator"]) == (
        anna["code"],
        10000,
        "касса",
        "оля",
    )
    assert [(p["amount"], p["method"], p["desk"]) for p in doc["payments"]] == [
        (10000, "cash", "ст-2")
    ]
    status, out, _err = kiosk("report", "--day", "2026-11-28", "-o", str(tmp_path / "r.pdf"))
    lines = [line.replace("\u202f", " ").replace("\u00a0", " ") for line in out.splitlines()]
    assert not any(line.startswith("Двойные оплаты, вернуть") for line in lines)
    assert "Двойные оплаты возвращены: 1 на 10 000 ₽" in lines
    given = [line for line in lines if line.startswith(f"  Абрамова Анна ({anna['code']})")]
    assert len(given) == 1
    assert re.search(r" — возвращено \d\d\.\d\d \d\d:\d\d, касса, оля$", given[0]), given
    status, doc = kiosk.json("report", "--day", "2026-11-28", "-o", str(tmp_path / "r.pdf"))
    decisions = doc["decisions"]
    assert (decisions["double_payments"], decisions["to_refund"]) == (0, 0)
    assert (decisions["refunds_given"], decisions["refunded"]) == (1, 10000)
    db = open_database(db_url, event)
    try:
        with db.read() as session:
            (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "refund"))
            assert (entry.desk, entry.operator, entry.after["amount"]) == ("касса", "оля", 10000)  # type: ignore[index]
    finally:
        db.dispose()

    # Twice, or to someone who paid once: refused in a sentence, nothing changed.
    status, doc = kiosk.json("refund", anna["code"])
    assert status == Exit.INVALID
    assert re.search(r"уже возвращены \(\d\d\.\d\d \d\d:\d\d, касса, оля\)", doc["error"])
    status, doc = kiosk.json("refund", boris["code"])
    assert status == Exit.INVALID and "возвращать нечего" in doc["error"]
    status, out, err = kiosk("refund", "ZZZZ-ZZZZ-ZZZZ")
    assert status == Exit.NOT_FOUND and "не найден" in err and "Traceback" not in err


def test_report_json_without_a_file_prints_the_figures_and_writes_nothing(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    anna = register(kiosk, "Абрамова", "+79140000001", "--pay", "card")
    register(kiosk, "Борисова", "+79140000002", "--pay", "cash")
    kiosk("checkin", anna["code"], "--at", "2026-11-28T09:05:00+10:00")
    status, doc = kiosk.json("report", "--day", "2026-11-28")
    assert status == 0
    assert (doc["expected"], doc["arrived"], doc["no_shows"], doc["file"]) == (2, 1, 1, None)
    assert not list(tmp_path.glob("*.pdf"))


def test_report_as_text_without_a_file_asks_for_one(kiosk: Kiosk) -> None:
    status, out, err = kiosk("report", "--day", "2026-11-28")
    assert (status, out) == (Exit.INVALID, "")
    assert err == "Ошибка: Куда записать отчёт: -o ФАЙЛ.pdf (или --json — его цифры без файла).\n"


def test_merge_says_which_admission_counts_when_the_merged_badge_came_first(
    kiosk: Kiosk, event: Event
) -> None:
    anna = register(kiosk, "Аннина", "+79140000011", "--pay", "card", tariff="package_comfort")
    again = register(
        kiosk, "Аннина", "+79140000011", "--allow-duplicate", "--pay", "cash",
        tariff="package_comfort",
    )  # fmt: skip
    kiosk("checkin", again["code"], "--at", "2026-11-27T09:30:00+10:00")
    kiosk("checkin", again["code"], "--at", "2026-11-28T08:45:00+10:00")
    kiosk("checkin", anna["code"], "--at", "2026-11-28T09:05:00+10:00")
    flag(kiosk.db_url, event, again["code"], "probable_duplicate")
    status, out, _err = kiosk("merge", anna["code"], again["code"])
    assert status == Exit.OK
    assert out.splitlines() == [
        f"Объединено: Аннина Анна [{anna['code']}]; бейдж {again['code']} тоже открывает вход",
        f"Отметки по бейджу {again['code']} перенесены и засчитаны: 27.11.2026",
        f"28.11.2026: пришёл(шла) по обоим бейджам — засчитан ранний приход (по бейджу "
        f"{again['code']}, 08:45), второй оставлен для проверки",
        f"Оплаты по бейджу {again['code']} перенесены: 1 на 20\u202f700\u00a0₽",
        "Оплачено дважды: вернуть 20\u202f700\u00a0₽",
    ]
    assert "отметок 0" not in out


def corrected_offline(db_url: str, event: Event, code: str, *edits: tuple[str, int, str]) -> None:
    """`code`'s company changed from «Старт» at each (desk, minute after 09:00 on 28.11, value)
    by desks without the hub, replayed on the hub in this order."""
    db = open_database(db_url, event)
    try:
        for desk, minute, company in edits:
            at = datetime(2026, 11, 28, 9, minute, tzinfo=event.tz)
            replay_correction(
                Desk(db, event, name="хаб"),
                OfflineCorrection(
                    uuid.uuid4().hex, code, {"company": company}, at, desk, "оля",
                    {"company": "Старт"},
                ),
            )  # fmt: skip
    finally:
        db.dispose()


def test_review_and_show_list_a_field_changed_at_two_desks_with_the_value_kept(
    kiosk: Kiosk, event: Event
) -> None:
    yana = register(kiosk, "Янина", "+79140000021", "--company", "Старт", "--pay", "card")
    # The later edit reaches the hub first; the earlier one, arriving last, does not overwrite it.
    corrected_offline(kiosk.db_url, event, yana["code"], ("ст-2", 9, "Бета"), ("ст-1", 2, "Альфа"))
    status, out, _err = kiosk("review")
    assert status == Exit.OK
    assert out.splitlines() == [
        "Изменено на двух стойках (осталось более позднее изменение): 1",
        f"{yana['code']}  Янина Анна — компания: осталось «Бета» (ст-2, 28.11 09:09), "
        "не «Альфа» (ст-1, 28.11 09:02)",
        "Проверили — отметьте: kiosk reviewed КОД",
    ]
    status, doc = kiosk.json("review")
    (conflict,) = doc["edit_conflicts"]
    assert (conflict["code"], conflict["field"]) == (yana["code"], "company")
    assert conflict["kept"] == {
        "value": "Бета",
        "desk": "ст-2",
        "at": "2026-11-28T09:09:00+10:00",
    }
    assert conflict["not_kept"] == {
        "value": "Альфа",
        "desk": "ст-1",
        "at": "2026-11-28T09:02:00+10:00",
    }
    status, out, _err = kiosk("show", yana["code"])
    assert status == Exit.OK
    assert (
        "  Изменено на двух стойках: компания: осталось «Бета» (ст-2, 28.11 09:09), "
        "не «Альфа» (ст-1, 28.11 09:02)"
    ) in out.splitlines()
    status, doc = kiosk.json("show", yana["code"])
    assert doc["attendee"]["company"] == "Бета"
    assert [c["kept"]["value"] for c in doc["edit_conflicts"]] == ["Бета"]


def test_kiosk_reviewed_marks_the_fields_changed_at_two_desks_and_review_lists_them_apart(
    kiosk: Kiosk, event: Event
) -> None:
    yana = register(kiosk, "Янина", "+79140000021", "--company", "Старт", "--pay", "card")
    corrected_offline(kiosk.db_url, event, yana["code"], ("ст-2", 9, "Бета"), ("ст-1", 2, "Альфа"))
    status, doc = kiosk.json("reviewed", yana["code"])
    assert status == Exit.OK, doc
    assert (doc["code"], doc["admissions"], doc["days"]) == (yana["code"], 0, [])
    (marked,) = doc["edit_conflicts"]
    assert marked["field"] == "company" and marked["reviewed_desk"] == "desk-1"
    status, doc = kiosk.json("review")
    assert doc["edit_conflicts"] == []
    (reviewed,) = doc["edit_conflicts_reviewed"]
    assert reviewed["kept"]["value"] == "Бета" and reviewed["reviewed_at"].startswith("20")
    status, out, _err = kiosk("review")
    lines = out.splitlines()[1:]  # after «Решать нечего: …»
    assert lines[0] == "Изменения на двух стойках проверены: 1"
    assert re.fullmatch(
        rf"{yana['code']}  Янина Анна — компания: осталось «Бета» \(ст-2, 28\.11 09:09\), "
        r"не «Альфа» \(ст-1, 28\.11 09:02\) — проверено \d\d\.\d\d \d\d:\d\d, desk-1(, \S+)?",
        lines[1],
    ), lines[1]
    status, out, _err = kiosk("show", yana["code"])
    assert any("— проверено " in line and "desk-1" in line for line in out.splitlines())
    status, doc = kiosk.json("reviewed", yana["code"])  # again: nothing left, and said so
    assert status == Exit.INVALID
    assert doc["error"].startswith("Янина Анна: изменения на двух стойках уже проверены (")
    other = register(kiosk, "Другая", "+79140000022")
    status, doc = kiosk.json("reviewed", other["code"])  # never anything: the admissions' words
    assert status == Exit.INVALID
    assert "двойных проходов без хаба не было" in doc["error"]
