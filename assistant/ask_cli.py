"""The `ask` and `eval` commands (registered on the one command group in assistant/cli.py)."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import click

from assistant.options import filter_options, make_filters
from assistant.runtime import open_index
from assistant.settings import Settings
from assistant.types import Answer


def _location(committee, meeting_date, document, item, page) -> str:
    parts = [committee, meeting_date.isoformat() if meeting_date else None, document, item]
    where = " · ".join(p for p in parts if p)
    return f"{where} · p. {page}" if page else where


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(
        " ".join(text.split()), width=100, initial_indent=indent, subsequent_indent=indent
    )


def render(answer: Answer, *, explain: bool = False) -> str:
    """The answer for people: text, then numbered sources with their quotes."""
    lines = [answer.answer, ""]
    if answer.answered:
        lines.append("Sources:")
        for c in answer.citations:
            where = _location(c.committee, c.meeting_date, c.document, c.item, c.page)
            where += " (OCR)" if c.ocr else ""  # text read from a scan
            lines += [f"[{c.n}] {where}", _wrap(f"“{c.quote}”"), ""]
    else:
        lines.append("Closest passages:")
        for n, h in enumerate(answer.passages[:3], start=1):
            where = _location(h.committee, h.meeting_date, h.document, h.item, h.page)
            where += " (OCR)" if h.ocr else ""
            snippet = " ".join(h.text.split())
            lines += [
                f"({n}) {where}",
                _wrap(snippet[:400] + ("…" if len(snippet) > 400 else "")),
                "",
            ]
    if explain:
        lines += _explain_lines(answer)
    return "\n".join(lines).rstrip() + "\n"


def _explain_lines(answer: Answer) -> list[str]:
    lines = [
        f"Question type: {answer.question_type}; best probability {answer.confidence:.3f}"
        + (f"; refused by {answer.refused_by}" if answer.refused_by else "")
        + (f"; answered from {answer.answered_by}" if answer.answered_by else ""),
        "Passages (rank, fused score, lexical rank, dense rank, matched terms):",
    ]
    for n, h in enumerate(answer.passages, start=1):
        lines.append(
            f"  {n:2d}. chunk {h.chunk_id} score={h.score:.4f} lexical={h.lexical_rank} "
            f"dense={h.dense_rank} terms={','.join(h.matched_terms) or '-'} "
            f"| {h.document} · {h.item or '-'} · p. {h.page}"
        )
    lines.append("Candidates (fitted probability, answerer/unit, features, quote):")
    for d in answer.explain:
        feats = " ".join(f"{k}={v}" for k, v in d["features"].items())
        lines.append(f"  {d['score']:.3f} {d['answerer']}/{d['unit']} chunk {d['chunk_id']}")
        lines.append(_wrap(feats, "      "))
        lines.append(_wrap(" ".join(d["quote"].split()), "      "))
    return lines


def _context(value) -> list[str] | None:
    """Earlier turns from a batch row: a string, or a list of strings or {question: ...} objects."""
    if not value:
        return None
    turns = value if isinstance(value, list) else [value]
    return [t["question"] if isinstance(t, dict) else str(t) for t in turns if t]


@click.command()
@click.argument("question", required=False)
@click.option("--context", "context", multiple=True, help="An earlier question (repeat for more).")
@click.option("--json", "as_json", is_flag=True, help="Print the response object as JSON.")
@click.option(
    "--batch",
    type=click.File("r", encoding="utf-8"),
    help="JSON Lines of {id, question, context}; writes one response object per line.",
)
@click.option("--explain", is_flag=True, help="Show candidate passages, their ranks and scores.")
@click.option("-k", "k", type=int, default=None, help="Passages to retrieve (default: settings).")
@filter_options
@click.pass_obj
def ask(
    settings: Settings, question, context, as_json, batch, explain, k, committee, since, until, kind
):
    """Answer a question from the papers, with verbatim quotes and numbered sources.

    \b
    boardpapers ask "What did we recommend on Safe Havens?"
    boardpapers ask "Who is taking the third one forward?" \\
        --context "What did we recommend on Safe Havens?"
    boardpapers ask --json "How much was the overspend?"
    boardpapers ask --batch questions.jsonl > answers.jsonl
    """
    from assistant.answer import ask as answer_question

    if not question and batch is None:
        raise click.UsageError("Give a QUESTION or --batch FILE.")
    if question and len(question) > settings.max_question_chars:
        raise click.UsageError(
            f"The question is longer than {settings.max_question_chars} characters."
        )
    index = open_index(settings, read_only=True)
    k = k or settings.top_k
    filters = make_filters(committee, since, until, kind)
    if batch is not None:
        for number, line in enumerate(batch, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = row["question"]
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise click.ClickException(
                    f"Line {number} of the batch is not {{id, question}}: {err}"
                ) from err
            result = answer_question(
                text, index=index, context=_context(row.get("context")), filters=filters, k=k
            )
            click.echo(json.dumps({"id": row.get("id"), **result.to_json()}, ensure_ascii=False))
        return
    result = answer_question(
        question, index=index, context=list(context) or None, filters=filters, k=k
    )
    if as_json:
        payload = result.to_json()
        if explain:
            payload["explain"] = {
                "question_type": result.question_type,
                "refused_by": result.refused_by,
                "answered_by": result.answered_by,
                "confidence": result.confidence,
                "candidates": result.explain,
            }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(render(result, explain=explain), nl=False)


@click.command(name="eval")
@click.argument("qa_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-k", "k", type=int, default=None, help="Passages to retrieve (default: settings).")
@click.option(
    "--failures", is_flag=True, help="List the questions that missed, with their answers."
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def eval_command(settings: Settings, qa_file: Path, k, failures, as_json):
    """Measure answers against a QA file (JSON Lines: id, question, context, must_contain, ...).

    Prints hit@5 and MRR of the passages, answer-key hit, refusal accuracy, false refusals, the
    share of quotes found verbatim in the chunk they cite, answer length (median and 90th
    percentile words) and latency per question, then key hits and answers per question type.

    \b
    boardpapers eval ../shared/eval/dev_qa.jsonl
    boardpapers eval questions.jsonl --failures
    """
    from assistant.answer import ask as answer_question
    from assistant.evaluate import QAFileError, format_by_type, format_figures, load_rows
    from assistant.evaluate import evaluate as run

    try:
        rows = load_rows(qa_file)
    except QAFileError as err:
        raise click.ClickException(str(err)) from err
    index = open_index(settings, read_only=True)
    k = k or settings.top_k
    # Warm up (model load, caches) so latency figures are per question, not per process.
    answer_question("warm up", index=index, k=k)
    report = run(
        rows,
        lambda r: answer_question(r.question, index=index, context=r.context, k=k),
        lambda chunk_id: getattr(index.chunk(chunk_id), "text", None),
    )
    figures = report.figures()
    if as_json:
        click.echo(json.dumps({**figures, "by_type": report.by_type()}, indent=2))
    else:
        click.echo(format_figures(figures))
        click.echo("\n" + format_by_type(report.by_type()))
    if failures:
        for o in report.outcomes:
            wrong = (o.row.answerable and not o.key_hit) or (
                not o.row.answerable and o.answer.answered
            )
            if wrong:
                click.echo(
                    f"\n{o.row.id} [{o.row.qtype} -> {o.answer.question_type}] {o.row.question}\n"
                    f"  answered={o.answer.answered} refused_by={o.answer.refused_by} "
                    f"conf={o.answer.confidence:.3f} evidence_rank={o.evidence_rank}\n"
                    f"  must_contain={list(o.row.must_contain)}\n"
                    + _wrap(o.answer.answer[:600], "  > "),
                    file=sys.stdout,
                )
