"""`create_app(settings)`: the FastAPI app behind `boardpapers serve` (pages, API, static)."""

from __future__ import annotations

import re
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline
from markupsafe import Markup, escape

from assistant.settings import Settings
from web import api, decisions, errors, pages, timeline
from web.chat import file_name
from web.middleware import BodyLimit, HeadAsGet, RequestLog, SecurityHeaders
from web.state import AppState

HERE = Path(__file__).parent

_LOCAL_PATH = re.compile(r"/(?:decisions|timeline)(?:\?[\w=&;%+.-]*)?(?=\))")


def local_links(text: str) -> Markup:
    """The answer's own lines ("73 open in all; ... (/decisions?open=1).") with their page
    links clickable; everything else escaped."""
    escaped = str(escape(text))
    return Markup(_LOCAL_PATH.sub(lambda m: f'<a href="{m[0]}">{m[0]}</a>', escaped))


def nice_date(value: Any) -> str:
    """30 October 2015, from a date or an ISO string; empty for none."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.day} {value:%B %Y}"


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["nice_date"] = nice_date
    templates.env.filters["local_links"] = local_links
    templates.env.globals["kind_label"] = lambda k: (k or "").replace("_", " ")
    templates.env.globals["file_name"] = file_name
    return templates


def create_app(
    settings: Settings | None = None, *, index: Any = None, embedder: Any = None
) -> FastAPI:
    """The app for `settings`; `index` and `embedder` default to those settings name.

    Without settings they are read from the BOARDPAPERS_* environment: `serve --workers N` has
    each worker process build its app so (`uvicorn.run("web.app:create_app", factory=True)`).
    """
    settings = settings if settings is not None else Settings()
    state = AppState(settings, index=index, embedder=embedder)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        state.warm()
        yield
        state.close()

    # fastapi-offline serves the Swagger UI and ReDoc assets itself: /docs works without network.
    app = FastAPIOffline(
        title="boardpapers",
        summary="Ask your board papers: cited, verbatim answers from agendas, minutes and reports.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.boardpapers = state
    app.state.templates = _templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(api.health)
    app.include_router(pages.router)
    app.include_router(decisions.router)
    app.include_router(timeline.router)
    errors.install(app)
    # Outermost last: every request is logged, HEAD runs as GET, bodies are checked before they
    # are read, and every page gets the security headers.
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, settings=settings)
    app.add_middleware(HeadAsGet)
    app.add_middleware(RequestLog)
    return app
