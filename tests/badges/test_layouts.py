"""Badge layouts: the bundled ones, adding one without code, and clear errors for broken files."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.badges.layouts import Layout, LayoutError, list_layouts, load_layout
from kiosk.i18n import set_language

MINIMAL = """
title = "Моя наклейка"
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
"""


def write_layout(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_required_layouts_are_bundled_with_their_sizes() -> None:
    found = {x.name: (x.page_mm, x.badge_mm, x.per_page) for x in list_layouts()}
    assert found["badge-90x55"] == ((90.0, 55.0), (90.0, 55.0), 1)
    assert found["cr80"] == ((85.6, 54.0), (85.6, 54.0), 1)
    assert found["a6"] == ((105.0, 148.0), (105.0, 148.0), 1)
    assert found["ql-62x100"] == ((62.0, 100.0), (62.0, 100.0), 1)
    assert found["a4-90x55"] == ((210.0, 297.0), (90.0, 55.0), 10)
    assert found["a4-a6"] == ((210.0, 297.0), (105.0, 148.0), 4)


def test_every_bundled_layout_has_a_title_and_cut_marks_only_on_sheets() -> None:
    for layout in list_layouts():
        assert layout.title and layout.title != layout.name
        assert layout.cut_marks == (layout.per_page > 1)


def test_a_sheet_places_its_badges_inside_the_page() -> None:
    layout = load_layout("a4-90x55")
    origins = layout.origins_mm()
    assert len(origins) == 10
    assert origins[0] == (15.0, 11.0)
    right, bottom = origins[-1][0] + 90, origins[-1][1] + 55
    assert right <= 210 and bottom <= 297


def test_the_label_printer_layout_is_black_only() -> None:
    assert load_layout("ql-62x100").monochrome
    assert not load_layout("badge-90x55").monochrome


def test_an_organiser_adds_a_layout_by_dropping_a_file_into_kiosk_layouts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_layout(tmp_path, "my-50x90", MINIMAL)
    monkeypatch.setenv("KIOSK_LAYOUTS", str(tmp_path))
    names = [layout.name for layout in list_layouts()]
    assert "my-50x90" in names and "badge-90x55" in names
    layout = load_layout("my-50x90")
    assert (layout.title, layout.page_mm, layout.per_page) == ("Моя наклейка", (50.0, 90.0), 1)


def test_a_file_in_kiosk_layouts_overrides_the_bundled_layout_of_that_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_layout(tmp_path, "cr80", MINIMAL)
    monkeypatch.setenv("KIOSK_LAYOUTS", str(tmp_path))
    assert load_layout("cr80").page_mm == (50.0, 90.0)


def test_a_sheet_can_reuse_another_layouts_badge_and_is_centred_without_margins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_layout(
        tmp_path,
        "a4-cr80",
        'base = "cr80"\n[page]\nwidth_mm = 210\nheight_mm = 297\n[grid]\ncolumns = 2\nrows = 5\n',
    )
    monkeypatch.setenv("KIOSK_LAYOUTS", str(tmp_path))
    layout = load_layout("a4-cr80")
    assert layout.badge_mm == (85.6, 54.0) and layout.per_page == 10 and layout.cut_marks
    assert layout.boxes == load_layout("cr80").boxes
    assert layout.margin_mm == pytest.approx(((210 - 2 * 85.6) / 2, (297 - 5 * 54) / 2))


BROKEN = [
    ("[page]\nwidth_mm = 90\nheight_mm = 55\n", "boxes", "обязательных элементов"),
    ("[page]\nwidth_mm = 'wide'\n", "page.width_mm", "нужно число"),
    (MINIMAL.replace("x = 10", "x = 30"), "boxes.qr", "выходит за края"),
    (MINIMAL + "[boxes.logo]\nx = 1\ny = 1\nw = 5\nh = 5\n", "boxes.logo", "неизвестный элемент"),
    (MINIMAL.replace("max_pt = 20", "max_pts = 20"), "boxes.first_name.max_pts", "неизвестный"),
    (MINIMAL.replace("h = 12", "h = 12\nlines = 4"), "boxes.first_name.lines", "от 1 до 3"),
    (MINIMAL.replace("size = 30", "size = 12"), "boxes.qr.size", "не меньше 14.5"),
    (MINIMAL.replace("y = 18", "y = 10"), "boxes.last_name", "перекрывает boxes.first_name"),
    (MINIMAL.replace("h = 12", "h = 12\nalign = 'middle'"), "boxes.first_name.align", "left"),
    (MINIMAL + "[grid]\ncolumns = 3\n", "grid", "не помещаются"),
    ('base = "no-such-layout"\n' + MINIMAL, "base", "no-such-layout"),
    ("not toml at all [", "broken.toml", "не читается"),
]


@pytest.mark.parametrize(("text", "key", "words"), BROKEN)
def test_a_broken_layout_names_the_file_and_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, key: str, words: str
) -> None:
    write_layout(tmp_path, "broken", text)
    monkeypatch.setenv("KIOSK_LAYOUTS", str(tmp_path))
    with pytest.raises(LayoutError) as caught:
        load_layout("broken")
    message = str(caught.value)
    assert message.startswith("broken.toml: ") and key in message and words in message


def test_layout_errors_are_in_english_when_the_language_is_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_layout(tmp_path, "broken", MINIMAL.replace("size = 30", "size = 9"))
    monkeypatch.setenv("KIOSK_LAYOUTS", str(tmp_path))
    set_language("en")
    try:
        with pytest.raises(LayoutError, match=r"broken\.toml: boxes\.qr\.size: must be a number"):
            load_layout("broken")
    finally:
        set_language(None)


def test_a_broken_file_is_left_out_of_the_list_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_layout(tmp_path, "broken", "[page]\nwidth_mm = 90\nheight_mm = 55\n")
    monkeypatch.setenv("KIOSK_LAYOUTS", str(tmp_path))
    problems: list[LayoutError] = []
    names = [layout.name for layout in list_layouts(problems)]
    assert "broken" not in names and "badge-90x55" in names
    assert len(problems) == 1 and "broken.toml" in str(problems[0])


def test_an_edited_layout_file_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_layout(tmp_path, "mine", MINIMAL)
    monkeypatch.setenv("KIOSK_LAYOUTS", str(tmp_path))
    assert load_layout("mine").title == "Моя наклейка"
    path.write_text(MINIMAL.replace("Моя наклейка", "Другая"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_layout("mine").title == "Другая"


def test_an_unknown_layout_lists_the_known_ones() -> None:
    with pytest.raises(LayoutError, match="badge-90x55"):
        load_layout("nope")


def test_a_layout_is_frozen_and_hashable() -> None:
    layout: Layout = load_layout("cr80")
    with pytest.raises(AttributeError):
        layout.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        layout.boxes["qr"] = layout.boxes["code"]  # type: ignore[index]
    assert hash(layout) == hash(load_layout("cr80"))
    assert replace(layout, name="y").name == "y"
