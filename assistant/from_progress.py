"""Answering from the register's state: "which actions are still open?", "what happened to it?"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.from_register import ACTION_KINDS, DECISION_KINDS, verified_quotes
from assistant.question import Question
from assistant.register import query_register
from assistant.register.linking import words
from assistant.register.query import QUESTION_WORDS, as_date, newest_first
from index.types import Filters, Hit

MAX_OPEN = 10  # open records quoted; the rest are counted and left to the Decisions page
ON_TOPIC = 0.75  # with a topic, open records within this share of the best match are listed
MATCH = 0.45  # register topic score a record needs to be the one "what happened to X" means
CLOSE = 0.8  # other records within this share of the best are asked about too ("Safe Haven(s)")
MAX_MATCHED = 3
NO_RESPONSE = "The papers indexed record no response to it yet."

_OPEN = re.compile(
    r"\b(?:still open|open|outstanding|pending|overdue|unresolved|awaiting|in progress|"
    r"not (?:yet )?(?:done|completed?|implemented|answered|responded))\b",
    re.I,
)
_LISTED = re.compile(
    r"\b(?:actions?|recommendations?|commitments?|promises?|next steps?|"
    r"(?:things|items) (?:to do|on the tracker))\b",
    re.I,
)
_RECOMMENDATIONS = re.compile(r"\brecommendations?\b", re.I)
_PROGRESS = re.compile(
    r"\b(?:what (?:has |have )?(?:happened|become) (?:to|of|with)|what became of|"
    r"progress (?:on|of|with|against)|(?:any )?update on|respon(?:se|ded) to|"
    r"(?:was|were|has|have) (?:it|they|this|that|the)\b.{0,80}\b"
    r"(?:implemented|done|completed|acted on|taken forward|followed up))",
    re.I,
)
_COMMITMENT = re.compile(
    r"\b(?:recommend\w*|actions?|resolution|resolved|decision|decided|agreed|commitments?|"
    r"promise[sd]?|next steps?)\b",
    re.I,
)
# what "open" questions say besides their topic
_OPEN_WORDS = words(
    "still open outstanding pending overdue unresolved awaiting progress yet done completed "
    "complete implemented answered responded response responses reply replied list show them it "
    "all every owns owned who whom "
    "things to do tracker"
)
OPEN_KINDS = DECISION_KINDS + ACTION_KINDS


def asks_open(question: Question) -> bool:
    """ "Which actions are still open?", "list the outstanding recommendations"."""
    return bool(_OPEN.search(question.text) and _LISTED.search(question.text))


def asks_progress(question: Question) -> bool:
    """ "What happened to our Safe Havens recommendation?", "was it implemented?"."""
    return bool(_PROGRESS.search(question.text) and _COMMITMENT.search(question.text))


def _listed(question: Question, record: dict) -> bool:
    """Recommendations when it asks for those; else actions, next steps and tracker rows (a
    report's "Council is asked to note the report" is no one's action)."""
    if _RECOMMENDATIONS.search(question.text):
        return record["kind"] == "recommendation"
    return record.get("source_kind") == "tracker" or record["kind"] in ("action", "next-step")


def topic_of(question: Question, scaffold: frozenset[str]) -> str | None:
    """The question's own subject: its words less question words, the committees it names and
    the `scaffold` every question of its kind has ("still open", "this year")."""
    left = words(question.text) - QUESTION_WORDS - scaffold
    left -= words(" ".join(question.committees))
    return " ".join(sorted(left)) or None


def committees_asked(question: Question, filters: Filters | None) -> tuple[str, ...] | None:
    """The committees the filters or, failing them, the question name (None: any)."""
    f = filters or Filters()
    return tuple(f.committees or question.committees) or None


def register_quotes(
    index, records: Sequence[dict], filters: Filters | None
) -> list[tuple[Hit, str]]:
    """Each record as an exact quote of its stored chunk, after its lead-in, once each."""
    return [(q.hit, q.quote) for q in verified_quotes(index, records, filters)]


def open_answer(
    question: Question, *, index, filters: Filters | None = None
) -> tuple[list[tuple[Hit, str]], float, str | None] | None:
    """The open records the question asks for, newest first, one per chain, with a note of how
    many more there are; None when it does not ask for open records or none are open."""
    if not asks_open(question) or not hasattr(index, "records"):
        return None
    f = filters or Filters()
    topic = topic_of(question, _OPEN_WORDS)
    records = query_register(
        index,
        topic=topic,
        committee=committees_asked(question, filters),
        since=f.since,
        until=f.until,
        kind=OPEN_KINDS,
        open_only=True,
    )
    records = [
        r
        for r in records
        if _listed(question, r) and question.on_dates(as_date(r.get("meeting_date")))
    ]
    if topic and records:
        best = float(records[0].get("score") or 0)
        records = [r for r in records if float(r.get("score") or 0) >= ON_TOPIC * best]
    # the newest of a chain holds the owner and the progress-check date
    ordered = sorted(records, key=newest_first) if topic is None else records
    return capped_list(index, ordered, filters, MAX_OPEN, "open in all", "/decisions?open=1")


# The words a listed answer's quotes may reach: a list is cut short, with a count of the rest
# and the Decisions page that shows them all, rather than run past the length an answer is
# held to (a 90th percentile of 200 words).
LIST_WORDS = 150


def capped_list(
    index, records: Sequence[dict], filters: Filters | None, cap: int, counted: str, page: str
) -> tuple[list[tuple[Hit, str]], float, str | None] | None:
    """The first `cap` commitments (one per chain) as quotes, within LIST_WORDS words (the
    first always), with a note of how many there are in all when that is more, pointing to the
    Decisions page that lists them."""
    shown = one_per_chain(records)
    quotes = register_quotes(index, shown[:cap], filters)
    if not quotes:
        return None
    words, cut = 0, False
    for n, (_, quote) in enumerate(quotes):
        words += len(quote.split())
        if n and words > LIST_WORDS:
            quotes, cut = quotes[:n], True
            break
    note = None
    if cut or len(shown) > cap:
        note = f"{len(shown)} {counted}; the Decisions page lists every one ({page})."
    return quotes, 1.0, note


def one_per_chain(records: Sequence[dict]) -> list[dict]:
    """The records in order, leaving out any linked to one already kept: a recommendation and
    its tracker row are one commitment."""
    kept: list[dict] = []
    covered: set[int] = set()
    for r in records:
        if r["record_id"] not in covered:
            covered |= {r["record_id"], *(c["record_id"] for c in r.get("chain", []))}
            kept.append(r)
    return kept


def _parts_of(chosen: list[dict], index) -> dict[int, list[dict]]:
    """The other parts of each chosen record's list ("(2) recommends ... (3) closes ..." beside
    "(1) notes the progress made on fly-tipping"): what became of it is the whole resolution.
    Read from the chosen records' own papers only."""
    papers: dict[str, list[dict]] = {}
    out: dict[int, list[dict]] = {}
    for r in chosen:
        if not r.get("lead_in"):
            continue
        if r["paper_id"] not in papers:
            papers[r["paper_id"]] = index.records(r["paper_id"])
        key = (r.get("item"), r.get("meeting_date"), r["lead_in"])
        out[r["record_id"]] = [
            o
            for o in papers[r["paper_id"]]
            if o["record_id"] != r["record_id"]
            and o["kind"] in OPEN_KINDS
            and (o.get("item"), o.get("meeting_date"), o.get("lead_in")) == key
        ]
    return out


