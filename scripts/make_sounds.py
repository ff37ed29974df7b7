"""Writes the desk's three signal tones to resources/sounds/ (green, amber, red).

Green is a rising two-note chime, amber a single mid tone twice, red a low buzz — different
enough to tell apart without looking at the screen.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
OUT = Path(__file__).resolve().parent.parent / "resources" / "sounds"

TONES: dict[str, list[tuple[float, float]]] = {
    # (frequency Hz, seconds); 0 Hz is silence
    "green": [(880.0, 0.09), (0.0, 0.02), (1318.5, 0.16)],
    "amber": [(659.3, 0.14), (0.0, 0.08), (659.3, 0.14)],
    "red": [(196.0, 0.45)],
}


def samples(notes: list[tuple[float, float]]) -> bytes:
    frames = bytearray()
    for frequency, seconds in notes:
        count = int(RATE * seconds)
        for i in range(count):
            envelope = min(1.0, i / (RATE * 0.01), (count - i) / (RATE * 0.02))
            if frequency == 0:
                value = 0.0
            elif frequency < 300:  # a buzz: square-ish wave
                value = 0.35 * math.copysign(1.0, math.sin(2 * math.pi * frequency * i / RATE))
            else:
                value = 0.5 * math.sin(2 * math.pi * frequency * i / RATE)
            frames += struct.pack("<h", int(32767 * value * envelope))
    return bytes(frames)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, notes in TONES.items():
        with wave.open(str(OUT / f"{name}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(samples(notes))
        print(OUT / f"{name}.wav")


if __name__ == "__main__":
    main()
