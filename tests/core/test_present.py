"""How the desk words money, counts, tickets and payments, in both languages."""

from __future__ import annotations

import pytest

from kiosk.config import Event
from kiosk.i18n import set_language
from kiosk.present import (
    money,
    of_total,
    outcome,
    payment_methods,
    payment_state,
    percent,
    plural,
    tariff_title,
    times,
)


@pytest.mark.parametrize(
    ("count", "word"),
    [
        (1, "раз"),
        (2, "раза"),
        (4, "раза"),
        (5, "раз"),
        (11, "раз"),
        (12, "раз"),
        (21, "раз"),
        (22, "раза"),
        (111, "раз"),
        (104, "раза"),
    ],
)
def test_russian_plural_forms_follow_the_last_digits(count: int, word: str) -> None:
    assert plural(count, "раз", "раза", "раз") == word


def test_times_reads_naturally_in_both_languages() -> None:
    assert times(2) == "2 раза"
    set_language("en")
    assert times(1) == "1 time"
    assert times(3) == "3 times"


def test_money_groups_thousands_and_keeps_the_rouble_sign_with_the_number() -> None:
    assert money(16_000) == "16\u202f000\u00a0₽"
    assert money(0) == "0\u00a0₽"
    assert money(-500) == "−500\u00a0₽"


def test_an_invoice_is_not_called_paid() -> None:
    state = payment_state(
        status="active", price=16_000, amount_paid=16_000, amount_due=0, method="invoice"
    )
    assert state == "счёт выставлен: 16\u202f000\u00a0₽"
    assert "оплачено" not in state


def test_payment_states_for_due_paid_free_and_cancelled() -> None:
    common = {"price": 16_000, "method": "card"}
    assert payment_state(status="active", amount_paid=0, amount_due=16_000, **common).startswith(
        "к оплате"
    )
    assert payment_state(status="active", amount_paid=16_000, amount_due=0, **common).endswith(
        "(карта)"
    )
    assert payment_state(status="active", price=0, amount_paid=0, amount_due=0, method=None) == (
        "бесплатно"
    )
    assert "отменена" in payment_state(status="cancelled", amount_paid=0, amount_due=0, **common)


def paid(paid_by: tuple[tuple[str, int], ...], amount_paid: int = 27_900) -> str:
    return payment_state(
        status="active",
        price=amount_paid,
        amount_paid=amount_paid,
        amount_due=0,
        method=paid_by[-1][0],
        paid_by=paid_by,
    )


def test_money_taken_in_two_ways_names_both_in_the_order_taken() -> None:
    assert (
        paid((("cash", 16_000), ("card", 11_900)))
        == "оплачено 27\u202f900\u00a0₽ (наличные + карта)"
    )
    from kiosk.services.views import paid_by

    twice_by_card = paid_by([("card", 16_000, False), ("card", 11_900, False)])
    assert paid(twice_by_card).endswith("(карта)")
    to_give_back = paid_by([("cash", 16_000, False), ("card", 16_000, True)])
    assert paid(to_give_back, amount_paid=16_000).endswith("(наличные)")


def test_money_paid_before_the_event_and_an_upgrade_at_the_desk_both_show() -> None:
    # Imported as paid online (no payment at a desk), then an upgrade paid by card.
    assert paid((("card", 11_900),)).endswith("(заранее + карта)")


def test_an_invoiced_part_is_not_called_paid() -> None:
    assert paid((("invoice", 16_000), ("cash", 11_900))) == (
        "оплачено 11\u202f900\u00a0₽ (наличные), счёт выставлен: 16\u202f000\u00a0₽"
    )
    assert paid((("invoice", 16_000),), amount_paid=16_000) == "счёт выставлен: 16\u202f000\u00a0₽"


def test_the_ways_of_paying_in_english() -> None:
    set_language("en")
    assert paid((("cash", 16_000), ("card", 11_900))).endswith("(cash + card)")
    assert payment_methods((("card", 11_900),), amount_paid=27_900) == "in advance + card"


def test_a_free_category_is_named_without_a_price(event: Event) -> None:
    assert tariff_title(event, "speaker", None) == "Спикер"
    set_language("en")
    assert tariff_title(event, "speaker", None) == "Speaker"


def test_a_share_is_a_whole_percent_with_a_no_break_space() -> None:
    assert percent(6, 9) == "67\u00a0%"
    assert percent(0, 0) == "—"
    assert of_total(6, 9) == "6 из 9 (67\u00a0%)"
    set_language("en")
    assert of_total(1, 4) == "1 of 4 (25\u00a0%)"


def test_refusals_are_named_in_a_few_words() -> None:
    assert outcome("unpaid") == "не оплачено"
    assert outcome("unknown_code") == "код не найден"
    set_language("en")
    assert outcome("not_entitled") == "not entitled that day"
