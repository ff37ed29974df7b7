"""Text normalisation: what is stored (clean) and the keys search compares (fold, latin_fold)."""

from __future__ import annotations

import pytest

from kiosk.text import (
    SEPARATOR,
    clean,
    clean_multiline,
    digits,
    fold,
    has_forbidden_chars,
    latin_fold,
    quote,
    search_key,
    terminal_safe,
)

# Every spelling in a group must meet the Cyrillic name (first) under latin_fold.
SPELLINGS = [
    ("Тютин", "Tyutin", "Tjutin", "Tiutin"),
    ("Щукин", "Shchukin", "Schukin"),
    ("Евгений", "Evgeniy", "Evgenii", "Yevgeniy"),
    ("Хабибуллин", "Khabibullin", "Habibullin"),
    ("Цой", "Tsoi", "Tsoy"),
    ("Жукова", "Zhukova"),
    ("Юлия", "Yulia", "Yuliya", "Julia"),
    ("Ольга", "Olga"),
    ("Алексей", "Aleksey", "Alexey", "Aleksei"),
    ("Фёдоров", "Fedorov", "Fyodorov"),
    ("Кузнецов", "Kuznetsov"),
    ("Чернышёв", "Chernyshev"),
    ("Гусева", "Guseva"),
    ("Наталья", "Natalya", "Natalia"),
    ("Андреев", "Andreev", "Andreyev"),
    ("Майоров", "Mayorov", "Maiorov"),
]

# (typed Latin prefix, Cyrillic name): the prefix's key starts the name's key.
PREFIXES = [
    ("Tyu", "Тютин"),
    ("Tj", "Тютин"),
    ("Kuzn", "Кузнецов"),
    ("Kuznet", "Кузнецов"),
    ("T", "Цой"),
    ("Ts", "Цой"),
    ("Sh", "Щукин"),
    ("Sch", "Щукин"),
    ("K", "Хабибуллин"),
    ("H", "Хабибуллин"),
    ("Z", "Жукова"),
    ("Zh", "Жукова"),
    ("Yu", "Юлия"),
    ("J", "Юлия"),
    ("Ye", "Евгений"),
    ("Evgeni", "Евгений"),
    ("Fyo", "Фёдоров"),
    ("Alex", "Алексей"),
    ("Chernys", "Чернышёв"),
    ("Gus", "Гусева"),
]


def test_clean_collapses_every_kind_of_whitespace_to_one_space() -> None:
    assert clean("  Иван\u00a0\tИванов\n\r\nмл. ") == "Иван Иванов мл."


def test_clean_drops_control_and_invisible_characters() -> None:
    assert clean("Ива\x00нов\u200b\ufeff\u00ad") == "Иванов"


def test_clean_turns_a_word_line_break_into_a_space() -> None:
    assert clean("ООО\x0bМаяк") == "ООО Маяк"


def test_clean_composes_letters_with_their_accents() -> None:
    assert clean("Е\u0308лкина") == "Ёлкина"


def test_clean_composes_a_letter_and_accent_split_by_an_invisible_character() -> None:
    assert clean("Е\u200b\u0308лкина") == "Ёлкина"


def test_clean_leaves_ordinary_text_alone() -> None:
    assert clean("Тютин Альберт") == "Тютин Альберт"


@pytest.mark.parametrize("value", ["a\x00b", "\x07", "a\x1fb", "\x7f", "\x9b", "\ud800"])
def test_control_characters_are_forbidden(value: str) -> None:
    assert has_forbidden_chars(value)


@pytest.mark.parametrize("value", ["Иванов", "a\tb", "a\nb\r\n", "a\x0bb", "a\u00a0b", ""])
def test_ordinary_whitespace_and_text_are_not_forbidden(value: str) -> None:
    assert not has_forbidden_chars(value)


def test_fold_ignores_case_and_yo() -> None:
    assert fold("Ёлкина") == fold("ЕЛКИНА") == fold("елкина") == "елкина"


def test_fold_keeps_short_i_a_letter_of_its_own() -> None:
    assert fold("Зуй") == "зуй"
    assert fold("Зуй") != fold("Зуи")


