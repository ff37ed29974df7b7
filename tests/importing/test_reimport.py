"""Importing a file, then the same or a later file again: who is the same person, who is not,
and what the report counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.models import Attendee, Review
from kiosk.rules import Outcome
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


# ---- the other numbers of a phone cell -------------------------------------------------------

TWO_PHONES = ["Смирнов Сергей", "+7 (914) 600-00-05, +7 (914) 600-00-55", "", "Комфорт"]


@pytest.mark.parametrize("fts", [True, False], ids=["fts", "scan"])
@pytest.mark.parametrize("typed", ["89146000055", "+7 914 600-00-55", "600-00-55", "6000055"])
def test_the_second_phone_of_a_cell_finds_the_person_at_the_desk(
    desk: Desk, tmp_path: Path, typed: str, fts: bool
) -> None:
    from dataclasses import replace

    from kiosk.services.lookup import search

    import_file(desk, write_csv(tmp_path / "a.csv", [HEADERS, TWO_PHONES]))
    assert desk.db.fts
    searching = replace(desk, db=replace(desk.db, fts=fts))
    found = search(searching, typed)
    assert [(a.last_name, a.phone) for a in found] == [("Смирнов", "+79146000005")]
    assert search(searching, "+7 914 600-00-56") == ()  # a whole number: only that number


def test_a_later_file_with_only_the_second_phone_is_the_same_person(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(desk, write_csv(tmp_path / "a.csv", [HEADERS, TWO_PHONES]))
    later = [
        HEADERS,
        ["Сергей Смирнов", "8 914 600 00 55", "", "Комфорт"],
        ["Смирнова Елена", "8 914 600 00 55", "", "Комфорт"],  # a colleague using his phone
    ]
    report = import_file(desk, write_csv(tmp_path / "b.csv", later))
    assert (report.added, report.updated, report.unchanged) == (1, 0, 1)
    assert [(k.name, k.other_name) for k in report.kept_apart] == [
        ("Смирнова Елена", "Смирнов Сергей")
    ]
    sergey, elena = everyone(desk)
    assert (sergey.phone, sergey.extra["Другие телефоны"]) == ("+79146000005", "+7 (914) 600-00-55")
    assert elena.phone == "+79146000055"


def test_a_later_cell_whose_second_number_is_the_known_phone_is_the_same_person(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(
        desk,
        write_csv(
            tmp_path / "a.csv", [HEADERS, ["Смирнов Сергей", "8 423 200 11 22", "", "Комфорт"]]
        ),
    )
    cell = ["Смирнов С.", "+7 914 600-00-05; 8 423 200 11 22", "", "Комфорт"]
    report = import_file(desk, write_csv(tmp_path / "b.csv", [HEADERS, cell]))
    assert (report.added, report.updated) == (0, 1)
    (sergey,) = everyone(desk)
    assert sergey.phone == "+74232001122"
    assert sergey.extra["Другие телефоны"] == "+7 914 600-00-05"


# ---- the desk's own export, imported again ---------------------------------------------------


def a_desk_with_everyone(desk: Desk, tmp_path: Path) -> None:
    """Imported people (a team with its unnamed seats among them), a speaker and a walk-in
    registered at the desk, one partly paid, one with a company a spreadsheet would run."""
    from sqlalchemy import update

    from tests.core.factories import registered
    from tests.importing.test_import import SAMPLE_ROWS

    import_file(desk, write_csv(tmp_path / "leads.csv", SAMPLE_ROWS))
    registered(desk, last="Докладов", first="Пётр", category="speaker", tariff=None)
    registered(desk, last="Гостев", first="Антон", company="=HYPERLINK(1)", paid=False)
    with desk.db.write() as session:
        session.execute(
            update(Attendee)
            .where(Attendee.last_name == "Гостев")
            .values(amount_paid=4000, amount_due=6000)  # paid in part (an upgrade's balance)
        )


def state(desk: Desk) -> list[tuple[object, ...]]:
    return [
        (a.badge_code, a.last_name, a.first_name, a.company, a.phone, a.tariff, a.amount_paid)
        for a in everyone(desk)
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_desks_own_export_imported_again_finds_everyone_by_their_badge_code(
    desk: Desk, tmp_path: Path, suffix: str
) -> None:
    from kiosk.services import exporting

    a_desk_with_everyone(desk, tmp_path)
    before = state(desk)
    exported = exporting.export(desk, "attendees", tmp_path / f"export{suffix}").path
    for _again in range(2):
        report = import_file(desk, exported)
        assert (report.added, report.updated, report.rejected) == (0, 0, [])
        assert report.unchanged == len(before) == 9
        assert state(desk) == before


def teams(desk: Desk) -> list[tuple[object, ...]]:
    from kiosk.models import RegistrationGroup

    with desk.db.read() as session:
        return [
            (
                g.name,
                g.tariff,
                g.size,
                g.members[0].badge_code if g.members else None,
                sorted(m.badge_code for m in g.members),
            )
            for g in session.scalars(select(RegistrationGroup).order_by(RegistrationGroup.id))
        ]


def carried(rows: list[list[object]]) -> list[list[object]]:
    """The columns of the desk's export that an import into an empty desk gives back."""
    keep = (
        "Код",
        "Фамилия",
        "Имя",
        "Отчество",
        "Компания",
        "Должность",
        "Телефон",
        "Другие телефоны",
        "E-mail",
        "Категория",
        "Тариф",
        "Команда",
        "Количество человек",
        "Цена",
    )
    index = [rows[0].index(name) for name in keep]
    return [[row[i] for i in index] for row in rows]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_desks_export_into_an_empty_desk_gives_the_same_people_teams_and_tariffs(
    desk: Desk, tmp_path: Path, suffix: str
) -> None:
    from kiosk.models import RegistrationGroup
    from kiosk.services import exporting

    a_desk_with_everyone(desk, tmp_path)
    exported = exporting.export(desk, "attendees", tmp_path / f"export{suffix}").path
    before, teams_before = sorted(state(desk)), teams(desk)
    categories = sorted((a.badge_code, a.category) for a in everyone(desk))
    rows_before = carried(list(exporting.attendee_rows(desk)))
    with desk.db.write() as session:
        session.execute(Attendee.__table__.delete())
        session.execute(RegistrationGroup.__table__.delete())
    report = import_file(desk, exported)
    assert report.rejected == []
    assert (report.added, report.teams) == (9, 1)
    assert sorted(state(desk)) == before
    assert teams(desk) == teams_before
    assert sorted((a.badge_code, a.category) for a in everyone(desk)) == categories
    # What the desk worked out is not kept as the new people's data.
    kept = {key for a in everyone(desk) for key in a.extra}
    assert kept.isdisjoint({"Цена", "Статус", "Статус оплаты", "Бейдж напечатан", "Категория"})
    assert carried(list(exporting.attendee_rows(desk))) == rows_before
    again = import_file(desk, exported)
    assert (again.added, again.updated, again.rejected) == (0, 0, [])
    assert sorted(state(desk)) == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_other_phones_come_back_from_the_desks_export_and_its_source_is_no_form(
    desk: Desk, tmp_path: Path, suffix: str
) -> None:
    from kiosk.services import exporting

    import_file(desk, write_csv(tmp_path / "a.csv", [HEADERS, TWO_PHONES]))
    exported = exporting.export(desk, "attendees", tmp_path / f"export{suffix}").path
    with desk.db.write() as session:
        session.execute(Attendee.__table__.delete())
    assert import_file(desk, exported).added == 1
    (sergey,) = everyone(desk)
    assert sergey.extra["Другие телефоны"] == "+7 (914) 600-00-55"
    assert "Форма" not in sergey.extra
    later = [HEADERS, ["Смирнов Сергей", "8 914 600 00 55", "", "Комфорт"]]
    assert import_file(desk, write_csv(tmp_path / "b.csv", later)).added == 0
    rows = list(exporting.attendee_rows(desk))
    assert rows[1][rows[0].index("Другие телефоны")] == "+7 (914) 600-00-55"


