"""Shared fixtures: every path points into tmp_path, and the real model loads once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Nothing a test does writes outside its tmp_path."""
    monkeypatch.setenv("BOARDPAPERS_INDEX", str(tmp_path / "index"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def embedder():
    """The real bundled all-MiniLM-L6-v2, loaded once for the whole run."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    from index.embedder import MiniLMEmbedder

    return MiniLMEmbedder()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout; tests that need it skip cleanly when it is absent."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def never_refuse(monkeypatch):
    """`ask` answering whatever the refusal model makes of it: for tests of how an answer is
    shown and cited, not of whether the fitted refusal threshold lets it through."""
    from dataclasses import replace

    import assistant.answer
    from assistant.rank import fitted_ranker

    anyway = replace(fitted_ranker(), refuse_below=0.0)
    monkeypatch.setattr(assistant.answer, "fitted_ranker", lambda: anyway)


@pytest.fixture
def structured_answers_only(monkeypatch, never_refuse):
    """`ask` with only the structure answerers (register, motions, attendance) proposing, and
    answering whatever the refusal model makes of it: for tests of how such an answer is shown,
    not of whether the fitted ranker prefers it to a sentence."""
    import assistant.answer

    monkeypatch.setattr(assistant.answer, "text_units", lambda q, ctx: [])
