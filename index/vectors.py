"""The FAISS side of the index: exact inner-product search over chunk vectors, cached on disk.

SQLite holds every embedding (the source of truth); this is a disposable copy, rebuilt whenever
the store's generation counter moves, and cached in one file whose header names that generation.
"""

from __future__ import annotations

import os
import struct
import tempfile
from pathlib import Path

import faiss
import numpy as np

_MAGIC = b"BPVEC1\0\0"
_HEADER = struct.Struct("<8sqi")  # magic, generation, dim


class Vectors:
    """An IndexIDMap2 over IndexFlatIP whose ids are chunk_ids, tagged with a generation."""

    def __init__(self, index: faiss.Index, generation: int) -> None:
        self.index = index
        self.generation = generation

    @property
    def dim(self) -> int:
        return self.index.d

    def __len__(self) -> int:
        return self.index.ntotal

    @classmethod
    def build(cls, ids: np.ndarray, matrix: np.ndarray, dim: int, generation: int) -> Vectors:
        """Exact index over the given unit vectors (flat search is fast enough below ~100k)."""
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        if len(ids):
            index.add_with_ids(
                np.ascontiguousarray(matrix, dtype=np.float32), np.asarray(ids, dtype=np.int64)
            )
        return cls(index, generation)

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Best (chunk_id, cosine) pairs, restricted to `allowed` chunk ids when given."""
        if len(self) == 0 or k <= 0 or (allowed is not None and len(allowed) == 0):
            return []
        k = min(k, len(self) if allowed is None else len(allowed))
        vector = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        # One query is a tiny job: OpenMP's thread team costs ~20x the search itself on a busy
        # machine. The setting is per calling thread, so it is made on every call.
        faiss.omp_set_num_threads(1)
        params = None
        if allowed is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed.astype(np.int64)))
        scores, ids = self.index.search(vector, k, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self, path: Path) -> None:
        """Write atomically (temp file + rename) so readers never see half a file."""
        blob = faiss.serialize_index(self.index)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vectors-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(_HEADER.pack(_MAGIC, self.generation, self.dim))
                out.write(blob.tobytes())
            os.chmod(tmp, 0o644)  # mkstemp makes it private; the index folder's readers need it
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path, generation: int, dim: int) -> Vectors | None:
        """The cached vectors if they are for this generation and width, else None."""
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if len(data) < _HEADER.size:
            return None
        magic, stored_generation, stored_dim = _HEADER.unpack_from(data)
        if magic != _MAGIC or stored_generation != generation or stored_dim != dim:
            return None
        try:
            index = faiss.deserialize_index(np.frombuffer(data, np.uint8, offset=_HEADER.size))
        except RuntimeError:
            return None
        return cls(index, generation)
