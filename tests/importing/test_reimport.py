"""Importing a file, then the same or a later file again: who is the same person, who is not,
and what the report counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.models import Attendee, Review
from kiosk.services.context import Desk
from kiosk.services.importing import import_file
from tests.importing.test_import import shared_links, write_csv

HEADERS = ["ФИО", "Телефон", "E-mail", "Тариф"]


def everyone(desk: Desk) -> list[Attendee]:
    with desk.db.read() as session:
        return list(session.scalars(select(Attendee).order_by(Attendee.id)))


@pytest.mark.parametrize(
    ("sergey_email", "elena_email"),
    [("", ""), ("sergey@firm.ru", "elena@firm.ru"), ("sergey@firm.ru", "")],
)
def test_two_people_with_one_office_phone_in_one_file_stay_two_flagged_for_review(
    desk: Desk, tmp_path: Path, sergey_email: str, elena_email: str
) -> None:
    path = write_csv(
        tmp_path / "leads.csv",
        [
            HEADERS,
            ["Сергей Смирнов", "+7 (423) 200-11-22", sergey_email, "Комфорт"],
            ["Елена Смирнова", "8 423 200 11 22", elena_email, "Комфорт"],
        ],
    )
    report = import_file(desk, path)
    assert (report.added, report.updated) == (2, 0)
    assert [(k.kind, k.name, k.other_name) for k in report.kept_apart] == [
        ("phone", "Смирнова Елена", "Смирнов Сергей")
    ]
    assert [(a.last_name, a.phone, a.review) for a in everyone(desk)] == [
        ("Смирнов", "+74232001122", Review.SHARED_CONTACT),
        ("Смирнова", "+74232001122", Review.SHARED_CONTACT),
    ]
    assert shared_links(desk, "Смирнова Елена") == [("phone", "Смирнов Сергей")]
    for _again in range(2):
        again = import_file(desk, path)
        assert (again.added, again.updated, again.unchanged, again.kept_apart) == (0, 0, 2, [])
    assert len(everyone(desk)) == 2


def test_two_people_with_one_e_mail_in_one_file_stay_two_flagged_for_review(
    desk: Desk, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "leads.csv",
        [
            HEADERS,
            ["Сергей Смирнов", "", "office@firm.ru", "Комфорт"],
            ["Елена Смирнова", "", "Office@Firm.ru", "Комфорт"],
        ],
    )
    report = import_file(desk, path)
    assert (report.added, [k.kind for k in report.kept_apart]) == (2, ["email"])
    assert [a.review for a in everyone(desk)] == [Review.SHARED_CONTACT] * 2
    for _again in range(2):
        again = import_file(desk, path)
        assert (again.added, again.updated, again.kept_apart) == (0, 0, [])
