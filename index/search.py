"""Hybrid ranking: FTS5 BM25 and FAISS inner product, fused by weighted reciprocal rank.

Pure functions over an open connection and a Vectors object; `Index.search` wires them up.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index.schema import FTS_TOKENIZE, HIT_COLUMNS, HIT_FROM, chunk_filter_sql, row_to_hit
from index.types import Filters, Hit
from index.vectors import Vectors

MODES = ("hybrid", "lexical", "dense")

# Measured with `python benchmarks/search_scale.py --index DIR` on the Surrey + Kent index (81
# dev questions): hit@5 0.877 keeping every term, 0.877 at cutoffs 0.5 and 0.3, 0.852 at 0.2,
# 0.864 at 0.1, 0.741 at 0.05; 0.3 is the smallest that costs nothing. Its chunk texts repeated
# to 500,000 chunks (`--scale`): keyword query p50 588 ms keeping every term, 223 ms at 0.3; and
# eight copies of it (39,840 chunks): 43.5 against 31.1 ms, hit@5 0.864 either way.
COMMON_SHARE = 0.3


@dataclass(frozen=True)
class Tuning:
    """The knobs of hybrid search.

    Defaults measured on the dev questions (81 answerable; a Surrey pack and 137 Kent PDFs):
    hit@5 0.88, hit@10 0.89, MRR 0.69, against 0.80 / 0.89 / 0.66 for plain RRF k=60. Nearby
    settings (rrf_k 5-10, dense_weight 0.6-0.8, group_boost 0.4-0.6) all give 0.84-0.89.
    "scores" fusion (lexical_share 0.7) ties on hit@5 with a higher MRR (0.73) but finds
    fewer answers in the top 10 (0.85), which the answerer reads. Dropping overlapping
    repeats (overlap 0.5-0.7) frees ~10% of top-10 slots: hit@10 0.90.
    """

    depth: int = 50  # distinct passages taken from each list before fusing
    fusion: str = "rrf"  # "rrf" (weighted ranks) or "scores" (sum of max-normalised scores)
    rrf_k: float = 5.0  # for "rrf": score = weight / (rrf_k + rank)
    lexical_weight: float = 1.0  # for "rrf"
    dense_weight: float = 0.7  # for "rrf"
    lexical_share: float = 0.7  # for "scores": weight of the lexical score, the rest is dense
    text_weight: float = 1.0  # bm25() column weights
    breadcrumb_weight: float = 0.75
    group_boost: float = 0.5  # add this share of the best other candidate's score in its item
    overlap: float = 0.6  # drop results sharing this share of 8-word runs with a better one
    # Keyword search leaves out terms found in more than this share of chunks (unless none would
    # be left: then the rarest is kept); see `common_terms` for how it was measured.
    common_share: float = COMMON_SHARE


# Question words and function words; BM25's idf would mostly discount them, but as OR terms they
# only add noise and cost.
_STOPWORDS_TEXT = """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves us tell say said please get gets
    got getting go goes going went onto upon"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

_TOKEN = re.compile(r"\w+", re.UNICODE)


def query_terms(text: str) -> list[str]:
    """Distinct lower-case word tokens of a free-text query, stopwords dropped, in order."""
    seen: dict[str, None] = {}
    for token in _TOKEN.findall(text.lower()):
        # Single letters are mostly split-off possessives ("board's"); single digits may be items.
        if token not in STOPWORDS and (len(token) > 1 or token.isdigit()):
            seen.setdefault(token, None)
    return list(seen)


