"""The ONNX Runtime embedder: torch's vectors without torch, from an export cached once and rebuilt
when the cache is damaged."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.runtime import embedder_for, open_index
from assistant.settings import Settings
from index import onnx_export
from index.embedder import (
    BUNDLED_NAME,
    DEFAULT_VARIANT,
    Embedder,
    HashEmbedder,
    MiniLMEmbedder,
    TorchMiniLMEmbedder,
)
from index.errors import EmbedderMismatch
from index.store import Index
from tests.index.papers import make_paper

ROOT = Path(__file__).resolve().parents[2]

SENTENCES = [
    "Members of the Harrowfield Ferry Board agreed to extend the winter timetable.",
    "The clerk reported that the village hall roof repairs would cost £18,400.",
    "Resolved: that the allotment rents rise by 3% from 1 April.",
    "Apologies were received from Councillor Okafor.",
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """One real export into a folder of this module's own (the slow part, ~10-30 s, once)."""
    folder = tmp_path_factory.mktemp("model-cache")
    MiniLMEmbedder(cache_folder=folder).embed(["warm up"])
    return folder


def _entry(folder: Path) -> onnx_export.Exported:
    return onnx_export.cached(MiniLMEmbedder().model_path, DEFAULT_VARIANT, BUNDLED_NAME, folder)


def test_onnx_gives_torchs_unit_vectors(exported):
    onnx = MiniLMEmbedder(cache_folder=exported)
    vectors = onnx.embed(SENTENCES)
    reference = TorchMiniLMEmbedder().embed(SENTENCES)
    assert vectors.shape == (len(SENTENCES), 384) and vectors.dtype == np.float32, vectors.shape
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5), "unit rows"
    cosines = np.sum(vectors * reference, axis=1)
    assert cosines.min() >= 0.99, f"cosine to torch {cosines}"
    # fp32 gives torch's very vectors and shares its name; int8's are close but not the same
    expected = BUNDLED_NAME if onnx.variant == "fp32" else f"{BUNDLED_NAME}-{onnx.variant}"
    assert onnx.name == expected, onnx.name
    assert isinstance(onnx, Embedder), "satisfies the protocol"


def test_rows_keep_their_order_whatever_their_length(exported):
    onnx = MiniLMEmbedder(cache_folder=exported, batch_size=2)
    texts = ["short", SENTENCES[0] * 3, "a little longer text", SENTENCES[1]]
    together = onnx.embed(texts)
    one_by_one = np.vstack([onnx.embed([t]) for t in texts])
    assert np.allclose(together, one_by_one, atol=1e-4), "length sorting must not reorder rows"
    assert onnx.embed([]).shape == (0, 384), "no texts, no rows"


def test_the_cache_is_reused(exported, monkeypatch, caplog):
    def no_export(*args):
        raise AssertionError("a good cached file must not be exported again")

    monkeypatch.setattr(onnx_export, "export", no_export)
    with caplog.at_level(logging.WARNING, logger="index.embedder"):
        vector = MiniLMEmbedder(cache_folder=exported).embed_query("ferry timetable")
    assert vector.shape == (384,), vector.shape
    assert not caplog.records, [r.getMessage() for r in caplog.records]


def _copying_export(source: Path, calls: list):
    """Stands in for the slow export: copies the module's good files (the recovery is tested)."""

    def export(model_path, variant, target):
        calls.append(target.onnx)
        good = _entry(source)
        shutil.copyfile(good.onnx, target.onnx)
        shutil.copyfile(good.meta, target.meta)

    return export


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda e: e.onnx.write_bytes(e.onnx.read_bytes()[:5000]), "unusable"),
        (lambda e: e.onnx.write_bytes(b"not a model"), "unusable"),
        (lambda e: e.meta.unlink(), "unusable"),
        (lambda e: e.onnx.unlink(), "Exporting the embedding model"),
    ],
    ids=["truncated", "garbage", "probes-missing", "model-missing"],
)
def test_a_damaged_or_missing_cache_is_rebuilt(
    exported, tmp_path, monkeypatch, caplog, damage, message
):
    folder = tmp_path / "cache"
    shutil.copytree(exported, folder)
    entry = _entry(folder)
    damage(entry)
    calls: list = []
    monkeypatch.setattr(onnx_export, "export", _copying_export(exported, calls))
    with caplog.at_level(logging.WARNING, logger="index.embedder"):
        vectors = MiniLMEmbedder(cache_folder=folder).embed(SENTENCES[:2])
    assert calls == [entry.onnx], f"exported once into the cache: {calls}"
    lines = [r.getMessage() for r in caplog.records]
    assert any(message in line and str(entry.onnx) in line for line in lines), lines
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5), "works after rebuilding"


