"""Who-questions answered by a name-and-role line: membership rows and signatures."""

from __future__ import annotations

from assistant.evidence import candidates
from assistant.people import person_lines
from assistant.question import analyse
from index.types import Hit

COVER = (
    "Purpose of the report: the Board's annual report 2023-24 is presented for comment.\n"
    "Report contact:\n"
    "Nadia Brooks Board Manager, Millbrook Safeguarding Board\n"
)
REPORT = (
    "Foreword\n"
    "I am delighted to present the annual report of the Millbrook Safeguarding Board.\n"
    "The year brought new duties and a new learning framework for every partner agency.\n"
    "Omar Haddad Independent Chair, Millbrook Safeguarding Board\n"
    "Annex 1 - Review Group Membership\n"
    "Ruth Ellery\tQuality Lead, Adult Social Care\n"
    "Peter Ngata\tVolunteer Champion (Evidence Manager),\n"
    "Healthwatch Millbrook\n"
)


def _hits() -> list[Hit]:
    return [
        Hit(n, "p", text, 0.0, "Annual Report", "r.md", "Board", None, "report", "9 ANNUAL", n)
        for n, text in ((1, COVER), (2, REPORT))
    ]


def _who(question: str) -> list[str]:
    q = analyse(question)
    hits = _hits()
    ranked = sorted(candidates(q, hits), key=lambda c: -c.lexical)
    return [c.quote for c in person_lines(q, ranked, lambda h: hits)]


def test_a_row_naming_what_the_question_names_is_quoted_with_its_continuation():
    assert _who("Who represented Healthwatch on the review group?") == [
        "Peter Ngata\tVolunteer Champion (Evidence Manager),\nHealthwatch Millbrook"
    ]


def test_who_signed_the_foreword_is_the_signature_after_it_not_the_report_contact():
    assert _who("Who signed the foreword of the annual report?") == [
        "Omar Haddad Independent Chair, Millbrook Safeguarding Board"
    ]


def test_nothing_when_no_line_names_what_is_asked():
    assert _who("Who represented the police on the review group?") == []
