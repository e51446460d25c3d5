"""Chains kept up to date as papers come and go, equal to relinking every record at once.

`linking.link_groups` relinks all records; this module changes only what a write can change:

- A pair of records is linked by `linking.linked` on their own fields, once `linking.candidates`
  puts them forward, which counts shared words used by at most COMMON_WORD records. Adding or
  removing records changes the pairs of those records, and of the records holding a word whose
  count crosses COMMON_WORD (it stops, or starts, counting for them).
- A chain link is a mutual best match per document, so it changes only around a changed pair.
- A report's recommendation is decided by a resolution of its meeting (same `decide_key`).
- A copy is a record repeating a linked earlier one word for word (same `same_key`).

record_pairs keeps every accepted pair with its score, so the best matches are recomputed from
it; record_links keeps the chains ('match' and 'decided' links, both directions).
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable

from assistant.register import crossing, stored
from assistant.register.linking import (
    COMMON_WORD,
    best_by_document,
    candidates,
    decided_by,
    linked,
    overlap,
)


def added(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Link records just inserted (with their columns and words)."""
    ids = set(ids)
    counts = Counter(w for ws in stored.texts(conn, ids).values() for w in ws)
    df = stored.frequencies(conn, counts)
    common = [w for w, n in counts.items() if df[w] - n <= COMMON_WORD < df[w]]
    _update(conn, ids, df=df, now_common=common)


