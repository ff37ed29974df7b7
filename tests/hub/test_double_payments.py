"""Money taken twice for one person at two desks without the hub, on a real PostgreSQL hub: the
payment taken first by the desks' clocks counts whatever order the desks send them in, and the
person's record (`kiosk show`), the organiser's list (`kiosk review`) and the day's report say
which desk took the double, how much, when, and whether it is still to give back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.config import Event
from kiosk.db import Database
from kiosk.i18n import speaking
from kiosk.models import PaymentMethod
from kiosk.offline.replica import pull
from kiosk.offline.sync import sync
from kiosk.services.checkin import pay
from kiosk.services.context import Desk
from kiosk.services.replay import Replayed
from kiosk.services.views import AttendeeView
from tests.cli.test_cli import Kiosk
from tests.core.factories import registered
from tests.core.test_offline_sync import offline_desk
from tests.offline_hub import hub, replicas

__all__ = ["hub", "replicas"]

pytestmark = [pytest.mark.postgres]


def paid_twice_later_one_sent_first(
    hub: Desk, replicas: list[Database], event: Event
) -> AttendeeView:
    """Boris pays by card at стойка-1 at 09:14 and in cash at стойка-2 at 09:07, both without
    the hub; стойка-1 sends its payment first."""
    boris = registered(hub, last="Борисов", first="Борис", paid=False)
    for replica in replicas:
        pull(hub.db, replica)
    pay(offline_desk(replicas[0], event, "стойка-1", 9), boris.code, PaymentMethod.CARD)
    pay(offline_desk(replicas[1], event, "стойка-2", 2), boris.code, PaymentMethod.CASH)
    assert sync(hub, replicas[0], "desk-1").outcomes == [Replayed.PAID]
    assert sync(hub, replicas[1], "desk-2").outcomes == [Replayed.EARLIER_PAYMENT]
    return boris


def plain(text: str) -> list[str]:
    return [line.replace("\u202f", " ").replace("\u00a0", " ") for line in text.splitlines()]


COUNTED = {
    "amount": 10000,
    "method": "cash",
    "desk": "стойка-2",
    "operator": "оля",
    "taken_at": "2026-11-28T09:07:00+10:00",
}
DOUBLE = {
    "amount": 10000,
    "method": "card",
    "desk": "стойка-1",
    "operator": "оля",
    "taken_at": "2026-11-28T09:14:00+10:00",
}


def test_show_says_the_later_timed_payment_sent_first_is_the_one_to_refund(
    hub: Desk,
    replicas: list[Database],
    event: Event,
    pg_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    boris = paid_twice_later_one_sent_first(hub, replicas, event)
    kiosk = Kiosk(pg_url, capsys, init=False)
    status, doc = kiosk.json("show", boris.code)
    assert status == 0
    person = doc["attendee"]
    assert (person["amount_paid"], person["amount_due"], person["paid_by"]) == (
        10000,
        0,
        {"cash": 10000},
    )
    assert person["double_payments"] == {
        "counted": [COUNTED],
        "to_refund": [DOUBLE],
        "refunded": [],
    }
    status, out, _err = kiosk("show", boris.code)
    lines = plain(out)
    assert "  Оплачено дважды — засчитано: 10 000 ₽ наличные, стойка-2 28.11 09:07" in lines
    assert f"    вернуть: 10 000 ₽ карта, стойка-1 28.11 09:14 (kiosk refund {boris.code})" in lines
    with speaking("en"):
        status, out, _err = kiosk("show", boris.code)
    lines = plain(out)
    assert "  Paid twice — counted: 10 000 ₽ cash, стойка-2 28.11 09:07" in lines
    assert f"    to refund: 10 000 ₽ card, стойка-1 28.11 09:14 (kiosk refund {boris.code})" in (
        lines
    )


def test_review_and_the_report_list_the_double_payment_and_then_its_refund(
    hub: Desk,
    replicas: list[Database],
    event: Event,
    pg_url: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    boris = paid_twice_later_one_sent_first(hub, replicas, event)
    kiosk = Kiosk(pg_url, capsys, init=False)
    status, doc = kiosk.json("review")
    assert status == 0 and doc["double_payments_refunded"] == []
    (double,) = doc["double_payments"]
    assert double == {
        "code": boris.code,
        "name": "Борисов Борис",
        "company": "",
        **DOUBLE,
        "state": "to_refund",
        "counted": [COUNTED],
    }
    status, out, _err = kiosk("review")
    lines = plain(out)
    assert lines[0].startswith("Оплачено дважды (засчитана оплата, принятая первой")
    assert lines[1:4] == [
        f"{boris.code}  Борисов Борис — засчитано: 10 000 ₽ наличные, стойка-2 28.11 09:07",
        "    вернуть: 10 000 ₽ карта, стойка-1 28.11 09:14",
        "Вернули деньги — отметьте: kiosk refund КОД",
    ]
    status, out, _err = kiosk("report", "--day", "2026-11-28", "-o", str(tmp_path / "r.pdf"))
    lines = plain(out)
    assert "Двойные оплаты, вернуть: 1 на 10 000 ₽" in lines
    assert f"  Борисов Борис ({boris.code}): 10 000 ₽ карта, стойка-1 28.11 09:14" in lines

    status, _doc = kiosk.json("--operator", "аня", "refund", boris.code)
    assert status == 0
    status, doc = kiosk.json("review")
    assert doc["double_payments"] == []
    (given,) = doc["double_payments_refunded"]
    assert (given["state"], given["desk"], given["refunded_desk"], given["refunded_by"]) == (
        "refunded",
        "стойка-1",
        "desk-1",
        "аня",
    )
    status, out, _err = kiosk("review")
    lines = plain(out)
    assert lines[0].startswith("Решать нечего")
    assert re.fullmatch(
        r"    10 000 ₽ карта, стойка-1 28\.11 09:14 — возвращено "
        r"\d\d\.\d\d \d\d:\d\d, desk-1, аня",
        lines[-1],
    ), lines
    status, doc = kiosk.json("show", boris.code)
    refunded = doc["attendee"]["double_payments"]
    assert refunded["to_refund"] == [] and refunded["counted"] == [COUNTED]
    (back,) = refunded["refunded"]
    assert (back["desk"], back["refunded_desk"], back["refunded_by"]) == (
        "стойка-1",
        "desk-1",
        "аня",
    )
    status, out, _err = kiosk("show", boris.code)
    assert any(
        re.fullmatch(r"    возвращено: 10 000 ₽ карта, стойка-1 28\.11 09:14 — .*desk-1, аня", line)
        for line in plain(out)
    ), out
