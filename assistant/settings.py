"""Every setting in one place; built by the CLI and by `web.create_app`, never at import time."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """boardpapers settings; each can be set as a BOARDPAPERS_* environment variable."""

    model_config = SettingsConfigDict(env_prefix="BOARDPAPERS_", extra="ignore")

    index: Path = Field(
        default=Path("boardpapers-index"),
        description="Folder holding the index (SQLite store and FAISS vectors).",
    )
    model_path: Path | None = Field(
        default=None,
        description="Sentence-transformers model folder; default: the bundled all-MiniLM-L6-v2.",
    )
    embed_batch_size: int = Field(default=32, description="Chunks embedded per batch.")
    top_k: int = Field(default=10, description="Passages retrieved per question.")
    admin_token: str | None = Field(
        default=None,
        description="Enables upload and removal in the web API; sent as a Bearer token.",
    )
    max_upload_mb: int = Field(default=50, description="Largest upload accepted, in MiB.")
    max_question_chars: int = Field(default=1000, description="Longest question accepted.")
    host: str = Field(default="127.0.0.1", description="Address `serve` listens on.")
    port: int = Field(default=8000, description="Port `serve` listens on.")
    workers: int = Field(
        default=1,
        ge=1,
        description="Worker processes `serve` starts; each opens the index folder itself.",
    )
    ask_local: bool = Field(
        default=False,
        description="`ask` answers in its own process even when `serve` is running on the "
        "same index (as `ask --local`).",
    )
    rate_limit: int = Field(
        default=30,
        ge=0,
        description="Questions and searches one client may make a minute (/api/ask, "
        "/api/search, the chat); 0 turns the limit off.",
    )
    rate_limit_loopback: bool = Field(
        default=False,
        description="Also limit clients on loopback (127.0.0.1, ::1): the machine itself.",
    )
