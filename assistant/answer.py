"""`ask`: retrieve passages, pick the sentences that answer, cite them, or say the papers do not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from assistant.coverage import missing_names
from assistant.evidence import Candidate, Embed, candidates, score
from assistant.from_attendance import attendance_answer
from assistant.from_motions import motion_answer, with_outcomes
from assistant.from_period import period_answer
from assistant.from_progress import open_answer, progress_answer
from assistant.from_register import register_answer
from assistant.generator import ExtractiveGenerator, Generator
from assistant.people import person_lines
from assistant.question import (
    QType,
    Question,
    analyse,
    joined_parts,
    named_committees,
    parts,
    stem,
    tokens,
)
from assistant.selection import ItemPassages, distinct, select
from assistant.superlative import extreme_answer
from assistant.types import NOT_ANSWERED, Answer, Citation
from index.types import Filters, Hit


class SearchableIndex(Protocol):
    """What `ask` needs from index.store.Index."""

    def search(self, query: str, *, k: int = 10, filters: Filters | None = None) -> list[Hit]: ...

    def chunks(self, paper_id: str, *, page: int | None = None) -> list[Hit]: ...


@dataclass(frozen=True)
class Thresholds:
    """Refusal thresholds, calibrated on the dev questions (see `boardpapers eval`)."""

    retrieval: float = 0.2  # best passage must hold this IDF-weighted share of the question terms
    selection: float = 0.3  # confidence of the best sentence (terms, meaning and answer type)
    # "what was the main problem" is asked in other words than the paper's ("the primary
    # operational challenge"), so a summary's best sentence shares fewer of them
    summary: float = 0.25

    def for_question(self, q: Question) -> float:
        """The selection threshold for this kind of question."""
        return self.summary if q.qtype is QType.SUMMARY else self.selection


DEFAULT_THRESHOLDS = Thresholds()
TYPED = (QType.FIGURE, QType.WHEN, QType.WHO)
FOCUS_BONUS = 0.08  # follow-ups prefer the item the previous answer came from
MAX_PARTS_QUOTES = 4  # sentences quoted for a question of several parts
NAMED_RATIO = 0.8  # a sentence naming what the question names may score this much below the best
RERANK = 6  # best sentences re-scored by meaning (each costs a sentence embedding)


def _embedder(index: object) -> Embed | None:
    embedder = getattr(index, "embedder", None)
    return getattr(embedder, "embed", None)


def _item_passages(index: SearchableIndex) -> ItemPassages:
    """Chunks of a hit's item in reading order, each paper fetched once per question."""
    cache: dict[str, list[Hit]] = {}

    def passages(hit: Hit) -> list[Hit]:
        if hit.paper_id not in cache:
            cache[hit.paper_id] = index.chunks(hit.paper_id)
        return [h for h in cache[hit.paper_id] if h.item == hit.item]

    return passages


def support(question: Question, c: Candidate) -> float:
    """How much of the question (and, for follow-ups, the earlier turns) a candidate covers."""
    if question.followup:
        return max(c.lexical, 0.5 * c.lexical + 0.5 * c.context)
    return c.lexical


def confidence(question: Question, best: Candidate) -> float:
    """How sure the best sentence answers: term coverage, meaning, and the wanted answer type."""
    conf = 0.6 * support(question, best) + 0.4 * best.dense
    if question.qtype in TYPED and best.typed < 0.5:
        conf *= 0.6 + 0.8 * best.typed  # a "how many" answer without a figure is no answer
    return conf


def typed_ok(question: Question, ranked: Sequence[Candidate]) -> bool:
    """For figure, date and person questions: a close candidate holds that kind of answer."""
    if question.qtype not in TYPED:
        return True
    top = ranked[0].score
    return any(c.typed >= 0.6 and c.score >= 0.7 * top for c in ranked[:5])


def _each_part(
    q: Question, hits: list[Hit], chosen: list[Candidate], item_passages: ItemPassages
) -> list[Candidate]:
    """A question of several parts gets the best sentences for each part as well."""
    if q.followup or q.qtype in (QType.DECISION, QType.SUMMARY):
        return chosen
    pieces = parts(q.text)
    if len(pieces) < 2 and q.qtype in TYPED:
        pieces = joined_parts(q.text)
    if len(pieces) < 2:
        return chosen
    out = list(chosen[:2])
    for piece in pieces:
        pq = replace(analyse(piece), context_terms=q.terms)
        if pq.qtype is QType.GENERAL:
            pq = replace(pq, qtype=q.qtype)
        ranked = score(pq, candidates(pq, hits), embed=None)
        out += select(pq, ranked, item_passages=item_passages)[:1]
    return distinct(out)[:MAX_PARTS_QUOTES]


