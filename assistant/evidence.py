"""Scoring the sentences of retrieved passages against a question: terms, meaning, answer type."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from assistant.answertypes import answer_type, out_of_bound
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
    named: float = 1.0  # share of the question's proper names found in the passage
    dated: bool = False  # the passage's meeting is on a date the question names
    committee: bool = False  # the passage is of a committee the question names ("Cabinet")
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
    # A lead-in ("Report contact:", "Membership:") tells what the sentence after it is.
    lead_in = {
        (hit.chunk_id, span.start): prev.text(hit.text)
        for (_, hit, prev), (_, same, span) in zip(spans, spans[1:], strict=False)
        if hit is same and prev.text(hit.text).endswith(":")
    }
    sent_terms = [set(content_terms(span.text(hit.text))) for _, hit, span in spans]
    passage_terms = {
        hit.chunk_id: set(content_terms(f"{hit.breadcrumb} {hit.item or ''} {hit.text}"))
        for hit in hits
    }
    idf = _idf(sent_terms)
    dated = {hit.chunk_id: on_dates(question, hit.meeting_date) for hit in hits}
    out = []
    for (rank, hit, span), terms in zip(spans, sent_terms, strict=True):
        around = passage_terms[hit.chunk_id]
        lexical = 0.7 * _coverage(question.terms, terms, idf) + 0.3 * _coverage(
            question.terms, around, idf
        )
        context = _coverage(question.context_terms, terms | around, idf)
        text = span.text(hit.text)
        named = (
            sum(n in around for n in question.names) / len(question.names) if question.names else 1
        )
        out.append(
            Candidate(
                hit,
                span,
                rank,
                lexical,
                context,
                answer_type(question, f"{lead_in.get((hit.chunk_id, span.start), '')} {text}"),
                named=float(named),
                dated=dated[hit.chunk_id],
                committee=hit.committee in question.committees,
            )
        )
    return out


def capitalised(text: str) -> float:
    """Share of the words with letters that are all capitals ("MENTAL HEALTH CRISIS CARE")."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return sum(w.isupper() for w in words) / len(words) if words else 0.0


def on_dates(question: Question, day: date | None) -> bool:
    """True when a meeting date matches a date the question names (False when it names none)."""
    return bool(question.dates) and day is not None and question.on_dates(day)


def _base_score(question: Question, c: Candidate) -> float:
    words = c.quote.split()
    brevity = 0.0 if len(words) >= 5 else 0.15 * (5 - len(words)) / 5  # headings and fragments
    heading = 0.1 if capitalised(c.quote) > 0.6 else 0.0  # an item title names, it does not say
    agenda = 0.05 if c.hit.kind == "agenda" else 0.0  # agendas list items; they rarely answer
    typed_weight = 0.0 if question.qtype in (QType.SUMMARY, QType.GENERAL) else 0.2
    context_weight = 0.25 if question.followup else 0.15 if question.context_terms else 0.0
    return (
        0.55 * c.lexical
        + typed_weight * c.typed
        + context_weight * c.context
        + 0.1 / (1 + c.rank)
        + 0.06 * c.dated  # "at the October 2015 meeting"
        + 0.06 * c.committee  # "what did Cabinet decide": not what the full council did
        - brevity
        - heading
        - agenda
        - 0.15 * (1 - c.named)  # a passage about another council or scheme is not the answer
        - (0.3 if out_of_bound(question, c.quote) else 0.0)  # "after 25 January": not January
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
