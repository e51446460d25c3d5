"""Answerers: each proposes candidate answers (`Proposal`s) for one question; `rank` chooses.

Every answerer takes the analysed question and the retrieved passages and returns proposals; none
calls another, none decides alone whether it answers. The fitted ranker in `assistant.rank`
scores every proposal of every answerer on the same features and picks among all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from index.types import Filters, Hit

ItemPassages = Callable[[Hit], list[Hit]]  # a hit -> every chunk of its item, in reading order


@dataclass(frozen=True)
class Proposal:
    """One candidate answer: the exact quotes it would cite, and where it came from."""

    answerer: str  # "text", "register", "motions", "attendance", "list", "people"
    unit: str  # what it quotes: "sentence", "paragraph", "list", "decision", "row", "pair",
    # or the answerer's own kind of record ("records", "motion", "attendance", "extreme")
    quotes: tuple[tuple[Hit, str], ...]  # (chunk, exact substring of its text), reading order
    rank: int  # 0-based retrieval rank of the passage it starts from (len(hits) if not retrieved)
    prior: float = 0.0  # the answerer's own match score, 0..1, where it has one
    asked_as: str = ""  # the answer type the proposal was made for ("decision"), if any
    note: str | None = None  # a line of the tool's own that goes with the quotes ("73 open")

    @property
    def seed(self) -> Hit:
        return self.quotes[0][0]

    @property
    def text(self) -> str:
        return "\n".join(q for _, q in self.quotes)


@dataclass(frozen=True)
class Context:
    """What every answerer may read: the index, the retrieved passages, filters, the focus."""

    index: object
    hits: list[Hit]
    filters: Filters | None
    item_passages: ItemPassages
    focus: Hit | None = None  # for follow-ups: the passage the previous answer came from


def rank_of(hits: list[Hit], hit: Hit) -> int:
    """The retrieval rank of a passage (by chunk), len(hits) when it was not retrieved."""
    return next((i for i, h in enumerate(hits) if h.chunk_id == hit.chunk_id), len(hits))


def proposal(
    answerer: str, unit: str, quotes, ctx: Context, prior: float = 0.0, asked_as="", note=None
) -> Proposal | None:
    """A Proposal of non-empty quotes, ranked by its first quote's passage; None when empty."""
    quotes = tuple((h, q) for h, q in quotes if q and q.strip())
    if not quotes:
        return None
    rank = rank_of(ctx.hits, quotes[0][0])
    return Proposal(answerer, unit, quotes, rank, float(prior), asked_as, note)
