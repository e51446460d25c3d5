"""Filing a pack's reports under the agenda items that introduced them."""

from __future__ import annotations

import re
from dataclasses import replace

from corpus.types import Kind, Part

# Documents that stand for an agenda item of their own (minutes carry their own minute numbers).
_LINKED = {Kind.REPORT, Kind.TRACKER, Kind.FORWARD_PLAN}
_STOP = {"the", "and", "of", "for", "to", "in", "on", "a", "an", "report", "update", "item"}


def _words(title: str) -> set[str]:
    words = {w for w in re.findall(r"[a-z0-9]+", title.lower().replace("&", " and ")) if w}
    return {w for w in words if w not in _STOP and not w.isdigit()}


def _match(title: str, candidates: list[tuple[str, str]]) -> int | None:
    """The index of the first agenda item whose title shares most of its words with `title`."""
    words = _words(title)
    for n, (_, item_title) in enumerate(candidates):
        theirs = _words(item_title)
        shared = len(words & theirs)
        if shared >= 2 and shared / max(1, min(len(words), len(theirs))) >= 0.4:
            return n
    return None


def _titles(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(number, label.split(" ", 1)[-1]) for number, label in items]


def link_to_agenda(parts: list[Part]) -> list[Part]:
    """Parts with each report (and the annexes after it) filed under its agenda item.

    Reports follow the agenda's order, so each is matched only against the items after the
    one matched before it: "Quality Assurance Arrangements" then finds item 10, not item 7.
    """
    agenda = next((p for p in parts if p.kind is Kind.AGENDA), None)
    if agenda is None:
        return parts
    items = list(dict.fromkeys((s.item_number, s.item) for s in agenda.sections if s.item))
    linked: list[Part] = []
    current: tuple[str, str] | None = None
    for part in parts:
        if part.kind in _LINKED:
            # one item may introduce two documents ("tracker and forward work programme")
            same_item = current and _match(part.title, _titles([current])) is not None
            if not same_item:
                found = _match(part.title, _titles(items))
                current = items[found] if found is not None else None
                items = items[found + 1 :] if found is not None else items
        elif part.kind is not Kind.ANNEX:
            current = None
        if current and part.kind in _LINKED | {Kind.ANNEX}:
            number, label = current
            sections = [
                s if s.item else replace(s, item=label, item_number=number) for s in part.sections
            ]
            part = replace(part, sections=sections)
        linked.append(part)
    return linked