def test_fold_drops_latin_accents() -> None:
    assert fold("Éléonore Müller") == "eleonore muller"


def test_fold_cleans_first() -> None:
    assert fold("  Гусева\u00a0 Ольга ") == "гусева ольга"


@pytest.mark.parametrize("spellings", SPELLINGS, ids=lambda group: group[0])
def test_latin_spellings_of_a_russian_name_share_its_latin_key(spellings: tuple[str, ...]) -> None:
    keys = {spelling: latin_fold(spelling) for spelling in spellings}
    assert len(set(keys.values())) == 1, keys


def test_latin_key_ignores_case_and_yo() -> None:
    assert latin_fold("ЧЕРНЫШЁВ") == latin_fold("чернышев") == latin_fold("CHERNYSHEV")


def test_zh_and_yu_do_not_share_a_latin_key() -> None:
    assert latin_fold("Жукова") != latin_fold("Юкова")


@pytest.mark.parametrize(("prefix", "name"), PREFIXES)
def test_a_typed_latin_prefix_folds_to_a_prefix_of_the_name(prefix: str, name: str) -> None:
    assert latin_fold(name).startswith(latin_fold(prefix))


@pytest.mark.parametrize(("prefix", "name"), [("Y", "Евгений"), ("Fy", "Фёдоров")])
def test_a_prefix_that_stops_inside_ye_or_yo_is_the_documented_exception(
    prefix: str, name: str
) -> None:
    assert not latin_fold(name).startswith(latin_fold(prefix))


@pytest.mark.parametrize(
    "value", ["Тютин Альберт", "O’Brien-Smith", "a.tyutin@mail.ru", "Фирма №1 «Маяк»", "日本"]
)
def test_latin_key_holds_only_latin_letters_digits_and_email_punctuation(value: str) -> None:
    assert set(latin_fold(value)) <= set("abcdefghijklmnopqrstuvwxyz0123456789@._- ")


def test_latin_key_of_several_words_keeps_single_spaces() -> None:
    assert latin_fold("Ольга  Гусева") == "olga guseva"


def test_search_key_holds_folded_and_latin_forms_of_every_part() -> None:
    key = search_key("Тютин", None, "", "Альберт")
    assert key == SEPARATOR + SEPARATOR.join(["тютин", "tiutin", "альберт", "albert"]) + SEPARATOR


def test_search_key_is_lower_case_and_lists_a_latin_part_once() -> None:
    assert search_key("ZUMA") == f"{SEPARATOR}zuma{SEPARATOR}"


def test_search_key_match_never_spans_two_parts() -> None:
    key = search_key("Маяк", "Тютин")
    assert "маяк" in key and "тютин" in key
    assert "ктют" not in key and "к тют" not in key
    assert SEPARATOR not in fold("к\x1fтют")  # a query cannot carry the separator itself


def test_search_key_of_nothing_is_empty() -> None:
    assert search_key() == search_key(None, "", "  ") == ""


def test_digits_keeps_only_digits() -> None:
    assert digits("+7 (914) 700-80-90") == "79147008090"


def test_digits_converts_other_decimal_digits_to_ascii() -> None:
    assert digits("٨٩١٤ ９１４ ¹²") == "8914914"


# ---- texts of several lines, quoting, the terminal ----------------------------------------------


def test_a_multiline_text_keeps_only_newlines_and_tabs() -> None:
    typed = "Первая\x1b[31m строка\r\nвторая\tстрока\x07\x0bтретья\u200b \n\n"
    assert clean_multiline(typed) == "Первая[31m строка\nвторая\tстрока\nтретья"


def test_a_quoted_value_is_at_most_eighty_characters_without_controls() -> None:
    quoted = quote("\x1b]0;pwned\x07" + "я" * 100_000)
    assert len(quoted) == 80 and quoted.endswith("…") and "\x1b" not in quoted
    assert quote("Тютина") == "Тютина"


def test_terminal_text_loses_every_control_but_newline_and_tab() -> None:
    assert terminal_safe("a\x1b[2Jb\x07\tc\nd\x9b") == "a[2Jb\tc\nd"