def match_expression(terms: list[str]) -> str:
    """An FTS5 MATCH string ORing each term quoted, so no input is ever syntax."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


# Per connection (temp tables need no write access to the index): a scratch FTS5 table with the
# index's tokenizer, so that query words are stemmed exactly as the chunks were, its tokens, and
# the index's own vocabulary with each token's document count (a B-tree lookup per token).
_VOCAB_TABLES = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_words "
    f"USING fts5(word, tokenize='{FTS_TOKENIZE}')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_tokens "
    "USING fts5vocab(temp, query_words, 'instance')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunk_tokens USING fts5vocab(main, chunks_fts, 'row')",
)


def document_counts(conn: sqlite3.Connection, terms: list[str]) -> list[int]:
    """How many chunks hold each term, as the keyword index counts it (stemmed; for a term the
    tokenizer splits, its rarest part, an upper bound on the chunks holding all of it)."""
    return [docs for docs, _ in term_counts(conn, terms)]


def term_counts(conn: sqlite3.Connection, terms: list[str]) -> list[tuple[int, int]]:
    """(chunks holding it, times it occurs) for each term, as the keyword index counts them
    (stemmed; for a term the tokenizer splits, its rarest part)."""
    if not terms:
        return []
    opened = conn.in_transaction
    try:
        for statement in _VOCAB_TABLES:
            conn.execute(statement)
        conn.execute("DELETE FROM temp.query_words")
        conn.executemany(
            "INSERT INTO temp.query_words (rowid, word) VALUES (?, ?)", enumerate(terms)
        )
        tokens = conn.execute("SELECT doc, term FROM temp.query_tokens").fetchall()
        unique = sorted({t for _, t in tokens})
        counts = {
            term: (doc, cnt)
            for term, doc, cnt in conn.execute(
                "SELECT term, doc, cnt FROM temp.chunk_tokens "
                f"WHERE term IN ({','.join('?' * len(unique))})",
                unique,
            ).fetchall()
        }
    finally:
        # Writing the scratch table opened a transaction on a legacy-mode connection; left open,
        # it would hold this connection's snapshot of the index and hide later writes.
        if conn.in_transaction and not opened:
            conn.commit()
    rarest: dict[int, tuple[int, int]] = {}
    for row, token in tokens:
        found = counts.get(token, (0, 0))
        rarest[row] = min(rarest.get(row, found), found)
    return [rarest.get(i, (0, 0)) for i in range(len(terms))]


def common_terms(
    conn: sqlite3.Connection,
    terms: list[str],
    chunks: int,
    max_share: float,
    counts: Callable[[list[str]], list[int]] | None = None,
) -> list[str]:
    """The terms worth a keyword search: those in at most `max_share` of the chunks, or, when
    every term is that common, the rarest one.

    A term in a large share of chunks ("council", "report") costs BM25 scoring of that many rows
    and adds little to it (its idf is near zero); dropping it leaves a query the cost of its
    rarer words' rows. A share, not a count, so that what is dropped does not change as the
    archive grows; the cutoff was measured on the dev questions: see COMMON_SHARE.
    `counts` gives the terms' document counts when they are kept (else they are read from SQL).
    """
    if not terms or chunks <= 0 or max_share >= 1:
        return terms
    found = counts(terms) if counts else document_counts(conn, terms)
    kept = [t for t, n in zip(terms, found, strict=True) if n <= max_share * chunks]
    if kept:
        return kept
    return [min(zip(terms, found, strict=True), key=lambda tc: tc[1])[0]]


def lexical(
    conn: sqlite3.Connection,
    terms: list[str],
    filters,
    tuning: Tuning,
    depth: int,
    allowed: np.ndarray | None = None,
) -> list[tuple[int, float]]:
    """(chunk_id, bm25) best first; bm25 is negated so that higher is better. `allowed`, the
    chunk ids the filters allow when already known, spares reading each match's chunk row."""
    if not terms:
        return []
    if allowed is not None:
        # Each match is tested against the allowed ids as the keyword index yields it, in the
        # same order as the join below, so ties rank alike; the join reads each matching
        # chunk's row past its text to the filtered columns (Limerick's questions naming a
        # committee or a month: 34 ms a query, now 7). The `+` keeps SQLite from looking each
        # allowed id up in the keyword index instead, which is a hundred times slower.
        rows = conn.execute(
            "SELECT f.rowid, bm25(chunks_fts, ?, ?) AS s FROM chunks_fts f "
            "WHERE chunks_fts MATCH ? AND +f.rowid IN (SELECT value FROM json_each(?)) "
            "ORDER BY s LIMIT ?",
            [
                tuning.text_weight,
                tuning.breadcrumb_weight,
                match_expression(terms),
                json.dumps(allowed.tolist()),
                depth,
            ],
        ).fetchall()
        return [(int(r[0]), -float(r[1])) for r in rows]
    where, params = chunk_filter_sql(filters)
    # The join is only needed to filter; without one it costs half the query's time.
    join = "" if where == "1" else "JOIN chunks c ON c.chunk_id = f.rowid "
    rows = conn.execute(
        f"SELECT f.rowid, bm25(chunks_fts, ?, ?) AS s FROM chunks_fts f {join}"
        f"WHERE chunks_fts MATCH ? AND {where} ORDER BY s LIMIT ?",
        [tuning.text_weight, tuning.breadcrumb_weight, match_expression(terms), *params, depth],
    ).fetchall()
    return [(int(r[0]), -float(r[1])) for r in rows]


@dataclass(frozen=True)
class ChunkGroups:
    """The columns a filter reads, once for each combination of them that chunks have, with
    the chunks that have it: Limerick's 35,000 chunks make 3,300 such rows. A filter tested on
    these costs 4 ms; tested on every chunk's row, which SQLite reads past the chunk's text to
    reach those columns, it cost 50 ms."""

    rows: str  # a JSON array of [committee, meeting_date, kind, paper_id]
    ids: tuple[np.ndarray, ...]  # the chunk_ids of each row


