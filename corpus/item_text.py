"""One item's passages read as one text, and spans of that text mapped back to each passage.

A motion, a list or a table row can cross a page, and chunks never do: reading the item's chunks
(or search hits) joined lets a parser see it whole, and `pieces` turns what it found back into
exact quotes of the chunks it stands in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from corpus.motions import Span


class _HasText(Protocol):
    text: str


T = TypeVar("T", bound=_HasText)


@dataclass(frozen=True)
class ItemText(Generic[T]):
    """One item's passages (chunks, or search hits) read as one text, so that a motion crossing
    a page is read whole, with spans mapped back to exact quotes of each passage."""

    passages: Sequence[T]
    text: str
    starts: list[int]  # where each passage's text begins in `text`

    @classmethod
    def of(cls, passages: Sequence[T]) -> ItemText[T]:
        starts, at = [], 0
        for p in passages:
            starts.append(at)
            at += len(p.text) + 1
        return cls(passages, "\n".join(p.text for p in passages), starts)

    def pieces(self, span: Span) -> list[tuple[T, int, str]]:
        """The span as (passage, offset in it, exact quote), one per passage it covers."""
        out = []
        for passage, start in zip(self.passages, self.starts, strict=True):
            a, b = max(span.start, start), min(span.end, start + len(passage.text))
            raw = passage.text[a - start : b - start] if a < b else ""
            quote = raw.strip()
            if quote:
                out.append((passage, a - start + raw.index(quote), quote))
        return out
