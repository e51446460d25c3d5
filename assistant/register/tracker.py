"""Rows of a recommendations tracker: date, item, recommendation, owner, response, progress check.

Tables reach us flattened, one row a line with tab (or " | ") separated cells, a header row repeated
on each page, and rows that a page break split in two (the second half has empty date and item
cells). Columns are found by their header wording, never by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.register.fields import fuzzy_date, is_status_word, mend
from assistant.register.markers import ACTION, NEXT_STEP, RECOMMENDATION, Line, is_noise

# Cyrillic look-alikes that OCR puts in headers ("То" for "To").
_HOMOGLYPHS = str.maketrans("АВСЕНКМОРТХаеорсухТо", "ABCEHKMOPTXaeopcyxTo")
_COLUMNS = [
    ("text", re.compile(r"recommendation|actions?\b|decision", re.I)),
    (
        "due",
        re.compile(
            r"progress\s*check|due|deadline|target date|by when|timescale|review date", re.I
        ),
    ),
    ("status", re.compile(r"response|status|progress|update|outcome|comment", re.I)),
    ("date", re.compile(r"date|meeting", re.I)),
    # an action log's own numbering ("Ref", "No.", "Action no"): the record's number, not its item
    ("ref", re.compile(r"^\W*(?:ref(?:erence)?|no|number|action\s*(?:no|ref))\W*$|^#$", re.I)),
    ("item", re.compile(r"^\W*[il]?tem\b|subject|topic|report|ref", re.I)),
    ("owner", re.compile(r"^\W*to\W*$|owner|lead|responsib|officer|by whom|assigned", re.I)),
]
_SENTENCE_END = (".", ";", "!", "?", ":")
_NEXT_STEPS_RE = re.compile(r"^\W*(?:board\s+)?next steps?\s*:", re.I)


@dataclass
class Row:
    """One tracker row (with the halves a page break split it into)."""

    cells: dict[str, str]  # column name -> first piece of the cell, verbatim
    line: int  # index of its first line in the paper's lines
    text_span: tuple[int, int] | None  # offsets of the recommendation cell in its chunk
    kind: str = RECOMMENDATION
    more: dict[str, list[str]] = field(default_factory=dict)  # cell pieces from later halves
    keyed: bool = True  # False for an action log: no column says which meeting or item


def _cells(line: Line) -> list[tuple[str, int]]:
    """The cells of a table line with their offsets in the chunk text."""
    sep = "\t" if "\t" in line.text else " | "
    out, pos = [], 0
    raw = line.text.strip("|") if sep == " | " else line.text
    offset = line.start + (line.text.index(raw) if raw else 0)
    for piece in raw.split(sep):
        lead = len(piece) - len(piece.lstrip())
        out.append((piece.strip(), offset + pos + lead))
        pos += len(piece) + len(sep)
    return out


def _header(cells: list[str]) -> dict[int, str] | None:
    """Column index -> field for a header row that names a recommendation column."""
    found: dict[int, str] = {}
    for n, cell in enumerate(cells):
        name = cell.translate(_HOMOGLYPHS)
        for column, pattern in _COLUMNS:
            if column not in found.values() and pattern.search(name) and len(name) < 60:
                found[n] = column
                break
    names = set(found.values())
    # a tracker names the meeting or item a recommendation came from, and who or what answered it
    tracked = names & {"date", "item"} and names & {"status", "owner", "due"}
    # an action log ("Action | Owner | Due date | Status") belongs to the meeting that keeps it
    text = next((cells[n] for n, column in found.items() if column == "text"), "")
    logged = re.search(r"\baction", text, re.I) and "owner" in names and names & {"due", "status"}
    return found if "text" in names and (tracked or logged) else None


def _is_table(line: Line) -> bool:
    return line.text.count("\t") >= 2 or line.text.count(" | ") >= 2


def tracker_rows(lines: list[Line], documents: list[str]) -> list[Row]:
    """Every row of every recommendations tracker among the lines (documents: per chunk)."""
    rows: list[Row] = []
    columns: dict[int, str] | None = None
    kind = RECOMMENDATION
    for i, line in enumerate(lines):
        if not _is_table(line):
            first_in_chunk = i > 0 and lines[i - 1].chunk != line.chunk
            if (
                columns
                and rows
                and first_in_chunk
                and documents[lines[i - 1].chunk] == documents[line.chunk]
            ):
                # a chunk that starts inside a split row loses the row's empty leading cells
                _continue_row(rows[-1], line.text)
            elif not is_noise(line):
                columns = None  # prose or a new title: the table is over
            continue
        cells = _cells(line)
        header = _header([c for c, _ in cells])
        if header:
            columns = header
            kind = _row_kind([c for c, _ in cells], header)
            continue
        if columns is None:
            continue
        named = {columns[n]: (c, pos) for n, (c, pos) in enumerate(cells) if n in columns and c}
        if not named:
            continue
        _add_row(rows, named, i, kind, keyed=bool({"date", "item"} & set(columns.values())))
    return rows


def _continue_row(row: Row, text: str) -> None:
    """Attach a bare half-row to the cell it most likely continues."""
    before = row.more.get("text", [row.cells.get("text", "")])[-1]
    column = "status" if before.rstrip().endswith(_SENTENCE_END) else "text"
    row.more.setdefault(column, []).append(text)


def _row_kind(cells: list[str], header: dict[int, str]) -> str:
    """An "Actions" column holds actions; "Recommendations/ Actions" holds recommendations."""
    name = next(cells[n] for n, column in header.items() if column == "text").lower()
    return ACTION if "action" in name and "recommend" not in name else RECOMMENDATION


def _add_row(
    rows: list[Row], named: dict[str, tuple[str, int]], i: int, kind: str, *, keyed: bool
) -> None:
    text = named.get("text", ("", 0))[0]
    previous = rows[-1] if rows else None
    # without date or item columns (an action log) every row with an action is a new one
    starts_new = bool(named.get("date") or (named.get("item") and text) or (text and not keyed))
    if not starts_new and previous is not None:
        before = previous.more.get("text", [previous.cells.get("text", "")])[-1]
        if text and (
            _NEXT_STEPS_RE.match(text)
            or (before.rstrip().endswith(_SENTENCE_END) and text[0].isupper())
        ):
            starts_new = True  # a second recommendation of the same item, in a row of its own
        else:
            for column, (value, _) in named.items():
                previous.more.setdefault(column, []).append(value)
            return
    if not text:
        return
    cells = {column: value for column, (value, _) in named.items()}
    if previous is not None and not named.get("date") and not named.get("item"):
        cells.setdefault("date", previous.cells.get("date", ""))
        cells.setdefault("item", previous.cells.get("item", ""))
    pos = named["text"][1]
    kind = NEXT_STEP if _NEXT_STEPS_RE.match(text) else kind
    rows.append(Row(cells, i, (pos, pos + len(text)), kind, keyed=keyed))


def row_fields(row: Row, previous: dict | None) -> dict:
    """The record fields a tracker row gives: meeting date, item, owner, status, due."""
    cells = {k: " ".join([v, *row.more.get(k, [])]).strip() for k, v in row.cells.items()}
    for k, pieces in row.more.items():
        cells.setdefault(k, " ".join(pieces))
    day = fuzzy_date(cells.get("date", ""))
    item = " ".join(cells.get("item", "").split()) or None
    if day is None and previous and previous.get("item") == item:
        day = previous.get("_day")
    month = re.search(r"([A-Za-z]{3,9})\s+((?:19|20)\d\d)", mend(cells.get("date", "")))
    owner, status = cells.get("owner") or None, cells.get("status") or None
    if not owner and status and _looks_like_owner(status):
        owner, status = status, None  # the owner slipped into the response column
    due = cells.get("due") or None
    if due and is_status_word(due):
        # a progress check that reads "Complete" or "Ongoing" is a status, not a date to check
        status, due = status or due, None
    m = re.search(r"[A-Za-z]{3,9}\s+(?:19|20)\d\d", due or "")
    return {
        "_day": day,
        "_month": month.group().lower() if month and not day else None,
        "meeting_date": day.isoformat() if day else None,
        "item": item,
        "owner": " ".join(owner.split()) if owner else None,
        "status": " ".join(status.split()) if status else None,
        "due": m.group() if m else due,
        "ref": cells.get("ref") or None,
        "continuation": " ".join(row.more.get("text", [])) or None,
    }


def _looks_like_owner(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 14
        and not text.rstrip().endswith(".")
        and not re.search(r"\b(?:will|has|have|is|was|been|be)\b", text)
    )


def fill_damaged_dates(rows: list[dict]) -> None:
    """ "ອີ່ July 2015" among rows of 9 July 2015: borrow the day of a nearby row in that month."""
    for n, row in enumerate(rows):
        if row["_day"] or not row["_month"]:
            continue
        for near in rows[max(0, n - 3) : n][::-1] + rows[n + 1 : n + 4]:
            day = near["_day"]
            if day and f"{day:%B %Y}".lower() == row["_month"]:
                row["_day"], row["meeting_date"] = day, day.isoformat()
                break
