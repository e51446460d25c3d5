"""ASGI middleware around the app: request logging, HEAD wherever GET, request bodies refused
before they are read, and the security headers of every page."""

from __future__ import annotations

import logging
import time

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.settings import Settings
from web import errors
from web.deps import admin_refusal

log = logging.getLogger("web.requests")

# Pages run only the app's own script and style: paper text can never inject active content.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_DOCS = ("/docs", "/redoc")  # FastAPI's own pages load Swagger/ReDoc with inline scripts
UPLOAD_PATH = "/api/papers"
# A question, a search or a form is small: 1 MiB is far above the longest one allowed.
MAX_BODY = 1 << 20
# What a multipart upload adds around the file: boundaries, part headers, committee and date.
UPLOAD_ENVELOPE = 64 << 10


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


class BodyTooLarge(HTTPException):
    """Raised while a body streams in past its limit (FastAPI passes HTTPExceptions through its
    body parsing to the app's one error handler)."""

    def __init__(self, message: str) -> None:
        super().__init__(413, message)


class BodyLimit:
    """Refuses a request body before reading any of it: an upload without the admin token (403,
    401), an upload declaring more than BOARDPAPERS_MAX_UPLOAD_MB, any other body declaring more
    than 1 MiB (413). A body that declares no length, or more bytes than it declared, is cut off
    at the limit as it streams in. Uploads are then stored and checked by `web.uploads`."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def _limit(self, upload: bool) -> tuple[int, str]:
        if not upload:
            return MAX_BODY, "The request body is larger than 1 MiB"
        mib = self.settings.max_upload_mb
        message = f"The upload is larger than the {mib} MiB limit (BOARDPAPERS_MAX_UPLOAD_MB)"
        return mib * (1 << 20) + UPLOAD_ENVELOPE, message

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        upload = scope["method"] == "POST" and scope["path"].rstrip("/") == UPLOAD_PATH
        refusal = admin_refusal(self.settings, request.headers.get("authorization", ""))
        limit, message = self._limit(upload)
        declared = request.headers.get("content-length", "")
        if upload and refusal is not None:
            await self._refuse(scope, send, refusal)
            return
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, send, errors.TooLarge(message))
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message_in = await receive()
            if message_in["type"] == "http.request":
                received += len(message_in.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(message)
            return message_in

        await self.app(scope, counted, send)

    @staticmethod
    async def _refuse(scope: Scope, send: Send, exc: Exception) -> None:
        """Answer through the app's one error handler, never reading the body (the connection is
        then closed by the server rather than drained)."""

        async def no_body() -> Message:
            return {"type": "http.disconnect"}

        request = Request(scope, no_body)
        response = await errors.handle(request, exc)
        response.headers["connection"] = "close"
        await response(scope, no_body, send)


class HeadAsGet:
    """HEAD wherever GET works: the GET route runs, and only its status and headers are sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class RequestLog:
    """One line per request on the `web.requests` logger: method, path (never the query string,
    which holds questions), status, milliseconds, client."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless a response starts

        async def noted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            client = scope.get("client") or ("-", 0)
            log.info(
                "%s %s %d %.0fms %s",
                scope["method"],
                scope["path"],
                status,
                (time.perf_counter() - started) * 1000,
                client[0],
            )
