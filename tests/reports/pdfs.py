"""Reading the organiser's PDFs back: page images (pypdfium2) and text (pdfplumber)."""

from __future__ import annotations

import io
import re
from typing import Any

import pdfplumber
import pypdfium2
from PIL import Image


def page_images(pdf: bytes, dpi: int = 100) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, every kind of space made a plain one."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            re.sub(r"[\u00a0\u202f ]+", " ", page.extract_text() or "") for page in document.pages
        ]


def page_shapes(pdf: bytes) -> list[dict[str, Any]]:
    """Each page's rectangles, lines and curves as pdfplumber sees them."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            {"rects": list(page.rects), "lines": list(page.lines), "curves": list(page.curves)}
            for page in document.pages
        ]


def is_greyscale(image: Image.Image) -> bool:
    """No pixel has colour (its saturation is nil, give or take rounding)."""
    saturation = image.convert("HSV").split()[1].histogram()
    return sum(saturation[9:]) == 0


def dark_share(image: Image.Image) -> float:
    """The share of pixels darker than mid grey."""
    levels = image.convert("L").histogram()
    return sum(levels[:128]) / sum(levels)
