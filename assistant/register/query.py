"""Querying the register: filters, --open, topic ranking, chains, and the stable JSON/CSV shapes."""

from __future__ import annotations

import contextlib
import math
from datetime import date

import numpy as np

from assistant.register.fields import CLOSED_STATUS, OPEN_STATUS, due_date
from assistant.register.linking import link_groups, words
from assistant.register.motion_records import MOTION_KINDS
from assistant.types import paper_url

# The stable `decisions --json` fields, in order; the CSV has the same columns plus `chain`.
FIELDS = (
    "record_id",
    "kind",
    "number",
    "text",
    "committee",
    "meeting_date",
    "item",
    "owner",
    "due",
    "status",
    "paper_id",
    "chunk_id",
    "page",
)
KINDS = ("recommendation", "resolution", "action", "next-step", *MOTION_KINDS)
# A record whose item and text are this close to the topic in meaning counts as on the topic.
TOPIC_SIMILARITY = 0.45
# ... or holds this share of the topic's words, weighted by rarity ("safe havens": either will do).
TOPIC_WORDS = 0.34
# Words of a question that say nothing about its topic.
QUESTION_WORDS = words(
    "what which who whom whose when where why how did does do done we us our they their was were "
    "has have had being about any there this these those happen happened become became decide "
    "decided said say asked ask tell told meeting meetings item items owns own owner on the hook "
    "promise promised get getting go going put sign off resolve recommend decision decisions "
    "agreement recommendations actions action next steps step check checked progress responsible "
    "stance take took position view"
)


def query_register(
    index,
    *,
    topic: str | None = None,
    committee: str | tuple[str, ...] | None = None,
    since: date | None = None,
    until: date | None = None,
    kind: str | tuple[str, ...] | None = None,
    open_only: bool = False,
    embedder=None,
    whole_items: bool = False,
) -> list[dict]:
    """Register records with their chains, filtered; newest meeting first, in paper order within it.

    With a topic, only records whose item or text share its words (or, given an embedder, are
    close in meaning) are kept, best first. `whole_items` then returns every record of each
    matching item, in the paper's order (all of "RESOLVED that Cabinet agree to: (a) ... (f)").
    """
    records, chains = _linked_records(index)
    by_id = {r["record_id"]: r for r in records}
    latest = _latest_meeting(index, records)
    committees = {c.lower() for c in _tuple(committee)}
    kinds = set(_tuple(kind))
    out: list[dict] = []
    for record in _without_copies(records, chains):
        chain = sorted((by_id[c] for c in chains[record["record_id"]]), key=newest_first)
        if committees and not committees & _names(record.get("committee")):
            continue
        day = as_date(record.get("meeting_date"))
        if (since and (day is None or day < since)) or (until and (day is None or day > until)):
            continue
        if kinds and record["kind"] not in kinds:
            continue
        is_open = record_is_open(record, chain, latest)
        if open_only and not is_open:
            continue
        out.append(
            {
                **record,
                "open": is_open,
                "url": _url(record),
                "chain": [{**_plain(c), "url": _url(c)} for c in chain],
            }
        )
    out.sort(key=lambda r: (-_ordinal(r.get("meeting_date")), r["paper_id"], r["record_id"]))
    if topic:
        ranked = _on_topic(out, topic, embedder)
        out = _whole_items(ranked, out) if whole_items else ranked
    return out


# Linking every record is the slow part of a query; the web page asks again and again, so the
# last index state's links are kept (the store's generation changes with every write).
_LINKED: dict[tuple, tuple[list[dict], dict[int, list[int]]]] = {}


def _linked_records(index) -> tuple[list[dict], dict[int, list[int]]]:
    key = None
    with contextlib.suppress(AttributeError):  # stand-in indexes have no path or generation
        key = (str(index.path), index.generation())
    if key is not None and key in _LINKED:
        return _LINKED[key]
    records = index.records()
    found = (records, link_groups(records))
    if key is not None:
        _LINKED.clear()
        _LINKED[key] = found
    return found


def record_is_open(record: dict, chain: list[dict], latest: date | None) -> bool:
    """No response or decision yet (in it or its chain), or a due date after the latest meeting.

    A resolution is a decision taken, so only a stated date still to come keeps it open; a
    motion or amendment is decided (or dropped) when minuted, so it is never open.
    """
    if record["kind"] in MOTION_KINDS:
        return False
    if CLOSED_STATUS.match(record.get("status") or ""):
        return False  # an action log's "Closed" or "Complete" settles it, whatever its due date
    seen = [record, *chain]
    dues = [due_date(r.get("due"), as_date(r.get("meeting_date"))) for r in seen]
    ahead = latest is not None and any(d and d > latest for d in dues)
    if record["kind"] == "resolution":
        return ahead
    # a tracker response answers it, and so does a resolution that decided it
    answered = any(r.get("status") and not OPEN_STATUS.match(r["status"]) for r in seen) or any(
        c["kind"] == "resolution" for c in chain
    )
    return ahead or not answered


def to_json(record: dict) -> dict:
    """The stable `--json` shape of a record, its chain in the same shape without chains."""
    out = _fields(record)
    out["chain"] = [_fields(c) for c in record.get("chain", [])]
    return out


def full_text(record: dict) -> str:
    """A record's words in full: its text, then what the next page or chunk holds of it (a
    motion's wording after "seconded the motion that", a tracker cell a page break split)."""
    more = record.get("continuation")
    return f"{record['text']} {more}" if more else record["text"]


