"""`ask`: understand → retrieve → candidates → rank → cite, once each and in that order.

The question is analysed (its answer type by the fitted question model), passages retrieved, every
answerer proposes candidate answers, one fitted ranker scores them all and chooses (or refuses when
the best is unlikely to answer), and the chosen quotes are cited verbatim.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.answerers import Context, Proposal
from assistant.answerers.structured import ANSWERERS, TYPED_ANSWERERS
from assistant.answerers.text import text_units
from assistant.cite import cite
from assistant.generator import Generator
from assistant.question import Embed, Question, analyse, named_committees, parts
from assistant.rank import (
    Ranker,
    answer_features,
    answers_over_time,
    base_features,
    choose,
    fitted_ranker,
    vectorise,
)
from assistant.retrieve import SearchableIndex, item_passages, retrieve
from assistant.types import NOT_ANSWERED, Answer
from index.types import Filters, Hit

EXPLAIN = 10  # candidates shown by --explain


def embedder_of(index: object) -> Embed | None:
    """The index's sentence embedder, when it has one."""
    return getattr(getattr(index, "embedder", None), "embed", None)


def understand(
    question: str, index: object, context: str | list[str] | None, embed: Embed | None
) -> Question:
    """The analysed question, with the indexed committees it names."""
    q = analyse(question, context, embed=embed)
    if hasattr(index, "committees"):
        sizes = index.committee_sizes() if hasattr(index, "committee_sizes") else None
        named = named_committees(q.text, index.committees(), sizes)
        q = replace(q, committees=tuple(named))
    return q


def propose(q: Question, ctx: Context, every: bool = False) -> list[Proposal]:
    """Every answerer's proposals for the question; those of an answerer for one type of
    question (TYPED_ANSWERERS) when the question is of that type, or with `every` (for fitting,
    where each fold's question model decides the type)."""
    out = text_units(q, ctx)
    for answerer in ANSWERERS:
        out += answerer(q, ctx)
    for qtype, answerers in TYPED_ANSWERERS.items():
        if every or q.qtype is qtype:
            for answerer in answerers:
                out += answerer(q, ctx)
    return out


@dataclass(frozen=True)
class Scored:
    """The proposals for one question (or one part of it), their features and probabilities."""

    question: Question
    proposals: list[Proposal]
    features: list[dict]
    probs: np.ndarray


def score(q: Question, ctx: Context, ranker: Ranker, embed: Embed | None, proposals=None) -> Scored:
    """Propose, then score every proposal with the fitted ranker."""
    proposals = propose(q, ctx) if proposals is None else proposals
    vectors = getattr(ctx.index, "chunk_vectors", None)
    feats = base_features(q, proposals, ctx.hits, embed=embed, vectors=vectors, focus=ctx.focus)
    probs = ranker.probabilities(vectorise(feats, q.type_probs)) if proposals else np.zeros(0)
    return Scored(q, proposals, feats, probs)


def _focus(turns: list[str], *, index, filters: Filters | None, k: int) -> Hit | None:
    """The passage the previous answer came from (its first citation), for follow-ups."""
    previous = ask(turns[-1], index=index, context=turns[:-1] or None, filters=filters, k=k)
    if not previous.citations:
        return previous.passages[0] if previous.passages else None
    first = previous.citations[0]
    return next((h for h in previous.passages if h.chunk_id == first.chunk_id), None) or next(
        (h for h in index.chunks(first.paper_id) if h.chunk_id == first.chunk_id), None
    )


def _explain(scored: Sequence[Scored]) -> list[dict]:
    rows = []
    for s in scored:
        for i in np.argsort(-s.probs, kind="stable")[:EXPLAIN]:
            p, f = s.proposals[i], s.features[i]
            rows.append(
                {
                    "part": s.question.text,
                    "chunk_id": p.seed.chunk_id,
                    "answerer": p.answerer,
                    "unit": p.unit,
                    "score": round(float(s.probs[i]), 4),
                    "quote": p.text[:300],
                    "features": {
                        k: round(v, 3) for k, v in f.items() if not k.startswith("_") and v
                    },
                }
            )
    return rows


# What one further part may add to an answer: a sentence or two, enough for the figure, name or
# vote a part asks. Set by measurement, not fitted: against 80 words, 50 lost no key hit on the
# question sets and brought the Limerick 2014-15 set's median answer from 90 to 72 words. The fit
# replays the parts with it (benchmarks/fit_answering.py `_final`).
PART_WORDS = 50