def _missing(q: Question, chosen: Sequence[Candidate], hits: Sequence[Hit]) -> list[str]:
    """missing_names, except that a name may stand in another retrieved passage of the same item
    (the report's title names the programme; the sentence on its page only says "this Plan")."""
    if not chosen:
        return []
    item = (chosen[0].hit.paper_id, chosen[0].hit.item)
    around = {stem(t) for h in hits if (h.paper_id, h.item) == item for t in tokens(h.text)}
    return [n for n in missing_names(q, chosen) if n not in q.names or n not in around]


def _named(
    q: Question,
    chosen: list[Candidate],
    ranked: list[Candidate],
    hits: list[Hit],
    thresholds: Thresholds,
    passages: ItemPassages,
) -> list[Candidate]:
    """The choice when its passage lacks a name the question gives ("agreed at Cabinet"), or
    nothing. A lacking name that only one close sentence mentions is what the question hinges
    on: that sentence is taken instead. A name the item's other passages share ("the Branch
    Libraries Plan" on the page before) leaves the choice as it was."""
    lacking = [n for n in missing_names(q, chosen[:1]) if n in q.names]
    sentences = {n: [c for c in ranked if n in {stem(t) for t in tokens(c.quote)}] for n in lacking}
    rare = [n for n in lacking if len(sentences[n]) == 1]
    if rare:
        rival = sentences[rare[0]][0]
        ok = all(rival in sentences[n] for n in rare) and not _missing(q, [rival], hits)
        if not ok or rival.score < NAMED_RATIO * ranked[0].score:
            return []
        if confidence(q, rival) < thresholds.for_question(q) or len(rival.quote.split()) < 6:
            return []  # unsure, or a title ("Social Care Services Board Monday 25 January")
        if q.qtype is QType.SUMMARY:  # the rival's paragraph, as any summary
            return select(
                q, [rival, *(c for c in ranked if c is not rival)], item_passages=passages
            )
        return [rival]
    return [] if _missing(q, chosen, hits) else chosen


def _focus(
    turns: list[str], *, index: SearchableIndex, filters: Filters | None, k: int
) -> Hit | None:
    """The passage the previous answer came from (its first citation), for follow-ups."""
    previous = ask(turns[-1], index=index, context=turns[:-1] or None, filters=filters, k=k)
    if not previous.citations:
        return previous.passages[0] if previous.passages else None
    first = previous.citations[0]
    return next((h for h in previous.passages if h.chunk_id == first.chunk_id), None) or next(
        (h for h in index.chunks(first.paper_id) if h.chunk_id == first.chunk_id), None
    )


def _explain(hits: Sequence[Hit], ranked: Sequence[Candidate]) -> list[dict]:
    best = {}
    for c in ranked:
        best.setdefault(c.hit.chunk_id, c)
    return [
        {
            "chunk_id": h.chunk_id,
            "score": round(h.score, 4),
            "lexical_rank": h.lexical_rank,
            "dense_rank": h.dense_rank,
            "matched_terms": list(h.matched_terms),
            "best_sentence": best[h.chunk_id].quote if h.chunk_id in best else None,
            "sentence_score": round(best[h.chunk_id].score, 4) if h.chunk_id in best else None,
        }
        for h in hits
    ]


def _from_register(
    q: Question, index: SearchableIndex, hits: list[Hit], filters: Filters | None
) -> tuple[list[tuple[Hit, str]], float] | None:
    """The register's records of the item a decision or action question is about, as quotes."""
    found = register_answer(q, index=index, hits=hits, filters=filters)
    return None if found is None else ([(r.hit, r.quote) for r in found[0]], found[1])


