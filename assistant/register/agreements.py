"""Register records for what minutes say a meeting agreed outside any motion (chunks in, dicts out).

Irish and many English minutes record most of a meeting's decisions in a sentence of the
discussion, not as a motion or a RESOLVED: "Following a lengthy discussion, it was agreed by the
majority of the Members to refer this item to the full Council for consideration." Each such
sentence is one record of kind "agreement", its text the exact sentence. A sentence inside a
motion's proposal ("proposed by X, seconded by Y and unanimously agreed that ...") is that
motion's record, not another.
"""

from __future__ import annotations

import re

from assistant.register.fields import find_owner
from assistant.register.motion_records import minuted_at
from corpus.item_text import ItemText
from corpus.motions import Proceedings, Span, sentence_around
from corpus.types import Chunk, Paper

KIND = "agreement"
# The body that agrees: "it was", or the meeting's members or body by the name minutes give it.
_AGREED = re.compile(
    r"\b(?:[Ii]t\s+was|(?:[Tt]he\s+)?(?:[Mm]embers|Committee|Council|Board|District|Panel|SPC|"
    r"Sub-Committee|Cabinet|Trustees|Governors))"
    r"\s+(?:(?:further|also|then|subsequently|unanimously|therefore)\s+)*"
    r"agreed\b[^.;:]{0,100}?\s(?P<what>to|that)\b"
)
# A decision agreed "that" says what is to be done: "that a report ... be brought", "that the
# Administrator would invite"; "that the wards needed investment" is a view the members shared.
_TO_DO = re.compile(r"\b(?:be|would|should|shall|will|must|to)\b")
MAX_CHARS = 600  # a sentence longer than this is text run together, not one agreement


def agreement_records(paper: Paper, items: list[tuple[ItemText[Chunk], Proceedings]]) -> list[dict]:
    """One record per sentence of the minutes' items (motion_records.minuted) that says what the
    meeting agreed.

    Each dict has the fields of extract.py's records plus "_offset" (where "text" starts in its
    chunk), which the caller sorts by and drops.
    """
    out: list[dict] = []
    for item, proc in items:
        moved = [m.proposal for m in proc.motions]
        seen: set[int] = set()
        for m in _AGREED.finditer(item.text):
            if any(p.start <= m.start() < p.end for p in moved):
                continue  # the outcome of a motion: the motion's own record says it
            span = _sentence(item.text, m.start(), m.end())
            if span.start in seen or span.end - span.start > MAX_CHARS:
                continue
            if m["what"] == "that" and not _TO_DO.search(item.text, m.end(), span.end):
                continue  # "Members agreed that the wards needed investment": a view
            seen.add(span.start)
            record = _record(paper, item, span)
            if record is not None:
                out.append(record)
    return out


def _sentence(text: str, at: int, end: int) -> Span:
    """The sentence around [at, end); sentence_around, also starting after a full stop that
    ends a line (minutes from PDFs keep the page's line breaks)."""
    span = sentence_around(text, at, end)
    stops = list(_STOP.finditer(text, span.start, at + 1))
    return Span(stops[-1].end(), span.end) if stops else span


_STOP = re.compile(r"[.?!][\"”’]?\s+(?=[A-Z])")


def _record(paper: Paper, item: ItemText[Chunk], span: Span) -> dict | None:
    found = item.pieces(span)
    if not found:
        return None
    chunk, offset, text = found[0]
    rest = " ".join(" ".join(quote.split()) for _, _, quote in found[1:])
    return {
        **minuted_at(paper, chunk),
        "_offset": offset,
        "kind": KIND,
        "number": None,
        "text": text,
        "owner": find_owner(f"{text} {rest}"),
        "due": None,
        "status": "agreed",
        "lead_in": None,
        "continuation": rest or None,
    }
