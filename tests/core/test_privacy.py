"""The right to be forgotten and the end of retention: data erased, counts and money kept."""

from __future__ import annotations

import shlex
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import Attendee, AuditEntry, BadgeAlias, PaymentMethod, RegistrationGroup
from kiosk.rules import Outcome
from kiosk.services import privacy
from kiosk.services.checkin import check_in, undo_check_in
from kiosk.services.context import Desk
from kiosk.services.errors import NotFoundError, ValidationError
from kiosk.services.importing import import_file
from kiosk.services.lookup import get_by_code, search
from kiosk.services.printing import find_attendees, select_for_batch
from kiosk.services.registration import Registration, edit_attendee, register
from kiosk.services.stats import stats
from tests.conftest import FixedClock
from tests.core.factories import person, registered
from tests.importing.files import write_csv

PHONE = "+7 914 700-12-34"
EMAIL = "tyutina@example.ru"


@pytest.fixture
def maria(desk: Desk):  # type: ignore[no-untyped-def]
    person = registered(
        desk,
        "comfort",
        last="Тютина",
        first="Мария",
        middle_name="Петровна",
        phone=PHONE,
        email=EMAIL,
        company="ООО «Ромашка»",
        position="директор",
    )
    check_in(desk, person.code)
    return person


def secrets_in(text: str) -> list[str]:
    return [
        s for s in ("Тютина", "Мария", "Петровна", "79147001234", EMAIL, "Ромашка") if s in text
    ]


def test_forget_erases_the_person_but_keeps_counts_and_money(desk: Desk, maria) -> None:  # type: ignore[no-untyped-def]
    before = stats(desk)
    result = privacy.forget(desk, maria.code, "письмо от 01.12")
    assert result.attendee_id == maria.id
    with desk.db.read() as session:
        row = session.get(Attendee, maria.id)
        assert row is not None
        personal = [getattr(row, f) for f in privacy.PERSONAL_FIELDS]
        assert personal == [privacy.ERASED, "", "", "", "", "", None, None]
        assert row.extra == {} and row.search_text == "" and row.forgotten_at is not None
        assert (row.tariff, row.price, row.amount_paid, row.payment_status) == (
            "comfort",
            10000,
            10000,
            "paid",
        )
        assert len(row.checkins) == 1 and row.badge_code != maria.code
    assert stats(desk) == before


def test_a_reason_loses_the_phone_in_every_written_form_and_the_name_in_any_case(
    desk: Desk,
    maria,  # type: ignore[no-untyped-def]
) -> None:
    reason = (
        "звонила с 89147001234 / 8 (914) 700-12-34 / +7 914 700-12-34 / 700-12-34; "
        "просила Тютину Марию Петровну (TYUTINA@EXAMPLE.RU, Tyutina Mariya) из «Ромашки», "
        "номер офиса 89140000000"
    )
    undo_check_in(desk, maria.code, desk.today(), reason)
    privacy.forget(desk, maria.code)
    with desk.db.read() as session:
        stored = session.scalars(
            select(AuditEntry.reason).where(
                AuditEntry.attendee_id == maria.id, AuditEntry.action == "undo_check_in"
            )
        ).one()
    erased = privacy.ERASED
    assert stored == (
        f"звонила с {erased} / {erased} / {erased} / {erased}; "
        f"просила {erased} ({erased}, {erased}) из «{erased}», "
        "номер офиса 89140000000"
    )


def test_a_forgotten_badge_is_an_unknown_code(desk: Desk, maria) -> None:  # type: ignore[no-untyped-def]
    privacy.forget(desk, maria.code)
    assert get_by_code(desk, maria.code) is None
    assert check_in(desk, maria.code).status is Outcome.UNKNOWN_CODE
    assert search(desk, "Тютина") == () and search(desk, "1234") == ()
    with pytest.raises(NotFoundError):
        privacy.forget(desk, maria.code)


def test_the_audit_log_keeps_who_when_why_but_no_personal_data(
    desk: Desk,
    maria,  # type: ignore[no-untyped-def]
) -> None:
    edit_attendee(desk, maria.code, {"company": "ООО «Ромашка-2»", "email": "m@example.ru"})
    undo_check_in(desk, maria.code, desk.today(), "отметила не ту: Тютина")
    privacy.forget(desk, maria.code, "заявление\nот 01.12")
    with desk.db.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.attendee_id == maria.id).order_by(AuditEntry.id)
        ).all()
    everything = " ".join(f"{e.before} {e.after} {e.reason}" for e in entries)
    assert secrets_in(everything) == [] and "m@example.ru" not in everything
    assert maria.code not in everything
    forget = entries[-1]
    assert (forget.action, forget.operator, forget.desk) == ("forget", "anna", "desk-1")
    assert forget.reason == "заявление\nот 01.12" and forget.at is not None
    assert [e.action for e in entries][:2] == ["register", "payment"]
    assert entries[0].after is not None and entries[0].after["tariff"] == "comfort"