def _quoted(
    question: str,
    q: Question,
    hits: list[Hit],
    quotes: list[tuple[Hit, str]],
    confidence: float,
    note: str | None = None,
    *,
    by: str,
    generator: Generator | None,
) -> Answer:
    """An answer made of quotes found by structure (register, motions, attendance, lists), and
    a line of the tool's own when the quotes are not the whole story ("73 open in all")."""
    citations = [Citation.from_hit(n, hit, quote) for n, (hit, quote) in enumerate(quotes, 1)]
    text = (generator or ExtractiveGenerator()).generate(question, citations)
    return Answer(
        question=question,
        answer=f"{text}\n{note}" if note else text,
        answered=True,
        citations=citations,
        passages=list(hits),
        question_type=str(q.qtype),
        confidence=confidence,
        answered_by=by,
        explain=_explain(hits, []),
    )


def ask(
    question: str,
    *,
    index: SearchableIndex,
    context: str | list[str] | None = None,
    filters: Filters | None = None,
    k: int = 10,
    generator: Generator | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Answer:
    """Answer a question from the indexed papers with verbatim, cited sentences (or refuse)."""
    q = analyse(question, context)
    if hasattr(index, "committees"):
        q = replace(q, committees=tuple(named_committees(q.text, index.committees())))
    hits = index.search(q.query, k=k, filters=filters)
    for by, find in (
        ("attendance", lambda: attendance_answer(q, index=index, filters=filters)),
        ("motions", lambda: motion_answer(q, index=index, hits=hits, filters=filters)),
        ("register", lambda: progress_answer(q, index=index, filters=filters)),
        ("register", lambda: open_answer(q, index=index, filters=filters)),
        ("register", lambda: period_answer(q, index=index, filters=filters)),
        ("register", lambda: _from_register(q, index, hits, filters)),
    ):
        found = find()
        if found is not None:
            return _quoted(question, q, hits, *found, by=by, generator=generator)
    focus = None
    if q.followup:
        turns = [context] if isinstance(context, str) else list(context or [])
        focus = _focus(turns[-2:], index=index, filters=filters, k=k)
        if focus and all(h.chunk_id != focus.chunk_id for h in hits):
            hits = [*hits, focus]
    item_passages = _item_passages(index)
    extreme = extreme_answer(q, hits=hits, focus=focus, item_passages=item_passages)
    if extreme:  # "which had the most": the largest entry of a counted list
        return _quoted(question, q, hits, extreme, 0.5, by="list", generator=generator)
    ranked = score(
        q, candidates(q, hits), embed=_embedder(index) if RERANK else None, rerank=RERANK
    )
    if focus is not None:
        ranked = sorted(
            (
                replace(c, score=c.score + FOCUS_BONUS)
                if (c.hit.paper_id, c.hit.item) == (focus.paper_id, focus.item)
                else c
                for c in ranked
            ),
            key=lambda c: -c.score,
        )
    base = {"question": question, "passages": list(hits), "question_type": str(q.qtype)}
    explain = _explain(hits, ranked)
    chosen: list[Candidate] = []
    conf = 0.0
    if q.ordinal is not None and focus is not None:
        # "the third one": the previous answer already established the item; no threshold here.
        chosen = select(q, ranked, item_passages=item_passages, focus=focus)
        conf = 1.0 if chosen else 0.0
    if not chosen:
        if not ranked or max(support(q, c) for c in ranked) < thresholds.retrieval:
            return Answer(
                answer=NOT_ANSWERED, answered=False, refused_by="retrieval", explain=explain, **base
            )
        conf = confidence(q, ranked[0])
        if conf >= thresholds.for_question(q) and typed_ok(q, ranked):
            chosen = select(q, ranked, item_passages=item_passages, focus=focus)
            chosen = _each_part(q, hits, chosen, item_passages)
            if missing_names(q, chosen):
                chosen = _named(q, chosen, ranked, hits, thresholds, item_passages)
        elif q.qtype is QType.WHO and conf >= thresholds.for_question(q):
            # no sentence names a person: a signature line or a membership row may
            chosen = person_lines(q, ranked, item_passages)
        if not chosen:
            return Answer(
                answer=NOT_ANSWERED,
                answered=False,
                refused_by="selection",
                confidence=conf,
                explain=explain,
                **base,
            )
    quotes = with_outcomes([(c.hit, c.quote) for c in chosen], item_passages)
    citations = [Citation.from_hit(n, hit, quote) for n, (hit, quote) in enumerate(quotes, 1)]
    text = (generator or ExtractiveGenerator()).generate(question, citations)
    return Answer(
        answer=text,
        answered=True,
        citations=citations,
        confidence=conf,
        answered_by="sentences",
        explain=explain,
        **base,
    )
