"""Words crossing COMMON_WORD: which pairs of records are asked about changes with them.

`linking.candidates` counts the shared words of two records that at most COMMON_WORD records
hold. When adding records makes a word common, pairs holding it share one counted word fewer and
may drop below `linking.worth_asking`; when removing records makes it rare again, pairs holding
it may rise above. Only pairs of records holding the word change, and at most COMMON_WORD
records hold a word that has just crossed.
"""

from __future__ import annotations

import sqlite3
from collections import Counter

import numpy as np

from assistant.register import stored
from assistant.register.linking import (
    COMMON_WORD,
    SAME_ITEM_OVERLAP,
    linked,
    overlap,
    worth_asking,
)


def uncounted(conn: sqlite3.Connection, vocabulary: list[str]) -> set[int]:
    """Drop the pairs no longer asked about now these words are common; returns their records."""
    holders = {rid for found in stored.postings(conn, vocabulary).values() for rid in found}
    pairs = conn.execute(
        f"SELECT a, b FROM record_pairs WHERE a < b AND a {stored.IN} AND b {stored.IN}",
        stored.as_list(holders) + stored.as_list(holders),
    ).fetchall()
    texts = stored.texts(conn, {r for pair in pairs for r in pair})
    shared = {pair: texts[pair[0]] & texts[pair[1]] for pair in pairs}
    df = stored.frequencies(conn, set().union(*shared.values()))
    dropped = [
        (a, b)
        for (a, b), ws in shared.items()
        if not worth_asking(sum(df[w] <= COMMON_WORD for w in ws), len(texts[a]), len(texts[b]))
    ]
    conn.executemany(
        "DELETE FROM record_pairs WHERE a = ? AND b = ?",
        [row for a, b in dropped for row in ((a, b), (b, a))],
    )
    return {r for pair in dropped for r in pair}


def counted(conn: sqlite3.Connection, vocabulary: list[str]) -> set[int]:
    """Ask about the pairs these words, no longer common, bring forward; returns the records of
    the pairs added."""
    postings = stored.postings(conn, vocabulary)
    texts = stored.texts(conn, {rid for found in postings.values() for rid in found})
    # a word held by one of these records alone is shared by none of their pairs
    held = Counter(w for ws in texts.values() for w in ws)
    df = stored.frequencies(conn, [w for w, n in held.items() if n > 1])
    had = set(
        conn.execute(
            f"SELECT a, b FROM record_pairs WHERE a {stored.IN}", stored.as_list(texts)
        ).fetchall()
    )
    asked = set()
    for found in postings.values():  # at most COMMON_WORD records each
        asked |= {pair for pair in _pairs_worth_asking(found, texts, df) if pair not in had}
    records = stored.records(conn, {r for pair in asked for r in pair})
    out = []
    for a, b in sorted(asked):
        wa, wb = texts[a], texts[b]
        if linked(records[a], records[b], wa, wb):
            out += [(a, b, overlap(wa, wb)), (b, a, overlap(wa, wb))]
    conn.executemany("INSERT INTO record_pairs VALUES (?, ?, ?)", out)
    return {r for a, b, _ in out for r in (a, b)}


def _pairs_worth_asking(
    ids: list[int], texts: dict[int, frozenset[str]], df: Counter
) -> set[tuple]:
    """The pairs (a < b) of these records that `linking.worth_asking` puts forward. Each pair's
    shared words that are not common are counted at once, as a product of word matrices: a few
    hundred records make tens of thousands of pairs."""
    ids = sorted(ids)
    columns: dict[str, int] = {}
    rows, cols = [], []
    for row, rid in enumerate(ids):
        for w in texts[rid]:
            if 0 < df[w] <= COMMON_WORD:  # 0: not looked up, held by one record
                rows.append(row)
                cols.append(columns.setdefault(w, len(columns)))
    matrix = np.zeros((len(ids), len(columns)), dtype=np.float32)
    matrix[rows, cols] = 1.0
    shared = matrix @ matrix.T  # whole numbers, exact in float32 below 2**24
    sizes = np.array([len(texts[rid]) for rid in ids])
    # the rule's own thresholds first, vectorised, then the rule itself for those that pass
    near = np.triu(
        (shared >= 2) & (shared >= SAME_ITEM_OVERLAP * np.minimum.outer(sizes, sizes)), 1
    )
    return {
        (ids[i], ids[j])
        for i, j in zip(*np.nonzero(near), strict=True)
        if worth_asking(int(shared[i, j]), int(sizes[i]), int(sizes[j]))
    }
