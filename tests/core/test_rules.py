"""The entry decision for every tariff × day × state, with a fixed clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kiosk.config import PARTICIPANT, Event
from kiosk.rules import EntryState, FirstEntry, Outcome, decide

TRAINING = date(2026, 11, 27)
CONFERENCE = date(2026, 11, 28)
AT_0905_CONFERENCE = datetime(2026, 11, 27, 23, 5, tzinfo=UTC)
AT_0930_TRAINING = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)

CONFERENCE_ONLY = ("premium", "comfort", "team")
BOTH_DAYS = ("package_premium", "package_comfort")
CATEGORIES = ("speaker", "organizer", "partner", "press")


def state(
    tariff: str | None = "comfort",
    *,
    category: str = PARTICIPANT,
    due: int = 0,
    status: str = "active",
    entries: dict[date, FirstEntry] | None = None,
) -> EntryState:
    return EntryState(category, tariff, status, due, entries or {})


@pytest.mark.parametrize("tariff", CONFERENCE_ONLY + BOTH_DAYS)
def test_paid_tariff_holder_is_checked_in_on_the_conference_day(event: Event, tariff: str) -> None:
    assert decide(state(tariff), event, now=AT_0905_CONFERENCE).outcome is Outcome.CHECKED_IN


@pytest.mark.parametrize("tariff", BOTH_DAYS)
def test_package_holder_is_checked_in_on_the_training_day(event: Event, tariff: str) -> None:
    assert decide(state(tariff), event, now=AT_0930_TRAINING).outcome is Outcome.CHECKED_IN


@pytest.mark.parametrize("tariff", CONFERENCE_ONLY)
def test_conference_only_ticket_does_not_open_the_training_day(event: Event, tariff: str) -> None:
    decision = decide(state(tariff), event, now=AT_0930_TRAINING)
    assert decision.outcome is Outcome.NOT_ENTITLED
    assert decision.upgrades, "the desk must be offered an upgrade"
    assert all(u.tariff.includes(TRAINING) for u in decision.upgrades)


def test_comfort_on_training_day_is_offered_the_comfort_package_for_10700(event: Event) -> None:
    decision = decide(state("comfort"), event, now=AT_0930_TRAINING)
    assert (decision.upgrades[0].tariff.code, decision.upgrades[0].difference) == (
        "package_comfort",
        10700,
    )


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("now", [AT_0930_TRAINING, AT_0905_CONFERENCE])
def test_free_categories_enter_on_every_day(event: Event, category: str, now: datetime) -> None:
    decision = decide(state(None, category=category), event, now=now)
    assert decision.outcome is Outcome.CHECKED_IN


@pytest.mark.parametrize("tariff", CONFERENCE_ONLY + BOTH_DAYS)
def test_unpaid_holder_is_stopped_with_the_amount_due(event: Event, tariff: str) -> None:
    decision = decide(state(tariff, due=8000), event, now=AT_0905_CONFERENCE)
    assert decision.outcome is Outcome.UNPAID
    assert decision.amount_due == 8000


def test_not_entitled_comes_before_unpaid(event: Event) -> None:
    decision = decide(state("comfort", due=10000), event, now=AT_0930_TRAINING)
    assert decision.outcome is Outcome.NOT_ENTITLED


@pytest.mark.parametrize("tariff", CONFERENCE_ONLY + BOTH_DAYS + (None,))
def test_cancelled_registration_is_refused_whatever_the_tariff(
    event: Event, tariff: str | None
) -> None:
    decision = decide(state(tariff, status="cancelled"), event, now=AT_0905_CONFERENCE)
    assert decision.outcome is Outcome.CANCELLED


def test_second_scan_on_same_day_reports_first_time_and_desk(event: Event) -> None:
    first = FirstEntry(datetime(2026, 11, 27, 23, 7, tzinfo=UTC), "desk-2")
    decision = decide(state("comfort", entries={CONFERENCE: first}), event, now=AT_0905_CONFERENCE)
    assert decision.outcome is Outcome.ALREADY_CHECKED_IN
    assert decision.first_entry == first


def test_check_in_on_the_training_day_does_not_count_for_the_conference(event: Event) -> None:
    first = FirstEntry(datetime(2026, 11, 26, 23, 0, tzinfo=UTC), "desk-1")
    decision = decide(
        state("package_comfort", entries={TRAINING: first}), event, now=AT_0905_CONFERENCE
    )
    assert decision.outcome is Outcome.CHECKED_IN


def test_unknown_code_has_no_state(event: Event) -> None:
    assert decide(None, event, now=AT_0905_CONFERENCE).outcome is Outcome.UNKNOWN_CODE


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 11, 26, 13, 59, tzinfo=UTC),  # 23:59 on the 26th at the venue
        datetime(2026, 11, 28, 14, 0, tzinfo=UTC),  # 00:00 on the 29th at the venue
    ],
)
def test_outside_the_event_days_nobody_is_checked_in(event: Event, now: datetime) -> None:
    assert decide(state("package_premium"), event, now=now).outcome is Outcome.NOT_AN_EVENT_DAY


def test_the_day_is_the_venue_date_not_utc(event: Event) -> None:
    # 23:05 UTC on the 27th: in UTC still the training day; at the venue, the conference.
    decision = decide(state("comfort"), event, now=AT_0905_CONFERENCE)
    assert decision.day == CONFERENCE
    assert decision.outcome is Outcome.CHECKED_IN


def test_an_explicit_day_overrides_the_clock(event: Event) -> None:
    decision = decide(state("comfort"), event, now=AT_0905_CONFERENCE, day=TRAINING)
    assert decision.outcome is Outcome.NOT_ENTITLED


def test_unknown_tariff_in_the_database_opens_no_day(event: Event) -> None:
    assert decide(state("vip"), event, now=AT_0905_CONFERENCE).outcome is Outcome.NOT_ENTITLED
