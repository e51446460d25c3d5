"""The HTML pages: chat, library, source viewer, and the originals and page images they link."""

from __future__ import annotations

import re
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from web import highlight, viewer
from web.chat import ask_json, file_name
from web.deps import IndexDep, MaybeIndexDep, SettingsDep, StateDep
from web.errors import Gone, NotFound, TooManyRequests, WebError
from web.filters import KINDS, MAX_ID, check_text, make_filters, parse_date

router = APIRouter(include_in_schema=False)
_PAPER_ID = re.compile(r"^[0-9a-f]{6,64}$")
# Originals are served so a browser shows them but never runs them: HTML comes back as text.
_MEDIA = {
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "md": "text/plain; charset=utf-8",
    "html": "text/plain; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _render(
    request: Request, name: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


def _chat_context(index, conversation, form: dict[str, Any]) -> dict[str, Any]:
    """What chat.html needs besides the request: the conversation and the filter choices."""
    return {
        "conversation": conversation,
        "committees": index.committees() if index is not None else [],
        "kinds": [k for k in (index.kinds() if index is not None else []) if k in KINDS] or [],
        "form": form,
        "empty": index is None or not index.papers(),
    }


def _form_values(committee: list[str], since: str, until: str, kind: list[str]) -> dict[str, Any]:
    return {"committee": committee, "since": since, "until": until, "kind": kind}


@router.get("/", response_class=HTMLResponse)
def chat_page(
    request: Request,
    index: MaybeIndexDep,
    state: StateDep,
    c: Annotated[str | None, Query(max_length=64)] = None,
):
    conversation = state.conversations.get(c)
    form = getattr(conversation, "form", None) or _form_values([], "", "", [])
    return _render(request, "chat.html", _chat_context(index, conversation, form))


@router.post("/ask", response_class=HTMLResponse)
def chat_ask(
    request: Request,
    index: MaybeIndexDep,
    settings: SettingsDep,
    state: StateDep,
    question: Annotated[str, Form()] = "",
    conversation: Annotated[str, Form()] = "",
    committee: Annotated[list[str], Form()] = [],  # noqa: B006
    since: Annotated[str, Form()] = "",
    until: Annotated[str, Form()] = "",
    kind: Annotated[list[str], Form()] = [],  # noqa: B006
):
    """Answer a question: a fragment for the page's script, else the whole chat (no JS needed)."""
    fragment = request.headers.get("x-requested-with") == "fetch"
    conversations = state.conversations
    convo = conversations.get(conversation) or conversations.new()
    form = _form_values([x for x in committee if x], since, until, [x for x in kind if x])
    convo.form = form
    headers: dict[str, str] = {}
    try:
        state.limiter.check(request.client.host if request.client else None)
        text = check_text(question, settings.max_question_chars)
        filters = make_filters(
            form["committee"],
            parse_date(since, "From date"),
            parse_date(until, "To date"),
            form["kind"],
        )
        if index is None:
            raise NotFound("No papers yet: run `boardpapers ingest PATH`, then ask again")
        answer = ask_json(
            text, index=index, context=convo.context, filters=filters, k=settings.top_k
        )
    except WebError as err:
        if isinstance(err, TooManyRequests):
            headers["Retry-After"] = str(err.retry_after)
        if fragment:
            response = _render(request, "_problem.html", {"message": err.message}, err.status)
        else:
            context = _chat_context(index, convo, form)
            context.update(problem=err.message, question=question)
            response = _render(request, "chat.html", context, err.status)
        response.headers.update(headers)
        return response
    turn = conversations.add(convo, text, answer)
    if fragment:
        return _render(request, "_turn.html", {"turn": turn, "conversation": convo})
    return RedirectResponse(f"/?c={convo.id}#turn-{turn.number}", status_code=303)


@router.get("/library", response_class=HTMLResponse)
def library(request: Request, index: MaybeIndexDep):
    """Papers grouped by committee, then by meeting (newest first)."""
    papers = index.papers() if index is not None else []
    groups: OrderedDict[str, OrderedDict[Any, list]] = OrderedDict()
    for p in sorted(papers, key=lambda p: ((p.committee or "~").lower(), p.title)):
        groups.setdefault(p.committee or "Committee not recorded", OrderedDict())
    for p in papers:  # already newest meeting first
        meetings = groups[p.committee or "Committee not recorded"]
        meetings.setdefault(p.meeting_date, []).append(p)
    totals = {
        "papers": len(papers),
        "pages": sum(p.pages for p in papers),
        "chunks": sum(p.chunks for p in papers),
    }
    return _render(request, "library.html", {"groups": groups, "totals": totals})


@router.get("/papers/{paper_id}", response_class=HTMLResponse)
def view_paper(
    request: Request,
    paper_id: str,
    index: IndexDep,
    page: Annotated[int | None, Query(ge=1, le=100000)] = None,
    chunk: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
    q: Annotated[str | None, Query(max_length=2000)] = None,
):
    """The source viewer: one page, the cited quote (`start`:`end` of the passage `chunk`, as a
    citation's url gives it; or the words `q`) highlighted, the page image for PDFs."""
    view = viewer.build(index, paper_id, page=page, chunk_id=chunk, quote=q, start=start, end=end)
    return _render(request, "viewer.html", {"view": view})


@router.get("/chunks/{chunk_id}")
def view_chunk(chunk_id: Annotated[int, PathParam(ge=0, le=MAX_ID)], index: IndexDep):
    hit = index.chunk(chunk_id)
    if hit is None and index.chunk_was_removed(chunk_id):
        raise Gone(f"Passage {chunk_id} was removed from the index with its paper")
    if hit is None:
        raise NotFound(f"No passage {chunk_id} in the index: search for it from the chat")
    page = f"&page={hit.page}" if hit.page else ""
    return RedirectResponse(f"/papers/{hit.paper_id}?chunk={chunk_id}{page}#cited", 303)


def _paper_file(index, paper_id: str):
    if not _PAPER_ID.match(paper_id):
        raise NotFound(f"No paper {paper_id!r} in the index: open it from the library")
    paper = viewer.find_paper(index, paper_id)
    path = Path(paper.file)
    if not path.is_file():
        raise NotFound(
            f"The original of {paper.title!r} ({file_name(paper.file)}) has moved since it was "
            "ingested: re-ingest it from its new place"
        )
    return paper, path


@router.get("/papers/{paper_id}/file")
def original(paper_id: str, index: IndexDep):
    """The file as ingested (open PDFs at a page with #page=N)."""
    paper, path = _paper_file(index, paper_id)
    kind = paper.file_type or path.suffix.lstrip(".").lower()
    media = _MEDIA.get(kind, "application/octet-stream")
    inline = kind != "docx"
    return FileResponse(
        path,
        media_type=media,
        filename=path.name,
        content_disposition_type="inline" if inline else "attachment",
    )


@router.get("/papers/{paper_id}/pages/{page}.png")
def page_image(
    paper_id: str,
    page: Annotated[int, PathParam(ge=1, le=100000)],
    index: IndexDep,
    chunk: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
    q: Annotated[str | None, Query(max_length=2000)] = None,
):
    """A PDF page as an image, with the cited quote (or passage) highlighted: by pdfium's
    character boxes, or on a scanned page by the word boxes OCR found."""
    from web.pdfpage import ocr_boxes, page_text, render_png

    paper, path = _paper_file(index, paper_id)
    if not viewer.is_pdf(paper):
        raise NotFound(f"{paper.title!r} is not a PDF: it has no page images")
    text_page = page_text(path, page)
    if not 1 <= page <= text_page.pages:
        raise NotFound(f"{paper.title} has {text_page.pages} pages; there is no page {page}")
    scanned = index.ocr_page(paper_id, page)
    text = scanned.text if scanned else text_page.text
    hit = viewer.find_chunk(index, chunk, paper_id)
    hit = hit if hit is not None and hit.page == page else None
    offsets = viewer.offsets_in(hit, start, end)
    chunk_span, quote_span = highlight.spans(text, hit.text if hit else None, q, offsets)
    span = quote_span or chunk_span
    if scanned:
        png = render_png(path, page, boxes=ocr_boxes(scanned.boxes, span) if span else ())
    else:
        png = render_png(path, page, span)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})
