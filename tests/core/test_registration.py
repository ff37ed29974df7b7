"""Walk-in registration: validation, duplicates, teams, consent, payment, corrections."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk.models import Attendee, AuditEntry, PaymentMethod, RegistrationGroup, Source
from kiosk.services.context import Desk
from kiosk.services.errors import DuplicateError, ValidationError
from kiosk.services.lookup import get_by_code
from kiosk.services.registration import (
    PersonInput,
    Registration,
    edit_attendee,
    placeholder_member,
    register,
    swap_names,
    team_contact_name,
)
from kiosk.services.views import is_placeholder
from tests.core.factories import person, registered


def request(**overrides: object) -> Registration:
    values: dict[str, object] = {
        "person": PersonInput("Тютина", "Мария", phone="8 914 700 80 90"),
        "tariff": "comfort",
        "consent": True,
    }
    values.update(overrides)
    return Registration(**values)  # type: ignore[arg-type]


def test_walk_in_gets_a_code_a_price_and_a_normalised_phone(desk: Desk) -> None:
    result = register(desk, request())
    (maria,) = result.attendees
    assert result.total_price == 10000
    assert maria.phone == "+79147008090"
    assert maria.amount_due == 10000 and maria.payment_status == "unpaid"
    assert maria.source == "desk"
    assert maria.consent_at == desk.now()
    assert len(maria.code) == 14


def test_payment_at_registration_settles_the_price(desk: Desk) -> None:
    (maria,) = register(desk, request(pay=PaymentMethod.CARD)).attendees
    assert (maria.amount_paid, maria.amount_due, maria.payment_method) == (10000, 0, "card")


def test_invoice_counts_as_settled_but_is_marked_invoiced(desk: Desk) -> None:
    (maria,) = register(desk, request(pay=PaymentMethod.INVOICE)).attendees
    assert (maria.amount_due, maria.payment_status) == (0, "invoiced")


def test_consent_is_required(desk: Desk) -> None:
    with pytest.raises(ValidationError) as caught:
        register(desk, request(consent=False))
    assert caught.value.field == "consent"
    assert "152-ФЗ" in str(caught.value)


@pytest.mark.parametrize(
    ("phone_as_typed"),
    ["+7 914 700-80-90", "89147008090", "8 (914) 700 80 90", "9147008090", "+7(914)7008090"],
)
def test_same_phone_in_any_format_is_a_possible_duplicate(desk: Desk, phone_as_typed: str) -> None:
    first = register(desk, request()).attendees[0]
    with pytest.raises(DuplicateError) as caught:
        register(desk, request(person=PersonInput("Другая", "Анна", phone=phone_as_typed)))
    assert caught.value.field == "phone"
    assert caught.value.existing.id == first.id


def test_same_email_in_other_case_is_a_possible_duplicate(desk: Desk) -> None:
    register(
        desk, request(person=PersonInput("А", "Б", phone="+79140000001", email="Anna@Mail.ru"))
    )
    with pytest.raises(DuplicateError) as caught:
        register(
            desk,
            request(person=PersonInput("В", "Г", phone="+79140000002", email="anna@mail.ru")),
        )
    assert caught.value.field == "email"


def test_duplicate_can_be_registered_on_purpose(desk: Desk) -> None:
    register(desk, request())
    result = register(desk, request(allow_duplicate=True))
    assert len(result.attendees) == 1


@pytest.mark.parametrize(
    ("person_input", "field"),
    [
        (PersonInput("", "Мария", phone="+79147008090"), "last_name"),
        (PersonInput("Тютина", "  ", phone="+79147008090"), "first_name"),
        (PersonInput("Тютина", "Мария", phone=""), "phone"),
        (PersonInput("Тютина", "Мария", phone="not a phone"), "phone"),
        (PersonInput("Тютина", "Мария", phone="123"), "phone"),
        (PersonInput("Тютина", "Мария", phone="+79147008090", email="mary@"), "email"),
        (PersonInput("Т" * 101, "Мария", phone="+79147008090"), "last_name"),
        (PersonInput("Тютина\x00", "Мария", phone="+79147008090"), "last_name"),
        (PersonInput("12345", "Мария", phone="+79147008090"), "last_name"),
        (PersonInput("Тютина", "Мария", phone="+79147008090", company="x" * 201), "company"),
    ],
)
def test_bad_field_is_named_with_a_russian_message(
    desk: Desk, person_input: PersonInput, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        register(desk, request(person=person_input))
    assert caught.value.field == field
    assert any("а" <= ch <= "я" for ch in str(caught.value).lower())


def test_unknown_tariff_lists_the_known_ones(desk: Desk) -> None:
    with pytest.raises(ValidationError, match="premium, comfort") as caught:
        register(desk, request(tariff="vip"))
    assert caught.value.field == "tariff"


def test_sql_looking_names_are_stored_verbatim_and_harmless(desk: Desk) -> None:
    nasty = "Robert'); DROP TABLE attendees;--"
    (bobby,) = register(
        desk, request(person=PersonInput(nasty, "Bobby", phone="+79147008091"))
    ).attendees
    assert bobby.last_name == nasty
    with desk.db.read() as session:
        assert session.scalars(select(Attendee)).one().last_name == nasty


def test_names_are_nfc_normalised_and_spaces_collapsed(desk: Desk) -> None:
    decomposed = "Ёлкина".replace("Ё", "Е\u0308")
    (anna,) = register(
        desk,
        request(person=PersonInput(f"  {decomposed} ", "Анна\u00a0 Мария", phone="+79140000003")),
    ).attendees
    assert anna.last_name == "Ёлкина"
    assert anna.first_name == "Анна Мария"


def test_team_below_the_minimum_is_refused_with_the_minimum_in_the_message(desk: Desk) -> None:
    with pytest.raises(ValidationError) as caught:
        register(desk, request(tariff="team", team_size=2))
    assert caught.value.field == "team_size"
    assert "от 3" in str(caught.value)


def test_team_of_three_gives_every_member_an_attendee_and_a_code(desk: Desk) -> None:
    result = register(
        desk,
        request(
            tariff="team",
            team_size=3,
            members=(PersonInput("Петров", "Пётр"),),
            pay=PaymentMethod.INVOICE,
        ),
    )
    assert len(result.attendees) == 3
    assert result.total_price == 24000
    assert len({a.code for a in result.attendees}) == 3
    assert [a.last_name for a in result.attendees][:2] == ["Тютина", "Петров"]
    assert result.attendees[2].last_name == "Участник 3"
    assert result.attendees[2].first_name == "команда Тютина"
    assert all(a.group_id == result.group_id for a in result.attendees)
    assert all(a.amount_due == 0 for a in result.attendees)
    with desk.db.read() as session:
        group = session.scalars(select(RegistrationGroup)).one()
        assert (group.size, group.tariff, group.contact_id) == (3, "team", result.attendees[0].id)


def test_a_member_without_a_first_name_is_reported_as_that_member(desk: Desk) -> None:
    with pytest.raises(ValidationError) as caught:
        register(
            desk,
            request(
                tariff="team",
                team_size=3,
                members=(PersonInput("Петров", "Пётр"), PersonInput("Котова", "")),
            ),
        )
    assert caught.value.field == "members"
    assert str(caught.value) == "Участник 3: Имя: обязательное поле"


def test_unnamed_team_seats_are_recognised_as_placeholders_in_either_language() -> None:
    assert is_placeholder("Участник 3", "команда Тютина")
    assert is_placeholder("Member 2", "team Tyutina")
    assert not is_placeholder("Участник", "команда Тютина")
    assert not is_placeholder("Тютина", "Мария")


def test_seats_written_by_earlier_versions_without_a_team_name_are_still_placeholders() -> None:
    assert is_placeholder("Участник 2", "команда ")
    assert is_placeholder("Member 2", "team")


def test_a_team_is_known_by_the_contacts_surname_else_first_name_never_by_nothing() -> None:
    assert team_contact_name("Тютина", "Мария") == "Тютина"
    assert team_contact_name("", "Мария") == "Мария"
    assert team_contact_name(" ", "") == "без имени"
    seat = placeholder_member(2, team_contact_name("", ""))
    assert (seat.last_name, seat.first_name) == ("Участник 2", "команда без имени")
    assert is_placeholder(seat.last_name, seat.first_name)


def test_swapping_names_exchanges_surname_and_first_name_and_is_audited(desk: Desk) -> None:
    john = registered(desk, last="John", first="Smith")
    swapped = swap_names(desk, john.code)
    assert (swapped.last_name, swapped.first_name) == ("Smith", "John")
    with desk.db.read() as session:
        attendee = session.get(Attendee, john.id)
        assert attendee is not None and attendee.desk_edited_at == desk.now()
        assert attendee.last_key == "smith"  # found under the surname it now has
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "swap_names")).one()
    assert entry.before == {"last_name": "John", "first_name": "Smith"}
    assert entry.after == {"last_name": "Smith", "first_name": "John"}


def test_swapping_needs_both_names_and_a_known_code(desk: Desk) -> None:
    from kiosk.services.errors import NotFoundError

    with pytest.raises(NotFoundError):
        swap_names(desk, "AAAA-BBBB-CCCC")
    team = register(desk, request(tariff="team", team_size=3))
    with pytest.raises(ValidationError, match="фамилия"):
        swap_names(desk, team.attendees[1].code)  # a seat still without a name


def test_team_members_without_size_count_as_the_team(desk: Desk) -> None:
    with pytest.raises(ValidationError):
        register(desk, request(tariff="team", members=(PersonInput("Петров", "Пётр"),)))


def test_members_only_for_a_team_tariff(desk: Desk) -> None:
    with pytest.raises(ValidationError):
        register(desk, request(team_size=3))


def test_free_category_pays_nothing(desk: Desk) -> None:
    (speaker,) = register(desk, request(tariff=None, category="speaker")).attendees
    assert (speaker.price, speaker.amount_due, speaker.payment_status) == (0, 0, "free")
    with pytest.raises(ValidationError):
        register(desk, request(tariff=None, category="vip", person=person()))


def test_registration_is_audited(desk: Desk) -> None:
    (maria,) = register(desk, request(source=Source.KIOSK)).attendees
    with desk.db.read() as session:
        entry = session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.attendee_id, entry.desk, entry.operator) == (
        "register",
        maria.id,
        "desk-1",
        "anna",
    )
    assert entry.after is not None and entry.after["source"] == "kiosk"


def test_correcting_a_name_is_audited_with_before_and_after(desk: Desk) -> None:
    anna = registered(desk, "comfort", last="Иванва", company="ООО Рога")
    view = edit_attendee(
        desk, anna.code, {"last_name": "Иванова", "company": "ООО «Рога и копыта»"}
    )
    assert view.last_name == "Иванова"
    with desk.db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "edit")).one()
        row = session.get(Attendee, anna.id)
        assert row is not None and row.desk_edited_at is not None
    assert entry.before == {"last_name": "Иванва", "company": "ООО Рога"}
    assert entry.after == {"last_name": "Иванова", "company": "ООО «Рога и копыта»"}
    found = get_by_code(desk, anna.code)
    assert found is not None and found.company == "ООО «Рога и копыта»"


def test_correction_cannot_blank_a_name_or_steal_a_phone(desk: Desk) -> None:
    anna = registered(desk, "comfort", phone="+79140000011")
    registered(desk, "comfort", last="Петров", phone="+79140000012")
    with pytest.raises(ValidationError):
        edit_attendee(desk, anna.code, {"last_name": ""})
    with pytest.raises(DuplicateError):
        edit_attendee(desk, anna.code, {"phone": "8 914 000 00 12"})


def test_a_free_category_with_a_tariff_is_refused_rather_than_guessed(desk: Desk) -> None:
    with pytest.raises(ValidationError, match="либо тариф") as caught:
        register(desk, request(tariff="comfort", category="speaker"))
    assert caught.value.field == "tariff"
