"""Answering questions about motions, amendments and votes from the minutes' own record of them.

"Was the amendment on X agreed?", "who moved it?", "what was the final vote?" are answered by the
motion's proposal, the words it would add, the recorded counts and the minuted outcome, each quoted
from its chunk. The motion is the one that best fits the question among the items of the top
passages and of the minutes a search of the minutes alone finds, and it must hold at least half the
question's own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.question import DATE_WORD, Question, content_terms
from assistant.retrieve import narrowed_filters
from assistant.sentences import normalise
from corpus.item_text import ItemText
from corpus.motions import (
    Motion,
    Proceedings,
    Span,
    Vote,
    find_motions,
    moves_a_motion,
    political_groups,
    sentence_around,
)
from corpus.types import Kind
from index.types import Filters, Hit

ITEMS = 6  # distinct items looked at: the top passages', then the minutes search's
TOP = 8  # passages those items are taken from
MIN_MATCH = 0.5  # share of the question's own words a motion must hold to be the one asked about
# Motions proposed to the ranker, the best-fitting of different items: proposing three held no
# more keys held out (0.503 by meeting, 0.485 by body, against 0.518 and 0.475)
MOTIONS = 1
KIND_BONUS = 0.3  # a motion of the kind the question asks about, over one matching more words
# Characters at most between one nomination's words and the next one's mover: two motions further
# apart are two matters, not two candidates for one vote
NOMINATION_GAP = 300
PART_CHARS = 300  # of a long part of a motion, the opening quoted
MAX_PARTS = 3  # words of a motion quoted (the parts an amendment adds, or the motion's own)

# A question about a motion or a vote on one ("the voting age" is not). Proposed for every
# question and left to the ranker, the best-fitting motion held no more keys held out (0.518 by
# meeting, 0.475 by body, against 0.513 and 0.472) and answered questions about voters and
# library cards with a motion. A question type of its own for votes, with motions proposed only
# to questions of that type, held fewer (0.510 and 0.460): 31 labelled vote questions are few.
_ASKS = re.compile(
    r"\b(?:amendments?|motions?|voted|seconded|carried)\b"
    r"|\b(?:the|final|a|recorded)\s+vote\b|\bvotes?\s+(?:for|against|on|cast)\b"
    r"|\bvoting\s+(?:on|for|against|was|went)\b",
    re.I,
)
_WHO_VOTED = re.compile(
    r"\bwho\b.*\bvoted(?:\s+(?P<side>for|against))?|\bwho\b.*\b(?P<side2>abstained)\b", re.I
)
_WHO_MOVED = re.compile(r"\bwho\b.*\b(?:moved|proposed|seconded)\b", re.I)
_FINAL = re.compile(r"\b(final|substantive)\b", re.I)
_WHICH = re.compile(r"\bwhich\b|\bwhat (?:amendments?|motions?)\b", re.I)
_CARRIED = re.compile(r"\b(carried|agreed|passed|adopted|accepted|succeeded|won)\b", re.I)
_LOST = re.compile(r"\b(lost|defeated|rejected|failed|fell)\b", re.I)
# Words every motion question uses: they cannot tell one motion from another.
_GENERIC = frozenset(
    content_terms(
        "amendment motion vote voted voting carried agreed lost passed final substantive go "
        "through council county meeting debate moved proposed seconded asking actually which"
    )
)
_MARKER = re.compile(r"^\s*(?:\(\d{1,2}\)\s*|\([a-z]\)\s*|[ivx]{1,4}\.\s*|\d{1,2}\.\s*)+")


class _Item(ItemText[Hit]):
    """An item's retrieved chunks read as one text."""

    def quotes(self, span: Span) -> list[tuple[Hit, str]]:
        """The span as exact quotes of the chunks it covers (one per chunk)."""
        return [(hit, quote) for hit, _, quote in self.pieces(span) if len(quote) > 2]


def _wording(item: _Item, span: Span) -> str:
    return normalise(_MARKER.sub("", item.text[span.start : span.end])).strip(' “”"').lower()


def _base(proc: Proceedings, n: int) -> Motion | None:
    """The motion an amendment amends: the one moved at the paragraph it names, else the first."""
    motion = proc.motions[n]
    if motion.kind != "amendment":
        return None
    named = [m for m in proc.motions if motion.amends and m.paragraph == motion.amends]
    return named[0] if named else (proc.motions[0] if n else None)


