"""Import speed: a 10 000-row export of the website's forms into an empty database.

python -m bench.importing [--rows N]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from faker import Faker

from kiosk.config import load_event
from kiosk.db import open_database
from kiosk.services.context import Desk
from kiosk.services.importing import import_file

FORMS = {
    "premium": "тариф Премиум",
    "comfort": "тариф Комфорт",
    "team": "тариф Команда",
    "package_premium": "Два дня Форума Премиум",
    "package_comfort": "Два дня Форума Комфорт",
}


def write_export(path: Path, rows: int, seed: int = 7) -> None:
    """A cp1251, semicolon export shaped like the organiser's CRM saves it."""
    fake = Faker("ru_RU")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    lines = ["Имя;Телефон;Во сколько Вам позвонить;Количество человек;Форма;Дата заявки"]
    for i in range(rows):
        tariff = rng.choice(list(FORMS))
        size = str(rng.randint(3, 5)) if tariff == "team" else ""
        name = f"{fake.last_name_female()} {fake.first_name_female()}"
        if rng.random() < 0.3:
            name = f"{fake.first_name_male()} {fake.last_name_male()}"
        phone = f"8 9{rng.randrange(10**9):09d}"
        lines.append(
            f"{name};{phone};после {rng.randint(9, 18)};{size};"
            f'"Регистрация на Форум ""Сервис Next"" {FORMS[tariff]}";1{i % 9}.11.2026 10:00'
        )
    path.write_bytes("\r\n".join(lines).encode("cp1251"))


def run(rows: int = 10_000, repeat: int = 5) -> dict[str, float]:
    """Median (and best) of `repeat` imports, each into a new empty database."""
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        source = folder / "forms.csv"
        write_export(source, rows)
        event = load_event()
        times = []
        added = 0
        for attempt in range(repeat):
            db = open_database(
                f"sqlite:///{folder / f'desk-{attempt}.sqlite3'}", event, create=True
            )
            desk = Desk(db, event)
            start = time.perf_counter()
            report = import_file(desk, source)
            times.append(time.perf_counter() - start)
            added = report.added
            db.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "import_rows": float(rows),
        "import_10k_s": statistics.median(times),
        "import_best_s": min(times),
        "import_added": float(added),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="import speed")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for key, value in run(args.rows, args.repeat).items():
        print(f"{key:<16} {value:10.2f}")


if __name__ == "__main__":
    main()
