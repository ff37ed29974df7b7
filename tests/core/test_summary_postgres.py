"""The organiser's figures and refused scans on PostgreSQL, as on SQLite.

Runs against the tests' PostgreSQL server (tests/conftest.py: KIOSK_TEST_PG_URL, or the
pip-installed build).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.services import reporting
from kiosk.services.context import Desk
from kiosk.services.duplicates import mark_reviewed
from kiosk.services.stats import data_version
from kiosk.services.summary import day_summary
from tests.conftest import FixedClock
from tests.core.morning import at, build_morning
from tests.core.test_duplicates import twice_on_both_days
from tests.core.test_search_postgres import pg_desk  # noqa: F401

pytestmark = [
    pytest.mark.postgres,
]

CONFERENCE = date(2026, 11, 28)


def test_the_mornings_figures_are_the_same_on_postgresql(
    pg_desk: Desk,  # noqa: F811
    clock: FixedClock,
) -> None:
    build_morning(pg_desk, clock)
    summary = day_summary(pg_desk, CONFERENCE)
    assert (summary.expected, summary.arrived, summary.still_to_come) == (9, 6, 3)
    assert [p.last_name for p in summary.missing] == ["Дмитриев", "Ёлкина", "Ершов"]
    money = {m.name: (m.cash, m.card, m.invoice) for m in summary.money_by_desk}
    assert money == {"desk-1": (10_000, 0, 10_000), "desk-2": (10_700, 16_000, 0)}
    assert [(r.outcome, r.at, r.admitted_later) for r in summary.refusals] == [
        ("unpaid", at(9, 12), True),
        ("unknown_code", at(9, 40), False),
    ]
    assert [(u.from_tariff, u.to_tariff) for u in summary.upgrades] == [
        ("comfort", "package_comfort")
    ]
    assert [b.cumulative for b in summary.arrivals if b.count] == [1, 2, 3, 4, 5]
    assert all(n > 0 for n in data_version(pg_desk))


def test_the_paper_list_and_the_report_are_made_from_postgresql(
    pg_desk: Desk,  # noqa: F811
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    build_morning(pg_desk, clock)
    paper = reporting.paper_list(pg_desk, day=CONFERENCE)
    assert [e.last_name for e in paper.entries][:3] == ["Алексеев", "Борисова", "Гусева"]
    written = reporting.write_day_report(pg_desk, tmp_path / "итоги.pdf", CONFERENCE)
    assert written.path.read_bytes().startswith(b"%PDF")


def test_offline_duplicates_are_marked_reviewed_on_postgresql(
    pg_desk: Desk,  # noqa: F811
    clock: FixedClock,
) -> None:
    anna = twice_on_both_days(pg_desk)
    clock.now = clock() + timedelta(hours=1)
    reviewed = mark_reviewed(pg_desk, anna.code, CONFERENCE)
    assert (reviewed.admissions, reviewed.at) == (2, clock.now)
    decisions = day_summary(pg_desk, CONFERENCE).decisions
    assert [g.day for g in decisions.offline_duplicates] == [date(2026, 11, 27)]
    (apart,) = decisions.offline_duplicates_reviewed
    assert (apart.day, apart.reviewed_at, apart.reviewed_by) == (CONFERENCE, clock.now, "anna")
    assert [a.desk for a in apart.set_aside] == ["ст-2", "ст-3"]
