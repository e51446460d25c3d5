"""The decisions register in the web app: the page, its CSV download and GET /api/decisions."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from assistant.register import FIELDS, csv_row, query_register, to_json
from assistant.register.motion_records import MOTION_KINDS
from assistant.register.query import KINDS
from web.deps import MaybeIndexDep, SettingsDep
from web.errors import BadRequest
from web.filters import check_topic, date_range

router = APIRouter()

TopicQ = Annotated[str, Query(description="Only records about this, most relevant first.")]
CommitteeQ = Annotated[list[str], Query(description="Committee (repeatable).")]
DateQ = Annotated[str, Query(description="Meeting date, YYYY-MM-DD.")]
KindQ = Annotated[list[str], Query(description=f"Record kind (repeatable): {', '.join(KINDS)}.")]
OpenQ = Annotated[bool, Query(description="Only records with no response or decision yet.")]
PageQ = Annotated[int, Query(ge=1, description="Page of the list, from 1.")]
OffsetQ = Annotated[int, Query(ge=0, description="Records to skip (all records when left out).")]
LimitQ = Annotated[int | None, Query(ge=1, description="At most this many records.")]

PAGE_SIZE = 50  # records on one page of /decisions; the CSV and the API return them all


@dataclass(frozen=True)
class RegisterQuery:
    """The register's filters as checked from the query string (the CLI's options)."""

    topic: str = ""
    committees: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    kinds: tuple[str, ...] = ()
    open_only: bool = False

    def params(self) -> dict[str, Any]:
        """The query string that asks for these filters again (for the CSV link)."""
        out: dict[str, Any] = {}
        if self.topic:
            out["topic"] = self.topic
        if self.committees:
            out["committee"] = list(self.committees)
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        if self.kinds:
            out["kind"] = list(self.kinds)
        if self.open_only:
            out["open"] = "1"
        return out

    @property
    def any(self) -> bool:
        return bool(self.params())


def check_query(
    topic: str, committees, since: str, until: str, kinds, open_only: bool, limit: int
) -> RegisterQuery:
    """The filters, or BadRequest naming the field: a bad date, reversed dates, an unknown kind."""
    topic = check_topic(topic, limit)
    wanted = tuple(
        k.strip().lower().replace("_", "-").replace(" ", "-") for k in kinds if k.strip()
    )
    unknown = [k for k in wanted if k not in KINDS]
    if unknown:
        raise BadRequest(f"Unknown record kind {unknown[0]!r}: use one of {', '.join(KINDS)}")
    start, end = date_range(since, until)
    return RegisterQuery(
        topic=topic,
        committees=tuple(c.strip() for c in committees if c.strip()),
        since=start,
        until=end,
        kinds=wanted,
        open_only=open_only,
    )


def find(index, query: RegisterQuery) -> list[dict]:
    """The records these filters select (none before anything is ingested)."""
    if index is None:
        return []
    return query_register(
        index,
        topic=query.topic or None,
        committee=query.committees,
        since=query.since,
        until=query.until,
        kind=query.kinds,
        open_only=query.open_only,
    )


def record_json(record: dict) -> dict[str, Any]:
    """The `decisions --json` shape plus whether it is open and where the viewer shows it."""
    out = {**to_json(record), "open": record.get("open"), "url": record.get("url")}
    out["chain"] = [
        {**shape, "url": linked.get("url")}
        for shape, linked in zip(out["chain"], record.get("chain", []), strict=True)
    ]
    return out


def csv_text(records: list[dict]) -> str:
    """The `decisions --csv` output: the JSON fields and the chain, one row per record."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*FIELDS, "chain"])
    writer.writerows(csv_row(r) for r in records)
    return buffer.getvalue()


def kind_name(kind: str | None) -> str:
    """ "next-step" -> "Next step", for headings and the kind select."""
    return (kind or "record").replace("-", " ").capitalize()


def flat(text: str | None) -> str:
    """One line of words: PDF line breaks inside a sentence are not the author's."""
    return " ".join((text or "").split())


def register_query(
    settings: SettingsDep,
    topic: TopicQ = "",
    committee: CommitteeQ = [],  # noqa: B006
    since: DateQ = "",
    until: DateQ = "",
    kind: KindQ = [],  # noqa: B006
    open: OpenQ = False,  # noqa: A002 (the form field's name)
) -> RegisterQuery:
    """The filters shared by the page, its CSV and the API, checked once."""
    return check_query(topic, committee, since, until, kind, open, settings.max_question_chars)


QueryDep = Annotated[RegisterQuery, Depends(register_query)]


@dataclass(frozen=True)
class Paging:
    """One page of the register's records and the links to its neighbours."""

    number: int
    pages: int
    total: int
    first: int  # 1-based position of the page's first record (0 when the page is empty)
    last: int
    prev_url: str | None
    next_url: str | None
    last_url: str | None  # the last page, for a page past the end

    @property
    def past_end(self) -> bool:
        return self.total > 0 and self.number > self.pages


def paginate(total: int, number: int, query: RegisterQuery, size: int = PAGE_SIZE) -> Paging:
    """Where page `number` of `total` records starts and ends, with links keeping the filters."""
    pages = max(1, -(-total // size))

    def url(n: int) -> str:
        params = {**query.params(), **({"page": n} if n > 1 else {})}
        return "/decisions" + (f"?{urlencode(params, doseq=True)}" if params else "")

    first = (number - 1) * size + 1
    shown = first <= total
    return Paging(
        number=number,
        pages=pages,
        total=total,
        first=first if shown else 0,
        last=min(total, number * size) if shown else 0,
        prev_url=url(number - 1) if 1 < number <= pages else None,
        next_url=url(number + 1) if number < pages else None,
        last_url=url(pages),
    )


@router.get("/decisions", response_class=HTMLResponse, include_in_schema=False)
def decisions_page(request: Request, index: MaybeIndexDep, query: QueryDep, page: PageQ = 1):
    """The register: filters as a plain GET form, a page of records with sources and chains."""
    records = find(index, query)
    recorded = bool(records) or (index is not None and index.has_records())
    params = urlencode(query.params(), doseq=True)
    paging = paginate(len(records), page, query)
    context = {
        "query": query,
        "records": records[paging.first - 1 : paging.last] if paging.first else [],
        "paging": paging,
        "recorded": recorded,
        "open_count": sum(1 for r in records if r.get("open")),
        "committees": index.committees() if index is not None else [],
        "kinds": KINDS,
        "motion_kinds": MOTION_KINDS,
        "kind_name": kind_name,
        "flat": flat,
        "csv_url": "/decisions.csv" + (f"?{params}" if params else ""),
    }
    return request.app.state.templates.TemplateResponse(request, "decisions.html", context)


@router.get("/decisions.csv", include_in_schema=False)
def decisions_csv(index: MaybeIndexDep, query: QueryDep) -> Response:
    """The page's records as a spreadsheet (the header alone when there are none)."""
    return Response(
        csv_text(find(index, query)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="decisions.csv"'},
    )


@router.get("/api/decisions", tags=["api"], summary="The decisions and commitments register")
def api_decisions(
    index: MaybeIndexDep, query: QueryDep, offset: OffsetQ = 0, limit: LimitQ = None
) -> list[dict[str, Any]]:
    """The `decisions --json` list (each record with `open` and `url`); [] before any ingest.

    Every matching record unless `offset`/`limit` ask for a slice of the list.
    """
    records = find(index, query)
    end = None if limit is None else offset + limit
    return [record_json(r) for r in records[offset:end]]
