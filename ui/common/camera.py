"""Reading badge QR codes with the laptop's camera: QtMultimedia frames decoded by zxing-cpp.

QtMultimedia is optional at run time: it comes with PySide6-Addons and, on Linux, needs the
system's PulseAudio client library. Where it cannot load, or there is no camera, the kiosk
simply works with the USB scanner and the phone number, and staff see why in its settings.
Frames are decoded off the GUI thread, a few per second, one at a time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

import zxingcpp
from PySide6.QtCore import QCoreApplication, QLoggingCategory, QObject, Signal
from PySide6.QtGui import QImage

from kiosk.codes import code_candidates

if TYPE_CHECKING:
    from ui.common.runner import Runner

log = logging.getLogger(__name__)

DECODE_EVERY_S = 0.15
"""At most this often a frame is decoded (a person holds a code up for a second or more)."""
PREVIEW_EVERY_S = 1 / 15
SAME_CODE_PAUSE_S = 4.0
"""A code still in front of the lens is not reported again for this long."""


@cache
def multimedia() -> tuple[Any, str | None]:
    """(the QtMultimedia module or None, why it is not available)."""
    # Its back-end lists every optional codec library it did not find; that is not news.
    QLoggingCategory.setFilterRules(
        "qt.multimedia.symbolsresolver=false\nqt.multimedia.ffmpeg=false"
    )
    try:
        from PySide6 import QtMultimedia
    except ImportError as exc:  # PySide6-Addons missing, or libpulse.so.0 on Linux
        return None, str(exc)
    return QtMultimedia, None


def camera_problem() -> str | None:
    """None when a camera can be used; else a sentence for staff saying why not."""
    module, problem = multimedia()
    if module is None:
        return QCoreApplication.translate(
            "Camera", "The camera support could not load: %1"
        ).replace("%1", problem or "?")
    if not module.QMediaDevices.videoInputs():
        return QCoreApplication.translate("Camera", "No camera is connected")
    return None


def decode_codes(image: QImage) -> list[str]:
    """The badge codes in the QR codes visible in `image` (other QR codes are ignored)."""
    if image.isNull():
        return []
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    found = zxingcpp.read_barcodes(
        gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    return [r.text for r in found if r.valid and code_candidates(r.text)]


class CameraScanner(QObject):
    """Watches a video sink; emits `scanned` with a badge code and `preview` with frames."""

    scanned = Signal(str)
    preview = Signal(QImage)

    def __init__(
        self,
        runner: Runner,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._clock = clock
        self._camera: Any = None
        self._session: Any = None
        self.sink: Any = None
        self.active = False
        self._decoding = False
        self._last_decode = 0.0
        self._last_preview = 0.0
        self._last_code: tuple[str, float] | None = None

    def attach(self, sink: Any) -> None:
        """Take frames from this QVideoSink (the camera's, or a test's)."""
        self.sink = sink
        sink.videoFrameChanged.connect(self._frame)

    def start(self) -> bool:
        """Open the default camera; False when there is none or QtMultimedia cannot load."""
        if self._camera is not None:
            self._camera.start()
        elif self.sink is None:
            if camera_problem() is not None:
                return False
            self._open()
        self.active = True
        return True

    def _open(self) -> None:
        module, _problem = multimedia()
        device = module.QMediaDevices.defaultVideoInput()
        self._camera = module.QCamera(device, self)
        self._session = module.QMediaCaptureSession(self)
        self._session.setCamera(self._camera)
        sink = module.QVideoSink(self)
        self._session.setVideoSink(sink)
        self.attach(sink)
        self._camera.errorOccurred.connect(
            lambda _error, text: log.warning("camera error: %s", text)
        )
        self._camera.start()

    def stop(self) -> None:
        """No more frames are read (the code last seen stays remembered for its pause)."""
        self.active = False
        if self._camera is not None:
            self._camera.stop()

    def _frame(self, frame: Any) -> None:
        if not self.active:
            return  # frames still in flight after stop()
        now = self._clock()
        want_preview = now - self._last_preview >= PREVIEW_EVERY_S
        want_decode = not self._decoding and now - self._last_decode >= DECODE_EVERY_S
        if not (want_preview or want_decode) or not frame.isValid():
            return
        image: QImage = frame.toImage()
        if want_preview:
            self._last_preview = now
            self.preview.emit(image)
        if want_decode:
            self._decoding = True
            self._last_decode = now
            self.runner.read(lambda: decode_codes(image), self._decoded, self._decode_failed)

    def _decoded(self, codes: list[str]) -> None:
        self._decoding = False
        if not self.active:
            return
        now = self._clock()
        for code in codes:
            last = self._last_code
            if last and last[0] == code and now - last[1] < SAME_CODE_PAUSE_S:
                self._last_code = (code, now)
                continue
            self._last_code = (code, now)
            self.scanned.emit(code)
            return

    def _decode_failed(self, exc: Exception) -> None:
        self._decoding = False
        log.warning("could not decode a camera frame: %s", exc)
