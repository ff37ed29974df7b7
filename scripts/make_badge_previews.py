"""Renders a PNG preview of every badge layout from demo attendees into docs/badges/.

python scripts/make_badge_previews.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.badges.layouts import list_layouts  # noqa: E402
from kiosk.badges.render import render_badges  # noqa: E402
from kiosk.config import load_event  # noqa: E402
from kiosk.services.printing import badge_info  # noqa: E402
from kiosk.services.views import AttendeeView  # noqa: E402

OUT = ROOT / "docs" / "badges"


def demo_attendees() -> list[AttendeeView]:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 20, tzinfo=UTC)

    def person(
        code: str,
        first: str,
        last: str,
        company: str,
        position: str,
        tariff: str | None,
        category: str = "participant",
    ) -> AttendeeView:
        return AttendeeView(
            id=0,
            code=code,
            last_name=last,
            first_name=first,
            middle_name="",
            company=company,
            position=position,
            phone=None,
            email=None,
            category=category,
            tariff=tariff,
            group_id=None,
            status="active",
            price=0,
            amount_paid=0,
            amount_due=0,
            payment_status="paid",
            payment_method=None,
            source="demo",
            consent_at=None,
            created_at=now,
            updated_at=now,
        )

    return [
        person(
            "7KQ2-M9XD-H3TR", "Екатерина", "Смирнова", "Ресторан Zuma", "Управляющая", "comfort"
        ),
        person("Q4WN-8ZRT-2KXP", "Альберт", "Тютин", "", "Бизнес-тренер", None, "speaker"),
        person(
            "MF3A-J7HB-6D9V",
            "Александра-Виктория",
            "Константинопольская-Римская",
            "ООО «Дальневосточная сервисная компания»",
            "Директор по клиентскому сервису",
            "package_premium",
        ),
        person(
            "H8PC-5NY1-TQ0E",
            "Ольга",
            "Федорова",
            "Комплекс отдыха «Маяк»",
            "Руководитель отдела продаж",
            "team",
        ),
    ]


def main() -> None:
    event = load_event()
    badges = [badge_info(a, event) for a in demo_attendees()]
    OUT.mkdir(parents=True, exist_ok=True)
    for layout in list_layouts():
        chosen = badges if layout.per_page > 1 else badges[:1]
        pdf = render_badges(chosen, layout)
        page = pypdfium2.PdfDocument(pdf)[0]
        scale = (150 if layout.per_page > 1 else 300) / 72
        path = OUT / f"{layout.name}.png"
        page.render(scale=scale).to_pil().save(path)
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
