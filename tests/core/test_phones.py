"""Phones: every way people write a Russian number becomes one E.164 form; foreign ones are kept."""

from __future__ import annotations

import pytest

from kiosk.i18n import set_language
from kiosk.phones import (
    InvalidPhone,
    find_phones,
    format_phone,
    kept_phones,
    normalize_phone,
    phone_query,
)


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("8 914 700 80 90", "+79147008090"),
        ("8-914-700-80-90", "+79147008090"),
        ("8.914.700.80.90", "+79147008090"),
        ("+7 924 555-12-12", "+79245551212"),
        ("+7 (924) 555 12 12", "+79245551212"),
        ("7 914 700 80 90", "+79147008090"),
        ("9147008090", "+79147008090"),
        ("  89147008090 ", "+79147008090"),
        ("8 914 700–80–90", "+79147008090"),
        ("+8 914 700-80-90", "+79147008090"),
    ],
)
def test_russian_mobile_numbers_in_any_notation_normalise(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("8(423)200-11-22", "+74232001122"),
        ("8 (423) 239-09-49", "+74232390949"),
        ("+7 (423) 239-09-49", "+74232390949"),
        ("4232390949", "+74232390949"),
        ("8 (495) 123-45-67", "+74951234567"),
        ("8 800 123-45-67", "+78001234567"),
    ],
)
def test_russian_landlines_and_free_numbers_normalise(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+1 650 253 0000", "+16502530000"),
        ("+86 138 0013 8000", "+8613800138000"),
        ("+82 10-1234-5678", "+821012345678"),
        ("00 1 650 253 0000", "+16502530000"),
        ("8 10 86 138 0013 8000", "+8613800138000"),
    ],
)
def test_foreign_numbers_keep_their_country(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164


def test_another_default_region_reads_national_numbers_as_its_own() -> None:
    assert normalize_phone("(650) 253-0000", region="US") == "+16502530000"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "abc",
        "123",
        "+7 999",
        "1" * 40,
        "8 914 700 80 90 доб. 12",
        "8914700809",
        "+7 (100) 123-45-67",
        "89147008090, 89241234567",
        "7+9147008090",
        "+7 914 700 80 90 0",
    ],
)
def test_what_is_not_a_phone_number_is_rejected(raw: str) -> None:
    with pytest.raises(InvalidPhone):
        normalize_phone(raw)


def test_invalid_phone_says_what_was_wrong_in_russian_by_default() -> None:
    with pytest.raises(InvalidPhone, match="Телефон «abc» не похож на номер телефона") as error:
        normalize_phone(" abc ")
    assert error.value.raw == " abc "


def test_invalid_phone_speaks_english_when_asked() -> None:
    set_language("en")
    try:
        with pytest.raises(InvalidPhone, match='The phone "abc" does not look like a phone'):
            normalize_phone("abc")
    finally:
        set_language(None)


def test_invalid_phone_is_a_value_error() -> None:
    assert issubclass(InvalidPhone, ValueError)


def test_russian_numbers_display_in_the_familiar_grouping() -> None:
    assert format_phone("+79147008090") == "+7 914 700-80-90"
    assert format_phone("+74232390949") == "+7 423 239-09-49"


def test_russian_mobiles_display_as_phonenumbers_formats_them() -> None:
    # format_phone writes +79… numbers itself, without loading phonenumbers: the same text.
    import random

    import phonenumbers

    rng = random.Random(17)
    for _ in range(2_000):
        e164 = "+79" + "".join(rng.choice("0123456789") for _ in range(9))
        number = phonenumbers.parse(e164, None)
        expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        assert format_phone(e164) == expected


def test_foreign_numbers_display_internationally() -> None:
    assert format_phone("+16502530000") == "+1 650-253-0000"


def test_unreadable_stored_value_displays_as_is() -> None:
    assert format_phone("не номер") == "не номер"


def test_a_whole_number_query_gives_its_e164_and_digits() -> None:
    assert phone_query("8 914 700-80-90") == ("+79147008090", "89147008090")


def test_a_tail_of_a_number_gives_only_its_digits() -> None:
    assert phone_query("80-90") == (None, "8090")
    assert phone_query("(914) 700") == (None, "914700")


@pytest.mark.parametrize("text", ["", "123", "12-3", "Тютин", "7KQ2-M9XD-H3TR", "a.b@c.ru 1234"])
def test_text_that_is_not_a_phone_gives_no_phone_query(text: str) -> None:
    assert phone_query(text) == (None, None)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("8 914 600 00 05 8 914 600 00 55", ["+79146000005", "+79146000055"]),
        ("89146000005 89146000055", ["+79146000005", "+79146000055"]),
        ("+7 (914) 600-00-05, +7 (914) 600-00-55", ["+79146000005", "+79146000055"]),
        ("моб. +7 914 380-00-02, раб. 8 (423) 200-11-22", ["+79143800002", "+74232001122"]),
        ("8 914 600 00 05 (моб.) 8 914 600 00 55", ["+79146000005", "+79146000055"]),
        ("12-34 и 56", []),
    ],
)
def test_every_number_of_a_text_is_found_even_when_only_spaces_part_them(
    text: str, found: list[str]
) -> None:
    assert [f.e164 for f in find_phones(text)] == found


def test_an_extension_stays_with_its_number() -> None:
    (found,) = find_phones("+7 914 600-00-17 доб. 12")
    assert (found.e164, found.extension) == ("+79146000017", "12")


def test_the_numbers_kept_besides_the_phone_are_read_under_either_label() -> None:
    assert kept_phones({"Другие телефоны": "8 914 600 00 55"}) == ("+79146000055",)
    assert kept_phones({"Other phones": "+7 914 600-00-55, 12"}) == ("+79146000055",)
    assert kept_phones({"Телефон": "8 914 600 00 55"}) == kept_phones(None) == ()


def test_a_giant_text_of_numbers_is_read_quickly_and_only_in_part() -> None:
    import time

    started = time.monotonic()
    found = find_phones("8 914 600 00 05 " * 50_000)
    assert 0 < len(found) < 100 and time.monotonic() - started < 2
