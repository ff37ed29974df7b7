"""The organiser's figures, checked against a morning built in the test: arrivals at known
times at three desks, payments in cash, by card and by invoice, an upgrade, refused scans."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from kiosk.models import PaymentMethod
from kiosk.services import contacts, printing
from kiosk.services.checkin import check_in, pay
from kiosk.services.context import Desk
from kiosk.services.duplicates import offline_duplicates
from kiosk.services.errors import ValidationError
from kiosk.services.refunds import mark_refunded
from kiosk.services.registration import Registration, edit_attendee, register
from kiosk.services.replay import OfflineCheckIn, replay_check_in
from kiosk.services.replay_actions import OfflinePayment, replay_payment
from kiosk.services.stats import data_version
from kiosk.services.summary import arrival_bins, day_summary, summary_json
from tests.conftest import CONFERENCE_MORNING, FixedClock
from tests.core.factories import person, registered
from tests.core.morning import Morning, at, build_morning

CONFERENCE = date(2026, 11, 28)
TRAINING = date(2026, 11, 27)


@pytest.fixture
def morning(desk: Desk, clock: FixedClock) -> Morning:
    return build_morning(desk, clock)


def test_arrived_expected_and_still_to_come_for_the_day(morning: Morning) -> None:
    summary = day_summary(morning.desk1, CONFERENCE)
    assert (summary.expected, summary.arrived, summary.still_to_come) == (9, 6, 3)
    assert (summary.arrived_without_time, summary.entered_afterwards) == (1, 1)
    assert summary.cancelled == 1


def test_figures_by_tariff_and_by_category(morning: Morning) -> None:
    summary = day_summary(morning.desk1, CONFERENCE)
    assert [(g.key, g.expected, g.arrived) for g in summary.by_tariff] == [
        ("premium", 2, 1),
        ("comfort", 4, 3),
        ("package_comfort", 2, 1),
    ]
    assert [(g.key, g.expected, g.arrived) for g in summary.by_category] == [
        ("participant", 8, 5),
        ("speaker", 1, 1),
    ]
    assert [g.title for g in summary.by_category] == ["Участники", "Спикер"]


def test_the_missing_are_the_expected_not_arrived_in_russian_order(morning: Morning) -> None:
    summary = day_summary(morning.desk1, CONFERENCE)
    # Ёлкина sorts with Е: Дмитриев, Ёлкина, Ершов.
    assert [p.last_name for p in summary.missing] == ["Дмитриев", "Ёлкина", "Ершов"]
    assert summary.missing[0].phone == morning.people["D"].phone
    assert summary.missing[1].tariff == "package_comfort"


def test_arrivals_per_five_minutes_from_the_first_arrival_to_now(morning: Morning) -> None:
    bins = day_summary(morning.desk1, CONFERENCE).arrivals
    assert bins[0].start == at(8, 50)
    assert bins[-1].start == at(11, 0)
    assert len(bins) == 27
    counted = [(b.start, b.count, b.cumulative) for b in bins if b.count]
    assert counted == [
        (at(8, 50), 1, 1),
        (at(8, 55), 1, 2),
        (at(9, 0), 1, 3),
        (at(9, 5), 1, 4),
        (at(9, 10), 1, 5),
    ]
    assert bins[-1].cumulative == 5  # the arrival without a time is not on the chart


def test_a_past_day_is_charted_to_its_last_arrival_and_the_programme_start(
    desk: Desk, clock: FixedClock
) -> None:
    event = desk.event
    bins = arrival_bins(event, TRAINING, [at(9, 41, TRAINING)], now=at(12, 0))
    assert (bins[0].start, bins[-1].start) == (at(9, 40, TRAINING), at(10, 0, TRAINING))
    assert arrival_bins(event, TRAINING, [], now=at(12, 0)) == ()


def test_people_per_hour_at_each_desk_and_the_kiosk(morning: Morning) -> None:
    desks = {d.desk: d for d in day_summary(morning.desk1, CONFERENCE).desks}
    assert set(desks) == {"desk-1", "desk-2", "kiosk"}
    assert (desks["desk-1"].checkins, desks["desk-1"].per_hour) == (3, ((8, 1), (9, 1)))
    assert (desks["desk-2"].checkins, desks["desk-2"].per_hour) == (2, ((8, 1), (9, 1)))
    assert desks["kiosk"].per_hour == ((9, 1),)
    assert (desks["desk-1"].first_at, desks["desk-1"].last_at) == (at(8, 52), at(9, 7))


def test_cash_per_desk_is_what_the_drawer_holds_and_an_invoice_is_not_money_taken(
    morning: Morning,
) -> None:
    summary = day_summary(morning.desk1, CONFERENCE)
    money = {m.name: (m.cash, m.card, m.invoice, m.taken) for m in summary.money_by_desk}
    assert money == {
        "desk-1": (10_000, 0, 10_000, 10_000),
        "desk-2": (10_700, 16_000, 0, 26_700),
    }
    operators = {m.name: (m.cash, m.card, m.invoice) for m in summary.money_by_operator}
    assert operators == {"anna": (10_000, 0, 10_000), "boris": (10_700, 16_000, 0)}
    total = summary.money
    assert (total.cash, total.card, total.taken, total.invoice) == (20_700, 16_000, 36_700, 10_000)


def test_payments_of_other_days_are_not_counted(morning: Morning) -> None:
    # The card payments at the registrations a week before.
    summary = day_summary(morning.desk1, CONFERENCE)
    assert [(p.at, p.method, p.amount) for p in summary.payments] == [
        (at(9, 7), "cash", 10_000),
        (at(9, 13), "card", 16_000),
        (at(10, 5), "invoice", 10_000),
        (at(10, 20), "cash", 10_700),
    ]


def test_money_taken_with_a_back_dated_check_in_counts_on_the_day_served(
    desk: Desk, clock: FixedClock
) -> None:
    clock.now = at(10, 0, date(2026, 11, 20))
    unpaid = registered(desk, "comfort", last="Позднов", paid=False)
    upgraded = registered(desk, "comfort", last="Доплатова", paid=True)
    clock.now = at(16, 0, date(2026, 12, 2))  # typed in days after the event
    check_in(desk, unpaid.code, at=at(10, 0), pay=PaymentMethod.CASH)
    check_in(
        desk,
        upgraded.code,
        day=CONFERENCE,
        upgrade_to="package_comfort",
        pay=PaymentMethod.CARD,
    )
    summary = day_summary(desk, CONFERENCE)
    assert [(p.method, p.amount) for p in summary.payments] == [("cash", 10_000), ("card", 10_700)]
    assert (summary.money.cash, summary.money.card) == (10_000, 10_700)
    assert [u.code for u in summary.upgrades] == [upgraded.code]
    assert day_summary(desk, TRAINING).payments == ()
    assert day_summary(desk, TRAINING).upgrades == ()


def test_invoices_are_listed_apart(morning: Morning) -> None:
    summary = day_summary(morning.desk1, CONFERENCE)
    [invoice] = summary.invoices
    assert (invoice.name, invoice.amount, invoice.desk) == ("Ершов Иван", 10_000, "desk-1")
    # Once: not among the payments of money taken, nor counted as one.
    assert [p.method for p in summary.taken] == ["cash", "card", "cash"]
    desk1 = next(m for m in summary.money_by_desk if m.name == "desk-1")
    assert (desk1.payments, desk1.invoices) == (1, 1)
    assert (summary.money.payments, summary.money.invoices) == (3, 1)


def test_upgrades_sold_with_the_tariffs_and_the_difference(morning: Morning) -> None:
    summary = day_summary(morning.desk1, CONFERENCE)
    [sold] = summary.upgrades
    assert (sold.from_tariff, sold.to_tariff, sold.difference) == (
        "comfort",
        "package_comfort",
        10_700,
    )
    assert (sold.desk, sold.operator, sold.code) == ("desk-2", "boris", morning.people["C"].code)
    assert summary.upgrades_total == 10_700


def test_refused_scans_of_the_day_say_who_why_where_and_whether_they_got_in(
    morning: Morning,
) -> None:
    refusals = day_summary(morning.desk1, CONFERENCE).refusals
    assert [(r.outcome, r.desk, r.at, r.admitted_later) for r in refusals] == [
        ("unpaid", "desk-2", at(9, 12), True),
        ("unknown_code", "desk-1", at(9, 40), False),
    ]
    assert refusals[0].name == "Гусева Иван"
    assert (refusals[0].entered_at, refusals[1].entered_at) == (at(9, 13), None)
    assert (refusals[1].code, refusals[1].name) == ("ZZZZ-ZZZZ-ZZZZ", "")


def test_the_event_as_a_whole(morning: Morning) -> None:
    summary = day_summary(morning.desk1, CONFERENCE)
    assert [(d.day, d.expected, d.arrived) for d in summary.days] == [
        (TRAINING, 3, 0),  # the package holders and the speaker
        (CONFERENCE, 9, 6),
    ]
    assert (summary.people, summary.people_arrived) == (9, 6)


def test_the_json_figures_hold_the_same_numbers_and_no_personal_data(morning: Morning) -> None:
    summary = day_summary(morning.desk1, CONFERENCE)
    doc = summary_json(summary, morning.desk1.event)
    assert (doc["expected"], doc["arrived"], doc["no_shows"], doc["share"]) == (9, 6, 3, 0.6667)
    assert doc["by_tariff"]["comfort"] == {
        "title": "Комфорт",
        "expected": 4,
        "arrived": 3,
        "missing": 1,
        "share": 0.75,
    }
    assert doc["money"]["by_desk"]["desk-2"]["taken"] == 26_700
    assert doc["money"]["total"]["invoice"] == 10_000
    assert doc["desks"]["desk-1"]["per_hour"] == {"08:00": 1, "09:00": 1}
    assert doc["arrivals"][0] == {"start": "2026-11-28T08:50:00+10:00", "count": 1, "cumulative": 1}
    assert doc["refused_scans"] == {"unpaid": 1, "unknown_code": 1}
    assert doc["opens"] == "09:00"
    text = str(doc)
    for who in morning.people.values():
        assert who.last_name not in text and (who.phone or "") not in text


def test_the_data_version_moves_with_every_write(morning: Morning, clock: FixedClock) -> None:
    before = data_version(morning.desk1)
    assert data_version(morning.desk1) == before
    check_in(morning.desk2, morning.people["D"].code)
    after_checkin = data_version(morning.desk1)
    assert after_checkin != before
    check_in(morning.desk2, "NOPE-NOPE-NOPE")
    assert data_version(morning.desk1) != after_checkin


# ---- what needs a decision -----------------------------------------------------------------


def test_people_sharing_a_phone_are_listed_as_pairs(desk: Desk) -> None:
    smirnov = registered(desk, last="Смирнов", first="Сергей")
    smirnova = registered(desk, last="Смирнова", first="Елена")
    with desk.db.write() as session:
        contacts.add_links(session, [(smirnov.id, smirnova.id, "phone")], desk)
    [pair] = day_summary(desk, CONFERENCE).decisions.shared_contacts
    assert (pair.kind, pair.first.name, pair.second.name) == (
        "phone",
        "Смирнов Сергей",
        "Смирнова Елена",
    )


def test_unnamed_team_seats_are_listed(desk: Desk) -> None:
    register(
        desk,
        Registration(person=person("Командиров", "Олег"), tariff="team", team_size=3, consent=True),
    )
    seats = day_summary(desk, CONFERENCE).decisions.unnamed_seats
    assert [s.name for s in seats] == [
        "Участник 2 команда Командиров",
        "Участник 3 команда Командиров",
    ]


def test_a_badge_printed_before_a_correction_is_out_of_date(desk: Desk) -> None:
    anna = registered(desk, last="Печатная", first="Анна")
    other = registered(desk, last="Верная", first="Вера")
    for someone in (anna, other):
        printing.print_badges(
            desk, [someone.code], printer="pdf:x", sender=lambda pdf, p, j, **_when: "nowhere"
        )
    edit_attendee(desk, anna.code, {"company": "Новая компания"})
    stale = day_summary(desk, CONFERENCE).decisions.badges_out_of_date
    assert [(p.name, p.company) for p in stale] == [("Печатная Анна", "Новая компания")]
    assert day_summary(desk, CONFERENCE).decisions.count == 1


def test_a_payment_taken_offline_from_someone_who_had_paid_is_listed_to_refund(
    desk: Desk,
) -> None:
    boris = registered(desk, last="Двойной", first="Борис", paid=False, company="Ромашка")
    pay(desk, boris.code, PaymentMethod.CARD)
    taken = CONFERENCE_MORNING + timedelta(minutes=2)
    replay_payment(
        desk,
        OfflinePayment(str(uuid.uuid4()), boris.code, 10000, "cash", CONFERENCE, taken, "ст-2", ""),
    )
    decisions = day_summary(desk, CONFERENCE).decisions
    [double] = decisions.double_payments
    assert (double.person.name, double.person.company, double.amount, double.method) == (
        "Двойной Борис",
        "Ромашка",
        10000,
        "cash",
    )
    assert (double.desk, double.taken_at, decisions.count, decisions.to_refund) == (
        "ст-2",
        taken,
        1,
        10000,
    )
    figures = summary_json(day_summary(desk, CONFERENCE), desk.event)["decisions"]
    assert (figures["double_payments"], figures["to_refund"]) == (1, 10000)


def test_a_double_payment_given_back_is_listed_as_given_back_with_when_where_and_by_whom(
    desk: Desk, clock: FixedClock
) -> None:
    boris = registered(desk, last="Двойной", first="Борис", paid=False)
    pay(desk, boris.code, PaymentMethod.CARD)
    for minutes, method in ((2, "cash"), (3, "card")):  # taken twice more at two offline desks
        replay_payment(
            desk,
            OfflinePayment(
                str(uuid.uuid4()),
                boris.code,
                10000,
                method,
                CONFERENCE,
                CONFERENCE_MORNING + timedelta(minutes=minutes),
                "ст-2",
                "",
            ),
        )
    cash, card = day_summary(desk, CONFERENCE).decisions.double_payments
    clock.now = CONFERENCE_MORNING + timedelta(hours=1)

    given = mark_refunded(desk, boris.code, cash.payment_id)

    assert (given.amount, given.desk, given.operator, given.at) == (
        10000,
        "desk-1",
        "anna",
        clock.now,
    )
    decisions = day_summary(desk, CONFERENCE).decisions
    assert [d.payment_id for d in decisions.double_payments] == [card.payment_id]  # still owed
    (back,) = decisions.refunds_given
    assert (back.payment_id, back.method, back.refunded_at) == (cash.payment_id, "cash", clock.now)
    assert (back.refunded_desk, back.refunded_by) == ("desk-1", "anna")
    assert (decisions.count, decisions.to_refund, decisions.refunded) == (1, 10000, 10000)
    with pytest.raises(ValidationError, match="уже возвращены"):
        mark_refunded(desk, boris.code, cash.payment_id)
    mark_refunded(desk, boris.code)  # the rest of what he is owed
    decisions = day_summary(desk, CONFERENCE).decisions
    assert (decisions.double_payments, len(decisions.refunds_given)) == ((), 2)
    assert (decisions.count, decisions.to_refund, decisions.refunded) == (0, 0, 20000)
    figures = summary_json(day_summary(desk, CONFERENCE), desk.event)["decisions"]
    assert (figures["double_payments"], figures["refunds_given"], figures["refunded"]) == (
        0,
        2,
        20000,
    )


def offline_admission(code: str, minutes: int, desk: str) -> OfflineCheckIn:
    at = CONFERENCE_MORNING + timedelta(minutes=minutes)
    return OfflineCheckIn(uuid.uuid4().hex, code, CONFERENCE, at, at, desk, "оля")


def test_admissions_set_aside_as_offline_duplicates_are_listed_with_the_one_that_counted(
    desk: Desk,
) -> None:
    anna = registered(desk, last="Аннина", first="Анна", company="Ромашка")
    replay_check_in(desk, offline_admission(anna.code, 9, "стойка-1"))
    replay_check_in(desk, offline_admission(anna.code, 2, "стойка-2"))  # earlier: it counts
    replay_check_in(desk, offline_admission(anna.code, 30, "стойка-3"))
    summary = day_summary(desk, CONFERENCE)
    [group] = summary.decisions.offline_duplicates
    assert (group.person.id, group.person.name, group.person.company, group.day) == (
        anna.id,
        "Аннина Анна",
        "Ромашка",
        CONFERENCE,
    )
    assert group.counted is not None
    assert (group.counted.desk, group.counted.at) == (
        "стойка-2",
        CONFERENCE_MORNING + timedelta(minutes=2),
    )
    assert [(a.desk, a.at) for a in group.set_aside] == [
        ("стойка-1", CONFERENCE_MORNING + timedelta(minutes=9)),
        ("стойка-3", CONFERENCE_MORNING + timedelta(minutes=30)),
    ]
    assert summary.arrived == 1 and summary.decisions.count == 1
    assert offline_duplicates(desk) == summary.decisions.offline_duplicates
    figures = summary_json(summary, desk.event)["decisions"]
    assert figures["offline_duplicates"] == 1


def double_paid_and_half_given_back(desk: Desk, clock: FixedClock) -> None:
    """Борис paid by card at desk-1, then 10 000 ₽ in cash and 10 000 ₽ by card at an offline
    desk «ст-2» (both flagged to refund); an hour later desk-1 gives the cash back."""
    boris = registered(desk, last="Двойной", first="Борис", paid=False)
    pay(desk, boris.code, PaymentMethod.CARD)
    for minutes, method in ((2, "cash"), (3, "card")):
        replay_payment(
            desk,
            OfflinePayment(
                str(uuid.uuid4()),
                boris.code,
                10000,
                method,
                CONFERENCE,
                CONFERENCE_MORNING + timedelta(minutes=minutes),
                "ст-2",
                "",
            ),
        )
    cash, _card = day_summary(desk, CONFERENCE).decisions.double_payments
    clock.now = CONFERENCE_MORNING + timedelta(hours=1)
    mark_refunded(desk, boris.code, cash.payment_id)


def test_money_given_back_is_taken_off_the_desk_that_gave_it_on_that_day(
    desk: Desk, clock: FixedClock
) -> None:
    double_paid_and_half_given_back(desk, clock)
    summary = day_summary(desk, CONFERENCE)
    by_desk = {m.name: m for m in summary.money_by_desk}
    assert (by_desk["desk-1"].refunded, by_desk["desk-1"].refunded_cash) == (10000, 10000)
    assert by_desk["desk-1"].drawer == by_desk["desk-1"].cash - 10000
    assert by_desk["ст-2"].refunded == 0  # taken there, given back elsewhere
    total = summary.money
    assert (total.refunded, total.kept) == (10000, total.taken - 10000)
    assert {m.name: m.refunded for m in summary.money_by_operator}["anna"] == 10000
    money = summary_json(summary, desk.event)["money"]
    assert (money["total"]["refunded"], money["by_desk"]["desk-1"]["refunded_cash"]) == (
        10000,
        10000,
    )
    # Given back on another day: not this day's.
    assert day_summary(desk, date(2026, 11, 27)).money.refunded == 0
