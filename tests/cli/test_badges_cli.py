"""`kiosk layouts`, `badge`, `badges` and `print` as a person or a script uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp

from kiosk.cli import Exit
from tests.cli.test_cli import Kiosk


@pytest.fixture
def kiosk(db_url: str, capsys: pytest.CaptureFixture[str]) -> Kiosk:
    return Kiosk(db_url, capsys)


def codes_in(pdf: Path) -> list[str]:
    found = []
    for page in pypdfium2.PdfDocument(pdf.read_bytes()):
        found += [r.text for r in zxingcpp.read_barcodes(page.render(scale=150 / 72).to_pil())]
    return found


def test_layouts_lists_name_page_and_per_page(kiosk: Kiosk) -> None:
    status, doc = kiosk.json("layouts")
    assert status == 0
    by_name = {x["name"]: x for x in doc["layouts"]}
    assert by_name["a4-90x55"]["page_mm"] == [210.0, 297.0]
    assert by_name["a4-90x55"]["per_page"] == 10


def test_badge_writes_a_pdf_and_a_second_time_needs_reprint(kiosk: Kiosk, tmp_path: Path) -> None:
    maria = kiosk.register("--pay", "card")
    out = tmp_path / "maria.pdf"
    status, doc = kiosk.json("badge", maria["code"], "-o", str(out), "--layout", "a6")
    assert status == 0 and codes_in(out) == [maria["code"]]
    status, doc = kiosk.json("badge", maria["code"], "-o", str(out))
    assert status == Exit.ALREADY_PRINTED and doc["field"] == "reprint"
    status, doc = kiosk.json("badge", maria["code"], "-o", str(out), "--reprint")
    assert status == 0 and doc["reprints"] == 1


def test_badges_batch_sorted_by_surname_on_a4_sheets(kiosk: Kiosk, tmp_path: Path) -> None:
    kiosk.json("demo", "--count", "25", "--seed", "3")
    out = tmp_path / "batch.pdf"
    status, doc = kiosk.json("badges", "--not-printed", "--layout", "a4-90x55", "-o", str(out))
    assert status == 0 and doc["count"] == 25
    assert len(pypdfium2.PdfDocument(out.read_bytes())) == 3
    assert sorted(codes_in(out)) == sorted(doc["codes"])
    status, doc = kiosk.json("badges", "--not-printed", "-o", str(out))
    assert status == Exit.NOT_FOUND


def test_print_to_a_pdf_folder(
    kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    maria = kiosk.register("--pay", "card")
    monkeypatch.setenv("KIOSK_PRINTER", f"pdf:{tmp_path / 'jobs'}")
    status, doc = kiosk.json("print", maria["code"])
    assert status == 0
    assert codes_in(Path(doc["file"])) == [maria["code"]]
    status, doc = kiosk.json("print", maria["code"])
    assert status == Exit.ALREADY_PRINTED
    status, _out, err = kiosk("print", maria["code"])
    assert "--reprint" in err


def test_print_uses_the_desk_settings_printer(kiosk: Kiosk, tmp_path: Path) -> None:
    import os

    ini = Path(os.environ["XDG_CONFIG_HOME"]) / "kiosk-desk" / "desk.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text(f"[General]\nprinter=pdf:{tmp_path / 'desk'}\n", encoding="utf-8")
    maria = kiosk.register("--pay", "card")
    status, doc = kiosk.json("print", maria["code"])
    assert status == 0 and str(tmp_path / "desk") in doc["file"]


@pytest.mark.parametrize(
    ("args", "status", "words"),
    [
        (["print", "ZZZZ-ZZZZ-ZZZZ", "--printer", "pdf:/tmp/x"], Exit.NOT_FOUND, "не найден"),
        (["print", "ZZZZ-ZZZZ-ZZZZ"], Exit.PRINTER, "Принтер не выбран"),
        (["badge", "X", "-o", "out.txt"], Exit.INVALID, ".pdf"),
        (["badge", "X", "-o", "out.pdf", "--layout", "nope"], Exit.INVALID, "Нет макета"),
        (["badges", "-o", "out.pdf"], Exit.INVALID, "--all"),
        (["badges", "--all", "--tariff", "vip", "-o", "out.pdf"], Exit.INVALID, "vip"),
    ],
)
def test_bad_input_to_badge_commands(
    kiosk: Kiosk, args: list[str], status: int, words: str
) -> None:
    got, out, err = kiosk(*args)
    assert got == status and words in err and "Traceback" not in err
    got, out, _err = kiosk(*args, "--json")
    assert got == status and "error" in json.loads(out)


def test_a_pdf_path_that_is_a_folder_is_refused_in_the_users_language(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    maria = kiosk.register("--pay", "card")
    folder = tmp_path / "d.pdf"
    folder.mkdir()
    status, _out, err = kiosk("badge", maria["code"], "-o", str(folder))
    assert status == Exit.INVALID and "это папка" in err and "Is a directory" not in err
