"""From files on disk to papers in the index: read, structure, chunk, extract records, store.

A run has four stages: every new file is read (in parallel, by the engine: see
`assistant/engines.py`); the run's papers settle their bodies, authorities and dates together
(`_settle`, one step in this process); groups of papers are chunked and embedded (in parallel,
their chunks in length-sorted batches across papers); and one writer here stores each paper with
its vectors. One file is one transaction in the store, so an interrupted run keeps every paper it
finished and nothing half-written. Identical content (same sha256) is never read or embedded twice.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

import numpy as np

from assistant.engines import Engine, LocalEngine
from assistant.register import extract_records
from corpus.chunking import chunk_paper
from corpus.committees import body_name, council_of, is_whole_council
from corpus.errors import PaperError
from corpus.metadata import files_to_ingest, folder_meeting
from corpus.readers import read_file
from corpus.structure import structure
from corpus.types import Chunk, Kind, Meeting, Paper
from index.writer import embed_chunks

# Outcome of one file.
NO_HINT = Meeting()  # nothing overridden
ADDED, REPLACED, UNCHANGED, DUPLICATE, FAILED = (
    "added",
    "replaced",
    "unchanged",
    "duplicate",
    "failed",
)


@dataclass
class FileResult:
    """What happened to one file during an ingest."""

    path: str
    status: str  # one of ADDED, REPLACED, UNCHANGED, DUPLICATE, FAILED
    paper_id: str | None = None
    pages: int = 0
    chunks: int = 0
    records: int = 0
    error: str | None = None  # the one-line reason when status is FAILED


@dataclass
class IngestReport:
    """Every file's outcome, in the order they were seen."""

    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == FAILED]

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)

    @property
    def chunks(self) -> int:
        return sum(r.chunks for r in self.results)

    def summary(self) -> str:
        parts = [
            f"{self.count(ADDED)} added",
            f"{self.count(REPLACED)} replaced",
            f"{self.count(UNCHANGED) + self.count(DUPLICATE)} unchanged or duplicate",
            f"{self.count(FAILED)} failed",
        ]
        return (
            f"{len(self.results)} file{'' if len(self.results) == 1 else 's'}: {', '.join(parts)}; "
            f"{self.pages:,} pages and {self.chunks:,} chunks indexed"
        )


