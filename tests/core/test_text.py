"""Text normalisation: what is stored (clean) and the keys search compares (fold, latin_fold)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.text import (
    SEPARATOR,
    Reading,
    clean,
    clean_multiline,
    digits,
    fold,
    has_forbidden_chars,
    latin_fold,
    latin_readings,
    quote,
    search_key,
    terminal_safe,
    transliterate,
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
    # The standards of the issue: Wikipedia and BGN/PCGN, passports (ICAO 9303 since 2014,
    # GOST 52535 in 2010–2013), Yandex, the Moscow metro, the scientific one; and habits.
    ("Щербаков", "Shcherbakov", "Scherbakov", "Scerbakov", "Ščerbakov"),
    ("Васильев", "Vasilyev", "Vasil’yev", "Vasilev", "Vasiliev"),
    ("Соловьёв", "Solovyov", "Solov’yёv", "Solovev", "Soloviev", "Soloviov"),
    ("Юлия", "Iuliia", "Julija"),
    ("Подъячев", "Podyachev", "Pod”yachev", "Podieiachev", "Podiachev"),
    ("Объедков", "Obyedkov", "Obieedkov", "Obedkov"),
    ("Кузнецов", "Kuznetcov", "Kuznetzov"),
    ("Цветков", "Tsvetkov", "Tcvetkov"),
    ("Хрущёв", "Khrushchev", "Khrushchyov", "Khruschev", "Hrushchev", "Hruscev", "Hruščёv"),
    ("Чайковский", "Chaikovskii", "Chaykovskiy", "Chaykovsky", "Tchaikovsky", "Čajkovskij"),
    ("Григорьев", "Grigoryev", "Grigorev", "Grigoriev"),
    ("Пётр", "Pyotr", "Petr", "Piotr"),
    ("Ксения", "Kseniia", "Kseniya", "Ksenia", "Xenia"),
    ("Виктория", "Viktoriia", "Victoria"),
]

# Typed spellings whose letters other habits read otherwise, and English forms of names: one of
# their `latin_readings` is the name's key.
OTHER_READINGS = [
    ("Кузнецов", "Kuznecov"),
    ("Цветков", "Cvetkov"),
    ("Жуков", "Jukov"),
    ("Хрущёв", "Xruščёv"),
    ("Хрущёв", "Hrushev"),
    ("Щербаков", "Sherbakov"),
    ("Наталья", "Natalie"),
    ("Александр", "Alexander"),
    ("Александр", "Aleksander"),
    ("Пётр", "Peter"),
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
    ("Sc", "Щукин"),
    ("Shc", "Щукин"),
    ("Tc", "Цветков"),
    ("Kuznetc", "Кузнецов"),
    ("Podi", "Подъячев"),
    ("Iuli", "Юлия"),
    ("Tchai", "Чайковский"),
]

# (typed beginning, name): one of the beginning's readings begins the name's key.
PREFIX_READINGS = [
    ("Vasili", "Васильев"),
    ("Solovi", "Соловьёв"),
    ("Dmitri", "Дмитриев"),
    ("Semy", "Семёнов"),
    ("Fy", "Фёдоров"),
    ("Y", "Евгений"),
    ("Juk", "Жуков"),
    ("Kuznec", "Кузнецов"),
    ("Kruc", "Кручинин"),
    ("Cv", "Цветков"),
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


@pytest.mark.parametrize(("prefix", "name"), PREFIX_READINGS)
def test_a_typed_beginning_has_a_reading_that_begins_the_key_of_the_name(
    prefix: str, name: str
) -> None:
    assert any(latin_fold(name).startswith(key) for key, _unusual in latin_readings(prefix))


@pytest.mark.parametrize(("name", "typed"), OTHER_READINGS)
def test_a_spelling_read_otherwise_has_the_key_of_the_name_among_its_readings(
    name: str, typed: str
) -> None:
    assert latin_fold(name) in [key for key, _unusual in latin_readings(typed)]


def test_the_usual_reading_comes_first_and_is_the_stored_key() -> None:
    assert latin_readings("Jukov") == (Reading("iukov", 0), Reading("zhukov", 1))
    assert latin_readings("Victoria")[0] == Reading(latin_fold("Victoria"), 0)


def test_after_a_typed_y_an_iotated_vowel_is_as_usual_as_y_itself() -> None:
    assert latin_readings("Semy") == (Reading("semi", 0), Reading("seme", 0))
    assert latin_readings("Vasili") == (Reading("vasili", 0), Reading("vasile", 1))


@given(st.text(alphabet="abcehijkstxyzщшчцжхъьёйя'’ -", max_size=12))
def test_any_word_has_its_latin_key_as_the_first_of_at_most_six_readings(word: str) -> None:
    readings = latin_readings(word)
    assert len(readings) <= 6
    assert [key for key, _ in readings[:1]] == ([latin_fold(word)] if latin_fold(word) else [])
    assert len({key for key, _ in readings}) == len(readings)


def test_words_with_other_characters_than_letters_have_one_reading() -> None:
    assert latin_readings("a.jukov@mail.ru") == (Reading(latin_fold("a.jukov@mail.ru"), 0),)
    assert latin_readings("7kq2") == (Reading("7kq2", 0),)
    assert latin_readings("ъ") == ()


def test_sh_and_shch_are_each_read_as_the_other_too() -> None:
    assert latin_fold("Щукин") != latin_fold("Шукин")
    assert latin_readings("Shukin") == (Reading("shukin", 0), Reading("shchukin", 1))
    assert latin_readings("Щукин") == (Reading("shchukin", 0), Reading("shukin", 1))
    assert latin_readings("Sh") == (Reading("sh", 0),)


@pytest.mark.parametrize(
    "value", ["Тютин Альберт", "O’Brien-Smith", "a.tyutin@mail.ru", "Фирма №1 «Маяк»", "日本"]
)
def test_latin_key_holds_only_latin_letters_digits_and_email_punctuation(value: str) -> None:
    assert set(latin_fold(value)) <= set("abcdefghijklmnopqrstuvwxyz0123456789@._- ")


def test_transliterate_spells_cyrillic_the_usual_english_way() -> None:
    assert transliterate("Щукина Юлия") == "shchukina yuliya"
    assert transliterate("Ёлкина-Подъячева") == "elkina-podyacheva"


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


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("Щербакова", "Shherbakova"),  # GOST 7.79-B
        ("Хрущёв", "Xrushhyov"),
        ("Цветков", "Czvetkov"),
        ("Чайковский", "Czajkowski"),  # Polish
        ("Жуков", "Zukov"),  # ж typed without its h
        ("Жанна", "Zanna"),
    ],
)
def test_gost_7_79_and_sloppy_spellings_have_the_name_among_their_readings(
    name: str, typed: str
) -> None:
    assert latin_fold(name) in [key for key, _unusual in latin_readings(typed)]


def test_a_cyrillic_z_is_never_read_as_zh_and_z_keeps_its_stored_key() -> None:
    assert latin_readings("Зуев") == (Reading("zuev", 0),)
    assert latin_readings("Zuev") == (Reading("zuev", 0), Reading("zhuev", 1))
    assert latin_fold("Kozlov") == latin_fold("Козлов") == "kozlov"
