"""Tables whose cells wrap: one text line per row, rebuilt from pdfium's character boxes.

A Word or fpdf2 table whose long cells wrap onto several printed lines reaches pdfium's text cell
by cell (or line by line), so no row of it is ever one line and nothing downstream sees a row. We
find such a table by geometry alone: columns are the left edges that pieces of text share on
several printed lines, a piece that fits inside one column is a cell's line, and pdfium's order
(cell after cell) says where a row ends: a piece that goes back to an earlier column, below
everything the row printed so far, starts the next row. Where that finds no table (pdfium joins
what is printed at one height, so a row's cells can come line by line across the row, or mixed),
a table with a header row is read by position instead: a blank in a column's text lies between
two rows. A table is rebuilt only when its cells really wrap; everything else keeps pdfium's
text. Hand-written because none of our dependencies
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
# A date set out in figures ("31/01/2025", "2024-10-10") is a tracker's or a log's, not a budget's.
_DATE = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{2}-\d{2}")
# Pieces parted at gaps this wide (in heights; a word gap is ~0.25, a fpdf2 or Word cell's
# padding alone ~0.5) are read by position when pdfium's order gives no rows.
CLOSE_GAP = 0.4
# A header cell names its column in this many words at most.
_HEADER_WORDS = 6
# In a column, text this many heights below the text above it (a line is ~0.2) begins anew.
_NEW_TEXT = 0.5


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
    line: int,
    start: int,
    end: int,
    runs: list[tuple[int, int, float | None]],
    box: Callable,
    *,
    gap: float = _PIECE_GAP,
) -> list[Piece] | None:
    """A line's pieces, parted at gaps of `gap` heights; None if pdfium gives no box for one."""
    cuts = [(s, e) for s, e, width in runs if width is None or width >= gap]
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


