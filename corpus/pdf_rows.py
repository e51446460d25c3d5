"""Tables whose cells wrap: one text line per row, rebuilt from pdfium's character boxes.

A Word or fpdf2 table whose long cells wrap onto several printed lines reaches pdfium's text cell
by cell (or line by line), so no row of it is ever one line and nothing downstream sees a row. We
find such a table by geometry alone: columns are the left edges that pieces of text share on
several printed lines, a piece that fits inside one column is a cell's line, and pdfium's order
(cell after cell) says where a row ends: a piece that goes back to an earlier column, below
everything the row printed so far, starts the next row. A table is rebuilt only when its cells
really wrap; everything else keeps pdfium's text. Hand-written because none of our dependencies
reads table cells from pdfium's boxes (pdfplumber and camelot sit on pdfminer).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Box = (left, bottom, right, top) in PDF points, as pdfium's get_charbox gives it.
Box = tuple[float, float, float, float]
# A gap of this many character heights between two words of one line may part two cells;
# pieces of one cell split at a smaller gap merge back, since cells are found by column.
_PIECE_GAP = 1.0
# Left edges within this many character heights of each other are one column's edge.
_ALIGN = 0.3
# Pieces whose tops are within this many heights are on one printed line.
_SAME_LINE = 0.3
# A table: at least this many columns, and this many rows of this many filled cells.
_MIN_COLUMNS = 3
_MIN_ROWS = 2
_ROW_CELLS = 3
# Words of one cell's printed line are never further apart than this (justified text ~1.5).
_READ_ON = 2.0
# A numbered list set out as a table ("12." | title | pages) stays a list: its numbers start items.
_LABEL = re.compile(r"\(?(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z]|[ivxlcIVXLC]{1,5})[.)]?")

# A table of two or more columns of figures is a budget or a count, whose rows rarely wrap and
# whose figures, set flush right, can line up with one another as if they were a column's edge.
_FIGURE = re.compile(r"[-–+(£$€]*\d[\d,.\-–/%)£$€ ]*(?:k|m|bn)?|[-–]|n/?a", re.I)
_FIGURE_COLUMNS = 2


@dataclass(frozen=True)
class Piece:
    """Text between two wide gaps of one printed line: text[start:end] and its box."""

    start: int
    end: int
    line: int  # index of its pdfium text line
    left: float
    right: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.top - self.bottom


def pieces(
    line: int, start: int, end: int, runs: list[tuple[int, int, float | None]], box: Callable
) -> list[Piece] | None:
    """A text line's pieces, parted at its wide gaps; None if pdfium gives no box for one."""
    cuts = [(s, e) for s, e, gap in runs if gap is None or gap >= _PIECE_GAP]
    bounds = [start, *(v for cut in cuts for v in cut), end]
    found = []
    for first, last in zip(bounds[::2], bounds[1::2], strict=True):
        head, tail = box(first), box(last - 1)
        if head is None or tail is None:
            return None
        top, bottom = max(head[3], tail[3]), min(head[1], tail[1])
        if top <= bottom:
            return None  # a degenerate box: no line to measure the table by
        found.append(Piece(first, last, line, head[0], tail[2], top, bottom))
    return found


def wrapped_tables(text: str, lines: list[list[Piece] | None]) -> list[tuple[int, int, str]]:
    """(start, end, rows) for each wrapping table: text[start:end] becomes its rows, one a line."""
    every = [p for found in lines if found for p in found]
    if len(every) < _MIN_COLUMNS * _MIN_ROWS:
        return []
    edges = _columns(every)
    if len(edges) < _MIN_COLUMNS:
        return []
    out = []
    for run in _runs(lines, edges):
        found = [p for n in run for p in lines[n] or []]
        edges_here = _columns(found)
        if len(edges_here) < _MIN_COLUMNS or any(_column(p, edges_here) is None for p in found):
            continue
        rows = _trimmed(_rows(_from_first_band(found, edges_here), edges_here))
        if (
            _is_wrapping_table(rows)
            and all(
                _left_aligned(text, row, edges_here, header=n == 0) for n, row in enumerate(rows)
            )
            and not all(_LABEL.fullmatch(_cell_text(text, row[0])) for row in rows)
            and _figure_columns(text, rows) < _FIGURE_COLUMNS
        ):
            start = min(p.start for row in rows for cell in row for p in cell)
            end = max(p.end for row in rows for cell in row for p in cell)
            out.append((start, end, "\r\n".join(_row_text(text, row) for row in rows)))
    return out


def _from_first_band(found: list[Piece], edges: list[float]) -> list[Piece]:
    """The pieces from the first line printed beside a row of several cells.

    A title above the table, or the end of a row the page break split, fits one column but is no
    row; a header cell of two lines ("Date of / meeting") beside one-line cells is.
    """
    for piece in found:
        level = [p for p in found if abs(p.top - piece.top) <= _SAME_LINE * piece.height]
        if len({_column(p, edges) for p in level}) >= _ROW_CELLS:
            top, bottom = max(p.top for p in level), min(p.bottom for p in level)
            first = min(p.line for p in found if p.bottom < top and p.top > bottom)
            return [p for p in found if p.line >= first]
    return []