def _own_parts(item: _Item, proc: Proceedings, n: int) -> list[Span]:
    """The parts of a motion's wording that the motion it amends does not have."""
    parts = proc.motions[n].parts
    base = _base(proc, n)
    if base is None:
        return parts
    known = {_wording(item, s) for s in base.parts}
    return [s for s in parts if _wording(item, s) not in known] or parts


def _terms(question: Question) -> set[str]:
    """The question's words that can tell motions apart: not "amendment", not its dates."""
    words = set(content_terms(question.text)) - _GENERIC
    return {w for w in words if not DATE_WORD.fullmatch(w)}


def _score(terms: set[str], item: _Item, proc: Proceedings, n: int, groups: dict) -> float:
    """The share of the question's own terms found in the motion's words, movers and groups."""
    if not terms:
        return 0.0
    motion = proc.motions[n]
    people = [p for p in (motion.proposer, motion.seconder) if p]
    sides = [groups.get(p.split()[-1], "") for p in people]
    # the sentence it was moved in names what was moved when its words come before the movers
    # ("a vote on the proposal to adopt the Draft Budget, as proposed by ...")
    moved = sentence_around(item.text, motion.proposal.start, motion.proposal.end)
    words = [item.text[s.start : s.end] for s in (moved, *_own_parts(item, proc, n))]
    text = " ".join([*people, *sides, *words])
    return len(terms & set(content_terms(text))) / len(terms)


@dataclass(frozen=True)
class _Choice:
    """The motion and vote a question is about, in one item, and how well they fit it."""

    item: _Item
    proc: Proceedings
    motion: int
    vote: Vote | None
    score: float  # share of the question's own terms in the motion's words and movers
    fit: float  # score, plus a little for the kind of motion the question asks about


def _kind_fits(question: Question, proc: Proceedings, n: int, vote: Vote | None) -> bool:
    """An amendment when the question says so; else the motion itself ("the vote on the
    budget" is the vote on the budget motion, not on an amendment to it)."""
    if re.search(r"\bamendments?\b", question.text, re.I):
        return proc.motions[n].kind == "amendment"
    return (vote is not None and "motion" in vote.subject) or proc.motions[n].kind == "motion"


def _contested(proc: Proceedings, n: int, voted: set[int]) -> Vote | None:
    """The vote that decided a motion never put on its own: two nominations moved one after the
    other, then one vote between them, is a vote on both (a contested election)."""
    if proc.motions[n].kind != "motion":
        return None
    for later in range(n + 1, len(proc.motions)):
        before = proc.motions[later - 1]
        moved_end = max([before.proposal.end, *(s.end for s in before.parts)])
        if proc.motions[later].kind != "motion" or (
            proc.motions[later].proposal.start - moved_end > NOMINATION_GAP
        ):
            return None
        if later in voted:
            return next(v for v in proc.votes if v.motion == later)
    return None


def _choose(question: Question, item: _Item, proc: Proceedings) -> _Choice | None:
    """The motion (and the vote on it) of an item that the question is about; None when
    nothing in the question tells the item's motions apart."""
    groups = political_groups(item.text)
    pairs: list[tuple[int, Vote | None]] = [(v.motion, v) for v in proc.votes]
    voted = {v.motion for v in proc.votes}
    pairs += [(n, _contested(proc, n, voted)) for n in range(len(proc.motions)) if n not in voted]
    text = question.text
    terms = _terms(question)
    scores = {n: _score(terms, item, proc, n, groups) for n, _ in pairs}
    if terms and max(scores.values()) < MIN_MATCH:
        return None  # the question names what the motion is about, and none of these is
    if _FINAL.search(text) and proc.votes:
        last = proc.votes[-1]
        # the substantive motion is the item's motions as amended: it holds all their words
        return _Choice(item, proc, last.motion, last, max(scores.values()), 1.0)
    if _WHICH.search(text) and (_CARRIED.search(text) or _LOST.search(text)):
        wanted = "carried" if _CARRIED.search(text) else "lost"
        pairs = [(n, v) for n, v in pairs if v is not None and v.result == wanted] or pairs

    def rank(pair: tuple[int, Vote | None]) -> tuple[float, bool, int]:
        n, vote = pair
        fits = _kind_fits(question, proc, n, vote)
        own_vote = vote is not None and vote.subject == proc.motions[n].kind
        return (scores[n] + KIND_BONUS * fits, own_vote, -n)

    n, vote = max(pairs, key=rank)
    # with no word of its own, a question ("how did the vote go?") fits any motion half-way
    return _Choice(item, proc, n, vote, scores[n] if terms else 0.5, rank((n, vote))[0])