def wrapped_tables(
    text: str, lines: list[list[Piece] | None], close: list[list[Piece] | None] | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, rows) for each wrapping table: text[start:end] becomes its rows, one a line.

    `close` are the same lines parted at narrower gaps (pieces(..., gap=CLOSE_GAP)): where
    pdfium's order does not give a table cell after cell, its rows are found by position in them.
    """
    every = [p for found in lines if found for p in found]
    if len(every) < _MIN_COLUMNS * _MIN_ROWS:
        return []
    edges = _columns(every)
    if len(edges) < _MIN_COLUMNS:
        return []
    placed = _placed_tables(text, close, edges) if close is not None else []
    out = []
    for run in _runs(lines, edges):
        found = [p for n in run for p in lines[n] or []]
        edges_here = _columns(found)
        if len(edges_here) < _MIN_COLUMNS or any(_column(p, edges_here) is None for p in found):
            continue
        rows = _trimmed(_rows(_from_first_band(found, edges_here), edges_here))
        # rows without a first cell are a table's printed lines when pdfium read across the row
        across = any(not row[0] for row in rows) and _overlaps(found, placed)
        if _is_table(text, rows, edges_here) and not across:
            out.append(_replacement(text, rows))
    out += [table for table in placed if not _overlaps_table(table, out)]
    return sorted(out)


def _overlaps(found: list[Piece], tables: list[tuple[int, int, str]]) -> bool:
    return any(start <= p.start < end for p in found for start, end, _ in tables)


def _overlaps_table(table: tuple[int, int, str], tables: list[tuple[int, int, str]]) -> bool:
    return any(table[0] < end and start < table[1] for start, end, _ in tables)


def _is_table(text: str, rows: list[list[list[Piece]]], edges: list[float]) -> bool:
    """Whether the rows are a table whose cells wrap, start at their edges and are words."""
    return (
        _is_wrapping_table(rows)
        and all(_left_aligned(text, row, edges, header=n == 0) for n, row in enumerate(rows))
        and not all(_LABEL.fullmatch(_cell_text(text, row[0])) for row in rows)
        and _figure_columns(text, rows) < _FIGURE_COLUMNS
    )


def _replacement(text: str, rows: list[list[list[Piece]]]) -> tuple[int, int, str]:
    start = min(p.start for row in rows for cell in row for p in cell)
    end = max(p.end for row in rows for cell in row for p in cell)
    return start, end, "\r\n".join(_row_text(text, row) for row in rows)


def _placed_tables(
    text: str, close: list[list[Piece] | None], edges: list[float]
) -> list[tuple[int, int, str]]:
    """Tables read by position: cells whose lines pdfium gives across the row, or mixed.

    pdfium joins what is printed at one height into one text line, so the first printed lines of
    a row's cells come as one line, then their second lines, in any mix; and a short cell's words
    can sit so close to the next cell's that only the column edge parts them (hence the narrower
    gaps). Rows are then found by where text is printed, not by pdfium's order.
    """
    out = []
    for run in _runs(close, edges):
        here = [p for n in run for p in close[n] or []]
        edges_here = _columns(here)
        if len(edges_here) < _MIN_COLUMNS or any(_column(p, edges_here) is None for p in here):
            continue
        rows = _trimmed(_rows_by_position(_from_first_band(here, edges_here), edges_here))
        if not rows or not _has_header(text, rows) or not _is_table(text, rows, edges_here):
            continue
        start, end, new = _replacement(text, rows)
        kept = {p.start for row in rows for cell in row for p in cell}
        every = (p.start for line in close if line for p in line)
        if all(n in kept for n in every if start <= n < end):  # never lose a word
            out.append((start, end, new))
    return out


def _has_header(text: str, rows: list[list[list[Piece]]]) -> bool:
    """Whether the first row names every column in a few words and every row has a first cell.

    Read by position, a cell's paragraphs part like rows; a log's rows each have a first cell.
    """
    names = [_cell_text(text, cell).split() for cell in rows[0]]
    named = all(0 < len(words) <= _HEADER_WORDS and words[0][0].isalnum() for words in names)
    return named and all(row[0] for row in rows)


def _rows_by_position(found: list[Piece], edges: list[float]) -> list[list[list[Piece]]]:
    """The rows, top to bottom, parted where a column's text has a blank between two pieces.

    A cell has no blank line, so a blank in a column lies between two rows: the row's edge is
    the lowest clean gap (below all text above it) inside that blank. A cell set in the middle
    of its row starts lower than the row's tallest cell, which the clean gap allows for.
    """
    order = sorted(found, key=lambda p: -p.top)
    cuts, lowest = [], float("inf")
    for n, piece in enumerate(order):
        if n and piece.top < lowest + _SAME_LINE * piece.height:
            cuts.append(n)
        lowest = min(lowest, piece.bottom)
    blanks = []  # (index of the lower piece, the upper piece's bottom)
    for column in range(len(edges)):
        mine = [n for n, p in enumerate(order) if _column(p, edges) == column]
        for upper, lower in zip(mine, mine[1:], strict=False):
            if order[upper].bottom - order[lower].top > _NEW_TEXT * order[lower].height:
                blanks.append((lower, order[upper].bottom))
    chosen: set[int] = set()
    for lower, bottom in sorted(blanks):  # the blank that ends highest first, cut lowest in it
        slack = _SAME_LINE * order[lower].height
        inside = [c for c in cuts if c <= lower and order[c].top <= bottom + slack]
        if inside and not any(c in chosen for c in inside):
            chosen.add(inside[-1])
    rows = []
    marks = sorted(chosen)
    for first, last in zip([0, *marks], [*marks, len(order)], strict=True):
        cells: list[list[Piece]] = [[] for _ in edges]
        for piece in order[first:last]:
            cells[_column(piece, edges) or 0].append(piece)
        rows.append([_reading_order(cell) for cell in cells])
    return rows


def _reading_order(cell: list[Piece]) -> list[Piece]:
    """A cell's pieces line by line from the top, left to right on a line."""
    levels: list[list[Piece]] = []
    for piece in sorted(cell, key=lambda p: -p.top):
        if levels and levels[-1][0].top - piece.top <= _SAME_LINE * piece.height:
            levels[-1].append(piece)
        else:
            levels.append([piece])
    return [p for level in levels for p in sorted(level, key=lambda p: p.left)]


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
        figures = sum(1 for cell in cells if _FIGURE.fullmatch(cell) and not _DATE.fullmatch(cell))
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
