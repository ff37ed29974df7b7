"""Upgrades: a database made by the first schema (0001) finds its people after the upgrade."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from kiosk.config import Event
from kiosk.db import (
    MIGRATIONS,
    SCHEMA_REVISION,
    make_engine,
    open_database,
    upgrade_schema,
)
from kiosk.search_index import FTS_TABLE, rebuild_search_columns, search_columns
from kiosk.services.context import Desk
from kiosk.services.lookup import search
from kiosk.services.privacy import forget
from kiosk.text import SEPARATOR
from tests.core.factories import registered

ROOT = Path(__file__).resolve().parent.parent.parent

# Two people as the first version stored them: its space-framed keys, by its spelling rules
# (Х → "h", Щ → "sch"), which are not the rules queries are folded by any more.
OLD_ROWS = [
    {
        "code": "7KQ2-M9XD-H3TR",
        "last": "Хабибуллин",
        "first": "Ринат",
        "phone": "+79140001111",
        "last_key": " хабибуллин habibullin ",
        "search_text": " хабибуллин habibullin ринат rinat 79140001111 7kq2m9xdh3tr ",
    },
    {
        "code": "M9XD-H3TR-7KQ2",
        "last": "Щукин",
        "first": "Алексей",
        "phone": "+79140002222",
        "last_key": " щукин schukin ",
        "search_text": " щукин schukin алексей aleksei 79140002222 m9xdh3tr7kq2 ",
    },
]


def first_schema_database(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade_schema(engine, "0001")
    with engine.begin() as connection:
        for row in OLD_ROWS:
            connection.execute(
                text(
                    "INSERT INTO attendees (badge_code, last_name, first_name, middle_name, "
                    "original_name, company, position, phone, email, category, tariff, status, "
                    "price, amount_paid, amount_due, payment_status, source, extra, last_key, "
                    "search_text, created_at, updated_at) VALUES (:code, :last, :first, '', '', "
                    "'', '', :phone, NULL, 'participant', 'comfort', 'active', 0, 0, 0, 'free', "
                    "'import', '{}', :last_key, :search_text, '2026-11-20 10:00:00.000000', "
                    "'2026-11-20 10:00:00.000000')"
                ),
                row,
            )
    engine.dispose()
    return url


def test_people_of_a_first_schema_database_are_found_by_the_new_rules_after_the_upgrade(
    tmp_path: Path, event: Event
) -> None:
    db = open_database(first_schema_database(tmp_path / "old.sqlite3"), event)
    try:
        assert db.fts
        desk = Desk(db, event)
        for query, surname in (
            ("Khabibullin", "Хабибуллин"),
            ("Habibullin", "Хабибуллин"),
            ("Shchukin", "Щукин"),
            ("хабиб", "Хабибуллин"),
            ("ЩУК", "Щукин"),
            ("2222", "Щукин"),
            ("m9xd h3", "Щукин"),  # the beginning of the code
        ):
            assert [r.last_name for r in search(desk, query)] == [surname], query
        with db.read() as session:
            keys = session.execute(text("SELECT last_key, last_latin FROM attendees")).all()
            session.execute(
                text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
            )
        assert sorted(keys) == [("хабибуллин", "khabibullin"), ("щукин", "shchukin")]
    finally:
        db.dispose()


def test_the_upgrade_can_be_taken_back_to_the_first_schema(tmp_path: Path, event: Event) -> None:
    url = first_schema_database(tmp_path / "old.sqlite3")
    open_database(url, event).dispose()
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    try:
        schema = inspect(engine)
        assert "last_latin" not in {c["name"] for c in schema.get_columns("attendees")}
        assert FTS_TABLE not in schema.get_table_names()
        with engine.connect() as connection:
            keys = dict(connection.execute(text("SELECT last_name, last_key FROM attendees")).all())
        # The first version's format again (with the present spelling rules).
        assert keys == {"Хабибуллин": " хабибуллин khabibullin ", "Щукин": " щукин shchukin "}
    finally:
        engine.dispose()


def _previous_latin_fold() -> Callable[[str], str]:
    """The Latin key before revision 0007, as its downgrade keeps it."""
    path = MIGRATIONS / "versions" / "0007_latin_spellings.py"
    spec = importlib.util.spec_from_file_location("latin_spellings", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function: Callable[[str], str] = module.previous_latin_fold
    return function


def _alembic(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def test_keys_by_the_previous_spelling_rules_are_recomputed_by_the_upgrade(
    tmp_path: Path, event: Event
) -> None:
    url = first_schema_database(tmp_path / "old.sqlite3")
    engine = make_engine(url)
    with engine.begin() as connection:
        command.upgrade(_alembic(connection), "0003")
        # Андреев as the previous version stored him: "andreev", which "Andreyev" (now
        # "andrev", as Андреев is) does not begin.
        columns = search_columns(
            last_name="Андреев",
            first_name="Дмитрий",
            middle_name="",
            company="",
            email=None,
            phone="+79140003333",
            badge_code="H3TR-7KQ2-M9XD",
            latin=_previous_latin_fold(),
        )
        connection.execute(
            text(
                "INSERT INTO attendees (badge_code, last_name, first_name, middle_name, "
                "original_name, company, position, phone, email, category, tariff, status, "
                "price, amount_paid, amount_due, payment_status, source, extra, last_key, "
                "last_latin, search_text, created_at, updated_at) VALUES ('H3TR-7KQ2-M9XD', "
                "'Андреев', 'Дмитрий', '', '', '', '', '+79140003333', NULL, 'participant', "
                "'comfort', 'active', 0, 0, 0, 'free', 'import', '{}', :last_key, :last_latin, "
                ":search_text, '2026-11-20 10:00:00.000000', '2026-11-20 10:00:00.000000')"
            ),
            columns._asdict(),
        )
    engine.dispose()
    assert columns.last_latin == "andreev"
    db = open_database(url, event)
    try:
        desk = Desk(db, event)
        for query in ("Andreyev", "Andreiev", "andreev dmitry", "Dmitri"):
            assert [r.last_name for r in search(desk, query)] == ["Андреев"], query
        with db.write() as session:
            assert rebuild_search_columns(session.connection()) == 0
            session.execute(
                text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
            )
    finally:
        db.dispose()


def test_the_downgrade_before_the_new_spelling_rules_stores_the_previous_keys(
    tmp_path: Path, event: Event
) -> None:
    url = first_schema_database(tmp_path / "old.sqlite3")
    db = open_database(url, event)
    registered(Desk(db, event), last="Андреев", first="Дмитрий")
    db.dispose()
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            command.downgrade(_alembic(connection), "0003")
            keys = connection.execute(text("SELECT last_latin, search_text FROM attendees")).all()
            # The previous version's keys, and its FTS index in step with them.
            assert rebuild_search_columns(connection, latin=_previous_latin_fold()) == 0
            connection.execute(
                text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
            )
    finally:
        engine.dispose()
    assert sorted(last_latin for last_latin, _ in keys) == ["andreev", "khabibullin", "shchukin"]
    assert any(f"{SEPARATOR}andreev{SEPARATOR}" in search_text for _, search_text in keys)


def test_the_revision_the_desk_expects_is_the_newest_migration() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_heads() == [SCHEMA_REVISION]


def test_a_database_already_upgraded_opens_without_loading_alembic(
    tmp_path: Path, event: Event
) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    open_database(url, event, create=True).dispose()
    script = (
        "import sys; from kiosk.config import load_event; from kiosk.db import open_database; "
        f"open_database({url!r}, load_event()).dispose(); "
        "print('alembic' in sys.modules)"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert found.stdout.strip() == "False"


def test_without_the_trigram_tokenizer_the_upgrade_goes_on_and_search_scans(
    tmp_path: Path, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on SQLite before 3.34: the FTS5 table cannot be made, everything else is.
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    script = copy / "versions" / "0002_search_index.py"
    script.write_text(
        script.read_text(encoding="utf-8").replace("tokenize='trigram", "tokenize='no_such"),
        encoding="utf-8",
    )
    monkeypatch.setattr("kiosk.db.MIGRATIONS", copy)
    db = open_database(first_schema_database(tmp_path / "old.sqlite3"), event)
    try:
        assert not db.fts
        desk = Desk(db, event)
        assert [r.last_name for r in search(desk, "Khabibullin")] == ["Хабибуллин"]
        assert [r.last_name for r in search(desk, "укин")] == ["Щукин"]
    finally:
        db.dispose()


def test_the_migrated_surname_indexes_match_the_models_and_hold_the_list_order(
    tmp_path: Path, event: Event
) -> None:
    from kiosk.models import Attendee

    db = open_database(f"sqlite:///{tmp_path / 'order.sqlite3'}", event, create=True)
    try:
        found = {i["name"]: i["column_names"] for i in inspect(db.engine).get_indexes("attendees")}
    finally:
        db.dispose()
    declared = {i.name: [c.name for c in i.columns] for i in Attendee.__table__.indexes}
    for name in ("ix_attendees_last_key", "ix_attendees_last_latin"):
        assert found[name] == declared[name]
        assert found[name][1:] == ["first_name", "id"]


def test_the_contact_links_table_is_made_as_the_model_declares_and_taken_back_on_downgrade(
    tmp_path: Path, event: Event
) -> None:
    from kiosk.models import ContactLink

    url = first_schema_database(tmp_path / "old.sqlite3")
    open_database(url, event).dispose()
    engine = make_engine(url)
    try:
        schema = inspect(engine)
        columns = {c["name"] for c in schema.get_columns("contact_links")}
        assert columns == {c.name for c in ContactLink.__table__.columns}
        assert {
            tuple(u["column_names"]) for u in schema.get_unique_constraints("contact_links")
        } == {("attendee_id", "other_id", "kind")}
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0003")
        assert "contact_links" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_the_refused_scans_table_is_made_as_the_model_declares_and_taken_back_on_downgrade(
    tmp_path: Path, event: Event
) -> None:
    from kiosk.models import RefusedScan

    url = first_schema_database(tmp_path / "old.sqlite3")
    open_database(url, event).dispose()
    engine = make_engine(url)
    try:
        schema = inspect(engine)
        columns = {c["name"] for c in schema.get_columns("refused_scans")}
        assert columns == {c.name for c in RefusedScan.__table__.columns}
        indexed = {tuple(i["column_names"]) for i in schema.get_indexes("refused_scans")}
        assert {("day",), ("attendee_id",)} <= indexed
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0006")
        assert "refused_scans" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_the_upgrade_makes_the_other_phones_of_people_imported_before_searchable(
    tmp_path: Path, event: Event
) -> None:
    """0011: someone imported with two phones in a cell, before other phones were in the
    search text, is found by the second one after the upgrade."""
    url = first_schema_database(tmp_path / "old.sqlite3")
    db = open_database(url, event)
    registered(Desk(db, event), last="Андреев", first="Дмитрий", phone="+79140003333")
    db.dispose()
    engine = make_engine(url)
    with engine.begin() as connection:
        command.downgrade(_alembic(connection), "0010")
        extra = '{"Другие телефоны": "+7 914 600-00-55"}'
        connection.execute(
            text("UPDATE attendees SET extra = :extra WHERE last_name = 'Андреев'"),
            {"extra": extra},
        )
        # The search text stays as 0010's code computed it: without the other phone.
    engine.dispose()
    db = open_database(url, event)
    try:
        assert [r.last_name for r in search(Desk(db, event), "6000055")] == ["Андреев"]
    finally:
        db.dispose()


def test_the_upgrade_empties_the_search_text_an_earlier_start_gave_people_erased(
    tmp_path: Path, event: Event
) -> None:
    """0016: before it, each start indexed the people whose data was erased again, and
    «удалено» found them; after the upgrade nothing does."""
    url = first_schema_database(tmp_path / "old.sqlite3")
    db = open_database(url, event)
    desk = Desk(db, event)
    forget(desk, registered(desk, last="Андреев", first="Дмитрий").code)
    db.dispose()
    engine = make_engine(url)
    with engine.begin() as connection:
        command.downgrade(_alembic(connection), "0015")
        # What a start of 0015's code did: the record's words and new code, searchable.
        connection.execute(
            text("UPDATE attendees SET search_text = :text WHERE forgotten_at IS NOT NULL"),
            {"text": f"{SEPARATOR}удалено{SEPARATOR}по{SEPARATOR}запросу{SEPARATOR}"},
        )
    engine.dispose()
    db = open_database(url, event)
    try:
        assert search(Desk(db, event), "удалено") == ()
    finally:
        db.dispose()
