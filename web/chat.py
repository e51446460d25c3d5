"""The chat's conversation memory and the shaping of an answer for display."""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

_MARKER = re.compile(r"\[(\d{1,3})\]")
_LINE_END = re.compile(r"(?<=\])[ \t]*\n")  # the answer puts each cited sentence on its own line
_CONVERSATION_ID = re.compile(r"^[0-9a-f]{32}$")
QUOTE_IN_URL = 400  # characters of a quote carried to the viewer for highlighting


def ask_json(
    question: str, *, index, context: str | list[str] | None, filters, k: int
) -> dict[str, Any]:
    """`assistant.answer.ask` as the JSON shape shared with `ask --json`."""
    from assistant.answer import ask

    return ask(question, index=index, context=context or None, filters=filters, k=k).to_json()


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


def viewer_url(citation: dict[str, Any]) -> str:
    """The viewer address for a citation, carrying its quote so the viewer can highlight it."""
    params: dict[str, Any] = {"chunk": citation["chunk_id"]}
    if citation.get("page") is not None:
        params["page"] = citation["page"]
    quote = (citation.get("quote") or "").strip()
    if quote:
        params["q"] = quote[:QUOTE_IN_URL]
    return f"/papers/{citation['paper_id']}?{urlencode(params)}#cited"


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
        return [{**c, "viewer": viewer_url(c)} for c in self.answer.get("citations", [])]


@dataclass
class Conversation:
    id: str
    turns: list[Turn] = field(default_factory=list)
    form: dict[str, Any] = field(default_factory=dict)  # the filters last used, to refill the form

    @property
    def context(self) -> list[str] | None:
        """What a follow-up is read against: the previous questions (as `ask --context`)."""
        return [t.question for t in self.turns[-3:]] or None


class Conversations:
    """Recent conversations in memory, so the chat works as plain form posts without JavaScript.

    Bounded (oldest forgotten first) because nothing else limits how many a server sees.
    """

    def __init__(self, max_conversations: int = 500, max_turns: int = 30) -> None:
        self._items: OrderedDict[str, Conversation] = OrderedDict()
        self._lock = threading.Lock()
        self.max_conversations = max_conversations
        self.max_turns = max_turns

    def get(self, conversation_id: str | None) -> Conversation:
        """The conversation with this id, or a new one (unknown, expired or malformed ids)."""
        with self._lock:
            if conversation_id and _CONVERSATION_ID.match(conversation_id):
                found = self._items.get(conversation_id)
                if found is not None:
                    self._items.move_to_end(conversation_id)
                    return found
            new = Conversation(secrets.token_hex(16))
            self._items[new.id] = new
            while len(self._items) > self.max_conversations:
                self._items.popitem(last=False)
            return new

    def add(self, conversation: Conversation, question: str, answer: dict[str, Any]) -> Turn:
        with self._lock:
            number = (conversation.turns[-1].number + 1) if conversation.turns else 1
            turn = Turn(question, answer, number)
            conversation.turns.append(turn)
            del conversation.turns[: -self.max_turns]
            return turn
