"""A desk's action that reached the hub, was applied there, and whose answer was lost — then
done again on the desk's replica under the same nonce, as the desk does when it goes offline
with the action in hand: sent from the outbox, it is found applied, and nothing is doubled
(no second payment to refund, no second print, no second walk-in, no duplicate admission, no
undo refused) — for every kind of action the outbox carries."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.config import Event
from kiosk.db import Database
from kiosk.models import (
    AppliedAction,
    Attendee,
    AuditEntry,
    BadgePrint,
    CheckIn,
    OfflineDuplicate,
    Payment,
    PaymentMethod,
    RefusedScan,
)
from kiosk.offline.replica import pull
from kiosk.offline.sync import KINDS, queued, sync
from kiosk.services import lookup, replay_actions, replay_walk_in
from kiosk.services.checkin import check_in, pay, undo_check_in, upgrade
from kiosk.services.context import Desk
from kiosk.services.nonces import APPLIED
from kiosk.services.printing import print_badges
from kiosk.services.registration import (
    PersonInput,
    Registration,
    WalkInResult,
    edit_attendee,
    register_walk_in,
    swap_names,
)
from kiosk.services.replay import KIND_CHECK_IN, Replayed
from tests.conftest import CONFERENCE_MORNING, FixedClock
from tests.core.factories import registered
from tests.core.test_replica import contents
from tests.offline_hub import hub, replica

__all__ = ["hub", "replica"]

pytestmark = [pytest.mark.postgres]

DAY = date(2026, 11, 28)
CASH = PaymentMethod.CASH


def sent_nowhere(*_args: object, **_when: object) -> str:
    return "sent"


def hub_state(hub: Desk) -> dict[str, Any]:
    """Everything an action applied twice would change: people, their money, check-ins,
    prints, duplicates kept apart, and the nonces applied."""
    with hub.db.read() as session:
        return {
            "people": sorted(
                tuple(row)
                for row in session.execute(
                    select(
                        Attendee.badge_code,
                        Attendee.last_name,
                        Attendee.first_name,
                        Attendee.company,
                        Attendee.tariff,
                        Attendee.amount_paid,
                        Attendee.amount_due,
                        Attendee.review,
                    )
                )
            ),
            "payments": sorted(
                tuple(row)
                for row in session.execute(
                    select(Payment.attendee_id, Payment.amount, Payment.refund_due)
                )
            ),
            "checkins": sorted(
                tuple(row) for row in session.execute(select(CheckIn.attendee_id, CheckIn.day))
            ),
            "prints": sorted(session.scalars(select(BadgePrint.attendee_id)).all()),
            "duplicates": sorted(session.scalars(select(OfflineDuplicate.attendee_id)).all()),
            "applied": sorted(session.scalars(select(AppliedAction.nonce)).all()),
            "refused": sorted(
                tuple(row)
                for row in session.execute(
                    select(RefusedScan.attendee_id, RefusedScan.outcome, RefusedScan.scanned)
                )
            ),
        }


def walk_in_request(**fields: Any) -> Registration:
    person = PersonInput(last_name="Пришедшая", first_name="Ольга", phone="+79145550190")
    return Registration(person, tariff="comfort", pay=CASH, consent=True, **fields)


def team_request() -> Registration:
    return Registration(
        PersonInput(last_name="Капитанова", first_name="Ирина", phone="+79145550191"),
        tariff="team",
        team_size=3,
        members=(PersonInput(last_name="Второй", first_name="Пётр"),),
        pay=CASH,
        consent=True,
    )


def attendee_id(desk: Desk, code: str) -> int:
    found = lookup.get_by_code(desk, code)
    assert found is not None
    return found.id


@dataclass(frozen=True)
class Case:
    prepare: Callable[[Desk], str]
    """What the hub holds before: the person acted on (their code), or nobody ("")."""
    act: Callable[[Desk, str], object]
    """The desk's action (its result)."""


def paid(hub: Desk) -> str:
    return registered(hub, last="Платная", first="Анна").code


def unpaid(hub: Desk) -> str:
    return registered(hub, last="Должник", first="Борис", paid=False).code


def nobody(_hub: Desk) -> str:
    return ""


def checked_in(hub: Desk) -> str:
    code = paid(hub)
    check_in(hub, code)
    return code


