"""Embedders: unit vectors, and the real model finding a paraphrase the words alone would miss."""

from __future__ import annotations

import numpy as np

from index.embedder import Embedder, HashEmbedder
from index.store import Index
from tests.index.papers import make_paper


def test_hash_embedder_is_deterministic_and_normalised():
    embedder = HashEmbedder(dim=32)
    a, b = embedder.embed(["ferry timetable", "ferry timetable"])
    assert np.allclose(a, b), "same text, same vector"
    assert abs(np.linalg.norm(a) - 1.0) < 1e-5, "rows are unit length"
    assert embedder.embed_query("ferry").shape == (32,), "query is 1-D"
    assert isinstance(embedder, Embedder), "satisfies the protocol"


def test_minilm_is_unit_length_and_caches_queries(embedder):
    vectors = embedder.embed(["The council set its budget.", "Minutes of the meeting."])
    assert vectors.shape == (2, embedder.dim) and vectors.dtype == np.float32, vectors.shape
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4), "normalised rows"
    first = embedder.embed_query("what was decided about potholes?")
    assert embedder.embed_query("what was decided about potholes?") is first, "LRU cache hit"


def test_dense_search_finds_a_paraphrase(tmp_path, embedder):
    texts = [
        "Members agreed to close the public library on Tuesdays to save money.",
        "The committee noted the annual report on road maintenance and gritting.",
        "A new play area will be built in the park beside the primary school.",
    ]
    with Index.open(tmp_path / "idx", embedder=embedder) as index:
        with index.writer() as w:
            w.add(*make_paper("/p/minutes.pdf", texts))
        for mode in ("dense", "hybrid"):
            hits = index.search("cutting book lending opening hours", k=1, mode=mode)
            assert hits[0].text == texts[0], f"{mode}: paraphrase found by meaning: {hits[0]}"
        assert index.stats()["embedder"] == embedder.name, index.stats()