def _trimmed(rows: list[list[list[Piece]]]) -> list[list[list[Piece]]]:
    """The rows without trailing one-cell rows (prose after the table that fits one column)."""
    while rows and sum(1 for cell in rows[-1] if cell) < 2:
        rows = rows[:-1]
    return rows


def _columns(found: list[Piece]) -> list[float]:
    """The left edges that pieces on two or more printed lines of three or more pieces share."""
    bands: list[list[Piece]] = []
    for piece in sorted(found, key=lambda p: -p.top):
        if bands and bands[-1][0].top - piece.top <= _SAME_LINE * piece.height:
            bands[-1].append(piece)
        else:
            bands.append([piece])
    lefts = sorted(
        (p.left, n, p.height) for n, band in enumerate(bands) if len(band) >= 3 for p in band
    )
    edges: list[float] = []
    group: list[tuple[float, int, float]] = []
    for item in [*lefts, (float("inf"), -1, 0.0)]:
        if group and item[0] - group[0][0] > _ALIGN * group[0][2]:
            if len({n for _, n, _ in group}) >= 2:
                edges.append(min(left for left, _, _ in group))
            group = []
        group.append(item)
    return edges


def _column(piece: Piece, edges: list[float]) -> int | None:
    """The column a piece sits inside, or None if it starts before the first or spans two."""
    slack = _ALIGN * piece.height
    n = sum(1 for edge in edges if edge - slack <= piece.left) - 1
    if n < 0:
        return None
    if n + 1 < len(edges) and piece.right > edges[n + 1] + slack:
        return None
    return n


def _runs(lines: list[list[Piece] | None], edges: list[float]) -> list[list[int]]:
    """Runs of consecutive text lines whose every piece sits inside one column."""
    runs: list[list[int]] = [[]]
    for n, found in enumerate(lines):
        if found and all(_column(p, edges) is not None for p in found):
            runs[-1].append(n)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _rows(found: list[Piece], edges: list[float]) -> list[list[list[Piece]]]:
    """The table's rows, each a list of cells (its pieces in pdfium's order) per column."""
    rows: list[list[list[Piece]]] = []
    lowest = float("inf")
    previous = -1
    for piece in sorted(found, key=lambda p: p.start):
        n = _column(piece, edges)
        assert n is not None
        # loose boxes of adjacent printed lines may overlap a little
        below = piece.top < lowest + _SAME_LINE * piece.height
        if not rows or (n < previous and below):
            rows.append([[] for _ in edges])
            lowest = piece.bottom
        rows[-1][n].append(piece)
        lowest = min(lowest, piece.bottom)
        previous = n
    return rows


def _is_wrapping_table(rows: list[list[list[Piece]]]) -> bool:
    """Whether the rows are a table (enough rows of several cells) and some cell wraps."""
    full = sum(1 for row in rows if sum(1 for cell in row if cell) >= _ROW_CELLS)
    wraps = any(_printed_lines(cell) >= 2 for row in rows for cell in row)
    return full >= _MIN_ROWS and wraps


def _figure_columns(text: str, rows: list[list[list[Piece]]]) -> int:
    """How many columns hold figures in most of their filled cells below the header."""
    count = 0
    for n in range(len(rows[0])):
        cells = [_cell_text(text, row[n]) for row in rows[1:] if row[n]]
        figures = sum(1 for cell in cells if _FIGURE.fullmatch(cell))
        count += bool(cells) and 2 * figures >= len(cells)
    return count


def _left_aligned(
    text: str, row: list[list[Piece]], edges: list[float], *, header: bool = False
) -> bool:
    """Whether every printed line of every cell starts at its column's edge and reads on.

    Figures set flush right or centred start anywhere, and figures parted from the words before
    them by a wide gap sit in columns of their own that no edge was found for: such a table (a
    budget) keeps the one-line-per-row reading, which never moves text across lines.
    """
    for cell, edge in zip(row, edges, strict=True):
        levels: dict[int, list[Piece]] = {}
        for piece in cell:
            levels.setdefault(round(piece.top), []).append(piece)
        for level in levels.values():
            level.sort(key=lambda p: p.left)
            off_edge = abs(level[0].left - edge) > _ALIGN * level[0].height
            gapped = any(
                b.left - a.right > _READ_ON * a.height
                for a, b in zip(level, level[1:], strict=False)
            )
            if (off_edge or gapped) and not header:  # a header cell may be centred or justified
                return False
            if any(_FIGURE.fullmatch(text[p.start : p.end].strip()) for p in level[1:]):
                return False
    return True


def _printed_lines(cell: list[Piece]) -> int:
    tops: list[float] = []
    for piece in cell:
        if all(abs(top - piece.top) > _SAME_LINE * piece.height for top in tops):
            tops.append(piece.top)
    return len(tops)


def _row_text(text: str, row: list[list[Piece]]) -> str:
    return "\t".join(_cell_text(text, cell) for cell in row)


def _cell_text(text: str, cell: list[Piece]) -> str:
    return " ".join(text[p.start : p.end].strip() for p in cell)
