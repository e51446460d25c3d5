"""The JSON API under /api/ (OpenAPI at /docs): ask, search, papers, chunks, upload and removal."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Header, Path, Query, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from assistant.served import TOKEN_HEADER, is_token
from assistant.types import paper_url
from web import uploads
from web.chat import ask_json, file_name, public_row
from web.deps import AdminDep, IndexDep, MaybeIndexDep, RateDep, SettingsDep, StateDep
from web.errors import Forbidden, Gone, NotFound, Unprocessable, public
from web.filters import MAX_ID, FiltersIn, check_text, from_model, make_filters
from web.viewer import find_paper

router = APIRouter(prefix="/api", tags=["api"])


class AskIn(BaseModel):
    """A question, optionally a follow-up to `context` (the previous question)."""

    question: str = Field(
        description="The question, in plain words.", examples=["What did we decide on home care?"]
    )
    context: str | list[str] | None = Field(
        default=None,
        description="The previous question (or questions, oldest first), for follow-ups.",
    )
    filters: FiltersIn | None = Field(default=None, description="Restrict the papers searched.")
    k: int | None = Field(
        default=None, ge=1, le=50, description="Passages retrieved (default top_k)."
    )
    explain: bool = Field(
        default=False,
        description="Add `explain`: the question type, the candidates with their features and "
        "fitted scores, and each passage's ranks (as `ask --json --explain`).",
    )


def paper_json(p) -> dict[str, Any]:
    """The `papers --json` shape plus where the web app shows and serves the paper; the file by
    its name only (where the server keeps it is nobody's business)."""
    return {
        **p.to_json(),
        "file": file_name(p.file),
        "file_type": p.file_type,
        "url": f"/papers/{p.paper_id}",
        "file_url": f"/papers/{p.paper_id}/file",
    }


def chunk_json(hit) -> dict[str, Any]:
    """A stored chunk: the `search --json` shape plus its place in the paper."""
    return {
        **public_row(hit.to_json()),
        "page_label": hit.page_label,
        "item_number": hit.item_number,
        "heading": hit.heading,
        "breadcrumb": hit.breadcrumb,
        "ordinal": hit.ordinal,
        "url": paper_url(hit.paper_id, hit.chunk_id, hit.page),
    }


@router.post("/ask", summary="Answer a question with cited passages")
def api_ask(
    body: AskIn,
    _limit: RateDep,
    index: IndexDep,
    settings: SettingsDep,
    token: Annotated[
        str | None,
        Header(
            alias=TOKEN_HEADER,
            description="The token in the index folder's serve.json: `boardpapers ask` sends "
            "it, and gets the files' full paths, as it would answering itself.",
        ),
    ] = None,
) -> dict[str, Any]:
    """The response object of `boardpapers ask --json` (files named by their file name only).

    Each citation's `start` and `end` place its quote in its passage, and its `url` opens the
    source viewer with the whole quote highlighted."""
    # Checked first: a client of another index (a stale serve.json) learns so before any work.
    if token is not None and not is_token(settings.index, token):
        raise Forbidden(
            f"{TOKEN_HEADER} is not this server's: this server serves another index folder"
        )
    question = check_text(body.question, settings.max_question_chars)
    turns = [body.context] if isinstance(body.context, str) else list(body.context or [])
    context = [t.strip()[: settings.max_question_chars] for t in turns if t.strip()][-3:] or None
    return ask_json(
        question,
        index=index,
        context=context,
        filters=from_model(body.filters),
        k=body.k or settings.top_k,
        explain=body.explain,
        full_paths=token is not None,
    )


@router.get("/search", summary="Search passages (hybrid keyword and meaning search)")
def api_search(
    _limit: RateDep,
    index: IndexDep,
    settings: SettingsDep,
    q: Annotated[str, Query(description="What to search for.")],
    k: Annotated[int, Query(ge=1, le=100, description="How many results.")] = 10,
    committee: Annotated[list[str], Query(description="Committee (repeatable).")] = [],  # noqa: B006
    since: Annotated[date | None, Query(description="Meetings on or after.")] = None,
    until: Annotated[date | None, Query(description="Meetings on or before.")] = None,
    kind: Annotated[list[str], Query(description="Document kind (repeatable).")] = [],  # noqa: B006
    paper: Annotated[list[str], Query(description="Paper id (repeatable).")] = [],  # noqa: B006
) -> dict[str, Any]:
    """The `search --json` shape: {"results": [...]}."""
    query = check_text(q, settings.max_question_chars, "query")
    filters = make_filters(committee, since, until, kind, paper)
    hits = index.search(query, k=k, filters=filters)
    return {"results": [public_row(h.to_json()) for h in hits]}


@router.get("/papers", summary="List the papers indexed")
def api_papers(
    index: MaybeIndexDep,
    committee: Annotated[list[str], Query(description="Committee (repeatable).")] = [],  # noqa: B006
    since: Annotated[date | None, Query()] = None,
    until: Annotated[date | None, Query()] = None,
    kind: Annotated[list[str], Query(description="Document kind (repeatable).")] = [],  # noqa: B006
) -> list[dict[str, Any]]:
    """Every paper (an empty list before anything is ingested)."""
    if index is None:
        return []
    return [paper_json(p) for p in index.papers(make_filters(committee, since, until, kind))]


@router.get("/papers/{paper_id}", summary="One paper (410 when it was removed)")
def api_paper(paper_id: str, index: IndexDep) -> dict[str, Any]:
    return paper_json(find_paper(index, paper_id))


@router.get("/chunks/{chunk_id}", summary="One passage, with its place in its paper")
def api_chunk(chunk_id: Annotated[int, Path(ge=0, le=MAX_ID)], index: IndexDep) -> dict[str, Any]:
    """The passage; 410 when it was removed (passage ids are never reused)."""
    hit = index.chunk(chunk_id)
    if hit is None and index.chunk_was_removed(chunk_id):
        raise Gone(f"Passage {chunk_id} was removed from the index with its paper")
    if hit is None:
        raise NotFound(f"No passage {chunk_id} in the index: ids come from /api/search")
    return chunk_json(hit)


@router.post("/papers", status_code=201, summary="Upload a paper (needs the admin token)")
def api_upload(
    _admin: AdminDep,
    state: StateDep,
    file: Annotated[UploadFile, File(description="PDF, .docx, .html, .md or .txt.")],
    committee: Annotated[str | None, Form(description="Committee, if not detectable.")] = None,
    meeting_date: Annotated[date | None, Form(description="Meeting date, YYYY-MM-DD.")] = None,
) -> JSONResponse:
    """Ingest one file exactly as `boardpapers ingest` would; a failed file changes nothing.

    The admin token and the declared size are checked before the body is read
    (`web.middleware.BodyLimit`)."""
    from assistant.ingest import FAILED, ingest_paths
    from corpus.types import Meeting
    from web.pdfpage import PDFIUM_LOCK

    limit = state.settings.max_upload_mb * (1 << 20)
    stored = uploads.store(file.file, file.filename, folder=state.uploads_dir, max_bytes=limit)
    hint = Meeting(committee=(committee or "").strip() or None, date=meeting_date)
    try:
        with state.writing() as writer, PDFIUM_LOCK:
            report = ingest_paths([stored.path], index=writer, hint=hint)
    except BaseException:
        uploads.discard(stored)
        raise
    result = report.results[0]
    if result.status == FAILED:
        uploads.discard(stored)
        reason = result.error or "The file could not be read as a paper"
        raise Unprocessable(public(reason, hide=[stored.path]))
    paper = state.index().paper(result.paper_id)
    body = {"status": result.status, "paper": paper_json(paper) if paper else None}
    return JSONResponse(body, status_code=201 if result.status == "added" else 200)


@router.delete("/papers/{paper_id}", summary="Remove a paper (needs the admin token)")
def api_remove(paper_id: str, _admin: AdminDep, state: StateDep) -> dict[str, Any]:
    with state.writing() as index, index.writer() as writer:
        paper = index.paper(paper_id)
        removed = writer.remove(paper_id)
    if not removed:
        raise NotFound(f"No paper {paper_id!r} in the index: see GET /api/papers")
    if paper is not None:
        uploads.forget(paper.file, state.uploads_dir)
    return {"removed": paper_id}


health = APIRouter(tags=["health"])


@health.get("/healthz", summary="Liveness and index status")
def healthz(state: StateDep) -> dict[str, Any]:
    """Cheap enough to poll: one count, no paper listed."""
    index = state.index_or_none()
    return {
        "status": "ok",
        "ready": index is not None,
        "papers": index.paper_count() if index is not None else 0,
    }
