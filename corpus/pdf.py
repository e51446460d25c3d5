"""PDF text per sheet and the page number printed on it: pypdfium2 first, pypdf as fallback.

A sheet without a usable text layer (a scan: images and at most a stamped page number; or text
whose characters map to nothing readable) is read by OCR (`corpus.ocr`) and marked `Page.ocr`.
"""

from __future__ import annotations

import io
import logging
import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from corpus import ocr
from corpus.errors import CorruptFile, EncryptedFile, NoTextFile
from corpus.pdf_layout import cell_text
from corpus.types import Page, TextBox

log = logging.getLogger(__name__)

# "Page 19", "Page 3 of 54", "Page 1 Agenda Item 9" (agenda pack stamps), alone on a line.
_PAGE_LINE = re.compile(r"Page\s+(\d{1,4})(\s+of\s+\d{1,4})?(\s+Agenda\s+Item\b.{0,20})?", re.I)
# A bare folio such as "7" or "- 7 -" at the top or bottom of a sheet.
_BARE_LINE = re.compile(r"[-–]?\s*(\d{1,4})\s*[-–]?")
_HEAD_LINES = 2
_FOOT_LINES = 3
# A scan's text layer holds at most a stamp ("Page 23", "Agenda Item 5"): fewer readable
# characters than this, on a sheet whose images cover at least _SCANNED_SHARE of it.
_FEW_CHARS = 50
_SCANNED_SHARE = 0.4
# A text layer this share of whose characters map to nothing readable (fonts without a Unicode
# map give control or private-use codes) is unusable: the sheet is read by OCR instead.
_GARBLED_SHARE = 0.3
_UNREADABLE = {"Cc", "Cf", "Co", "Cn", "Cs"}


@dataclass(frozen=True)
class _Scan:
    """A sheet read by OCR: its text and where each word is printed."""

    text: str
    boxes: tuple[TextBox, ...]


def normalise(text: str) -> str:
    """The one normalisation every extracted page gets, so later quotes refer to Page.text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # pdfium marks a hyphen at a line break as U+FFFE (a non-character): it is a printed hyphen.
    text = text.replace("\ufffe", "-")
    return text.replace("\x00", "").rstrip("\f\x00")


def read_pdf(path: Path, data: bytes) -> tuple[str | None, list[Page]]:
    """The metadata title and the pages of a PDF given its bytes; PaperError when unreadable."""
    if b"%PDF-" not in data[:1024]:
        raise CorruptFile(path, f"not a PDF: it starts with {data[:8]!r}")
    scans: dict[int, _Scan] = {}
    problem: list[str] = []
    try:
        title, texts, labels = _with_pdfium(path, data, scans, problem)
    except EncryptedFile:
        raise
    except Exception as exc:  # pdfium refuses some damaged files that pypdf repairs
        log.info("pypdfium2 failed on %s (%s); trying pypdf", path, exc)
        scans.clear()
        title, texts, labels = _with_pypdf(path, data)
    if not texts:
        raise NoTextFile(path)
    texts = [scans[i].text if i in scans else normalise(t) for i, t in enumerate(texts)]
    if not any(t.strip() for t in texts):
        raise NoTextFile(path, problem[0] if problem else None)
    if problem:
        log.warning("%s: some scanned pages were left unread: %s", path, problem[0])
    printed = printed_labels(texts)
    pages = [
        Page(
            number=i + 1,
            text=text,
            label=printed[i] or labels[i],
            ocr=i in scans,
            boxes=scans[i].boxes if i in scans else (),
        )
        for i, text in enumerate(texts)
    ]
    return title, pages


def _with_pdfium(
    path: Path, data: bytes, scans: dict[int, _Scan], problem: list[str]
) -> tuple[str | None, list[str], list[str | None]]:
    """Title, text and label of every sheet; sheets read by OCR go into `scans` by index, and
    why a scanned sheet could not be read goes into `problem`."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFile(path) from exc
        raise
    try:
        title = (doc.get_metadata_dict().get("Title") or "").strip() or None
        texts: list[str] = []
        labels: list[str | None] = []
        unavailable = False
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            texts.append(cell_text(textpage))  # pdfium's text, table cells parted by tabs
            labels.append(doc.get_page_label(i) or None)
            textpage.close()
            layer = normalise(texts[-1])
            if not unavailable and needs_ocr(page, layer):
                try:
                    scan = _read_scan(page, "" if garbled(layer) else layer)
                except ocr.OcrUnavailable as exc:  # no engine: no use trying the next sheets
                    unavailable = True
                    problem.append(str(exc))
                except Exception as exc:  # this sheet's image only: the next may read
                    detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
                    problem.append(f"OCR failed on page {i + 1}: {detail}")
                else:
                    if scan is not None:
                        scans[i] = scan
                        log.info("OCR read page %d of %s", i + 1, path.name)
            page.close()
        return title, texts, labels
    finally:
        doc.close()


def readable_chars(text: str) -> int:
    """Characters of `text` that are neither space nor codes mapping to no readable character."""
    return sum(1 for ch in text if not ch.isspace() and unicodedata.category(ch) not in _UNREADABLE)


