"""Typed dependencies: routes take the index, the settings and admin rights as parameters."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request

from assistant.settings import Settings
from index.store import Index
from web.errors import Forbidden, Unauthorized, WebError
from web.state import AppState


def get_state(request: Request) -> AppState:
    return request.app.state.boardpapers


def get_settings(state: Annotated[AppState, Depends(get_state)]) -> Settings:
    return state.settings


def get_index(state: Annotated[AppState, Depends(get_state)]) -> Index:
    """The shared read-only index (IndexMissing, handled once in web.errors, when there is none)."""
    return state.index()


def get_index_or_none(state: Annotated[AppState, Depends(get_state)]) -> Index | None:
    """The index, or None so a page can show its empty state."""
    return state.index_or_none()


def admin_refusal(settings: Settings, authorization: str) -> WebError | None:
    """Why a request with this Authorization header may not upload or remove, or None.

    Also asked by `web.middleware.BodyLimit` before an upload's body is read."""
    if not settings.admin_token:
        return Forbidden(
            "Upload and removal are disabled: start the server with BOARDPAPERS_ADMIN_TOKEN set"
        )
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(
        token.strip().encode(), settings.admin_token.encode()
    ):
        return Unauthorized("Send the admin token as `Authorization: Bearer TOKEN`")
    return None


def require_admin(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> None:
    """Upload and removal are off without a configured token, and then need it as a Bearer token."""
    refusal = admin_refusal(settings, request.headers.get("authorization", ""))
    if refusal is not None:
        raise refusal


def rate_limited(request: Request, state: Annotated[AppState, Depends(get_state)]) -> None:
    """Count a question or search against its client's rate limit (TooManyRequests when over)."""
    state.limiter.check(request.client.host if request.client else None)


StateDep = Annotated[AppState, Depends(get_state)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
IndexDep = Annotated[Index, Depends(get_index)]
MaybeIndexDep = Annotated[Index | None, Depends(get_index_or_none)]
AdminDep = Annotated[None, Depends(require_admin)]
RateDep = Annotated[None, Depends(rate_limited)]
