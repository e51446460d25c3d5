"""Motions, amendments and recorded votes in minutes: who moved what, and how the vote went.

Council minutes record a debate as numbered paragraphs: "Mr A proposed and Mr B seconded the
following amendment to the motion set out in paragraph 5: “(1) ... (2) ...”", then "the Chairman
put the amendment set out in paragraph 17 to the vote and the voting was as follows: For (14) ...
Against (45) ... Abstain (4) ... Amendment lost." This module finds those pieces in the text of one
item and ties each vote and outcome to the motion it decided. It is pure: text in, spans out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Titles and offices minutes put before a member's name: "Mr Quinn", "Cllr Hale", and the
# offices US township and city boards minute members by ("Trustee Ahlgren", "Clerk Whitfield")
_TITLE = (
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Baroness|Professor|Prof|Rev|Cllr|Councillor|"
    r"Council\s+Member|Councilmember|Councilman|Councilwoman|Trustee|Supervisor|Clerk|Treasurer|"
    r"Commissioner|Alderman|Alderwoman|Alderperson|Selectman|Selectwoman|Director|"
    r"(?:Deputy\s+|Vice[- ])?Mayor|(?:Vice[- ])?Chair(?:man|woman|person)?|"
    r"(?:Vice[- ])?President|Secretary|Governor|Member)\.?"
)
# Markdown made from PDFs keeps the papers' bold: "**Proposed by Councillor Keller and seconded
# by**\n**Councillor Loftus**", so between the words of a proposal may stand emphasis marks.
_GAP = r"(?:\s|\*{1,2})+"
# A name may wrap onto the next line, but never runs on past a full stop or a blank line into the
# next sentence ("seconded by Councillor Galvin\n\nAnd Resolved:").
_SPACE = r"(?:[ \t]+\n?|\n)[ \t]*"
# "Councillor Sheahan (J)": councils with two members of one surname minute each by an initial
_NAME = (
    rf"{_TITLE}\s+(?:[A-Z]\.{_SPACE}|[A-Z][\w'’-]*{_SPACE}){{0,3}}[A-Z][\w'’-]+"
    r"(?:[ \t]*\([A-Z]{1,2}\))?"
)
# Where both a mover and a seconder are named, a plain "Jenni Hawkins" or "the Leader" will do.
_MOVER = (
    rf"(?:{_NAME}|[A-Z][a-z]+\s+[A-Z][\w'’-]+"
    r"|[Tt]he\s+(?:Deputy\s+|Vice[- ])?(?:Leader|Chairman|Chair|Mayor))"
)
# A member named by office, as many minutes name the chair: "the Chairman", "the Cathaoirleach"
_OFFICE = (
    r"[Tt]he\s+(?:Deputy\s+|Vice[- ])?(?:Leader|Chairman|Chairperson|Chair|Mayor|Cathaoirleach)"
)
# A seconder named by office: "seconded by the Chairman, Councillor Teskey"
_SECONDER = rf"(?:{_NAME}|{_OFFICE}(?:,\s*{_NAME})?)"
_PROPOSALS = (
    # "Mr Lehmann proposed and Mr Streatfeild seconded the following amendment ...";
    # "the Leader proposed and Mr Oakford, Deputy Leader, seconded the above motion"
    re.compile(
        rf"(?P<proposer>{_MOVER})\s*,?\s+(?i:proposed|moved)\s*,?\s+and\s+"
        rf"(?P<seconder>{_MOVER})(?:,[^,.]{{3,120}},)?\s+(?i:seconded)\b"
    ),
    # "Councillor MacRae, seconded by Councillor Sinclair, moved that ..." (and "... moved as an
    # amendment that ..."), as Scottish councils minute it
    re.compile(
        rf"(?P<proposer>{_NAME})\s*,\s*seconded\s+by\s+(?P<seconder>{_NAME})\s*,\s*"
        r"(?i:moved|proposed)\b"
    ),
    # "It was proposed by Councillor Hale and seconded by Councillor Imran that ..."; "Motion by
    # Trustee Ahlgren, seconded by Clerk Whitfield, to approve ...", as US boards minute it
    re.compile(
        rf"(?:It\s+was\s+)?(?:(?i:proposed|moved)|(?:A\s+)?[Mm]otion(?:\s+(?:was\s+)?made)?)"
        rf"{_GAP}by{_GAP}(?P<proposer>{_NAME})\s*,?{_GAP}(?:and{_GAP})?(?:seconded|supported)"
        rf"{_GAP}by{_GAP}(?P<seconder>{_SECONDER})"
    ),
    # "Proposed by: Councillor Foley\n\nSeconded by: Councillor Galvin\n\nAnd Resolved:", as Irish
    # councils minute a resolution, one mover to a line; "on the proposal of Councillor Butler,
    # seconded by Councillor McSweeney, it was agreed ..."; "Proposed Cllr R. Hughes, seconded
    # Cllr M. Davies." after a resolution, as Welsh community councils minute it
    re.compile(
        rf"(?:(?i:proposed|moved)(?:\s+by)?|(?i:on\s+the\s+proposal\s+of))\s*:?{_GAP}"
        rf"(?P<proposer>{_NAME})[ \t]*[;:,.]?{_GAP}(?i:and\s+)?(?i:seconded)(?:\s+by)?\s*:?{_GAP}"
        rf"(?P<seconder>{_SECONDER})"
    ),
    # "He proposed that the Minister for Justice be written to on the matter. Councillor K.
    # Sheahan seconded the proposal and it was unanimously agreed.": what was moved, then its
    # seconder in a sentence of their own, as many English and Irish councils minute it
    re.compile(
        rf"(?P<proposer>{_MOVER}|\b(?:He|She))\s+(?i:proposed|moved)\s+that\b[^.]{{10,600}}?\.\s+"
        rf"(?P<seconder>{_SECONDER})\s+seconded\s+(?:the|this|that)\s+(?:proposal|motion)\b"
    ),
)
# Who "He proposed that ..." is: the member the sentence before it opens with naming ("the
# Chairman expressed his support for the Garda Member ... He proposed that ...")
_NAMED_BEFORE = re.compile(rf"{_NAME}|\b{_OFFICE}\b")
_SUBJECT = (
    r"(?P<subject>(?:substantive\s+|original\s+|amended\s+)?"
    r"(?:amendment|motion|recommendations?|proposals?))\b"
)
_CALL = re.compile(
    # "put the amendment set out in paragraph 17 to the vote" and "put to the vote the
    # amendment set out in paragraph 24 above"
    rf"\bput\s+the\s+{_SUBJECT}(?:[^.:]{{0,60}}?\bparagraph\s+(?P<para>\d{{1,3}}))?"
    r"[^.:]{0,40}?\s+to\s+(?:the\s+|a\s+)?vote"
    rf"|\bput\s+to\s+(?:the\s+|a\s+)?vote\s+the\s+{_SUBJECT.replace('subject', 'subject2')}"
    r"(?:[^.:]{0,60}?\bparagraph\s+(?P<para2>\d{1,3}))?"
    # "put the motion (set out in paragraph 1) and it was agreed unanimously"
    rf"|\bput\s+the\s+{_SUBJECT.replace('subject', 'subject3')}"
    r"(?:[^.:]{0,60}?\bparagraph\s+(?P<para3>\d{1,3}))?(?=[^.:]{0,20}?\band\s+it\s+was\b)",
    re.I,
)
_CALL_RESULT = re.compile(
    r"\b(?:and\s+)?(?:it|this|that)?\s*(?:was|were)\s+(?P<result>agreed|carried|lost|defeated|"
    r"approved|rejected)\b",
    re.I,
)
_COUNT = re.compile(
    r"(?m)^[ \t]*(?P<side>For|Against|Abstain(?:ed|ing)?|Abstentions?)[ \t]*"
    r"(?:\([ \t]*(?P<n>\d{1,3})[ \t]*\)|[:–-][ \t]*(?P<n2>\d{1,3})\b)"
)
# A roll call as US boards minute it, inline: "Roll call vote: Ayes: 5, Nays: 1", "Yeas (5)",
# or by name: "Ayes: Karsten, Whitfield, Osei. Nays: Trent." (counted), "Nays: None"
_ROLL_COUNT = re.compile(
    r"\b(?P<side>Ayes|Yeas|Yes|Nays|Noes|No|Abstentions?|Abstain(?:ed|ing)?)\b[ \t]*"
    r"(?:\([ \t]*(?P<n>\d{1,3})[ \t]*\)|[:–-][ \t]*(?:(?P<n2>\d{1,3})\b|(?P<none>none)\b|"
    r"(?P<names>[A-Z][\w'’-]+(?:[ \t]*,[ \t]*(?:and[ \t]+)?[A-Z][\w'’-]+)*)))"
)
_SIDES = {"ayes": "for", "yeas": "for", "yes": "for", "nays": "against", "noes": "against"}
_SIDES |= {"no": "against", "in favour": "for", "in favor": "for"}
_SIDE = r"For|In\s+Favou?r|Against|Abstain(?:ed|ing)?|Abstentions?"
# A division as Irish and many English councils minute it: each side a heading of its own
# ("**For**", "FOR THE AMENDMENT:", "For Councillor Daly", the candidate in an election), the
# members' names under it, then the count ("**(24)**"). The names run on to the count without
# another side's heading; an initial in brackets ("Sheahan (J)") is part of a name.
_DIVISION = re.compile(
    rf"(?im)^[ \t]*\**[ \t]*(?P<side>{_SIDE})"
    r"(?P<whom>(?:[ \t]+[\w'’.-]+|[ \t]*\([A-Z]{1,2}\)){0,5}?)"
    r"[ \t]*\**[ \t]*:?[ \t]*\**[ \t]*:?[ \t]*\n"
    rf"(?P<members>(?:[^()\n]|\([A-Z]{{1,2}}\)|\n(?![ \t]*\**[ \t]*(?:{_SIDE})\b)){{3,1500}}?)"
    r"\**[ \t]*\([ \t]*(?P<n>\d{1,3})[ \t]*\)"
)
# "The Cathaoirleach declared the Motion defeated.", "the Mayor declared the Motion to adopt the
# Budget, as proposed by ..., as carried", "declared Councillor Daly appointed to the Board"
_DECLARED = re.compile(
    r"\b(?:declared|announced)\b(?!\s+that\s+a\s+vote)[^.;:]{0,300}?\b"
    r"(?P<result>carried|defeated|lost|adopted|passed|rejected|elected|appointed)\b",
    re.I,
)
_OUTCOME = re.compile(
    r"(?P<subject>(?:Substantive\s+|Original\s+|Amended\s+)?(?:Amendment|Motion|Recommendations?))"
    r"\s+(?:was\s+|were\s+)?(?:accordingly\s+|therefore\s+)?"
    r"(?P<result>carried|lost|agreed|defeated|approved|rejected|fell|passed|failed|adopted|"
    r"withdrawn|not\s+(?:being\s+)?carried)(?:\s+unanimously)?\b\.?"
    r"|(?m:^[ \t]*(?P<agreed>(?-i:Agreed))(?:\s+unanimously)?\.?[ \t]*$)"
    # "Carried, 5 for, 1 against." or "Carried unanimously." opening a sentence of its own
    r"|(?:(?<=^)|(?<=\n)|(?<=[.:]\s))(?P<bare>(?-i:Carried|Lost|Defeated))\b(?:\s+unanimously)?",
    re.I,
)
# Counts given in a sentence: "Carried, 5 for, 1 against, 1 abstention.", "the amendment was
# lost, 3 for and 6 against"; a figure before "for" alone says nothing, so a side is read only
# where a "for" and an "against" stand together.
_INLINE_VOTE = re.compile(
    r"\b\d{1,3}\s+for\s*(?:,|and)\s*\d{1,3}\s+against"
    r"(?:\s*(?:,|and)\s*\d{1,3}\s+(?:abstentions?|abstained|abstaining))?\b",
    re.I,
)
_INLINE_SIDE = re.compile(r"(?P<n>\d{1,3})\s+(?P<side>for|against|abstain\w*)\b", re.I)
_PARAGRAPH = re.compile(r"(?m)^[ \t]*(\d{1,3})[.)][ \t]+\S")
# A paragraph number before a proposal: "15)", "15." or "(24)"
_MARKER_BEFORE = re.compile(r"(?:^|\n)[ \t]*\(?(\d{1,3})[.)][ \t]*$")
# Where a paragraph starts, for the start of a sentence: "(25) Following the debate, ..."
_PARAGRAPH_START = re.compile(r"(?m)^[ \t]*\(?\d{1,3}[.)][ \t]+\S|[”\"][ \t]*\(\d{1,3}\)[ \t]*\S")
_PART = re.compile(r"(?m)^[ \t]*(?:\(\d{1,2}\)|\([a-z]\)|[ivx]{1,4}\.|\d{1,2}\.)[ \t]")
_AMENDS = re.compile(r"\bparagraph\s+(\d{1,3})\b", re.I)
# A sentence ends at a full stop not after an initial ("Mr R. Smith"), or at a colon or open quote.
_PROPOSAL_END = re.compile(r"(?<!\b[A-Z])\.(?=\s|$)|:|“|\"")
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.:](?=\s|$)")
# What a proposal names as moved, opening its sentence: "The amended Notice of Motion was proposed
# by ...", "At the outset an adjournment of 10 minutes was proposed by ..." (the passive subject
# of "proposed"/"moved")
_MOVED_SUBJECT = re.compile(
    r"^[\s*]*(?P<subject>[A-Z][^.:;]{0,100}?)\s+(?:was|were)"
    r"(?:\s+(?:then|duly|subsequently|formally|also|now))?\s*$"
)
# A notice of motion: the words a member gave notice of moving ("I will move at the next Meeting
# that ...", "Councillor X moves that ...", "Motion: ..."), which a proposal naming "the motion"
# moves. OCR reads the "I" of "I will move" as "!" or "|": the words after it are enough.
_NOTICE = re.compile(
    r"\b(?:will|wish(?:es)?\s+to|hereby|to)\s+move\b[^.]{0,120}?\bthat\b|\bmoves?\s+that\b"
    r"|(?m:^[ \t*“\"]*(?:notice\s+of\s+)?motion\s*:)",
    re.I,
)
# Where a notice's wording ends: a full stop or closing quote (either order) before a space, the
# emphasis marks of a bold notice, or the end of the text
_NOTICE_END = re.compile(r"(?<!\b[A-Z])(?:\.[”\"]?|[”\"]\.?)(?=[\s*]|$)")
# A proposal minuted with its outcome: "... seconded by Councillor Y and (it was) unanimously
# agreed"; ending its sentence so, what follows it is the debate, not its wording
_AND_AGREED = (
    r"\band\s+(?:it\s+)?(?:was\s+)?(?P<unanimously>unanimously\s+)?"
    r"(?:agreed|adopted|carried|approved|passed)\b(?P<after>\s+unanimously)?"
)
AGREED = re.compile(_AND_AGREED, re.I)
_SETTLED = re.compile(_AND_AGREED + r"\s*\.?\s*$", re.I)
_POSITIVE = {"carried", "agreed", "approved", "passed", "adopted", "elected", "appointed"}
_NEGATIVE = {"lost", "defeated", "rejected", "fell", "not carried", "not being carried", "failed"}


@dataclass(frozen=True)
class Span:
    """A stretch [start, end) of the text that was read."""

    start: int
    end: int


@dataclass
class Motion:
    """A motion or amendment as moved: its mover, seconder, wording and where it stands."""

    kind: str  # "motion" or "amendment"
    proposer: str  # "Mr Streatfeild"
    seconder: str | None
    paragraph: str | None  # the minute paragraph it was moved in ("15"), when numbered
    amends: str | None  # for an amendment, the paragraph of the motion it amends
    proposal: Span  # "Mr A proposed and Mr B seconded the following amendment ...:"
    parts: list[Span] = field(default_factory=list)  # its wording, one span per numbered part


@dataclass
class Vote:
    """A vote on a motion: the call, the recorded counts and the outcome, as far as minuted."""

    motion: int  # index into Proceedings.motions
    subject: str  # what was put: "amendment", "substantive motion", ...
    call: Span | None = None  # "the Chairman put the amendment ... to the vote ..."
    counts: list[tuple[str, int, Span]] = field(default_factory=list)  # ("for", 14, "For (14)")
    outcome: Span | None = None  # "Amendment lost."
    result: str | None = None  # "carried", "lost" or "withdrawn"

    @property
    def settled(self) -> bool:
        return self.outcome is not None or (self.result is not None and self.call is not None)


@dataclass
class Proceedings:
    """The motions of one item in the order moved, and the votes taken on them."""

    motions: list[Motion]
    votes: list[Vote]


def _result(word: str) -> str:
    word = " ".join(word.lower().split())
    if word in _POSITIVE:
        return "carried"
    return "lost" if word in _NEGATIVE else word


def _count(m: re.Match) -> tuple[str, int]:
    """A recorded count's side ("for", "against", "abstain") and number."""
    side = " ".join(m["side"].lower().split())
    side = "abstain" if side.startswith("abst") else _SIDES.get(side, side)
    groups = m.groupdict()
    whom = " ".join((groups.get("whom") or "").split())
    if re.match(rf"{_TITLE}\s", whom):
        side = f"{side} {whom}"  # a candidate's side in an election: "for Councillor Daly"
    if groups.get("names"):
        return side, len(re.split(r"\s*,\s*(?:and\s+)?", m["names"].strip()))
    if groups.get("none"):
        return side, 0
    return side, int(m["n"] or m["n2"])