def _parts_asked(item: _Item, proc: Proceedings, n: int, terms: set[str]) -> list[Span]:
    """The motion's own parts, or of a long motion the few that share most words with the
    question (in the order moved): a nine-part motion quoted whole would bury the vote."""
    own = _own_parts(item, proc, n)
    if len(own) <= MAX_PARTS:
        return own
    shared = [len(terms & set(content_terms(item.text[s.start : s.end]))) for s in own]
    best = [i for i in sorted(range(len(own)), key=lambda i: -shared[i]) if shared[i]]
    return [own[i] for i in sorted(best[: MAX_PARTS - 1])] or own[:1]


def _counts(item: _Item, vote: Vote, question: Question) -> list[Span]:
    """The recorded counts; for "who voted against", that side's count with the names under it."""
    asked = _WHO_VOTED.search(question.text)
    if not asked:
        spans = [s for _, _, span in vote.counts for s in _side_and_count(item, span)]
        return [_in_sentence(item, s) for s in spans]
    ends = [s.start for _, _, s in vote.counts[1:]]
    ends.append(vote.outcome.start if vote.outcome else vote.counts[-1][2].end)
    sides = {"for": "for", "against": "against", "abstain": "abstain", "abstained": "abstain"}
    side = sides.get((asked["side"] or asked["side2"] or "").lower())
    return [
        Span(span.start, max(end, span.end))
        for (name, _, span), end in zip(vote.counts, ends, strict=True)
        if side is None or name == side
    ]


def _in_sentence(item: _Item, span: Span) -> Span:
    """A count minuted in a sentence ("The voting result was tied with 3 for and 3 against the
    proposal, as there was an equality of votes the Chairman exercised his casting vote") as that
    sentence: "3 for" alone says neither what was put nor how it ended. A side's count as
    divisions and roll calls give it ("For (14)", "(24)" under the names, "Ayes: 5") stays."""
    if not item.text[span.start : span.end][:1].isdigit():
        return span
    return sentence_around(item.text, span.start, span.end)


def _side_and_count(item: _Item, span: Span) -> list[Span]:
    """A division minuted as a side's heading, its members' names and the count ("For Councillor
    Daly / Councillors Butler, Byrne, ... / (24)") quoted as the heading and the count: thirty
    names would bury how the vote went."""
    text = item.text[span.start : span.end]
    head = text.find("\n")
    count = text.rfind("(")
    if head < 0 or count <= head:
        return [span]
    side = len(text[:head].rstrip(" \t*:"))  # without the heading's bold marks
    return [Span(span.start, span.start + side), Span(span.start + count, span.end)]


def _spans(
    item: _Item, proc: Proceedings, n: int, vote: Vote | None, question: Question
) -> list[Span]:
    """Proposal and wording (for the substantive motion, the call to vote), then the result."""
    spans: list[Span] = []
    terms = _terms(question)
    substantive = vote is not None and "substantive" in vote.subject and vote.call is not None
    if substantive and not _WHO_MOVED.search(question.text):
        spans.append(vote.call)
    else:
        # in reading order: a notice of motion stands before the proposal that moves it
        moved = [proc.motions[n].proposal, *_parts_asked(item, proc, n, terms)]
        spans += sorted(moved, key=lambda s: s.start)
    if vote is not None:
        spans += _counts(item, vote, question)
        if vote.outcome is not None:
            spans.append(vote.outcome)
        elif vote.call is not None and vote.call not in spans:
            spans.append(vote.call)
    return _uncovered(spans)


def _uncovered(spans: list[Span]) -> list[Span]:
    """The spans, once each, less any another of them holds ("motion not being carried." within
    the sentence that counts the votes)."""
    spans = list(dict.fromkeys(spans))
    return [
        s for s in spans if not any(o != s and o.start <= s.start and s.end <= o.end for o in spans)
    ]


def _item_of(hit: Hit, chunks: list[Hit]) -> _Item:
    """The item a passage belongs to, read as one text; for minutes whose items were not
    recovered, the passage with the one before and the one after it."""
    if hit.item is not None:
        return _Item.of([c for c in chunks if c.item == hit.item])
    return _Item.of([c for c in chunks if c.item is None and abs(c.ordinal - hit.ordinal) <= 1])