def _by_parts(
    q: Question,
    chosen: list[Proposal],
    ctx: Context,
    ranker: Ranker,
    embed: Embed | None,
    scored: list[Scored],
) -> list[Proposal]:
    """The answer with the best proposal for each part of a question of several parts ("how
    many joined, and what is the target?") that the answer so far does not already answer,
    within the answer's word budget; each part's ranking is added to `scored` for --explain."""
    pieces = parts(q.text)
    if len(pieces) < 2:
        return chosen
    for piece in pieces:
        pq = understand(piece, ctx.index, q.text, embed)
        pq = replace(pq, context_terms=(), followup=False, query=q.query)
        part = score(pq, ctx, ranker, embed, proposals=[*chosen, *propose(pq, ctx)])
        scored.append(part)
        sure = ranker.confidence(answer_features(part.features, part.probs, pq.type_probs))
        answered = float(part.probs[: len(chosen)].max())  # the answer so far, on this part
        chosen = with_part(chosen, part.proposals, part.probs, answered, sure, ranker)
    return chosen


def with_part(
    chosen: list,
    proposals: Sequence,
    probs: np.ndarray,
    answered: float,
    sure: float,
    ranker: Ranker,
) -> list:
    """The answer with what one part of the question adds: the part's best proposal, when the
    papers answer the part (`sure`, the refusal model's probability on it), the answer so far
    answers it clearly less well (`answered`, its best probability on the part) and it fits
    in PART_WORDS and the answer's word budget. The fit replays parts through this too."""
    if sure < ranker.refuse_below or answered >= ranker.add_ratio * float(probs.max()):
        return chosen
    picked = [p for p in choose(proposals, probs, replace(ranker, max_extra=0)) if p not in chosen]
    added = sum(len(p.text.split()) for p in picked)
    total = added + sum(len(p.text.split()) for p in chosen)
    if added <= PART_WORDS and total <= ranker.max_words:
        return [*chosen, *(p for p in picked if p not in chosen)]
    return chosen


def context_for(index: SearchableIndex, *, hits: list[Hit], filters, focus=None) -> Context:
    """What the answerers read for this question."""
    return Context(index, hits, filters, item_passages(index), focus)


def ask(
    question: str,
    *,
    index: SearchableIndex,
    context: str | list[str] | None = None,
    filters: Filters | None = None,
    k: int = 10,
    generator: Generator | None = None,
    ranker: Ranker | None = None,
) -> Answer:
    """Answer a question from the indexed papers with verbatim, cited quotes (or refuse)."""
    ranker = ranker or fitted_ranker()
    embed = embedder_of(index)
    q = understand(question, index, context, embed)
    hits = retrieve(q, index, k=k, filters=filters)
    focus = None
    if q.followup:
        turns = [context] if isinstance(context, str) else list(context or [])
        focus = _focus(turns[-2:], index=index, filters=filters, k=k)
        if focus and all(h.chunk_id != focus.chunk_id for h in hits):
            hits = [*hits, focus]
    ctx = context_for(index, hits=hits, filters=filters, focus=focus)
    whole = score(q, ctx, ranker, embed)
    best = ranker.confidence(answer_features(whole.features, whole.probs, q.type_probs))
    # a question of several parts gets its further quotes part by part (_by_parts), not as the
    # runners-up of the whole question
    several = len(parts(q.text)) > 1 and not q.followup
    rules = replace(ranker, max_extra=0) if several else ranker
    lex = [f["lex"] for f in whole.features]
    over_time = answers_over_time({p.unit for p in whole.proposals}, str(q.qtype))
    chosen = (
        choose(whole.proposals, whole.probs, rules, lex, str(q.qtype))
        if best >= ranker.refuse_below or over_time
        else []
    )
    scored = [whole]
    complete = bool(chosen) and chosen[0].answerer != "text" and not ranker.extend_structured
    if chosen and not q.followup and not complete:
        chosen = _by_parts(q, chosen, ctx, ranker, embed, scored)
    base = {
        "question": question,
        "passages": list(hits),
        "question_type": str(q.qtype),
        "confidence": best,
        "explain": _explain(scored),
    }
    if not chosen:
        return Answer(answer=NOT_ANSWERED, answered=False, refused_by="ranker", **base)
    text, citations = cite(question, chosen, ctx.item_passages, generator)
    by = ",".join(dict.fromkeys(p.answerer for p in chosen))
    return Answer(answer=text, answered=True, citations=citations, answered_by=by, **base)
