"""A PDF page as the reader knows it: its extracted text, and a PNG with a text span highlighted."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium

from corpus.pdf import normalise
from corpus.types import TextBox
from web.highlight import Span

# PDFium is not thread-safe: every call into it from the web app holds this lock.
PDFIUM_LOCK = threading.RLock()
Box = tuple[float, float, float, float]  # left, top, right, bottom in bitmap pixels


@dataclass(frozen=True)
class PageText:
    """One page's text exactly as ingest saw it, and how many pages the file has."""

    text: str
    pages: int


def _normalised_with_map(raw: str) -> tuple[str, list[int]]:
    """corpus.pdf.normalise, also returning the raw index of every kept character."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(raw):
        if ch == "\r" and raw[i + 1 : i + 2] == "\n" or ch == "\x00":
            continue
        out.append({"\r": "\n", "\ufffe": "-"}.get(ch, ch))
        where.append(i)
    return "".join(out), where


def _raw_text(textpage) -> str:
    count = textpage.count_chars()
    raw = textpage.get_text_range()
    if len(raw) != count:  # characters outside the BMP: read one index at a time to keep the map
        raw = "".join(textpage.get_text_range(i, 1) or "\x00" for i in range(count))
    return raw


def page_text(path: Path, page: int) -> PageText:
    """The normalised text of 1-based `page` (what chunks were cut from)."""
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(path)
        try:
            total = len(doc)
            if not 1 <= page <= total:
                return PageText("", total)
            textpage = doc[page - 1].get_textpage()
            return PageText(normalise(textpage.get_text_range()), total)
        finally:
            doc.close()


def _boxes(textpage, posconv, span: Span | None, raw: str) -> list[Box]:
    if span is None:
        return []
    text, where = _normalised_with_map(raw)
    if text.rstrip("\f\x00") != normalise(raw) or span[1] > len(where) or span[0] >= span[1]:
        return []  # the map disagrees with ingest's normalisation: better no box than a wrong one
    first, last = where[span[0]], where[span[1] - 1]
    boxes = []
    for i in range(textpage.count_rects(first, last - first + 1)):
        left, bottom, right, top = textpage.get_rect(i)
        x0, y0 = posconv.to_bitmap(left, top)
        x1, y1 = posconv.to_bitmap(right, bottom)
        boxes.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return boxes


def ocr_boxes(words: tuple[TextBox, ...], span: Span) -> list[Box]:
    """The boxes (PDF points from the page's top-left) covering `span` of a page read by OCR:
    the words it touches, joined into one box per printed line."""
    lines: list[list[float]] = []
    for word in words:
        if word.end <= span[0] or word.start >= span[1]:
            continue
        left, top, right, bottom = word.box
        last = lines[-1] if lines else None
        middle = (top + bottom) / 2
        if last is not None and last[1] <= middle <= last[3] and left >= last[0]:
            last[1], last[2], last[3] = min(last[1], top), max(last[2], right), max(last[3], bottom)
        else:
            lines.append([left, top, right, bottom])
    return [(b[0], b[1], b[2], b[3]) for b in lines]


@lru_cache(maxsize=64)
def _render(
    path: str,
    mtime: float,
    page: int,
    span: Span | None,
    scale: float,
    given: tuple[Box, ...] | None = None,
) -> bytes:
    from PIL import Image, ImageDraw

    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(path)
        try:
            pdf_page = doc[page - 1]
            bitmap = pdf_page.render(scale=scale, may_draw_forms=True)
            if given is not None:  # boxes in PDF points from the top-left (OCR's word boxes)
                boxes = [tuple(v * scale for v in box) for box in given]
            else:
                textpage = pdf_page.get_textpage()
                boxes = _boxes(textpage, bitmap.get_posconv(pdf_page), span, _raw_text(textpage))
            image = bitmap.to_pil().convert("RGBA")
        finally:
            doc.close()
    if boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        pad = 2 * scale
        for x0, y0, x1, y1 in boxes:
            draw.rectangle(
                (x0 - pad, y0 - pad, x1 + pad, y1 + pad),
                fill=(255, 214, 0, 96),
                outline=(214, 120, 0, 255),
                width=max(1, round(scale)),
            )
        image = Image.alpha_composite(image, overlay)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=False)
    return out.getvalue()


def render_png(
    path: Path,
    page: int,
    span: Span | None = None,
    *,
    scale: float = 1.5,
    boxes: tuple[Box, ...] | list[Box] | None = None,
) -> bytes:
    """PNG of 1-based `page`, with the characters of `span` (in the page's text) highlighted, or
    else the given `boxes` (PDF points from the page's top-left: a scanned page's OCR words)."""
    given = tuple(tuple(b) for b in boxes) if boxes is not None else None
    return _render(str(path), path.stat().st_mtime, page, span, scale, given)


def highlight_boxes(path: Path, page: int, span: Span, *, scale: float = 1.0) -> list[Box]:
    """The rectangles (bitmap pixels at `scale`) covering `span` of the page's text."""
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(path)
        try:
            pdf_page = doc[page - 1]
            bitmap = pdf_page.render(scale=scale)
            textpage = pdf_page.get_textpage()
            return _boxes(textpage, bitmap.get_posconv(pdf_page), span, _raw_text(textpage))
        finally:
            doc.close()
