"""QR symbols for badge codes: alphanumeric mode, error correction chosen for the box, best mask.

The `qrcode` library supplies the data codewords (Reed–Solomon) and the function patterns;
placing the bits and choosing the mask is done here on rows held as integers. The standard
asks for the mask with the lowest penalty; `qrcode` finds it by building and scoring eight
full matrices (about 3 ms), here the eight candidates are XORs of one placement and the
penalty is counted with bit and string operations (about 0.5 ms for all eight).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
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
# Two literal-prefixed patterns scan much faster than one alternation.
_LIGHT_RUNS: Final = re.compile("00000+")
_DARK_RUNS: Final = re.compile("11111+")
# A 1:1:3:1:1 finder-like pattern with four light modules before it, after it, or both.
_LIGHT_BEFORE: Final = "00001011101"
_LIGHT_AFTER: Final = "10111010000"
_LIGHT_AROUND: Final = "000010111010000"
_DARK: Final = re.compile(r"1+")


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
        for r, bits in enumerate((*self.rows, 0)):  # a light row closes every run
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
class _Template:
    data: tuple[int, ...]  # per row: the modules that carry data (the mask applies there)
    order: tuple[tuple[int, int], ...]  # (row, bit) of each data bit in placement order
    function: tuple[tuple[int, ...], ...]  # per mask: dark function modules incl. format info
    masks: tuple[tuple[int, ...], ...]  # per mask: the mask pattern over the data modules


def _row_bits(row: list[bool | None], want: bool | None) -> int:
    n = len(row)
    return sum(1 << (n - 1 - c) for c, m in enumerate(row) if m is want)


@cache
def _template(level: int, version: int) -> _Template:
    n = 17 + 4 * version
    code = qrcode.QRCode(version=version, error_correction=level, border=0)
    function: list[tuple[int, ...]] = []
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
        function.append(tuple(_row_bits(row, True) for row in code.modules))
        data = tuple(_row_bits(row, None) for row in code.modules)

    # Two-module columns, right to left, snaking up and down; column 6 is the timing pattern.
    order: list[tuple[int, int]] = []
    upward = True
    col = n - 1
    while col > 0:
        if col == 6:
            col -= 1
        for r in range(n - 1, -1, -1) if upward else range(n):
            for c in (col, col - 1):
                bit = 1 << (n - 1 - c)
                if data[r] & bit:
                    order.append((r, bit))
        upward = not upward
        col -= 2

    masks = []
    for mask in range(8):
        condition = util.mask_func(mask)
        masks.append(
            tuple(
                sum(1 << (n - 1 - c) for c in range(n) if condition(r, c)) & data[r]
                for r in range(n)
            )
        )
    return _Template(data, tuple(order), tuple(function), tuple(masks))


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


def _line_penalty(lines: list[str]) -> int:
    """Rules N1 (runs of five or more) and N3 (finder-like patterns) over rows or columns.

    Counted by C-level string operations: a finder-like pattern 1011101 with four light
    modules before it or after it is counted once, by inclusion–exclusion over the two
    11-module patterns (neither overlaps itself, so `str.count` counts every one).
    """
    joined = "|".join(lines)
    score = 0
    for pattern in (_LIGHT_RUNS, _DARK_RUNS):
        runs = pattern.findall(joined)
        score += len("".join(runs)) - 2 * len(runs)  # 3 + (length - 5) each
    padded = "0000" + "0000|0000".join(lines) + "0000"  # the quiet zone is light
    found = padded.count(_LIGHT_BEFORE) + padded.count(_LIGHT_AFTER)
    at = padded.find(_LIGHT_AROUND)
    while at >= 0:  # rare; may overlap itself, so found one by one
        found -= 1
        at = padded.find(_LIGHT_AROUND, at + 1)
    return score + 40 * found


def penalty(rows: tuple[int, ...], n: int) -> int:
    """The mask penalty of ISO/IEC 18004 (rules N1–N4), the light outside counted as light."""
    row_text = [format(bits, f"0{n}b") for bits in rows]
    dark = sum(bits.bit_count() for bits in rows)
    score = 10 * (abs(20 * dark - 10 * n * n) // (n * n))
    inner = (1 << (n - 1)) - 1
    blocks = 0
    for a, b in pairwise(rows):
        blocks += (~((a ^ b) | (a ^ (a >> 1)) | (b ^ (b >> 1))) & inner).bit_count()
    score += 3 * blocks
    score += _line_penalty(row_text)
    return score + _line_penalty(["".join(column) for column in zip(*row_text, strict=True)])


def encode(payload: str, box_mm: float, mask: int | None = None) -> Symbol:
    """The symbol for `payload` (upper-case alphanumeric) in a box of `box_mm` with its quiet zone.

    `mask` forces a mask pattern (for tests); by default the lowest-penalty one is chosen.
    """
    if not payload or not set(payload) <= ALPHANUMERIC:
        raise ValueError(f"not an alphanumeric QR payload: {payload!r}")
    chosen = plan(len(payload), box_mm)
    template = _template(chosen.level, chosen.version)
    placed = [0] * chosen.modules
    order = template.order
    index = 0
    for byte in codewords(payload, chosen):
        for shift in range(7, -1, -1):
            if byte >> shift & 1:
                r, bit = order[index]
                placed[r] |= bit
            index += 1
    # Remainder bits past the codewords stay light before masking, as the standard says.
    candidates = [
        tuple(
            (p ^ m) | f
            for p, m, f in zip(placed, template.masks[k], template.function[k], strict=True)
        )
        for k in range(8)
    ]
    if mask is None:
        mask = min(range(8), key=lambda k: penalty(candidates[k], chosen.modules))
    return Symbol(chosen, mask, candidates[mask])


def qr_matrix(payload: str, box_mm: float) -> list[list[bool]]:
    """The modules as booleans, row by row (without the quiet zone)."""
    symbol = encode(payload, box_mm)
    n = symbol.size
    return [[symbol.dark(r, c) for c in range(n)] for r in range(n)]
