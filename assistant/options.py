"""Option types the commands share: ISO dates and the committee/date/kind filters."""

from __future__ import annotations

from datetime import date

import click

from index.types import Filters


def iso_date(_ctx, _param, value: str | None) -> date | None:
    """Click callback: YYYY-MM-DD to a date, with a message that shows the form."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise click.BadParameter(f"{value!r} is not a date like 2025-01-30") from err


def filter_options(fn):
    """The committee, date range and kind filters shared by search and ask."""
    fn = click.option("--kind", multiple=True, help="Document kind (minutes, report, ...).")(fn)
    fn = click.option("--until", callback=iso_date, help="Meetings on or before YYYY-MM-DD.")(fn)
    fn = click.option("--since", callback=iso_date, help="Meetings on or after YYYY-MM-DD.")(fn)
    fn = click.option("--committee", multiple=True, help="Only this committee (repeatable).")(fn)
    return fn


def make_filters(committee, since, until, kind) -> Filters | None:
    """Filters from the options, None when none was given."""
    if not (committee or since or until or kind):
        return None
    return Filters(committees=tuple(committee), since=since, until=until, kinds=tuple(kind))
