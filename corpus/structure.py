"""Recovering a paper's structure: its documents, their meeting, items, headings and pages."""

from __future__ import annotations

import re
from dataclasses import replace

from corpus.agenda import link_to_agenda
from corpus.committees import (
    body_name,
    committee_from_folders,
    committee_from_name,
    find_committee,
    find_council,
    names_no_body,
)
from corpus.dates import (
    date_from_folders,
    date_from_name,
    find_meeting_date,
    format_date,
    mentions_day,
)
from corpus.items import Item, find_heading, find_item
from corpus.lines import (
    Line,
    is_running_head,
    running_heads,
    sheet_marker,
    split_lines,
    text_page_labels,
)
from corpus.packs import PartStart, find_part_starts, kind_from_name, minutes_heading
from corpus.types import Kind, Meeting, Paper, Part, Section, SourceFile

# How much of a paper's opening is read for its meeting date and committee.
_OPENING_CHARS = 4000


def _first_found(source: SourceFile, find):  # noqa: ANN001, ANN202
    """What `find` finds on the first sheet, else on the second (after a cover or blank sheet).

    Later sheets are not read: the body of a report cites other meetings' dates.
    """
    for page in source.pages[:2]:
        found = find(page.text[:_OPENING_CHARS])
        if found:
            return found
    return None


def paper_meeting(source: SourceFile, hint: Meeting = Meeting()) -> Meeting:  # noqa: B008 (frozen)
    """The meeting a paper was published for: hint, then its text, file name, then folders."""
    named_body = (
        hint.committee
        or _first_found(source, find_committee)
        or committee_from_name(source.path)
        or committee_from_folders(source.path)
    )
    council = hint.council or _first_found(source, find_council)
    if not named_body and council and _first_found(source, names_no_body):
        # "GLENAVON COMMUNITY COUNCIL" over "Minutes of the meeting held on ...": its own meeting
        named_body = council
    committee = body_name(named_body, council)
    named = date_from_name(source.path) or date_from_folders(source.path)
    found = _first_found(source, find_meeting_date)
    opening = source.pages[0].text[:_OPENING_CHARS] if source.pages else ""
    if found and named and found != named and mentions_day(opening, named):
        # the heading gives the day without its year ("ON THURSDAY 19th OCTOBER"), so the first
        # full date it writes is another meeting's; the name's date is the one it gives
        found = named
    # the council is the letterhead's (or the one settled at ingest); a name with its own
    # authority ("Kent County Council Cabinet") carries it in `committee`
    return Meeting(committee=committee, date=hint.date or found or named, council=council)


def _part_meeting(kind: Kind, lines: list[Line], paper: Meeting, hint: Meeting) -> Meeting:
    """Minutes record their own meeting; every other document belongs to the paper's."""
    if kind is not Kind.MINUTES:
        return paper
    # from the minutes' own heading: a page's running head above it dates the pack that holds them
    first = next((n for n, line in enumerate(lines[:8]) if minutes_heading(line.text)), 0)
    opening = "\n".join(line.text for line in lines[first : first + 8])
    found = find_meeting_date(opening)
    if found and paper.date and found != paper.date and mentions_day(opening, paper.date):
        found = paper.date  # as in paper_meeting: the heading's day is the paper's
    committee = body_name(hint.committee or find_committee(opening), paper.council)
    return replace(paper, committee=committee or paper.committee, date=found or paper.date)


def _in_table(lines: list[Line], i: int) -> bool:
    """A table row (cells split by tabs or pipes), or a row's wrapped tail between two rows."""
    if lines[i].tabbed:
        return True
    around = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    return len(around) == 2 and all(line.tabbed for line in around) and lines[i].words <= 8