def _members(text: str) -> bool:
    """Whether the text under a side's heading is a list of members ("Councillors Browne, Byrne,
    Collins (J) and Daly."): names of a few capitalised words, between commas. A report's
    "**For decision**" heading over a numbered recommendation is not."""
    pieces = [p for p in re.split(r",|\band\b", text.replace("*", "")) if p.strip(" \t\n.")]
    return bool(pieces) and all(
        len(words) <= 4 and all(w[0].isupper() or w[0] in "(’'" for w in words)
        for words in (p.strip(" \t\n.").split() for p in pieces)
    )


def _subject(text: str) -> str:
    return " ".join(text.lower().split())


def sentence_around(text: str, at: int, end: int) -> Span:
    """The sentence around [at, end): back to a paragraph marker or full stop, on to ':' or '.'."""
    starts = [0]
    for stop in (". ", ".\n", ":\n", "\n\n"):
        p = text.rfind(stop, 0, at)
        if p >= 0:
            starts.append(p + len(stop))
    starts += [m.end() - 1 for m in _PARAGRAPH_START.finditer(text, max(0, at - 400), at)]
    stop = _SENTENCE_END.search(text, end)
    return Span(max(starts), stop.end() if stop else len(text))


def _proposals(text: str) -> list[Motion]:
    found: list[Motion] = []
    for pattern in _PROPOSALS:
        for m in pattern.finditer(text):
            if any(f.proposal.start <= m.start() < f.proposal.end for f in found):
                continue
            stop = _PROPOSAL_END.search(text, m.end(), m.end() + 400)
            end = (
                stop.end()
                if stop and stop.group() in (".", ":")
                else (stop.start() if stop else m.end())
            )
            start = _subject_start(text, m.start())
            sentence = text[start:end]
            marker = _MARKER_BEFORE.search(text, max(0, start - 12), start)
            amends = _AMENDS.search(sentence)
            found.append(
                Motion(
                    kind="amendment" if re.search(r"\bamendment\b", sentence, re.I) else "motion",
                    proposer=_proposer(text, m),
                    seconder=" ".join(m["seconder"].split()) if m["seconder"] else None,
                    paragraph=marker.group(1) if marker else None,
                    amends=amends.group(1) if amends else None,
                    proposal=Span(start, end),
                )
            )
    found.sort(key=lambda f: f.proposal.start)
    # "the Motion to adopt the Budget, as proposed by Councillor Gilligan and seconded by
    # Councillor O’Brien" names a motion moved before: it is not moved again
    kept: list[Motion] = []
    for f in found:
        again = re.search(r"\bas\s*$", text[max(0, f.proposal.start - 4) : f.proposal.start])
        if again and any(_movers(k) == _movers(f) for k in kept):
            continue
        kept.append(f)
    return kept


