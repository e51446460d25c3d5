"""Querying the register: filters, --open, topic ranking, chains, and the stable JSON/CSV shapes."""

from __future__ import annotations

import math
from datetime import date

import numpy as np

from assistant.register import select
from assistant.register.fields import CLOSED_STATUS, OPEN_STATUS, as_date, due_date
from assistant.register.linking import words
from assistant.register.motion_records import MOTION_KINDS
from assistant.register.table import register_db
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
KINDS = ("recommendation", "resolution", "action", "next-step", *MOTION_KINDS, "agreement")
# A record whose item and text are this close to the topic in meaning counts as on the topic
# (of those holding a word of it: records_fts selects them).
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

    With a topic, only records whose item or text share its words are kept, best first (given an
    embedder, ranked by closeness in meaning too). `whole_items` then returns every record of each
    matching item, in the paper's order (all of "RESOLVED that Cabinet agree to: (a) ... (f)").
    A record repeating a linked earlier one word for word (the same minutes filed twice) is left
    out. The filters run in SQL, so only the records a query returns are read.
    """
    conn = register_db(index)
    latest = select.latest(conn)
    where = select.Where(
        committees={c.lower() for c in _tuple(committee)},
        since=since,
        until=until,
        kinds=set(_tuple(kind)),
        open_after=latest if open_only else False,
    )
    if not topic:
        return _rows(conn, select.ids(conn, where), latest)
    wanted = words(topic) - QUESTION_WORDS
    if not wanted:
        return []  # nothing of the topic to match (meaning alone ranks only word matches)
    # the words' weights and the mean length are of all the records passing the filters, as
    # if each were scored; only those holding a word of the topic can reach TOPIC_WORDS
    count, length = select.sizes(conn, where)
    freq = {w: select.frequency(conn, where, w) for w in wanted}
    found = select.ids(conn, where, words=wanted)
    scores = _on_topic(conn, found, topic, wanted, count, length, freq, embedder)
    rows = _rows(conn, [rid for _, rid in scores], latest)
    ranked = [{**r, "score": round(s, 4)} for (s, _), r in zip(scores, rows, strict=True)]
    if not whole_items:
        return ranked
    papers = {r["paper_id"] for r in ranked}
    every = _rows(conn, select.ids(conn, where, papers=papers), latest) if papers else []
    return _whole_items(ranked, every)


def _rows(conn, ids: list[int], latest: date | None) -> list[dict]:
    """Records in the order of `ids`, each with whether it is open, its url and its chain."""
    records = select.records(conn, ids)
    links = select.chains(conn, ids)
    records |= select.records(conn, {c for rid in ids for c in links[rid]} - records.keys())
    out = []
    for rid in ids:
        record = records[rid]
        chain = sorted((records[c] for c in links[rid]), key=newest_first)
        out.append(
            {
                **record,
                "open": record_is_open(record, chain, latest),
                "url": _url(record),
                "chain": [{**c, "url": _url(c)} for c in chain],
            }
        )
    return out


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


def _on_topic(
    conn,
    ids: list[int],
    topic: str,
    wanted: frozenset[str],
    count: int,
    length: int,
    freq: dict[str, int],
    embedder,
) -> list[tuple[float, int]]:
    """(score, record_id) of the records on the topic, best first, from those holding any of its
    words (`ids`, in the register's order): `count` records pass the filters, holding `length`
    topic words in all and `freq[w]` of them the word w."""
    bags = select.topic_words(conn, ids)
    # rarer words weigh more: "safe havens" over "update"
    weight = {w: math.log((1 + count) / (1 + freq[w])) + 1 for w in wanted}
    total = sum(weight.values()) or 1.0
    # a word only in the item title counts less: the record itself should be about the topic
    lexical = [
        sum(weight[w] * (0.75 if w in title else 1.0) for w in wanted & bag) / total
        for bag, title in (bags[rid] for rid in ids)
    ]
    # long passages match many words by chance: damp them, as BM25 does
    mean = length / (count or 1) or 1.0
    ranked = [
        lex / (0.75 + 0.25 * len(bags[rid][0]) / mean)
        for lex, rid in zip(lexical, ids, strict=True)
    ]
    dense = [0.0] * len(ids)
    if embedder is not None and ids:
        records = select.records(conn, ids)
        texts = [
            f"{r.get('item') or ''}. {r.get('lead_in') or ''} {r['text']}"
            for r in (records[rid] for rid in ids)
        ]
        query = np.asarray(embedder.embed_query(topic), dtype=np.float32)
        dense = list(np.asarray(embedder.embed(texts), dtype=np.float32) @ query)
    scored = [
        (rank + float(sim), rid)
        for rid, lex, rank, sim in zip(ids, lexical, ranked, dense, strict=True)
        if lex >= TOPIC_WORDS or sim >= TOPIC_SIMILARITY
    ]
    scored.sort(key=lambda x: -x[0])
    return scored


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


def _url(record: dict) -> str | None:
    """Where the viewer shows the record's source passage."""
    if record.get("chunk_id") is None:
        return None
    return paper_url(record["paper_id"], record["chunk_id"], record.get("page"))


def newest_first(record: dict) -> tuple:
    """Sort key: the latest paper first, a tracker row before other records of its day."""
    seen = record.get("paper_date") or record.get("meeting_date")
    return (-_ordinal(seen), record.get("source_kind") != "tracker", -record["record_id"])


def _ordinal(value) -> int:
    day = as_date(value)
    return day.toordinal() if day else 0


def _tuple(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)
