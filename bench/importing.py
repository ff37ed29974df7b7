"""Import speed: a 10 000-row export of the website's forms into an empty database.

python -m bench.importing [--rows N]

The floor, timed in turns with ours: the same file read by Python's `csv` module, and the rows
our import wrote (teams, attendees, audit entries, made beforehand) inserted by one executemany
per table into an empty database with the same schema, indexes and search triggers, over a
bare `sqlite3` connection with the same durability, in one transaction.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

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


WRITTEN = ("registration_groups", "attendees", "audit_log")
"""The tables an import writes, in the order their foreign keys need."""

Written = dict[str, tuple[str, list[tuple[Any, ...]]]]


def written_rows(path: Path) -> Written:
    """What an import wrote: per table, its INSERT statement and its rows."""
    connection = sqlite3.connect(path)
    try:
        found: Written = {}
        for table in WRITTEN:
            cursor = connection.execute(f"SELECT * FROM {table}")
            names = [column[0] for column in cursor.description]
            marks = ", ".join("?" * len(names))
            found[table] = (
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",
                cursor.fetchall(),
            )
        return found
    finally:
        connection.close()


def floor_import(source: Path, database: Path, rows: Written) -> float:
    """Seconds to read the file with `csv` and insert the same rows by executemany."""
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    try:
        start = time.perf_counter()
        with source.open(encoding="cp1251", newline="") as file:
            read = list(csv.reader(file, delimiter=";"))
        for sql, values in rows.values():
            connection.executemany(sql, values)
        connection.commit()
        seconds = time.perf_counter() - start
    finally:
        connection.close()
    if len(read) < 2:
        raise AssertionError("the floor read nothing")
    return seconds


def run(rows: int = 10_000, repeat: int = 5) -> dict[str, float]:
    """Median (and best) of `repeat` imports, each into a new empty database, and of as many
    floors, in turns."""
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        source = folder / "forms.csv"
        write_export(source, rows)
        event = load_event()
        times: list[float] = []
        floors: list[float] = []
        added = 0
        written: Written = {}
        for attempt in range(repeat):
            path = folder / f"desk-{attempt}.sqlite3"
            db = open_database(f"sqlite:///{path}", event, create=True)
            desk = Desk(db, event)
            start = time.perf_counter()
            report = import_file(desk, source)
            times.append(time.perf_counter() - start)
            added = report.added
            db.dispose()
            written = written or written_rows(path)
            empty = folder / f"floor-{attempt}.sqlite3"
            open_database(f"sqlite:///{empty}", event, create=True).dispose()
            floors.append(floor_import(source, empty, written))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result = {
        "import_rows": float(rows),
        "import_10k_s": statistics.median(times),
        "import_best_s": min(times),
        "import_added": float(added),
        "import_floor_s": statistics.median(floors),
        "import_floor_rows": float(sum(len(values) for _sql, values in written.values())),
    }
    result["import_floor_ratio"] = result["import_10k_s"] / result["import_floor_s"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="import speed")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for key, value in run(args.rows, args.repeat).items():
        print(f"{key:<16} {value:10.2f}")


if __name__ == "__main__":
    main()