def test_a_file_that_disagrees_with_torch_is_rebuilt(exported, tmp_path, monkeypatch, caplog):
    folder = tmp_path / "cache"
    shutil.copytree(exported, folder)
    entry = _entry(folder)
    # Probes of another model (here: torch's vectors turned around) are not this one's.
    meta = json.loads(entry.meta.read_text())
    meta["probes"] = [[-x for x in row] for row in meta["probes"]]
    entry.meta.write_text(json.dumps(meta))
    calls: list = []
    monkeypatch.setattr(onnx_export, "export", _copying_export(exported, calls))
    with caplog.at_level(logging.WARNING, logger="index.embedder"):
        MiniLMEmbedder(cache_folder=folder).embed(["x"])
    assert calls == [entry.onnx], "a file that no longer matches torch is exported again"
    assert any("no longer matches torch" in r.getMessage() for r in caplog.records), caplog.text


def test_int8_vectors_carry_their_own_name():
    assert MiniLMEmbedder(variant="fp32").name == BUNDLED_NAME, "fp32 reads indexes torch built"
    embedder = MiniLMEmbedder(variant="int8")
    assert embedder.name == f"{BUNDLED_NAME}-int8", "int8 vectors must never mix with fp32 ones"
    with pytest.raises(ValueError, match="unknown ONNX variant"):
        MiniLMEmbedder(variant="fp8")


def test_embedding_a_question_does_not_import_torch(exported):
    code = (
        "import sys; from pathlib import Path; from index.embedder import MiniLMEmbedder; "
        f"v = MiniLMEmbedder(cache_folder=Path({str(exported)!r})).embed_query('budget'); "
        "print(v.shape, sorted(m for m in ('torch', 'transformers', 'sentence_transformers') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(384,) []", done.stdout


@pytest.mark.parametrize(
    ("stored", "variant"),
    [(None, DEFAULT_VARIANT), (BUNDLED_NAME, "fp32"), (f"{BUNDLED_NAME}-int8", "int8")],
    ids=["new", "built-with-torch-or-fp32", "built-with-int8"],
)
def test_an_index_is_read_with_the_variant_it_was_built_with(tmp_path, stored, variant):
    path = tmp_path / "idx"
    if stored:
        stand_in = HashEmbedder(dim=384)
        stand_in.name = stored  # vectors do not matter here, only the name the index keeps
        with Index.open(path, embedder=stand_in) as index, index.writer() as w:
            w.add(*make_paper("/p/minutes.pdf", ["The board agreed the ferry timetable."]))
    settings = Settings(index=path)
    embedder = embedder_for(settings)
    assert embedder.variant == variant, f"{stored} read with {embedder.variant}"
    with open_index(settings, read_only=False) as index:
        assert index.embedder is embedder, "the index opens with it: no EmbedderMismatch"


def test_an_index_of_another_model_is_still_refused(tmp_path):
    path = tmp_path / "idx"
    with Index.open(path, embedder=HashEmbedder(dim=384)) as index, index.writer() as w:
        w.add(*make_paper("/p/minutes.pdf", ["The board agreed the ferry timetable."]))
    with pytest.raises(EmbedderMismatch, match="hash-384"):
        open_index(Settings(index=path), read_only=True)
