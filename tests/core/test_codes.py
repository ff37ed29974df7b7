"""Badge codes: random and typeable, and recognised however a scanner or a person types them."""

from __future__ import annotations

import hashlib
import math
import re

import pytest

from kiosk.codes import (
    ALPHABET,
    CODE_LENGTH,
    code_candidates,
    code_from,
    format_code,
    is_code_like,
    is_other_barcode,
    new_code,
)

CODE = "7KQ2-M9XD-H3TR"
FORMAT = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")

_LATIN_KEYS = "QWERTYUIOPASDFGHJKLZXCVBNM"
_RUSSIAN_KEYS = "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ"


def typed_in_russian_layout(text: str) -> str:
    """What a scanner types for this text while the computer's keyboard layout is Russian."""
    return text.translate(
        str.maketrans(_LATIN_KEYS + _LATIN_KEYS.lower(), _RUSSIAN_KEYS + _RUSSIAN_KEYS.lower())
    )


def test_the_helper_types_like_a_russian_keyboard() -> None:
    assert typed_in_russian_layout(CODE) == "7ЛЙ2-Ь9ЧВ-Р3ЕК"


def test_ten_thousand_new_codes_are_unique_and_well_formed() -> None:
    codes = [new_code() for _ in range(10_000)]
    assert len(set(codes)) == len(codes)
    assert all(FORMAT.fullmatch(code) for code in codes)
    assert set("".join(codes).replace("-", "")) <= set(ALPHABET)


def test_new_codes_use_the_whole_alphabet() -> None:
    used = set("".join(new_code() for _ in range(1_000)).replace("-", ""))
    assert used == set(ALPHABET)


def test_a_new_code_is_never_digits_only(monkeypatch: pytest.MonkeyPatch) -> None:
    draws = iter([0, 0, 31])  # symbol 0 twelve times, then a Z and eleven 0s
    monkeypatch.setattr("kiosk.codes.secrets.randbits", lambda _bits: next(draws))
    assert new_code() == "Z000-0000-0000"


def test_a_code_carries_at_least_sixty_random_bits() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert CODE_LENGTH * math.log2(len(ALPHABET)) >= 60


def test_the_alphabet_leaves_out_letters_that_look_like_digits_or_spell_words() -> None:
    assert not set("ILOU") & set(ALPHABET)


def test_a_code_fits_the_qr_alphanumeric_mode() -> None:
    assert set(new_code()) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def test_format_code_puts_dashes_between_groups_of_four() -> None:
    assert format_code("7KQ2M9XDH3TR") == CODE


def test_format_code_refuses_a_wrong_length() -> None:
    with pytest.raises(ValueError):
        format_code("7KQ2M9XD")


def test_a_canonical_code_stands_for_itself() -> None:
    assert code_candidates(CODE) == (CODE,)


def test_a_code_typed_through_the_russian_layout_maps_back() -> None:
    assert code_candidates(typed_in_russian_layout(CODE))[0] == CODE


def test_a_lower_case_code_typed_through_the_russian_layout_maps_back() -> None:
    assert code_candidates(typed_in_russian_layout(CODE.lower()))[0] == CODE


def test_generated_codes_survive_the_russian_layout() -> None:
    for _ in range(200):
        code = new_code()
        assert code in code_candidates(typed_in_russian_layout(code))


@pytest.mark.parametrize(
    "typed",
    [
        "7kq2-m9xd-h3tr",
        "7KQ2M9XDH3TR",
        "7KQ2 M9XD H3TR",
        "  7KQ2-M9XD-H3TR\n",
        "7KQ2–M9XD—H3TR",
        "7KQ2‐M9XD‐H3TR",
        "7KQ2_M9XD_H3TR",
        "7KQ2.M9XD.H3TR",
        "7KQ2 - M9XD - H3TR",
    ],
)
def test_case_and_separators_do_not_matter(typed: str) -> None:
    assert code_candidates(typed) == (CODE,)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("O0I1-L0o0-iIlL", "0011-1000-1111"),
        ("7KQ2-M9XD-H3TO", "7KQ2-M9XD-H3T0"),
        ("7KQI-M9XD-H3TR", "7KQ1-M9XD-H3TR"),
        ("7KQl-M9XD-H3TR", "7KQ1-M9XD-H3TR"),
    ],
)
def test_letters_left_out_of_the_alphabet_read_as_the_digits_they_resemble(
    typed: str, code: str
) -> None:
    assert code_candidates(typed) == (code,)


def test_cyrillic_look_alike_letters_give_a_second_reading() -> None:
    # "АВЕК" typed by a person copying the badge: through the layout it is F D T R.
    assert code_candidates("АВЕК-7М9С-Н3ТР") == ("FDTR-7V9C-Y3NH", "ABEK-7M9C-H3TP")


