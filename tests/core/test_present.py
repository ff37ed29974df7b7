"""How the desk words money, counts, tickets and payments, in both languages."""

from __future__ import annotations

import pytest

from kiosk.config import Event
from kiosk.i18n import set_language
from kiosk.present import (
    money,
    of_total,
    outcome,
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