def _proposer(text: str, m: re.Match) -> str:
    """The proposer a proposal names; for "He proposed that ...", the member named first in the
    sentence before it, its subject as minutes write them ("At the outset, the Chairman expressed
    his support for ... He proposed that ...")."""
    said = " ".join(m["proposer"].split())
    if said not in ("He", "She"):
        return said
    before = sentence_around(text, m.start() - 2, m.start() - 2) if m.start() > 1 else None
    named = _NAMED_BEFORE.search(text, before.start, m.start()) if before else None
    if named is None:  # a sentence broken over lines: the member named last before it
        named = ([*_NAMED_BEFORE.finditer(text, max(0, m.start() - 400), m.start())] or [None])[-1]
    return " ".join(named.group().split()) if named else said


def _subject_start(text: str, at: int) -> int:
    """Where a proposal's sentence starts when it opens by naming what was moved ("The Notice of
    Motion was proposed by ..."): the record then reads as the sentence minuted; else `at`."""
    start = sentence_around(text, at, at).start
    return start if start < at and _MOVED_SUBJECT.match(text[start:at]) else at


def _moved_subject(text: str, proposal: Span) -> re.Match | None:
    """What a proposal's sentence names as moved, when it opens by naming it."""
    opening = re.split(r"(?i)\b(?:proposed|moved)\b", text[proposal.start : proposal.end])[0]
    return _MOVED_SUBJECT.match(opening)


