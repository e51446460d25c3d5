"""The nouns of an answer: where each quote stands (`Citation`), what `ask` returns (`Answer`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from index.types import Hit

NOT_ANSWERED = "The papers do not say. The closest passages are listed below."


def paper_url(
    paper_id: str, chunk_id: int, page: int | None, span: tuple[int, int] | None = None
) -> str:
    """The web viewer's address for a chunk of a paper, and of a quote in it when `span` gives
    its start and end offsets in the chunk's text (the one place this route is spelled)."""
    # every value is a whole number, which a query string needs no escaping for: built by hand,
    # as the register builds one for each of thousands of records (urlencode took most of it)
    query = f"chunk={int(chunk_id)}"
    if page is not None:
        query += f"&page={int(page)}"
    if span is not None:
        query += f"&start={int(span[0])}&end={int(span[1])}"
    return f"/papers/{paper_id}?{query}"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Citation:
    """One numbered source of an answer: an exact quote and where it stands."""

    n: int  # the marker number used in the answer text: [n]
    paper_id: str
    chunk_id: int
    document: str  # the part's title ("Minutes of 30 October 2015")
    file: str  # the file as ingested
    committee: str | None
    meeting_date: date | None
    kind: str  # corpus.types.Kind value
    item: str | None  # the agenda item or minute heading
    page: int | None  # 1-based PDF page, None for text formats without pages
    quote: str  # an exact substring of the chunk's stored text
    page_label: str | None = None  # the page number printed on the page, when known
    ocr: bool = False  # the page is a scan whose text was read by OCR
    start: int | None = None  # where the quote starts in the chunk's text (None: not found)
    end: int | None = None  # where it ends: quote == chunk text[start:end]

    @property
    def url(self) -> str:
        """The viewer with the whole quote highlighted, whatever its length (the offsets travel,
        not the words)."""
        span = (self.start, self.end) if self.start is not None and self.end is not None else None
        return paper_url(self.paper_id, self.chunk_id, self.page, span)

    @classmethod
    def from_hit(cls, n: int, hit: Hit, quote: str) -> Citation:
        """A citation of `quote` (which must be a substring of hit.text)."""
        at = hit.text.find(quote)
        return cls(
            n=n,
            paper_id=hit.paper_id,
            chunk_id=hit.chunk_id,
            document=hit.document,
            file=hit.file,
            committee=hit.committee,
            meeting_date=hit.meeting_date,
            kind=hit.kind,
            item=hit.item,
            page=hit.page,
            quote=quote,
            page_label=hit.page_label,
            ocr=hit.ocr,
            start=at if at >= 0 else None,
            end=at + len(quote) if at >= 0 else None,
        )

    def to_json(self) -> dict:
        """The stable response shape."""
        return {
            "n": self.n,
            "paper_id": self.paper_id,
            "chunk_id": self.chunk_id,
            "document": self.document,
            "file": self.file,
            "committee": self.committee,
            "meeting_date": _iso(self.meeting_date),
            "kind": self.kind,
            "item": self.item,
            "page": self.page,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "url": self.url,
        } | ({"ocr": True} if self.ocr else {})  # citations of text pages keep their shape


@dataclass(frozen=True)
class Answer:
    """What `ask` returns: the answer text with [n] markers, its citations and the passages seen."""

    question: str
    answer: str  # verbatim sentences, each followed by one or more [n] markers
    answered: bool  # False when the papers do not answer the question
    citations: list[Citation] = field(default_factory=list)
    passages: list[Hit] = field(default_factory=list)  # ranked passages considered
    question_type: str = "general"  # from assistant.question: figure, who, when, decision, ...
    refused_by: str | None = None  # "ranker" when answered is False
    # the answerers whose proposals were chosen, comma-separated: "text" (units of the passages'
    # text), "people", or the structure read: "register", "motions", "attendance", "list"
    answered_by: str | None = None
    confidence: float = 0.0  # the best candidate's fitted probability (refusal applies to it)
    explain: list[dict] = field(default_factory=list)  # candidates, features, scores (--explain)

    def to_json(self) -> dict:
        """The response object shared by `ask --json` and the web API."""
        return {
            "question": self.question,
            "answer": self.answer,
            "answered": self.answered,
            "citations": [c.to_json() for c in self.citations],
            "passages": [h.to_json() for h in self.passages],
        }

    def explain_json(self) -> dict:
        """How the answer was chosen: the `explain` object of `ask --json --explain` and of the
        web API's `explain`; `passages` gives each passage's ranks, in the order of `passages`."""
        return {
            "question_type": self.question_type,
            "refused_by": self.refused_by,
            "answered_by": self.answered_by,
            "confidence": self.confidence,
            "candidates": self.explain,
            "passages": [
                {
                    "chunk_id": h.chunk_id,
                    "score": h.score,
                    "lexical_rank": h.lexical_rank,
                    "dense_rank": h.dense_rank,
                    "matched_terms": list(h.matched_terms),
                }
                for h in self.passages
            ],
        }
