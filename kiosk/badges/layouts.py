"""Badge layouts are data: one TOML file each in resources/badges/ (or `KIOSK_LAYOUTS`).

A layout gives the page, the grid of badges on it (one for a label printer, several with cut
marks for an A4 sheet) and, for the badge itself, a box in millimetres for every element,
measured from the badge's top-left corner. A sheet can reuse another layout's badge with
``base = "badge-90x55"``. An organiser adds a layout by dropping a file in the folder.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from kiosk.config import RESOURCES
from kiosk.i18n import tr

LAYOUTS: Final = RESOURCES / "badges"
ELEMENTS: Final = ("first_name", "last_name", "company", "event", "band", "days", "qr", "code")
REQUIRED: Final = ("first_name", "last_name", "qr")


class LayoutError(Exception):
    """A layout file cannot be used, or no layout has that name."""


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    max_pt: float = 10.0
    min_pt: float = 6.0
    lines: int = 1
    bold: bool = False
    align: str = "left"


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    page_mm: tuple[float, float]
    badge_mm: tuple[float, float]
    columns: int
    rows: int
    margin_mm: tuple[float, float]
    gap_mm: tuple[float, float]
    cut_marks: bool
    boxes: Mapping[str, Box]
    source: Path

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origins_mm(self) -> list[tuple[float, float]]:
        """Top-left corners of the badges on a page, row by row."""
        left, top = self.margin_mm
        gap_x, gap_y = self.gap_mm
        width, height = self.badge_mm
        return [
            (left + c * (width + gap_x), top + r * (height + gap_y))
            for r in range(self.rows)
            for c in range(self.columns)
        ]


def _folders() -> list[Path]:
    extra = os.environ.get("KIOSK_LAYOUTS")
    folders = [Path(extra).expanduser()] if extra else []
    return [*folders, LAYOUTS]


def _files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in reversed(_folders()):  # an organiser's folder overrides the bundled one
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = path
    return found


def list_layouts() -> list[Layout]:
    """Every layout that loads (a broken file is skipped here, and reported by load_layout)."""
    layouts = []
    for name in sorted(_files()):
        try:
            layouts.append(load_layout(name))
        except LayoutError:
            continue
    return layouts


def load_layout(name: str) -> Layout:
    files = _files()
    path = files.get(name)
    if path is None:
        raise LayoutError(
            tr(
                "Нет макета бейджа «{n}». Есть: {all}",
                'There is no badge layout "{n}". Available: {all}',
                n=name[:60],
                all=", ".join(sorted(files)),
            )
        )
    return _load(path, path.stat().st_mtime_ns)


@cache
def _load(path: Path, _mtime: int) -> Layout:
    def fail(key: str, ru: str, en: str, **params: object) -> LayoutError:
        return LayoutError(f"{path.name}: {key}: {tr(ru, en, **params)}")

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LayoutError(
            tr("{f}: файл не читается: {e}", "{f}: cannot read the file: {e}", f=path.name, e=exc)
        ) from None

    def number(
        table: Mapping[str, Any],
        key: str,
        where: str,
        default: float | None = None,
        minimum: float = 0.0,
    ) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise fail(
                f"{where}.{key}",
                "нужно число не меньше {m} (получено {v!r})",
                "must be a number of at least {m} (got {v!r})",
                m=minimum,
                v=value,
            )
        return float(value)

    base: dict[str, Any] = {}
    if "base" in data:
        base_name = data["base"]
        if not isinstance(base_name, str) or base_name == path.stem:
            raise fail("base", "нужно имя другого макета", "must name another layout")
        parent = load_layout(base_name)
        base = {"badge": parent.badge_mm, "boxes": parent.boxes}

    page = data.get("page", {})
    if not isinstance(page, Mapping):
        raise fail("page", "нужна таблица [page]", "a [page] table is required")
    page_mm = (
        number(page, "width_mm", "page", minimum=10),
        number(page, "height_mm", "page", minimum=10),
    )
    grid = data.get("grid", {})
    if not isinstance(grid, Mapping):
        raise fail("grid", "нужна таблица [grid]", "[grid] must be a table")
    if "badge" in base:
        badge_mm: tuple[float, float] = base["badge"]
    else:
        badge = data.get("badge", {})
        if not isinstance(badge, Mapping):
            raise fail("badge", "нужна таблица [badge]", "a [badge] table is required")
        badge_mm = (
            number(badge, "width_mm", "badge", page_mm[0], 10),
            number(badge, "height_mm", "badge", page_mm[1], 10),
        )
    columns = int(number(grid, "columns", "grid", 1, 1))
    rows = int(number(grid, "rows", "grid", 1, 1))
    margin = (number(grid, "margin_left_mm", "grid", 0), number(grid, "margin_top_mm", "grid", 0))
    gap = (number(grid, "gap_x_mm", "grid", 0), number(grid, "gap_y_mm", "grid", 0))
    if (
        margin[0] + columns * badge_mm[0] + (columns - 1) * gap[0] > page_mm[0] + 0.01
        or margin[1] + rows * badge_mm[1] + (rows - 1) * gap[1] > page_mm[1] + 0.01
    ):
        raise fail("grid", "бейджи не помещаются на страницу", "the badges do not fit the page")

    boxes: dict[str, Box] = dict(base.get("boxes", {}))
    raw_boxes = data.get("boxes", {})
    if not isinstance(raw_boxes, Mapping):
        raise fail("boxes", "нужны таблицы [boxes.*]", "[boxes.*] tables are required")
    for key, raw in raw_boxes.items():
        where = f"boxes.{key}"
        if key not in ELEMENTS:
            raise fail(
                where,
                "неизвестный элемент; есть: {all}",
                "unknown element; known: {all}",
                all=", ".join(ELEMENTS),
            )
        if not isinstance(raw, Mapping):
            raise fail(where, "нужна таблица", "must be a table")
        size = number(raw, "size", where, 0) if key == "qr" else None
        box = Box(
            x=number(raw, "x", where),
            y=number(raw, "y", where),
            w=size if size else number(raw, "w", where, minimum=1),
            h=size if size else number(raw, "h", where, minimum=1),
            max_pt=number(raw, "max_pt", where, 10, 3),
            min_pt=number(raw, "min_pt", where, min(6.0, float(raw.get("max_pt", 10))), 3),
            lines=int(number(raw, "lines", where, 1, 1)),
            bold=bool(raw.get("bold", False)),
            align=str(raw.get("align", "left")),
        )
        if box.align not in ("left", "center", "right"):
            raise fail(f"{where}.align", "left, center или right", "left, center or right")
        if box.min_pt > box.max_pt:
            raise fail(f"{where}.min_pt", "больше max_pt", "is larger than max_pt")
        if box.x + box.w > badge_mm[0] + 0.01 or box.y + box.h > badge_mm[1] + 0.01:
            raise fail(where, "выходит за края бейджа", "goes outside the badge")
        boxes[key] = box
    missing = [k for k in REQUIRED if k not in boxes]
    if missing:
        raise fail(
            "boxes",
            "нет обязательных элементов: {m}",
            "required elements missing: {m}",
            m=", ".join(missing),
        )
    title = data.get("title", path.stem)
    return Layout(
        name=path.stem,
        title=str(title),
        page_mm=page_mm,
        badge_mm=badge_mm,
        columns=columns,
        rows=rows,
        margin_mm=margin,
        gap_mm=gap,
        cut_marks=bool(grid.get("cut_marks", columns * rows > 1)),
        boxes=boxes,
        source=path,
    )
