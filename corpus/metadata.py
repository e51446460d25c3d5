"""Which files to ingest, and the meeting a folder's `boardpapers.json` says its papers belong to.

A folder may hold a small JSON file named `boardpapers.json` that applies to every file in that
folder and below it:

    {"committee": "Social Care Services Board", "meeting_date": "2016-01-25"}

Both fields are optional. The nearest file wins field by field: a file in `2016-01-25/` giving only
the date, under a folder whose file gives the committee, yields both. `meeting_date` is ISO 8601
(YYYY-MM-DD). Any other key is an error, so a misspelt field never passes silently.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

from corpus.errors import MetadataError, PaperError, UnreadableFile, UnsupportedFile
from corpus.readers import SUPPORTED_SUFFIXES
from corpus.types import Meeting

METADATA_FILE = "boardpapers.json"
FIELDS = ("committee", "meeting_date")
# Files that programs leave beside papers: never papers, never worth a warning.
_LITTER = {"thumbs.db", "desktop.ini"}


def folder_meeting(path: Path) -> Meeting:
    """The committee and meeting date set for `path` by the nearest boardpapers.json files."""
    path = Path(path).absolute()
    folder = path if path.is_dir() else path.parent
    found: dict[str, object] = {}
    for directory in (folder, *folder.parents):
        candidate = directory / METADATA_FILE
        if not candidate.is_file():
            continue
        stat = candidate.stat()
        for key, value in _load(str(candidate), stat.st_mtime_ns, stat.st_size).items():
            found.setdefault(key, value)  # nearer folders were seen first and win
        if len(found) == len(FIELDS):
            break
    return Meeting(committee=found.get("committee"), date=found.get("meeting_date"))


@lru_cache(maxsize=256)
def _load(path: str, mtime_ns: int, size: int) -> dict[str, object]:
    """One metadata file's fields, validated; cached while the file is unchanged."""
    source = Path(path)
    try:
        raw = json.loads(source.read_text("utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise MetadataError(source, f"not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise MetadataError(source, f"cannot be read ({exc})") from exc
    if not isinstance(raw, dict):
        raise MetadataError(source, 'expected an object such as {"committee": "Cabinet"}')
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise MetadataError(
            source, f"unknown field {', '.join(unknown)} (allowed: {', '.join(FIELDS)})"
        )
    fields: dict[str, object] = {}
    committee = raw.get("committee")
    if committee is not None:
        if not isinstance(committee, str) or not committee.strip():
            raise MetadataError(source, "committee must be a non-empty string")
        fields["committee"] = " ".join(committee.split())
    when = raw.get("meeting_date")
    if when is not None:
        try:
            fields["meeting_date"] = date.fromisoformat(str(when))
        except ValueError as exc:
            raise MetadataError(
                source, f"meeting_date {when!r} is not a date like 2016-01-25"
            ) from exc
    return fields


def files_to_ingest(paths: list[Path]) -> tuple[list[Path], list[PaperError]]:
    """Supported files under `paths` (folders expanded, sorted), and an error per file refused."""
    files: list[Path] = []
    errors: list[PaperError] = []
    for given in paths:
        path = Path(given).absolute()
        if path.is_dir():
            candidates = sorted(
                p for p in path.rglob("*") if p.is_file() and not _skipped(p.relative_to(path))
            )
        elif path.is_file():
            candidates = [path]
        else:
            errors.append(UnreadableFile(path, "no such file or folder"))
            continue
        for candidate in candidates:
            if candidate.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(candidate)
            elif candidate.name != METADATA_FILE:
                errors.append(UnsupportedFile(candidate, SUPPORTED_SUFFIXES))
    return list(dict.fromkeys(files)), errors


def _skipped(relative: Path) -> bool:
    """Hidden files and folders, Office lock files, OS litter and the metadata file itself."""
    name = relative.name
    if any(part.startswith(".") for part in relative.parts):
        return True
    return name == METADATA_FILE or name.startswith("~$") or name.lower() in _LITTER