# ChunkGroups' rows as the chunk columns `chunk_filter_sql` reads, so that a filter means the same.
_GROUP_ROWS = (
    "SELECT c.n FROM (SELECT key AS n, json_extract(value, '$[0]') AS committee, "
    "json_extract(value, '$[1]') AS meeting_date, json_extract(value, '$[2]') AS kind, "
    "json_extract(value, '$[3]') AS paper_id FROM json_each(?)) c"
)


def chunk_groups(conn: sqlite3.Connection) -> ChunkGroups:
    """Every chunk grouped by the columns a filter reads (one read of every chunk's row)."""
    groups: dict[tuple, list[int]] = {}
    rows = conn.execute("SELECT chunk_id, committee, meeting_date, kind, paper_id FROM chunks")
    for chunk_id, *columns in rows:
        groups.setdefault(tuple(columns), []).append(chunk_id)
    ids = tuple(np.asarray(v, dtype=np.int64) for v in groups.values())
    return ChunkGroups(json.dumps(list(groups)), ids)


def allowed_ids(
    conn: sqlite3.Connection, filters, groups: ChunkGroups | None = None
) -> np.ndarray | None:
    """The chunk_ids a filtered search may return (None: no restriction); tested on the
    chunks' `groups` when given, else on every chunk's row."""
    where, params = chunk_filter_sql(filters)
    if where == "1":
        return None
    if groups is not None:
        rows = conn.execute(f"{_GROUP_ROWS} WHERE {where}", [groups.rows, *params]).fetchall()
        if not rows:
            return np.zeros(0, dtype=np.int64)
        return np.sort(np.concatenate([groups.ids[r[0]] for r in rows]))
    rows = conn.execute(f"SELECT chunk_id FROM chunks c WHERE {where}", params).fetchall()
    return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))


def dense(
    vectors: Vectors, query: np.ndarray, allowed: np.ndarray | None, depth: int
) -> list[tuple[int, float]]:
    """(chunk_id, cosine) best first."""
    return vectors.search(query, depth, allowed)


def distinct(
    ranked: list[tuple[int, float]], keys: dict[int, str], canonical: dict[str, int], depth: int
) -> list[tuple[int, float]]:
    """Ranked list with one entry per passage text, renamed to that text's canonical chunk.

    The same passage stored twice (a report and the pack holding it) would otherwise take two
    ranks in each list and push other passages out of the fusion.
    """
    out: list[tuple[int, float]] = []
    seen: set[str] = set()
    for cid, score in ranked:
        key = keys.get(cid)
        if key is None or key in seen:
            continue  # deleted since the vectors were loaded, or a copy already listed
        seen.add(key)
        out.append((canonical.setdefault(key, cid), score))
        if len(out) == depth:
            break
    return out


def fuse(
    lexical: list[tuple[int, float]], dense: list[tuple[int, float]], tuning: Tuning
) -> list[tuple[int, float, int | None, int | None]]:
    """Fuse two ranked lists: (chunk_id, score, lexical_rank, dense_rank) best first."""
    ranks: dict[int, list] = {}  # chunk_id -> [lexical rank, dense rank, lexical, dense score]
    for rank, (cid, score) in enumerate(lexical, 1):
        ranks[cid] = [rank, None, score, 0.0]
    for rank, (cid, score) in enumerate(dense, 1):
        entry = ranks.setdefault(cid, [None, None, 0.0, 0.0])
        entry[1], entry[3] = rank, score
    top_lexical = max((s for _, s in lexical), default=1.0) or 1.0
    top_dense = max((s for _, s in dense), default=1.0) or 1.0
    fused = []
    for cid, (lrank, drank, lscore, dscore) in ranks.items():
        if tuning.fusion == "scores":
            score = tuning.lexical_share * lscore / top_lexical
            score += (1 - tuning.lexical_share) * max(dscore, 0.0) / top_dense
        else:
            score = 0.0
            if lrank is not None:
                score += tuning.lexical_weight / (tuning.rrf_k + lrank)
            if drank is not None:
                score += tuning.dense_weight / (tuning.rrf_k + drank)
        fused.append((cid, score, lrank, drank))
    fused.sort(key=lambda f: (-f[1], f[0]))
    return fused


def text_key(text: str) -> str:
    """What makes two chunk texts the same passage: case and spacing ignored."""
    return " ".join(text.lower().split())