def _named(text: str, motion: Motion) -> bool:
    """Whether a proposal's sentence names what it moved and ends there ("The minutes of the
    meeting were proposed by X and seconded by Y."): what follows is not its wording, as it is
    after "The following motion was proposed by X, seconded by Y:"."""
    sentence = text[motion.proposal.start : motion.proposal.end].rstrip()
    return sentence.endswith(".") and _moved_subject(text, motion.proposal) is not None


def _notice_before(text: str, proposal: Span, since: int) -> Span | None:
    """The notice of motion a proposal naming "the motion" without words of its own moves: the
    last one stated between `since` (the end of what was moved before) and the proposal, from
    its opening words to the full stop or closing quote that ends it."""
    subject = _moved_subject(text, proposal)
    if subject is None or not re.search(r"\bmotion\b", subject["subject"], re.I):
        return None
    found = list(_NOTICE.finditer(text, since, proposal.start))
    if not found:
        return None
    notice = found[-1]
    start = max(text.rfind("\n", since, notice.start()) + 1, since)  # its line, bold marks aside
    lead = text[start : notice.start()]
    start += len(lead) - len(lead.lstrip(" \t*"))
    stop = _NOTICE_END.search(text, notice.end(), proposal.start)
    end = stop.end() if stop else text.rfind("\n", notice.end(), proposal.start)
    if end <= start:
        return None
    return Span(start, end)