def test_a_seat_of_a_team_nobody_in_the_file_registered_is_rejected_saying_why(
    desk: Desk, tmp_path: Path
) -> None:
    rows = [
        ["Фамилия", "Имя", "Тариф", "Команда", "Количество человек"],
        ["Участник 2", "команда Федорова", "Команда", "команда Федорова", ""],
        ["Петров", "Иван", "Команда", "команда Петрова", "3"],
        ["Сидоров", "Олег", "Команда", "команда Петрова", ""],
        ["Козлов", "Пётр", "Команда", "команда Петрова", ""],
        ["Лишний", "Игорь", "Команда", "команда Петрова", ""],
    ]
    report = import_file(desk, write_csv(tmp_path / "a.csv", rows))
    assert (report.added, report.teams) == (3, 1)
    assert [(r.line, r.reason) for r in report.rejected] == [
        (
            2,
            "команда «команда Федорова» не найдена: в файле нет строки её контакта с "
            "количеством человек",
        ),
        (6, "в команде «команда Петрова» больше людей, чем её количество человек (3)"),
    ]
    assert seats(desk) == [("Петров", "Иван"), ("Сидоров", "Олег"), ("Козлов", "Пётр")]


def test_a_row_with_a_code_nobody_has_goes_in_as_any_row_does(desk: Desk, tmp_path: Path) -> None:
    rows = [
        ["Код", *HEADERS],
        ["abcd-efgh-jkmn", "Сергей Смирнов", "+7 914 600-00-05", "", "Комфорт"],
        ["ABCD-EFGH-JKMP", "Елена Смирнова", "+7 914 600-00-06", "", "Команда"],
    ]
    report = import_file(desk, write_csv(tmp_path / "a.csv", rows))
    assert report.added == 1
    assert [r.line for r in report.rejected] == [3]  # a team without its size
    (sergey,) = everyone(desk)
    assert sergey.badge_code == "ABCD-EFGH-JKMN"


