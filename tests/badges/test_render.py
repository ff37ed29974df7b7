"""Rendered badges: every layout prints, every QR scans back, and no text leaves its box."""

from __future__ import annotations

import io
import re
from typing import Any

import pdfplumber
import pypdfium2
import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageStat

from kiosk.badges.layouts import QUIET_ZONE, Layout, list_layouts, load_layout
from kiosk.badges.qr import encode
from kiosk.badges.render import (
    _qr_path,
    contrast_ink,
    contrast_ratio,
    render_badge,
    render_badges,
)
from kiosk.config import load_event
from tests.badges.factory import BOTH_DAYS, make_badge, odd_people

LAYOUTS = list_layouts()
MM = 72 / 25.4


def page_images(pdf: bytes, dpi: int) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    return [page.render(scale=dpi / 72).to_pil() for page in document]


def decoded(image: Image.Image) -> list[str]:
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


def pdf_chars(pdf: bytes) -> list[list[dict[str, Any]]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [list(page.chars) for page in document.pages]


@pytest.mark.parametrize("dpi", [300, 150])
@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda x: x.name)
def test_every_qr_on_every_page_decodes_back_to_the_code(layout: Layout, dpi: int) -> None:
    people = [*odd_people(), *(make_badge() for _ in range(layout.per_page))]  # 2+ pages
    pdf = render_badges(people, layout)
    images = page_images(pdf, dpi)
    assert len(images) == -(-len(people) // layout.per_page)
    found = [text for image in images for text in decoded(image)]
    assert sorted(found) == sorted(p.code for p in people)


def text_boxes(layout: Layout, slot: int) -> dict[str, tuple[float, float, float, float]]:
    """Every text box of the badge in a slot, in PDF points from the page's top-left."""
    left, top = layout.origins_mm()[slot]
    return {
        name: ((left + b.x) * MM, (top + b.y) * MM, (left + b.x + b.w) * MM, (top + b.y + b.h) * MM)
        for name, b in layout.boxes.items()
        if name != "qr"
    }


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda x: x.name)
def test_text_stays_inside_its_box_for_long_and_odd_names(layout: Layout) -> None:
    people = odd_people()
    pages = pdf_chars(render_badges(people, layout))
    tolerance = 0.3  # points: rounding in the PDF and in pdfplumber
    for number, chars in enumerate(pages):
        slots = min(layout.per_page, len(people) - number * layout.per_page)
        boxes = [box for slot in range(slots) for box in text_boxes(layout, slot).values()]
        assert chars
        for ch in chars:
            assert any(
                x0 - tolerance <= ch["x0"]
                and ch["x1"] <= x1 + tolerance
                and y0 - tolerance <= ch["top"]
                and ch["bottom"] <= y1 + tolerance
                for x0, y0, x1, y1 in boxes
            ), (layout.name, ch["text"], ch["x0"], ch["top"])


def test_long_and_odd_names_keep_what_can_be_read() -> None:
    pages = pdf_chars(render_badges(odd_people(), load_layout("a6")))
    texts = ["".join(ch["text"] for ch in chars) for chars in pages]
    assert "Александра-" in texts[0] and "Константинопольская-" in texts[0]
    assert "O'Connor" in texts[1] and "Д'Артаньян" in texts[2] and "О’Коннор" in texts[2]
    assert "Иван" in texts[3] and not any(ch in texts[3] for ch in "😀🎉✈🌼👩💻")


def test_company_and_position_both_show_when_they_fit() -> None:
    person = make_badge(company="Ресторан Zuma", position="Управляющая")
    (chars,) = pdf_chars(render_badge(person, load_layout("badge-90x55")))
    text = "".join(ch["text"] for ch in chars)
    assert "РесторанZuma" in text.replace(" ", "") and "Управляющая" in text


def test_the_qr_holds_only_the_code() -> None:
    person = make_badge("Секретная", "Персона", "Тайная компания", "Шпион")
    (image,) = page_images(render_badge(person, load_layout("a6")), 300)
    assert decoded(image) == [person.code]


