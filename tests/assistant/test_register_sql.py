"""The register as data: chains kept at write time equal a full relink, queries in SQL equal a
full scan, and an index from before the register's columns is read and then upgraded."""

from __future__ import annotations

import json
import math
import random
import sqlite3
from datetime import date

import pytest

from assistant.register import (
    chains,
    crossing,
    extract_records,
    linking,
    query_register,
    select,
)
from assistant.register.linking import link_groups, words
from assistant.register.query import (
    QUESTION_WORDS,
    TOPIC_WORDS,
    newest_first,
    record_is_open,
)
from assistant.register.table import ready
from corpus.types import Kind
from index.embedder import HashEmbedder
from index.store import Index
from tests.assistant.register_papers import (
    CABINET_PAGES,
    make_budget_report,
    make_cabinet_minutes,
    make_pack,
    make_trust_minutes,
    paper_and_chunks,
)
from tests.index.papers import make_paper
from tests.papers import make_pdf


def _add(index: Index, paper, chunks, records) -> str:
    with index.writer() as writer:
        writer.add(paper, chunks, records=records)
    return paper.paper_id


def _add_file(index: Index, path) -> str:
    paper, chunks = paper_and_chunks(path)
    return _add(index, paper, chunks, extract_records(paper, chunks))


def _remove(index: Index, paper_id: str) -> None:
    with index.writer() as writer:
        assert writer.remove(paper_id), paper_id


def _stored(index: Index) -> tuple[dict[int, list[int]], set[int]]:
    """The chains and copies the index holds."""
    conn = index.records_connection()
    found = {rid: [] for (rid,) in conn.execute("SELECT record_id FROM records")}
    for a, b in conn.execute("SELECT a, b FROM record_links ORDER BY a, b"):
        found[a].append(b)
    copies = {rid for (rid,) in conn.execute("SELECT record_id FROM records WHERE copy = 1")}
    return found, copies


def _copies(records: list[dict], links: dict[int, list[int]]) -> set[int]:
    """Records repeating a linked earlier one word for word, as a full scan finds them."""

    def same(r: dict) -> tuple:
        return (r["kind"], r.get("number"), r.get("meeting_date"), " ".join(r["text"].split()))

    by_id = {r["record_id"]: r for r in records}
    dropped: set[int] = set()
    for rid in sorted(by_id):
        if rid not in dropped:
            dropped |= {o for o in links[rid] if o > rid and same(by_id[o]) == same(by_id[rid])}
    return dropped


def _assert_relinked(index: Index, step: str) -> None:
    records = index.records()
    want = link_groups(records)
    got, copies = _stored(index)
    assert got == want, f"after {step}: stored chains differ from a full relink"
    assert copies == _copies(records, want), f"after {step}: copies differ"


@pytest.fixture
def fixture_papers(tmp_path):
    folder = tmp_path / "papers"
    return {
        "pack": make_pack(folder / "Harbourside Care Board pack.txt"),
        "cabinet": make_cabinet_minutes(folder / "Printed minutes Cabinet.pdf"),
        "again": make_pdf(folder / "Minutes of Previous Meeting.pdf", CABINET_PAGES, title="x"),
        "budget": make_budget_report(folder / "Budget Monitoring Report.pdf"),
        "trust": make_trust_minutes(folder / "Estuary trust minutes.txt"),
    }


def test_chains_kept_at_each_write_equal_a_full_relink(tmp_path, fixture_papers):
    with Index.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        ids = {}
        for name, path in fixture_papers.items():
            ids[name] = _add_file(index, path)
            _assert_relinked(index, f"adding {name}")
        assert any(_stored(index)[0].values()), "the fixtures link"
        assert _stored(index)[1], "the minutes filed twice make copies"
        _remove(index, ids["cabinet"])
        _assert_relinked(index, "removing the minutes (their copy is the original now)")
        _remove(index, ids["budget"])
        _assert_relinked(index, "removing the report")
        ids["cabinet"] = _add_file(index, fixture_papers["cabinet"])
        _assert_relinked(index, "adding the minutes again")
        ids["budget"] = _add_file(index, fixture_papers["budget"])
        _assert_relinked(index, "adding the report again")


# Words of made-up commitments: records of one draw share most of them, so they link.
_WORDS = (
    "harbour wall repair dredging ferry timetable survey lighthouse cottage lease heritage trust "
    "budget overspend capital programme library opening hours consultation residents carers "
    "breaks respite beds home care recruitment safe havens mental health transport school "
    "estate strategy wards investment agency spend patient safety winter discharge scheme"
)
_VOCABULARY = _WORDS.split()


