"""The FAISS side of the index: inner-product search over chunk vectors, changed in place.

Where the vectors live: SQLite holds each chunk's embedding (the source of truth, written in the
same transaction as its text, so a crash mid-write leaves nothing half-done), and each process
holds them once, in this FAISS index. `vectors.faiss` is a checkpoint of that index, derived and
disposable: deleting it costs one rebuild from SQLite, never data. We chose this over keeping the
vectors only in the FAISS file (with SQLite holding the not-yet-checkpointed ones) because then a
lost or torn file would mean re-embedding the whole archive; the price is the checkpoint's disk
space (1.5 KB a chunk, about 60 MB for the Surrey, Kent and Limerick papers).

Readers keep up by deltas: every insert or delete of a chunk is logged in SQLite's `vector_log`
under the generation that commits it (see `index/schema.py`), so a reader at generation g adds
the chunks logged after g, reading only their rows, and removes the ones deleted. The index is
ID-mapped (ids are chunk_ids, never reused), exact (flat) below `EXACT_LIMIT` vectors and an IVF
index above it; both take `add_with_ids` and `remove_ids`.
"""

from __future__ import annotations

import math
import os
import struct
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import faiss
import numpy as np

_MAGIC = b"BPVEC2\0\0"
# magic, generation, built (the generation whose full rebuild chose this layout), dim, ivf lists
_HEADER = struct.Struct("<8sqqii")

# Measured by `python benchmarks/vectors.py` on this 2-core machine while other jobs kept it busy
# (load average 5-12): exact search over 384-dim vectors from one thread costs 0.12 ms of CPU per
# thousand vectors (6 ms at 50,000), and took 5.5 to 29 ms of wall time p50 at 50,000 in four
# runs. 50,000 keeps it near 10 ms, a third of the 30 ms search budget (the query's embedding and
# the keyword side take the rest); above it an IVF index reads ~1/64 of them. The Surrey, Kent
# and Limerick papers (~40,000 chunks) stay exact.
EXACT_LIMIT = 50_000
# An IVF index is cut into about sqrt(n) lists (a power of two) and searches NPROBE_SHARE of
# them, at least PROBE_MIN. On one million synthetic vectors (1,024 lists) 1/64 gave recall@10
# 0.996 against exact search at p50 21-46 ms (1/128: 0.986; 1/32: 0.999 at twice the time); the
# real chunk vectors of the Surrey + Kent index (4,776 in 64 lists) need more of a small index's
# lists: 4 lists 0.93, 8 lists 0.97.
NPROBE_SHARE = 1 / 64
PROBE_MIN = 8
# k-means is trained on this many vectors per list (FAISS warns below 39): enough for stable
# centroids, and training 1M vectors' 1,024 lists takes under a minute on 2 cores.
TRAIN_PER_LIST = 64


def ivf_lists(n: int) -> int:
    """How many IVF lists suit n vectors: sqrt(n) rounded to a power of two."""
    return 2 ** max(4, round(math.log2(max(n, 1)) / 2))


def layout_fits(lists: int, n: int, exact_limit: int = EXACT_LIMIT) -> bool:
    """Whether an index with this many IVF lists (0: exact) suits n vectors: exact below the
    limit, IVF from half of it (a margin, so that removals near the limit do not flip the layout
    back and forth), with lists within 2x of `ivf_lists(n)`."""
    if not lists:
        return n < exact_limit
    return n >= exact_limit // 2 and ivf_lists(n) // 2 <= lists <= ivf_lists(n) * 2