# A wording given as a quotation after its movers: "And Resolved:\n“That, the Budgetary Plan ..."
_OPENS_QUOTATION = re.compile(r"[\s*]*(?:(?:and\s+)?resolved[ \t]*:?[\s*]*)?[“\"]", re.I)


def _quotation_end(text: str, start: int, end: int) -> int:
    """Where a wording opening with a quotation mark ends: at the mark that closes it (and a full
    stop right after), not in the debate that follows ("... as amended.” This concluded the
    Meeting."); `end` otherwise."""
    opened = _OPENS_QUOTATION.match(text, start, end)
    if not opened:
        return end
    close = text.find("”" if opened.group().endswith("“") else '"', opened.end(), end)
    if close < 0:
        return end
    return close + 2 if text.startswith(".", close + 1) else close + 1


def _movers(motion: Motion) -> tuple[str, str]:
    return tuple(_name_key(p) for p in (motion.proposer, motion.seconder or ""))


def _name_key(name: str) -> str:
    """A member's name for comparing: "Councillor O'Brien (J)" and "Cllr O’Brien (J)" alike."""
    words = re.sub(r"\([A-Z]{1,2}\)", lambda m: m.group().lower(), name.replace("’", "'")).split()
    return " ".join(w for w in words[-2:] if not re.fullmatch(_TITLE, w))


