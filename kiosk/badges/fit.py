"""Fitting text into a box: shrink to the minimum size, then wrap, then cut with an ellipsis.

Widths come from the font metrics (no drawing), so a fit costs microseconds and the same
label on every badge of a batch is fitted once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, combinations
from typing import Final

from reportlab.pdfbase import pdfmetrics

from kiosk.badges.fonts import ASCENT, DESCENT, LEADING, SOFT_HYPHEN, coverage

ELLIPSIS: Final = "…"
HYPHEN: Final = "-"
MAX_CHARS: Final = 160  # anything longer is cut before fitting; it could never be read anyway
_BREAK_AFTER: Final = frozenset("-‐–—/")
_NO_LINE_START: Final = frozenset("ьъйыЬЪЙЫ")  # Russian: these never begin a hyphenated part


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class _Break:
    end: int  # the line stops before this index
    start: int  # the next line starts here
    hyphen: bool  # a hyphen is added at the line's end


def block_height(size: float, lines: int) -> float:
    """Height in points of `lines` lines of text at `size`, from glyph top to glyph bottom."""
    return size * (ASCENT + DESCENT + (lines - 1) * LEADING)


def _floor(size: float) -> float:
    return int(size * 4 + 1e-9) / 4  # quarter points: stable output, never over the box


@lru_cache(maxsize=4096)
def _char_width(font: str, ch: str) -> float:
    coverage()
    return float(pdfmetrics.stringWidth(ch, font, 1.0))


class _Text:
    """A string with its per-character widths at 1 pt and its break opportunities, the latter
    worked out only when a line break is looked for (most labels fit one line)."""

    def __init__(self, text: str, font: str) -> None:
        chars: list[str] = []
        soft: set[int] = set()
        for ch in text[: MAX_CHARS * 2]:
            if ch == SOFT_HYPHEN:
                soft.add(len(chars))
            else:
                chars.append(ch)
        if len(chars) > MAX_CHARS:
            chars = [*chars[: MAX_CHARS - 1], ELLIPSIS]
        self.text = "".join(chars)
        self.font = font
        self.prefix = [0.0, *accumulate(_char_width(font, ch) for ch in chars)]
        self.hyphen = _char_width(font, HYPHEN)
        self._soft = soft

    @cached_property
    def natural(self) -> list[_Break]:
        """Breaks at spaces, after hyphens and slashes, and at soft hyphens."""
        chars, soft = self.text, self._soft
        n = len(chars)
        natural: list[_Break] = []
        for i, ch in enumerate(chars):
            if ch == " " and 0 < i < n - 1:
                natural.append(_Break(i, i + 1, False))
            elif ch in _BREAK_AFTER and 0 < i < n - 1 and chars[i + 1] != " ":
                natural.append(_Break(i + 1, i + 1, False))
            elif i in soft and i > 0:
                natural.append(_Break(i, i, True))
        return natural

    @cached_property
    def forced(self) -> list[_Break]:
        """Breaks inside words, with a hyphen: two letters at least on each side."""
        chars = self.text
        return [
            _Break(i, i, True)
            for i in range(2, len(chars) - 1)
            if chars[i - 2].isalpha()
            and chars[i - 1].isalpha()
            and chars[i].isalpha()
            and chars[i + 1].isalpha()
            and chars[i] not in _NO_LINE_START
        ]

    def width(self, start: int, end: int, hyphen: bool = False) -> float:
        return self.prefix[end] - self.prefix[start] + (self.hyphen if hyphen else 0.0)

    def line(self, start: int, end: int, hyphen: bool = False) -> str:
        return self.text[start:end].strip() + (HYPHEN if hyphen else "")

    def split(self, breaks: tuple[_Break, ...]) -> tuple[float, tuple[str, ...]]:
        """Widest line at 1 pt and the lines, for these break points."""
        widest, lines, start = 0.0, [], 0
        for b in breaks:
            widest = max(widest, self.width(start, b.end, b.hyphen))
            lines.append(self.line(start, b.end, b.hyphen))
            start = b.start
        widest = max(widest, self.width(start, len(self.text)))
        lines.append(self.line(start, len(self.text)))
        return widest, tuple(lines)


@lru_cache(maxsize=1024)
def _text(text: str, font: str) -> _Text:
    return _Text(text, font)


@lru_cache(maxsize=4096)
def _balanced(text: str, font: str, count: int) -> tuple[float, tuple[str, ...]] | None:
    """The split into `count` lines at spaces and hyphens with the narrowest widest line."""
    t = _text(text, font)
    if count == 1:
        return t.split(())
    if len(t.natural) < count - 1:
        return None
    best: tuple[float, tuple[str, ...]] | None = None
    for breaks in combinations(t.natural, count - 1):
        option = t.split(breaks)
        if best is None or option[0] < best[0]:
            best = option
    return best


def _greedy(t: _Text, size: float, width: float, count: int) -> tuple[str, ...] | None:
    """Fill lines one by one at `size`, breaking mid-word (with a hyphen) only if needed."""
    limit = width / size
    lines: list[str] = []
    start, end = 0, len(t.text)
    while t.width(start, end) > limit:
        if len(lines) == count - 1:
            return None
        natural = [b for b in t.natural if b.end > start and t.width(start, b.end) <= limit]
        forced = [b for b in t.forced if b.end > start + 1 and t.width(start, b.end, True) <= limit]
        chosen = natural[-1] if natural else None
        if forced and (chosen is None or t.width(start, chosen.end) < limit / 2):
            chosen = forced[-1]
        if chosen is None:
            return None
        lines.append(t.line(start, chosen.end, chosen.hyphen))
        start = chosen.start
    lines.append(t.line(start, end))
    return tuple(lines)


def _ellipsised(t: _Text, size: float, width: float, count: int) -> tuple[str, ...]:
    """At `size`: as many full lines as fit, then the last one cut with an ellipsis."""
    limit = width / size
    lines: list[str] = []
    start, end = 0, len(t.text)
    for _ in range(count - 1):
        if t.width(start, end) <= limit:
            break
        breaks = [
            b
            for b in (*t.natural, *t.forced)
            if b.end > start and t.width(start, b.end, b.hyphen) <= limit
        ]
        if not breaks:
            break
        chosen = max(breaks, key=lambda b: b.end)
        lines.append(t.line(start, chosen.end, chosen.hyphen))
        start = chosen.start
    rest = t.text[start:end].strip()
    if _width_of(rest, t.font) > limit:
        ellipsis = _char_width(t.font, ELLIPSIS)
        cut = len(rest)
        while cut and _width_of(rest[:cut], t.font) + ellipsis > limit:
            cut -= 1
        rest = rest[:cut].rstrip(" -‐–—,.;:/") + ELLIPSIS
    lines.append(rest)
    return tuple(lines)


def _width_of(text: str, font: str) -> float:
    return sum(_char_width(font, ch) for ch in text)


@lru_cache(maxsize=8192)
def fit_text(
    text: str, font: str, width: float, height: float, max_pt: float, min_pt: float, lines: int
) -> Fitted:
    """The largest size from max_pt down to min_pt at which `text` fits width × height (pt).

    One line first; then 2…`lines` lines broken at spaces and hyphens (the most balanced
    split); then also mid-word with a hyphen; and as a last resort, at the minimum size,
    the text is cut with an ellipsis. Whatever is returned fits the box.
    """
    if not text:
        return Fitted(max_pt, ())
    t = _text(text, font)
    # A box too low for min_pt still gets its text, smaller, rather than overflowing.
    fits_lines = max(
        (k for k in range(1, lines + 1) if block_height(min_pt, k) <= height), default=1
    )
    for count in range(1, fits_lines + 1):
        option = _balanced(text, font, count)
        if option is None:
            continue
        widest, parts = option
        size = min(max_pt, width / widest if widest else max_pt, height / block_height(1, count))
        if size >= min_pt:
            return Fitted(_floor(size), parts)
    if fits_lines > 1:
        size = _floor(min(max_pt, height / block_height(1, fits_lines)))
        while size >= min_pt:
            parts_or_none = _greedy(t, size, width, fits_lines)
            if parts_or_none is not None:
                return Fitted(size, parts_or_none)
            size -= 0.25 if size - min_pt < 2 else 1.0
    size = min(min_pt, height / block_height(1, fits_lines))
    return Fitted(size, _ellipsised(t, size, width, fits_lines))


@lru_cache(maxsize=2048)
def fit_pair(
    first: str,
    second: str,
    font: str,
    width: float,
    height: float,
    max_pt: float,
    min_pt: float,
    lines: int,
) -> tuple[Fitted, Fitted] | None:
    """Two paragraphs (company, then position) at one size, or None if they do not both fit."""
    best: tuple[int, float, tuple[str, ...], tuple[str, ...]] | None = None
    for k1 in range(1, lines):
        for k2 in range(1, lines - k1 + 1):
            a, b = _balanced(first, font, k1), _balanced(second, font, k2)
            if a is None or b is None:
                continue
            widest = max(a[0], b[0]) or 1.0
            size = min(max_pt, width / widest, height / block_height(1, k1 + k2))
            if size < min_pt:
                continue
            option = (k1 + k2, -size, a[1], b[1])  # fewest lines, then the largest size
            if best is None or option[:2] < best[:2]:
                best = option
    if best is None:
        return None
    size = _floor(-best[1])
    return Fitted(size, best[2]), Fitted(size, best[3])
