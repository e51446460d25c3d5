"""Lines of a file with their exact offsets in the page text, and the printed page labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.types import Page

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
# Page markers in text extracted from a pack: "Page 53", "30 October 2015 Page 169"
_SHEET_MARKER_RE = re.compile(r"^Page\s+(\d{1,4})(?:\s+of\s+\d{1,4})?$", re.I)
_TEXT_MARKER_RE = re.compile(r"(?:^|\s)Page\s+(\d{1,4})(?=\s|$)")


@dataclass(frozen=True)
class Line:
    """One line of a page: where it sits in the page text, and its stripped text."""

    page: int  # index into SourceFile.pages
    start: int  # offset of the first non-blank character in the page text
    end: int  # offset just past the last non-blank character
    text: str  # page.text[start:end]
    index: int = 0  # position among all lines of the file
    tabbed: bool = False  # a row of a flattened table: cells split by tabs (or Markdown pipes)

    @property
    def words(self) -> int:
        return len(self.text.split())


def split_lines(pages: list[Page]) -> list[Line]:
    """Every non-blank line of every page, in reading order, with offsets into its page."""
    lines: list[Line] = []
    for number, page in enumerate(pages):
        for m in _LINE_RE.finditer(page.text):
            raw = m.group().rstrip("\r\n")
            stripped = raw.strip()
            if not stripped:
                continue
            start = m.start() + (len(raw) - len(raw.lstrip()))
            end = start + len(stripped)
            row = "\t" in raw or (stripped.startswith("|") and stripped.count("|") >= 2)
            lines.append(Line(number, start, end, stripped, len(lines), row))
    return lines


def is_blank_gap(page: Page, before: Line, after: Line) -> bool:
    """Whether a blank line separates two lines of the same page (a paragraph break)."""
    gap = page.text[before.end : after.start]
    return gap.count("\n") + gap.replace("\r\n", "\n").count("\r") >= 2


def text_page_marker(line: Line) -> str | None:
    """A printed page marker ("Page 53") that an extracted text pack kept inside a line."""
    m = _TEXT_MARKER_RE.search(line.text)
    if m and (line.text.startswith("Page") or len(line.text) < 40 or m.start() < 30):
        return m.group(1)
    return None


def text_page_labels(lines: list[Line]) -> list[str | None]:
    """Printed page labels for the lines of an extracted text pack.

    A marker labels its own line; the lines between two markers of consecutive pages ("Page 53"
    then "Page 54") are labelled with the later one, since packs print the number at the foot.
    Sparse markers say nothing reliable about the lines around them, so those stay unlabelled.
    """
    labels: list[str | None] = [text_page_marker(line) for line in lines]
    marked = [i for i, label in enumerate(labels) if label]
    for a, b in zip(marked, marked[1:], strict=False):
        if int(labels[b]) == int(labels[a]) + 1:
            for i in range(a + 1, b):
                labels[i] = labels[b]
    return labels


def running_heads(lines: list[Line], pages: int) -> set[str]:
    """Texts printed at the top or foot of many sheets (running heads, watermarks, footers).

    They repeat the document's title or a page number, so they are never headings. Digits are
    ignored when comparing, so "Report February 2025 22" and "... 23" are the same head.
    """
    if pages < 3:
        return set()
    seen: dict[str, set[int]] = {}
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    for page, page_lines in by_page.items():
        for line in page_lines[:3] + page_lines[-2:]:
            seen.setdefault(_shape(line.text), set()).add(page)
    return {text for text, where in seen.items() if len(where) >= max(3, pages // 4)}


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def is_running_head(line: Line, heads: set[str]) -> bool:
    """Whether a line is one of a file's running heads."""
    return bool(heads) and _shape(line.text) in heads


def sheet_marker(text: str) -> str | None:
    """A "Page 5" footer or header on a sheet whose reader found no label (text with form feeds)."""
    stripped = [line.strip() for line in text.splitlines() if line.strip()]
    for candidate in stripped[-2:] + stripped[:2]:
        m = _SHEET_MARKER_RE.match(candidate)
        if m:
            return m.group(1)
    return None
