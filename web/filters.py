"""Committee, date-range and kind filters as the API and the forms receive them."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from corpus.types import Kind
from index.types import Filters
from web.errors import BadRequest

KINDS = tuple(k.value for k in Kind if k is not Kind.PACK)
MAX_ID = 2**63 - 1  # SQLite's largest integer: a larger id cannot even be looked up


class FiltersIn(BaseModel):
    """Restrictions on the passages searched; every field is optional."""

    committees: list[str] = Field(default_factory=list, description="Committee names (any of).")
    since: date | None = Field(default=None, description="Meetings on or after this date.")
    until: date | None = Field(default=None, description="Meetings on or before this date.")
    kinds: list[str] = Field(
        default_factory=list, description=f"Document kinds: {', '.join(KINDS)}."
    )
    paper_ids: list[str] = Field(default_factory=list, description="Only these papers.")


def make_filters(
    committees=(), since: date | None = None, until: date | None = None, kinds=(), paper_ids=()
) -> Filters | None:
    """Filters, or None when nothing restricts; BadRequest on an unknown kind or reversed dates."""
    committees = tuple(c.strip() for c in committees if c and c.strip())
    kinds = tuple(k.strip().lower() for k in kinds if k and k.strip())
    paper_ids = tuple(p.strip() for p in paper_ids if p and p.strip())
    unknown = [k for k in kinds if k not in {x.value for x in Kind}]
    if unknown:
        raise BadRequest(f"Unknown document kind {unknown[0]!r}: use one of {', '.join(KINDS)}")
    if since and until and since > until:
        raise BadRequest(f"The date range is reversed: {since} is after {until}")
    if not (committees or since or until or kinds or paper_ids):
        return None
    return Filters(
        committees=committees, since=since, until=until, kinds=kinds, paper_ids=paper_ids
    )


def from_model(body: FiltersIn | None) -> Filters | None:
    if body is None:
        return None
    return make_filters(body.committees, body.since, body.until, body.kinds, body.paper_ids)


def parse_date(value: str | None, field: str) -> date | None:
    """A form's date field (empty means none); BadRequest names the field when it is not a date."""
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as err:
        raise BadRequest(f"{field} must be a date like 2025-01-30, not {value!r}") from err


def check_text(text: str, limit: int, field: str = "question") -> str:
    """A question or query, stripped; BadRequest when it is empty or longer than the limit."""
    text = (text or "").strip()
    if not text:
        raise BadRequest(f"The {field} is empty: type a question")
    if len(text) > limit:
        raise BadRequest(
            f"The {field} is {len(text)} characters long; the limit is {limit} "
            "(BOARDPAPERS_MAX_QUESTION_CHARS)"
        )
    return text


def check_topic(topic: str | None, limit: int) -> str:
    """A topic box's words on one line (empty allowed); BadRequest when longer than the limit."""
    topic = " ".join((topic or "").split())
    if len(topic) > limit:
        raise BadRequest(
            f"The topic is {len(topic)} characters long; the limit is {limit} "
            "(BOARDPAPERS_MAX_QUESTION_CHARS)"
        )
    return topic


def date_range(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """A form's "Meetings from" and "Meetings to" dates; BadRequest names a bad or reversed one."""
    start, end = parse_date(since, "From date"), parse_date(until, "To date")
    if start and end and start > end:
        raise BadRequest(f"The date range is reversed: {start} is after {end}")
    return start, end
