"""Turning selected evidence into answer text: extractive by default; an LLM may rephrase."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from assistant.sentences import normalise
from assistant.types import Citation


@runtime_checkable
class Generator(Protocol):
    """Writes the answer text from cited evidence; every sentence must carry an [n] marker."""

    def generate(self, question: str, citations: Sequence[Citation]) -> str:
        """Answer text for `question` built only from the citations' quotes, marked [n]."""
        ...


class ExtractiveGenerator:
    """The default: each quote verbatim (whitespace tidied) followed by its marker, one per line."""

    def generate(self, question: str, citations: Sequence[Citation]) -> str:
        """The quotes in order, each followed by [n]."""
        return "\n".join(f"{normalise(c.quote)} [{c.n}]" for c in citations)
