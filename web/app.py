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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.settings import Settings
from web import api, decisions, errors, pages
from web.chat import Conversations
from web.state import AppState

HERE = Path(__file__).parent
# Pages run only the app's own script and style: paper text can never inject active content.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_DOCS = ("/docs", "/redoc")  # FastAPI's own pages load Swagger/ReDoc with inline scripts


class SecurityHeaders:
    """Adds the CSP and friends to every HTML page (and nosniff to everything)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"].startswith(_DOCS)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                ]
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html") and not docs:
                    extra += [
                        (b"content-security-policy", CSP.encode()),
                        (b"x-frame-options", b"DENY"),
                    ]
                headers += [(k, v) for k, v in extra if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


_LOCAL_PATH = re.compile(r"/decisions(?:\?[\w=&]*)?(?=\))")


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
    return templates


def create_app(settings: Settings, *, index: Any = None, embedder: Any = None) -> FastAPI:
    """The app for `settings`; `index` and `embedder` default to those settings name."""
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
    app.state.conversations = Conversations()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(api.health)
    app.include_router(pages.router)
    app.include_router(decisions.router)
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    return app
