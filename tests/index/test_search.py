"""Hybrid search: safe queries from any text, fusion, duplicate collapsing, many threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from index.embedder import HashEmbedder
from index.search import Tuning, boost_groups, distinct, fuse, match_expression, query_terms
from index.store import Index
from tests.index.papers import make_paper

TEXTS = [
    "The board approved the harbour dredging budget of two million pounds.",
    "Members reviewed the winter ferry timetable and asked for a passenger survey.",
    "The lighthouse cottage will be let to a heritage trust on a 25-year lease.",
    "RESOLVED: that the Chief Executive's report on NOT-for-profit moorings be noted.",
]


@pytest.fixture
def filled(index) -> Index:
    paper, chunks = make_paper("/p/march.pdf", TEXTS)
    with index.writer() as w:
        w.add(paper, chunks)
    return index


@pytest.mark.parametrize(
    "query",
    [
        '"AND" OR NOT (*',
        'moorings" AND NOT (report*',
        "NEAR(dredging budget, 3)",
        "col:value ^start -minus +plus {braces} [brackets]",
        "'''\"\"\"",
        "",
        "   ",
        "Chief Executive's report",
        "dredging\x00budget",
    ],
)
def test_any_text_is_a_valid_query(filled, query):
    for mode in ("lexical", "dense", "hybrid"):
        hits = filled.search(query, mode=mode)
        assert isinstance(hits, list), f"{mode} search of {query!r} returned {hits!r}"


def test_operators_in_text_are_words_not_syntax(filled):
    hits = filled.search('NOT-for-profit "moorings" AND (report*', mode="lexical")
    assert hits and "moorings" in hits[0].text, f"quoted terms matched literally: {hits}"
    assert "moorings" in hits[0].matched_terms, hits[0].matched_terms


def test_query_terms_drop_stopwords_and_repeat_words():
    assert query_terms("What did the Board decide about the board's budget?") == [
        "board",
        "decide",
        "budget",
    ], "stopwords, case, repeats and the possessive s are dropped"
    assert match_expression(['a"b']) == '"a""b"', "embedded quotes are doubled"
    assert query_terms("What would we get if it got onto the harbour programme?") == [
        "harbour",
        "programme",
    ], "rare as they are in papers, 'got' and 'onto' say nothing of what is asked"


def test_fusion_rewards_agreement():
    lexical, dense = [(1, 9.0), (2, 8.0), (3, 7.0)], [(3, 0.9), (4, 0.8)]
    for tuning in (Tuning(fusion="rrf"), Tuning(fusion="scores")):
        fused = fuse(lexical, dense, tuning)
        assert fused[0][0] == 3, f"{tuning.fusion}: the chunk in both lists wins: {fused}"
        assert fused[0][2:] == (3, 1), "ranks in each list are reported"
    lexical_heavy = fuse([(1, 1.0)], [(2, 1.0)], Tuning(lexical_weight=2.0))
    assert lexical_heavy[0][0] == 1, "weights tilt the fusion"


def test_hybrid_fills_explain_fields(filled):
    hit = filled.search("ferry timetable", k=1)[0]
    assert "ferry" in hit.text, hit
    assert hit.lexical_rank == 1 and hit.dense_rank == 1, (hit.lexical_rank, hit.dense_rank)
    assert hit.matched_terms == ("ferry", "timetable"), hit.matched_terms
    assert hit.file == "/p/march.pdf" and hit.page == 2 and hit.score > 0, hit


def test_identical_text_in_two_papers_is_returned_once(index):
    report = make_paper("/p/report.pdf", [TEXTS[0]], content="report")
    pack = make_paper("/p/pack.pdf", [TEXTS[1], TEXTS[0]], content="pack")
    with index.writer() as w:
        w.add(*report)
        w.add(*pack)
    hits = index.search("harbour dredging budget", k=5)
    texts = [h.text for h in hits]
    assert texts.count(TEXTS[0]) == 1, f"duplicate passage collapsed: {texts}"
    assert len(hits) == 2, f"both distinct passages still returned: {texts}"


def test_k_limits_results(filled):
    assert len(filled.search("board trust ferry harbour", k=2)) == 2


def test_concurrent_searches_from_threads(filled):
    with Index.open(filled.path, embedder=HashEmbedder(), read_only=True) as ro:
        queries = ["ferry timetable", "dredging budget", "lighthouse lease", "moorings"] * 25

        def top(query: str) -> str:
            return ro.search(query, k=1)[0].text

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(top, queries))
    expected = [
        top_word in text
        for top_word, text in zip([q.split()[0] for q in queries], results, strict=True)
    ]
    assert all(expected), f"every thread got its own right answer: {results[:4]}"


def test_unknown_mode_is_an_error(filled):
    with pytest.raises(ValueError, match="Unknown search mode"):
        filled.search("ferry", mode="fuzzy")


def test_distinct_gives_each_passage_one_rank_under_one_id():
    keys = {1: "a", 2: "a", 3: "b", 4: "c"}
    canonical: dict[str, int] = {}
    first = distinct([(2, 0.9), (1, 0.8), (3, 0.7)], keys, canonical, depth=10)
    second = distinct([(1, 0.9), (4, 0.8), (9, 0.7)], keys, canonical, depth=10)
    assert first == [(2, 0.9), (3, 0.7)], f"the copy ranked second is dropped: {first}"
    assert second == [(2, 0.9), (4, 0.8)], f"copies share one id; unknown ids dropped: {second}"
    assert distinct([(3, 1.0), (4, 0.5)], keys, {}, depth=1) == [(3, 1.0)], "depth limits"


def test_item_boost_lifts_a_passage_whose_item_is_strong():
    fused = [(1, 0.50, 1, None), (2, 0.45, 2, None), (3, 0.40, None, 1), (4, 0.39, 3, 2)]
    groups = {1: ("p", "doc", "7 Budget"), 2: ("p", "doc", None), 3: ("q", "doc", "2 Parks")}
    groups[4] = ("p", "doc", "7 Budget")
    boosted = boost_groups(fused, groups, Tuning(group_boost=0.4))
    order = [f[0] for f in boosted]
    assert order == [1, 4, 2, 3], f"4 shares item 7 with the best passage, so it rises: {order}"
    assert boost_groups(fused, groups, Tuning(group_boost=0.0)) == fused, "0 turns it off"


def test_overlapping_copy_cut_elsewhere_is_not_repeated(index):
    body = " ".join(f"word{i}" for i in range(60))
    report = make_paper("/p/report.pdf", [f"Budget summary. {body}"], content="r")
    pack = make_paper("/p/pack.pdf", [f"{body} Also the ferry.", "Ferry budget summary."])
    with index.writer() as w:
        w.add(*report)
        w.add(*pack)
    texts = [h.text for h in index.search("budget summary word1 word2", k=3)]
    assert len(texts) == 2, f"the pack's overlapping copy is left out: {texts}"
    assert "Ferry budget summary." in texts, f"a distinct passage still comes back: {texts}"