CASES = {
    "check-in": Case(paid, lambda desk, code: check_in(desk, code)),
    "check-in paid and upgraded": Case(
        unpaid,
        lambda desk, code: check_in(
            desk, "", attendee_id=attendee_id(desk, code), pay=CASH, upgrade_to="package_comfort"
        ),
    ),
    "payment": Case(unpaid, lambda desk, code: pay(desk, code, CASH)),
    "upgrade": Case(paid, lambda desk, code: upgrade(desk, code, "package_comfort", pay=CASH)),
    "badge print": Case(
        paid, lambda desk, code: print_badges(desk, [code], printer="x", sender=sent_nowhere)
    ),
    "undo": Case(checked_in, lambda desk, code: undo_check_in(desk, code, DAY, "не тот")),
    "correction": Case(paid, lambda desk, code: edit_attendee(desk, code, {"company": "Ромашка"})),
    "names swapped": Case(paid, lambda desk, code: swap_names(desk, code)),
    "refused scan": Case(unpaid, lambda desk, code: check_in(desk, code)),
    "refused unknown code": Case(nobody, lambda desk, _code: check_in(desk, "НЕТ-ТАКОГО")),
    "walk-in": Case(lambda _hub: "", lambda desk, _code: register_walk_in(desk, walk_in_request())),
    "team walk-in": Case(
        lambda _hub: "", lambda desk, _code: register_walk_in(desk, team_request())
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_an_action_applied_on_the_hub_whose_answer_was_lost_is_not_applied_again_from_the_outbox(
    hub: Desk, replica: Database, event: Event, case: Case
) -> None:
    code = case.prepare(hub)
    pull(hub.db, replica)
    nonce = str(uuid.uuid4())
    at = CONFERENCE_MORNING + timedelta(minutes=3)
    online = Desk(hub.db, event, name="стойка-1", operator="оля", clock=FixedClock(at))
    offline = Desk(replica, event, name="стойка-1", operator="оля", clock=FixedClock(at))
    on_hub = case.act(online.under(nonce), code)  # applied; the desk never heard back
    applied = hub_state(hub)
    assert applied["applied"]  # recorded under its nonce with the action

    again = case.act(offline.under(nonce), code)  # the same action, decided on the replica
    assert queued(replica, "desk-1")
    result = sync(Desk(hub.db, event, name="стойка-1", clock=hub.clock), replica, "desk-1")

    assert (result.queued, result.conflicts) == (0, 0)
    assert result.sent == len(applied["applied"])
    assert hub_state(hub) == applied  # nothing applied twice
    assert contents(replica) == contents(hub.db)
    if isinstance(on_hub, WalkInResult) and isinstance(again, WalkInResult):
        # The badges printed on the replica show the codes the hub gave.
        assert [a.code for a in again.attendees] == [a.code for a in on_hub.attendees]


def test_without_its_nonce_the_same_action_from_the_outbox_would_be_applied_twice(
    hub: Desk, replica: Database, event: Event
) -> None:
    """What the nonce prevents: a payment redone offline under another nonce is money taken
    twice (flagged to be refunded)."""
    code = unpaid(hub)
    pull(hub.db, replica)
    at = CONFERENCE_MORNING + timedelta(minutes=3)
    pay(
        Desk(hub.db, event, name="стойка-1", clock=FixedClock(at)).under(str(uuid.uuid4())),
        code,
        CASH,
    )
    offline = Desk(replica, event, name="стойка-1", clock=FixedClock(at))
    pay(offline.under(str(uuid.uuid4())), code, CASH)
    result = sync(Desk(hub.db, event, name="стойка-1", clock=hub.clock), replica, "desk-1")
    assert result.outcomes == [Replayed.DOUBLE_PAYMENT]
    assert [refund for _who, _amount, refund in hub_state(hub)["payments"]] == [False, True]


def test_each_change_of_an_action_has_a_nonce_of_its_own_in_its_audit_entry_and_on_the_hub(
    hub: Desk, event: Event
) -> None:
    desk = Desk(hub.db, event, name="стойка-1", operator="оля", clock=hub.clock)
    team = register_walk_in(desk.under(str(uuid.uuid4())), team_request())
    assert len(team.attendees) == 3
    with hub.db.read() as session:
        kinds = sorted(
            (row.kind, row.offline, row.desk, row.result["outcome"])  # type: ignore[index]
            for row in session.scalars(select(AppliedAction))
        )
        stamped = {
            entry.after["nonce"]  # type: ignore[index]
            for entry in session.scalars(select(AuditEntry))
            if entry.after and "nonce" in entry.after
        }
        nonces = set(session.scalars(select(AppliedAction.nonce)))
    # Three walk-ins, each paid (the team's tariff is per member), each let in for the day.
    assert kinds == sorted(
        [("walk_in", False, "стойка-1", "registered")] * 3
        + [("payment", False, "стойка-1", "paid")] * 3
        + [("check_in", False, "стойка-1", "admitted")] * 3
    )
    assert stamped == nonces and len(nonces) == 9


def test_a_desk_of_its_own_records_no_nonces(hub: Desk) -> None:
    code = unpaid(hub)
    pay(hub, code, CASH)
    check_in(hub, code)
    assert hub_state(hub)["applied"] == []


def test_every_kind_the_outbox_carries_is_recorded_online_as_its_replay_records_it() -> None:
    assert set(APPLIED) == set(KINDS)
    replay_kinds = {
        KIND_CHECK_IN,
        replay_actions.KIND_PAYMENT,
        replay_actions.KIND_UPGRADE,
        replay_actions.KIND_PRINT,
        replay_actions.KIND_PRINT_FAILED,
        replay_actions.KIND_UNDO,
        replay_actions.KIND_CORRECTION,
        replay_walk_in.KIND_WALK_IN,
        replay_actions.KIND_REFUSAL,
    }
    assert {kind for kind, _outcome in APPLIED.values()} == replay_kinds
    for _kind, outcome in APPLIED.values():
        Replayed(outcome)  # a value the replay answers with
