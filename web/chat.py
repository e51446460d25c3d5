"""The chat's conversations, kept in `web.sqlite` so that any worker, before or after a restart,
continues them; and the shaping of an answer for display and for the public."""

from __future__ import annotations

import json
import logging
import re
import secrets
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from web.webdb import WebDB

log = logging.getLogger(__name__)
_MARKER = re.compile(r"\[(\d{1,3})\]")
_LINE_END = re.compile(r"(?<=\])[ \t]*\n")  # the answer puts each cited sentence on its own line
_CONVERSATION_ID = re.compile(r"^[0-9a-f]{32}$")
PASSAGES_KEPT = 5  # closest passages a stored turn keeps (the page lists five)
PASSAGE_CHARS = 300  # of each one's text (the page shows 240)


def file_name(path: str | None) -> str | None:
    """A paper's file as the public sees it: its name, never where the server keeps it."""
    if not path:
        return path
    return PurePath(path.replace("\\", "/")).name


def public_row(row: dict[str, Any]) -> dict[str, Any]:
    """A citation, passage or search result with its `file` reduced to the file name."""
    return {**row, "file": file_name(row["file"])} if "file" in row else row


def ask_json(
    question: str,
    *,
    index,
    context: str | list[str] | None,
    filters,
    k: int,
    explain: bool = False,
    full_paths: bool = False,
) -> dict[str, Any]:
    """`assistant.answer.ask` as the JSON shape shared with `ask --json` (with `explain`, as
    `ask --json --explain`); files by name only unless `full_paths` (a client that read the
    index folder's serve.json, so could read the paths there anyway)."""
    from assistant.answer import ask

    answer = ask(question, index=index, context=context or None, filters=filters, k=k)
    body = answer.to_json()
    if not full_paths:
        body["citations"] = [public_row(c) for c in body["citations"]]
        body["passages"] = [public_row(p) for p in body["passages"]]
    if explain:
        body["explain"] = answer.explain_json()
    return body


def segments(answer: str) -> list[tuple[str, int | None]]:
    """Answer text split into (text, None) runs and ("[n]", n) markers, for linking markers."""
    out: list[tuple[str, int | None]] = []
    pos = 0
    for m in _MARKER.finditer(answer):
        if m.start() > pos:
            out.append((answer[pos : m.start()], None))
        out.append((m.group(0), int(m.group(1))))
        pos = m.end()
    if pos < len(answer):
        out.append((answer[pos:], None))
    return out


def _collapse(run: str) -> str:
    """Runs of whitespace (line breaks from PDF quotes included) as one space, ends kept."""
    return re.sub(r"\s+", " ", run)


@dataclass
class Turn:
    """One question and its answer (the `ask --json` object)."""

    question: str
    answer: dict[str, Any]
    number: int = 1

    @property
    def lines(self) -> list[list[tuple[str, int | None]]]:
        """The answer's sentences, each as text runs and [n] markers, whitespace collapsed."""
        text = self.answer.get("answer", "")
        return [
            [(_collapse(run), n) for run, n in segments(line)]
            for line in _LINE_END.split(text)
            if line.strip()
        ]

    @property
    def citations(self) -> list[dict[str, Any]]:
        return self.answer.get("citations", [])


@dataclass
class Conversation:
    id: str
    turns: list[Turn] = field(default_factory=list)
    form: dict[str, Any] = field(default_factory=dict)  # the filters last used, to refill the form

    @property
    def context(self) -> list[str] | None:
        """What a follow-up is read against: the previous questions (as `ask --context`)."""
        return [t.question for t in self.turns[-3:]] or None


def _stored(answer: dict[str, Any]) -> dict[str, Any]:
    """What the page shows of an answer: the passages cut to the few it lists."""
    passages = [
        {**p, "text": p.get("text", "")[:PASSAGE_CHARS]}
        for p in answer.get("passages", [])[:PASSAGES_KEPT]
    ]
    return {**answer, "passages": passages}


class Conversations:
    """Conversations in `web.sqlite`, so the chat works as plain form posts without JavaScript,
    on any worker and after a restart.

    Bounded, because nothing else limits how many a server sees: the `max_conversations` used
    most recently are kept (and none unused for `max_age_days`), each with its last `max_turns`.
    Ids are 128 random bits: only the page that holds one can continue its conversation.
    """

    def __init__(
        self,
        db: WebDB,
        *,
        max_conversations: int = 20_000,
        max_turns: int = 30,
        max_age_days: float = 30,
    ) -> None:
        self.db = db
        self.max_conversations = max_conversations
        self.max_turns = max_turns
        self.max_age = max_age_days * 86400

    def new(self) -> Conversation:
        """A conversation not stored yet (its first turn stores it)."""
        return Conversation(secrets.token_hex(16))

    def get(self, conversation_id: str | None) -> Conversation | None:
        """The stored conversation with this id, or None (unknown, expired or malformed ids)."""
        if not conversation_id or not _CONVERSATION_ID.match(conversation_id):
            return None
        if not self.db.exists():
            return None
        conn = self.db.connect()
        row = conn.execute(
            "SELECT form FROM conversations WHERE id = ? AND updated >= ?",
            (conversation_id, time.time() - self.max_age),
        ).fetchone()
        if row is None:
            return None
        rows = conn.execute(
            "SELECT number, question, answer FROM turns WHERE conversation = ? ORDER BY number",
            (conversation_id,),
        ).fetchall()
        turns = [Turn(q, json.loads(a), n) for n, q, a in rows]
        return Conversation(conversation_id, turns, json.loads(row[0]))

    def add(self, conversation: Conversation, question: str, answer: dict[str, Any]) -> Turn:
        """Store a turn (and the form's filters) and return it numbered; forget the oldest.

        When web.sqlite cannot be written (an index folder on read-only storage) the turn is
        still answered, but not remembered."""
        try:
            turn = self._store(conversation, question, answer)
        except (sqlite3.Error, OSError) as err:
            log.warning("conversation not saved (web.sqlite: %s)", err)
            number = conversation.turns[-1].number + 1 if conversation.turns else 1
            turn = Turn(question, answer, number)
        conversation.turns = [*conversation.turns, turn][-self.max_turns :]
        return turn

    def _store(self, conversation: Conversation, question: str, answer: dict[str, Any]) -> Turn:
        now = time.time()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO conversations VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET form = excluded.form, updated = excluded.updated",
                (conversation.id, json.dumps(conversation.form), now),
            )
            last = conn.execute(
                "SELECT max(number) FROM turns WHERE conversation = ?", (conversation.id,)
            ).fetchone()[0]
            turn = Turn(question, answer, (last or 0) + 1)
            conn.execute(
                "INSERT INTO turns VALUES (?, ?, ?, ?)",
                (conversation.id, turn.number, question, json.dumps(_stored(answer))),
            )
            conn.execute(
                "DELETE FROM turns WHERE conversation = ? AND number <= ?",
                (conversation.id, turn.number - self.max_turns),
            )
            conn.execute("DELETE FROM conversations WHERE updated < ?", (now - self.max_age,))
            conn.execute(
                "DELETE FROM conversations WHERE id IN (SELECT id FROM conversations "
                "ORDER BY updated DESC LIMIT -1 OFFSET ?)",
                (self.max_conversations,),
            )
        return turn
