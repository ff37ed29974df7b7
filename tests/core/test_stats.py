"""Attendance figures name tariffs, categories and days in the user's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.i18n import set_language
from kiosk.services.checkin import check_in
from kiosk.services.context import Desk
from kiosk.services.stats import stats
from tests.core.factories import registered


@pytest.fixture
def people(desk: Desk) -> Iterator[Desk]:
    registered(desk, "comfort", last="Удобная", first="Ольга")
    registered(desk, "package_comfort", last="Пакетная", first="Инна")
    registered(desk, None, last="Докладова", first="Вера", category="speaker")
    yield desk
    set_language(None)


def titles(desk: Desk) -> tuple[str, list[str]]:
    (day,) = [d for d in stats(desk).days if d.kind == "conference"]
    return day.title, [g.title for g in day.by_group]


def test_in_english_the_figures_take_the_event_files_english_titles(people: Desk) -> None:
    set_language("en")
    day, groups = titles(people)
    assert day == "Practical conference"
    assert groups == ["Comfort", "Comfort package: conference + training", "Speaker"]


def test_in_russian_the_figures_keep_the_short_russian_titles(people: Desk) -> None:
    set_language("ru")
    day, groups = titles(people)
    assert day == "Практическая конференция"
    assert groups == ["Комфорт", "Пакет Комфорт", "Спикер"]


def test_the_figures_of_one_day_agree_with_those_of_every_day(desk: Desk) -> None:
    # One day's are read alone (the status strip's, at every change): its arrivals only.
    both = registered(desk, "package_comfort", last="Пакетная", first="Инна")
    training, conference = (d.date for d in desk.event.days)
    check_in(desk, both.code, day=training)
    check_in(desk, both.code, day=conference)
    every_day = stats(desk)
    for day in (training, conference):
        alone = stats(desk, day)
        assert [d.day for d in alone.days] == [day]
        assert alone.for_day(day) == every_day.for_day(day)
        figures = alone.for_day(day)
        assert figures is not None and figures.checked_in == 1
