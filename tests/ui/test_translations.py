"""The interface is Russian by default, with every text translated; English is the source."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import QCoreApplication

from ui.app import TRANSLATIONS


def test_every_interface_text_has_a_russian_translation() -> None:
    tree = ET.parse(TRANSLATIONS / "desk_ru.ts")
    unfinished = [
        m.findtext("source")
        for m in tree.getroot().iter("message")
        if m.find("translation") is not None
        and m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")  # type: ignore[union-attr]
    ]
    assert unfinished == []


def test_the_compiled_translation_is_loaded(qapp: object) -> None:
    assert QCoreApplication.translate("ResultPanel", "Unknown code") == "Код не найден"
