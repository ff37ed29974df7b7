"""Attendance figures name tariffs, categories and days in the user's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.i18n import set_language
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