def test_a_code_column_of_something_else_is_kept_with_the_attendee(
    desk: Desk, tmp_path: Path
) -> None:
    rows = [["Код", *HEADERS], ["SALE-2026", "Сергей Смирнов", "+7 914 600-00-05", "", "Комфорт"]]
    assert import_file(desk, write_csv(tmp_path / "a.csv", rows)).added == 1
    (sergey,) = everyone(desk)
    assert sergey.extra["Код"] == "SALE-2026" and sergey.badge_code != "SALE-2026"


# ---- a team's size changed in a later export -------------------------------------------------

TEAM = ["ФИО", "Телефон", "Тариф", "Количество человек"]


def team_file(tmp_path: Path, size: int, name: str) -> Path:
    rows = [TEAM, ["Федорова Ольга", "8 914 700 80 90", "Команда", str(size)]]
    return write_csv(tmp_path / name, rows)


def seats(desk: Desk) -> list[tuple[str, str]]:
    return [(a.last_name, a.first_name) for a in everyone(desk) if a.group_id is not None]


def test_a_team_grown_in_a_later_export_gets_the_extra_seats_once(
    desk: Desk, tmp_path: Path
) -> None:
    from kiosk.models import RegistrationGroup

    import_file(desk, team_file(tmp_path, 3, "a.csv"))
    report = import_file(desk, team_file(tmp_path, 5, "b.csv"))
    assert (report.added, report.updated, report.seats_added) == (0, 1, 2)
    assert seats(desk) == [
        ("Федорова", "Ольга"),
        ("Участник 2", "команда Федорова"),
        ("Участник 3", "команда Федорова"),
        ("Участник 4", "команда Федорова"),
        ("Участник 5", "команда Федорова"),
    ]
    with desk.db.read() as session:
        (team,) = session.scalars(select(RegistrationGroup))
        assert team.size == 5
        assert {a.tariff for a in team.members} == {"team"}
    for _again in range(2):
        again = import_file(desk, team_file(tmp_path, 5, "b.csv"))
        assert (again.added, again.updated, again.unchanged, again.seats_added) == (0, 0, 1, 0)
    assert len(seats(desk)) == 5


