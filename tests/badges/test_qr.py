"""QR symbols: the same modules as the reference encoder, the standard's mask choice, sizing."""

from __future__ import annotations

import random

import pytest
import qrcode
from qrcode import util
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_Q

from kiosk.badges.layouts import MIN_MODULE_MM, QUIET_ZONE, Layout, list_layouts
from kiosk.badges.qr import encode, penalty, plan
from kiosk.codes import new_code


def reference_matrix(payload: str, level: int, version: int, mask: int) -> list[list[bool]]:
    code = qrcode.QRCode(version=version, error_correction=level, border=0, mask_pattern=mask)
    code.add_data(util.QRData(payload, util.MODE_ALPHA_NUM))
    code.make(fit=False)
    return [[bool(m) for m in row] for row in code.get_matrix()]


def reference_penalty(matrix: list[list[bool]]) -> int:
    """ISO/IEC 18004 penalty written out plainly, module by module (outside counts as light)."""
    n = len(matrix)
    lines = [list(row) for row in matrix] + [[matrix[r][c] for r in range(n)] for c in range(n)]
    score = 0
    for line in lines:
        run = 1
        for i in range(1, n + 1):
            if i < n and line[i] == line[i - 1]:
                run += 1
                continue
            if run >= 5:
                score += 3 + run - 5
            run = 1
        for i in range(n - 6):
            if line[i : i + 7] == [True, False, True, True, True, False, True]:
                before = all(not line[j] for j in range(i - 4, i) if j >= 0)
                after = all(not line[j] for j in range(i + 7, i + 11) if j < n)
                score += 40 if before or after else 0
    for r in range(n - 1):
        for c in range(n - 1):
            block = {matrix[r][c], matrix[r][c + 1], matrix[r + 1][c], matrix[r + 1][c + 1]}
            score += 3 if len(block) == 1 else 0
    dark = sum(sum(row) for row in matrix)
    percent = dark * 100 / (n * n)
    score += 10 * int(abs(percent - 50) // 5)
    return score


def as_matrix(rows: tuple[int, ...], n: int) -> list[list[bool]]:
    return [[bool(bits >> (n - 1 - c) & 1) for c in range(n)] for bits in rows]


@pytest.mark.parametrize("box_mm", [15.0, 23.0])
def test_the_modules_match_the_reference_encoder_for_every_mask(box_mm: float) -> None:
    for _ in range(10):
        code = new_code()
        for mask in range(8):
            symbol = encode(code, box_mm, mask=mask)
            expected = reference_matrix(code, symbol.plan.level, symbol.plan.version, mask)
            assert as_matrix(symbol.rows, symbol.size) == expected


def test_the_fast_penalty_counts_as_the_plain_one() -> None:
    rng = random.Random(18004)
    for n in (21, 25, 29):
        for _ in range(20):
            matrix = [[rng.random() < 0.5 for _ in range(n)] for _ in range(n)]
            rows = tuple(sum(1 << (n - 1 - c) for c in range(n) if row[c]) for row in matrix)
            assert penalty(rows, n) == reference_penalty(matrix)


def test_the_mask_with_the_lowest_penalty_is_chosen() -> None:
    for _ in range(20):
        code = new_code()
        chosen = encode(code, 23.0)
        scores = [
            reference_penalty(as_matrix(encode(code, 23.0, mask=k).rows, chosen.size))
            for k in range(8)
        ]
        assert scores[chosen.mask] == min(scores)


def test_the_strongest_error_correction_that_fits_the_box_is_chosen() -> None:
    # 14 alphanumeric characters: version 1 holds them up to level Q, version 2 at level H.
    assert plan(14, 23.0).level == ERROR_CORRECT_H and plan(14, 23.0).version == 2
    assert plan(14, 15.0).level == ERROR_CORRECT_Q and plan(14, 15.0).version == 1
    with pytest.raises(ValueError):
        plan(14, 14.0)


def test_the_code_is_encoded_in_alphanumeric_mode() -> None:
    # In byte mode 14 characters would not fit version 1 at level Q.
    symbol = encode("7KQ2-M9XD-H3TR", 15.0)
    assert symbol.plan.version == 1


def test_a_payload_outside_the_alphanumeric_set_is_refused() -> None:
    with pytest.raises(ValueError):
        encode("7kq2-m9xd-h3tr", 23.0)
    with pytest.raises(ValueError):
        encode("", 23.0)


@pytest.mark.parametrize("layout", list_layouts(), ids=lambda x: x.name)
def test_every_layout_gives_modules_of_half_a_millimetre_or_more(layout: Layout) -> None:
    box = layout.boxes["qr"]
    symbol = encode(new_code(), box.w)
    assert box.w / (symbol.size + 2 * QUIET_ZONE) >= MIN_MODULE_MM