def test_the_code_is_printed_under_the_qr() -> None:
    person = make_badge()
    layout = load_layout("badge-90x55")
    (chars,) = pdf_chars(render_badge(person, layout))
    x0, top, _, bottom = text_boxes(layout, 0)["code"]
    printed = "".join(ch["text"] for ch in chars if x0 <= ch["x0"] and ch["bottom"] <= bottom)
    assert printed == person.code
    assert top >= (layout.boxes["qr"].y + layout.boxes["qr"].h) * MM - 0.01


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda x: x.name)
def test_the_qr_has_a_quiet_zone_of_at_least_four_modules_on_the_page(layout: Layout) -> None:
    dpi = 300
    px = dpi / 25.4
    person = make_badge()
    (image,) = page_images(render_badge(person, layout), dpi)
    grey = image.convert("L")
    box = layout.boxes["qr"]
    left, top = layout.origins_mm()[0]
    n = encode(person.code, box.w).size
    module = box.w / (n + 2 * QUIET_ZONE)
    # The symbol's dark modules, found on the page inside the QR box.
    x0, y0 = round((left + box.x) * px), round((top + box.y) * px)
    x1, y1 = round((left + box.x + box.w) * px), round((top + box.y + box.h) * px)
    dark = grey.crop((x0, y0, x1, y1)).point(lambda v: 255 if v < 128 else 0)
    bx0, by0, bx1, by1 = dark.getbbox()
    assert (bx1 - bx0) / px == pytest.approx(n * module, abs=2 / px)
    # Four modules all round the symbol: nothing dark there (a pixel of anti-aliasing aside).
    ring = round(4 * module * px)
    sx0, sy0, sx1, sy1 = x0 + bx0, y0 + by0, x0 + bx1, y0 + by1
    strips = [
        (sx0 - ring, sy0 - ring, sx1 + ring, sy0 - 1),  # above
        (sx0 - ring, sy1 + 1, sx1 + ring, sy1 + ring),  # below
        (sx0 - ring, sy0 - ring, sx0 - 1, sy1 + ring),  # left
        (sx1 + 1, sy0 - ring, sx1 + ring, sy1 + ring),  # right
    ]
    for strip in strips:
        assert grey.crop(strip).getextrema()[0] >= 200, (layout.name, strip)


def test_adjacent_qr_modules_leave_no_hairline_gap() -> None:
    layout = load_layout("badge-90x55")
    person = make_badge()
    dpi = 150
    px = dpi / 25.4
    (image,) = page_images(render_badge(person, layout), dpi)
    grey = image.convert("L")
    box = layout.boxes["qr"]
    symbol = encode(person.code, box.w)
    module = box.w / (symbol.size + 2 * QUIET_ZONE)
    left = (box.x + QUIET_ZONE * module) * px
    top = (box.y + QUIET_ZONE * module) * px
    step = module * px
    seams = []
    for r in range(symbol.size):
        for c in range(symbol.size - 1):
            if symbol.dark(r, c) and symbol.dark(r, c + 1):  # the edge between two dark modules
                seams.append(
                    grey.getpixel((int(left + (c + 1) * step), int(top + (r + 0.5) * step)))
                )
            if r + 1 < symbol.size and symbol.dark(r, c) and symbol.dark(r + 1, c):
                seams.append(
                    grey.getpixel((int(left + (c + 0.5) * step), int(top + (r + 1) * step)))
                )
    assert len(seams) > 100
    assert max(seams) <= 40  # as dark as the modules themselves (ink is #1B1B1B)


@pytest.mark.parametrize("box_mm", [15.0, 23.0])
def test_the_qr_path_covers_every_dark_module_once_and_nothing_else(box_mm: float) -> None:
    for _ in range(20):
        symbol = encode(make_badge().code, box_mm)
        covered: list[tuple[int, int]] = []
        for operator in _qr_path(symbol).split("\n"):
            x, y, w, h, name = operator.split()
            assert (name, h) == ("re", "1")
            covered += [(int(y), int(x) + i) for i in range(int(w))]
        dark = [(r, c) for r in range(symbol.size) for c in range(symbol.size) if symbol.dark(r, c)]
        assert sorted(covered) == dark


def test_the_qr_is_one_path_however_many_modules_it_has() -> None:
    person = make_badge()
    pdf = render_badge(person, load_layout("badge-90x55"))
    page = pypdfium2.PdfDocument(pdf)[0]
    paths = [o for o in page.get_objects() if o.type == pypdfium2.raw.FPDF_PAGEOBJ_PATH]
    # band, QR background, the QR itself, two day boxes and the strike-through line
    assert len(paths) <= 8


def test_fonts_are_embedded_as_small_subsets_and_no_other_font_is_referenced() -> None:
    pdf = render_badge(make_badge(), load_layout("badge-90x55"))
    fonts = set(re.findall(rb"/BaseFont\s*/([^\s/]+)", pdf))
    assert fonts and all(re.fullmatch(rb"[A-Z]{6}\+PTSans-(Regular|Bold)", f) for f in fonts)
    assert pdf.count(b"/FontFile2") == len(fonts) == 2
    assert len(pdf) < 60_000  # the whole 430 KB font files are not in it


def test_band_text_has_enough_contrast_on_every_colour_of_the_event() -> None:
    event = load_event()
    colours = {t.badge_color for t in event.tariffs} | {c.badge_color for c in event.categories}
    from reportlab.lib.colors import HexColor

    for colour in colours:
        band = HexColor(colour)
        assert contrast_ratio(contrast_ink(band), band) >= 3.0, colour  # WCAG, large text
    assert contrast_ink(HexColor("#F2D600")).red < 0.2  # dark text on yellow
    assert contrast_ink(HexColor("#1E6FB8")).red == 1.0  # white text on blue


