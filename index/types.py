"""The nouns of the index: what a search returns and how it is filtered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from corpus.types import TextBox


@dataclass(frozen=True)
class Filters:
    """Restrictions on a search; None means no restriction."""

    committees: tuple[str, ...] = ()  # case-insensitive exact committee names
    since: date | None = None  # meeting_date >= since
    until: date | None = None  # meeting_date <= until
    kinds: tuple[str, ...] = ()  # corpus.types.Kind values
    paper_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class PaperInfo:
    """A paper as listed by `papers`: the stable JSON fields plus where its file is."""

    paper_id: str
    title: str
    file: str  # absolute path of the file as ingested
    committee: str | None
    meeting_date: date | None
    kind: str
    pages: int
    chunks: int
    sha256: str = ""
    file_type: str = ""
    aliases: tuple[str, ...] = ()  # other paths seen with identical content

    def to_json(self) -> dict:
        """The stable `papers --json` shape."""
        return {
            "paper_id": self.paper_id,
            "title": self.title,
            "file": self.file,
            "committee": self.committee,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "kind": self.kind,
            "pages": self.pages,
            "chunks": self.chunks,
        }


@dataclass(frozen=True)
class Hit:
    """One stored chunk, as returned by search (with its score) or by a lookup (score 0)."""

    chunk_id: int
    paper_id: str
    text: str  # the chunk text exactly as stored
    score: float
    document: str
    file: str
    committee: str | None
    meeting_date: date | None
    kind: str
    item: str | None
    page: int | None
    page_label: str | None = None
    item_number: str | None = None
    heading: str | None = None
    breadcrumb: str = ""
    ordinal: int = 0
    ocr: bool = False  # the chunk's page was read by OCR from a scanned image
    # Diagnostics for `ask --explain`: 1-based ranks in each list (None when absent), matched terms.
    lexical_rank: int | None = None
    dense_rank: int | None = None
    matched_terms: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        """The stable `search --json` shape."""
        return {
            "chunk_id": self.chunk_id,
            "paper_id": self.paper_id,
            "text": self.text,
            "score": round(self.score, 6),
            "document": self.document,
            "file": self.file,
            "committee": self.committee,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "kind": self.kind,
            "item": self.item,
            "page": self.page,
        } | ({"ocr": True} if self.ocr else {})


@dataclass(frozen=True)
class OcrPage:
    """A page whose text was read by OCR: its text as indexed, and where each word is printed."""

    text: str
    boxes: tuple[TextBox, ...]


@dataclass(frozen=True)
class RemovedPaper:
    """A paper removed from the index (or replaced by a new version of its file): old links to
    it and its passages say so instead of "not found"."""

    paper_id: str
    title: str
    removed_at: str  # ISO timestamp, UTC