def _events(text: str, motions: list[Motion]) -> list[tuple[int, str, re.Match]]:
    # a call stands where its sentence starts: "(20) Following the debate, the Chairman put ..."
    events = [
        (sentence_around(text, m.start(), m.end()).start, "call", m) for m in _CALL.finditer(text)
    ]
    divisions = [m for m in _DIVISION.finditer(text) if _members(m["members"])]
    within = [range(m.start(), m.end()) for m in divisions]
    events += [(m.start(), "count", m) for m in divisions]
    events += [(m.start(), "count", m) for m in _COUNT.finditer(text)]
    events += [
        (side.start(), "count", side)
        for vote in _INLINE_VOTE.finditer(text)
        for side in _INLINE_SIDE.finditer(text, vote.start(), vote.end())
    ]
    counted = {e[0] for e in events}
    events += [
        (m.start(), "count", m)
        for m in _ROLL_COUNT.finditer(text)
        if m.start() not in counted and not any(m.start() in r for r in within)
    ]
    # a declaration is the outcome, minuted whole: "The Cathaoirleach declared the Motion defeated."
    declared = [(sentence_around(text, m.start(), m.end()), m) for m in _DECLARED.finditer(text)]
    events += [(span.start, "outcome", m) for span, m in declared]
    events += [
        (m.start(), "outcome", m)
        for m in _OUTCOME.finditer(text)
        if not any(span.start <= m.start() < span.end for span, _ in declared)
    ]
    events += [(f.proposal.start, "proposal", None) for f in motions]
    return sorted(events, key=lambda e: (e[0], e[1] != "proposal"))


def _parts(text: str, start: int, end: int) -> list[Span]:
    """The wording between a proposal and whatever comes next, cut at its numbered parts."""
    cuts = [start, *(m.start() for m in _PART.finditer(text, start, end)), end]
    spans = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip(' \t\n“"'))
        # the closing quote of the motion's wording, not of this part
        trail = len(piece) - len(piece.rstrip(' \t\n”"'))
        bare = re.fullmatch(r"\(?\d{1,3}[.)]?", piece.strip())  # the next paragraph's number
        if piece.strip(' \t\n“”"') and not bare:
            spans.append(Span(a + lead, b - trail))
    return spans


