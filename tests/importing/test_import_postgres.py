"""Importing into PostgreSQL: people kept apart are linked there too, and re-imports change nothing.

Runs against the tests' PostgreSQL server (tests/conftest.py: KIOSK_TEST_PG_URL, or the
pip-installed build).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.models import Attendee
from kiosk.services.contacts import shared_contacts
from kiosk.services.context import Desk
from kiosk.services.importing import import_file
from tests.core.test_search_postgres import pg_desk  # noqa: F401
from tests.importing import files

pytestmark = [
    pytest.mark.postgres,
]


def test_people_sharing_an_office_phone_are_linked_and_a_re_import_changes_nothing(
    pg_desk: Desk,  # noqa: F811
    tmp_path: Path,
) -> None:
    path = files.tilda_leads(tmp_path / "leads.csv")
    first = import_file(pg_desk, path)
    again = import_file(pg_desk, path)
    assert (first.added, len(first.kept_apart)) == (4, 1)
    assert (again.added, again.updated, again.kept_apart) == (0, 0, [])
    with pg_desk.db.read() as session:
        elena = session.scalars(select(Attendee.id).where(Attendee.first_name == "Елена")).one()
    assert [(c.kind.value, c.name) for c in shared_contacts(pg_desk, elena)] == [
        ("phone", "Смирнов Сергей")
    ]


def test_contacts_without_phone_or_e_mail_are_found_by_name_in_postgresql(
    pg_desk: Desk,  # noqa: F811
    tmp_path: Path,
) -> None:
    path = files.bitrix_contacts(tmp_path / "contacts.csv")
    import_file(pg_desk, path, tariff="comfort")
    again = import_file(pg_desk, path, tariff="comfort")
    assert (again.added, again.updated, again.matched_by_name) == (0, 0, 1)


def test_the_desks_export_and_a_grown_team_re_import_in_postgresql(
    pg_desk: Desk,  # noqa: F811
    tmp_path: Path,
) -> None:
    from kiosk.services import exporting
    from kiosk.services.lookup import search
    from tests.importing.test_reimport import (
        HEADERS,
        TWO_PHONES,
        a_desk_with_everyone,
        team_file,
        write_csv,
    )

    a_desk_with_everyone(pg_desk, tmp_path)
    exported = exporting.export(pg_desk, "attendees", tmp_path / "export.xlsx").path
    again = import_file(pg_desk, exported)
    assert (again.added, again.updated, again.rejected) == (0, 0, [])
    grown = import_file(pg_desk, team_file(tmp_path, 6, "team.csv"))
    assert (grown.updated, grown.seats_added) == (1, 1)
    import_file(pg_desk, write_csv(tmp_path / "two.csv", [HEADERS, TWO_PHONES]))
    assert [a.last_name for a in search(pg_desk, "89146000055")] == ["Смирнов"]
