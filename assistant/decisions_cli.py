"""The `decisions` command: the register of recommendations, resolutions, actions, next steps,
motions and amendments."""

from __future__ import annotations

import csv
import json
import sys
import textwrap

import click

from assistant.options import iso_date
from assistant.register import FIELDS, csv_row, full_text, query_register, to_json
from assistant.register.agreements import KIND as AGREEMENT
from assistant.register.motion_records import MOTION_KINDS
from assistant.register.query import KINDS
from assistant.settings import Settings


@click.command("decisions")
@click.option("--topic", help='Only records about this ("safe havens"), most relevant first.')
@click.option("--committee", multiple=True, help="Only this committee (repeatable).")
@click.option("--since", callback=iso_date, help="Made at meetings on or after YYYY-MM-DD.")
@click.option("--until", callback=iso_date, help="Made at meetings on or before YYYY-MM-DD.")
@click.option(
    "--kind", type=click.Choice(KINDS), multiple=True, help="Only this kind (repeatable)."
)
@click.option(
    "--open",
    "open_only",
    is_flag=True,
    help="Only records with no response or decision yet, or a check after the latest meeting.",
)
@click.option(
    "--dense", is_flag=True, help="Rank --topic matches by meaning too (loads the model)."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable list of records.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with one row per record.")
@click.pass_obj
def decisions(
    settings: Settings, topic, committee, since, until, kind, open_only, dense, as_json, as_csv
) -> None:
    """List what was recommended, resolved, actioned, promised and moved, with sources.

    \b
    boardpapers decisions --since 2025-01-01
    boardpapers decisions --topic "safe havens"
    boardpapers decisions --kind recommendation --open --committee "Social Care Services Board"
    boardpapers decisions --kind amendment --since 2025-01-01
    boardpapers decisions --json > register.json
    boardpapers decisions --csv > register.csv
    """
    if as_json and as_csv:
        raise click.UsageError("Choose one of --json and --csv.")
    from assistant.runtime import open_index

    index = open_index(settings, read_only=True)
    records = query_register(
        index,
        topic=topic,
        committee=tuple(committee),
        since=since,
        until=until,
        kind=tuple(kind),
        open_only=open_only,
        embedder=index.embedder if dense else None,
    )
    if as_json:
        click.echo(json.dumps([to_json(r) for r in records], indent=2, ensure_ascii=False))
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([*FIELDS, "chain"])
        writer.writerows(csv_row(r) for r in records)
    else:
        click.echo(render(records), nl=False)


def render(records: list[dict]) -> str:
    """The register for people: one block per record, its chain underneath, a count at the end."""
    if not records:
        return "No matching records (is anything ingested? try without filters).\n"
    lines: list[str] = []
    for r in records:
        label = f"{r['kind']} {r['number']}" if r.get("number") else r["kind"]
        where = " · ".join(
            str(x) for x in (r.get("committee"), r.get("meeting_date"), r.get("item")) if x
        )
        page = f" · p. {r['page']}" if r.get("page") else ""
        flag = "  [open]" if r.get("open") else ""
        lines.append(f"[{r['record_id']}] {label} · {where}{page}{flag}")
        # a motion's wording is shown apart from who moved it; other records read on in full,
        # after the lead-in their part hangs from ("The Committee agreed:-")
        if r.get("lead_in") and r["kind"] not in MOTION_KINDS:
            lines.append(_wrap(r["lead_in"]))
        lines.append(_wrap(r["text"] if r["kind"] in MOTION_KINDS else full_text(r)))
        if r["kind"] in MOTION_KINDS:
            facts = [r["lead_in"][:1].upper() + r["lead_in"][1:]] if r.get("lead_in") else []
            if r.get("continuation"):  # the wording the page after the proposal holds
                facts.insert(0, f"Wording: {r['continuation']}")
            if r.get("status"):
                facts.append(f"Outcome: {r['status']}")
        else:
            facts = [
                f"{name}: {r[key]}"
                for name, key in (("Owner", "owner"), ("Due", "due"))
                if r.get(key)
            ]
            if r.get("status"):
                # an agreement's status is the meeting's outcome, not a later response to it
                said = "Outcome" if r["kind"] == AGREEMENT else "Response"
                facts.append(f"{said}: {' '.join(r['status'].split())}")
        if facts:
            lines.append(_wrap(" · ".join(facts)))
        if r.get("url"):
            lines.append(f"    Source: {r.get('document') or 'paper'} — {r['url']}")
        for c in r.get("chain", []):
            seen = c.get("document") or ""
            status = f" — response: {' '.join(c['status'].split())}" if c.get("status") else ""
            due = f" — check: {c['due']}" if c.get("due") else ""
            lines.append(
                _wrap(f"↳ [{c['record_id']}] {c['kind']} in {seen}{status}{due}", "      ")
            )
        lines.append("")
    still_open = sum(1 for r in records if r.get("open"))
    lines.append(f"{len(records)} record{'' if len(records) == 1 else 's'}, {still_open} open.")
    return "\n".join(lines) + "\n"


def _wrap(text: str, indent: str = "    ") -> str:
    flat = " ".join(text.split())
    return textwrap.fill(flat, width=100, initial_indent=indent, subsequent_indent=indent)