def _worded(text: str, proposal: Span) -> bool:
    """A proposal sentence that ends in a full stop after what was moved ("... moved that the
    Committee agree the recommendations in the report.", "Motion by Trustee Osei, seconded by
    Trustee Ahlgren, to approve the consent agenda.")."""
    sentence = text[proposal.start : proposal.end].rstrip()
    if not sentence.endswith("."):
        return False
    if re.search(r"\bseconded\s+by\s+[^,]+,\s*to\s+\w+", sentence, re.I):
        return True
    # "On the proposal of Councillor Butler, seconded by Councillor McSweeney, the suspension of
    # Standing Orders was agreed.": what was moved follows the seconder in the same sentence
    # ("Seconded: Councillor X" over a paragraph of discussion is not read so: taking it so
    # held fewer keys, 0.533 against 0.543 held out by meeting)
    after = _after_seconder(sentence, by=r"\s+by")
    if after is not None and len(re.findall(r"\w+", after)) >= 5:
        return True
    moved = re.search(
        r"\b(?:motion|amendment|moved|proposed)\b.*?\bthat\b(?P<words>.*)$", sentence, re.S | re.I
    )
    return moved is not None and len(moved["words"].split()) >= 5


def _after_seconder(sentence: str, by: str = r"(?:\s+by)?") -> str | None:
    """What a proposal sentence says after its seconder's name; None when it names none.
    `by` is what stands between "seconded" and the name."""
    after = re.split(rf"\bseconded{by}\s*:?{_GAP}{_NAME}", sentence, maxsplit=1, flags=re.I)
    return after[1] if len(after) == 2 else None


def _resolved_before(text: str, proposal: Span) -> Span | None:
    """The resolution a proposal of the movers alone ("Proposed Cllr R. Hughes, seconded Cllr M.
    Davies.") follows: the sentence before it, when that says what was resolved. Irish minutes
    put the same movers before "And Resolved:" and the wording after them."""
    sentence = text[proposal.start : proposal.end].rstrip()
    after = _after_seconder(sentence)
    if not sentence.endswith(".") or after is None or re.search(r"\w", after):
        return None
    before = len(text[: proposal.start].rstrip()) - 1
    if before < 0:
        return None
    span = sentence_around(text, before, before)
    return span if re.search(r"\bresolved\b", text[span.start : span.end], re.I) else None


def _next_paragraph(text: str, motion: Motion) -> re.Match | None:
    """Where the paragraph after a motion's starts: "4)" after "3)", so that the motion's own
    numbered parts ("1. Replace ...") are not taken for it; any numbered line when unnumbered."""
    if motion.paragraph is None:
        return _PARAGRAPH.search(text, motion.proposal.end)
    line_start = text.rfind("\n", 0, motion.proposal.start) + 1
    marker = text[line_start : motion.proposal.start].strip()
    number = str(int(motion.paragraph) + 1)
    following = re.escape(marker.replace(motion.paragraph, number, 1))
    return re.compile(rf"(?m)^[ \t]*{following}[ \t]").search(text, motion.proposal.end)


