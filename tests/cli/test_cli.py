"""The `kiosk` command as a person or a script uses it: text, --json, exit statuses."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import Exit, main
from kiosk.config import Event
from kiosk.present import money


class Kiosk:
    """Runs `kiosk --db … ARGS` in-process and returns (status, stdout, stderr), on a
    database `kiosk init` made (unless `init` is false)."""

    def __init__(
        self, db_url: str, capsys: pytest.CaptureFixture[str], *, init: bool = True
    ) -> None:
        self.db_url = db_url
        self.capsys = capsys
        if init:
            assert self("init")[0] == 0

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        status = main(["--db", self.db_url, "--desk", "desk-1", *args])
        out, err = self.capsys.readouterr()
        return status, out, err

    def json(self, *args: str) -> tuple[int, Any]:
        status, out, err = self(*args, "--json")
        assert err == ""
        return status, json.loads(out)

    def register(self, *extra: str, tariff: str = "comfort", phone: str = "+79147008090") -> Any:
        status, doc = self.json(
            "register",
            "--last",
            "Тютина",
            "--first",
            "Мария",
            "--phone",
            phone,
            "--tariff",
            tariff,
            "--consent",
            *extra,
        )
        assert status == 0, doc
        return doc["attendees"][0]


@pytest.fixture
def kiosk(db_url: str, capsys: pytest.CaptureFixture[str]) -> Kiosk:
    return Kiosk(db_url, capsys)


CONF_0905 = "2026-11-28T09:05:00+10:00"
TRAINING_0930 = "2026-11-27T09:30:00+10:00"


def test_init_creates_the_database(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, doc = Kiosk(db_url, capsys, init=False).json("init")
    assert status == 0 and doc["event"] == "servicenext-2026"


def test_register_then_check_in_by_code(kiosk: Kiosk) -> None:
    maria = kiosk.register("--pay", "card")
    assert set(maria) >= {
        "id",
        "code",
        "last_name",
        "first_name",
        "middle_name",
        "company",
        "position",
        "phone",
        "email",
        "tariff",
        "category",
        "paid",
        "amount_due",
        "checkins",
    }
    status, doc = kiosk.json("checkin", maria["code"], "--at", CONF_0905)
    assert status == 0
    assert doc["status"] == "checked_in"
    assert doc["day"] == "2026-11-28"
    assert doc["checked_in_at"] == CONF_0905
    assert doc["attendee"]["checkins"] == {"2026-11-28": CONF_0905}
    assert set(doc) >= {
        "status",
        "attendee",
        "day",
        "checked_in_at",
        "desk",
        "first_checked_in_at",
        "first_desk",
        "amount_due",
        "upgrades",
    }


@pytest.mark.parametrize(("language", "name"), [("ru", "командная строка"), ("en", "command line")])
def test_a_check_in_without_a_desk_name_is_the_command_lines_in_the_users_language(
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    name: str,
) -> None:
    monkeypatch.setenv("KIOSK_LANG", language)
    maria = Kiosk(db_url, capsys).register("--pay", "card")
    status = main(["--db", db_url, "checkin", maria["code"], "--at", CONF_0905, "--json"])
    assert status == 0
    assert json.loads(capsys.readouterr().out)["desk"] == name


def test_second_check_in_exits_with_the_already_status(kiosk: Kiosk) -> None:
    maria = kiosk.register("--pay", "cash")
    kiosk("checkin", maria["code"], "--at", CONF_0905)
    status, doc = kiosk.json(
        "checkin", maria["code"], "--at", "2026-11-28T09:20:00+10:00", "--desk", "desk-2"
    )
    assert status == Exit.ALREADY_CHECKED_IN == 10
    assert (doc["first_checked_in_at"], doc["first_desk"]) == (CONF_0905, "desk-1")
    assert doc["checked_in_at"] is None


def test_naive_at_is_venue_wall_clock_time(kiosk: Kiosk) -> None:
    maria = kiosk.register("--pay", "card")
    status, doc = kiosk.json("checkin", maria["code"], "--at", "2026-11-28T09:05")
    assert status == 0 and doc["checked_in_at"] == CONF_0905


def test_unpaid_then_paid_at_the_door(kiosk: Kiosk) -> None:
    maria = kiosk.register()
    status, doc = kiosk.json("checkin", maria["code"], "--at", CONF_0905)
    assert status == Exit.UNPAID and doc["amount_due"] == 10000
    status, doc = kiosk.json("checkin", maria["code"], "--at", CONF_0905, "--pay", "card")
    assert status == 0 and doc["paid_now"] == 10000


def test_training_day_offers_the_upgrade_and_sells_it(kiosk: Kiosk) -> None:
    maria = kiosk.register("--pay", "card")
    status, doc = kiosk.json("checkin", maria["code"], "--at", TRAINING_0930)
    assert status == Exit.NOT_ENTITLED
    assert doc["upgrades"][0] == {"tariff": "package_comfort", "difference": 10700}
    status, out, _ = kiosk("checkin", maria["code"], "--at", TRAINING_0930)
    assert money(10_700) in out  # one money format everywhere: 10\u202f700\u00a0₽
    status, doc = kiosk.json(
        "checkin",
        maria["code"],
        "--at",
        TRAINING_0930,
        "--upgrade",
        "package_comfort",
        "--pay",
        "card",
    )
    assert status == 0 and doc["attendee"]["tariff"] == "package_comfort"


def test_upgrade_command(kiosk: Kiosk) -> None:
    maria = kiosk.register("--pay", "card", tariff="premium")
    status, doc = kiosk.json("upgrade", maria["code"], "--tariff", "package_premium")
    assert status == 0 and doc["attendee"]["amount_due"] == 11900


def test_unknown_code_and_not_an_event_day_have_their_own_statuses(kiosk: Kiosk) -> None:
    status, doc = kiosk.json("checkin", "7KQ2-M9XD-H3TR", "--day", "2026-11-28")
    assert status == Exit.UNKNOWN_CODE and doc["status"] == "unknown_code"
    maria = kiosk.register("--pay", "card")
    status, doc = kiosk.json("checkin", maria["code"], "--day", "2026-12-01")
    assert status == Exit.NOT_AN_EVENT_DAY


@pytest.mark.parametrize("text", ["https://example.com/t/7KQ2", "4607001234567", "036000291452"])
def test_checking_in_a_link_or_a_product_barcode_says_it_is_not_a_registration_code(
    kiosk: Kiosk, text: str
) -> None:
    status, out, err = kiosk("checkin", text)
    assert status == Exit.NOT_A_CODE == 16
    assert err == f"Ошибка: {text} — не код регистрации: код бейджа выглядит так: 7KQ2-M9XD-H3TR\n"
    assert "НЕ НАЙДЕН" not in out + err
    status, doc = kiosk.json("checkin", text)
    assert status == 16 and doc["status"] == "not_a_code" and doc["field"] == "code"


def test_the_checkin_help_lists_its_exit_statuses(kiosk: Kiosk) -> None:
    status, out, _err = kiosk("checkin", "--help")
    text = " ".join(out.split())  # argparse wraps the lines
    assert status == 0
    assert "14 — код не найден" in text and "16 — это не код регистрации" in text


def test_undo_and_its_errors(kiosk: Kiosk) -> None:
    maria = kiosk.register("--pay", "card")
    kiosk("checkin", maria["code"], "--at", CONF_0905)
    status, doc = kiosk.json("undo", maria["code"], "--day", "2026-11-28", "--reason", "ошибся")
    assert status == 0 and doc["attendee"]["checkins"] == {}
    status, doc = kiosk.json("undo", maria["code"], "--day", "2026-11-28", "--reason", "ещё раз")
    assert status == Exit.INVALID and doc["field"] == "day"


def test_undo_of_the_check_in_counted_says_which_admission_set_aside_counts_now(
    kiosk: Kiosk, db_url: str, event: Event
) -> None:
    from kiosk.db import open_database
    from kiosk.services.context import Desk
    from kiosk.services.replay import OfflineCheckIn, Replayed, replay_check_in

    maria = kiosk.register("--pay", "card")
    kiosk("checkin", maria["code"], "--at", CONF_0905)
    db = open_database(db_url, event)
    try:
        at = datetime.fromisoformat("2026-11-28T09:12:00+10:00")
        late = OfflineCheckIn("n-1", maria["code"], date(2026, 11, 28), at, at, "стойка-2", "оля")
        assert replay_check_in(Desk(db, event), late).outcome is Replayed.DUPLICATE
    finally:
        db.dispose()
    status, out, _err = kiosk("undo", maria["code"], "--day", "2026-11-28", "--reason", "ошибся")
    assert status == 0
    assert out.splitlines()[1] == "  Засчитан вход, отложенный как двойной: стойка-2 09:12:00"
    status, doc = kiosk.json("show", maria["code"])
    assert doc["attendee"]["checkins"] == {"2026-11-28": "2026-11-28T09:12:00+10:00"}
    assert doc["offline_duplicates"] == {"to_review": [], "reviewed": []}


def test_search_and_show(kiosk: Kiosk) -> None:
    maria = kiosk.register("--pay", "card")
    status, doc = kiosk.json("search", "тют")
    assert status == 0 and [r["code"] for r in doc["results"]] == [maria["code"]]
    status, out, _ = kiosk("search", "tyutina")
    assert "Тютина Мария" in out
    status, doc = kiosk.json("show", maria["code"].lower())
    assert status == 0 and doc["attendee"]["id"] == maria["id"]
    status, doc = kiosk.json("show", "ZZZZ-ZZZZ-ZZZZ")
    assert status == Exit.NOT_FOUND and doc["field"] == "code"


def test_json_may_come_before_the_command(kiosk: Kiosk) -> None:
    # `kiosk --json search …` was refused («непонятные аргументы: --json»).
    maria = kiosk.register("--pay", "card")
    status, out, err = kiosk("--json", "search", "тют")
    assert status == 0 and err == ""
    assert [r["code"] for r in json.loads(out)["results"]] == [maria["code"]]
    status, out, _err = kiosk("--json", "show", "ZZZZ-ZZZZ-ZZZZ")
    assert status == Exit.NOT_FOUND and json.loads(out)["field"] == "code"
    status, out, _err = kiosk("search", "тют")
    assert status == 0 and not out.startswith("{")  # text without it


def test_register_team_with_members(kiosk: Kiosk) -> None:
    status, doc = kiosk.json(
        "register",
        "--last",
        "Федорова",
        "--first",
        "Ольга",
        "--phone",
        "8 914 700 80 91",
        "--tariff",
        "team",
        "--team-size",
        "3",
        "--member",
        "Петров Пётр",
        "--member",
        "Сидорова Анна Ивановна",
        "--pay",
        "invoice",
        "--consent",
    )
    assert status == 0
    assert [a["last_name"] for a in doc["attendees"]] == ["Федорова", "Петров", "Сидорова"]
    assert doc["total_price"] == 24000


def test_team_of_two_is_refused(kiosk: Kiosk) -> None:
    status, doc = kiosk.json(
        "register",
        "--last",
        "Федорова",
        "--first",
        "Ольга",
        "--phone",
        "8 914 700 80 91",
        "--tariff",
        "team",
        "--team-size",
        "2",
        "--consent",
    )
    assert status == Exit.INVALID
    assert doc["field"] == "team_size" and "3" in doc["error"]


def test_duplicate_phone_is_refused_with_its_own_status(kiosk: Kiosk) -> None:
    maria = kiosk.register()
    status, doc = kiosk.json(
        "register",
        "--last",
        "Иная",
        "--first",
        "Анна",
        "--phone",
        "8 (914) 700-80-90",
        "--tariff",
        "comfort",
        "--consent",
    )
    assert status == Exit.DUPLICATE and doc["field"] == "phone"
    assert doc["existing_code"] == maria["code"]


def test_stats_counts_expected_and_checked_in_per_day_and_tariff(kiosk: Kiosk) -> None:
    maria = kiosk.register("--pay", "card")
    kiosk.register("--pay", "card", tariff="package_comfort", phone="+79140000005")
    kiosk("checkin", maria["code"], "--at", CONF_0905)
    status, doc = kiosk.json("stats")
    assert status == 0
    days = {d["day"]: d for d in doc["days"]}
    assert days["2026-11-27"]["expected"] == 1 and days["2026-11-27"]["checked_in"] == 0
    assert days["2026-11-28"]["expected"] == 2 and days["2026-11-28"]["checked_in"] == 1
    assert days["2026-11-28"]["by_tariff"]["comfort"] == {"expected": 1, "checked_in": 1}
    status, doc = kiosk.json("stats", "--day", "2026-11-27")
    assert [d["day"] for d in doc["days"]] == ["2026-11-27"]


def test_demo_is_deterministic_for_a_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = []
    for name in ("a", "b"):
        k = Kiosk(f"sqlite:///{tmp_path / name}.sqlite3", capsys)
        status, doc = k.json("demo", "--count", "40", "--seed", "7")
        assert status == 0 and doc["added"] == 40
        status, doc = k.json("export", "attendees", "-o", str(tmp_path / f"{name}.csv"))
        assert status == 0
        with (tmp_path / f"{name}.csv").open(encoding="utf-8-sig", newline="") as exported:
            rows = list(csv.reader(exported, delimiter=";"))
        header = rows[0]
        keep = [header.index(c) for c in header if c not in ("Код", "Code")]
        found.append(sorted(tuple(row[i] for i in keep) for row in rows[1:]))
    assert found[0] == found[1]
    assert len(found[0]) == 40  # every attendee
    tariff_column = [c for c in header if c not in ("Код", "Code")].index("Тариф")
    assert len({row[tariff_column] for row in found[0]}) >= 4


BAD_INPUT = [
    (["checkin"], "code"),
    (["checkin", "X", "--day", "28.11.2026"], "ГГГГ-ММ-ДД"),
    (["checkin", "X", "--at", "yesterday"], "2026-11-28T09:05"),
    (["checkin", "X", "--pay", "bitcoin"], "cash"),
    (["search", "x" * 5000], "слишком длинное"),
    (["search", "x" * 300], "Слишком длинный запрос"),
    (["demo", "--count", "0"], "от 1"),
    (["demo", "--count", "many"], "целое число"),
    (
        [
            "register",
            "--last",
            "",
            "--first",
            "Анна",
            "--phone",
            "+79140000000",
            "--tariff",
            "comfort",
            "--consent",
        ],
        "Фамилия",
    ),
    (
        [
            "register",
            "--last",
            "А",
            "--first",
            "Б",
            "--phone",
            "+79140000000",
            "--tariff",
            "vip",
            "--consent",
        ],
        "vip",
    ),
    (
        [
            "register",
            "--last",
            "А",
            "--first",
            "Б",
            "--phone",
            "+79140000000",
            "--tariff",
            "comfort",
        ],
        "152-ФЗ",
    ),
    (
        ["register", "--last", "А", "--first", "Б", "--phone", "+79140000000", "--consent"],
        "--tariff",
    ),
    (["undo", "X", "--day", "2026-11-28", "--reason", ""], ""),
    (["stats", "--day", "2030-01-01"], "не день события"),
    (["frobnicate"], "frobnicate"),
    ([], ""),
]


@pytest.mark.parametrize(("args", "words"), BAD_INPUT)
def test_bad_input_gets_a_clear_message_and_a_non_zero_status(
    kiosk: Kiosk, args: list[str], words: str
) -> None:
    status, out, err = kiosk(*args)
    assert status != 0
    assert "Traceback" not in out + err
    assert words in err
    status, out, err = kiosk(*args, "--json")
    assert status != 0
    doc = json.loads(out)
    assert set(doc) >= {"error", "field"}


def test_invalid_input_exits_2(kiosk: Kiosk) -> None:
    assert kiosk("checkin", "X", "--day", "nope")[0] == Exit.INVALID == 2


def test_binary_and_control_characters_are_refused(kiosk: Kiosk) -> None:
    status, _out, err = kiosk(
        "register",
        "--last",
        "\udcff\udcfe",
        "--first",
        "Б",
        "--phone",
        "+79140000000",
        "--tariff",
        "comfort",
        "--consent",
    )
    assert status == 2 and "байты" in err
    status, _out, err = kiosk(
        "register",
        "--last",
        "Ab\x07c",
        "--first",
        "Б",
        "--phone",
        "+79140000000",
        "--tariff",
        "comfort",
        "--consent",
    )
    assert status == 2 and "недопустимые символы" in err


def test_sql_looking_query_is_harmless(kiosk: Kiosk) -> None:
    kiosk.register()
    status, doc = kiosk.json("search", "' OR 1=1; DROP TABLE attendees; --")
    assert status == 0 and doc["results"] == []
    status, doc = kiosk.json("search", "тют")
    assert len(doc["results"]) == 1


def test_database_of_another_event_is_refused(
    kiosk: Kiosk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kiosk("init")
    from kiosk.config import DEFAULT_EVENT_FILE

    other = tmp_path / "other.toml"
    other.write_text(
        DEFAULT_EVENT_FILE.read_text(encoding="utf-8").replace(
            'id = "servicenext-2026"', 'id = "other-2027"'
        ),
        encoding="utf-8",
    )
    status = main(["--db", kiosk.db_url, "--event", str(other), "stats"])
    _out, err = capsys.readouterr()
    assert status == Exit.DATABASE
    assert "servicenext-2026" in err and "other-2027" in err


def test_broken_event_file_is_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[event]\nid = 'x'\n", encoding="utf-8")
    status = main(["--db", f"sqlite:///{tmp_path / 'x.sqlite3'}", "--event", str(bad), "init"])
    _out, err = capsys.readouterr()
    assert status == Exit.INVALID
    assert "bad.toml" in err and "Traceback" not in err


def test_bad_database_url_is_one_message(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--db", "nosuchdb://x/y", "init"])
    _out, err = capsys.readouterr()
    assert status == Exit.DATABASE and "Traceback" not in err


def test_english_messages(kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_LANG", "en")
    status, _out, err = kiosk("checkin", "X", "--day", "28.11.2026")
    assert status == 2 and "use YYYY-MM-DD" in err


def test_python_m_kiosk_and_console_script_work_from_a_clean_process(tmp_path: Path) -> None:
    env = {**os.environ, "KIOSK_DB": f"sqlite:///{tmp_path / 'p.sqlite3'}", "TZ": "UTC"}
    subprocess.run([sys.executable, "-m", "kiosk", "init"], env=env, check=True, timeout=120)
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "stats", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["attendees"] == 0
    script = Path(sys.executable).with_name("kiosk")
    if script.exists():
        out = subprocess.run(
            [str(script), "--help"], env=env, capture_output=True, text=True, timeout=120
        )
        assert out.returncode == 0 and "checkin" in out.stdout


def test_default_database_lives_in_the_user_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["init", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert status == 0
    assert doc["database"].startswith("sqlite:///")
    assert str(Path(os.environ["XDG_DATA_HOME"])) in doc["database"]


def test_checkin_at_0905_venue_time_while_the_process_runs_in_utc(tmp_path: Path) -> None:
    env = {**os.environ, "KIOSK_DB": f"sqlite:///{tmp_path / 'tz.sqlite3'}", "TZ": "UTC"}

    def kiosk(*args: str) -> dict[str, Any]:
        out = subprocess.run(
            [sys.executable, "-m", "kiosk", *args, "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return dict(json.loads(out.stdout))

    kiosk("init")
    maria = kiosk(
        "register",
        "--last",
        "Утренняя",
        "--first",
        "Мария",
        "--phone",
        "+79140000077",
        "--tariff",
        "comfort",
        "--pay",
        "card",
        "--consent",
    )
    code = maria["attendees"][0]["code"]
    doc = kiosk("checkin", code, "--at", "2026-11-27T23:05:00+00:00")
    assert doc["status"] == "checked_in"
    assert doc["day"] == "2026-11-28"
    assert doc["checked_in_at"] == "2026-11-28T09:05:00+10:00"


def test_checkin_json_reports_the_badge_and_when_it_was_recorded(kiosk: Kiosk) -> None:
    maria = kiosk.register("--pay", "card")
    status, doc = kiosk.json("checkin", maria["code"], "--at", CONF_0905)
    assert status == Exit.OK
    assert doc["badge"] == "print"
    assert doc["checked_in_at"] == CONF_0905
    assert doc["recorded_at"] is not None
    assert doc["entered_afterwards"] is True  # the scan is recorded now, not at 09:05 that day


def test_an_entry_for_a_past_day_without_a_time_has_no_arrival_time(kiosk: Kiosk) -> None:
    maria = kiosk.register("--pay", "card", tariff="package_comfort")
    status, doc = kiosk.json("checkin", maria["code"], "--day", "2026-11-27")
    assert status == Exit.OK
    assert doc["checked_in_at"] is None
    assert doc["entered_afterwards"] is True
    _status, shown = kiosk.json("show", maria["code"])
    assert shown["attendee"]["checkins"] == {"2026-11-27": None}
    assert shown["attendee"]["checkins_recorded"]["2026-11-27"]["entered_afterwards"] is True
    status, out, _err = kiosk("checkin", maria["code"], "--day", "2026-11-27")
    assert status == Exit.ALREADY_CHECKED_IN
    assert "время прихода не указано" in out


def test_swap_names_exchanges_surname_and_first_name(kiosk: Kiosk) -> None:
    maria = kiosk.register()
    status, doc = kiosk.json("swap-names", maria["code"])
    assert status == 0
    assert (doc["attendee"]["last_name"], doc["attendee"]["first_name"]) == ("Мария", "Тютина")
    status, out, _ = kiosk("swap-names", maria["code"])
    assert status == 0 and out.startswith("Тютина Мария")
    status, doc = kiosk.json("swap-names", "ZZZZ-ZZZZ-ZZZZ")
    assert status == Exit.NOT_FOUND


def test_an_invoice_at_the_door_is_an_invoice_issued_not_money_taken(kiosk: Kiosk) -> None:
    maria = kiosk.register()
    status, out, _err = kiosk("checkin", maria["code"], "--at", CONF_0905, "--pay", "invoice")
    assert status == 0 and "Выставлен счёт на 10\u202f000\xa0₽" in out
    assert "Принята оплата" not in out
    other = kiosk.register(phone="+79147000003")
    status, doc = kiosk.json("checkin", other["code"], "--at", CONF_0905, "--pay", "invoice")
    assert (doc["paid_now"], doc["paid_with"]) == (10000, "invoice")
    third = kiosk.register(phone="+79147000004")
    status, out, _err = kiosk("checkin", third["code"], "--at", CONF_0905, "--pay", "cash")
    assert "Принята оплата: 10\u202f000\xa0₽" in out