def _choices(question: Question, index, hits: Sequence[Hit]) -> list[_Choice]:
    """The best-fitting motion of each item of the passages given, best first."""
    first: dict[tuple, Hit] = {}
    for h in hits:
        first.setdefault((h.paper_id, h.item if h.item is not None else h.ordinal), h)
    # Items of a meeting on a date the question names come first; "the May 2025 elections"
    # names a date that no meeting need have, so the others still follow.
    keys = sorted(first, key=lambda key: not question.on_dates(first[key].meeting_date))
    papers: dict[str, list[Hit]] = {}
    found: list[_Choice] = []
    for key in keys[:ITEMS]:
        hit = first[key]
        if hit.paper_id not in papers:
            papers[hit.paper_id] = index.chunks(hit.paper_id)
        item = _item_of(hit, papers[hit.paper_id])
        proc = find_motions(item.text)
        choice = _choose(question, item, proc) if proc.motions else None
        if choice is not None:
            found.append(choice)
    # a later item only before an earlier one when it fits better: retrieval ranked it lower
    return sorted(found, key=lambda c: -c.fit)


def motion_answers(
    question: Question, *, index, hits: Sequence[Hit], filters: Filters | None = None
) -> list[tuple[list[tuple[Hit, str]], float]]:
    """Quotes of the motions that fit the question best (one per item, at most MOTIONS, best
    first), each with the share of the question's own words it holds; none for a follow-up, a
    question not about a motion, or when no item of the top passages or of the minutes a search
    finds records one that fits."""
    asks = _ASKS.search(question.text) or _WHO_MOVED.search(question.text)
    if question.followup or not asks or not hasattr(index, "chunks"):
        return []
    hits = list(hits[:TOP])
    f = filters or Filters()
    if hasattr(index, "search") and (not f.kinds or str(Kind.MINUTES) in f.kinds):
        # Motions are minuted: "who moved the budget" shares words with many a report, and the
        # meeting a question names is often outranked by like debates of other years.
        narrowed = narrowed_filters(question, f) or f
        minutes = replace(narrowed, kinds=(str(Kind.MINUTES),))
        hits += index.search(question.query, k=TOP, filters=minutes)
    out = []
    for choice in _choices(question, index, hits)[:MOTIONS]:
        quotes = _quotes(choice, question)
        if quotes:
            out.append((quotes, 0.5 + 0.5 * choice.score))
    return out


def _quotes(choice: _Choice, question: Question) -> list[tuple[Hit, str]]:
    spans = _spans(choice.item, choice.proc, choice.motion, choice.vote, question)
    parts = {id(p) for p in choice.proc.motions[choice.motion].parts}
    quotes = []
    for span in spans:
        found = choice.item.quotes(span)
        long = span.end - span.start > PART_CHARS
        if id(span) in parts and found and long:  # its opening is enough to know it by
            found = [(found[0][0], _opening(found[0][1]))]
        quotes += found
    return quotes


def _opening(quote: str) -> str:
    """A long quote's first lines, up to about PART_CHARS characters (still an exact quote)."""
    if len(quote) <= PART_CHARS:
        return quote
    cut = max(quote.rfind("\n", 0, PART_CHARS), quote.rfind(". ", 0, PART_CHARS) + 1)
    return quote[:cut].rstrip() if cut > PART_CHARS // 3 else quote


def with_outcomes(
    quotes: list[tuple[Hit, str]], item_passages: Callable[[Hit], list[Hit]]
) -> list[tuple[Hit, str]]:
    """The quotes, each proposal followed by the outcome of the vote on it: quoting "Mr A
    proposed that ..." without saying whether it was agreed would tell half the story."""
    out: list[tuple[Hit, str]] = []
    for hit, quote in quotes:
        out.append((hit, quote))
        if not moves_a_motion(quote):
            continue
        item = _Item.of(item_passages(hit))
        n = next((i for i, c in enumerate(item.passages) if c.chunk_id == hit.chunk_id), None)
        if n is None:
            continue
        at = item.starts[n] + hit.text.find(quote)
        proc = find_motions(item.text)
        moved = [i for i, m in enumerate(proc.motions) if at <= m.proposal.start < at + len(quote)]
        vote = next((v for v in proc.votes if moved and v.motion == moved[0]), None)
        if vote is None:
            continue
        spans = [_in_sentence(item, s) for _, _, s in vote.counts]
        spans = _uncovered([*spans, *([vote.outcome] if vote.outcome else [])])
        out += [q for span in spans for q in item.quotes(span) if q not in out and q not in quotes]
    return out