def find_motions(text: str) -> Proceedings:
    """Every motion and amendment moved in `text`, and each vote with its counts and outcome."""
    motions = _proposals(text)
    if not motions:
        return Proceedings([], [])
    events = _events(text, motions)

    def moved_at(paragraph: str, before: int) -> int | None:
        """The latest motion moved at that paragraph number before a call (numbers restart
        with each item)."""
        found = [i for i, f in enumerate(motions) if f.paragraph == paragraph]
        found = [i for i in found if motions[i].proposal.start < before]
        return found[-1] if found else None

    votes: list[Vote] = []
    moved_to = 0  # where what was moved last ends: a notice before it is not the next one's
    current: int | None = None  # the motion last moved
    moved_since = False  # a motion was moved after the last vote began
    for n, (at, kind, m) in enumerate(events):
        if kind == "proposal":
            moved_since = True
            current = next(i for i, f in enumerate(motions) if f.proposal.start == at)
            f = motions[current]
            following = [e[0] for e in events[n + 1 :] if e[0] >= f.proposal.end]
            paragraph = _next_paragraph(text, f)
            end = min([*following[:1], paragraph.start() if paragraph else len(text), len(text)])
            # what comes next starts its own line ("**Second nomination – Proposed by ..."): the
            # words before it on that line are its heading, not this motion's wording
            end = (
                max(text.rfind("\n", f.proposal.end, end) + 1, f.proposal.end) if following else end
            )
            # "... moved that the Committee agree the recommendations." holds its own wording;
            # "Resolved: to object ... Proposed Cllr R. Hughes, seconded Cllr M. Davies." names
            # the movers after it
            quoted = _quotation_end(text, f.proposal.end, end)
            if _worded(text, f.proposal):
                f.parts = []
            elif (resolved := _resolved_before(text, f.proposal)) is not None:
                f.parts = [resolved]
            elif (notice := _notice_before(text, f.proposal, moved_to)) is not None:
                f.parts = [notice]  # "The Notice of Motion was proposed by ... and agreed."
            elif _SETTLED.search(text[f.proposal.start : f.proposal.end]) or _named(text, f):
                f.parts = []
            else:
                f.parts = _parts(text, f.proposal.end, quoted)
            moved_to = max([f.proposal.end, *(p.end for p in f.parts)])
            continue
        if current is None:
            continue
        open_vote = votes[-1] if votes and not votes[-1].settled else None
        if kind == "call":
            para = m["para"] or m["para2"] or m["para3"]
            subject = _subject(m["subject"] or m["subject2"] or m["subject3"])
            target = current if not para else moved_at(para, at)
            target = current if target is None else target
            span = sentence_around(text, m.start(), m.end())
            said = _CALL_RESULT.search(text, m.end(), span.end)
            last = votes[-1] if votes else None
            if last and last.motion == target and last.call is None and last.subject == subject:
                vote = last  # "Amendment carried." was minuted before the paragraph putting it
            else:
                vote = Vote(target, subject)
                votes.append(vote)
                moved_since = False
            vote.call = span
            if said and vote.result is None:
                vote.result = _result(said["result"])
        elif kind == "count":
            last = votes[-1] if votes else None
            if open_vote is None and last and last.outcome and not moved_since:
                # "Carried, 5 for, 1 against.": the counts follow the outcome they led to
                between = text[last.outcome.end : at]
                open_vote = last if len(between) <= 40 and "\n\n" not in between else None
            if open_vote is None:
                open_vote = Vote(current, motions[current].kind)
                votes.append(open_vote)
                moved_since = False
            side, number = _count(m)
            # a roll call by name then in figures ("Ayes: Karsten, Osei. Nays: Trent. Ayes: 2,
            # Nays: 1") counts each side once
            open_vote.counts = [c for c in open_vote.counts if c[0] != side]
            start = m.start("n") if m.re is _INLINE_SIDE else m.start("side")  # "5 for"
            open_vote.counts.append((side, number, Span(start, m.end())))
        else:
            if votes and votes[-1].outcome is None and not moved_since:
                open_vote = votes[-1]  # "On being put to the vote the motion was lost."
            if open_vote is None:
                open_vote = Vote(current, motions[current].kind)
                votes.append(open_vote)
                moved_since = False
            if m.re is _DECLARED:
                open_vote.outcome = sentence_around(text, m.start(), m.end())
                open_vote.result = _result(m["result"])
                continue
            open_vote.outcome = Span(m.start() + len(m.group()) - len(m.group().lstrip()), m.end())
            open_vote.result = _result(m["result"] or m["agreed"] or m["bare"])
            if m["subject"]:
                open_vote.subject = _subject(m["subject"])
    return Proceedings(motions, votes)


_GROUP = r"(?P<group>[A-Z][\w&'’ -]{1,40}?)\s+Group"
_GROUP_RES = (
    re.compile(rf"Leader\s+of\s+the\s+{_GROUP},?\s+(?P<name>{_NAME})"),
    re.compile(rf"(?P<name>{_NAME}),?\s+(?:the\s+)?(?:Deputy\s+)?Leader\s+of\s+the\s+{_GROUP}"),
)


def moves_a_motion(text: str) -> bool:
    """Whether `text` holds a proposal ("Mr A proposed and Mr B seconded ...")."""
    return any(p.search(text) for p in _PROPOSALS)


def political_groups(text: str) -> dict[str, str]:
    """Members' political groups as the minutes name them, by surname: {"Brady": "Labour"}.

    Minutes say "The Leader of the Labour Group, Mr Brady" or "Mr Hook, Leader of the Liberal
    Democrat Group"; a question may then speak of "Labour's amendment".
    """
    found: dict[str, str] = {}
    for pattern in _GROUP_RES:
        for m in pattern.finditer(text):
            found.setdefault(m["name"].split()[-1], " ".join(m["group"].split()))
    return found