def test_nothing_of_the_person_is_left_in_the_database_file(
    desk: Desk,
    maria,  # type: ignore[no-untyped-def]
    db_url: str,
) -> None:
    privacy.forget(desk, maria.code)
    # While the desk is open: its write-ahead log too, where earlier writes are kept.
    path = Path(db_url.removeprefix("sqlite:///"))
    data = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    for secret in ("Тютина", "Петровна", "79147001234", EMAIL, "Ромашка"):
        assert secret.encode() not in data, secret


def test_a_later_import_skips_a_forgotten_person_and_says_so(
    desk: Desk,
    maria,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    privacy.forget(desk, maria.code)
    rows = [
        ["Имя", "Телефон", "E-mail", "Форма"],
        ["Тютина Мария", "8 914 700-12-34", "", "Комфорт"],
        ["Другая Мария", "", EMAIL.upper(), "Комфорт"],
        ["Новая Анна", "+7 914 700-99-99", "", "Комфорт"],
    ]
    report = import_file(desk, write_csv(tmp_path / "again.csv", rows))
    assert (report.forgotten, report.added) == (1, 2)
    assert report.as_json()["forgotten"] == 1
    assert [a.last_name for a in search(desk, "Мария")] == ["Другая"]


def test_someone_else_with_a_forgotten_persons_phone_is_imported_and_said(
    desk: Desk,
    maria,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    privacy.forget(desk, maria.code)
    rows = [
        ["Имя", "Телефон", "Форма"],
        ["Тютина Мария Петровна", "8 914 700-12-34", "Комфорт"],  # she herself: skipped
        ["Мария Тютина", "8 914 700-12-34", "Комфорт"],  # her, the other way round: skipped
        ["Светлова Ольга", "8 914 700-12-34", "Комфорт"],  # the number is Olga's now
    ]
    report = import_file(desk, write_csv(tmp_path / "shared.csv", rows))
    assert (report.forgotten, report.added, report.forgotten_contacts) == (2, 1, 1)
    (warning,) = report.warnings
    assert warning.line == 4 and "другой человек" in warning.message
    assert [a.last_name for a in search(desk, "Светлова")] == ["Светлова"]
    assert report.as_json()["forgotten_contacts"] == 1


def test_only_a_namesake_without_contacts_is_taken_for_a_forgotten_person(
    desk: Desk,
    maria,  # type: ignore[no-untyped-def]
) -> None:
    privacy.forget(desk, maria.code)
    with desk.db.read() as session:
        assert _forgotten(session, None, None, "ТЮТИНА", "Мария", "Петровна")
        assert _forgotten(session, None, None, "Тютина", "Мария")
        assert not _forgotten(session, "+79140000001", None, "Тютина", "Мария")
        assert _forgotten(session, "+79147001234", None, "", "")
        assert not _forgotten(session, "+79147001234", None, "Светлова", "Ольга")
        assert not _forgotten(session, None, None, "Тютина", "Анна")


def test_forget_finds_a_person_by_another_code_of_theirs_and_that_code_stops_working(
    desk: Desk,
    maria,  # type: ignore[no-untyped-def]
) -> None:
    with desk.db.write() as session:
        session.add(BadgeAlias(code="7KQ2-M9XD-H3TR", attendee_id=maria.id, merged_at=desk.now()))
    assert privacy.forget(desk, "7kq2-m9xd-h3tr").attendee_id == maria.id
    with desk.db.read() as session:
        assert session.scalars(select(BadgeAlias)).all() == []
        row = session.get(Attendee, maria.id)
        assert row is not None and row.forgotten_at is not None


def test_forgetting_someone_forgotten_already_says_so(desk: Desk, maria) -> None:  # type: ignore[no-untyped-def]
    privacy.forget(desk, maria.code)
    with desk.db.read() as session:
        row = session.get(Attendee, maria.id)
        assert row is not None
        new_code = row.badge_code  # the code made for the erased record
    with pytest.raises(ValidationError, match="уже удалены"):
        privacy.forget(desk, new_code)


def test_fingerprints_are_keyed_one_way_hashes(desk: Desk, maria) -> None:  # type: ignore[no-untyped-def]
    privacy.forget(desk, maria.code)
    with desk.db.read() as session:
        row = session.get(Attendee, maria.id)
        assert row is not None
        prints = [row.fingerprint_phone, row.fingerprint_email, row.fingerprint_name]
    assert all(p and len(p) == 64 for p in prints)
    import hashlib

    assert hashlib.sha256(b"phone:+79147001234").hexdigest() not in prints


def test_forgetting_a_team_contact_takes_their_surname_off_the_team_and_its_seats(
    desk: Desk,
) -> None:
    contact = register(
        desk,
        Registration(
            person=person("Командирова", "Ольга"), tariff="team", team_size=3, consent=True
        ),
    ).attendees[0]
    privacy.forget(desk, contact.code)
    with desk.db.read() as session:
        names = session.scalars(select(RegistrationGroup.name)).all()
        seats = session.scalars(select(Attendee.first_name).where(Attendee.id != contact.id)).all()
        audit = session.scalars(select(AuditEntry.after)).all()
    assert all("Командирова" not in n for n in [*names, *seats])
    assert "Командирова" not in str(audit)
    assert len(seats) == 2


def test_purge_waits_for_the_end_of_the_event_and_the_retention_period(
    desk: Desk,
    maria,  # type: ignore[no-untyped-def]
    clock: FixedClock,
) -> None:
    with pytest.raises(privacy.TooEarly):
        privacy.purge(desk, keep_days=0)  # the conference morning: the event is on
    clock.now = desk.event.ends_at.astimezone(UTC) + timedelta(days=3)
    with pytest.raises(privacy.TooEarly, match="--keep-days"):
        privacy.purge(desk)
    assert not privacy.personal_data_due(desk)
    clock.now = desk.event.ends_at.astimezone(UTC) + timedelta(days=desk.event.retention_days)
    assert privacy.personal_data_due(desk)


def test_purge_erases_everybody_and_keeps_the_figures(
    desk: Desk,
    maria,  # type: ignore[no-untyped-def]
    clock: FixedClock,
) -> None:
    registered(desk, "premium", last="Второва", first="Вера")
    before = stats(desk)
    clock.now = datetime(2027, 1, 1, tzinfo=UTC)
    result = privacy.purge(desk, reason="срок хранения истёк")
    assert result.attendees == 2
    assert stats(desk) == before
    with desk.db.read() as session:
        names = session.scalars(select(Attendee.last_name)).all()
        log = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert set(names) == {privacy.ERASED}
    assert log is not None and log.action == "purge" and log.reason == "срок хранения истёк"
    assert not privacy.personal_data_due(desk)
    assert privacy.purge(desk).attendees == 0  # nothing left to erase


def test_purge_sooner_with_keep_days(desk: Desk, maria, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    clock.now = desk.event.ends_at.astimezone(UTC) + timedelta(days=2)
    assert privacy.purge(desk, keep_days=1).attendees == 1


@pytest.mark.parametrize(
    "phone",
    ["+7 914 700-12-34", "8(914)7001234", "+7–914–700–12–34", "9147001234", "700 12 34"],
)
def test_the_forget_reason_is_audited_without_the_persons_name_phone_or_email(
    desk: Desk,
    maria,  # type: ignore[no-untyped-def]
    phone: str,
) -> None:
    privacy.forget(desk, maria.code, f"просьба: Тютина Мария, {phone}, {EMAIL.upper()}")
    with desk.db.read() as session:
        stored = session.scalars(
            select(AuditEntry.reason).where(AuditEntry.action == "forget")
        ).one()
    erased = privacy.ERASED
    assert stored == f"просьба: {erased}, {erased}, {erased}"


def test_no_code_of_a_forgotten_person_checks_them_in_prints_or_finds_them(
    desk: Desk,
    maria,  # type: ignore[no-untyped-def]
) -> None:
    other = registered(desk, "comfort", last="Второва", first="Вера", phone="+79147005555")
    before = stats(desk)
    privacy.forget(desk, maria.code)
    with desk.db.read() as session:
        row = session.get(Attendee, maria.id)
        assert row is not None
        new_code = row.badge_code  # the code made for the erased record
    result = check_in(desk, new_code)
    assert result.status is Outcome.FORGOTTEN and result.attendee is None
    assert check_in(desk, new_code, pay=PaymentMethod.CASH).status is Outcome.FORGOTTEN
    assert search(desk, new_code) == () and search(desk, new_code[:9]) == ()
    assert get_by_code(desk, new_code) is None
    assert [v.id for v in select_for_batch(desk)] == [other.id]
    with pytest.raises(NotFoundError):
        find_attendees(desk, [f"#{maria.id}"])
    assert stats(desk) == before


def test_the_suggested_purge_command_names_the_desks_event_file_and_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(privacy, "default_database_path", lambda: tmp_path / "default.sqlite3")
    event = tmp_path / "my event's.toml"
    db = tmp_path / "desk one.sqlite3"
    command = privacy.purge_command(f"sqlite:///{db}", str(event))
    assert shlex.split(command) == [
        "kiosk",
        "--db",
        str(db),
        "--event",
        str(event),
        "purge",
        "--after-event",
    ]
    default = privacy.purge_command(f"sqlite:///{tmp_path / 'default.sqlite3'}", None)
    assert default == "kiosk purge --after-event"
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))  # a profile's: named, whatever the shell
    in_profile = privacy.purge_command(f"sqlite:///{tmp_path / 'default.sqlite3'}", None)
    assert shlex.split(in_profile)[1:3] == ["--db", str(tmp_path / "default.sqlite3")]
    server = privacy.purge_command("postgresql://desk:s3cret@hub:5432/event", None)
    assert "s3cret" not in server and "hub:5432/event" in server


def _forgotten(
    session: Session, phone: str | None, email: str | None, last: str, first: str, middle: str = ""
) -> bool:
    checked = privacy.ForgottenPeople(session).check(phone, email, last, first, middle)
    return checked is privacy.Forgotten.PERSON
