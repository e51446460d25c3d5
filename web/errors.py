"""The web app's errors and the one place they become responses: error.html, or JSON for /api/."""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Iterable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from corpus.errors import PaperError
from index.errors import IndexBusy, IndexError_, IndexMissing

log = logging.getLogger(__name__)


class WebError(Exception):
    """A request the app refuses, with a one-line message that says what to do."""

    status = 400
    title = "Bad request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(WebError):
    pass


class Unauthorized(WebError):
    status, title = 401, "Not signed in"


class Forbidden(WebError):
    status, title = 403, "Not allowed"


class NotFound(WebError):
    status, title = 404, "Not found"


class Gone(WebError):
    status, title = 410, "Removed"


class TooLarge(WebError):
    status, title = 413, "Too large"


class UnsupportedType(WebError):
    status, title = 415, "Unsupported file"


class Unprocessable(WebError):
    status, title = 422, "Could not use that"


class TooManyRequests(WebError):
    status, title = 429, "Too many requests"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# A server path in parentheses, as domain errors append it ("... skipped (/srv/papers/x.pdf)").
_PATH_IN_BRACKETS = re.compile(r"\s?\((?:/[^/()?\n]+){2,}\)")
_BYTES = re.compile(r"""\bb(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")""")


def _readable_bytes(match: re.Match) -> str:
    """b'Hello, t' as “Hello, t”: what a person reads, not Python's spelling of bytes."""
    try:
        data = ast.literal_eval(match[0])
    except (ValueError, SyntaxError):
        return match[0]
    text = data.decode("utf-8", errors="replace")
    return "“" + "".join(ch if ch.isprintable() else "?" for ch in text) + "”"


def public(message: str, *, hide: Iterable[str | Path] = ()) -> str:
    """A message fit for anyone: no server paths (those in `hide` become their file names, and a
    path a domain error appends in brackets goes), and bytes shown as text."""
    for path in sorted({str(p) for p in hide if str(p) not in {"", "."}}, key=len, reverse=True):
        message = message.replace(path, Path(path).name or "the index")
    message = _PATH_IN_BRACKETS.sub("", message)
    return _BYTES.sub(_readable_bytes, message)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/healthz"


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(x) for x in err.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "Invalid request: " + "; ".join(parts)


def _classify(exc: Exception) -> tuple[int, str, str]:
    """(status, title, message) for any exception this app expects."""
    if isinstance(exc, WebError):
        return exc.status, exc.title, exc.message
    # The index's own messages name its folder: the server log has them, a response does not.
    if isinstance(exc, IndexMissing):
        return 503, "No papers yet", "No papers yet: run `boardpapers ingest PATH` on the server"
    if isinstance(exc, IndexBusy):
        return 503, "Busy", "Another process is writing to the index; try again when it finishes"
    if isinstance(exc, IndexError_):
        return 500, "Index problem", "The index cannot be read: the server log says why"
    if isinstance(exc, PaperError):
        return 422, "Could not read the file", exc.message
    if isinstance(exc, RequestValidationError):
        return 422, "Invalid request", _validation_message(exc)
    if isinstance(exc, StarletteHTTPException):
        if exc.status_code == 404:
            return 404, "Not found", "There is no page here: go back to the chat or the library"
        if exc.status_code == 405:
            return 405, "Method not allowed", f"{exc.detail}: check the method (GET or POST)"
        if exc.status_code == 413:  # web.middleware.BodyTooLarge: a body past its limit
            return 413, TooLarge.title, str(exc.detail)
        return exc.status_code, "Error", str(exc.detail)
    return 500, "Something went wrong", "Something went wrong on the server; it has been logged"


async def handle(request: Request, exc: Exception) -> Response:
    """Render any error for its surface; the only translation of errors into responses."""
    status, title, message = _classify(exc)
    if status >= 500 and not isinstance(exc, IndexMissing | IndexBusy):
        log.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
    settings = request.app.state.boardpapers.settings
    message = public(message, hide=[Path(settings.index).resolve(), settings.index])
    headers = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if status == 503:
        headers["Retry-After"] = "5"
    if isinstance(exc, TooManyRequests):
        headers["Retry-After"] = str(exc.retry_after)
    if _wants_json(request):
        return JSONResponse({"error": message, "status": status}, status, headers=headers)
    templates = request.app.state.templates
    if isinstance(exc, RequestValidationError):
        status = 400  # for a person, a bad form field is just a bad request
    return templates.TemplateResponse(
        request,
        "error.html",
        {"title": title, "message": message, "status": status},
        status_code=status,
        headers=headers,
    )


def install(app: FastAPI) -> None:
    """Register `handle` for every error type the app knows."""
    for kind in (
        WebError,
        IndexError_,
        PaperError,
        RequestValidationError,
        StarletteHTTPException,
        Exception,
    ):
        app.add_exception_handler(kind, handle)