def progress_answer(
    question: Question, *, index, filters: Filters | None = None
) -> tuple[list[tuple[Hit, str]], float, str | None] | None:
    """The record the question names and what later papers say of it (its chain), newest
    first, with a note when nothing answers it; None when it does not ask what became of a
    commitment or no record matches."""
    if not asks_progress(question) or not hasattr(index, "records"):
        return None
    f = filters or Filters()
    ranked = query_register(
        index,
        topic=question.text,
        committee=committees_asked(question, filters),
        since=f.since,
        until=f.until,
        kind=OPEN_KINDS,
    )
    if not ranked or float(ranked[0].get("score") or 0) < MATCH:
        return None
    best = float(ranked[0]["score"])
    chosen = [r for r in ranked if float(r.get("score") or 0) >= CLOSE * best][:MAX_MATCHED]
    records: list[dict] = []
    ids: set[int] = set()
    siblings = _parts_of(chosen, index)
    for r in chosen:
        # newest paper first; one paper's records in reading order, a list's parts in turn
        linked = [r, *siblings.get(r["record_id"], []), *r.get("chain", [])]
        for each in sorted(linked, key=lambda e: (*newest_first(e)[:2], e["record_id"])):
            if each["record_id"] not in ids:
                ids.add(each["record_id"])
                records.append(each)
    quotes = register_quotes(index, records, filters)
    if not quotes:
        return None
    # a tracker row's response, or a resolution that decided it, says what became of it
    asked = {r["record_id"] for r in chosen}
    answered = any(
        r.get("status") or (r["kind"] == "resolution" and r["record_id"] not in asked)
        for r in records
    )
    note = None if answered else NO_RESPONSE
    return quotes, best, note