def _synthetic(rng: random.Random, paper_no: int) -> tuple:
    """A paper of made-up records: drawn from a few commitments, some repeated word for word."""
    day = date(2024, 1 + paper_no % 3, 10)
    texts = []
    for n in range(rng.randint(4, 12)):
        base = random.Random(rng.randint(0, 7))  # one of eight commitments
        ws = base.sample(_VOCABULARY, 12) + ["harbour"]
        ws = [w for w in ws if rng.random() > 0.1] + rng.sample(_VOCABULARY, rng.randint(0, 2))
        texts.append((n, " ".join(ws)))
    paper, chunks = make_paper(
        f"/papers/p{paper_no}.pdf",
        [t for _, t in texts],
        meeting_date=day,
        kind=Kind.MINUTES,
        content=f"{paper_no} {rng.random()}",
    )
    records = [
        {
            "kind": rng.choice(["recommendation", "resolution", "action"]),
            "number": str(n),
            "text": text,
            "committee": rng.choice(["Harbour Trust Board", "Kent County Council: Cabinet"]),
            "meeting_date": rng.choice([day.isoformat(), "2024-01-10"]),
            "item": rng.choice(["4 Harbour wall", "5 Budget", None]),
            "document": rng.choice(["Minutes", "Report"]),
            "source_kind": rng.choice(["report", "minutes", "tracker"]),
            "chunk_ordinal": n,
        }
        for n, text in texts
    ]
    return paper, chunks, records


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_chains_stay_equal_to_a_full_relink_as_common_words_cross_the_cap(
    tmp_path, monkeypatch, seed
):
    # a small cap, so that words start and stop counting as papers come and go
    for module in (linking, chains, crossing):
        monkeypatch.setattr(module, "COMMON_WORD", 12)
    rng = random.Random(seed)
    with Index.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        stored: list[str] = []
        for step in range(14):
            if stored and rng.random() < 0.3:
                paper_id = stored.pop(rng.randrange(len(stored)))
                _remove(index, paper_id)
                _assert_relinked(index, f"step {step}: removing {paper_id}")
            else:
                stored.append(_add(index, *_synthetic(rng, step)))
                _assert_relinked(index, f"step {step}: adding a paper")
        assert sum(map(len, _stored(index)[0].values())) > 10, "the made-up papers link"


def _reference(index: Index, topic=None, committee=(), since=None, until=None, kind=(),
               open_only=False, whole_items=False) -> list[dict]:  # fmt: skip
    """The register as a full scan computes it: every record read, linked and filtered."""
    records = index.records()
    links = link_groups(records)
    by_id = {r["record_id"]: r for r in records}
    days = [d for r in records for d in (r.get("meeting_date"), r.get("paper_date")) if d]
    days += [p.meeting_date.isoformat() for p in index.papers() if p.meeting_date]
    latest = date.fromisoformat(max(days)) if days else None
    copies = _copies(records, links)
    wanted_committees = {c.lower() for c in committee}
    out = []
    for r in records:
        chain = sorted((by_id[c] for c in links[r["record_id"]]), key=newest_first)
        name = (r.get("committee") or "").lower()
        day = r.get("meeting_date")
        if r["record_id"] in copies:
            continue
        if wanted_committees and not wanted_committees & {name, name.split(": ", 1)[-1]}:
            continue
        if (since and (not day or day < since.isoformat())) or (
            until and (not day or day > until.isoformat())
        ):
            continue
        if kind and r["kind"] not in kind:
            continue
        is_open = record_is_open(r, chain, latest)
        if open_only and not is_open:
            continue
        out.append({**r, "open": is_open, "chain": chain})
    out.sort(key=lambda r: (-_ordinal(r.get("meeting_date")), r["paper_id"], r["record_id"]))
    if not topic:
        return out
    wanted = words(topic) - QUESTION_WORDS
    bags = [words(f"{r.get('item') or ''}. {r.get('lead_in') or ''} {r['text']}") for r in out]
    weight = {w: math.log((1 + len(bags)) / (1 + sum(w in b for b in bags))) + 1 for w in wanted}
    total = sum(weight.values()) or 1.0
    mean = sum(len(b) for b in bags) / (len(bags) or 1) or 1.0
    scored = []
    for r, bag in zip(out, bags, strict=True):
        own = words(f"{r.get('lead_in') or ''} {r['text']}")
        lex = sum(weight[w] * (1.0 if w in own else 0.75) for w in wanted & bag) / total
        if lex >= TOPIC_WORDS:
            scored.append((lex / (0.75 + 0.25 * len(bag) / mean), r))
    scored.sort(key=lambda x: -x[0])
    ranked = [{**r, "score": round(s, 4)} for s, r in scored]
    if not whole_items:
        return ranked
    members: dict[tuple, list[dict]] = {}

    def key(r: dict) -> tuple:
        return (r["paper_id"], r.get("item") or r.get("document"), r.get("meeting_date"))

    for r in out:
        members.setdefault(key(r), []).append(r)
    seen, whole = set(), []
    for r in ranked:
        if key(r) not in seen:
            seen.add(key(r))
            whole += [{**m, "score": r["score"]} for m in members[key(r)]]
    return whole


def _ordinal(day: str | None) -> int:
    return date.fromisoformat(day).toordinal() if day else 0


