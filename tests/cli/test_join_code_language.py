"""A garbled join code on the command line is refused in one language, the user's."""

from __future__ import annotations

import re

import pytest

from kiosk.cli import Exit, main
from kiosk.hub.join import JoinCode
from kiosk.i18n import set_language

CODE = JoinCode("192.0.2.10", 5444, "kiosk", "kiosk_desk", "secret-password", bytes(16)).encode()
GARBLED = [
    CODE[:20] + ("Z" if CODE[20] != "Z" else "Y") + CODE[21:],  # a symbol misread
    CODE[:30],  # cut short
    "HUB1-XXXX-YYYY",
    CODE[:12] + "Ж" + CODE[13:],  # not a letter of the code
]
LATIN_WORD = re.compile(r"\b(?!HUB1\b)[A-Za-z]{2,}\b")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@pytest.mark.parametrize("garbled", GARBLED)
def test_a_garbled_join_code_is_refused_in_russian_only(
    garbled: str, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language("ru")
    assert main(["--db", garbled, "stats"]) == Exit.DATABASE
    said = capsys.readouterr().err
    assert "прочитан с ошибкой" in said
    assert LATIN_WORD.findall(said.replace("kiosk", "")) == [], said


@pytest.mark.parametrize("garbled", GARBLED)
def test_a_garbled_join_code_is_refused_in_english_only(
    garbled: str, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language("en")
    assert main(["--db", garbled, "stats"]) == Exit.DATABASE
    said = capsys.readouterr().err
    assert "misread" in said
    assert CYRILLIC.findall(said) == [], said
