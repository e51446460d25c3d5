"""The `ask` and `eval` commands (registered on the one command group in assistant/cli.py)."""

from __future__ import annotations

import json
import logging
import sys
import textwrap
from pathlib import Path

import click

from assistant.options import filter_options, make_filters
from assistant.settings import Settings

log = logging.getLogger(__name__)
# What /api/ask accepts (web/api.py AskIn): a request it would read otherwise is answered here.
API_MAX_K = 50
API_TURNS = 3  # the API reads a follow-up against the last three questions


def _location(row: dict) -> str:
    """Where a citation or passage stands: body · date · document · item · p. page (OCR)."""
    parts = [row["committee"], row["meeting_date"], row["document"], row["item"]]
    where = " · ".join(p for p in parts if p)
    where = f"{where} · p. {row['page']}" if row["page"] else where
    return where + (" (OCR)" if row.get("ocr") else "")  # text read from a scan


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(
        " ".join(text.split()), width=100, initial_indent=indent, subsequent_indent=indent
    )


def render(payload: dict, *, explain: bool = False) -> str:
    """The answer for people, from its `ask --json` object (so an answer from a running `serve`
    reads exactly as one made here): text, then numbered sources with their quotes."""
    lines = [payload["answer"], ""]
    if payload["answered"]:
        lines.append("Sources:")
        for c in payload["citations"]:
            lines += [f"[{c['n']}] {_location(c)}", _wrap(f"“{c['quote']}”"), ""]
    else:
        lines.append("Closest passages:")
        for n, h in enumerate(payload["passages"][:3], start=1):
            snippet = " ".join(h["text"].split())
            lines += [
                f"({n}) {_location(h)}",
                _wrap(snippet[:400] + ("…" if len(snippet) > 400 else "")),
                "",
            ]
    if explain:
        lines += _explain_lines(payload)
    return "\n".join(lines).rstrip() + "\n"


def _explain_lines(payload: dict) -> list[str]:
    why = payload["explain"]
    lines = [
        f"Question type: {why['question_type']}; best probability {why['confidence']:.3f}"
        + (f"; refused by {why['refused_by']}" if why["refused_by"] else "")
        + (f"; answered from {why['answered_by']}" if why["answered_by"] else ""),
        "Passages (rank, fused score, lexical rank, dense rank, matched terms):",
    ]
    for n, (h, r) in enumerate(zip(payload["passages"], why["passages"], strict=True), start=1):
        lines.append(
            f"  {n:2d}. chunk {r['chunk_id']} score={r['score']:.4f} "
            f"lexical={r['lexical_rank']} dense={r['dense_rank']} "
            f"terms={','.join(r['matched_terms']) or '-'} "
            f"| {h['document']} · {h['item'] or '-'} · p. {h['page']}"
        )
    lines.append("Candidates (fitted probability, answerer/unit, features, quote):")
    for d in why["candidates"]:
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


def _request(
    question: str, context: tuple[str, ...], *, k: int, explain: bool, filters, limit: int
) -> dict:
    """The /api/ask body that asks what `ask` would answer here; NotServed when the API would
    read the question otherwise (it strips and cuts text, keeps the last turns, lower-cases
    kinds)."""
    from assistant.served import NotServed

    committees, since, until, kinds = filters
    texts = (question, *context, *committees, *kinds)
    if (
        any(not t or t != t.strip() or len(t) > limit for t in texts)
        or any(x != x.lower() for x in kinds)
        or len(context) > API_TURNS
        or k > API_MAX_K
    ):
        raise NotServed("these options are not ones /api/ask reads the same way")
    body: dict = {"question": question, "context": list(context) or None, "k": k}
    if any(filters):
        body["filters"] = {
            "committees": list(committees),
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
            "kinds": list(kinds),
        }
    return body | ({"explain": True} if explain else {})


def _served(settings: Settings, question: str, context, *, k: int, explain: bool, filters):
    """The answer of a running `serve` of this index, or None (then `ask` answers itself)."""
    from assistant.served import NotServed, ask_server, running

    try:
        body = _request(
            question,
            context,
            k=k,
            explain=explain,
            filters=filters,
            limit=settings.max_question_chars,
        )
        payload = ask_server(running(settings.index), body)
        if explain and "explain" not in payload:
            raise NotServed("the server does not explain its answers (an older version?)")
        return payload
    except NotServed as why:
        log.debug("answering in this process: %s", why)
        return None


def _local(settings: Settings, question: str, context, *, k: int, explain: bool, filters):
    """The `ask --json` object, answered in this process (opening the index loads the model)."""
    from assistant.answer import ask as answer_question
    from assistant.runtime import open_index

    index = open_index(settings, read_only=True)
    result = answer_question(
        question, index=index, context=list(context) or None, filters=make_filters(*filters), k=k
    )
    payload = result.to_json()
    if explain:
        payload["explain"] = result.explain_json()
    return payload


def _batch(settings: Settings, batch, *, k: int, filters) -> None:
    from assistant.answer import ask as answer_question
    from assistant.runtime import open_index

    index = open_index(settings, read_only=True)
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
@click.option(
    "--local",
    is_flag=True,
    help="Answer in this process even when `serve` is running on the index "
    "(env BOARDPAPERS_ASK_LOCAL=1).",
)
@click.pass_obj
def ask(
    settings: Settings,
    question,
    context,
    as_json,
    batch,
    explain,
    k,
    committee,
    since,
    until,
    kind,
    local,
):
    """Answer a question from the papers, with verbatim quotes and numbered sources.

    When `boardpapers serve` is running on the same index, the question is sent to it (the
    model is already loaded there) and answered exactly as here; --local answers here.

    \b
    boardpapers ask "What did we recommend on Safe Havens?"
    boardpapers ask "Who is taking the third one forward?" \\
        --context "What did we recommend on Safe Havens?"
    boardpapers ask --json "How much was the overspend?"
    boardpapers ask --batch questions.jsonl > answers.jsonl
    boardpapers ask --local "What was agreed about the budget?"
    """
    if not question and batch is None:
        raise click.UsageError("Give a QUESTION or --batch FILE.")
    if question and len(question) > settings.max_question_chars:
        raise click.UsageError(
            f"The question is longer than {settings.max_question_chars} characters."
        )
    k = k or settings.top_k
    filters = (committee, since, until, kind)
    if batch is not None:
        _batch(settings, batch, k=k, filters=make_filters(*filters))
        return
    # Nothing heavy is imported until a running server has been tried: answered there, this
    # process never loads numpy, FAISS or the model (issue 13: `ask` starts in 2.5 s cold).
    payload = None
    if not (local or settings.ask_local):
        payload = _served(settings, question, context, k=k, explain=explain, filters=filters)
    if payload is None:
        payload = _local(settings, question, context, k=k, explain=explain, filters=filters)
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(render(payload, explain=explain), nl=False)


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
    from assistant.runtime import open_index

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
