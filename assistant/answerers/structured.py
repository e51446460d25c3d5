"""Answerers over what structure recovery read in the papers: the decisions register, motions and
votes, attendance, and counted lists. Each wraps the module that reads that structure and turns
what it finds into proposals; the ranker, not the wrapper, decides whether they answer."""

from __future__ import annotations

from dataclasses import replace

from assistant.answerers import Context, Proposal, proposal
from assistant.answerers.timeline import timeline
from assistant.answerers.units import by_ordinal, decision_block
from assistant.evidence import Candidate
from assistant.from_attendance import attendance_answer, says_who
from assistant.from_motions import motion_answers
from assistant.from_period import period_answer
from assistant.from_progress import open_answer, progress_answer
from assistant.from_register import register_answer, register_records
from assistant.question import QType, Question
from assistant.sentences import split
from assistant.superlative import extreme_answer

# The register is read as it would be for each kind of question that asks about commitments;
# the ranker weighs each reading against the answer type the question is predicted to ask.
REGISTER_TYPES = (QType.DECISION, QType.ACTION)


def _listed(found, unit: str, ctx: Context, asked_as: str = "") -> Proposal | None:
    """A proposal of what a register reading returned: (quotes, score[, note])."""
    note = found[2] if len(found) > 2 else None
    return proposal("register", unit, found[0], ctx, found[1], asked_as, note)


def register(q: Question, ctx: Context) -> list[Proposal]:
    """The register's records of the item the question is about, for decisions and actions;
    a period's records; the progress of a commitment; the open actions."""
    out: list[Proposal | None] = []
    # Both readings start from the same records: the register is asked once.
    records = register_records(q, index=ctx.index, filters=ctx.filters)
    for qtype in REGISTER_TYPES:
        asked = replace(q, qtype=qtype)
        found = None
        if records is not None:
            found = register_answer(
                asked, index=ctx.index, hits=ctx.hits, filters=ctx.filters, records=records
            )
        if found is not None:
            quotes = [(r.hit, r.quote) for r in found[0]]
            out.append(proposal("register", "records", quotes, ctx, found[1], str(qtype)))
        found = period_answer(asked, index=ctx.index, filters=ctx.filters)
        if found is not None:
            out.append(_listed(found, "period", ctx, str(qtype)))
    for unit, found in (
        ("progress", progress_answer(q, index=ctx.index, filters=ctx.filters)),
        ("open", open_answer(q, index=ctx.index, filters=ctx.filters)),
    ):
        if found is not None:
            out.append(_listed(found, unit, ctx))
    return [p for p in out if p is not None]


def motions(q: Question, ctx: Context) -> list[Proposal]:
    """The motions or amendments the question may be about, of different items: proposal,
    wording, counts and outcome of each."""
    found = motion_answers(q, index=ctx.index, hits=ctx.hits, filters=ctx.filters)
    out = [proposal("motions", "motion", quotes, ctx, score) for quotes, score in found]
    return [p for p in out if p]


def attendance(q: Question, ctx: Context) -> list[Proposal]:
    """The chair, those present and apologies of the meeting the question names. A question
    that asks who without the word ("which councillors sent apologies?") is proposed the answer
    as to a question asking who, which the ranker weighs by how surely the question model reads
    it so (asked_as), as the register's readings are."""
    said = says_who(q.text)
    asked = q if said else replace(q, qtype=QType.WHO)
    found = attendance_answer(asked, index=ctx.index, filters=ctx.filters)
    asked_as = "" if said else str(QType.WHO)
    p = found and proposal("attendance", "attendance", found[0], ctx, found[1], asked_as)
    return [p] if p else []


def counted_list(q: Question, ctx: Context) -> list[Proposal]:
    """The largest or smallest entry of a counted list ("a. Highdown (43)") with its lead-in."""
    found = extreme_answer(q, hits=ctx.hits, focus=ctx.focus, item_passages=ctx.item_passages)
    p = found and proposal("list", "extreme", found, ctx, 0.5)
    return [p] if p else []


def ordinal(q: Question, ctx: Context) -> list[Proposal]:
    """ "The second one": that entry of the list or resolutions the previous answer quoted."""
    if q.ordinal is None or ctx.focus is None or not split(ctx.focus.text):
        return []
    seed = Candidate(ctx.focus, split(ctx.focus.text)[0], 0)
    picked = by_ordinal(decision_block(q, seed, ctx.item_passages), q.ordinal)
    p = proposal("text", "ordinal", [(c.hit, c.quote) for c in picked], ctx, 1.0)
    return [p] if p else []


ANSWERERS = (register, motions, attendance, counted_list, ordinal)
# Answerers whose proposals only an answer of one type uses (`rank.choose`): run for questions
# the question model reads as of that type, so that no other question waits for them.
TYPED_ANSWERERS = {QType.TIMELINE: (timeline,)}
