"""Badge layouts are data: one TOML file each in resources/badges/ (or folders in `KIOSK_LAYOUTS`).

A layout gives the page, the grid of badges on it (one for a label printer, several with cut
marks for an A4 sheet) and, for the badge itself, a box in millimetres for every element,
measured from the badge's top-left corner. A sheet can reuse another layout's badge with
``base = "badge-90x55"``. An organiser adds a layout by dropping a file into a folder; a file
in `KIOSK_LAYOUTS` overrides a bundled one of the same name.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from kiosk.config import RESOURCES
from kiosk.i18n import tr

LAYOUTS: Final = RESOURCES / "badges"
ELEMENTS: Final = ("first_name", "last_name", "company", "event", "band", "days", "qr", "code")
REQUIRED: Final = ("first_name", "last_name", "qr")
MAX_LINES: Final = 3
QUIET_ZONE: Final = 4
MIN_MODULE_MM: Final = 0.5
# The smallest QR (version 1, 21 modules) with its quiet zone at the smallest module size.
MIN_QR_MM: Final = (21 + 2 * QUIET_ZONE) * MIN_MODULE_MM

# Elements drawn bold or centred unless the layout says otherwise.
_BOLD: Final = frozenset({"first_name", "band", "days"})
_CENTRED: Final = frozenset({"band", "days", "code"})
_MIDDLE: Final = frozenset({"band", "days"})

_TOP_KEYS: Final = ("title", "base", "monochrome", "page", "badge", "grid", "boxes")
_SIZE_KEYS: Final = ("width_mm", "height_mm")
_GRID_KEYS: Final = (
    "columns",
    "rows",
    "margin_left_mm",
    "margin_top_mm",
    "gap_x_mm",
    "gap_y_mm",
    "cut_marks",
)
_BOX_KEYS: Final = (
    "x",
    "y",
    "w",
    "h",
    "size",
    "max_pt",
    "min_pt",
    "lines",
    "bold",
    "align",
    "valign",
)


class LayoutError(Exception):
    """A layout file cannot be used, or no layout has that name."""


@dataclass(frozen=True)
class Box:
    """Where one element goes, in mm from the badge's top-left corner, and how its text fits."""

    x: float
    y: float
    w: float
    h: float
    max_pt: float = 10.0
    min_pt: float = 6.0
    lines: int = 1
    bold: bool = False
    align: str = "left"  # left | center | right
    valign: str = "top"  # top | middle | bottom: where fewer lines than the box holds sit

    def overlaps(self, other: Box) -> bool:
        eps = 0.01
        return (
            self.x + eps < other.x + other.w
            and other.x + eps < self.x + self.w
            and self.y + eps < other.y + other.h
            and other.y + eps < self.y + self.h
        )


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
    # Read-only; left out of the hash so a layout can key the renderer's caches.
    boxes: Mapping[str, Box] = field(hash=False)
    source: Path
    monochrome: bool = False  # thermal label printers: black only, no greys or colours

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
    extra = os.environ.get("KIOSK_LAYOUTS", "")
    folders = [Path(p).expanduser() for p in extra.split(os.pathsep) if p.strip()]
    return [*folders, LAYOUTS]


def _files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in reversed(_folders()):  # the organiser's folders override the bundled one
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = path
    return found


def list_layouts(problems: list[LayoutError] | None = None) -> list[Layout]:
    """Every layout that loads, by name; a broken file is left out and added to `problems`."""
    layouts = []
    for name in sorted(_files()):
        try:
            layouts.append(load_layout(name))
        except LayoutError as exc:
            if problems is not None:
                problems.append(exc)
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
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise LayoutError(f"{path.name}: {exc}") from None
    return _load(path, stamp, frozenset(files.items()))


