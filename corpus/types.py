"""The nouns of a board paper: what a file holds, how it is structured, and how it is chunked.

Data flows one way: a reader turns a file into a `SourceFile` (its pages, verbatim text);
`corpus.structure` recovers the `Part`s a reader sees (an agenda pack holds an agenda, minutes,
reports, annexes, a tracker) and their `Section`s (item, minute, heading, page); `corpus.chunking`
cuts sections into `Chunk`s. `Paper` is the file as indexed. Nothing here knows about embeddings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    """What kind of document a part of a paper is."""

    AGENDA = "agenda"
    MINUTES = "minutes"
    REPORT = "report"
    ANNEX = "annex"  # annexes and appendices
    TRACKER = "tracker"  # recommendations / actions tracker
    FORWARD_PLAN = "forward_plan"  # forward work programme / forward plan
    DECISION = "decision"  # record of decision, proposed record of decision
    PACK = "pack"  # a paper that holds several documents (only ever a Paper's kind)
    OTHER = "other"


@dataclass(frozen=True)
class TextBox:
    """Where a run of a page's text is printed: characters [start, end) of `Page.text`."""

    start: int
    end: int
    box: tuple[float, float, float, float]  # left, top, right, bottom: PDF points from top-left


@dataclass(frozen=True)
class Page:
    """One page of a file, text exactly as extracted."""

    number: int | None  # 1-based page of the PDF file (viewer's #page=N); None for text formats
    text: str
    label: str | None = None  # the page number printed on the page ("19" on the 23rd sheet)
    ocr: bool = False  # the text was read by OCR from the page image (a scan without text layer)
    boxes: tuple[TextBox, ...] = ()  # OCR'd pages: where each word of `text` is printed


@dataclass(frozen=True)
class SourceFile:
    """What a reader returns: one file's pages, before any structure is recovered."""

    path: str  # as given by the user (absolute)
    sha256: str  # of the file's bytes; identical copies share it
    file_type: str  # "pdf", "txt", "md", "html", "docx"
    title: str  # from the document's metadata/first heading, else the file name without extension
    pages: list[Page]  # PDFs: one per sheet; text formats: one per page marker found, else one


@dataclass(frozen=True)
class Meeting:
    """The meeting a document belongs to (or, for minutes, the meeting it records)."""

    # the body, named with the authority it belongs to when known (`corpus.committees.body_name`):
    # "Kent County Council: Cabinet", "Social Care Services Board", "Kent County Council"
    committee: str | None = None
    date: date | None = None
    council: str | None = None  # the authority: "Kent County Council", "Maple Ridge Township"


@dataclass(frozen=True)
class Section:
    """A run of text under one item and heading, on one page: the unit chunks never straddle."""

    text: str  # verbatim
    page: int | None  # 1-based PDF page (None for text files without page breaks)
    page_label: str | None = None  # printed page label, when the page shows one
    item: str | None = None  # "43 MENTAL HEALTH CRISIS CARE CONCORDAT", "90. Transfer of ..."
    item_number: str | None = None  # "43", "43/15", "90", "6"
    heading: str | None = None  # nearest heading inside the item: "Recommendations:", "RESOLVED"
    is_table: bool = False  # text flattened from a table: rows are kept whole


@dataclass(frozen=True)
class Part:
    """One document inside a paper: a pack's agenda, a set of minutes, a report, an annex."""

    title: str  # "Minutes of 30 October 2015", "Social Care in Prisons", the file title
    kind: Kind
    meeting: Meeting
    sections: list[Section] = field(default_factory=list)


@dataclass(frozen=True)
class Chunk:
    """A readable passage (about 60-250 words) that is embedded, searched and quoted."""

    text: str  # verbatim from the section text: quotes are checked against it
    breadcrumb: str  # "committee › meeting date › document › item › heading", embedded with text
    document: str  # the Part's title
    kind: Kind
    committee: str | None
    meeting_date: date | None
    page: int | None
    page_label: str | None = None
    item: str | None = None
    item_number: str | None = None
    heading: str | None = None
    ordinal: int = 0  # position within the paper, for reading order and previous/next


@dataclass(frozen=True)
class Paper:
    """A file as indexed: its identity, the meeting it was published for, and its parts."""

    paper_id: str  # first 16 hex chars of the content sha256: identical copies are one paper
    source: SourceFile
    title: str
    kind: Kind  # Kind.PACK when it holds several parts, else the single part's kind
    meeting: Meeting  # the meeting the paper was published for
    parts: list[Part] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len(self.source.pages)