def _merge(base: Meeting, override: Meeting) -> Meeting:
    """Fields set in override win."""
    return replace(
        base,
        committee=override.committee or base.committee,
        date=override.date or base.date,
        council=override.council or base.council,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _known(path: Path, sha: str, writer, reread: set[str] | None = None) -> FileResult | None:
    """An unchanged file or an identical copy costs nothing: it is only recorded as an alias.
    With `reread` (the paper ids read again in this run so far), a file stored unchanged is
    read again, once: a newer reader may find more in it."""
    existing = writer.find_by_sha(sha)
    if not existing:
        return None
    resolved = str(path.resolve())
    if reread is not None and existing not in reread and writer.path_paper(resolved) == existing:
        return None
    status = UNCHANGED if writer.path_paper(resolved) == existing else DUPLICATE
    writer.add_alias(resolved, existing)
    return FileResult(str(path), status, paper_id=existing)


def _failure(path: Path, err: Exception) -> FileResult:
    if isinstance(err, PaperError):
        return FileResult(str(path), FAILED, error=str(err))
    reason = getattr(err, "strerror", None) or str(err)
    return FileResult(str(path), FAILED, error=f"Cannot read `{path.name}` ({path}): {reason}")


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise PaperError(path, "not a readable file")


def _read(path: Path, hint: Meeting) -> Paper:
    """Read and structure a file under the meeting its boardpapers.json and the caller set."""
    return structure(read_file(path.resolve()), hint=_merge(folder_meeting(path), hint))


def _restructure(
    path: Path, paper: Paper, hint: Meeting, folder: Meeting, named: str | None, council: str | None
) -> Paper:
    """A paper takes the name settled for its body (`named`: with its authority, in the run's
    usual spelling); one that names no body or date takes its folder's: structured again, not
    read again. A paper calling the whole council by another name ("Full Council" among "County
    Council" papers) takes the folder's name for it."""
    own = paper.meeting
    same_council = (
        is_whole_council(named)
        and is_whole_council(folder.committee)
        and council_of(named) in (None, council_of(folder.committee))
    )
    committee = folder.committee if not named or same_council else named
    if not committee and council and paper.kind in (Kind.MINUTES, Kind.AGENDA):
        # minutes or an agenda of "the meeting", under the authority's letterhead alone ("Minutes
        # of the Annual Parish Meeting"): a meeting of the authority itself
        committee = council
    # a folder's date is its meeting's: a paper of another body there keeps its own (or none)
    day = folder.date if not own.date and (not named or named == folder.committee) else None
    if committee == own.committee and not day:
        return paper
    settled = Meeting(
        committee=committee if committee != own.committee else None, date=day, council=council
    )
    return structure(paper.source, hint=_merge(_merge(folder_meeting(path), hint), settled))


def _settle(found: list[tuple[Path, Paper]], hint: Meeting) -> list[Paper]:
    """The papers of one run, those naming no authority, body or date given what the others
    agree on (`_settle_councils`, then each folder's consensus)."""
    councils = _settle_councils(found)
    named = _spelled_alike(
        [
            body_name(_bare(p.meeting.committee), c)
            for (_, p), c in zip(found, councils, strict=True)
        ]
    )
    folders = _by_folder(found)
    settled: list[Paper | None] = [None] * len(found)
    for members in folders.values():
        folder = Meeting(
            committee=_consensus([named[i] for i in members]),
            date=folder_date([found[i][1] for i in members]),
        )
        listed = _listed_by_agenda([found[i] for i in members], [named[i] for i in members])
        for i, meeting in zip(members, listed, strict=True):
            path, paper = found[i]
            # the agenda listing it tells the meeting; what the agenda does not name, the folder
            meeting = _merge(folder, meeting) if meeting else folder
            settled[i] = _restructure(path, paper, hint, meeting, named[i], councils[i])
    return settled  # type: ignore[return-value]  (every index is a member of one folder)


def _listed_by_agenda(found: list[tuple[Path, Paper]], named: list[str | None]) -> list:
    """For each undated paper of one folder, the meeting of the agenda there that lists it (a
    report or its annex named like one of the agenda's items: "24-00096 - EQIA" under "9.
    24/00096 - Commissioning Plan ..."), else None. The words of the paper's file name and title
    are weighed by how few of the folder's agenda items hold them (IDF), and the agenda whose
    item holds most of that weight wins, when it holds a word rarer than the paper's words on
    average and no other agenda holds as much: papers of several meetings in one plain folder
    are parted by the agendas beside them."""
    agendas = [
        (n, [_words(item) for item in items])
        for n, (_, paper) in enumerate(found)
        if paper.meeting.date and (items := _agenda_items(paper))
    ]
    listed: list[Meeting | None] = [None] * len(found)
    if not agendas:
        return listed
    items = [words for _, all_items in agendas for words in all_items]
    df = Counter(w for words in items for w in words)
    idf = {w: math.log(1 + len(items) / n) for w, n in df.items()}
    for n, (path, paper) in enumerate(found):
        own = _words(f"{path.stem} {paper.title}") & set(idf)
        if paper.meeting.date or not own or any(n == a for a, _ in agendas):
            continue
        usual = sum(idf[w] for w in own) / len(own)
        scored = sorted(
            (
                (max(sum(idf[w] for w in own & words) for words in all_items), a)
                for a, all_items in agendas
            ),
            reverse=True,
        )
        best, a = scored[0]
        meeting = Meeting(committee=named[a], date=found[a][1].meeting.date)
        key = (meeting.committee, meeting.date)
        # two agendas of one meeting (its front sheet and its pack) list the same items
        second = max(
            (score for score, b in scored if (named[b], found[b][1].meeting.date) != key),
            default=0.0,
        )
        shared = own & set().union(*(words for words in dict(agendas)[a]))
        if best > second and any(idf[w] >= usual for w in shared):
            listed[n] = meeting
    return listed


def _agenda_items(paper: Paper) -> list[str]:
    return list(
        dict.fromkeys(
            section.item
            for part in paper.parts
            if part.kind is Kind.AGENDA
            for section in part.sections
            if section.item
        )
    )


def _words(text: str) -> set[str]:
    """A name's words and figures: "24-00096 - EQIA" and "24/00096 - EqIA" share theirs."""
    return {w for w in re.findall(r"[a-z]+|\d+", text.lower()) if len(w) > 1 or w.isdigit()}


def _spelled_alike(names: list[str | None]) -> list[str | None]:
    """Names that differ only in case, hyphens and punctuation ("Municipal District of
    Cappamore Kilmallock", "... Cappamore-Kilmallock") are one body: the spelling most papers
    use."""
    by_key: dict[str, Counter] = defaultdict(Counter)
    for name in names:
        if name:
            by_key[_spelling_key(name)][name] += 1
    usual = {key: spellings.most_common(1)[0][0] for key, spellings in by_key.items()}
    return [usual[_spelling_key(name)] if name else None for name in names]


def _spelling_key(name: str) -> str:
    return " ".join(re.sub(r"[^\w:]+", " ", name.lower().replace("&", " and ")).split())


def _bare(body: str | None) -> str | None:
    """A canonical body name without its authority: "Kent County Council: Cabinet" -> "Cabinet"."""
    return body.split(": ", 1)[1] if body and ": " in body else body


def _by_folder(found: list[tuple[Path, Paper]]) -> dict[Path, list[int]]:
    folders: dict[Path, list[int]] = defaultdict(list)
    for i, (path, _) in enumerate(found):
        folders[path.parent].append(i)
    return folders


def _settle_councils(found: list[tuple[Path, Paper]]) -> list[str | None]:
    """The authority of each paper: the one its body's name gives ("Kent County Council
    Cabinet"); else the one papers naming the same body agree on, over a letterhead (a
    community council's letter in a district's pack is a paper of the district's meeting);
    else its own letterhead; else the one its folder's papers agree on; else the one of the
    nearest enclosing folder that holds one authority's papers (a district's minutes in the
    council's archive; never across a folder whose subfolders hold different authorities')."""
    # an authority in the body's own name, where the letterhead did not give it
    by_name = [council_of(p.meeting.committee) for _, p in found]
    by_name = [
        c if c != p.meeting.council else None for c, (_, p) in zip(by_name, found, strict=True)
    ]
    owned = [c is not None for c in by_name]
    councils = [c or p.meeting.council for c, (_, p) in zip(by_name, found, strict=True)]
    for members in _by_folder(found).values():
        agreed = _plurality(Counter(councils[i] for i in members if councils[i]))
        for i in members:
            councils[i] = councils[i] or agreed
    bodies: dict[str, list[str]] = defaultdict(list)
    for (_, paper), council in zip(found, councils, strict=True):
        if council and paper.meeting.committee:
            bodies[_spelling_key(_bare(paper.meeting.committee))].append(council)
    for i, (_, paper) in enumerate(found):
        if not owned[i] and paper.meeting.committee:
            key = _spelling_key(_bare(paper.meeting.committee))
            councils[i] = _consensus(bodies.get(key, [])) or councils[i]
    votes: dict[Path, Counter] = defaultdict(Counter)
    subfolders: dict[Path, set[Path]] = defaultdict(set)
    for (path, _), council in zip(found, councils, strict=True):
        if council:
            for child, parent in zip(path.parents, path.parents[1:], strict=False):
                votes[child][council] += 1
                subfolders[parent].add(child)
    enclosing: dict[Path, str | None] = {}  # by the paper's folder: its papers share the answer
    for i, ((path, _), council) in enumerate(zip(found, councils, strict=True)):
        if not council:
            if path.parent not in enclosing:
                enclosing[path.parent] = _enclosing(path.parent, votes, subfolders)
            councils[i] = enclosing[path.parent]
    return councils


def _enclosing(
    folder: Path, votes: dict[Path, Counter], subfolders: dict[Path, set[Path]]
) -> str | None:
    for above in (folder, *folder.parents):
        if not votes.get(above):
            continue
        parts = Counter(_plurality(votes[sub]) for sub in subfolders.get(above, ()))
        parts.pop(None, None)
        if parts.total() < 2:
            return None  # one folder's authority says nothing of its siblings'
        # a collection of several authorities' papers has no one authority; an archive of one
        # may hold a stray letter of another
        return _plurality(parts) and _plurality(votes[above])
    return None


def _screen(path: Path, writer, reread: set[str] | None = None) -> FileResult | str:
    """A file's sha256 when it needs reading; else its outcome (unchanged, a copy, unreadable)."""
    try:
        _require_file(path)
        sha = _sha256(path)
        return _known(path, sha, writer, reread) or sha
    except (PaperError, OSError) as err:
        return _failure(path, err)


def _chunks(path: Path, paper: Paper) -> list[Chunk]:
    chunks = chunk_paper(paper)
    if not chunks:
        raise PaperError(path, "no text to index (scanned images?)")
    return chunks


# An engine's task: papers to chunk and embed, and the vectors their stored versions hold
_Task = tuple[list[tuple[Path, Paper]], dict[str, np.ndarray]]


@dataclass
class _Chunked:
    """A paper cut into chunks, with its register's records and its chunks' unit vectors."""

    chunks: list[Chunk]
    records: list[dict]
    vectors: np.ndarray | None  # None when the index has no embedder (the writer then refuses)


# Papers are embedded in groups of about this much text, ~200 chunks (1.1 KB each in the Limerick
# archive): enough for batches sorted by length to pad little, few enough that the workers share
# a run evenly and the writer starts early.
GROUP_CHARS = 250_000


def _groups(found: list[tuple[Path, Paper]]) -> list[list[int]]:
    """Consecutive papers, as indexes of `found`, in groups of about GROUP_CHARS; a second copy
    of a paper in the run is left out (it is stored as a duplicate of the first)."""
    groups: list[list[int]] = [[]]
    size = 0
    seen: set[str] = set()
    for i, (_, paper) in enumerate(found):
        if paper.source.sha256 in seen:
            continue
        seen.add(paper.source.sha256)
        if groups[-1] and size >= GROUP_CHARS:
            groups.append([])
            size = 0
        groups[-1].append(i)
        size += sum(len(page.text) for page in paper.source.pages)
    return [g for g in groups if g]


def _chunk_group(task: _Task, embedder) -> list[_Chunked | FileResult]:
    """Chunk papers, extract their records, and embed all their chunks together, shortest first:
    a batch of texts of like length pads each to the longest less (an engine's task). A passage
    whose text a stored version of its paper holds already keeps that version's vector."""
    group, stored = task
    done: list[_Chunked | FileResult] = []
    for path, paper in group:
        try:
            chunks = _chunks(path, paper)
        except PaperError as err:
            done.append(_failure(path, err))
            continue
        done.append(_Chunked(chunks, extract_records(paper, chunks), None))
    chunked = [d for d in done if isinstance(d, _Chunked)]
    every = [chunk for d in chunked for chunk in d.chunks]
    known = [stored.get(f"{c.breadcrumb}\n{c.text}") for c in every]
    new = [i for i, v in enumerate(known) if v is None]
    if new and embedder is None:
        return done
    order = sorted(new, key=lambda i: len(every[i].breadcrumb) + len(every[i].text))
    if order:
        made = embed_chunks(
            embedder, [every[i] for i in order], batch_size=getattr(embedder, "batch_size", 32)
        )
        for i, vector in zip(order, made, strict=True):
            known[i] = vector
    vectors = np.vstack(known).astype(np.float32) if known else np.zeros((0, 0), np.float32)
    start = 0
    for d in chunked:
        d.vectors = vectors[start : start + len(d.chunks)]
        start += len(d.chunks)
    return done


def _store(
    path: Path, sha: str, paper: Paper, writer, on_chunks=None, done=None, reread=None
) -> FileResult:
    """Write one paper in one transaction, with its chunks, records and vectors when `done`
    (by `_chunk_group`) holds them, else chunking it and extracting its records here."""
    known = _known(path, sha, writer, reread)  # an identical copy earlier in the same run
    if known:
        return known
    if reread is not None:
        reread.add(paper.paper_id)
    if isinstance(done, FileResult):
        return done
    if done is None:
        try:
            chunks = _chunks(path, paper)
        except PaperError as err:
            return _failure(path, err)
        done = _Chunked(chunks, extract_records(paper, chunks), None)
    replaced = writer.path_paper(str(path.resolve())) is not None
    writer.add(
        paper, done.chunks, records=done.records, on_progress=on_chunks, vectors=done.vectors
    )
    return FileResult(
        str(path),
        REPLACED if replaced else ADDED,
        paper_id=paper.paper_id,
        pages=paper.pages,
        chunks=len(done.chunks),
        records=len(done.records),
    )


def folder_date(papers: list[Paper]) -> date | None:
    """The meeting date clearly most papers of one folder give, minutes aside (they record an
    earlier meeting than the one they are published for)."""
    return _consensus([p.meeting.date for p in papers if p.kind is not Kind.MINUTES])


def _plurality(counts: Counter) -> object | None:
    """The value counted at least twice as often as any other: a folder's authority, where an
    annex may carry another authority's letterhead (a borough's response in a county's pack)."""
    counts = counts.most_common(2)
    if not counts:
        return None
    return counts[0][0] if len(counts) == 1 or counts[0][1] >= 2 * counts[1][1] else None


def _consensus(values: list) -> object | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    value, count = counts.most_common(1)[0]
    return value if 3 * count >= 2 * counts.total() else None


def _ingest_all(
    files: list[Path], writer, hint: Meeting, on_chunks, on_file, engine: Engine, reread: bool
) -> list[FileResult]:
    """Every file is read before any is stored, so a paper that names no authority, body or
    date can take the one the run's other papers agree on (see `_settle`). With `reread`, files
    stored unchanged are read again, and their passages keep the vectors stored for them."""
    outcomes: list[FileResult | tuple[str, Paper]] = []
    again: set[str] | None = set() if reread else None  # paper ids read again so far
    screened = [_screen(path, writer, again) for path in files]
    to_read = [path for path, sha in zip(files, screened, strict=True) if isinstance(sha, str)]
    read = engine.map(partial(_read_or_fail, hint=hint), to_read)
    for sha in screened:
        if isinstance(sha, FileResult):
            outcomes.append(sha)
        else:
            paper = next(read)
            outcomes.append(paper if isinstance(paper, FileResult) else (sha, paper))
    fresh = [
        (path, item[1])
        for path, item in zip(files, outcomes, strict=True)
        if isinstance(item, tuple)
    ]
    settled = list(zip((path for path, _ in fresh), _settle(fresh, hint), strict=True))
    groups = _groups(settled)
    grouped = {i for g in groups for i in g}
    tasks = [([settled[i] for i in group], _stored(settled, group, writer)) for group in groups]
    chunked = zip(groups, engine.map_embedding(_chunk_group, tasks), strict=True)
    done: dict[int, _Chunked | FileResult] = {}  # by index in `settled`, as groups come back
    results = []
    n = 0  # index in `settled` of the next fresh paper
    for item in outcomes:
        if isinstance(item, FileResult):
            result = item
        else:
            while n in grouped and n not in done:  # groups come back in order
                group, outcome = next(chunked)
                done.update(zip(group, outcome, strict=True))
            path, paper = settled[n]
            result = _store(path, item[0], paper, writer, on_chunks, done.pop(n, None), again)
            n += 1
        results.append(result)
        if on_file:
            on_file(result)
    return results


def _stored(settled: list[tuple[Path, Paper]], group: list[int], writer) -> dict:
    """The stored vectors of the papers a group's files replace or read again, by their text."""
    out: dict[str, np.ndarray] = {}
    for i in group:
        previous = writer.path_paper(str(settled[i][0].resolve()))
        if previous:
            out |= writer.stored_vectors(previous)
    return out


def ingest_paths(
    paths: Iterable[Path],
    *,
    index,
    hint: Meeting = NO_HINT,
    on_file: Callable[[FileResult], None] | None = None,
    on_chunks: Callable[[int], None] | None = None,
    files: list[Path] | None = None,
    engine: Engine | None = None,
    reread: bool = False,
) -> IngestReport:
    """Ingest files and folders into `index`; the run goes on past files that fail.

    Every file is read before any is stored, so a paper that names no committee can take the
    one the run's other papers agree on. `files`, when given, is the already-expanded file list
    (the CLI counts it for its progress bar). `engine` runs the reading and embedding (default:
    in this process, one task after another; the CLI passes one that uses every core).
    With `reread`, files stored unchanged are read again (after an upgrade that reads papers
    better), re-embedding only the passages whose text changed.
    """
    report = IngestReport()
    if files is None:
        files, errors = files_to_ingest([Path(p) for p in paths])
        for err in errors:
            report.results.append(FileResult(str(err.path), FAILED, error=str(err)))
    runner = engine or LocalEngine(index.embedder, jobs=1)
    try:
        with index.writer() as writer:
            report.results.extend(
                _ingest_all(files, writer, hint, on_chunks, on_file, runner, reread)
            )
    finally:
        if engine is None:
            runner.close()
    return report


@dataclass(frozen=True)
class Preview:
    """Where one file would be filed, as a real ingest would read it; `error` when it would fail."""

    path: Path
    committee: str | None = None
    meeting_date: date | None = None
    kind: str | None = None
    title: str | None = None
    pages: int = 0
    error: str | None = None

    def to_json(self) -> dict:
        """The `ingest --dry-run --json` shape."""
        return {
            "path": str(self.path),
            "committee": self.committee,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "kind": self.kind,
            "title": self.title,
            "pages": self.pages,
            "error": self.error,
        }


def _read_or_fail(path: Path, hint: Meeting) -> Paper | FileResult:
    try:
        _require_file(path)
        return _read(path, hint)
    except (PaperError, OSError) as err:
        return _failure(path, err)


def _preview(path: Path, paper: Paper) -> Preview:
    try:
        _chunks(path, paper)  # a paper with nothing to index fails the real ingest too
    except PaperError as err:
        return Preview(path, error=str(err))
    meeting = paper.meeting
    return Preview(path, meeting.committee, meeting.date, str(paper.kind), paper.title, paper.pages)


def preview_paths(
    paths: Iterable[Path], hint: Meeting = NO_HINT, *, engine: Engine | None = None
) -> list[Preview]:
    """What `ingest_paths` would file where, sorted by path; the index is never opened.

    Every file is read and structured as new: unlike a real ingest, nothing is known to be
    unchanged, so a file already indexed is shown as it would be read today.
    """
    files, errors = files_to_ingest([Path(p) for p in paths])
    previews = [Preview(err.path, error=str(err)) for err in errors]
    reader = engine.map if engine else map
    read = list(zip(files, reader(partial(_read_or_fail, hint=hint), files), strict=True))
    found = [(path, item) for path, item in read if isinstance(item, Paper)]
    settled = iter(_settle(found, hint))  # in the order of `found`
    previews += [
        Preview(path, error=item.error)
        if isinstance(item, FileResult)
        else _preview(path, next(settled))
        for path, item in read
    ]
    return sorted(previews, key=lambda p: p.path)
