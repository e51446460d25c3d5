"""Answering "what was recommended, decided or promised" from the decisions register."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.question import QType, Question, stem, tokens
from assistant.register import query_register
from assistant.register.query import as_date
from assistant.sentences import normalise
from index.types import Filters, Hit

# A matched item is taken on its register score alone at STRONG; between WEAK and STRONG only
# when a top retrieved passage is from the same item (two independent rankings agree).
STRONG = 0.9
WEAK = 0.45
AGREE = 5  # top retrieved passages the item should be among
GROUPS = 3  # best matching items looked at, in rank order, for one that fits the question's date
MAX_RECORDS = 10  # quotes from one item
CLOSE = 0.85  # a minutes item this close to a report's on the question is the one meant
_ABOUT_REPORT = re.compile(r"\b(?:report|paper|officers?)\b", re.I)

DECISION_KINDS = ("recommendation", "resolution", "agreement")
ACTION_KINDS = ("action", "next-step")
_RECOMMEND = re.compile(r"\b(recommend\w*|advi[sc]\w*)\b", re.I)


@dataclass(frozen=True)
class RegisterQuote:
    """One record of the matched item: the chunk it stands in and its exact quote."""

    hit: Hit
    quote: str
    record: dict


def _wanted(question: Question, record: dict) -> bool:
    """Recommendations and resolutions for decision questions; actions and tracker rows else."""
    tracker = record.get("source_kind") == "tracker"
    if question.qtype is QType.DECISION:
        return not tracker and record["kind"] in DECISION_KINDS
    return tracker or record["kind"] in ACTION_KINDS


def _groups(records: list[dict]) -> list[list[dict]]:
    """Consecutive records of one item (query_register's whole_items keeps them together)."""
    out: list[list[dict]] = []
    for r in records:
        key = (r["paper_id"], r.get("item") or r.get("document"), r.get("meeting_date"))
        if out and out[-1][0]["_key"] == key:
            out[-1].append({**r, "_key": key})
        else:
            out.append([{**r, "_key": key}])
    return out


def record_quote(record: dict, hit: Hit) -> str | None:
    """The record's text as it stands in its chunk; a tracker row's whole line (owner, due)."""
    text = record["text"]
    at = hit.text.find(text)
    if not text.strip() or at < 0:
        return None
    if record.get("source_kind") != "tracker":
        return text
    start = hit.text.rfind("\n", 0, at) + 1
    end = hit.text.find("\n", at + len(text))
    return hit.text[start : end if end >= 0 else len(hit.text)].strip() or text


def allowed(hit: Hit, filters: Filters | None) -> bool:
    """The chunk passes the filters the register itself does not apply (kinds, papers)."""
    if filters is None:
        return True
    if filters.kinds and hit.kind not in filters.kinds:
        return False
    return not filters.paper_ids or hit.paper_id in filters.paper_ids


def wanted_records(question: Question, records: Sequence[dict]) -> list[dict]:
    """The records a decision or action question asks for, in their order: recommendations and
    resolutions, or actions and tracker rows; only the recommendations, when it asks what was
    recommended and there are any."""
    wanted = [r for r in records if _wanted(question, r)]
    if question.qtype is QType.DECISION and _RECOMMEND.search(question.text):
        # a recommendation resolved as one part of a resolution ("RESOLVED: That the Committee
        # (1) notes ... (2) recommends ... (3) closes ...") keeps the resolution's other parts:
        # the resolution is what was decided, the recommendation one clause of it
        parts = {
            _resolution(r) for r in wanted if r["kind"] == "recommendation" and r.get("lead_in")
        }
        wanted = [
            r for r in wanted if r["kind"] == "recommendation" or _resolution(r) in parts
        ] or wanted
    return wanted


def _resolution(record: dict) -> tuple:
    """The resolution a record is one part of: its paper, item and the words that lead into it."""
    return record.get("paper_id"), record.get("item"), record.get("lead_in")


def _quotes(index, question: Question, group: list[dict], filters: Filters | None):
    """The wanted records of an item in paper order, each verified against its chunk."""
    return verified_quotes(index, wanted_records(question, group)[:MAX_RECORDS], filters)


def verified_quotes(index, records: Sequence[dict], filters: Filters | None) -> list[RegisterQuote]:
    """Each record as an exact quote of its stored chunk (a tracker row whole), once each, after
    the words that introduce it ("RESOLVED that Cabinet agree to:") where its page has them."""
    out: list[RegisterQuote] = []
    seen: set[str] = set()
    for r in records:
        hit = index.chunk(r["chunk_id"]) if r.get("chunk_id") is not None else None
        if hit is None or not allowed(hit, filters):
            continue
        quote = record_quote(r, hit)
        if not quote or normalise(quote) in seen:
            continue
        lead = _lead_quote(r, hit, quote)
        if lead and normalise(lead) not in seen:
            seen.add(normalise(lead))
            out.append(RegisterQuote(hit, lead, r))
        wording = _wording_quote(index, r, hit, quote)
        new = wording is not None and normalise(wording[1]) not in seen
        if new and wording[0]:
            out.append(RegisterQuote(wording[2], wording[1], r))  # a notice of motion before it
        seen.add(normalise(quote))
        out.append(RegisterQuote(hit, quote, r))
        if new and not wording[0]:
            out.append(RegisterQuote(wording[2], wording[1], r))  # its words, on the next page
        if wording is not None:
            seen.add(normalise(wording[1]))
    return out


def _wording_quote(index, record: dict, hit: Hit, quote: str) -> tuple[bool, str, Hit] | None:
    """A motion's wording minuted apart from the sentence that moved it, as an exact quote:
    (before the record's quote, the quote, its chunk). It stands earlier on the same page (a
    notice of motion, then the debate, then "The Motion was proposed by ...") or opens the next
    chunk (the page broke after "Seconded by ...;"); None when neither holds it."""
    if record["kind"] not in ("motion", "amendment") or not record.get("continuation"):
        return None
    said = record["continuation"].removesuffix(" …").split()
    at = hit.text.find(quote)
    before = _run_of(hit.text[:at], said) if at > 0 else None
    if before:
        return True, before, hit
    following = (
        index.chunk_at(hit.paper_id, hit.ordinal + 1) if hasattr(index, "chunk_at") else None
    )
    after = _run_of(following.text, said, opening=True) if following else None
    return (False, after, following) if after else None


# Words of a wording a quote must hold for it to be the wording: fewer match by chance
MIN_RUN = 4


def _run_of(text: str, said: list[str], *, opening: bool = False) -> str | None:
    """The first stretch of `text` whose words are `said`'s first words, in order, at least
    MIN_RUN of them (exact, as the page has it), and as many as match; with `opening`, only a
    stretch near the text's start (the top of a page
    may hold its running header first). Hand-written: the stored wording has its whitespace
    normalised, so a plain search of the page for it misses across line ends."""
    tokens_at = list(re.finditer(r"\S+", text))
    for n, m in enumerate(tokens_at):
        if opening and m.start() > 300:
            break
        if m.group() != said[0]:
            continue
        k = 0
        while n + k < len(tokens_at) and k < len(said) and tokens_at[n + k].group() == said[k]:
            k += 1
        if k >= min(MIN_RUN, len(said)):
            return text[m.start() : tokens_at[n + k - 1].end()]
    return None


def _lead_quote(record: dict, hit: Hit, quote: str) -> str | None:
    """The record's lead-in as it stands in the chunk before it; None for a motion (its lead-in
    is who moved it, not words of the paper) or when the page does not hold it."""
    lead = record.get("lead_in")
    if not lead or record["kind"] in ("motion", "amendment"):
        return None
    before = hit.text[: max(hit.text.find(quote), 0)]
    # a lead-in may end with the sub-heading its part stands under, printed further on
    for words in (lead, lead.rsplit(": ", 1)[0] + ":"):
        pattern = r"\s+".join(re.escape(w) for w in words.split())
        found = list(re.finditer(pattern, before))
        if found:
            return found[-1].group()
    return None


def _names_present(question: Question, quotes: Sequence[RegisterQuote]) -> bool:
    """Every proper name of the question appears in the item's title or source passages."""
    if not question.names:
        return True
    text = " ".join(
        f"{q.record.get('item') or ''} {q.hit.document} {q.hit.breadcrumb} {q.hit.text}"
        for q in quotes
    )
    found = {stem(t) for t in tokens(text)}
    return all(n in found for n in question.names)


def _agrees(quotes: Sequence[RegisterQuote], hits: Sequence[Hit]) -> bool:
    """A top retrieved passage is the item's: one of its chunks, its item, or holds a record."""
    # A tracker is one table of many items' rows: retrieving it says nothing about which row.
    quotes = [q for q in quotes if q.record.get("source_kind") != "tracker"]
    chunks = {q.hit.chunk_id for q in quotes}
    items = {(q.hit.paper_id, q.hit.item) for q in quotes if q.hit.item}
    texts = [normalise(q.record["text"]) for q in quotes]
    for h in hits[:AGREE]:
        if h.chunk_id in chunks or (h.paper_id, h.item) in items:
            return True
        # the same minutes filed twice: the register kept one copy, retrieval found the other
        body = normalise(h.text)
        if any(t in body for t in texts):
            return True
    return False


def _minutes_first(question: Question, groups: list[list[dict]]) -> list[list[dict]]:
    """A report's recommendations and the minutes of the meeting that took them can match a
    question alike; what a body recommended or decided is what its minutes record, unless the
    question asks about the report itself: the minutes' item goes first when its resolutions
    decided the report's recommendations, or when it matches nearly as well."""
    if _ABOUT_REPORT.search(question.text) or len(groups) < 2:
        return groups
    lead = groups[0][0]
    if lead.get("source_kind") != "report":
        return groups
    decided = {
        c["record_id"] for r in groups[0] for c in r.get("chain", []) if c["kind"] == "resolution"
    }
    top = float(lead.get("score") or 0.0)
    for n, group in enumerate(groups[1:], 1):
        first = group[0]
        minuted = first.get("source_kind") == "minutes"
        same_day = first.get("meeting_date") == lead.get("meeting_date")
        took_it = bool(decided & {r["record_id"] for r in group})
        close = float(first.get("score") or 0) >= CLOSE * top
        if minuted and same_day and (took_it or close):
            return [group, *groups[:n], *groups[n + 1 :]]
    return groups


def register_records(
    question: Question, *, index, filters: Filters | None = None
) -> list[dict] | None:
    """The register's decisions and actions on the question's words, whole items, best first
    (the same whichever of the two the question asks for); None for a follow-up or an index
    without a register."""
    if question.followup:
        return None
    if not hasattr(index, "records") or not hasattr(index, "chunk"):
        return None  # a stand-in index without a register
    f = filters or Filters()
    return query_register(
        index,
        topic=question.text,
        committee=f.committees or None,
        since=f.since,
        until=f.until,
        kind=DECISION_KINDS + ACTION_KINDS,  # motions are answered from the minutes' own record
        whole_items=True,
    )


def register_answer(
    question: Question,
    *,
    index,
    hits: Sequence[Hit],
    filters: Filters | None = None,
    records: list[dict] | None = None,
) -> tuple[list[RegisterQuote], float] | None:
    """All the records of the item a decision or action question is about, in order, with the
    match score; None when the register holds no confident match (free text answers then).
    `records`, when given, are the question's `register_records` (read once for both types)."""
    if question.qtype not in (QType.DECISION, QType.ACTION):
        return None
    if records is None:
        records = register_records(question, index=index, filters=filters)
        if records is None:
            return None
    f = filters or Filters()
    named = [] if f.committees else question.committees
    for group in _minutes_first(question, _groups(records)[:GROUPS]):
        score = float(group[0].get("score") or 0.0)
        if score < WEAK:
            break
        if not question.on_dates(as_date(group[0].get("meeting_date"))):
            continue
        if named and group[0].get("committee") not in named:
            continue  # "what did Cabinet decide": not another committee's resolution
        quotes = _quotes(index, question, group, filters)
        if not quotes or not _names_present(question, quotes):
            continue
        if score >= STRONG or _agrees(quotes, hits):
            return quotes, score
        return None  # the best fitting item is not sure enough: do not try weaker ones
    return None
