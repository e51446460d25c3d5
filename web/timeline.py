"""Topic timelines in the web app: the /timeline page with its chart, and GET /api/timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from assistant.timeline import Entry, Timeline, build
from index.types import Filters
from web.deps import MaybeIndexDep, RateDep, SettingsDep
from web.errors import BadRequest
from web.filters import check_topic, date_range

router = APIRouter()

TopicQ = Annotated[str, Query(description="The subject to follow, e.g. 'greenway'.")]
CommitteeQ = Annotated[list[str], Query(description="Committee (repeatable).")]
DateQ = Annotated[str, Query(description="Meeting date, YYYY-MM-DD.")]

# The chart's drawing box, in SVG user units (it scales to the page's width).
WIDTH, HEIGHT, LEFT, BOTTOM, TOP, RIGHT = 720, 180, 36, 26, 12, 12


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the tooltip: date, body, mentions
    anchor: str  # the entry below it
    kind: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    """Mentions per meeting over time, laid out for the template's inline SVG."""

    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    most: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: int = HEIGHT - BOTTOM
    top: int = TOP


def _ordinal(day: date) -> int:
    return day.toordinal()


def chart(entries: tuple[Entry, ...]) -> Chart | None:
    """Bars at each meeting's date, as tall as the topic's mentions there, with year ticks."""
    if not entries:
        return None
    first, last = entries[0].meeting_date, entries[-1].meeting_date
    start = date(first.year, 1, 1)
    end = date(last.year + 1, 1, 1)
    span = max(1, _ordinal(end) - _ordinal(start))
    inner = WIDTH - LEFT - RIGHT
    most = max(e.mentions for e in entries) or 1
    tall = HEIGHT - BOTTOM - TOP
    bar = max(2.0, min(10.0, inner / (3 * len(entries))))

    def x_of(day: date) -> float:
        return LEFT + inner * (_ordinal(day) - _ordinal(start)) / span

    bars = []
    for n, e in enumerate(entries):
        h = max(2.0, tall * e.mentions / most)
        label = (
            f"{e.meeting_date:%d %b %Y} · {e.committee or 'meeting'} · "
            f"{e.mentions} mention{'s' if e.mentions != 1 else ''} · {e.kind}"
        )
        bars.append(
            Bar(
                x=round(x_of(e.meeting_date) - bar / 2, 1),
                y=round(HEIGHT - BOTTOM - h, 1),
                width=round(bar, 1),
                height=round(h, 1),
                label=label,
                anchor=f"entry-{n + 1}",
                kind=e.kind.replace(" ", "-"),
            )
        )
    years = range(start.year, end.year + 1)
    step = max(1, -(-len(years) // 12))  # at most about twelve labels
    ticks = tuple(
        Tick(round(x_of(date(y, 1, 1)), 1), str(y)) for y in years[::step] if y < end.year
    )
    return Chart(tuple(bars), ticks, most)


@dataclass(frozen=True)
class TimelineQuery:
    topic: str = ""
    committees: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    def filters(self) -> Filters | None:
        if not (self.committees or self.since or self.until):
            return None
        return Filters(committees=self.committees, since=self.since, until=self.until)

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {"topic": self.topic} if self.topic else {}
        if self.committees:
            out["committee"] = list(self.committees)
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        return out


def check_query(topic: str, committees, since: str, until: str, limit: int) -> TimelineQuery:
    """The query, or BadRequest naming the field that is wrong."""
    topic = check_topic(topic, limit)
    start, end = date_range(since, until)
    return TimelineQuery(topic, tuple(c.strip() for c in committees if c.strip()), start, end)


def _build(index, query: TimelineQuery) -> Timeline | None:
    if index is None or not query.topic:
        return None
    return build(query.topic, index, filters=query.filters())


@router.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(
    request: Request,
    index: MaybeIndexDep,
    settings: SettingsDep,
    _: RateDep,
    topic: TopicQ = "",
    committee: CommitteeQ = [],  # noqa: B006
    since: DateQ = "",
    until: DateQ = "",
):
    """A topic box, the chart of mentions per meeting, and one entry per meeting below it."""
    query = check_query(topic, committee, since, until, settings.max_question_chars)
    result = _build(index, query)
    context = {
        "query": query,
        "result": result,
        "chart": chart(result.entries) if result else None,
        "committees": index.committees() if index is not None else [],
        "indexed": index is not None and index.paper_count() > 0,
        "json_url": "/api/timeline?" + urlencode(query.params(), doseq=True),
    }
    return request.app.state.templates.TemplateResponse(request, "timeline.html", context)


@router.get("/api/timeline", tags=["api"], summary="A topic's timeline, meeting by meeting")
def api_timeline(
    index: MaybeIndexDep,
    settings: SettingsDep,
    _: RateDep,
    topic: TopicQ,
    committee: CommitteeQ = [],  # noqa: B006
    since: DateQ = "",
    until: DateQ = "",
) -> dict[str, Any]:
    """The `timeline --json` shape: {"topic", "names", "entries": [...], "undated"}."""
    query = check_query(topic, committee, since, until, settings.max_question_chars)
    if not query.topic:
        raise BadRequest("Give a topic, such as 'greenway'")
    result = _build(index, query)
    if result is None:
        return {"topic": query.topic, "names": [query.topic], "entries": [], "undated": 0}
    return result.to_json()