def test_look_alike_letters_outside_the_layout_table_give_one_reading() -> None:
    # Х is on the [ key, so only the look-alike reading is a code.
    assert code_candidates("ХХХХ-0000-0000") == ("XXXX-0000-0000",)


def test_lower_case_look_alike_letters_count_too() -> None:
    assert code_candidates("авек-7м9с-н3тр") == ("FDTR-7V9C-Y3NH", "ABEK-7M9C-H3TP")


def test_mixed_latin_and_cyrillic_is_read_both_ways() -> None:
    assert code_candidates("7KQ2-M9XD-Н3ТR") == ("7KQ2-M9XD-Y3NR", "7KQ2-M9XD-H3TR")


def test_a_code_of_digits_only_has_one_reading() -> None:
    assert code_candidates("1234 5678 9012") == ("1234-5678-9012",)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Иванов",
        "Тютин Альберт",
        "7KQ2-M9XD-H3T",
        "7KQ2-M9XD-H3TRX",
        "7KQ2-M9XD-H3T!",
        "7KQ2/M9XD/H3TR",
        "7KQ2-M9XD-H3TU",
        "ЖЖЖЖ-ЖЖЖЖ-ЖЖЖЖ",
        "+7 914 700-80-90",
        "x" * 1000,
        "7KQ2" + " " * 40 + "M9XDH3TR",
    ],
)
def test_text_that_cannot_be_a_code_has_no_candidate(text: str) -> None:
    assert code_candidates(text) == ()
    assert not is_code_like(text)


def test_code_like_text_is_recognised() -> None:
    assert is_code_like(CODE.lower())
    assert is_code_like(typed_in_russian_layout(CODE))


@pytest.mark.parametrize(
    "text",
    [
        "4607001234567",  # EAN-13
        "036000291452",  # UPC-A: twelve digits, the length of a code
        "607001234567",  # an EAN-13's last twelve digits (what a scanner's tail reads)
        "https://example.com/ticket",
        "46070012",  # EAN-8
    ],
)
def test_product_barcodes_and_links_are_other_barcodes(text: str) -> None:
    assert is_other_barcode(text)


def test_badge_codes_are_not_other_barcodes() -> None:
    assert not is_other_barcode(CODE)
    assert not is_other_barcode(typed_in_russian_layout(CODE).lower())
    assert not is_other_barcode(new_code())


def test_a_code_beginning_needs_a_typed_digit_among_its_letters() -> None:
    from kiosk.codes import code_prefix

    assert code_prefix("7kq2-m9") == "7KQ2-M9"
    assert code_prefix("Oleg") is None  # O and L read as 0 and 1, but nobody typed a digit
    assert code_prefix("2026") is None


def test_a_beginning_of_latin_letters_only_may_be_a_code() -> None:
    from kiosk.codes import LettersPrefix, letters_code_prefix

    assert letters_code_prefix("dzcj") == LettersPrefix("DZCJ", grouped=False)
    assert letters_code_prefix("ANCB-BXBQ") == LettersPrefix("ANCB-BXBQ", grouped=True)
    assert letters_code_prefix("ancb – bx") == LettersPrefix("ANCB-BX", grouped=True)
    assert letters_code_prefix("ancb bxbq") == LettersPrefix("ANCB-BXBQ", grouped=False)
    assert letters_code_prefix("Oleg") == LettersPrefix("01EG", grouped=False)


@pytest.mark.parametrize("text", ["АННА", "Анна", "Ann", "Hugo", "7kq2", "Anna-Maria Ivanova"])
def test_cyrillic_short_digits_or_letters_outside_the_alphabet_are_no_letters_only_beginning(
    text: str,
) -> None:
    from kiosk.codes import letters_code_prefix

    assert letters_code_prefix(text) is None


def test_a_code_made_from_a_seed_is_the_same_for_that_seed_and_a_valid_code() -> None:
    seeds = [hashlib.sha256(str(n).encode()).digest() for n in range(500)]
    codes = [code_from(seed) for seed in seeds]
    assert codes == [code_from(seed) for seed in seeds]  # an action done again: the same code
    assert len(set(codes)) == len(codes)
    assert all(FORMAT.fullmatch(code) for code in codes)


def test_a_seed_that_would_make_digits_only_makes_another_code() -> None:
    digits = bytes(8)  # 60 zero bits: «0000-0000-0000», a product's barcode when scanned
    code = code_from(digits)
    assert FORMAT.fullmatch(code) and not code.replace("-", "").isdigit()