def _fields(record: dict) -> dict:
    return {k: full_text(record) if k == "text" else record.get(k) for k in FIELDS}


def csv_row(record: dict) -> list:
    """One CSV row: the JSON fields, then the chain as "record_id kind meeting_date" entries."""
    chain = "; ".join(
        f"{c['record_id']} {c['kind']} {c.get('meeting_date') or ''}".strip()
        for c in record.get("chain", [])
    )
    cells = list(_fields(record).values())
    # spreadsheets want one line per cell: the words stay, PDF line breaks go
    return [safe_cell(" ".join(v.split())) if isinstance(v, str) else v for v in cells] + [
        safe_cell(chain)
    ]


# What a spreadsheet reads as a formula at the start of a cell (OWASP's list for CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula ("=HYPERLINK(...)",
    "-£2.4m", "@SUM") gets a leading apostrophe, which spreadsheets hide and never evaluate."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _on_topic(records: list[dict], topic: str, embedder) -> list[dict]:
    wanted = words(topic) - QUESTION_WORDS
    texts = [f"{r.get('item') or ''}. {r.get('lead_in') or ''} {r['text']}" for r in records]
    bags = [words(t) for t in texts]
    own = [words(f"{r.get('lead_in') or ''} {r['text']}") for r in records]
    # rarer words weigh more: "safe havens" over "update"
    weight = {w: math.log((1 + len(bags)) / (1 + sum(w in b for b in bags))) + 1 for w in wanted}
    total = sum(weight.values()) or 1.0
    # a word only in the item title counts less: the record itself should be about the topic
    lexical = [
        sum(weight[w] * (1.0 if w in mine else 0.75) for w in wanted & bag) / total
        for bag, mine in zip(bags, own, strict=True)
    ]
    # long passages match many words by chance: damp them, as BM25 does
    mean = sum(len(b) for b in bags) / (len(bags) or 1) or 1.0
    ranked = [lex / (0.75 + 0.25 * len(bag) / mean) for lex, bag in zip(lexical, bags, strict=True)]
    dense = [0.0] * len(records)
    if embedder is not None and records:
        query = np.asarray(embedder.embed_query(topic), dtype=np.float32)
        dense = list(np.asarray(embedder.embed(texts), dtype=np.float32) @ query)
    scored = [
        (rank + float(sim), r)
        for r, lex, rank, sim in zip(records, lexical, ranked, dense, strict=True)
        if lex >= TOPIC_WORDS or sim >= TOPIC_SIMILARITY
    ]
    scored.sort(key=lambda x: -x[0])
    return [{**r, "score": round(s, 4)} for s, r in scored]


def _whole_items(ranked: list[dict], every: list[dict]) -> list[dict]:
    """The items of the ranked records, best first, each with all its records in paper order."""

    def key(r: dict) -> tuple:
        return (r["paper_id"], r.get("item") or r.get("document"), r.get("meeting_date"))

    members: dict[tuple, list[dict]] = {}
    for r in every:
        members.setdefault(key(r), []).append(r)
    out: list[dict] = []
    seen: set[tuple] = set()
    for r in ranked:
        if key(r) not in seen:
            seen.add(key(r))
            group = sorted(members[key(r)], key=lambda m: m["record_id"])
            out += [{**m, "score": r["score"]} for m in group]
    return out


def _without_copies(records: list[dict], chains: dict[int, list[int]]) -> list[dict]:
    """Drop a record that repeats an earlier one word for word (the same minutes filed twice)."""
    by_id = {r["record_id"]: r for r in records}
    kept: list[dict] = []
    dropped: set[int] = set()
    for record in records:
        rid = record["record_id"]
        if rid in dropped:
            continue
        kept.append(record)
        for other in chains[rid]:
            if other > rid and _same(record, by_id[other]):
                dropped.add(other)
    return kept


def _same(a: dict, b: dict) -> bool:
    def norm(r: dict) -> tuple:
        return (r["kind"], r.get("number"), r.get("meeting_date"), " ".join(r["text"].split()))

    return norm(a) == norm(b)


def _url(record: dict) -> str | None:
    """Where the viewer shows the record's source passage."""
    if record.get("chunk_id") is None:
        return None
    return paper_url(record["paper_id"], record["chunk_id"], record.get("page"))


def _plain(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "chain"}


def newest_first(record: dict) -> tuple:
    """Sort key: the latest paper first, a tracker row before other records of its day."""
    seen = record.get("paper_date") or record.get("meeting_date")
    return (-_ordinal(seen), record.get("source_kind") != "tracker", -record["record_id"])


def _latest_meeting(index, records: list[dict]) -> date | None:
    days = [as_date(r.get("meeting_date")) for r in records] + [
        as_date(r.get("paper_date")) for r in records
    ]
    with contextlib.suppress(AttributeError):  # stand-in indexes without papers()
        days += [p.meeting_date for p in index.papers()]
    days = [d for d in days if d]
    return max(days) if days else None


def as_date(value) -> date | None:
    """A record's ISO date field (or a date) as a date; None when missing or unreadable."""
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _ordinal(value) -> int:
    day = as_date(value)
    return day.toordinal() if day else 0


def _tuple(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _names(committee: str | None) -> set[str]:
    """The names a record's body answers to: its canonical name and its own ("Cabinet")."""
    name = (committee or "").lower()
    return {name, name.split(": ", 1)[-1]}