def _shape(records: list[dict]) -> list[tuple]:
    return [
        (r["record_id"], r["open"], r.get("score"), [c["record_id"] for c in r["chain"]])
        for r in records
    ]


QUERIES = [
    {},
    {"kind": ("recommendation",)},
    {"kind": ("resolution", "action")},
    {"open_only": True},
    {"open_only": True, "kind": ("recommendation", "action", "next-step")},
    {"committee": ("Cabinet",)},
    {"committee": ("harbourside care board",), "open_only": True},
    {"since": date(2025, 1, 1)},
    {"until": date(2024, 12, 31)},
    {"topic": "forecast overspend"},
    {"topic": "forecast overspend", "whole_items": True},
    {"topic": "harbour wall", "kind": ("resolution",)},
    {"topic": "What did the board recommend on respite beds?", "open_only": True},
    {"topic": "capital programme", "committee": ("Cabinet",), "since": date(2025, 1, 1)},
    {"topic": "carers breaks update"},
    {"topic": "what did we decide"},
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: json.dumps(q, default=str))
def test_queries_in_sql_equal_a_full_scan(tmp_path, fixture_papers, query):
    with Index.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        for path in fixture_papers.values():
            _add_file(index, path)
        got = query_register(index, **query)
        want = _reference(index, **query)
        assert _shape(got) == _shape(want), query
        assert all(r["open"] for r in got) or not query.get("open_only"), "open means open"


def test_a_topic_query_reads_only_the_records_holding_its_words(
    tmp_path, fixture_papers, monkeypatch
):
    with Index.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        for path in fixture_papers.values():
            _add_file(index, path)
        total = len(index.records())
        read: list[int] = []
        fetch = select.records

        def counted(conn, wanted):
            found = fetch(conn, wanted)
            read.extend(found)
            return found

        monkeypatch.setattr(select, "records", counted)
        monkeypatch.setattr(Index, "records", lambda *a, **k: pytest.fail("a full scan"))
        found = query_register(index, topic="forecast overspend")
        assert found and "forecast revenue overspend" in found[0]["text"], found[:1]
        assert len(read) < total / 3, f"read {len(read)} of {total} records"


def _make_old(db) -> None:
    """Take the register's columns, words and links out: the records table as it was before."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.executescript(
        """
        DROP TRIGGER records_ai; DROP TRIGGER records_ad; DROP TRIGGER records_au;
        DROP TABLE records_fts; DROP TABLE record_pairs; DROP TABLE record_links;
        CREATE TABLE records_old (
            record_id INTEGER PRIMARY KEY, paper_id TEXT NOT NULL, chunk_id INTEGER,
            data TEXT NOT NULL
        );
        INSERT INTO records_old SELECT record_id, paper_id, chunk_id, data FROM records;
        DROP TABLE records;
        ALTER TABLE records_old RENAME TO records;
        CREATE INDEX records_paper ON records (paper_id);
        """
    )
    conn.close()


def test_an_older_index_is_read_as_it_was_and_upgraded_by_its_next_write(tmp_path, fixture_papers):
    path = tmp_path / "index"
    with Index.open(path, embedder=HashEmbedder()) as index:
        for name in ("pack", "cabinet", "again", "budget"):
            _add_file(index, fixture_papers[name])
        want = {json.dumps(q, default=str): _shape(query_register(index, **q)) for q in QUERIES}
    _make_old(path / "index.sqlite")
    with Index.open(path, read_only=True) as old:
        assert not ready(old.records_connection()), "the copy is made without the columns"
        got = {json.dumps(q, default=str): _shape(query_register(old, **q)) for q in QUERIES}
        assert got == want, "an older index read only answers the same, from memory"
    with Index.open(path, embedder=HashEmbedder()) as index:
        trust = _add_file(index, fixture_papers["trust"])
        assert ready(index.records_connection()), "its next write filled the columns"
        _assert_relinked(index, "upgrading")
        _remove(index, trust)
        got = {json.dumps(q, default=str): _shape(query_register(index, **q)) for q in QUERIES}
        assert got == want, "the upgraded index answers the same"


def test_a_column_the_register_gains_later_is_filled_for_every_record(tmp_path, fixture_papers):
    path = tmp_path / "index"
    with Index.open(path, embedder=HashEmbedder()) as index:
        for name in ("pack", "cabinet", "again"):
            _add_file(index, fixture_papers[name])
        want = {json.dumps(q, default=str): _shape(query_register(index, **q)) for q in QUERIES}
    conn = sqlite3.connect(path / "index.sqlite")
    conn.execute("ALTER TABLE records DROP COLUMN title_words")  # as made before it existed
    conn.close()
    with Index.open(path, embedder=HashEmbedder()) as index:
        assert not ready(index.records_connection())
        with index.writer() as writer:
            assert not writer.remove("no-such-paper"), "any write upgrades"
        assert ready(index.records_connection()), "the write filled the new column"
        _assert_relinked(index, "filling a new column")
        got = {json.dumps(q, default=str): _shape(query_register(index, **q)) for q in QUERIES}
        assert got == want