class _ReadWriteLock:
    """Many searches at once, or one update alone (FAISS indexes are not safe to change while
    another thread searches them)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writing:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._readers:
                self._cond.wait()
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class Vectors:
    """An ID-mapped FAISS index over chunk vectors, tagged with the generation it reflects."""

    def __init__(self, index: faiss.Index, generation: int, built: int = 0) -> None:
        self.index = index
        self.generation = generation
        self.built = built  # the generation of the full rebuild that chose this layout
        self._lock = _ReadWriteLock()

    @property
    def dim(self) -> int:
        return self.index.d

    @property
    def lists(self) -> int:
        """IVF lists (0 for an exact index)."""
        return self.index.nlist if isinstance(self.index, faiss.IndexIVF) else 0

    @property
    def kind(self) -> str:
        return "ivf" if self.lists else "flat"

    def __len__(self) -> int:
        return self.index.ntotal

    @classmethod
    def build(
        cls,
        ids: np.ndarray,
        matrix: np.ndarray,
        dim: int,
        generation: int,
        *,
        built: int = 0,
        exact_limit: int = EXACT_LIMIT,
    ) -> Vectors:
        """An index over the given unit vectors, of the type their number calls for."""
        ids = np.asarray(ids, dtype=np.int64)
        matrix = np.ascontiguousarray(matrix, dtype=np.float32).reshape(-1, dim)
        if len(ids) < exact_limit:
            index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        else:
            index = _trained_ivf(matrix, dim, ivf_lists(len(ids)))
        if len(ids):
            with _threads(None):  # a bulk build may use every core
                index.add_with_ids(matrix, ids)
        return cls(index, generation, built)

    def fits(self, n: int, exact_limit: int = EXACT_LIMIT) -> bool:
        """Whether this layout still suits n vectors (see `layout_fits`)."""
        return layout_fits(self.lists, n, exact_limit)

    def apply(
        self, added: np.ndarray, matrix: np.ndarray, removed: np.ndarray, generation: int
    ) -> None:
        """Add and remove vectors by chunk_id in place, then reflect `generation`."""
        with self._lock.writing():
            if len(removed):
                self.index.remove_ids(np.asarray(removed, dtype=np.int64))
            if len(added):
                self.index.add_with_ids(
                    np.ascontiguousarray(matrix, dtype=np.float32).reshape(-1, self.dim),
                    np.asarray(added, dtype=np.int64),
                )
            self.generation = generation

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Best (chunk_id, cosine) pairs, restricted to `allowed` chunk ids when given."""
        if len(self) == 0 or k <= 0 or (allowed is not None and len(allowed) == 0):
            return []
        k = min(k, len(self) if allowed is None else len(allowed))
        vector = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        sel = None if allowed is None else faiss.IDSelectorBatch(allowed.astype(np.int64))
        if self.lists:
            # A filter keeping a share s of the chunks leaves ~s of each probed list: probing 1/s
            # times as many lists keeps about k candidates, and a narrow filter probes every list,
            # which is then exact over the allowed chunks (ids are tested before any distance).
            probe = self.index.nprobe
            if allowed is not None:
                probe = math.ceil(probe * len(self) / max(len(allowed), 1))
            params = faiss.SearchParametersIVF(sel=sel, nprobe=min(self.lists, probe))
        else:
            params = None if sel is None else faiss.SearchParameters(sel=sel)
        # One query is a tiny job: OpenMP's thread team costs ~20x the search itself on a busy
        # machine. The setting is per calling thread, so it is made on every call.
        with _threads(1), self._lock.reading():
            scores, ids = self.index.search(vector, k, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self, path: Path) -> None:
        """Write atomically and durably (temp file, fsync, rename) so that readers never see
        half a file and a crash leaves the previous checkpoint; streamed, never a second copy
        in memory."""
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vectors-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out, self._lock.reading():
                out.write(_HEADER.pack(_MAGIC, self.generation, self.built, self.dim, self.lists))
                faiss.write_index(self.index, faiss.PyCallbackIOWriter(out.write))
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o644)  # mkstemp makes it private; the index folder's readers need it
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @staticmethod
    def header(path: Path) -> tuple[int, int, int, int] | None:
        """(generation, built, dim, lists) of a checkpoint, read without loading it; or None."""
        try:
            with path.open("rb") as f:
                data = f.read(_HEADER.size)
        except OSError:
            return None
        if len(data) < _HEADER.size:
            return None
        magic, *fields = _HEADER.unpack(data)
        return tuple(fields) if magic == _MAGIC else None

    @classmethod
    def load(cls, path: Path, dim: int) -> Vectors | None:
        """The checkpoint at path if it is whole and of this width, else None."""
        try:
            with path.open("rb") as f:
                data = f.read(_HEADER.size)
                if len(data) < _HEADER.size:
                    return None
                magic, generation, built, stored_dim, _ = _HEADER.unpack(data)
                if magic != _MAGIC or stored_dim != dim:
                    return None
                index = faiss.read_index(faiss.PyCallbackIOReader(f.read))
        except (OSError, RuntimeError):  # unreadable, or torn (FAISS reports a short read)
            return None
        return cls(index, generation, built)


def _trained_ivf(matrix: np.ndarray, dim: int, lists: int) -> faiss.Index:
    """An empty IVF index whose lists are trained on a sample of the vectors."""
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
    # Removing ids then finds them through a hash table instead of scanning every list.
    index.set_direct_map_type(faiss.DirectMap.Hashtable)
    # Spherical k-means (unit centroids): with inner products, plain k-means centroids of
    # unequal norms draw most vectors to a few lists (imbalance 34 against 3 on the synthetic
    # vectors of benchmarks/vectors.py), and a probe into a crowded list costs that much more.
    index.cp.spherical = True
    index.nprobe = min(lists, max(PROBE_MIN, round(lists * NPROBE_SHARE)))
    sample = matrix
    if len(matrix) > lists * TRAIN_PER_LIST:
        rows = np.random.default_rng(0).choice(len(matrix), lists * TRAIN_PER_LIST, replace=False)
        sample = matrix[np.sort(rows)]
    with _threads(None):
        index.train(sample)
    return index


@contextmanager
def _threads(n: int | None) -> Iterator[None]:
    """Run FAISS with n OpenMP threads in this thread (None: every core)."""
    faiss.omp_set_num_threads(n or os.cpu_count() or 1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(1)
