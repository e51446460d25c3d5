"""Table cells in PDF text: a wide gap between two characters of one text line becomes a tab.

pdfium's text (`get_text_range`) puts a space wherever a gap separates two characters, so the
cells of a flattened table row read as one sentence. We keep that text byte for byte and only turn
the spaces of a wide gap into "\t", measured on pdfium's own character boxes, and only on the
lines of a grid (several rows of three or more cells): downstream a tabbed line is a table row,
and a lone wide gap ("To:   All Members") is prose on a tab stop. Hand-written because none of
our dependencies gives table cells from pdfium (pdfplumber and camelot sit on pdfminer). A table
whose cells wrap onto several printed lines is rebuilt one line per row (corpus.pdf_rows).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from corpus.pdf_rows import CLOSE_GAP, Box, Piece, pieces, wrapped_tables

# Gaps are measured in units of the neighbouring characters' (loose, font-wide) box height.
# Measured on 1,613 Kent County Council pages: word gaps, even in justified text, stay below 1.0;
# a sentence gap in justified text reaches ~1.5; table cells in numeric columns start near 1.0.
_CELL_GAP = 1.0  # below this, never a cell
_WIDE_GAP = 1.6  # at or above this, a cell even after a full stop
# Between two figures ("1,530.9 0.0") prose keeps a word gap (< 0.45); numeric columns sit closer
# than text columns, from ~0.5.
_FIGURE_GAP = 0.5
# "1,530.9", "(0.8)", "-£2.4m", "12%", "2024-25", "£000s", and "-" for nil
_FIGURE = re.compile(r"[-–]|[-–+(£$€]*[\d£$€][\d,.\-–/%)'£$€]*(?:k|m|bn|s)?\)?")
_SENTENCE_END = ".:;?!"
# Justified text stretches every word gap of a line alike (a double space after a full stop to
# twice): on a line of >= 3 word gaps, a cell gap is this many times the typical (median) one.
_STRETCH = 3.0
_SENTENCE_STRETCH = 4.0
_JUSTIFIED_MAX = 2.0
# A grid: at least this many lines of at least this many cell gaps, with no more than
# _RUN_BREAK lines without gaps (a wrapped cell) between two lines with gaps.
_GRID_ROWS = 2
_ROW_GAPS = 2
_RUN_BREAK = 2
_LINE = re.compile(r"[^\r\n]+")
# The spaces between two printed characters of one line (never at a line's ends).
_SPACES = re.compile(r"(?<=\S) +(?=\S)")
# A list label at the start of a line ("1.2", "(a)", "iv)", "•"): the gap after it is an indent,
# unless wider than any indent (then the "label" is a table's first cell).
_INDENT = 6.0
_LABEL = re.compile(
    r"(?:\(?(?:[1-9]\d{0,2}(?:\.\d{1,3})*|[A-Za-z]|[ivxlcIVXLC]{1,5})[.):]?|[^\w\s]{1,2})"
)


def cell_text(textpage: pdfium.PdfTextPage) -> str:
    """The page's text as `get_text_range()` gives it, with the gaps between table cells as tabs.

    A table whose cells wrap onto several printed lines comes out one line per row instead.
    """
    text = textpage.get_text_range()
    box = _boxes(textpage)
    lines = list(_LINE.finditer(text))
    runs = [_runs(box, line) for line in lines]
    rows = [_cell_gaps(text, line, found) for line, found in zip(lines, runs, strict=True)]
    cells = [gap for n in _in_grid(rows) for gap in rows[n]]
    found = [_pieces(n, line, runs[n], box) for n, line in enumerate(lines)]
    close = [_pieces(n, line, runs[n], box, gap=CLOSE_GAP) for n, line in enumerate(lines)]
    tables = wrapped_tables(text, found, close)
    edits = sorted(
        [*tables, *((s, e, "\t") for s, e in cells if not any(a <= s < b for a, b, _ in tables))]
    )
    if not edits:
        return text
    pieces: list[str] = []
    done = 0
    for start, end, new in edits:
        pieces += [text[done:start], new]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _boxes(textpage: pdfium.PdfTextPage) -> Callable[[int], Box | None]:
    """The loose box of the character at a text offset (None if pdfium has none), remembered."""
    known: dict[int, Box | None] = {}

    def box(offset: int) -> Box | None:
        if offset not in known:
            index = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, offset)
            known[offset] = textpage.get_charbox(index, loose=True) if index >= 0 else None
        return known[offset]

    return box


def _runs(
    box: Callable[[int], Box | None], line: re.Match[str]
) -> list[tuple[int, int, float | None]]:
    """The space runs between two printed characters of a line, with the gap each stands for."""
    spans = [(line.start() + m.start(), line.start() + m.end()) for m in _SPACES.finditer(line[0])]
    return [(start, end, _gap(box(start - 1), box(end))) for start, end in spans]


def _pieces(
    n: int,
    line: re.Match[str],
    runs: list[tuple[int, int, float | None]],
    box: Callable,
    **how: float,
) -> list[Piece] | None:
    """The line's pieces of text between wide gaps, for finding tables whose cells wrap."""
    printed = line[0].strip(" ")
    if not printed:
        return None
    start = line.start() + line[0].index(printed)
    return pieces(n, start, start + len(printed), runs, box, **how)


