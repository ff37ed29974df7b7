"""Qt's own interface texts that its Russian translation (qtbase_ru) lacks: Qt 6 gave them a
shortcut letter, and the translation still has them without one, so Qt's file dialog said
«Look in:» and «Files of type:» in a Russian desk. Listed here for lupdate, which puts them
into desk_ru.ts under Qt's own context; the desk's translator then answers for them (Qt asks
every installed translator)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_OWN_TEXTS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
