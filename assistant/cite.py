"""Citing the chosen proposals: exact quotes, each proposal followed by the outcome of the vote on
it when it moves a motion, numbered once in reading order, and the answer text built from them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answerers import ItemPassages, Proposal
from assistant.from_motions import with_outcomes
from assistant.generator import ExtractiveGenerator, Generator
from assistant.types import Citation
from index.types import Hit

_ITEM_NUMBER = re.compile(r"\s*\d{1,3}\.\s*")


def quotes_of(chosen: Sequence[Proposal], item_passages: ItemPassages) -> list[tuple[Hit, str]]:
    """The chosen proposals' quotes in the order chosen, without repeats, and without a quote
    that is only an item's number ("3." left on its own line: it says nothing)."""
    out: list[tuple[Hit, str]] = []
    for p in chosen:
        for hit, quote in with_outcomes(list(p.quotes), item_passages):
            if _ITEM_NUMBER.fullmatch(quote):
                continue
            if all((h.chunk_id, q) != (hit.chunk_id, quote) for h, q in out):
                out.append((hit, quote))
    return out


def cite(
    question: str,
    chosen: Sequence[Proposal],
    item_passages: ItemPassages,
    generator: Generator | None = None,
) -> tuple[str, list[Citation]]:
    """The answer text with [n] markers and its citations; a proposal's own note goes last."""
    quotes = quotes_of(chosen, item_passages)
    citations = [Citation.from_hit(n, hit, quote) for n, (hit, quote) in enumerate(quotes, 1)]
    text = (generator or ExtractiveGenerator()).generate(question, citations)
    notes = [p.note for p in chosen if p.note]
    return "\n".join([text, *notes]), citations