def test_a_monochrome_layout_prints_only_black_and_white() -> None:
    person = make_badge(band_color="#C0392B")
    (image,) = page_images(render_badge(person, load_layout("ql-62x100")), 150)
    red, green, blue = image.convert("RGB").split()
    for a, b in ((red, green), (green, blue)):
        assert ImageChops.difference(a, b).getextrema()[1] <= 3


def day_cell_darkness(layout: Layout, image: Image.Image, dpi: int) -> list[float]:
    box = layout.boxes["days"]
    px = dpi / 25.4
    half = (box.w - 1.5) / 2
    means = []
    for i in range(2):
        x = box.x + i * (half + 1.5)
        cell = image.convert("L").crop(
            (
                round((x + 1) * px),
                round((box.y + 1) * px),
                round((x + half - 1) * px),
                round((box.y + box.h - 1) * px),
            )
        )
        means.append(1 - ImageStat.Stat(cell).mean[0] / 255)
    return means


def test_days_a_person_may_not_enter_stand_out_at_a_glance() -> None:
    layout = load_layout("badge-90x55")
    (image,) = page_images(render_badge(make_badge(), layout), 150)
    training, conference = day_cell_darkness(layout, image, 150)
    assert conference > 0.6 and training < 0.2
    (image,) = page_images(render_badge(make_badge(days=BOTH_DAYS), layout), 150)
    assert min(day_cell_darkness(layout, image, 150)) > 0.6


def test_the_same_badges_give_the_same_bytes() -> None:
    people = [make_badge(code="7KQ2-M9XD-H3TR"), make_badge(code="Q4WN-8ZRT-2KXP")]
    layout = load_layout("a4-90x55")
    assert render_badges(people, layout) == render_badges(people, layout)


def test_one_badge_is_a_one_page_pdf() -> None:
    pdf = render_badge(make_badge(), load_layout("a4-a6"))
    assert pdf.startswith(b"%PDF") and len(pypdfium2.PdfDocument(pdf)) == 1


def test_a_batch_is_one_pdf_with_as_many_pages_as_the_layout_needs() -> None:
    pdf = render_badges([make_badge() for _ in range(23)], load_layout("a4-90x55"))
    assert len(pypdfium2.PdfDocument(pdf)) == 3


def test_progress_is_reported_up_to_the_total() -> None:
    calls: list[tuple[int, int]] = []
    render_badges(
        [make_badge() for _ in range(60)],
        load_layout("cr80"),
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls[-1] == (60, 60) and all(t == 60 for _, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_a_band_colour_that_is_not_hex_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="#RRGGBB"):
        render_badge(make_badge(band_color="blue"), load_layout("cr80"))


def test_a_lower_case_code_is_printed_and_encoded_in_capitals() -> None:
    person = make_badge(code="7kq2-m9xd-h3tr")
    (image,) = page_images(render_badge(person, load_layout("cr80")), 300)
    assert decoded(image) == ["7KQ2-M9XD-H3TR"]


@pytest.mark.parametrize("name", ["a4-90x55", "a4-a6"])
def test_every_cut_line_of_a_sheet_has_marks_that_stay_off_the_badges(name: str) -> None:
    layout = load_layout(name)
    pdf = render_badges([make_badge() for _ in range(layout.per_page)], layout)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        # Cut marks are the hairlines (the strike-through of a day is thicker).
        lines = [ln for ln in document.pages[0].lines if ln["linewidth"] < 0.35]
    width, height = layout.badge_mm
    cuts_x = {round(x + dx, 2) for x, _ in layout.origins_mm() for dx in (0, width)}
    cuts_y = {round(y + dy, 2) for _, y in layout.origins_mm() for dy in (0, height)}
    page_w, page_h = layout.page_mm
    vertical = [ln for ln in lines if abs(ln["x0"] - ln["x1"]) < 0.01]
    horizontal = [ln for ln in lines if abs(ln["top"] - ln["bottom"]) < 0.01]
    for x in cuts_x:
        if 3 <= x <= page_w - 3:  # not the paper's own edge
            assert len([ln for ln in vertical if abs(ln["x0"] / MM - x) < 0.01]) >= 2, x
    for y in cuts_y:
        if 3 <= y <= page_h - 3:
            assert len([ln for ln in horizontal if abs(ln["top"] / MM - y) < 0.01]) >= 2, y
    for ln in vertical:  # a mark is either outside the grid or exactly on a cut line
        assert round(ln["x0"] / MM, 2) in cuts_x
    for ln in horizontal:
        assert round(ln["top"] / MM, 2) in cuts_y


def test_a_batch_stays_small() -> None:
    pdf = render_badges([make_badge() for _ in range(50)], load_layout("a4-90x55"))
    assert len(pdf) < 50 * 5_000  # the target is 1 000 badges under 5 MB
