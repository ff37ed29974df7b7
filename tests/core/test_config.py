"""The event file: the bundled forum, venue-time days, and clear errors for wrong files."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kiosk.config import (
    DEFAULT_EVENT_FILE,
    DEFAULT_RETENTION_DAYS,
    MAX_EVENT_FILE_BYTES,
    DayKind,
    Event,
    EventFileError,
    load_event,
)
from kiosk.i18n import set_language

TRAINING = date(2026, 11, 27)
CONFERENCE = date(2026, 11, 28)


def test_default_event_is_the_forum_with_every_figure_from_the_landing_page(event: Event) -> None:
    assert event.id == "servicenext-2026"
    assert event.short_name == "Сервис NEXT"
    assert event.timezone == "Asia/Vladivostok"
    assert [(d.date, d.kind) for d in event.days] == [
        (TRAINING, DayKind.TRAINING),
        (CONFERENCE, DayKind.CONFERENCE),
    ]
    prices = {t.code: (t.price, t.list_price, t.days) for t in event.tariffs}
    assert prices == {
        "premium": (16000, None, (CONFERENCE,)),
        "comfort": (10000, None, (CONFERENCE,)),
        "team": (8000, None, (CONFERENCE,)),
        "package_premium": (27900, 31000, (TRAINING, CONFERENCE)),
        "package_comfort": (20700, 23000, (TRAINING, CONFERENCE)),
    }
    team = event.tariff("team")
    assert team is not None and team.min_participants == 3 and team.per_participant
    assert [c.code for c in event.categories] == ["speaker", "organizer", "partner", "press"]
    assert all(c.days == (TRAINING, CONFERENCE) for c in event.categories)


def test_utc_2305_on_the_27th_is_0905_on_the_28th_at_the_venue(event: Event) -> None:
    moment = datetime(2026, 11, 27, 23, 5, tzinfo=UTC)
    assert event.local_time(moment).strftime("%Y-%m-%d %H:%M") == "2026-11-28 09:05"
    assert event.local_date(moment) == CONFERENCE
    day = event.day_at(moment)
    assert day is not None and day.kind is DayKind.CONFERENCE


def test_venue_day_does_not_depend_on_the_process_time_zone(tmp_path: Path) -> None:
    code = (
        "from datetime import datetime, UTC; from kiosk.config import load_event;"
        "print(load_event().local_date(datetime(2026, 11, 27, 23, 5, tzinfo=UTC)))"
    )
    for tz in ("UTC", "America/Los_Angeles", "Asia/Vladivostok"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "TZ": tz},
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == "2026-11-28", tz


def test_comfort_can_be_upgraded_to_the_comfort_package_for_10700(event: Event) -> None:
    offers = event.upgrades("comfort", TRAINING)
    assert (offers[0].tariff.code, offers[0].difference) == ("package_comfort", 10700)


def test_premium_upgrade_is_the_premium_package_for_11900(event: Event) -> None:
    offers = event.upgrades("premium", TRAINING)
    assert [(u.tariff.code, u.difference) for u in offers] == [("package_premium", 11900)]


def test_upgrades_without_an_explicit_list_are_dearer_supersets(tmp_path: Path) -> None:
    text = DEFAULT_EVENT_FILE.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("upgrade_to"))
    path = tmp_path / "event.toml"
    path.write_text(text, encoding="utf-8")
    offers = load_event(path).upgrades("comfort", TRAINING)
    assert [(u.tariff.code, u.difference) for u in offers] == [
        ("package_comfort", 10700),
        ("package_premium", 17900),
    ]


def test_event_file_can_be_chosen_with_kiosk_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "other.toml"
    path.write_text(
        DEFAULT_EVENT_FILE.read_text(encoding="utf-8").replace(
            'id = "servicenext-2026"', 'id = "other-2027"'
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("KIOSK_EVENT", str(path))
    assert load_event().id == "other-2027"


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_EVENT_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ("price = 16000", 'price = "16 000"', "tariffs[0].price", "целое число"),
        ("price = 16000", "price = -5", "tariffs[0].price", "не меньше 0"),
        (
            'timezone = "Asia/Vladivostok"',
            'timezone = "Mars/Olympus"',
            "event.timezone",
            "часовой пояс",
        ),
        ('kind = "training"', 'kind = "party"', "days[0].kind", "training"),
        ("date = 2026-11-27", 'date = "27.11.2026"', "days[0].date", "дата"),
        ('days = ["conference"]', 'days = ["banquet"]', "tariffs[0].days", "вид дня"),
        ('days = ["conference"]', "days = [2026-12-01]", "tariffs[0].days", "не входит"),
        ('code = "premium"', 'code = "Премиум!"', "tariffs[0].code", "латинские"),
        ('code = "comfort"', 'code = "premium"', "tariffs/categories", "дважды"),
        ('badge_color = "#B8860B"', 'badge_color = "gold"', "tariffs[0].badge_color", "#1E6FB8"),
        (
            'upgrade_to = ["package_premium"]',
            'upgrade_to = ["gold"]',
            "tariffs[0].upgrade_to",
            "gold",
        ),
        (
            "min_participants = 3",
            "min_participants = 0",
            "tariffs[2].min_participants",
            "не меньше 1",
        ),
        ('opens = "10:00"', 'opens = "ten"', "days[0].opens", "09:00"),
    ],
)
def test_a_wrong_value_is_reported_with_its_key(
    tmp_path: Path, old: str, new: str, key: str, words: str
) -> None:
    with pytest.raises(EventFileError) as caught:
        load_event(_broken(tmp_path, old, new))
    message = str(caught.value)
    assert message.startswith("broken.toml: ")
    assert key in message
    assert words in message


def test_missing_required_key_is_named(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'title = "Премиум"\n', "")
    with pytest.raises(EventFileError, match=r"tariffs\[0\]\.title: обязательное поле"):
        load_event(path)


def test_toml_syntax_error_is_one_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[event\nname = ", encoding="utf-8")
    with pytest.raises(EventFileError, match="ошибка TOML"):
        load_event(path)


def test_binary_file_is_refused_as_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bin.toml"
    path.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(EventFileError, match="UTF-8"):
        load_event(path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(EventFileError, match="не найден"):
        load_event(tmp_path / "nope.toml")


def test_messages_are_in_english_when_asked(tmp_path: Path) -> None:
    set_language("en")
    with pytest.raises(EventFileError, match="must be a whole number of roubles"):
        load_event(_broken(tmp_path, "price = 16000", "price = 1.5"))


def test_event_is_frozen(event: Event) -> None:
    with pytest.raises(AttributeError):
        event.name = "x"  # type: ignore[misc]


def test_the_consent_text_comes_from_the_event_file_in_both_languages(event: Event) -> None:
    assert "152-ФЗ" in event.consent and "office@uspeh-vl.ru" in event.consent
    assert "152-FZ" in event.consent_en
    assert "\n" not in event.consent  # the file's line breaks are only for editing


def test_an_event_file_without_a_consent_text_gets_a_generic_one(tmp_path: Path) -> None:
    text = DEFAULT_EVENT_FILE.read_text(encoding="utf-8")
    start = text.index("# The consent")
    end = text.index('"""\n', text.index('consent_en = """') + 20) + 4
    path = tmp_path / "plain.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    plain = load_event(path)
    assert "152-ФЗ" in plain.consent and "Сервис NEXT" not in plain.consent


def test_an_empty_consent_text_is_refused_with_its_key(tmp_path: Path) -> None:
    text = DEFAULT_EVENT_FILE.read_text(encoding="utf-8")
    start = text.index('consent = """')
    end = text.index('"""\n', start + 20) + 4
    path = tmp_path / "empty.toml"
    path.write_text(text[:start] + 'consent = "  "\n' + text[end:], encoding="utf-8")
    with pytest.raises(EventFileError, match=r"event\.consent"):
        load_event(path)


