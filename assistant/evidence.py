"""The sentences of retrieved passages, scored on how much of the question's terms they cover."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from assistant.question import Question, content_terms
from assistant.sentences import Span, split
from index.types import Hit

_DECISION_HEADING = re.compile(
    r"recommend|resolv|decision|agreed|conclusion|next steps|actions", re.I
)


@dataclass(frozen=True)
class Candidate:
    """A sentence (or table row) of a retrieved passage and its coverage of the question."""

    hit: Hit
    span: Span
    rank: int  # 0-based rank of its passage in retrieval
    lexical: float = 0.0  # IDF-weighted share of the question's terms in it and its passage
    context: float = 0.0  # share of earlier turns' terms (follow-ups)

    @property
    def quote(self) -> str:
        """The exact text of the sentence in its chunk."""
        return self.span.text(self.hit.text)


def is_decision_heading(heading: str | None) -> bool:
    """True for headings that hold an item's recommendations or resolutions."""
    return bool(heading and _DECISION_HEADING.search(heading))


def idf_over(pool: Sequence[set[str]]) -> Callable[[str], float]:
    # IDF over the retrieved sentences: terms shared by every candidate (the topic) weigh little,
    # and question terms absent from all of them weigh most (they flag an unanswered question).
    df = Counter(t for terms in pool for t in terms)
    n = len(pool) + 1
    known: dict[str, float] = {}  # the ranker asks for the same few terms thousands of times

    def idf(term: str) -> float:
        value = known.get(term)
        if value is None:
            value = known[term] = math.log((n + 1) / (df.get(term, 0) + 0.5))
        return value

    return idf


def coverage(terms: Sequence[str], present: set[str], idf: Callable[[str], float]) -> float:
    total = sum(idf(t) for t in terms)
    return sum(idf(t) for t in terms if t in present) / total if total else 0.0


def candidates(question: Question, hits: Sequence[Hit]) -> list[Candidate]:
    """Every sentence of the passages, with its coverage of the question's (and earlier turns')
    terms."""
    spans = [(rank, hit, span) for rank, hit in enumerate(hits) for span in split(hit.text)]
    sent_terms = [_terms(span.text(hit.text)) for _, hit, span in spans]
    passage_terms = {
        hit.chunk_id: _terms(f"{hit.breadcrumb} {hit.item or ''} {hit.text}") for hit in hits
    }
    idf = idf_over(sent_terms)
    # The question's terms weigh the same in every sentence: weighed once, summed as `coverage`
    # sums them.
    weights = [(t, idf(t)) for t in question.terms]
    total = sum(w for _, w in weights)

    def covered(present: frozenset[str]) -> float:
        return sum(w for t, w in weights if t in present) / total if total else 0.0

    out = []
    for (rank, hit, span), terms in zip(spans, sent_terms, strict=True):
        around = passage_terms[hit.chunk_id]
        lexical = 0.7 * covered(terms) + 0.3 * covered(around)
        context = (
            coverage(question.context_terms, terms | around, idf) if question.context_terms else 0.0
        )
        out.append(Candidate(hit, span, rank, lexical, context))
    return out


# Texts whose terms and capitals are kept: the same passages are read for every part of a
# question, and the ranker asks again of the same quotes.
TEXT_CACHE = 4096


@lru_cache(maxsize=TEXT_CACHE)
def _terms(text: str) -> frozenset[str]:
    return frozenset(content_terms(text))


@lru_cache(maxsize=TEXT_CACHE)
def capitalised(text: str) -> float:
    """Share of the words with letters that are all capitals ("MENTAL HEALTH CRISIS CARE")."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return sum(w.isupper() for w in words) / len(words) if words else 0.0


def on_dates(question: Question, day: date | None) -> bool:
    """True when a meeting date matches a date the question names (False when it names none)."""
    return bool(question.dates) and day is not None and question.on_dates(day)
