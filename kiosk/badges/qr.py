"""QR symbols for badge codes: alphanumeric mode, error correction chosen for the box, best mask.

The `qrcode` library supplies the function patterns; the codewords (Reed–Solomon) are made
here, and placing the bits and choosing the mask is done on the whole symbol held as one
integer. The standard asks for the mask with the lowest penalty; `qrcode` finds it by building
and scoring eight full matrices (about 3 ms). Here the eight candidates are XORs of one
placement, each row and each column (the symbol is placed transposed as well) one stretch of
bits with a light margin and a gap to the next, and every rule of the penalty is a handful of
shifts, ANDs and bit counts over the whole symbol (about 0.1 ms for all eight).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Final

import qrcode
from qrcode import util
from qrcode.base import rs_blocks
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

from kiosk.badges.layouts import MIN_MODULE_MM, QUIET_ZONE

ALPHANUMERIC_ORDER: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
ALPHANUMERIC: Final = frozenset(ALPHANUMERIC_ORDER)
LEVELS: Final = (ERROR_CORRECT_H, ERROR_CORRECT_Q, ERROR_CORRECT_M, ERROR_CORRECT_L)
LEVEL_NAMES: Final = {
    ERROR_CORRECT_L: "L",
    ERROR_CORRECT_M: "M",
    ERROR_CORRECT_Q: "Q",
    ERROR_CORRECT_H: "H",
}
# A 1:1:3:1:1 finder-like pattern with four light modules before it, after it, or both.
_LIGHT_BEFORE: Final = "00001011101"
_LIGHT_AFTER: Final = "10111010000"
_LIGHT_AROUND: Final = "000010111010000"
_DARK: Final = re.compile(r"1+")
_MARGIN: Final = 4
"""Light modules counted on each side of a row or column by the finder-like rule (N3)."""


@dataclass(frozen=True)
class Plan:
    level: int
    version: int

    @property
    def modules(self) -> int:
        return 17 + 4 * self.version


@dataclass(frozen=True)
class Symbol:
    """A QR symbol: `rows[r]` has bit (n - 1 - c) set where module (r, c) is dark."""

    plan: Plan
    mask: int
    rows: tuple[int, ...]

    @property
    def size(self) -> int:
        return self.plan.modules

    def dark(self, row: int, col: int) -> bool:
        return bool(self.rows[row] >> (self.size - 1 - col) & 1)

    def rectangles(self) -> list[tuple[int, int, int, int]]:
        """(column, row, width, height) rectangles that cover exactly the dark modules.

        Each is a horizontal run of dark modules, extended down over the rows below that
        have the same run, so a symbol takes about a hundred rectangles instead of hundreds
        of squares.
        """
        n = self.size
        done: list[tuple[int, int, int, int]] = []
        open_runs: dict[tuple[int, int], int] = {}  # (start, end) -> first row
        previous = -1
        for r, bits in enumerate((*self.rows, 0)):  # a light row closes every run
            if bits == previous:
                continue  # the same runs, each one row longer
            previous = bits
            spans = {m.span() for m in _DARK.finditer(format(bits, f"0{n}b"))}
            for span in [span for span in open_runs if span not in spans]:
                first = open_runs.pop(span)
                done.append((span[0], first, span[1] - span[0], r - first))
            for span in spans:
                open_runs.setdefault(span, r)
        return done


def _bits_needed(length: int, version: int) -> int:
    count_bits = int(util.length_in_bits(util.MODE_ALPHA_NUM, version))
    return 4 + count_bits + 11 * (length // 2) + 6 * (length % 2)


@cache
def plan(length: int, box_mm: float) -> Plan:
    """The strongest error correction whose symbol keeps modules of at least 0.5 mm.

    The box holds the symbol and its 4-module quiet zone; codes of one length always get
    the same plan, so this runs once per layout.
    """
    for level in LEVELS:
        for version in range(1, 41):
            if _bits_needed(length, version) <= util.BIT_LIMIT_TABLE[level][version]:
                break
        else:
            continue
        if box_mm / (17 + 4 * version + 2 * QUIET_ZONE) >= MIN_MODULE_MM - 1e-9:
            return Plan(level, version)
    raise ValueError(f"a QR code of {length} characters does not fit {box_mm} mm")


@dataclass(frozen=True)
class _Geometry:
    """Where module (r, c) of an n × n symbol sits in the one integer the penalty works on.

    Row r is a stretch of `stride` bits, highest first: four margin bits (light for rule N3),
    the n modules from column 0, four margin bits, and a gap bit that is neither dark nor
    light, so no run or pattern reaches into the next row. The transposed symbol is laid out
    the same way, so its rows are the symbol's columns.
    """

    n: int

    @property
    def stride(self) -> int:
        return self.n + 2 * _MARGIN + 1

    def bit(self, r: int, c: int) -> int:
        return 1 << ((self.n - 1 - r) * self.stride + _MARGIN + 1 + (self.n - 1 - c))

    def from_rows(self, rows: tuple[int, ...]) -> int:
        n, stride = self.n, self.stride
        return sum(bits << ((n - 1 - r) * stride + _MARGIN + 1) for r, bits in enumerate(rows))

    def rows_of(self, whole: int) -> tuple[int, ...]:
        n, stride, mask = self.n, self.stride, (1 << self.n) - 1
        return tuple(whole >> ((n - 1 - r) * stride + _MARGIN + 1) & mask for r in range(n))

    @cached_property
    def modules(self) -> int:
        return self.from_rows(((1 << self.n) - 1,) * self.n)

    @cached_property
    def padded(self) -> int:
        """Every module and margin bit: light wherever the symbol is not dark, for N3."""
        row = (1 << (self.n + 2 * _MARGIN)) - 1
        return sum(row << (r * self.stride + 1) for r in range(self.n))

    @cached_property
    def block_corners(self) -> int:
        """The top-left modules of the 2 × 2 blocks (rule N2)."""
        n = self.n
        return self.from_rows(((1 << n) - 2,) * (n - 1) + (0,))


def _transposed(rows: tuple[int, ...], n: int) -> tuple[int, ...]:
    return tuple(
        sum(1 << (n - 1 - r) for r in range(n) if rows[r] >> (n - 1 - c) & 1) for c in range(n)
    )


@dataclass(frozen=True)
class _Template:
    geometry: _Geometry
    high: tuple[tuple[tuple[int, int], ...], ...]
    """Per codeword: for each value of its high nibble, its dark bits (symbol, transposed)."""
    low: tuple[tuple[tuple[int, int], ...], ...]
    function: tuple[tuple[int, int], ...]  # per mask: dark function modules incl. format info
    masks: tuple[tuple[int, int], ...]  # per mask: the mask pattern over the data modules


def _row_bits(row: list[bool | None], want: bool | None) -> int:
    n = len(row)
    return sum(1 << (n - 1 - c) for c, m in enumerate(row) if m is want)


@cache
def _template(level: int, version: int) -> _Template:
    n = 17 + 4 * version
    geometry = _Geometry(n)
    code = qrcode.QRCode(version=version, error_correction=level, border=0)
    function_rows: list[tuple[int, ...]] = []
    data: tuple[int, ...] = ()
    for mask in range(8):
        code.modules_count = n
        code.modules = [[None] * n for _ in range(n)]
        code.setup_position_probe_pattern(0, 0)
        code.setup_position_probe_pattern(n - 7, 0)
        code.setup_position_probe_pattern(0, n - 7)
        code.setup_position_adjust_pattern()
        code.setup_timing_pattern()
        code.setup_type_info(False, mask)
        if version >= 7:
            code.setup_type_number(False)
        function_rows.append(tuple(_row_bits(row, True) for row in code.modules))
        data = tuple(_row_bits(row, None) for row in code.modules)

    # Two-module columns, right to left, snaking up and down; column 6 is the timing pattern.
    order: list[tuple[int, int]] = []  # (symbol bit, transposed bit) of each data bit
    upward = True
    col = n - 1
    while col > 0:
        if col == 6:
            col -= 1
        for r in range(n - 1, -1, -1) if upward else range(n):
            for c in (col, col - 1):
                if data[r] >> (n - 1 - c) & 1:
                    order.append((geometry.bit(r, c), geometry.bit(c, r)))
        upward = not upward
        col -= 2

    def nibbles(bits: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
        return tuple(
            (
                sum(b for i, (b, _t) in enumerate(bits) if value >> (3 - i) & 1),
                sum(t for i, (_b, t) in enumerate(bits) if value >> (3 - i) & 1),
            )
            for value in range(16)
        )

    # Remainder bits past the codewords stay light before masking, as the standard says.
    codeword_bits = [order[i : i + 8] for i in range(0, len(order) - 7, 8)]
    masks = []
    for mask in range(8):
        condition = util.mask_func(mask)
        rows = tuple(
            sum(1 << (n - 1 - c) for c in range(n) if condition(r, c)) & data[r] for r in range(n)
        )
        masks.append((geometry.from_rows(rows), geometry.from_rows(_transposed(rows, n))))
    return _Template(
        geometry,
        high=tuple(nibbles(bits[:4]) for bits in codeword_bits),
        low=tuple(nibbles(bits[4:]) for bits in codeword_bits),
        function=tuple(
            (geometry.from_rows(rows), geometry.from_rows(_transposed(rows, n)))
            for rows in function_rows
        ),
        masks=tuple(masks),
    )


# GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1, as exponent and log tables.
_EXP: Final = [0] * 512
_LOG: Final = [0] * 256
_value = 1
for _i in range(255):
    _EXP[_i] = _EXP[_i + 255] = _value
    _LOG[_value] = _i
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D


@cache
def _generator_logs(degree: int) -> tuple[int, ...]:
    """The Reed–Solomon generator polynomial of `degree`, coefficients as logarithms."""
    poly = [1]
    for i in range(degree):
        poly = [
            (poly[j] if j < len(poly) else 0)
            ^ (_EXP[_LOG[poly[j - 1]] + i] if j and poly[j - 1] else 0)
            for j in range(len(poly) + 1)
        ]
    return tuple(_LOG[c] for c in poly[1:])  # the leading coefficient is 1


def _error_correction(data: list[int], degree: int) -> list[int]:
    logs = _generator_logs(degree)
    remainder = [0] * degree
    for byte in data:
        factor = byte ^ remainder[0]
        del remainder[0]
        remainder.append(0)
        if factor:
            f = _LOG[factor]
            for j, g in enumerate(logs):
                remainder[j] ^= _EXP[g + f]
    return remainder


def codewords(payload: str, chosen: Plan) -> list[int]:
    """Data and error-correction codewords, interleaved, for an alphanumeric payload."""
    blocks = rs_blocks(chosen.version, chosen.level)
    capacity = sum(b.data_count for b in blocks)
    count_bits = int(util.length_in_bits(util.MODE_ALPHA_NUM, chosen.version))
    bits, used = util.MODE_ALPHA_NUM, 4
    bits, used = bits << count_bits | len(payload), used + count_bits
    values = [ALPHANUMERIC_ORDER.index(ch) for ch in payload]
    for i in range(0, len(values) - 1, 2):
        bits, used = bits << 11 | values[i] * 45 + values[i + 1], used + 11
    if len(values) % 2:
        bits, used = bits << 6 | values[-1], used + 6
    terminator = min(4, capacity * 8 - used)
    bits, used = bits << terminator, used + terminator
    padding = -used % 8
    bits, used = bits << padding, used + padding
    data = list(bits.to_bytes(used // 8, "big"))
    data += [0xEC, 0x11] * ((capacity - len(data)) // 2 + 1)
    del data[capacity:]

    data_blocks, ec_blocks, start = [], [], 0
    for block in blocks:
        chunk = data[start : start + block.data_count]
        start += block.data_count
        data_blocks.append(chunk)
        ec_blocks.append(_error_correction(chunk, block.total_count - block.data_count))
    out = []
    for group in (data_blocks, ec_blocks):
        for i in range(max(len(b) for b in group)):
            out += [b[i] for b in group if i < len(b)]
    return out


def _runs(line: int) -> int:
    """Rule N1 for one colour: 3 + (length − 5) for each run of five or more set bits."""
    # A bit of `fives` starts five set bits; a run of length L holds L − 4 of them, the first
    # of which has none just below it: (L − 4) + 2 = 3 + (L − 5).
    fives = line & line >> 1 & line >> 2 & line >> 3 & line >> 4
    return fives.bit_count() + 2 * (fives & ~(fives << 1)).bit_count()


def _matches(pattern: str, dark: int, light: int) -> int:
    """How many times `pattern` (1 dark, 0 light, read from column 0) stands in the lines."""
    found = -1
    for i, ch in enumerate(pattern):
        found &= (dark if ch == "1" else light) << i
    return found.bit_count()


def _line_penalty(dark: int, geometry: _Geometry) -> int:
    """Rules N1 (runs of five or more) and N3 (finder-like patterns) over every line."""
    light = ~dark & geometry.modules
    score = _runs(dark) + _runs(light)
    # With four light modules before it, after it, or both (counted once): the margin is light.
    padded = ~dark & geometry.padded
    found = _matches(_LIGHT_BEFORE, dark, padded) + _matches(_LIGHT_AFTER, dark, padded)
    return score + 40 * (found - _matches(_LIGHT_AROUND, dark, padded))


def _penalty(dark: int, transposed: int, geometry: _Geometry) -> int:
    n = geometry.n
    score = 10 * (abs(20 * dark.bit_count() - 10 * n * n) // (n * n))  # N4
    # N2: a module, the one to its right, the one below and the one below-right all alike.
    right = dark ^ dark << 1
    below = dark ^ dark << geometry.stride
    alike = ~(right | below | right << geometry.stride) & geometry.block_corners
    score += 3 * alike.bit_count()
    return score + _line_penalty(dark, geometry) + _line_penalty(transposed, geometry)


def penalty(rows: tuple[int, ...], n: int) -> int:
    """The mask penalty of ISO/IEC 18004 (rules N1–N4), the light outside counted as light."""
    geometry = _Geometry(n)
    return _penalty(geometry.from_rows(rows), geometry.from_rows(_transposed(rows, n)), geometry)


def encode(payload: str, box_mm: float, mask: int | None = None) -> Symbol:
    """The symbol for `payload` (upper-case alphanumeric) in a box of `box_mm` with its quiet zone.

    `mask` forces a mask pattern (for tests); by default the lowest-penalty one is chosen.
    """
    if not payload or not set(payload) <= ALPHANUMERIC:
        raise ValueError(f"not an alphanumeric QR payload: {payload!r}")
    chosen = plan(len(payload), box_mm)
    template = _template(chosen.level, chosen.version)
    placed = placed_t = 0
    for high, low, byte in zip(
        template.high, template.low, codewords(payload, chosen), strict=True
    ):
        high_bits, high_t = high[byte >> 4]
        low_bits, low_t = low[byte & 15]
        placed |= high_bits | low_bits
        placed_t |= high_t | low_t
    candidates = [
        ((placed ^ m) | f, (placed_t ^ m_t) | f_t)
        for (m, m_t), (f, f_t) in zip(template.masks, template.function, strict=True)
    ]
    geometry = template.geometry
    if mask is None:
        mask = min(range(8), key=lambda k: _penalty(*candidates[k], geometry))
    return Symbol(chosen, mask, geometry.rows_of(candidates[mask][0]))


def qr_matrix(payload: str, box_mm: float) -> list[list[bool]]:
    """The modules as booleans, row by row (without the quiet zone)."""
    symbol = encode(payload, box_mm)
    n = symbol.size
    return [[symbol.dark(r, c) for c in range(n)] for r in range(n)]
