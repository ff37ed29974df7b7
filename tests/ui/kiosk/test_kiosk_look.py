"""How the kiosk looks: every text readable against what is behind it (WCAG AA, 4.5:1),
measured on the screens as drawn, not as the style sheet means them."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.rules import Outcome
from tests.ui.conftest import PIN
from ui.kiosk.controller import Badge
from ui.kiosk.window import KioskWindow

AA = 4.5
"""WCAG 2.x level AA for normal text (the kiosk holds all its text to it, large or not)."""


def luminance(rgb: int) -> float:
    """WCAG relative luminance of a 0xRRGGBB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: int, b: int) -> float:
    dark, light = sorted((luminance(a), luminance(b)))
    return (light + 0.05) / (dark + 0.05)


def text_contrast(picture: QImage, box: QRect) -> float:
    """The contrast of the text drawn in `box` against its background: the background is
    the colour most of the box has, the text the colour that stands out from it most (the
    inside of a glyph; its anti-aliased edges only stand out less)."""
    crop = picture.copy(box)
    pixels = array("I", bytes(crop.constBits()))
    colours = Counter(pixel & 0xFFFFFF for pixel in pixels)
    background = colours.most_common(1)[0][0]
    return max(contrast(background, colour) for colour in colours)


def texts_on_screen(kiosk: KioskWindow) -> list[tuple[str, float]]:
    """(what, contrast) for every label and button text the visitor can see now (under
    «Вы ещё здесь?», only the veil's own: the screen behind it is dimmed on purpose)."""
    QApplication.processEvents()
    picture = kiosk.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    on_top: QWidget = kiosk.still_here if kiosk.still_here.isVisible() else kiosk
    found = []
    for widget in on_top.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.text().strip():
            continue
        if not widget.isVisible() or not widget.isEnabled():
            continue  # WCAG exempts inactive controls
        shown = widget.visibleRegion().boundingRect()
        if shown.isEmpty():
            continue
        box = shown.translated(widget.mapTo(kiosk, shown.topLeft()) - shown.topLeft())
        what = f"{widget.objectName() or type(widget).__name__} «{widget.text()[:40]}»"
        found.append((what, text_contrast(picture, box & picture.rect())))
    return found


def _unpaid(kiosk: KioskWindow) -> None:
    kiosk.show_refusal(Outcome.UNPAID, "Лукия", 16000)


def _already(kiosk: KioskWindow) -> None:
    kiosk.show_refusal(Outcome.ALREADY_CHECKED_IN, "Лукия", 0)


def _not_a_badge(kiosk: KioskWindow) -> None:
    kiosk.show_not_a_badge()


def _unknown(kiosk: KioskWindow) -> None:
    kiosk.show_refusal(Outcome.UNKNOWN_CODE, "", 0)


def _welcome(kiosk: KioskWindow) -> None:
    kiosk.show_welcome("Агафья", already=False)
    kiosk.show_badge(Badge.PRINTED)


def _identify_error(kiosk: KioskWindow) -> None:
    kiosk.controller.identify()
    kiosk.show_identify_error("Проверьте номер: нужен мобильный телефон")


def _letters(kiosk: KioskWindow) -> None:
    kiosk.ask_letters(more=True)
    kiosk.show_identify_error("Не нашли регистрацию с таким телефоном и фамилией.")


def _sign_up(step: str) -> Callable[[KioskWindow], None]:
    def show(kiosk: KioskWindow) -> None:
        kiosk.go(kiosk.sign_up)
        kiosk.sign_up._choose("team")
        kiosk.sign_up.show_step(step)
        kiosk.sign_up.general_error.setText("Этот телефон уже зарегистрирован.")

    return show


def _still_here(kiosk: KioskWindow) -> None:
    kiosk.go(kiosk.sign_up)
    kiosk.still_here.ask(10)


def _staff(kiosk: KioskWindow) -> None:
    kiosk.controller.pin_given(PIN)
    kiosk.controller.runner.wait()


SCREENS: dict[str, Callable[[KioskWindow], None]] = {
    "start": lambda kiosk: None,
    "unpaid (amber)": _unpaid,
    "already checked in (amber)": _already,
    "not a badge (amber)": _not_a_badge,
    "unknown code (red)": _unknown,
    "welcome (green)": _welcome,
    "identify with an error": _identify_error,
    "letters with an error": _letters,
    **{f"sign-up {step}": _sign_up(step) for step in ("name", "tariff", "team", "consent")},
    "still here?": _still_here,
    "pin": lambda kiosk: kiosk.go(kiosk.pin),
    "staff": _staff,
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_text_on_every_kiosk_screen_meets_wcag_aa_contrast(
    qtbot: QtBot, kiosk: KioskWindow, screen: str
) -> None:
    SCREENS[screen](kiosk)
    qtbot.wait(20)
    measured = texts_on_screen(kiosk)
    assert measured, f"{screen}: no text found"
    poor = [f"{what}: {ratio:.2f}:1" for what, ratio in measured if ratio < AA]
    assert poor == [], f"{screen}: {poor}"


def test_amber_screens_after_a_red_one_turn_their_text_dark(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    """The tone changes the screen's colour and its text's colour together, whatever came
    before (a red refusal's white text must not stay on amber)."""
    _unknown(kiosk)
    qtbot.wait(20)
    _unpaid(kiosk)
    qtbot.wait(20)
    assert all(ratio >= AA for _what, ratio in texts_on_screen(kiosk))