def test_the_event_has_english_names_for_the_kiosk_and_falls_back_to_its_own(
    event: Event, tmp_path: Path
) -> None:
    assert event.title_in("en") == ("Service NEXT", "Vladivostok")
    assert event.title_in("ru") == ("Сервис NEXT", "Владивосток")
    path = _broken(tmp_path, 'short_name_en = "Service NEXT"\n', "")
    assert load_event(path).title_in("en")[0] == "Сервис NEXT"


# ---- a file of sensible size, and the retention period -----------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_not_read_as_an_event_file() -> None:
    with pytest.raises(EventFileError, match="не файл события"):
        load_event("/dev/zero")


def test_a_folder_is_not_an_event_file(tmp_path: Path) -> None:
    with pytest.raises(EventFileError, match="не файл события"):
        load_event(tmp_path)


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b"# " + b"x" * MAX_EVENT_FILE_BYTES + b"\n")
    with pytest.raises(EventFileError, match="слишком большой"):
        load_event(huge)


def test_the_retention_period_defaults_to_thirty_days_after_the_end(event: Event) -> None:
    assert event.retention_days == DEFAULT_RETENTION_DAYS == 30
    assert event.local_time(event.ends_at).isoformat() == "2026-11-28T18:00:00+10:00"


def test_a_retention_period_that_is_not_a_number_of_days_names_the_key(tmp_path: Path) -> None:
    text = DEFAULT_EVENT_FILE.read_text(encoding="utf-8").replace(
        "retention_days = 30", 'retention_days = "месяц"'
    )
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(EventFileError, match="retention_days"):
        load_event(bad)
