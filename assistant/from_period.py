"""Answering "what did Cabinet decide on 30 January?" and "what did we recommend this year?":
every record of the period (or meeting) from the register, weighed by how much of the question
is only its period and body (the ranker sets it against answers about the question's subject).
What a meeting decided is its resolutions and the motions it carried or resolved."""

from __future__ import annotations

import re
from collections import Counter

from assistant.from_progress import capped_list, committees_asked, topic_of
from assistant.from_register import ACTION_KINDS, DECISION_KINDS, wanted_records
from assistant.question import QType, Question
from assistant.register import query_register
from assistant.register.linking import words
from assistant.register.query import QUESTION_WORDS, as_date
from assistant.retrieve import period
from index.types import Filters, Hit

MAX_LISTED = 15  # records quoted; the rest are counted and left to the Decisions page

_THIS_YEAR = re.compile(r"\b(?:this|the current) year\b", re.I)
_LAST_YEAR = re.compile(r"\b(?:last|the previous|the past) year\b", re.I)
_LAST_MEETING = re.compile(
    r"\b(?:last|latest|most recent|previous) (?:meeting|session)|at (?:its|their|our) last\b", re.I
)
# what a question about a period says besides its topic
_PERIOD_WORDS = words(
    "this current last latest most recent previous past year years month months meeting meetings "
    "session so far lately all every list full complete"
)


def _in_period(question: Question, records: list[dict]) -> list[dict] | None:
    """The records of the period the question names; None when it names none."""
    days = [as_date(r.get("meeting_date")) for r in records]
    latest = max((d for d in days if d), default=None)
    if question.dates:
        keep = [question.on_dates(d) for d in days]
    elif question.years:
        years = {int(y) for y in question.years}
        keep = [d is not None and d.year in years for d in days]
    elif latest and _LAST_MEETING.search(question.text):
        keep = [d == latest for d in days]
    elif latest and (_THIS_YEAR.search(question.text) or _LAST_YEAR.search(question.text)):
        # the papers' own "now" is their latest meeting, not today's date
        year = latest.year - (1 if _LAST_YEAR.search(question.text) else 0)
        keep = [d is not None and d.year == year for d in days]
    elif question.committees:
        keep = [True] * len(records)
    else:
        return None
    return [r for r, k in zip(records, keep, strict=True) if k]


def period_answer(
    question: Question, *, index, filters: Filters | None = None
) -> tuple[list[tuple[Hit, str]], float, str | None] | None:
    """Every record of the named period's meetings, newest meeting first and in paper order
    within it (one per chain), with a count of the rest, scored by how much of the question
    is only its period and body; None when it names no period or body, or nothing is on
    record for it."""
    if question.qtype not in (QType.DECISION, QType.ACTION) or question.followup:
        return None
    if not hasattr(index, "records"):
        return None
    f = filters or Filters()
    # the days the question names bound the query: a body's every record is thousands of rows
    since, until = period(question)
    records = query_register(
        index,
        committee=committees_asked(question, filters),
        since=max((d for d in (f.since, since) if d), default=None),
        until=min((d for d in (f.until, until) if d), default=None),
        kind=DECISION_KINDS + ACTION_KINDS + ("motion",),
    )
    # a motion is a decision once minuted as carried or resolved; one lost or withdrawn is not
    carried = [r for r in records if r["kind"] == "motion" and _decided(r)]
    kept = {id(r) for r in wanted_records(question, records)}
    if question.qtype is QType.DECISION:
        kept |= {id(r) for r in carried}
    records = _in_period(question, [r for r in records if id(r) in kept])
    if not records:
        return None
    if question.qtype is QType.DECISION and any(r["kind"] in DECIDED for r in records):
        records = [r for r in records if r["kind"] in DECIDED]  # what was decided
    records = _ordered(question, index, records)
    found = capped_list(index, records, filters, MAX_LISTED, "in all", "/decisions")
    if found is None:
        return None
    # How much of the question is its period and body rather than a subject of its own: the
    # ranker weighs the meeting's whole list against answers about that subject by it.
    return found[0], _topic_free(question), found[2]


# The kinds of record that are what a meeting decided: its resolutions, the motions carried and
# what its minutes say it agreed
DECIDED = ("resolution", "motion", "agreement")


def _decided(record: dict) -> bool:
    return (record.get("status") or "").startswith(("carried", "resolved"))


def _wording(text: str) -> frozenset[str]:
    """A record's words less its names, dates and figures: the words written in lower case
    ("Proposed by Councillor Foley ... the draft Minutes, as circulated, be taken as read" and
    the same by Councillor Galvin are one wording)."""
    return words(" ".join(w for w in re.findall(r"[\w'’-]+", text) if w[:1].islower()))


# (index, generation) and its records' wordings counted: one index is served at a time, and
# the pair is replaced whole, so a thread never reads one index's key with another's counts
_WORDINGS: tuple[tuple[str, int], Counter] | None = None


def _wordings(index) -> Counter:
    """How many records of the register have each wording, counted once per index generation."""
    global _WORDINGS
    if not hasattr(index, "records_connection") or not hasattr(index, "generation"):
        return Counter()
    key = (str(getattr(index, "path", id(index))), index.generation())
    cached = _WORDINGS
    if cached is None or cached[0] != key:
        rows = index.records_connection().execute("SELECT text FROM records").fetchall()
        cached = (key, Counter(_wording(text or "") for (text,) in rows))
        _WORDINGS = cached
    return cached[1]


def _ordered(question: Question, index, records: list[dict]) -> list[dict]:
    """The period's records meeting by meeting: the meetings whose records share most of the
    question's own subject first ("the special meeting on the incineration licence in October
    2019" among that month's meetings), else newest first as they came; within a meeting, the
    records whose wording the register holds least often first (the minutes adopted and the next
    meeting's date, minuted at meeting after meeting, after what only this meeting decided), in
    paper order among equals."""
    meetings: dict[tuple, list[dict]] = {}
    for r in records:
        meetings.setdefault((r.get("committee"), r.get("meeting_date")), []).append(r)
    topic = topic_of(question, _PERIOD_WORDS)
    asked = frozenset(topic.split()) if topic else frozenset()

    def shared(rs: list[dict]) -> int:
        return len(
            asked & frozenset().union(*(words(f"{r.get('item') or ''} {r['text']}") for r in rs))
        )

    order = sorted(meetings.values(), key=lambda rs: -shared(rs))  # stable: newest first
    common = _wordings(index)
    return [r for rs in order for r in sorted(rs, key=lambda r: common.get(_wording(r["text"]), 0))]


def _topic_free(question: Question) -> float:
    """The share of the question's words (question words aside) that name its period or body."""
    asked = words(question.text) - QUESTION_WORDS
    topic = topic_of(question, _PERIOD_WORDS)
    return 1.0 - len(topic.split()) / len(asked) if topic and asked else 1.0
