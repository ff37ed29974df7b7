"""The paper fallback list as printed: readable A4 in black and white, in Russian alphabetical
order, with codes, payments, a box per day, the print date and page numbers."""

from __future__ import annotations

import io
import re
from datetime import date

import pdfplumber
from sqlalchemy import update

from kiosk.models import Attendee
from kiosk.reports.paper import render_paper_list
from kiosk.services import reporting
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from tests.core.factories import registered
from tests.reports.pdfs import is_greyscale, page_images, page_shapes, page_texts

CONFERENCE = date(2026, 11, 28)
STAMP = "27.11.2026 20:15"


def render(desk: Desk, **options: object) -> bytes:
    return render_paper_list(reporting.paper_list(desk, **options), STAMP)  # type: ignore[arg-type]


def test_names_codes_companies_tariffs_and_payments_are_on_the_page(desk: Desk) -> None:
    anna = registered(desk, "comfort", last="Абрамова", first="Анна", company="ООО «Море»")
    boris = registered(desk, "premium", last="Борисов", first="Борис", paid=False)
    text = page_texts(render(desk))[0]
    assert "Абрамова Анна" in text and "ООО «Море»" in text and anna.code in text
    assert "Борисов Борис" in text and boris.code in text
    assert "к оплате 16 000 ₽" in text
    assert "оплачено 10 000 ₽" in text and "(карта)" in text
    assert "27.11 28.11" in text  # a box column per day


def test_the_order_is_russian_alphabetical_with_yo_among_ye_under_letter_headings(
    desk: Desk,
) -> None:
    for surname in ("Жуков", "Ёлкина", "Егоров", "Ершова", "Абрамов"):
        registered(desk, last=surname)
    text = page_texts(render(desk))[0]
    found = [m.group(0) for m in re.finditer(r"Абрамов|Егоров|Ёлкина|Ершова|Жуков", text)]
    assert found == ["Абрамов", "Егоров", "Ёлкина", "Ершова", "Жуков"]
    assert re.search(r"^Е$", text, re.MULTILINE) and re.search(r"^Ж$", text, re.MULTILINE)


def test_every_page_has_the_print_date_and_its_number_of_all(desk: Desk) -> None:
    for number in range(70):
        registered(desk, last=f"Участников{chr(0x430 + number % 32)}", first=f"Имя{number}")
    texts = page_texts(render(desk))
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Напечатано {STAMP} · стр. {number} из {len(texts)}" in text
        assert "Содержит персональные данные" in text
        assert "Фамилия, имя" in text  # the header row repeats on every page


def test_a_box_to_tick_per_day_and_a_tick_for_who_is_in_already(desk: Desk) -> None:
    came = registered(desk, "comfort", last="Пришедший")
    registered(desk, "comfort", last="Ожидаемый")
    check_in(desk, came.code)
    pdf = render(desk, day=CONFERENCE)
    [shapes] = page_shapes(pdf)
    boxes = [r for r in shapes["rects"] if 11 < r["width"] < 13 and 11 < r["height"] < 13]
    assert len(boxes) == 2  # one box each, 4.2 mm square
    assert shapes["curves"] or shapes["lines"]  # the tick drawn in one of them


def test_the_list_prints_in_black_and_white(desk: Desk) -> None:
    registered(desk, "comfort", paid=False)
    registered(desk, None, last="Спикерова", category="speaker")
    assert all(is_greyscale(image) for image in page_images(render(desk)))


def test_an_empty_list_still_prints_its_heading(desk: Desk) -> None:
    text = page_texts(render(desk, tariff="team"))[0]
    assert "В списке: 0." in text and "Никого нет в этом списке." in text
    assert "Команда (от 3 человек)" in text


def test_a_person_who_paid_in_two_ways_is_listed_with_both(desk: Desk) -> None:
    from kiosk.models import PaymentMethod
    from kiosk.services.checkin import pay, upgrade

    olga = registered(desk, "premium", last="Смешанная", first="Ольга", paid=False)
    pay(desk, olga.code, PaymentMethod.CASH)
    upgrade(desk, olga.code, "package_premium", pay=PaymentMethod.CARD)
    (entry,) = reporting.paper_list(desk).entries
    assert entry.payment == "оплачено 27\u202f900\u00a0₽ (наличные + карта)"


def test_codes_keep_clear_of_the_rules_and_companies_wrap_between_words(desk: Desk) -> None:
    long_names = registered(
        desk,
        "comfort",
        last="Константинопольская",
        first="Александра",
        company="ООО «Дальневосточная транспортная компания»",
    )
    hyphenated = registered(
        desk,
        "premium",
        last="Ким",
        first="Ли",
        company="Промышленно-строительная корпорация «Востокстроймонтажавтоматика»",
    )
    wide = "MWMW-MWMW-MWMW"  # the widest a code can be drawn
    with desk.db.write() as session:
        session.execute(
            update(Attendee).where(Attendee.id == long_names.id).values(badge_code=wide)
        )
    with pdfplumber.open(io.BytesIO(render(desk))) as document:
        page = document.pages[0]
        words = [w["text"] for w in page.extract_words()]
        rules = sorted({round(line["x0"], 1) for line in page.lines if line["x0"] == line["x1"]})
        for code in (wide, hyphenated.code):
            (found,) = [w for w in page.extract_words() if w["text"] == code]
            left = max(x for x in rules if x <= found["x0"])
            right = min(x for x in rules if x > left)  # the code's own cell
            assert found["x0"] - left >= 3 and right - found["x1"] >= 3, (left, found, right)
    for word in ("«Дальневосточная", "транспортная", "Константинопольская", "строительная"):
        assert any(word in w for w in words), word
    assert any("«Востокстроймонтажавтоматика»" in w for w in words)


def test_a_double_name_wraps_after_its_hyphen_keeping_it_and_stays_in_its_cell(
    desk: Desk,
) -> None:
    registered(
        desk,
        "comfort",
        last="Константинопольская-Преображенская",
        first="Анна-Мария-Луиза",
        company="ООО «Море»",
    )
    with pdfplumber.open(io.BytesIO(render(desk))) as document:
        page = document.pages[0]
        words = page.extract_words()
        rules = sorted({round(line["x0"], 1) for line in page.lines if line["x0"] == line["x1"]})
    texts = [w["text"] for w in words]
    # Wrapped at a hyphen, the line ends with the hyphen; nothing is glued back without it.
    assert "Константинопольская-" in texts and "Преображенская" in texts, texts
    assert not any("КонстантинопольскаяПреображенская" in t or "АннаМария" in t for t in texts)
    assert any(t in ("Анна-Мария-Луиза", "Анна-", "Анна-Мария-") for t in texts), texts
    company = next(w for w in words if w["text"] == "ООО")
    for word in words:
        if word["text"].startswith(("Константинопольская", "Преображенская", "Анна", "Мария")):
            left = max(x for x in rules if x <= word["x0"])
            right = min(x for x in rules if x > left)
            assert word["x1"] <= right - 1, (word["text"], word["x1"], right)
            assert word["x1"] < company["x0"]
