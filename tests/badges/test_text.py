"""Badge text: what the font can draw, and fitting that never overflows its box."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.badges.fit import ELLIPSIS, Fitted, block_height, fit_pair, fit_text
from kiosk.badges.fonts import BOLD, REGULAR, coverage, drawable, width

Box = tuple[float, float, float, float, int]  # width, height (pt), max, min size, lines
NAME_BOX: Box = (58 * 72 / 25.4, 11 * 72 / 25.4, 24.0, 12.0, 2)  # the 90×55 first-name box, in pt


def fits(text: str, font: str = BOLD, box: Box = NAME_BOX) -> Fitted:
    """Fit `text` and check the promise: within the lines, the width and the height."""
    w, h, max_pt, min_pt, lines = box
    fitted = fit_text(text, font, w, h, max_pt, min_pt, lines)
    assert len(fitted.lines) <= lines
    if fitted.lines:
        assert block_height(fitted.size, len(fitted.lines)) <= h + 1e-6
    for line in fitted.lines:
        assert width(line, font, fitted.size) <= w + 1e-6, line
    return fitted


def test_text_is_nfc_normalised() -> None:
    assert drawable("Е\u0308лкина") == "Ёлкина"
    assert drawable("И\u0306ошкар-Ола") == "Йошкар-Ола"


def test_emoji_are_dropped_and_spaces_collapsed() -> None:
    assert drawable("Иван 😀🎉 Петров") == "Иван Петров"
    assert drawable("👩‍💻 разработчица") == "разработчица"
    assert drawable("✈") == ""


def test_apostrophes_and_quotes_are_kept() -> None:
    assert drawable("O'Connor") == "O'Connor"
    assert drawable("Д’Артаньян") == "Д’Артаньян"
    assert drawable("ООО «Маяк»") == "ООО «Маяк»"


def test_invisible_and_control_characters_are_dropped() -> None:
    assert drawable("Анна\u200b\u200dМария\x07") == "АннаМария"
    assert drawable("Анна\tМария\n") == "Анна Мария"
    assert drawable("Мари́я") == "Мария"  # a stress mark over и


def test_a_letter_the_font_lacks_falls_back_to_its_base_letter() -> None:
    assert ord("Ṏ") not in coverage()[REGULAR]
    assert drawable("ṎZ") == "OZ"


def test_every_drawn_character_has_a_glyph() -> None:
    text = drawable("Zoë Ñúñez 中文 العربية Ελένη Ёжиков 👍🏽 ₽ №")
    covered = coverage()[REGULAR]
    assert all(ord(ch) in covered for ch in text)
    assert "Ёжиков" in text and "₽" in text and "№" in text


def test_a_short_name_gets_the_largest_size_on_one_line() -> None:
    fitted = fits("Ольга")
    assert fitted.lines == ("Ольга",) and fitted.size == 24.0


def test_a_long_name_shrinks_before_it_wraps() -> None:
    fitted = fits("Александра-Виктория")
    assert fitted.lines == ("Александра-Виктория",) and 12.0 <= fitted.size < 24.0


def test_a_longer_name_wraps_at_the_hyphen_and_keeps_it() -> None:
    fitted = fits("Константинопольская-Римская Александра-Виктория")
    assert len(fitted.lines) == 2 and fitted.size >= 12.0
    assert (
        "".join(fitted.lines).replace(" ", "") == "Константинопольская-РимскаяАлександра-Виктория"
    )
    assert fitted.lines[0].endswith("-") or " " not in fitted.lines[0]


def test_a_soft_hyphen_is_a_break_hint_shown_only_at_the_break() -> None:
    fitted = fits("Константинопольско\u00adдальневосточная")
    assert fitted.lines == ("Константинопольско-", "дальневосточная")
    assert fits("Мак\u00adсим").lines == ("Максим",)


def test_an_unbreakable_name_is_hyphenated_mid_word_before_any_ellipsis() -> None:
    fitted = fits("Оченьдлиннаяфамилиябезпробеловидефисов")
    assert len(fitted.lines) == 2 and fitted.lines[0].endswith("-")
    assert ELLIPSIS not in "".join(fitted.lines)
    assert "".join(fitted.lines).replace("-", "") == "Оченьдлиннаяфамилиябезпробеловидефисов"
    assert fitted.lines[1][0] not in "ьъйы"


def test_an_ellipsis_is_the_last_resort_at_the_minimum_size() -> None:
    fitted = fits("Ж" * 120)
    assert fitted.size == 12.0 and fitted.lines[-1].endswith(ELLIPSIS)


def test_a_one_line_box_cuts_with_an_ellipsis() -> None:
    box: Box = (30 * 72 / 25.4, 5 * 72 / 25.4, 9.0, 6.0, 1)
    fitted = fits("Общество с ограниченной ответственностью «Дальрыбсервис»", REGULAR, box)
    assert len(fitted.lines) == 1 and fitted.lines[0].endswith(ELLIPSIS)


def test_company_and_position_share_a_size_when_both_fit() -> None:
    w, h = 58 * 72 / 25.4, 7.5 * 72 / 25.4
    pair = fit_pair("Ресторан Zuma", "Управляющая", REGULAR, w, h, 9.0, 6.0, 2)
    assert pair is not None
    company, position = pair
    assert company.lines == ("Ресторан Zuma",) and position.lines == ("Управляющая",)
    assert company.size == position.size == 9.0


def test_the_position_is_left_out_when_it_does_not_fit_beside_the_company() -> None:
    w, h = 58 * 72 / 25.4, 7.5 * 72 / 25.4
    assert fit_pair("Ж" * 60, "Управляющая", REGULAR, w, h, 9.0, 6.0, 2) is None


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя АБВЖЯ-'’ABCxyz😀\u00ad")),
        max_size=120,
    ),
    lines=st.integers(1, 3),
    height_mm=st.floats(3, 30),
)
def test_any_text_fits_any_box(text: str, lines: int, height_mm: float) -> None:
    box: Box = (40 * 72 / 25.4, height_mm * 72 / 25.4, 30.0, 8.0, lines)
    fitted = fits(drawable(text, BOLD), BOLD, box)
    if drawable(text, BOLD).replace("\u00ad", "").strip():
        assert fitted.lines


def test_plain_latin_text_is_kept_with_its_spaces_collapsed() -> None:
    assert drawable("  Jean-Baptiste   O'Connor ") == "Jean-Baptiste O'Connor"
    assert drawable("7KQ2-M9XD-H3TR", BOLD) == "7KQ2-M9XD-H3TR"
    assert drawable("ACME\tInternational\n") == "ACME International"