def garbled(text: str) -> bool:
    """Whether a text layer is mostly codes that map to no readable character."""
    printed = sum(1 for ch in text if not ch.isspace())
    return bool(printed) and (printed - readable_chars(text)) / printed >= _GARBLED_SHARE


def needs_ocr(page, text: str) -> bool:
    """Whether a sheet's text layer is missing or unusable and its image should be read by OCR:
    garbled text, or next to no text on a sheet mostly covered by images (a scan, perhaps
    stamped with its page number)."""
    if garbled(text):
        return True
    return readable_chars(text) < _FEW_CHARS and image_share(page) >= _SCANNED_SHARE


def image_share(page) -> float:
    """How much of the sheet its images cover (0 to 1), images inside form XObjects counted by
    the form's bounds."""
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return 0.0
    area = 0.0
    form, form_counted = None, False
    for obj in page.get_objects(max_depth=2):
        if obj.level == 0:
            form, form_counted = (
                (obj, False) if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM else (None, False)
            )
        if obj.type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        if obj.level == 0:
            area += _area(obj.get_bounds(), width, height)
        elif form is not None and not form_counted:
            area += _area(form.get_bounds(), width, height)
            form_counted = True
    return min(area / (width * height), 1.0)


def _area(bounds: tuple[float, float, float, float], width: float, height: float) -> float:
    left, bottom, right, top = bounds
    return max(0.0, min(right, width) - max(left, 0.0)) * max(
        0.0, min(top, height) - max(bottom, 0.0)
    )


def _read_scan(page, layer: str) -> _Scan | None:
    """The sheet as OCR reads it, when OCR finds more than the usable text layer holds (a cover
    whose photograph hides no words keeps its title from the text layer)."""
    started = time.perf_counter()
    text, boxes = ocr.page_text(ocr.read_lines(page))
    log.debug("OCR: %d characters in %.2fs", len(text), time.perf_counter() - started)
    if readable_chars(text) <= 2 * readable_chars(layer):
        return None
    return _Scan(text, boxes)


def _with_pypdf(path: Path, data: bytes) -> tuple[str | None, list[str], list[str | None]]:
    from pypdf import PdfReader  # the fallback: imported only when pdfium fails

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedFile(path)
        texts = [page.extract_text() or "" for page in reader.pages]
        has_labels = "/PageLabels" in reader.trailer["/Root"]
        labels = list(reader.page_labels) if has_labels else [None] * len(texts)
        title = (reader.metadata.title if reader.metadata else None) or None
    except EncryptedFile:
        raise
    except Exception as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        if "password" in detail.lower() or "decrypt" in detail.lower():
            raise EncryptedFile(path) from exc
        raise CorruptFile(path, f"cannot parse the PDF: {detail}") from exc
    return (title.strip() if title else None), texts, labels


def printed_labels(texts: list[str]) -> list[str | None]:
    """The page number printed on each sheet, or None: "Page N" lines, else consistent folios."""
    explicit = [_explicit_label(t) for t in texts]
    bare = [_bare_candidates(t) for t in texts]
    labels: list[str | None] = []
    for i, found in enumerate(explicit):
        if found is not None:
            labels.append(found)
            continue
        labels.append(_consistent_bare(i, bare))
    return _fill_gaps(labels)


def _fill_gaps(labels: list[str | None]) -> list[str | None]:
    # Packs number blank sheets ("This page is intentionally left blank") without printing
    # the number: a one-sheet gap between N-1 and N+1 is page N.
    filled = list(labels)
    for i in range(1, len(labels) - 1):
        before, after = labels[i - 1] or "", labels[i + 1] or ""
        numeric = before.isdigit() and after.isdigit()
        if labels[i] is None and numeric and int(after) - int(before) == 2:
            filled[i] = str(int(before) + 1)
    return filled


def _edge_lines(text: str) -> tuple[list[str], list[str]]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return lines[:_HEAD_LINES], lines[-_FOOT_LINES:][::-1]


def _explicit_label(text: str) -> str | None:
    # A pack's own "Page N" beats a report's "Page N of M"; footers beat headers.
    head, foot = _edge_lines(text)
    fallback = None
    for line in foot + head:
        match = _PAGE_LINE.fullmatch(line)
        if not match:
            continue
        if not match.group(2):
            return match.group(1)
        fallback = fallback or match.group(1)
    return fallback


def _bare_candidates(text: str) -> set[int]:
    head, foot = _edge_lines(text)
    return {int(m.group(1)) for line in head + foot if (m := _BARE_LINE.fullmatch(line))}


def _consistent_bare(i: int, bare: list[set[int]]) -> str | None:
    # A lone number could be a table cell; trust it only when a neighbouring sheet
    # carries the number that keeps the same offset from the sheet index.
    for value in sorted(bare[i]):
        before = i > 0 and value - 1 in bare[i - 1]
        after = i + 1 < len(bare) and value + 1 in bare[i + 1]
        if before or after:
            return str(value)
    return None
