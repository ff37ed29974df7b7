"""How the kiosk looks: every text readable against what is behind it (WCAG AA, 4.5:1),
measured on the screens as drawn, not as the style sheet means them; and every screen laid
out whole on a 1280 × 720 display, with keys that stay put when a message appears."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.rules import Outcome
from tests.ui.conftest import PIN
from ui.common.hub import Link, Place
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
        if shown.isEmpty() or (shown != widget.rect() and _scrolled(widget)):
            continue  # not shown, or partly scrolled out of view (scrolling shows it whole)
        box = shown.translated(widget.mapTo(kiosk, shown.topLeft()) - shown.topLeft())
        what = f"{widget.objectName() or type(widget).__name__} «{widget.text()[:40]}»"
        found.append((what, text_contrast(picture, box & picture.rect())))
    return found


def _scrolled(widget: QWidget) -> bool:
    """Whether `widget` is inside a scroll area."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


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


# ---- layout on a small display -------------------------------------------------------------

SMALL = (1280, 720)
KEY = 64
"""The smallest key and button a finger gets (px)."""


def at_size(qtbot: QtBot, kiosk: KioskWindow, size: tuple[int, int] = SMALL) -> None:
    kiosk.lockdown = False
    kiosk.showNormal()
    kiosk.resize(*size)
    qtbot.waitUntil(lambda: kiosk.size().toTuple() == size, timeout=3000)


def whole(widget: QWidget) -> bool:
    """Drawn in full: nothing of it cut by its parent or the window."""
    return widget.visibleRegion().boundingRect() == widget.rect()


def where(kiosk: KioskWindow, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(kiosk, widget.rect().topLeft()), widget.size())


def touch_targets(kiosk: KioskWindow) -> dict[str, QRect]:
    """Every key and button shown, by name, where it is on the window."""
    QApplication.processEvents()
    return {
        button.objectName(): where(kiosk, button)
        for button in kiosk.findChildren(QAbstractButton)
        if button.isVisible()
    }


def big_fields(kiosk: KioskWindow) -> list[QLineEdit]:
    shown = [e for e in kiosk.findChildren(QLineEdit) if e.isVisible() and e.property("big")]
    return [e for e in shown if not kiosk.sign_up.members_scroll.isAncestorOf(e)]


def _screens_with_keys(kiosk: KioskWindow) -> dict[str, Callable[[], None]]:
    form = kiosk.sign_up

    def sign_up_step(step: str) -> Callable[[], None]:
        def show() -> None:
            kiosk.go(form)
            form._choose("team")
            form.show_step(step)

        return show

    return {
        "identify": lambda: kiosk.controller.identify(),
        "letters": lambda: kiosk.ask_letters(more=True),
        "pin": lambda: kiosk.go(kiosk.pin),
        **{f"sign-up {s}": sign_up_step(s) for s in ("name", "contacts", "work", "team")},
    }


@pytest.mark.parametrize("screen", ["identify", "letters", "pin", "sign-up name", "sign-up work"])
def test_at_1280_by_720_fields_keys_and_buttons_are_whole_and_full_size(
    qtbot: QtBot, kiosk: KioskWindow, screen: str
) -> None:
    at_size(qtbot, kiosk)
    _screens_with_keys(kiosk)[screen]()
    qtbot.wait(30)
    targets = touch_targets(kiosk)
    keys = [b for b in kiosk.findChildren(QAbstractButton) if b.isVisible()]
    assert keys and big_fields(kiosk)
    for widget in [*keys, *big_fields(kiosk)]:
        assert whole(widget), f"{screen}: {widget.objectName()} is cut ({where(kiosk, widget)})"
    for name, box in targets.items():
        if name.startswith("key_"):
            assert box.height() >= KEY and box.width() >= KEY, f"{screen}: {name} is {box}"


def test_at_1280_by_720_the_sign_up_fields_of_the_first_step_are_whole(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    at_size(qtbot, kiosk)
    kiosk.go(kiosk.sign_up)
    qtbot.wait(30)  # the layout is done when its requests are
    fields = kiosk.sign_up.fields
    for name in ("last_name", "first_name", "middle_name"):
        edit = fields[name].edit
        assert whole(edit) and edit.height() >= 56, f"{name}: {where(kiosk, edit)}"


ERRORS: dict[str, Callable[[KioskWindow], None]] = {
    "identify": lambda kiosk: kiosk.show_identify_error(
        "Проверьте номер: нужен мобильный телефон, например +7 914 123-45-67"
    ),
    "letters": lambda kiosk: kiosk.show_identify_error(
        "Не нашли регистрацию с таким телефоном и фамилией. Проверьте их или подойдите к "
        "стойке регистрации. Осталось попыток: 3."
    ),
    "pin": lambda kiosk: kiosk.show_pin_error(
        "Слишком много попыток. Попробуйте через 5 мин или подойдите к стойке регистрации."
    ),
    "sign-up name": lambda kiosk: kiosk.sign_up.go_next(),  # every field empty
    "sign-up contacts": lambda kiosk: kiosk.sign_up.go_next(),
    "sign-up team": lambda kiosk: kiosk.sign_up.team_size.setValue(1),  # too small a team
}


@pytest.mark.parametrize("screen", list(ERRORS))
def test_keys_and_buttons_neither_move_nor_shrink_when_a_message_appears(
    qtbot: QtBot, kiosk: KioskWindow, screen: str
) -> None:
    at_size(qtbot, kiosk)
    _screens_with_keys(kiosk)[screen]()
    qtbot.wait(30)
    before = touch_targets(kiosk)
    ERRORS[screen](kiosk)
    qtbot.wait(30)
    after = touch_targets(kiosk)
    shown = [w for w in kiosk.findChildren(QLabel) if w.property("role") == "error"]
    assert any(w.isVisible() and w.text() for w in shown), f"{screen}: no message shown"
    moved = {name: (box, after.get(name)) for name, box in before.items() if after.get(name) != box}
    assert moved == {}, f"{screen}: {moved}"


def test_at_1280_by_720_the_team_step_shows_several_members_at_once(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    at_size(qtbot, kiosk)
    form = kiosk.sign_up
    _screens_with_keys(kiosk)["sign-up team"]()
    form.team_size.setValue(6)
    qtbot.wait(30)
    rows = [row for row in form.members[:5] if all(whole(edit) for edit in row)]
    assert len(rows) >= 2, [where(kiosk, last) for last, _first in form.members[:5]]
    assert all(whole(b) for b in (form.team_minus, form.team_plus, form.next_button))


def test_at_1280_by_720_no_caption_of_the_staff_screen_is_cut_even_offline(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    """Each caption gets the height its wrapped lines need (they were squeezed to clipped
    half-lines), also with the hub's two-line offline state; what does not fit scrolls."""
    at_size(qtbot, kiosk)
    _staff(kiosk)
    link = Link(Place.HUB, True, "киоск-1", where="hub", join="HUB1-0000", offline=True, queued=14)
    kiosk.staff.show_link(link, kiosk.controller.event)
    QApplication.processEvents()
    squeezed = [
        caption.text()
        for caption in kiosk.staff.findChildren(QLabel)
        if caption.isVisible()
        and caption.text()
        and caption.height() < caption.heightForWidth(caption.width())
    ]
    assert squeezed == []
    assert whole(kiosk.staff.resume_button) and whole(kiosk.staff.quit_button)
