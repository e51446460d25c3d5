"""Scoring the sentences of retrieved passages against a question: terms, meaning, answer type."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.answertypes import answer_type
from assistant.question import QType, Question, content_terms
from assistant.sentences import Span, split
from index.types import Hit

Embed = Callable[[list[str]], np.ndarray]  # texts -> L2-normalised rows
MAX_WORDS = 60  # of a sentence, embedded for the meaning score

_DECISION_HEADING = re.compile(
    r"recommend|resolv|decision|agreed|conclusion|next steps|actions", re.I
)

@dataclass(frozen=True)
class Candidate:
    """One sentence (or table row) of a retrieved passage, scored against the question."""

    hit: Hit
    span: Span
    rank: int  # 0-based rank of its passage in retrieval
    lexical: float  # IDF-weighted share of the question's terms in the sentence and its passage
    context: float  # share of earlier turns' terms (follow-ups)
    typed: float  # 0..1: the sentence holds the kind of answer asked for
    dense: float = 0.0  # cosine similarity to the question (0 when not computed)
    score: float = 0.0

    @property
    def quote(self) -> str:
        """The exact text of the sentence in its chunk."""
        return self.span.text(self.hit.text)


def is_decision_heading(heading: str | None) -> bool:
    """True for headings that hold an item's recommendations or resolutions."""
    return bool(heading and _DECISION_HEADING.search(heading))


def _idf(pool: Sequence[set[str]]) -> Callable[[str], float]:
    # IDF over the retrieved sentences: terms shared by every candidate (the topic) weigh little,
    # and question terms absent from all of them weigh most (they flag an unanswered question).
    df = Counter(t for terms in pool for t in terms)
    n = len(pool) + 1

    def idf(term: str) -> float:
        return math.log((n + 1) / (df.get(term, 0) + 0.5))

    return idf


def _coverage(terms: Sequence[str], present: set[str], idf: Callable[[str], float]) -> float:
    total = sum(idf(t) for t in terms)
    return sum(idf(t) for t in terms if t in present) / total if total else 0.0


def candidates(question: Question, hits: Sequence[Hit]) -> list[Candidate]:
    """Every sentence of the passages, scored on terms and answer type (no dense score yet)."""
    spans = [(rank, hit, span) for rank, hit in enumerate(hits) for span in split(hit.text)]
    sent_terms = [set(content_terms(span.text(hit.text))) for _, hit, span in spans]
    passage_terms = {
        hit.chunk_id: set(content_terms(f"{hit.breadcrumb} {hit.item or ''} {hit.text}"))
        for hit in hits
    }
    idf = _idf(sent_terms)
    out = []
    for (rank, hit, span), terms in zip(spans, sent_terms, strict=True):
        around = passage_terms[hit.chunk_id]
        lexical = 0.7 * _coverage(question.terms, terms, idf) + 0.3 * _coverage(
            question.terms, around, idf
        )
        context = _coverage(question.context_terms, terms | around, idf)
        text = span.text(hit.text)
        out.append(Candidate(hit, span, rank, lexical, context, answer_type(question, text)))
    return out


def _base_score(question: Question, c: Candidate) -> float:
    words = len(c.quote.split())
    brevity = 0.0 if words >= 5 else 0.15 * (5 - words) / 5  # headings and fragments
    typed_weight = 0.0 if question.qtype in (QType.SUMMARY, QType.GENERAL) else 0.2
    context_weight = 0.25 if question.followup else 0.0
    return (
        0.55 * c.lexical
        + typed_weight * c.typed
        + context_weight * c.context
        + 0.1 / (1 + c.rank)
        - brevity
    )


def score(
    question: Question, cands: Sequence[Candidate], *, embed: Embed | None = None, rerank: int = 6
) -> list[Candidate]:
    """Candidates best first: a term/type score, then the top `rerank` re-scored with meaning."""
    scored = sorted(
        (replace(c, score=_base_score(question, c)) for c in cands), key=lambda c: -c.score
    )
    if embed is None or not scored:
        return scored
    head = scored[:rerank]
    # Truncated: encoding cost grows with the longest text in the batch (table rows run long).
    vectors = embed([question.text, *(" ".join(c.quote.split()[:MAX_WORDS]) for c in head)])
    sims = vectors[1:] @ vectors[0]
    head = [
        replace(c, dense=float(s), score=c.score + 0.45 * float(s))
        for c, s in zip(head, sims, strict=True)
    ]
    # Unreranked candidates get the lowest dense score seen, so reranking never demotes below them.
    floor = 0.45 * float(sims.min())
    tail = [replace(c, score=c.score + floor) for c in scored[rerank:]]
    return sorted(head + tail, key=lambda c: -c.score)
