"""The `ask` and `eval` commands through click's CliRunner, on the fictional minutes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import assistant.runtime
from assistant.ask_cli import ask, eval_command
from assistant.settings import Settings
from index.store import Index


@pytest.fixture
def settings(minutes_index, embedder, monkeypatch) -> Settings:
    """Settings naming the fixture index; the CLI reuses the session's loaded model."""

    def open_index(settings: Settings, *, read_only: bool = False) -> Index:
        return Index.open(settings.index, embedder=embedder, read_only=read_only)

    monkeypatch.setattr(assistant.runtime, "open_index", open_index)
    return Settings(index=minutes_index.path)


def run(command, args, settings):
    result = CliRunner().invoke(command, args, obj=settings, catch_exceptions=False)
    return result


def test_ask_prints_answer_then_sources(settings):
    result = run(ask, ["How many residents received meals each week?"], settings)
    assert result.exit_code == 0, result.output
    assert "1,240" in result.output and "Sources:" in result.output, result.output
    assert "[1] Adult Services Select Committee · 2024-03-12" in result.output, result.output


def test_ask_json_and_explain(settings):
    result = run(ask, ["--json", "--explain", "When will the committee next meet?"], settings)
    data = json.loads(result.output)
    assert data["answered"] and "11 June 2024" in data["answer"], data["answer"]
    assert data["explain"]["question_type"] == "when"
    assert data["explain"]["answered_by"] == "text"
    candidate = data["explain"]["candidates"][0]
    assert {"answerer", "unit", "score", "features", "quote"} <= set(candidate), candidate
    assert candidate["features"] and 0 <= candidate["score"] <= 1, candidate


def test_ask_refusal_shows_closest_passages(settings, monkeypatch):
    from dataclasses import replace

    import assistant.answer
    from assistant.rank import fitted_ranker

    strict = replace(fitted_ranker(), refuse_below=1.01)  # refuse whatever is asked
    monkeypatch.setattr(assistant.answer, "fitted_ranker", lambda: strict)
    result = run(ask, ["--explain", "What is the budget for the new swimming pool?"], settings)
    assert result.exit_code == 0
    assert "do not say" in result.output and "Closest passages:" in result.output, result.output
    assert "refused by" in result.output, result.output


def test_ask_batch_writes_one_object_per_line(settings, tmp_path):
    rows = [
        {"id": "a", "question": "What did the committee recommend on home care workforce?"},
        {
            "id": "b",
            "question": "Who is taking the first one forward?",
            "context": ["What did the committee recommend on home care workforce?"],
        },
    ]
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = run(ask, ["--batch", str(path)], settings)
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"], result.output
    assert all(line["answered"] for line in lines), result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [([], "Give a QUESTION or --batch FILE"), (["x" * 2000], "longer than")],
)
def test_ask_usage_errors(settings, args, message):
    result = CliRunner().invoke(ask, args, obj=settings)
    assert result.exit_code == 2 and message in result.output, result.output


def test_eval_prints_figures(settings, tmp_path):
    rows = [
        {
            "id": "1",
            "type": "figure",
            "question": "How much is the Hearth Foods contract worth?",
            "must_contain": ["£2.4 million"],
            "evidence": [
                "The contract with Hearth Foods Ltd is worth £2.4 million over three years."
            ],
        },
        {"id": "2", "type": "unanswerable", "question": "What did the new swimming pool cost?"},
    ]
    path = tmp_path / "qa.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    result = run(eval_command, ["--json", str(path)], settings)
    figures = json.loads(result.output)
    assert figures["hit@5"] == 1.0 and figures["answer_key_hit"] == 1.0, figures
    refused = 1 - figures["by_type"]["unanswerable"]["answered"]
    assert figures["refusal_accuracy"] == refused and figures["false_refusal_rate"] == 0.0
    assert figures["by_type"]["figure"] == {"questions": 1, "answered": 1, "key_hit": 1}
    lines = run(eval_command, [str(path)], settings).output.splitlines()
    assert any(line.split()[:3] == ["figure", "1/1", "1/1"] for line in lines), lines


def test_eval_rejects_a_bad_file(settings, tmp_path):
    path = tmp_path / "qa.jsonl"
    path.write_text("not json\n")
    result = CliRunner().invoke(eval_command, [str(path)], obj=settings)
    assert result.exit_code == 1 and "Line 1" in result.output, result.output