def _sections(
    kind: Kind,
    lines: list[Line],
    source: SourceFile,
    labels: list[str | None],
    heads: set[str],
) -> list[Section]:
    """Cut one document's lines into sections: one page, one item, one heading, table or not."""
    sections: list[Section] = []
    run: list[Line] = []
    item: Item | None = None
    closed: Item | None = None  # the item a capitals heading ended, still counted in sequence
    heading: str | None = None
    state: tuple = ()
    paged = source.pages[0].number is not None if source.pages else False

    def flush() -> None:
        if run:
            page = source.pages[run[0].page]
            sections.append(
                Section(
                    text=page.text[run[0].start : run[-1].end],
                    page=page.number,
                    page_label=(page.label or sheet_marker(page.text)) if paged else state[4],
                    item=item.label if item else None,
                    item_number=item.number if item else None,
                    heading=heading,
                    is_table=state[3],
                )
            )
            run.clear()

    skip = 0
    for i, line in enumerate(lines):
        label = None if paged else labels[line.index]
        in_title, skip = skip > 0, max(0, skip - 1)
        new_item = None if in_title else find_item(kind, lines, i, item or closed)
        new_heading = None
        if new_item:
            skip = new_item.lines - 1
        elif (
            not in_title
            and kind is not Kind.TRACKER
            and not _in_table(lines, i)
            and not is_running_head(line, heads)
        ):
            new_heading = find_heading(lines, i, paged=paged)
        is_table = new_item is None and _in_table(lines, i)
        new_state = (line.page, item, heading, is_table, label)
        if new_item or new_heading or new_state != state:
            flush()
        if new_item:
            item, heading, closed = new_item, None, None
        elif new_heading and kind is Kind.AGENDA and item and new_heading.isupper():
            # agenda items have no headings of their own: one in capitals (notes on filming,
            # exempt business) follows the items, so it ends the one before it
            closed, item, heading = item, None, new_heading
        elif new_heading:
            heading = new_heading
        state = (line.page, item, heading, is_table, label)
        run.append(line)
    flush()
    return sections


# How much may stand above a document's heading on its first page and still be its letterhead
# ("MAPLE RIDGE TOWNSHIP" / "Kettle County, Michigan"), not a document of its own.
_LETTERHEAD_LINES = 6
_LETTERHEAD_CHARS = 300


# How a notice summons members to the meeting whose agenda follows it.
_NOTICE_RE = re.compile(
    r"\bnotice\s+is\s+(?:hereby\s+)?given\b|\b(?:you\s+are|are\s+hereby)\s+(?:hereby\s+)?"
    r"(?:summoned|requested|invited)\s+to\s+attend\b|\bsummons\s+to\s+attend\b",
    re.I,
)


def _notice(above: list[Line]) -> bool:
    return bool(above) and bool(_NOTICE_RE.search(" ".join(line.text for line in above)))


def _letterhead_only(above: list[Line]) -> bool:
    return (
        len(above) <= _LETTERHEAD_LINES
        and sum(len(line.text) for line in above) <= _LETTERHEAD_CHARS
        and all(line.page == above[-1].page for line in above)
    )


def structure(source: SourceFile, *, hint: Meeting = Meeting()) -> Paper:  # noqa: B008 (frozen)
    """A file's documents (parts) with their kinds, meetings and sections."""
    meeting = paper_meeting(source, hint)
    lines = split_lines(source.pages)
    paged = bool(source.pages) and source.pages[0].number is not None
    starts = find_part_starts(lines, paged=paged)
    if starts and starts[0].line > 0 and _letterhead_only(lines[: starts[0].line]):
        starts[0] = replace(starts[0], line=0)  # the letterhead above a heading is its document's
    elif starts and starts[0].line > 0 and starts[0].kind is kind_from_name(source.path):
        # "glenard agenda.md" opening with a notice above its "AGENDA": one document
        starts[0] = replace(starts[0], line=0, title=source.title)
    elif starts and starts[0].kind is Kind.AGENDA and _notice(lines[: starts[0].line]):
        # whatever the file is called, the notice of a meeting heads the agenda it summons to
        starts[0] = replace(starts[0], line=0, title=source.title)
    if not starts or starts[0].line > 0:
        starts.insert(0, PartStart(0, kind_from_name(source.path), source.title))
    parts: list[Part] = []
    labels = [None] * len(lines) if paged else text_page_labels(lines)
    heads = running_heads(lines, len(source.pages)) if paged else set()
    for n, start in enumerate(starts):
        end = starts[n + 1].line if n + 1 < len(starts) else len(lines)
        part_lines = lines[start.line : end]
        if not part_lines:
            continue
        sections = _sections(start.kind, part_lines, source, labels, heads)
        part_meeting = _part_meeting(start.kind, part_lines, meeting, hint)
        title = start.title
        if start.kind is Kind.MINUTES and title == "Minutes" and part_meeting.date:
            title = f"Minutes of {format_date(part_meeting.date)}"
        parts.append(Part(title, start.kind, part_meeting, sections))
    parts = link_to_agenda(parts)
    kind = Kind.PACK if len(parts) > 1 else (parts[0].kind if parts else Kind.OTHER)
    return Paper(
        paper_id=source.sha256[:16],
        source=source,
        title=source.title,
        kind=kind,
        meeting=meeting,
        parts=parts,
    )
