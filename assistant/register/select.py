"""The register's reads in SQL: which records pass the filters, how often a topic's words occur
among them, and each record with its chain. Only the records a query needs are read."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from assistant.register.fields import as_date
from assistant.register.motion_records import MOTION_KINDS

_IN = "IN (SELECT value FROM json_each(?))"
_ORDER = "ORDER BY r.meeting_day IS NULL, r.meeting_day DESC, r.paper_id, r.record_id"

# Whether any record of r's chain (as `c`) meets a condition.
_IN_CHAIN = (
    "EXISTS (SELECT 1 FROM record_links l JOIN records c ON c.record_id = l.b "
    "WHERE l.a = r.record_id AND ({}))"
)
# `query.record_is_open` in SQL: not a motion, not closed, and a due date after the latest
# meeting (its own or its chain's), or, unless a resolution, nothing answering it yet.
_OPEN = (
    f"coalesce(r.kind, '') NOT IN ({', '.join(repr(k) for k in MOTION_KINDS)}) "
    "AND NOT r.closed AND ("
    f"(r.due_day > :latest OR {_IN_CHAIN.format('c.due_day > :latest')}) "
    "OR (coalesce(r.kind, '') != 'resolution' AND NOT r.answered "
    "AND NOT " + _IN_CHAIN.format("c.answered OR c.kind = 'resolution'") + "))"
)


class Where:
    """The filters of a register query as a WHERE clause over `records r` (copies left out)."""

    def __init__(
        self,
        *,
        committees: Iterable[str] = (),
        since: date | None = None,
        until: date | None = None,
        kinds: Iterable[str] = (),
        open_after: date | None | bool = False,
    ) -> None:
        clauses = ["r.copy = 0"]
        params: dict = {}
        if committees:
            # a body's canonical name or its own ("Cabinet"), lower-cased as `table.columns` does
            params["committees"] = json.dumps(sorted(committees))
            clauses.append(
                "(r.committee_key IN (SELECT value FROM json_each(:committees)) "
                "OR r.committee_own IN (SELECT value FROM json_each(:committees)))"
            )
        if since:
            clauses.append("r.meeting_day >= :since")
            params["since"] = since.isoformat()
        if until:
            clauses.append("r.meeting_day <= :until")
            params["until"] = until.isoformat()
        if kinds:
            clauses.append("r.kind IN (SELECT value FROM json_each(:kinds))")
            params["kinds"] = json.dumps(sorted(kinds))
        if open_after is not False:
            clauses.append(_OPEN)
            params["latest"] = open_after.isoformat() if open_after else None
        self.sql = " AND ".join(clauses)
        self.params = params


def latest(conn: sqlite3.Connection) -> date | None:
    """The latest meeting the papers or their records name: the papers' own "now"."""
    row = conn.execute(
        "SELECT max(d) FROM (SELECT max(meeting_day) AS d FROM records "
        "UNION ALL SELECT max(paper_day) FROM records "
        "UNION ALL SELECT max(meeting_date) FROM papers)"
    ).fetchone()
    return as_date(row[0])


def ids(
    conn: sqlite3.Connection,
    where: Where,
    *,
    words: Iterable[str] = (),
    papers: Iterable[str] = (),
) -> list[int]:
    """The records passing the filters, newest meeting first and in paper order within it; only
    those whose topic words hold any of `words`, or of `papers`, when given."""
    sql = f"SELECT r.record_id FROM records r WHERE {where.sql}"
    params = dict(where.params)
    words = sorted(words)
    if words:
        sql += " AND r.record_id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH :match)"
        params["match"] = _match(words)
    papers = sorted(papers)
    if papers:
        sql += " AND r.paper_id IN (SELECT value FROM json_each(:papers))"
        params["papers"] = json.dumps(papers)
    return [rid for (rid,) in conn.execute(f"{sql} {_ORDER}", params)]


def sizes(conn: sqlite3.Connection, where: Where) -> tuple[int, int]:
    """How many records pass the filters, and how many topic words they hold in all."""
    row = conn.execute(
        f"SELECT count(*), coalesce(sum(r.n_topic), 0) FROM records r WHERE {where.sql}",
        where.params,
    ).fetchone()
    return row[0], row[1]


def frequency(conn: sqlite3.Connection, where: Where, word: str) -> int:
    """How many records passing the filters hold `word` among their topic words."""
    sql = (
        f"SELECT count(*) FROM records r WHERE {where.sql} AND r.record_id IN "
        "(SELECT rowid FROM records_fts WHERE records_fts MATCH :match)"
    )
    return conn.execute(sql, {**where.params, "match": _match([word])}).fetchone()[0]


def _match(words: Sequence[str]) -> str:
    # the words are the register's own (no quotes in them): each is matched whole
    return "topic_words : (" + " OR ".join(f'"{w}"' for w in words) + ")"


def records(conn: sqlite3.Connection, wanted: Iterable[int]) -> dict[int, dict]:
    """Records by id, as `Index.records()` gives them."""
    rows = conn.execute(
        f"SELECT record_id, paper_id, chunk_id, data FROM records WHERE record_id {_IN}",
        (json.dumps(sorted(set(wanted))),),
    )
    return {
        rid: {**json.loads(data), "record_id": rid, "paper_id": pid, "chunk_id": cid}
        for rid, pid, cid, data in rows
    }


def chains(conn: sqlite3.Connection, wanted: Iterable[int]) -> dict[int, list[int]]:
    """The ids each record is linked to (its chain), lowest first."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = conn.execute(
        f"SELECT a, b FROM record_links WHERE a {_IN} ORDER BY a, b",
        (json.dumps(sorted(set(wanted))),),
    )
    for a, b in rows:
        found[a].append(b)
    return found


def topic_words(
    conn: sqlite3.Connection, wanted: Iterable[int]
) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
    """Each record's topic words, and those of them only its item title holds."""
    rows = conn.execute(
        f"SELECT record_id, topic_words, title_words FROM records WHERE record_id {_IN}",
        (json.dumps(sorted(set(wanted))),),
    )
    return {rid: (frozenset(t.split()), frozenset(i.split())) for rid, t, i in rows}