def matched_terms(terms: list[str], text: str) -> tuple[str, ...]:
    """Query terms found in text, allowing simple word endings (approximates the porter stems)."""
    words = set(_TOKEN.findall(text.lower()))
    stems = {t: t[: max(4, len(t) - 2)] for t in terms if len(t) > 4}
    # A word starts with a stem when its first len(stem) letters are the stem: one set of
    # prefixes per stem length instead of testing every word against every term.
    prefixes = {w[:n] for n in {len(s) for s in stems.values()} for w in words}
    return tuple(t for t in terms if t in words or (t in stems and stems[t] in prefixes))


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    k: int,
    filters: Filters | None,
    mode: str,
    tuning: Tuning,
    vectors: Callable[[], Vectors] | None,
    embed_query: Callable[[str], np.ndarray] | None,
    doc_count: Callable[[], int] | None = None,
    allowed: Callable[[Filters | None], np.ndarray | None] | None = None,
    term_docs: Callable[[list[str]], list[int]] | None = None,
) -> list[Hit]:
    """Best k distinct passages for a query; dense side skipped when vectors is None; very
    common terms left out of the keyword side when `doc_count` gives the number of chunks;
    `allowed` gives the chunk ids the filters allow and `term_docs` the chunks holding each
    term (else they are read from SQL)."""
    if mode not in MODES:
        raise ValueError(f"Unknown search mode {mode!r}: use one of {', '.join(MODES)}")
    if vectors is None or embed_query is None:
        mode = "lexical"
    terms = query_terms(query)
    fetch = tuning.depth * 2  # room for copies dropped by `distinct`
    # Read once for both sides: a filter's chunks bound the keyword matches and the vectors.
    ids_allowed = allowed(filters) if allowed else allowed_ids(conn, filters)
    lex: list[tuple[int, float]] = []
    if mode != "dense":
        searched = terms
        if doc_count is not None:
            searched = common_terms(conn, terms, doc_count(), tuning.common_share, term_docs)
        lex = lexical(conn, searched, filters, tuning, fetch, ids_allowed)
    den: list[tuple[int, float]] = []
    if mode != "lexical" and query.strip():
        store = vectors()
        if len(store):
            den = dense(store, embed_query(query), ids_allowed, fetch)
    ids = list({cid for cid, _ in lex} | {cid for cid, _ in den})
    if not ids:
        return []
    rows = conn.execute(
        f"SELECT {HIT_COLUMNS} FROM {HIT_FROM} WHERE c.chunk_id IN ({','.join('?' * len(ids))})",
        ids,
    ).fetchall()
    by_id = {r[0]: r for r in rows}
    keys = {cid: text_key(r[2]) for cid, r in by_id.items()}
    canonical: dict[str, int] = {}
    lex = distinct(lex, keys, canonical, tuning.depth)
    den = distinct(den, keys, canonical, tuning.depth)
    fused = fuse(lex, den, tuning)
    if tuning.group_boost:
        fused = boost_groups(fused, {cid: (r[1], r[3], r[8]) for cid, r in by_id.items()}, tuning)
    return [
        row_to_hit(
            by_id[cid],
            score,
            lexical_rank=lrank,
            dense_rank=drank,
            matched_terms=matched_terms(terms, by_id[cid][2]),
        )
        for cid, score, lrank, drank in unrepeated(fused, by_id, k, tuning.overlap)
    ]


def _shingles(text: str, size: int = 8) -> set[str]:
    words = text_key(text).split()
    return {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def unrepeated(fused: list, rows: dict[int, tuple], k: int, overlap: float) -> list:
    """The first k fused entries, skipping any whose text mostly repeats one already taken.

    Overlapping copies (a report and the pack holding it, cut at other places) would fill
    the top k with one passage; overlap is the share of 8-word runs that counts as a repeat.
    """
    if not overlap:
        return fused[:k]
    taken: list[tuple] = []
    seen: list[set[str]] = []
    for entry in fused:
        runs = _shingles(rows[entry[0]][2])
        if any(len(runs & other) >= overlap * min(len(runs), len(other)) for other in seen):
            continue
        taken.append(entry)
        seen.append(runs)
        if len(taken) == k:
            break
    return taken


def boost_groups(fused: list, groups: dict[int, tuple], tuning: Tuning) -> list:
    """Lift passages whose item also holds other strong candidates, then re-sort.

    A question usually names an item's subject while the answer sits in one passage of it
    (its recommendations, one table row), so the item as a whole is evidence for each passage.
    """
    best: dict[tuple, list[tuple[float, int]]] = {}
    for cid, score, *_ in fused:
        group = groups.get(cid)
        if group and group[-1]:  # passages outside any item are not grouped
            top = best.setdefault(group, [])
            top.append((score, cid))
            top.sort(reverse=True)
            del top[2:]
    out = []
    for cid, score, lrank, drank in fused:
        others = [s for s, other in best.get(groups.get(cid), ()) if other != cid]
        bonus = tuning.group_boost * others[0] if others else 0.0
        out.append((cid, score + bonus, lrank, drank))
    out.sort(key=lambda f: (-f[1], f[0]))
    return out
