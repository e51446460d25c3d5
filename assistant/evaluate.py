"""`boardpapers eval`: retrieval, answer-key, refusal and latency figures over a QA file."""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.sentences import normalise
from assistant.types import Answer

_MARKER = re.compile(r"\[\d+\]")
WINDOW = 50  # characters of an evidence quote a passage must contain to count as holding it


class QAFileError(ValueError):
    """A QA file that cannot be read."""


@dataclass(frozen=True)
class QARow:
    """One evaluation question."""

    id: str
    question: str
    context: str | list[str] | None
    must_contain: tuple[str, ...]
    evidence: tuple[str, ...]
    qtype: str  # "unanswerable" marks questions the papers do not answer

    @property
    def answerable(self) -> bool:
        return self.qtype != "unanswerable"


@dataclass(frozen=True)
class Outcome:
    """How one question went."""

    row: QARow
    answer: Answer
    seconds: float
    evidence_rank: int | None  # 1-based rank of the first passage holding evidence
    key_hit: bool  # the answer text holds every must_contain string
    verbatim: int = 0  # citations whose quote stands in the stored text of the chunk they cite


@dataclass
class Report:
    """The figures `boardpapers eval` prints."""

    outcomes: list[Outcome] = field(default_factory=list)

    def _answerable(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.row.answerable and o.row.evidence]

    def figures(self) -> dict[str, float | int]:
        """hit@5, MRR, answer key hit, refusal accuracy, false refusals, latency."""
        answerable = self._answerable()
        unanswerable = [o for o in self.outcomes if not o.row.answerable]
        answered = [o for o in answerable if o.answer.answered]
        seconds = sorted(o.seconds for o in self.outcomes) or [0.0]
        ranks = [o.evidence_rank for o in answerable]
        words = sorted(answer_words(o.answer.answer) for o in self.outcomes if o.answer.answered)
        quotes = sum(len(o.answer.citations) for o in self.outcomes)
        return {
            "questions": len(self.outcomes),
            "hit@5": _share([r is not None and r <= 5 for r in ranks]),
            "mrr": _mean([1 / r if r else 0.0 for r in ranks]),
            "answer_key_hit": _share([o.key_hit for o in answered]),
            "answer_key_hit_all": _share([o.key_hit for o in answerable]),
            "refusal_accuracy": _share([not o.answer.answered for o in unanswerable]),
            "false_refusal_rate": _share([not o.answer.answered for o in answerable]),
            "quotes_verbatim": sum(o.verbatim for o in self.outcomes) / quotes if quotes else 0.0,
            "median_words": statistics.median(words) if words else 0,
            "p90_words": words[int(0.9 * (len(words) - 1))] if words else 0,
            "p50_ms": 1000 * statistics.median(seconds),
            "p95_ms": 1000 * seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))],
        }

    def by_type(self) -> dict[str, dict[str, int]]:
        """Per question type of the QA file: questions, answered, and answer-key hits."""
        out: dict[str, dict[str, int]] = {}
        for o in self.outcomes:
            row = out.setdefault(o.row.qtype or "-", {"questions": 0, "answered": 0, "key_hit": 0})
            row["questions"] += 1
            row["answered"] += o.answer.answered
            row["key_hit"] += o.key_hit and o.row.answerable
        return dict(sorted(out.items()))


def format_by_type(by_type: dict[str, dict[str, int]]) -> str:
    """One line per question type: key hits and answers out of its questions (for questions
    the papers do not answer, a key hit means nothing and is not shown)."""
    lines = [f"{'type':20s} {'key hit':>8s} {'answered':>9s}"]
    for name, row in by_type.items():
        n = row["questions"]
        hits = f"{row['key_hit']:>4d}/{n:<3d}" if name != "unanswerable" else f"{'-':>8s}"
        lines.append(f"{name:20s} {hits} {row['answered']:>5d}/{n:<3d}")
    return "\n".join(lines)


def answer_words(text: str) -> int:
    """Words of an answer, its [n] citation markers not counted."""
    return len(_MARKER.sub(" ", text).split())


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _norm(text: str) -> str:
    return normalise(text).lower()


def holds_evidence(text: str, evidence: str) -> bool:
    """True when text holds the evidence, or any 50-character run of it (whitespace/case-blind)."""
    hay, needle = _norm(text), _norm(evidence)
    if len(needle) <= WINDOW:
        return needle in hay
    return any(needle[i : i + WINDOW] in hay for i in range(len(needle) - WINDOW + 1))


def contains_all(text: str, needles: Iterable[str]) -> bool:
    """True when text holds every needle (whitespace- and case-blind)."""
    hay = _norm(text)
    return all(_norm(n) in hay for n in needles)


def evidence_rank(answer: Answer, evidence: Iterable[str]) -> int | None:
    """1-based rank of the first passage holding any evidence quote, None when none does."""
    quotes = list(evidence)
    for rank, passage in enumerate(answer.passages, start=1):
        if any(holds_evidence(passage.text, q) for q in quotes):
            return rank
    return None


def load_rows(path: Path) -> list[QARow]:
    """Read a QA JSON Lines file."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            rows.append(
                QARow(
                    id=str(data.get("id", number)),
                    question=data["question"],
                    context=data.get("context") or None,
                    must_contain=tuple(data.get("must_contain") or ()),
                    evidence=tuple(data.get("evidence") or ()),
                    qtype=data.get("type", ""),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise QAFileError(f"Line {number} of `{path}` is not a QA row: {err}") from err
    return rows


def evaluate(
    rows: Iterable[QARow],
    answer: Callable[[QARow], Answer],
    chunk_text: Callable[[int], str | None] = lambda _: None,
) -> Report:
    """Answer every row and score it; `chunk_text` gives a cited chunk's stored text."""
    report = Report()
    for row in rows:
        started = time.perf_counter()
        result = answer(row)
        seconds = time.perf_counter() - started
        report.outcomes.append(
            Outcome(
                row=row,
                answer=result,
                seconds=seconds,
                evidence_rank=evidence_rank(result, row.evidence),
                key_hit=result.answered and contains_all(result.answer, row.must_contain),
                verbatim=sum(c.quote in (chunk_text(c.chunk_id) or "") for c in result.citations),
            )
        )
    return report


def format_figures(figures: dict[str, float | int]) -> str:
    """The figures as aligned lines for the terminal."""
    lines = []
    for name, value in figures.items():
        shown = f"{value:.1f}" if name.endswith(("_ms", "_words")) else f"{value:.3f}"
        lines.append(f"{name:20s} {value if isinstance(value, int) else shown}")
    return "\n".join(lines)
