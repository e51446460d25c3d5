"""The `timeline` command: what happened to a subject, meeting by meeting."""

from __future__ import annotations

import json
import textwrap

import click

from assistant.options import iso_date, make_filters
from assistant.settings import Settings


@click.command("timeline")
@click.argument("topic")
@click.option("--committee", multiple=True, help="Only this committee (repeatable).")
@click.option("--since", callback=iso_date, help="Meetings on or after YYYY-MM-DD.")
@click.option("--until", callback=iso_date, help="Meetings on or before YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable entries.")
@click.pass_obj
def timeline(settings: Settings, topic: str, committee, since, until, as_json: bool) -> None:
    """One entry per meeting that dealt with TOPIC, oldest first, each with a verbatim quote.

    \b
    boardpapers timeline "Northern Distributor Road"
    boardpapers timeline greenway --since 2019-01-01 --committee "Adare-Rathkeale"
    boardpapers timeline "Mungret" --json > mungret.json
    """
    from assistant.timeline import build
    from index.store import Index

    if not topic.strip():
        raise click.BadParameter("give a subject, such as 'greenway'", param_hint="TOPIC")
    # a timeline reads text and records only: the model is never loaded
    index = Index.open(settings.index, embedder=None, read_only=True)
    try:
        result = build(topic, index, filters=make_filters(committee, since, until, ()))
    finally:
        index.close()
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(render(result), nl=False)


def render(result) -> str:
    """The timeline for people: one block per meeting, the names searched for at the top."""
    lines = []
    if len(result.names) > 1:
        lines += [f"Also searched as: {', '.join(result.names[1:])}", ""]
    if not result.entries:
        lines.append(f"No meeting in the index dealt with {result.topic!r}.")
        return "\n".join(lines) + "\n"
    for e in result.entries:
        where = " · ".join(x for x in (e.meeting_date.isoformat(), e.committee, e.item) if x)
        lines.append(f"{where}  [{e.kind}]")
        flat = " ".join(e.quote.split())
        lines.append(textwrap.indent(textwrap.fill(f"“{flat}”", 96), "    "))
        page = f", p. {e.page}" if e.page else ""
        lines.append(f"    Source: {e.document}{page} — {e.url}")
        lines.append("")
    n = len(result.entries)
    lines.append(f"{n} meeting{'' if n == 1 else 's'}.")
    if result.undated:
        lines.append(f"{result.undated} mention(s) in papers without a meeting date are not shown.")
    return "\n".join(lines) + "\n"
