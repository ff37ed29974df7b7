"""Badges: every layout renders, every QR decodes back, nothing overflows, fonts are embedded."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
import zxingcpp

from kiosk.badges.layouts import Layout, LayoutError, list_layouts, load_layout
from kiosk.badges.model import BadgeInfo, DayMark
from kiosk.badges.render import (
    BOLD,
    MIN_MODULE_MM,
    QUIET_ZONE,
    REGULAR,
    contrast_ink,
    drawable,
    fit_text,
    qr_matrix,
    render_badges,
)
from kiosk.codes import new_code

LAYOUTS = [layout.name for layout in list_layouts()]
MM = 72 / 25.4

DAYS = (
    DayMark("27.11 ТРЕНИНГ", "training", False),
    DayMark("28.11 КОНФЕРЕНЦИЯ", "conference", True),
)


def badge(
    first: str = "Ольга",
    last: str = "Гусева",
    company: str = "Zuma",
    position: str = "Директор",
    **fields: str,
) -> BadgeInfo:
    return BadgeInfo(
        code=fields.pop("code", new_code()),
        first_name=first,
        last_name=last,
        company=company,
        position=position,
        event_name="Сервис NEXT",
        band_label=fields.pop("band_label", "КОМФОРТ"),
        band_color=fields.pop("band_color", "#1E6FB8"),
        days=DAYS,
    )


ODD_PEOPLE = [
    badge(
        "Александра-Виктория",
        "Константинопольская-Римская",
        "Общество с ограниченной ответственностью «Дальрыбсервис»",
        "Директор",
    ),
    badge("Jean-Baptiste", "O'Connor-Smythe", "ACME International Trading Company Limited", ""),
    badge("Д'Артаньян", "Шарль", "Мушкетёры короля", "лейтенант"),
    badge("Иван 😀🎉", "Петров ✈", "ООО «Ромашка» 🌼", ""),
    badge("Ю", "Ли", "", ""),
    badge(
        "Максимилиан-Александр-Константин",
        "Оченьдлиннаяфамилиябезпробеловидефисовсовсем",
        "x" * 60,
        "y" * 60,
    ),
]


def pages_as_images(pdf: bytes, dpi: int) -> list[object]:
    document = pypdfium2.PdfDocument(pdf)
    return [page.render(scale=dpi / 72).to_pil() for page in document]


@pytest.mark.parametrize("name", LAYOUTS)
@pytest.mark.parametrize("dpi", [300, 150])
def test_every_qr_on_every_page_decodes_back_to_the_code(name: str, dpi: int) -> None:
    layout = load_layout(name)
    people = [badge() for _ in range(layout.per_page + 1)]  # at least two pages
    pdf = render_badges(people, layout)
    decoded: list[str] = []
    for image in pages_as_images(pdf, dpi):
        decoded += [
            r.text
            for r in zxingcpp.read_barcodes(image)
            if r.format == zxingcpp.BarcodeFormat.QRCode
        ]
    assert sorted(decoded) == sorted(p.code for p in people)


@pytest.mark.parametrize("name", LAYOUTS)
def test_text_stays_inside_each_badge_for_long_and_odd_names(name: str) -> None:
    layout = load_layout(name)
    pdf = render_badges(ODD_PEOPLE, layout)
    width, height = layout.badge_mm[0] * MM, layout.badge_mm[1] * MM
    origins = layout.origins_mm()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page_number, page in enumerate(document.pages):
            count = min(layout.per_page, len(ODD_PEOPLE) - page_number * layout.per_page)
            boxes = [(x * MM, y * MM, x * MM + width, y * MM + height) for x, y in origins[:count]]
            for ch in page.chars:
                assert any(
                    left - 0.5 <= ch["x0"]
                    and ch["x1"] <= right + 0.5
                    and top - 0.5 <= ch["top"]
                    and ch["bottom"] <= bottom + 0.5
                    for left, top, right, bottom in boxes
                ), (name, ch["text"], ch["x0"], ch["top"])


def test_emoji_are_dropped_not_drawn_as_boxes() -> None:
    assert drawable("Иван 😀🎉") == "Иван"
    pdf = render_badges([ODD_PEOPLE[3]], load_layout("badge-90x55"))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "".join(ch["text"] for ch in document.pages[0].chars)
    assert "Иван" in text and "😀" not in text and "✈" not in text


def test_text_is_nfc_normalised() -> None:
    decomposed = "Ёлкина".replace("Ё", "Е\u0308")
    assert drawable(decomposed) == "Ёлкина"


def test_long_name_shrinks_then_wraps_at_the_hyphen() -> None:
    box = load_layout("badge-90x55").boxes["first_name"]
    short = fit_text("Ольга", BOLD, box)
    assert short.lines == ("Ольга",) and short.size == box.max_pt
    long = fit_text("Александра-Виктория-Мария-Луиза", BOLD, box)
    assert len(long.lines) == 2 and long.lines[0].endswith("-")
    assert box.min_pt <= long.size <= box.max_pt


def test_unbreakable_name_is_cut_with_an_ellipsis_rather_than_overflowing() -> None:
    box = load_layout("badge-90x55").boxes["last_name"]
    fitted = fit_text("Ж" * 120, REGULAR, box)
    assert fitted.size == box.min_pt
    assert all(line.endswith("…") for line in fitted.lines)


def test_fonts_are_embedded_as_subsets_and_no_other_font_is_referenced() -> None:
    pdf = render_badges([badge()], load_layout("badge-90x55"))
    fonts = set(re.findall(rb"/BaseFont\s*/([^\s/]+)", pdf))
    assert fonts == {b"AAAAAA+PTSans-Bold", b"AAAAAA+PTSans-Regular"}
    assert pdf.count(b"/FontFile2") == 2


def test_the_qr_holds_only_the_code() -> None:
    person = badge(first="Секретная", last="Персона", company="Тайная компания")
    pdf = render_badges([person], load_layout("a6"))
    (image,) = pages_as_images(pdf, 300)
    (result,) = zxingcpp.read_barcodes(image)
    assert result.text == person.code


@pytest.mark.parametrize("name", LAYOUTS)
def test_qr_modules_are_at_least_half_a_millimetre_with_a_four_module_quiet_zone(name: str) -> None:
    layout = load_layout(name)
    box = layout.boxes["qr"]
    size = min(box.w, box.h)
    modules = len(qr_matrix("7KQ2-M9XD-H3TR", size))
    assert size / (modules + 2 * QUIET_ZONE) >= MIN_MODULE_MM


def test_qr_is_one_merged_path_not_hundreds_of_squares() -> None:
    person = badge()
    pdf = render_badges([person], load_layout("badge-90x55"))
    page = pypdfium2.PdfDocument(pdf)[0]
    paths = [o for o in page.get_objects() if o.type == pypdfium2.raw.FPDF_PAGEOBJ_PATH]
    dark_modules = sum(sum(row) for row in qr_matrix(person.code, 23))
    assert dark_modules > 100
    assert len(paths) < 15  # band, QR background, the QR itself, day marks


def test_band_text_contrasts_with_the_band() -> None:
    from reportlab.lib.colors import HexColor

    assert contrast_ink(HexColor("#F2D600")).red < 0.2  # dark text on yellow
    assert contrast_ink(HexColor("#1E6FB8")).red == 1.0  # white text on blue


def test_a_batch_of_badges_is_one_pdf_with_pages_as_the_layout_says() -> None:
    layout = load_layout("a4-90x55")
    pdf = render_badges([badge() for _ in range(23)], layout)
    assert len(pypdfium2.PdfDocument(pdf)) == 3


def write_layout(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.toml").write_text(text, encoding="utf-8")


def test_an_organiser_adds_a_layout_by_dropping_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_layout(
        tmp_path,
        "my-50x90",
        """
