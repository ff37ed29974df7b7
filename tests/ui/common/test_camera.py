"""The kiosk's camera: frames with a badge's QR code check the visitor in."""

from __future__ import annotations

import io
from dataclasses import replace

import pypdfium2
import pytest
import qrcode
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTransform
from pytestqt.qtbot import QtBot

from kiosk.badges.layouts import load_layout
from kiosk.badges.render import render_badge
from kiosk.services.context import Desk
from tests.badges.factory import make_badge
from tests.core.factories import registered
from tests.ui.kiosk.test_kiosk import settle
from ui.common.camera import CameraScanner, camera_problem, decode_codes, multimedia
from ui.common.runner import Runner
from ui.kiosk.window import KioskWindow

needs_multimedia = pytest.mark.skipif(
    multimedia()[0] is None,
    reason=f"QtMultimedia cannot load here ({multimedia()[1]}); .ci/run installs libpulse0",
)


def camera_frame(code: str, *, angle: float = 0.0, dpi: int = 110) -> QImage:
    """What a 1280 × 720 webcam sees: a printed badge held up, a little turned, on a grey room."""
    pdf = render_badge(make_badge(code=code), load_layout("badge-90x55"))
    badge = pypdfium2.PdfDocument(pdf)[0].render(scale=dpi / 72).to_pil()
    buffer = io.BytesIO()
    badge.save(buffer, format="PNG")
    picture = QImage.fromData(buffer.getvalue())
    frame = QImage(1280, 720, QImage.Format.Format_RGB32)
    frame.fill(QColor("#6B6F75"))
    painter = QPainter(frame)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setTransform(QTransform().translate(640, 360).rotate(angle))
    painter.drawImage(QPoint(-picture.width() // 2, -picture.height() // 2), picture)
    painter.end()
    return frame


def test_a_badge_held_up_to_the_camera_is_decoded_to_its_code() -> None:
    code = "7KQ2-M9XD-H3TR"
    assert decode_codes(camera_frame(code, angle=8)) == [code]


def test_qr_codes_that_are_not_badge_codes_are_ignored() -> None:
    image = qrcode.make("https://example.ru/promo", box_size=8)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    assert decode_codes(QImage.fromData(buffer.getvalue())) == []
    assert decode_codes(QImage()) == []


def test_staff_are_told_why_there_is_no_camera() -> None:
    problem = camera_problem()
    if problem is not None:  # this machine has no camera, or no QtMultimedia
        assert "Камер" in problem


@needs_multimedia
def test_frames_from_the_camera_check_the_visitor_in_once(
    qtbot: QtBot, kiosk: KioskWindow, desk: Desk
) -> None:
    module, _problem = multimedia()
    guest = registered(desk, "comfort", last="Камерова", first="Вика")
    sink = module.QVideoSink()
    kiosk.camera.attach(sink)
    kiosk.controller.settings = replace(kiosk.controller.settings, kiosk_camera=True)
    kiosk.controller.identify()
    assert kiosk.camera.active
    frame = camera_frame(guest.code, angle=-5)
    for _ in range(3):  # the code stays in front of the lens for a while
        sink.setVideoFrame(module.QVideoFrame(frame))
        qtbot.wait(200)
        settle(qtbot, kiosk)
    qtbot.waitUntil(lambda: kiosk.current() is kiosk.welcome, timeout=5000)
    assert kiosk.welcome.greeting.text() == "Здравствуйте, Вика!"
    assert kiosk.current() is kiosk.welcome  # not a second, amber "already checked in"


@needs_multimedia
def test_the_identify_screen_shows_the_camera_picture(qtbot: QtBot, kiosk: KioskWindow) -> None:
    module, _problem = multimedia()
    sink = module.QVideoSink()
    kiosk.camera.attach(sink)
    kiosk.controller.settings = replace(kiosk.controller.settings, kiosk_camera=True)
    kiosk.controller.identify()
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGray)
    sink.setVideoFrame(module.QVideoFrame(image))
    qtbot.waitUntil(lambda: kiosk.identify_screen.camera_view.isVisible(), timeout=3000)
    assert not kiosk.identify_screen.pictogram.isVisible()
    kiosk.start_over()
    assert not kiosk.identify_screen.camera_view.isVisible()


def test_the_same_code_is_not_reported_twice_while_it_stays_in_view(qtbot: QtBot) -> None:
    now = [100.0]
    scanner = CameraScanner(Runner(), clock=lambda: now[0])
    scanner.active = True
    seen: list[str] = []
    scanner.scanned.connect(seen.append)
    scanner._decoded(["7KQ2-M9XD-H3TR"])
    now[0] += 1
    scanner._decoded(["7KQ2-M9XD-H3TR"])
    now[0] += 10
    scanner._decoded(["7KQ2-M9XD-H3TR"])
    assert seen == ["7KQ2-M9XD-H3TR", "7KQ2-M9XD-H3TR"]
