"""The end-of-day report: rendered to images and read back as text, its numbers are the
morning's; the arrivals chart is drawn as vector shapes; black and white throughout."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import pdfplumber
import pytest

from kiosk.i18n import set_language
from kiosk.reports.charts import BAR
from kiosk.reports.daily import render_day_report
from kiosk.reports.model import DeskFigure
from kiosk.reports.scale import nice_step
from kiosk.services.context import Desk
from kiosk.services.duplicates import mark_reviewed
from kiosk.services.summary import day_summary
from tests.conftest import FixedClock
from tests.core.factories import registered
from tests.core.morning import Morning, build_morning
from tests.core.test_duplicates import TRAINING, admitted
from tests.core.test_summary import double_paid_and_half_given_back
from tests.reports.pdfs import dark_share, is_greyscale, page_images, page_shapes, page_texts

CONFERENCE = date(2026, 11, 28)


@pytest.fixture
def pdf(desk: Desk, clock: FixedClock) -> bytes:
    morning: Morning = build_morning(desk, clock)
    return render_day_report(day_summary(morning.desk1, CONFERENCE), desk.event)


def test_the_report_renders_to_pages_that_are_not_blank_and_carry_no_colour(pdf: bytes) -> None:
    images = page_images(pdf)
    assert 1 <= len(images) <= 3
    assert all(0.005 < dark_share(image) < 0.5 for image in images)
    assert all(is_greyscale(image) for image in images)


def test_the_key_figures_are_in_the_text(pdf: bytes) -> None:
    text = " ".join(page_texts(pdf))
    assert "Итоги дня 28.11.2026 — Практическая конференция" in text
    assert "Пришли 6 из 9 (67 %)" in text
    assert "Не пришли 3" in text
    assert "Принято денег 36 700 ₽" in text
    assert "20 700 ₽ / 16 000 ₽" in text
    assert "Выставлено счетов (не деньги) 10 000 ₽" in text
    assert "Доплаты за тариф 1 на 10 700 ₽" in text
    assert "Отказов на входе 2" in text
    assert "Прошли дважды на стойках без хаба" not in text  # nobody was
    assert "По состоянию на 28.11.2026 11:00" in text


def test_the_tariff_category_and_desk_tables_hold_the_mornings_numbers(pdf: bytes) -> None:
    text = " ".join(page_texts(pdf))
    assert "Комфорт 4 3 75 % 1" in text
    assert "Премиум 2 1 50 % 1" in text
    assert "Спикер 1 1 100 % 0" in text
    assert "desk-1 3 08:52 09:07 08:00–09:00: 1" in text
    assert "kiosk 1 09:03 09:03 09:00–10:00: 1" in text


def test_money_per_desk_and_method_with_the_totals(pdf: bytes) -> None:
    text = " ".join(page_texts(pdf))
    # The invoice is in «Счета», not among the payments of money taken.
    assert "desk-1 10 000 ₽ 0 ₽ 10 000 ₽ 10 000 ₽ 1 0 ₽" in text
    assert "desk-2 10 700 ₽ 16 000 ₽ 26 700 ₽ 0 ₽ 2 0 ₽" in text
    assert "Всего 20 700 ₽ 16 000 ₽ 36 700 ₽ 10 000 ₽ 3 0 ₽" in text
    assert "boris 10 700 ₽ 16 000 ₽ 26 700 ₽ 0 ₽ 2 0 ₽" in text
    assert "Возвращено (двойные оплаты)" not in text  # nothing given back this day


def test_refusals_no_shows_and_the_event_as_a_whole(pdf: bytes) -> None:
    text = " ".join(page_texts(pdf))
    assert "не оплачено 1" in text and "код не найден 1" in text
    assert "28.11 Практическая конференция 9 6 67 %" in text
    assert "Участников: 9; пришли хотя бы в один день: 6; регистраций отменено: 1." in text
    assert "Без времени прихода (внесены позже) и потому не на графике: 1." in text


def test_the_arrivals_chart_is_drawn_as_vector_bars_a_line_and_time_labels(pdf: bytes) -> None:
    [first, *_rest] = page_shapes(pdf)
    bars = [r for r in first["rects"] if tuple(r["non_stroking_color"] or ()) == BAR.rgb()]
    # One bar per 5 minutes with arrivals, and the legend's sample.
    assert len(bars) == 5 + 1
    assert first["curves"] or first["lines"]
    text = page_texts(pdf)[0]
    for label in ("09:00", "10:00", "11:00", "начало 09:00", "всего пришли (правая шкала)"):
        assert label in text


def test_the_report_contains_no_names_or_phones(desk: Desk, clock: FixedClock) -> None:
    morning = build_morning(desk, clock)
    pdf = render_day_report(day_summary(desk, CONFERENCE), desk.event)
    text = " ".join(page_texts(pdf))
    for person in morning.people.values():
        assert person.last_name not in text
        assert (person.phone or "")[-7:] not in text


def test_an_empty_day_still_makes_a_report(desk: Desk) -> None:
    pdf = render_day_report(day_summary(desk, date(2026, 11, 27)), desk.event)
    text = " ".join(page_texts(pdf))
    assert "Пришли 0 из 0 (—)" in text
    assert "Пока никто не пришёл" in text
    assert "Оплат в этот день не было." in text


def test_the_report_speaks_english_when_asked(desk: Desk, clock: FixedClock) -> None:
    build_morning(desk, clock)
    set_language("en")
    text = " ".join(page_texts(render_day_report(day_summary(desk, CONFERENCE), desk.event)))
    assert "Summary of 28.11.2026" in text and "Arrived 6 of 9 (67 %)" in text


def test_people_admitted_twice_without_the_hub_are_counted_to_review_and_reviewed(
    desk: Desk, clock: FixedClock
) -> None:
    anna = registered(desk, "package_premium", last="Аннина", first="Анна")
    boris = registered(desk, "package_premium", last="Борисов", first="Борис")
    for person, day in ((anna, TRAINING), (anna, CONFERENCE), (boris, CONFERENCE)):
        admitted(desk, person, day, ("ст-1", 1), ("ст-2", 3))
    mark_reviewed(desk, anna.code)  # both of her days
    summary = day_summary(desk, CONFERENCE)
    text = " ".join(page_texts(render_day_report(summary, desk.event)))
    assert "Прошли дважды на стойках без хаба к проверке: 1, проверено: 2" in text
    set_language("en")
    english = " ".join(page_texts(render_day_report(summary, desk.event)))
    assert "Admitted twice at desks without the hub to review: 1, reviewed: 2" in english


def test_refunds_given_and_double_payments_owed_are_in_the_report(
    desk: Desk, clock: FixedClock
) -> None:
    double_paid_and_half_given_back(desk, clock)
    summary = day_summary(desk, CONFERENCE)
    text = " ".join(page_texts(render_day_report(summary, desk.event)))
    assert "Принято денег 30 000 ₽" in text  # what came in, refunds apart
    assert "Возвращено (двойные оплаты) 10 000 ₽" in text
    assert "Принято за вычетом возвратов 20 000 ₽" in text
    assert "Двойные оплаты к возврату 1 на 10 000 ₽" in text
    # By desk: desk-1 gave the cash back; «ст-2» took the double payments.
    assert "desk-1 0 ₽ 10 000 ₽ 10 000 ₽ 0 ₽ 1 10 000 ₽" in text
    assert "ст-2 10 000 ₽ 10 000 ₽ 20 000 ₽ 0 ₽ 2 0 ₽" in text
    assert "Всего 10 000 ₽ 20 000 ₽ 30 000 ₽ 0 ₽ 3 10 000 ₽" in text
    set_language("en")
    english = " ".join(page_texts(render_day_report(summary, desk.event)))
    assert "Refunded (double payments) 10 000 ₽" in english
    assert "Double payments to refund 1 for 10 000 ₽" in english


@pytest.mark.parametrize(("top", "step"), [(1, 1), (7, 2), (10, 2), (24, 5), (260, 100)])
def test_chart_scales_step_in_round_numbers(top: int, step: int) -> None:
    assert nice_step(top) == step


def _below(page: Any, words: str) -> list[Any]:
    """The rectangles drawn below the line that holds `words` on a pdfplumber page."""
    line = next((w for w in page.extract_words() if w["text"] == words.split()[0]), None)
    assert line is not None
    return [r for r in page.rects if r["top"] > line["bottom"]]


def test_a_charts_caption_is_never_left_at_the_foot_of_a_page_without_its_chart(
    desk: Desk, clock: FixedClock
) -> None:
    morning: Morning = build_morning(desk, clock)
    summary = day_summary(morning.desk1, CONFERENCE)
    caption = "Человек в час на каждой стойке"
    # More desks push the per-desk chart down the page: somewhere its caption would be the
    # page's last line, and the chart alone on the next.
    for extra in range(0, 40, 2):
        desks = summary.desks + tuple(
            DeskFigure(f"стойка-{n:02d}", 1, ((9, 1),), None, None) for n in range(extra)
        )
        pdf = render_day_report(replace(summary, desks=desks), desk.event)
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            (page,) = [p for p in document.pages if caption in (p.extract_text() or "")]
            assert _below(page, caption), f"{extra} more desks: the chart left its caption"


LONG_DESK = "Стойка регистрации у главного входа в конгресс-холл, этаж 2"
LONG_OPERATOR = "Константинопольская-Преображенская Александра Владиславовна"


def words_outside_their_cell(pdf: bytes, names: Sequence[str]) -> list[tuple[str, float, float]]:
    """The words of `names` in a table that reach past the vertical rule on their right."""
    parts = {part for name in names for part in name.split() if len(part) >= 8}
    outside: list[tuple[str, float, float]] = []
    found = set()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            rules = [line for line in page.lines if line["x0"] == line["x1"]]
            for word in page.extract_words():
                if len(word["text"]) < 5 or not any(word["text"] in part for part in parts):
                    continue
                found.add(word["text"])
                beside = [
                    r["x0"]
                    for r in rules
                    if r["top"] <= word["top"] + 1 and r["bottom"] >= word["bottom"] - 1
                ]
                if word["x0"] > page.width / 2 or not any(x <= word["x0"] for x in beside):
                    continue  # not in a name column (the desk chart's legend, on the right)
                right = min((x for x in beside if x > word["x0"]), default=None)
                if right is None or word["x1"] > right - 1:
                    outside.append((word["text"], word["x1"], right or 0.0))
    assert found, "the names are not in the report"
    return outside


def test_long_desk_and_operator_names_wrap_inside_their_cells(
    desk: Desk, clock: FixedClock
) -> None:
    morning: Morning = build_morning(desk, clock)
    summary = day_summary(morning.desk1, CONFERENCE)
    summary = replace(
        summary,
        desks=tuple(replace(d, desk=LONG_DESK) for d in summary.desks[:1]) + summary.desks[1:],
        money_by_desk=tuple(replace(m, name=LONG_DESK) for m in summary.money_by_desk),
        money_by_operator=tuple(replace(m, name=LONG_OPERATOR) for m in summary.money_by_operator),
    )
    pdf = render_day_report(summary, desk.event)
    assert words_outside_their_cell(pdf, [LONG_DESK, LONG_OPERATOR]) == []
    text = " ".join(page_texts(pdf))
    assert "Александра Владиславовна" in text or "Владиславовна" in text