def test_a_team_grown_after_its_contact_checked_in_still_gets_its_seats(
    desk: Desk, tmp_path: Path
) -> None:
    from kiosk.services.checkin import check_in

    import_file(desk, team_file(tmp_path, 3, "a.csv"), assume_paid=True)
    assert check_in(desk, everyone(desk)[0].badge_code).status == Outcome.CHECKED_IN
    report = import_file(desk, team_file(tmp_path, 4, "b.csv"))
    assert (report.updated, report.protected, report.seats_added) == (1, 0, 1)
    assert len(seats(desk)) == 4


def test_a_smaller_team_in_a_later_export_removes_no_seat_and_is_reported(
    desk: Desk, tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main
    from kiosk.services.checkin import check_in

    import_file(desk, team_file(tmp_path, 5, "a.csv"), assume_paid=True)
    assert check_in(desk, everyone(desk)[2].badge_code).status == Outcome.CHECKED_IN
    report = import_file(desk, team_file(tmp_path, 3, "b.csv"))
    assert (report.added, report.updated, report.seats_added) == (0, 0, 0)
    assert [(t.name, t.seats, t.size, t.arrived) for t in report.smaller_teams] == [
        ("Федорова Ольга", 5, 3, 1)
    ]
    assert len(seats(desk)) == 5
    assert main(["--db", db_url, "import", str(team_file(tmp_path, 3, "b.csv"))]) == 0
    out = capsys.readouterr().out
    assert "в файле команда из 3, а мест 5 (пришли: 1) — места не удалены" in out


# ---- the report's counts ---------------------------------------------------------------------

COUNTED = ["ФИО", "Телефон", "E-mail", "Компания", "Должность", "Тариф"]
FIRST_FILE = [
    COUNTED,
    ["Смирнов Сергей", "+7 423 200-11-22", "sergey@firm.ru", "", "", "Комфорт"],
    ["Кузнецов Алексей", "+7 924 555-12-12", "", "", "", "Комфорт"],
    ["Тютин Альберт", "", "", "Школа продаж", "", "Премиум"],
    ["Орлова Анна", "", "", "", "", "Комфорт"],
]
SECOND_FILE = [
    COUNTED,
    ["Сергей Смирнов", "8 (423) 200 11 22", "SERGEY@firm.ru", "", "", "Комфорт"],  # unchanged
    ["Кузнецов Алексей", "+7 924 555-12-12", "", "Ромашка", "", "Комфорт"],  # changed
    ["Кузнецов А.", "8 924 555 12 12", "", "", "", "Комфорт"],  # the same again
    ["Тютин Альберт", "", "", "Школа продаж", "", "Премиум"],  # by name, unchanged
    ["Анна Орлова", "", "", "", "директор", "Комфорт"],  # by name, changed
    ["Смирнова Елена", "+7 423 200-11-22", "", "", "", "Комфорт"],  # new, shares a phone
    ["Новиков Олег", "8 914 600-00-07", "", "", "", "Комфорт"],  # new
    ["Новиков Олег", "8 914 600-00-07", "oleg@mail.ru", "", "", "Комфорт"],  # new, twice
    ["Без Тарифа", "8 914 600-00-08", "", "", "", "Золото"],  # rejected
]
EXPECTED = {
    "added": 2,
    "updated": 2,
    "unchanged": 4,
    "matched_by_name": 2,
    "kept_apart": 1,
    "rejected": 1,
}


def counts(doc: dict[str, object]) -> dict[str, object]:
    return {
        key: len(value) if isinstance(value, list) else value
        for key, value in doc.items()
        if key in EXPECTED
    }


def test_the_report_counts_each_kind_of_row_exactly(desk: Desk, tmp_path: Path) -> None:
    import_file(desk, write_csv(tmp_path / "first.csv", FIRST_FILE))
    second = write_csv(tmp_path / "second.csv", SECOND_FILE)
    dry = import_file(desk, second, dry_run=True)
    report = import_file(desk, second)
    assert counts(dry.as_json()) == counts(report.as_json()) == EXPECTED
    assert len(everyone(desk)) == 4 + 2
    again = import_file(desk, second)
    assert counts(again.as_json()) == {
        **EXPECTED,
        "added": 0,
        "updated": 0,
        "unchanged": 8,
        "kept_apart": 0,
    }


def test_the_cli_json_report_has_the_same_counts(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from kiosk.cli import main

    assert main(["--db", db_url, "init"]) == 0
    assert main(["--db", db_url, "import", str(write_csv(tmp_path / "a.csv", FIRST_FILE))]) == 0
    capsys.readouterr()
    second = write_csv(tmp_path / "b.csv", SECOND_FILE)
    assert main(["--db", db_url, "import", str(second), "--json"]) == 1  # a row rejected
    assert counts(json.loads(capsys.readouterr().out)) == EXPECTED
    assert main(["--db", db_url, "import", str(second)]) == 1
    out = capsys.readouterr().out
    assert "Добавлено: 0, обновлено: 0, без изменений: 8, команд: 0, отклонено: 1" in out
    assert "Найдены по имени (нет ни телефона, ни e-mail): 2" in out


def test_a_person_who_sent_the_form_twice_is_as_the_later_row_says_from_the_first_import(
    desk: Desk, tmp_path: Path
) -> None:
    headers = ["ФИО", "Телефон", "E-mail", "Тариф", "Оплачено", "Количество человек"]
    rows = [
        headers,
        ["Смирнов Сергей", "+7 914 600-00-01", "old@mail.ru", "Комфорт", "нет", ""],
        ["Смирнов Сергей", "+7 914 600-00-01", "new@mail.ru", "Премиум", "да", ""],
        ["Федорова Ольга", "+7 914 700-80-90", "", "Команда", "", "3"],
        ["Федорова Ольга", "+7 914 700-80-90", "", "Команда", "", "4"],
    ]
    path = write_csv(tmp_path / "forms.csv", rows)
    first = import_file(desk, path)
    assert (first.added, first.unchanged, first.teams) == (2, 2, 1)
    sergey = everyone(desk)[0]
    assert (sergey.email, sergey.tariff, sergey.amount_due) == ("new@mail.ru", "premium", 0)
    assert len(seats(desk)) == 4
    for _again in range(2):
        again = import_file(desk, path)
        assert (again.added, again.updated, again.unchanged, again.seats_added) == (0, 0, 4, 0)
        assert again.smaller_teams == []


# ---- name order ------------------------------------------------------------------------------


def test_a_cyrillic_name_in_either_order_is_one_person_surname_first(
    desk: Desk, tmp_path: Path
) -> None:
    rows = [
        HEADERS,
        ["Иван Петров", "", "ivan@firm.ru", "Комфорт"],
        ["Петров Иван", "", "ivan@firm.ru", "Комфорт"],
        ["Дима Билан", "", "dima@firm.ru", "Комфорт"],  # both words are first names
    ]
    report = import_file(desk, write_csv(tmp_path / "a.csv", rows))
    assert [(a.last_name, a.first_name) for a in everyone(desk)] == [
        ("Петров", "Иван"),
        ("Дима", "Билан"),
    ]
    assert [(g.original, g.last_name, g.first_name) for g in report.name_guesses] == [
        ("Дима Билан", "Дима", "Билан")
    ]


# ---- people with neither phone nor e-mail: name and company --------------------------------


@pytest.mark.parametrize(
    ("first_company", "second_company"), [("Успех", ""), ("", "Успех")], ids=["lost", "added"]
)
def test_a_speaker_with_a_company_in_one_file_and_none_in_the_other_is_one_person(
    desk: Desk, tmp_path: Path, first_company: str, second_company: str
) -> None:
    headers = ["ФИО", "Компания", "Тариф"]
    first = write_csv(tmp_path / "a.csv", [headers, ["Тютин Альберт", first_company, "Премиум"]])
    second = write_csv(tmp_path / "b.csv", [headers, ["Тютин Альберт", second_company, "Премиум"]])
    import_file(desk, first)
    report = import_file(desk, second)
    assert (report.added, report.matched_by_name, report.rejected) == (0, 1, [])
    (albert,) = everyone(desk)
    assert albert.company == "Успех"
    again = import_file(desk, first)
    assert (again.added, again.updated) == (0, 0)
    assert len(everyone(desk)) == 1


def test_speakers_of_one_name_in_two_companies_stay_two_and_a_row_without_one_is_asked_about(
    desk: Desk, tmp_path: Path
) -> None:
    headers = ["ФИО", "Компания", "Тариф"]
    rows = [headers, ["Тютин Альберт", "Успех", "Премиум"], ["Тютин Альберт", "Маяк", "Премиум"]]
    assert import_file(desk, write_csv(tmp_path / "a.csv", rows)).added == 2
    report = import_file(
        desk, write_csv(tmp_path / "b.csv", [headers, rows[1], ["Тютин Альберт", "", "Премиум"]])
    )
    assert (report.added, report.unchanged) == (0, 1)
    (rejected,) = report.rejected
    codes = [a.badge_code for a in everyone(desk)]
    assert rejected.line == 3
    assert "подходит к нескольким людям с этим именем" in rejected.reason
    assert all(code in rejected.reason for code in codes)
    assert len(everyone(desk)) == 2


# ---- a row that could be either of two people with one phone ---------------------------------

OFFICE = ["ФИО", "Телефон", "E-mail", "Тариф"]
TWO_SMIRNOVS = [
    OFFICE,
    ["Смирнов Сергей", "+7 914 600-00-01", "", "Премиум"],
    ["Смирнов Станислав", "+7 914 600-00-01", "", "Премиум"],
]


def test_an_initial_that_fits_two_people_of_one_phone_updates_nobody_and_names_them(
    desk: Desk, tmp_path: Path
) -> None:
    first = import_file(desk, write_csv(tmp_path / "a.csv", TWO_SMIRNOVS))
    assert (first.added, len(first.kept_apart)) == (2, 1)
    before = [(a.tariff, a.price) for a in everyone(desk)]
    later = [OFFICE, ["Смирнов С.", "+7 914 600-00-01", "", "Комфорт"]]
    report = import_file(desk, write_csv(tmp_path / "b.csv", later))
    assert (report.added, report.updated) == (0, 0)
    (rejected,) = report.rejected
    assert "подходит к нескольким людям с этим телефоном" in rejected.reason
    assert "уточните имя" in rejected.reason
    assert all(a.badge_code in rejected.reason for a in everyone(desk))
    assert [(a.tariff, a.price) for a in everyone(desk)] == before


def test_an_ambiguous_row_in_the_same_file_is_rejected_too(desk: Desk, tmp_path: Path) -> None:
    rows = [*TWO_SMIRNOVS, ["Смирнов С.", "8 914 600 00 01", "", "Комфорт"]]
    report = import_file(desk, write_csv(tmp_path / "a.csv", rows))
    assert report.added == 2
    assert [r.line for r in report.rejected] == [4]
    assert {a.tariff for a in everyone(desk)} == {"premium"}


def test_a_row_that_names_one_of_two_people_of_a_phone_in_full_updates_that_one(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(desk, write_csv(tmp_path / "a.csv", TWO_SMIRNOVS))
    later = [OFFICE, ["Станислав Смирнов", "+7 914 600-00-01", "stas@firm.ru", "Комфорт"]]
    report = import_file(desk, write_csv(tmp_path / "b.csv", later))
    assert (report.updated, report.rejected) == (1, [])
    assert [(a.first_name, a.email) for a in everyone(desk)] == [
        ("Сергей", None),
        ("Станислав", "stas@firm.ru"),
    ]


def test_the_cli_json_report_rejects_an_ambiguous_row_in_english(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from kiosk.cli import main

    assert main(["--db", db_url, "init"]) == 0
    assert main(["--db", db_url, "import", str(write_csv(tmp_path / "a.csv", TWO_SMIRNOVS))]) == 0
    capsys.readouterr()
    later = write_csv(
        tmp_path / "b.csv", [OFFICE, ["Смирнов С.", "+7 914 600-00-01", "", "Комфорт"]]
    )
    monkeypatch.setenv("KIOSK_LANG", "en")
    assert main(["--db", db_url, "import", str(later), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert (doc["added"], doc["updated"]) == (0, 0)
    (rejected,) = doc["rejected"]
    assert rejected["line"] == 2
    assert "matches several people with this phone" in rejected["reason"]


# ---- a phone typed into the name cell -----------------------------------------------------------


def test_a_phone_in_the_name_cell_adds_nobody_named_by_digits_and_says_why(
    desk: Desk, tmp_path: Path
) -> None:
    rows = [OFFICE, ["8 914 600 00 98", "", "", "Комфорт"]]
    report = import_file(desk, write_csv(tmp_path / "a.csv", rows))
    assert report.added == 0
    (rejected,) = report.rejected
    assert "это не имя" in rejected.reason and "без имени не добавлен" in rejected.reason
    assert everyone(desk) == []


def test_a_phone_in_the_name_cell_finds_the_person_with_that_phone(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(
        desk,
        write_csv(tmp_path / "a.csv", [OFFICE, ["Орлова Анна", "8 914 600 00 98", "", "Комфорт"]]),
    )
    rows = [OFFICE, ["8 914 600 00 98", "", "anna@firm.ru", "Комфорт"]]
    report = import_file(desk, write_csv(tmp_path / "b.csv", rows))
    assert (report.added, report.updated, report.rejected) == (0, 1, [])
    (anna,) = everyone(desk)
    assert (anna.last_name, anna.first_name, anna.email) == ("Орлова", "Анна", "anna@firm.ru")


def test_a_known_team_made_smaller_than_a_team_may_be_is_reported_not_rejected(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(desk, team_file(tmp_path, 3, "a.csv"))
    report = import_file(desk, team_file(tmp_path, 2, "b.csv"))
    assert (report.rejected, report.added, report.updated) == ([], 0, 0)
    assert [(t.name, t.seats, t.size) for t in report.smaller_teams] == [("Федорова Ольга", 3, 2)]
    assert len(seats(desk)) == 3


def test_a_new_team_below_the_minimum_is_still_rejected(desk: Desk, tmp_path: Path) -> None:
    report = import_file(desk, team_file(tmp_path, 2, "a.csv"))
    assert [r.reason for r in report.rejected] == ["команда из 2 — меньше минимума (3)"]
    assert everyone(desk) == []


# ---- an older file after a newer one --------------------------------------------------------

SENT = ["ФИО", "Телефон", "E-mail", "Тариф", "Дата заявки"]


def test_an_older_file_imported_after_a_newer_one_changes_nobody(
    desk: Desk, tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    old = [
        SENT,
        ["Смирнов Сергей", "+7 914 600-00-01", "old@mail.ru", "Комфорт", "01.12.2026 10:00"],
    ]
    new = [
        SENT,
        ["Смирнов Сергей", "+7 914 600-00-01", "new@mail.ru", "Премиум", "02.12.2026 09:30"],
    ]
    import_file(desk, write_csv(tmp_path / "old.csv", old))
    assert import_file(desk, write_csv(tmp_path / "new.csv", new)).updated == 1
    report = import_file(desk, write_csv(tmp_path / "old.csv", old))
    assert (report.updated, report.unchanged, report.older) == (0, 1, 1)
    (sergey,) = everyone(desk)
    assert (sergey.email, sergey.tariff) == ("new@mail.ru", "premium")
    assert sergey.extra["Дата заявки"] == "02.12.2026 09:30"
    assert main(["--db", db_url, "import", str(tmp_path / "old.csv")]) == 0
    assert "Заявки старше уже взятых — ничего не изменили: 1" in capsys.readouterr().out
    newer = [
        SENT,
        ["Смирнов Сергей", "+7 914 600-00-01", "last@mail.ru", "Премиум", "03.12.2026 08:00"],
    ]
    assert import_file(desk, write_csv(tmp_path / "newer.csv", newer)).updated == 1
    assert everyone(desk)[0].email == "last@mail.ru"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_extension_is_kept_with_the_phone_through_the_desks_export(
    desk: Desk, tmp_path: Path, suffix: str
) -> None:
    from kiosk.services import exporting

    rows = [HEADERS, ["Смирнов Сергей", "8 (914) 600-00-92 доб. 123", "", "Комфорт"]]
    import_file(desk, write_csv(tmp_path / "a.csv", rows))
    (sergey,) = everyone(desk)
    assert (sergey.phone, sergey.extra["Добавочный"]) == ("+79146000092", "123")
    assert "Другие телефоны" not in sergey.extra
    exported = exporting.export(desk, "attendees", tmp_path / f"export{suffix}").path
    table = list(exporting.attendee_rows(desk))
    assert table[1][table[0].index("Телефон")] == "+7 914 600-00-92 доб. 123"
    with desk.db.write() as session:
        session.execute(Attendee.__table__.delete())
    import_file(desk, exported)
    (again,) = everyone(desk)
    assert (again.phone, again.extra["Добавочный"]) == ("+79146000092", "123")
    assert "Другие телефоны" not in again.extra


def test_a_file_with_a_person_twice_keeps_the_later_submission_time_from_the_first_import(
    desk: Desk, tmp_path: Path
) -> None:
    rows = [
        SENT,
        ["Смирнов Сергей", "+7 914 600-00-01", "old@mail.ru", "Комфорт", "01.12.2026 10:00"],
        ["Смирнов Сергей", "+7 914 600-00-01", "new@mail.ru", "Комфорт", "02.12.2026 09:30"],
    ]
    path = write_csv(tmp_path / "a.csv", rows)
    import_file(desk, path)
    assert everyone(desk)[0].extra["Дата заявки"] == "02.12.2026 09:30"
    again = import_file(desk, path)
    assert (again.updated, again.unchanged, again.older) == (0, 2, 1)
    assert everyone(desk)[0].email == "new@mail.ru"


def test_an_initial_that_fits_two_people_of_one_e_mail_updates_nobody(
    desk: Desk, tmp_path: Path
) -> None:
    rows = [
        OFFICE,
        ["Смирнов Сергей", "", "office@firm.ru", "Премиум"],
        ["Смирнов Станислав", "", "office@firm.ru", "Премиум"],
    ]
    assert import_file(desk, write_csv(tmp_path / "a.csv", rows)).added == 2
    later = [OFFICE, ["С. Смирнов", "", "Office@firm.ru", "Комфорт"]]
    report = import_file(desk, write_csv(tmp_path / "b.csv", later))
    assert (report.added, report.updated) == (0, 0)
    (rejected,) = report.rejected
    assert "подходит к нескольким людям с этим e-mail" in rejected.reason
    assert {a.tariff for a in everyone(desk)} == {"premium"}