title = "My label"
[page]
width_mm = 50
height_mm = 90
[boxes.first_name]
x = 3
y = 5
w = 44
h = 12
max_pt = 20
[boxes.last_name]
x = 3
y = 18
w = 44
h = 8
[boxes.qr]
x = 10
y = 40
size = 30
""",
    )
    monkeypatch.setenv("KIOSK_LAYOUTS", str(tmp_path))
    names = [layout.name for layout in list_layouts()]
    assert "my-50x90" in names and "badge-90x55" in names
    layout = load_layout("my-50x90")
    assert (layout.page_mm, layout.per_page) == ((50.0, 90.0), 1)
    person = badge()
    (image,) = pages_as_images(render_badges([person], layout), 300)
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [person.code]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[page]\nwidth_mm = 90\nheight_mm = 55\n", "обязательных элементов"),
        ("[page]\nwidth_mm = 'wide'\n", "page.width_mm"),
        (
            "[page]\nwidth_mm = 90\nheight_mm = 55\n[boxes.qr]\nx = 80\ny = 0\nsize = 30\n",
            "boxes.qr",
        ),
        (
            "[page]\nwidth_mm = 90\nheight_mm = 55\n[boxes.logo]\nx = 1\ny = 1\nw = 5\nh = 5\n",
            "boxes.logo",
        ),
        ("not toml at all [", "не читается"),
    ],
)
def test_a_broken_layout_names_the_file_and_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, words: str
) -> None:
    write_layout(tmp_path, "broken", text)
    monkeypatch.setenv("KIOSK_LAYOUTS", str(tmp_path))
    with pytest.raises(LayoutError) as caught:
        load_layout("broken")
    assert "broken.toml" in str(caught.value) and words in str(caught.value)
    assert "broken" not in [layout.name for layout in list_layouts()]


def test_unknown_layout_lists_the_known_ones() -> None:
    with pytest.raises(LayoutError, match="badge-90x55"):
        load_layout("nope")


def test_required_layouts_exist_with_their_sizes() -> None:
    sizes = {
        layout.name: (layout.page_mm, layout.badge_mm, layout.per_page) for layout in list_layouts()
    }
    assert sizes["badge-90x55"][1] == (90.0, 55.0)
    assert sizes["cr80"][1] == (85.6, 54.0)
    assert sizes["a6"][1] == (105.0, 148.0)
    assert sizes["ql-62x100"][1] == (62.0, 100.0)
    assert sizes["a4-90x55"] == ((210.0, 297.0), (90.0, 55.0), 10)
    assert sizes["a4-a6"] == ((210.0, 297.0), (105.0, 148.0), 4)


def test_layout_is_frozen() -> None:
    layout: Layout = load_layout("cr80")
    with pytest.raises(AttributeError):
        layout.name = "x"  # type: ignore[misc]
    assert replace(layout, name="y").name == "y"