class _Reader:
    """Reads one layout file; every error names the file and the key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, ru: str, en: str, **params: object) -> LayoutError:
        return LayoutError(f"{self.path.name}: {key}: {tr(ru, en, **params)}")

    def table(self, data: Mapping[str, Any], key: str, keys: Iterable[str]) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, Mapping):
            raise self.fail(key, "нужна таблица [{k}]", "must be a [{k}] table", k=key)
        self.known(value, key, keys)
        return value

    def known(self, table: Mapping[str, Any], where: str, keys: Iterable[str]) -> None:
        allowed = tuple(keys)
        for key in table:
            if key not in allowed:
                prefix = f"{where}." if where else ""
                raise self.fail(
                    f"{prefix}{key}",
                    "неизвестный ключ; возможны: {all}",
                    "unknown key; known: {all}",
                    all=", ".join(allowed),
                )

    def number(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        default: float | None = None,
        minimum: float = 0.0,
    ) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.fail(
                f"{where}.{key}",
                "нужно число не меньше {m} (получено {v!r})",
                "must be a number of at least {m} (got {v!r})",
                m=minimum,
                v=value,
            )
        return float(value)

    def integer(
        self, table: Mapping[str, Any], key: str, where: str, default: int, low: int, high: int
    ) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(
                f"{where}.{key}",
                "нужно целое число от {lo} до {hi} (получено {v!r})",
                "must be a whole number from {lo} to {hi} (got {v!r})",
                lo=low,
                hi=high,
                v=value,
            )
        return value

    def flag(self, table: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            name = f"{where}.{key}" if where else key
            raise self.fail(name, "нужно true или false", "must be true or false")
        return value

    def text(self, table: Mapping[str, Any], key: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "нужна непустая строка", "must be a non-empty string")
        return value.strip()


@cache
def _load(path: Path, _stamp: int, _files: frozenset[tuple[str, Path]]) -> Layout:
    # Cached by file, modification time and the set of layout files (a base may change).
    r = _Reader(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LayoutError(
            tr("{f}: файл не читается: {e}", "{f}: cannot read the file: {e}", f=path.name, e=exc)
        ) from None
    r.known(data, "", _TOP_KEYS)

    parent: Layout | None = None
    if "base" in data:
        base_name = data["base"]
        if not isinstance(base_name, str) or base_name == path.stem:
            raise r.fail("base", "нужно имя другого макета", "must name another layout")
        try:
            parent = load_layout(base_name)
        except LayoutError as exc:
            raise r.fail("base", "{e}", "{e}", e=exc) from None

    page = r.table(data, "page", _SIZE_KEYS)
    page_mm = (
        r.number(page, "width_mm", "page", minimum=10),
        r.number(page, "height_mm", "page", minimum=10),
    )
    if parent is not None and "badge" not in data:
        badge_mm = parent.badge_mm
    else:
        badge = r.table(data, "badge", _SIZE_KEYS)
        badge_mm = (
            r.number(badge, "width_mm", "badge", page_mm[0], 10),
            r.number(badge, "height_mm", "badge", page_mm[1], 10),
        )

    grid = r.table(data, "grid", _GRID_KEYS)
    columns = r.integer(grid, "columns", "grid", 1, 1, 20)
    rows = r.integer(grid, "rows", "grid", 1, 1, 20)
    gap = (r.number(grid, "gap_x_mm", "grid", 0), r.number(grid, "gap_y_mm", "grid", 0))
    used = (
        columns * badge_mm[0] + (columns - 1) * gap[0],
        rows * badge_mm[1] + (rows - 1) * gap[1],
    )
    # Without margins the grid is centred on the page.
    margin = (
        r.number(grid, "margin_left_mm", "grid", max((page_mm[0] - used[0]) / 2, 0)),
        r.number(grid, "margin_top_mm", "grid", max((page_mm[1] - used[1]) / 2, 0)),
    )
    if margin[0] + used[0] > page_mm[0] + 0.01 or margin[1] + used[1] > page_mm[1] + 0.01:
        raise r.fail("grid", "бейджи не помещаются на страницу", "the badges do not fit the page")
    cut_marks = r.flag(grid, "cut_marks", "grid", columns * rows > 1)

    boxes: dict[str, Box] = dict(parent.boxes) if parent is not None else {}
    raw_boxes = data.get("boxes", {})
    if not isinstance(raw_boxes, Mapping):
        raise r.fail("boxes", "нужны таблицы [boxes.*]", "[boxes.*] tables are required")
    for key, raw in raw_boxes.items():
        boxes[key] = _box(r, key, raw, badge_mm)
    missing = [k for k in REQUIRED if k not in boxes]
    if missing:
        raise r.fail(
            "boxes",
            "нет обязательных элементов: {m}",
            "required elements missing: {m}",
            m=", ".join(missing),
        )
    names = list(boxes)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            if boxes[first].overlaps(boxes[second]):
                raise r.fail(
                    f"boxes.{second}",
                    "перекрывает boxes.{o}",
                    "overlaps boxes.{o}",
                    o=first,
                )

    return Layout(
        name=path.stem,
        title=r.text(data, "title", parent.title if parent else path.stem),
        page_mm=page_mm,
        badge_mm=badge_mm,
        columns=columns,
        rows=rows,
        margin_mm=margin,
        gap_mm=gap,
        cut_marks=cut_marks,
        boxes=MappingProxyType(boxes),
        source=path,
        monochrome=r.flag(data, "monochrome", "", parent.monochrome if parent else False),
    )


def _box(r: _Reader, key: str, raw: object, badge_mm: tuple[float, float]) -> Box:
    where = f"boxes.{key}"
    if key not in ELEMENTS:
        raise r.fail(
            where,
            "неизвестный элемент; возможны: {all}",
            "unknown element; known: {all}",
            all=", ".join(ELEMENTS),
        )
    if not isinstance(raw, Mapping):
        raise r.fail(where, "нужна таблица", "must be a table")
    r.known(raw, where, _BOX_KEYS)
    if key == "qr":
        size = r.number(raw, "size", where, minimum=MIN_QR_MM)
        w = h = size
    else:
        if "size" in raw:
            raise r.fail(f"{where}.size", "только для qr; нужны w и h", "only for qr; use w and h")
        w, h = r.number(raw, "w", where, minimum=1), r.number(raw, "h", where, minimum=1)
    max_pt = r.number(raw, "max_pt", where, 10, 3)
    box = Box(
        x=r.number(raw, "x", where),
        y=r.number(raw, "y", where),
        w=w,
        h=h,
        max_pt=max_pt,
        min_pt=r.number(raw, "min_pt", where, min(6.0, max_pt), 3),
        lines=r.integer(raw, "lines", where, 1, 1, MAX_LINES),
        bold=r.flag(raw, "bold", where, key in _BOLD),
        align=str(raw.get("align", "center" if key in _CENTRED else "left")),
        valign=str(raw.get("valign", "middle" if key in _MIDDLE else "top")),
    )
    if box.align not in ("left", "center", "right"):
        raise r.fail(f"{where}.align", "left, center или right", "left, center or right")
    if box.valign not in ("top", "middle", "bottom"):
        raise r.fail(f"{where}.valign", "top, middle или bottom", "top, middle or bottom")
    if box.min_pt > box.max_pt:
        raise r.fail(f"{where}.min_pt", "больше max_pt", "is larger than max_pt")
    if box.x + box.w > badge_mm[0] + 0.01 or box.y + box.h > badge_mm[1] + 0.01:
        raise r.fail(where, "выходит за края бейджа", "goes outside the badge")
    return box
