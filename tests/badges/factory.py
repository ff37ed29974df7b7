"""Badges for tests: `make_badge()` with sensible defaults, and the awkward people of issue 3."""

from __future__ import annotations

from kiosk.badges.model import BadgeInfo, DayMark
from kiosk.codes import new_code

CONFERENCE_ONLY = (
    DayMark("27.11 ТРЕНИНГ", "training", False),
    DayMark("28.11 КОНФЕРЕНЦИЯ", "conference", True),
)
BOTH_DAYS = (
    DayMark("27.11 ТРЕНИНГ", "training", True),
    DayMark("28.11 КОНФЕРЕНЦИЯ", "conference", True),
)


def make_badge(
    first_name: str = "Ольга",
    last_name: str = "Гусева",
    company: str = "Ресторан Zuma",
    position: str = "Управляющая",
    *,
    code: str | None = None,
    event_name: str = "Сервис NEXT",
    band_label: str = "КОМФОРТ",
    band_color: str = "#1E6FB8",
    days: tuple[DayMark, ...] = CONFERENCE_ONLY,
) -> BadgeInfo:
    """A badge with a fresh code unless one is given."""
    return BadgeInfo(
        code=code or new_code(),
        first_name=first_name,
        last_name=last_name,
        company=company,
        position=position,
        event_name=event_name,
        band_label=band_label,
        band_color=band_color,
        days=days,
    )


def odd_people() -> list[BadgeInfo]:
    """Long, hyphenated, Latin, apostrophised, emoji-laden and unbreakable names."""
    return [
        make_badge(
            "Александра-Виктория",
            "Константинопольская-Римская",
            "Общество с ограниченной ответственностью «Дальрыбсервис» и К",  # 60 characters
            "Заместитель генерального директора по развитию",
            band_label="ПРЕМИУМ · 2 ДНЯ",
            band_color="#8B5A00",
            days=BOTH_DAYS,
        ),
        make_badge("Jean-Baptiste", "O'Connor-Smythe", "ACME International Trading Co", ""),
        make_badge("Д'Артаньян", "О’Коннор", "Мушкетёры короля", "лейтенант"),
        make_badge("Иван 😀🎉", "Петров ✈", "ООО «Ромашка» 🌼", "👩‍💻 разработчица"),
        make_badge("Ю", "Ли", "", "", band_label="СПИКЕР", band_color="#C0392B", days=BOTH_DAYS),
        make_badge(
            "Максимилиан-Александр-Константин",
            "Оченьдлиннаяфамилиябезпробеловидефисовсовсемнеобычная",
            "Ж" * 60,
            "Главный специалист отдела по работе с ключевыми клиентами региона",
            band_label="ОРГАНИЗАТОР",
            band_color="#F2D600",
        ),
    ]
