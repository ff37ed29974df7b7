"""Renders a PNG preview of every badge layout from demo attendees into docs/badges/.

    python scripts/make_badge_previews.py [--dpi 200]

Band words, colours and days come from the bundled event file, so the previews show what
the desk prints for that event. Sheets are filled with different people and categories.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.badges.layouts import list_layouts  # noqa: E402
from kiosk.badges.model import BadgeInfo, DayMark  # noqa: E402
from kiosk.badges.render import render_badges  # noqa: E402
from kiosk.config import DayKind, Event, load_event  # noqa: E402

OUT = ROOT / "docs" / "badges"

# code, first name, surname, company, position, tariff or category
DEMO = [
    ("7KQ2-M9XD-H3TR", "Екатерина", "Смирнова", "Ресторан Zuma", "Управляющая", "comfort"),
    ("Q4WN-8ZRT-2KXP", "Альберт", "Тютин", "", "Бизнес-тренер", "speaker"),
    (
        "MF3A-J7HB-6D9V",
        "Александра-Виктория",
        "Константинопольская-Римская",
        "ООО «Дальневосточная сервисная компания»",
        "Директор по клиентскому сервису",
        "package_premium",
    ),
    (
        "H8PC-5NY1-TQ0E",
        "Ольга",
        "Федорова",
        "Комплекс отдыха «Маяк»",
        "Руководитель продаж",
        "team",
    ),
    ("2GZK-W4MA-R7FS", "Дмитрий", "Ли", "Приморский банк", "Менеджер", "package_comfort"),
    ("XB6D-3PNJ-K8QH", "Ольга", "Гусева", "", "Эксперт по клиентскому опыту", "speaker"),
    ("T9RM-1CVE-5WYA", "Мария", "Ершова", "Успех", "Координатор форума", "organizer"),
    ("N5FJ-Q2HX-ZD4K", "Игорь", "Павленко", "Восточный экспресс", "", "partner"),
    ("C3WE-7TKB-9MRG", "Анна", "Ким", "Золотой Рог", "Корреспондент", "press"),
    ("P7AV-6GXN-J1SZ", "Сергей", "Николаев", "Автоцентр «Океан»", "Директор", "premium"),
]


def _day_word(kind: DayKind) -> str:
    return "ТРЕНИНГ" if kind is DayKind.TRAINING else "КОНФЕРЕНЦИЯ"


def demo_badges(event: Event) -> list[BadgeInfo]:
    badges = []
    for code, first, last, company, position, kind in DEMO:
        found = event.tariff(kind) or event.category(kind)
        assert found is not None, f"the event file has no tariff or category {kind!r}"
        badges.append(
            BadgeInfo(
                code=code,
                first_name=first,
                last_name=last,
                company=company,
                position=position,
                event_name=event.short_name,
                band_label=found.badge_label,
                band_color=found.badge_color,
                days=tuple(
                    DayMark(
                        f"{d.date:%d.%m} {_day_word(d.kind)}", str(d.kind), d.date in found.days
                    )
                    for d in event.days
                ),
            )
        )
    return badges


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=0, help="default: 300 for badges, 150 sheets")
    args = parser.parse_args()
    badges = demo_badges(load_event())
    OUT.mkdir(parents=True, exist_ok=True)
    for layout in list_layouts():
        # A single badge shows the long name on its own; a sheet is filled with everyone.
        chosen = badges[: layout.per_page] if layout.per_page > 1 else [badges[0]]
        pdf = render_badges(chosen, layout)
        page = pypdfium2.PdfDocument(pdf)[0]
        dpi = args.dpi or (150 if layout.per_page > 1 else 300)
        path = OUT / f"{layout.name}.png"
        page.render(scale=dpi / 72).to_pil().convert("RGB").save(path, optimize=True)
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