def _in_grid(rows: list[list[tuple[int, int]]]) -> list[int]:
    """The lines (indexes into rows, by their cell gaps) that belong to a grid of table rows.

    A lone line with a wide gap or two ("To:   All Members", a title, its date and page number)
    is prose set out on tab stops; only several rows of three or more cells close together make
    a table. Between its first and last such row, and next to them (a totals row whose first
    cells pdfium's spacing hides), two-cell lines keep their tabs too.
    """
    rich = [n for n, gaps in enumerate(rows) if len(gaps) >= _ROW_GAPS]
    grids: list[list[int]] = []
    for n in rich:
        if grids and n - grids[-1][-1] <= _RUN_BREAK + 1:
            grids[-1].append(n)
        else:
            grids.append([n])
    kept: list[int] = []
    for grid in grids:
        if len(grid) < _GRID_ROWS:
            continue
        first, last = grid[0], grid[-1]
        while first > 0 and rows[first - 1]:
            first -= 1
        while last + 1 < len(rows) and rows[last + 1]:
            last += 1
        kept += [n for n in range(first, last + 1) if rows[n] and (not kept or n > kept[-1])]
    return kept


def _cell_gaps(
    text: str, line: re.Match[str], measured: list[tuple[int, int, float | None]]
) -> list[tuple[int, int]]:
    """The (start, end) offsets in text of the space runs of one line that part two cells."""
    runs = [(start, end) for start, end, _ in measured]
    gaps = [gap for _, _, gap in measured]
    words = [w.strip() for w in _SPACES.split(line[0])]  # run n parts words[n], words[n + 1]
    figures = [_is_figure(words[n]) and _is_figure(words[n + 1]) for n in range(len(runs))]
    prose = [g for g, fig in zip(gaps, figures, strict=True) if g is not None and not fig]
    typical = statistics.median_low(prose) if len(prose) >= 3 else None
    if typical is not None and typical >= _JUSTIFIED_MAX:
        typical = None  # gaps this wide throughout are a row of one-word cells, not a stretch
    cells = []
    for n, ((start, end), gap) in enumerate(zip(runs, gaps, strict=True)):
        if gap is None or gap < _FIGURE_GAP:
            continue
        if figures[n]:
            cells.append((start, end))
            continue
        label = n == 0 and gap < _INDENT and _LABEL.fullmatch(words[0])
        # a list of names set out on tab stops ("Mr C Broadley,   Mrs B Bruneau,") is prose
        listed = text[start - 1] == "," and gap < _INDENT
        if not label and not listed and _is_wide(gap, typical, text[start - 1] in _SENTENCE_END):
            cells.append((start, end))
    return cells


def _is_wide(gap: float, typical: float | None, after_sentence: bool) -> bool:
    """Whether a gap between words is a cell gap, given the line's typical word gap if known."""
    if gap >= _WIDE_GAP:
        return True
    if typical is not None and typical > 0:
        # on a line of known word gaps, a cell gap is several of them (a full stop's, more)
        return gap >= (_SENTENCE_STRETCH if after_sentence else _STRETCH) * typical
    return gap >= _CELL_GAP and not after_sentence


def _gap(left: Box | None, right: Box | None) -> float | None:
    """The width of the gap between two characters' boxes, in character heights; None if none."""
    if left is None or right is None:
        return None
    height = max(left[3] - left[1], right[3] - right[1])
    overlap = min(left[3], right[3]) - max(left[1], right[1])
    if height <= 0 or overlap < height / 2:
        return None  # not side by side on one line (a superscript, or pdfium's reading order)
    return (right[0] - left[2]) / height


def _is_figure(word: str) -> bool:
    return _FIGURE.fullmatch(word) is not None
