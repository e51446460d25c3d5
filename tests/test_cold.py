"""Commands that do not embed start fast: they never import torch (nor, listing, the ONNX
runtime). Each runs the real CLI in a fresh interpreter and reports what it imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.runtime import embedder_for
from assistant.settings import Settings
from index.embedder import HashEmbedder
from index.store import Index
from tests.index.papers import make_paper

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "transformers", "sentence_transformers")

# Runs `boardpapers ARGS...` in this interpreter and prints which heavy modules it imported.
RUNNER = """
import json, sys
sys.argv = ["boardpapers", *json.loads(sys.argv[1])]
from assistant.cli import main
try:
    main()
except SystemExit:
    pass
finally:
    names = ("torch", "transformers", "sentence_transformers", "onnxruntime")
    print(json.dumps(sorted(n for n in names if n in sys.modules)), file=sys.stderr)
"""


@pytest.fixture
def index_dir(tmp_path) -> Path:
    """An index stored under the default model's name, with hashed vectors (no model loads)."""
    stand_in = HashEmbedder(dim=384)
    stand_in.name = embedder_for(Settings()).name  # so the CLI's default embedder opens it
    path = tmp_path / "index"
    with Index.open(path, embedder=stand_in) as index, index.writer() as w:
        w.add(*make_paper("/p/minutes.pdf", ["The board agreed the ferry timetable."]))
    return path


def imported(args: list[str], tmp_path: Path) -> tuple[list[str], str]:
    """The heavy modules `boardpapers ARGS` imported, and what it printed."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )
    last = done.stderr.strip().splitlines()[-1]
    return json.loads(last), done.stdout + done.stderr


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["papers"], ()),
        (["papers", "--json"], ()),
        (["remove", "0000000000000000"], ()),
        (["decisions"], ()),
        (["ingest", "--dry-run", "{papers}"], ("onnxruntime",)),  # OCR of scans runs on it
    ],
    ids=["papers", "papers-json", "remove", "decisions", "ingest-dry-run"],
)
def test_commands_that_do_not_embed_never_import_torch(index_dir, tmp_path, args, allowed):
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "minutes.txt").write_text("MINUTES OF THE HARBOUR TRUST BOARD\n\nThe board met.\n")
    args = ["--index", str(index_dir), *(a.format(papers=papers) for a in args)]
    modules, output = imported(args, tmp_path)
    unexpected = [m for m in modules if m not in allowed]
    assert not unexpected, f"`boardpapers {' '.join(args)}` imported {unexpected}: {output}"