def removed(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Delete records and their links, then mend the chains they were in."""
    gone = set(ids)
    counts = Counter(w for ws in stored.texts(conn, gone).values() for w in ws)
    touched = {
        b
        for (b,) in conn.execute(
            f"SELECT b FROM record_pairs WHERE a {stored.IN}", stored.as_list(gone)
        )
    }
    touched |= {
        b
        for (b,) in conn.execute(
            f"SELECT b FROM record_links WHERE a {stored.IN}", stored.as_list(gone)
        )
    }
    keys = conn.execute(
        f"SELECT decide_key, same_key FROM records WHERE record_id {stored.IN}",
        stored.as_list(gone),
    ).fetchall()
    for table in ("record_pairs", "record_links"):
        conn.execute(f"DELETE FROM {table} WHERE a {stored.IN}", stored.as_list(gone))
        conn.execute(f"DELETE FROM {table} WHERE b {stored.IN}", stored.as_list(gone))
    conn.execute(f"DELETE FROM records WHERE record_id {stored.IN}", stored.as_list(gone))
    df = stored.frequencies(conn, counts)
    rare = [w for w, n in counts.items() if df[w] <= COMMON_WORD < df[w] + n]
    _update(
        conn,
        set(),
        touched=touched - gone,
        now_rare=rare,
        decide={k[0] for k in keys if k[0]},
        same={k[1] for k in keys},
    )


def _update(
    conn: sqlite3.Connection,
    new: set[int],
    *,
    df: Counter | None = None,
    touched: Iterable[int] = (),
    now_common: Iterable[str] = (),
    now_rare: Iterable[str] = (),
    decide: Iterable[str] = (),
    same: Iterable[str] = (),
) -> None:
    """Repair around `new` records and `touched` ones (whose partners were removed): pairs,
    then best matches, then decided links, then copies. A word that became common, or rare,
    changes which pairs of the records holding it are asked about."""
    around = set(touched)
    if new:
        found = _pairs(conn, new, df)
        conn.executemany(
            "INSERT INTO record_pairs VALUES (?, ?, ?)",
            [row for a, b, s in found for row in ((a, b, s), (b, a, s))],
        )
        around |= new | {a for a, _, _ in found} | {b for _, b, _ in found}
    if now_common:
        around |= crossing.uncounted(conn, now_common)
    if now_rare:
        around |= crossing.counted(conn, now_rare)
    changed = _relink_matches(conn, around)
    # a recommendation whose matches changed may now be decided by another resolution, or none
    decide = set(decide) | stored.column(conn, "decide_key", changed)
    changed |= _redecide(conn, {k for k in decide if k})
    _recopy(conn, set(same) | stored.column(conn, "same_key", changed))


def _pairs(
    conn: sqlite3.Connection, dirty: set[int], df: Counter | None = None
) -> list[tuple[int, int, float]]:
    """(a, b, overlap) for every pair with a new record that `linking.linked` accepts."""
    texts = stored.texts(conn, dirty)
    vocabulary = {w for ws in texts.values() for w in ws}
    df = df if df is not None else stored.frequencies(conn, vocabulary)
    common = {w for w in vocabulary if df[w] > COMMON_WORD}
    postings = stored.postings(conn, vocabulary - common)
    others = {rid for found in postings.values() for rid in found} - dirty
    sizes = {rid: len(ws) for rid, ws in texts.items()}
    sizes |= dict(
        conn.execute(
            f"SELECT record_id, n_link FROM records WHERE record_id {stored.IN}",
            stored.as_list(others),
        )
    )
    wanted = {rid: candidates(rid, texts[rid], postings, common, sizes) for rid in dirty}
    more = {o for found in wanted.values() for o in found} - dirty
    texts |= stored.texts(conn, more)
    records = stored.records(conn, dirty | more)
    out = []
    for rid, found in wanted.items():
        for other in found:
            if other in dirty and other < rid:
                continue  # asked from the other side
            ws, wo = texts[rid], texts[other]
            if linked(records[rid], records[other], ws, wo):
                out.append((rid, other, overlap(ws, wo)))
    return out


def _unlink(conn: sqlite3.Connection, how: str, ids: set[int]) -> list[tuple[int, int]]:
    """Remove the links of one kind that start or end at `ids`; returns the (a, b) pairs that
    started there, to tell which chains the relinking changed."""
    ids_sql = stored.as_list(ids)
    old = conn.execute(
        f"SELECT a, b FROM record_links WHERE how = ? AND a {stored.IN}", [how, *ids_sql]
    ).fetchall()
    for end in ("a", "b"):
        delete = f"DELETE FROM record_links WHERE how = ? AND {end} {stored.IN}"
        conn.execute(delete, [how, *ids_sql])
    return old


def _relink_matches(conn: sqlite3.Connection, around: set[int]) -> set[int]:
    """Recompute the mutual best matches of records `around`; returns every record whose
    chain may have changed."""
    if not around:
        return set()
    old = _unlink(conn, "match", around)
    pairs: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for a, b, s in conn.execute(
        f"SELECT a, b, score FROM record_pairs WHERE a {stored.IN}", stored.as_list(around)
    ):
        pairs[a].append((b, s))
    partners = {b for found in pairs.values() for b, _ in found} - around
    for a, b, s in conn.execute(
        f"SELECT a, b, score FROM record_pairs WHERE a {stored.IN}", stored.as_list(partners)
    ):
        pairs[a].append((b, s))
    seen = set(pairs) | {b for found in pairs.values() for b, _ in found}
    docs = {
        rid: (pid, doc)
        for rid, pid, doc in conn.execute(
            f"SELECT record_id, paper_id, document FROM records WHERE record_id {stored.IN}",
            stored.as_list(seen),
        )
    }
    best = {rid: best_by_document(found, docs.__getitem__) for rid, found in pairs.items()}
    links = set()
    for a in around & best.keys():
        for others in best[a].values():
            for b in others:
                if a in best[b].get(docs[a], ()):  # each is the other's best
                    links |= {(a, b), (b, a)}
    conn.executemany("INSERT OR IGNORE INTO record_links VALUES (?, ?, 'match')", sorted(links))
    return around | {b for _, b in old} | {b for _, b in links}


def _redecide(conn: sqlite3.Connection, keys: set[str]) -> set[int]:
    """Recompute which resolution decided each report recommendation of these meetings (see
    `linking.decided_by`); returns the records whose links may have changed."""
    if not keys:
        return set()
    rows = conn.execute(
        f"SELECT record_id FROM records WHERE decide_key {stored.IN} ORDER BY record_id",
        stored.as_list(keys),
    ).fetchall()
    records = stored.records(conn, [r[0] for r in rows])
    texts = stored.texts(conn, records)
    recs = [
        r
        for r in records.values()
        if r.get("kind") == "recommendation" and r.get("source_kind") == "report"
    ]
    ids = {r["record_id"] for r in recs}
    old = _unlink(conn, "decided", ids)
    chains: dict[int, list[dict]] = defaultdict(list)
    for a, kind in conn.execute(
        "SELECT l.a, r.kind FROM record_links l JOIN records r ON r.record_id = l.b "
        f"WHERE l.how = 'match' AND l.a {stored.IN}",
        stored.as_list(ids),
    ):
        chains[a].append({"kind": kind})
    resolutions: dict[str, list[dict]] = defaultdict(list)
    for r in sorted(records.values(), key=lambda r: r["record_id"]):
        if r.get("kind") == "resolution":
            resolutions[r["_decide_key"]].append(r)
    links = []
    for r in recs:
        found = decided_by(r, chains[r["record_id"]], resolutions[r["_decide_key"]], texts)
        if found is not None:
            links += [(r["record_id"], found), (found, r["record_id"])]
    conn.executemany("INSERT OR IGNORE INTO record_links VALUES (?, ?, 'decided')", links)
    return ids | {b for _, b in old} | {b for _, b in links}


def _recopy(conn: sqlite3.Connection, keys: set[str]) -> None:
    """Mark which records of these `same_key`s are copies: in record order, one repeating a
    linked record that is not itself a copy (as `query._without_copies` did over all)."""
    if not keys:
        return
    rows = conn.execute(
        f"SELECT record_id, same_key, copy FROM records WHERE same_key {stored.IN} "
        "ORDER BY record_id",
        stored.as_list(keys),
    ).fetchall()
    key = {rid: k for rid, k, _ in rows}
    links: dict[int, list[int]] = defaultdict(list)
    for a, b in conn.execute(
        f"SELECT a, b FROM record_links WHERE a {stored.IN}", stored.as_list(key)
    ):
        links[a].append(b)
    dropped: set[int] = set()
    for rid, k, _ in rows:
        if rid not in dropped:
            dropped |= {b for b in links[rid] if b > rid and key.get(b) == k}
    changes = [(int(rid in dropped), rid) for rid, _, was in rows if was != (rid in dropped)]
    conn.executemany("UPDATE records SET copy = ? WHERE record_id = ?", changes)
