"""The `boardpapers` command: one group, domain errors turned into one-line messages here."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from assistant.options import filter_options, iso_date, make_filters
from assistant.settings import Settings

# Commands that live beside their logic (answering, the register, timelines), imported only when
# one is run or --help lists them: `ask` must not pay for the register's imports (numpy) when a
# running `serve` answers it.
LAZY_COMMANDS = {
    "ask": ("assistant.ask_cli", "ask"),
    "eval": ("assistant.ask_cli", "eval_command"),
    "decisions": ("assistant.decisions_cli", "decisions"),
    "timeline": ("assistant.timeline_cli", "timeline"),
}


class _Group(click.Group):
    """Turns domain errors into one-line messages: the one place the CLI translates them."""

    def list_commands(self, ctx) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx, name: str):
        if name in LAZY_COMMANDS and name not in self.commands:
            from importlib import import_module

            module, attribute = LAZY_COMMANDS[name]
            self.add_command(getattr(import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx):
        from corpus.errors import PaperError
        from index.errors import IndexError_

        try:
            return super().invoke(ctx)
        except (PaperError, IndexError_) as err:
            raise click.ClickException(str(err)) from err


@click.group(cls=_Group)
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="BOARDPAPERS_INDEX",
    help="Folder holding the index (default ./boardpapers-index; env BOARDPAPERS_INDEX).",
)
@click.version_option(package_name="boardpapers")
@click.pass_context
def main(ctx: click.Context, index_dir: Path | None) -> None:
    """Ask your board papers: cited, verbatim answers from agendas, minutes and reports.

    \b
    boardpapers ingest corpus/samples
    boardpapers ask "What did we recommend on home care?"
    boardpapers serve
    """
    settings = Settings(index=index_dir) if index_dir else Settings()
    ctx.obj = settings


def _open(settings: Settings, *, read_only: bool):
    from assistant.runtime import open_index

    return open_index(settings, read_only=read_only)


def run_ingest(
    settings: Settings,
    paths: tuple[Path, ...],
    *,
    committee,
    meeting_date,
    engine: str = "local",
    jobs: int | None = None,
    reread: bool = False,
) -> int:
    """Ingest with a progress bar and a summary line; returns the number of failed files."""
    from tqdm import tqdm

    from assistant.ingest import FAILED, ingest_paths
    from corpus.metadata import files_to_ingest
    from corpus.types import Meeting

    files, errors = files_to_ingest(list(paths))
    for err in errors:
        click.echo(f"error: {err}", err=True)
    started = time.perf_counter()
    runner = _engine(settings, engine, jobs)
    try:
        index = _open(settings, read_only=False)
    except BaseException:
        runner.close()
        raise
    bar = tqdm(total=len(files), unit="file", desc="Ingesting", disable=None, file=sys.stderr)
    totals = {"pages": 0, "chunks": 0}

    def on_chunks(n: int) -> None:
        totals["chunks"] += n
        bar.set_postfix(pages=totals["pages"], chunks=totals["chunks"], refresh=True)

    def on_file(result) -> None:
        totals["pages"] += result.pages
        if result.status == FAILED:
            tqdm.write(f"error: {result.error}", file=sys.stderr)
        bar.update(1)
        bar.set_postfix(pages=totals["pages"], chunks=totals["chunks"])

    try:
        report = ingest_paths(
            paths,
            index=index,
            hint=Meeting(committee=committee, date=meeting_date),
            files=files,
            on_file=on_file,
            on_chunks=on_chunks,
            engine=runner,
            reread=reread,
        )
    finally:
        bar.close()
        index.close()
        runner.close()
    failed = len(report.failed) + len(errors)
    elapsed = time.perf_counter() - started
    click.echo(f"{report.summary()}; {len(errors)} skipped; {elapsed:.1f}s.")
    return failed


def _engine(settings: Settings, name: str, jobs: int | None):
    """The engine that reads and embeds, with workers that make the model from `settings`."""
    from functools import partial

    from assistant.engines import EngineUnavailable, make_engine
    from assistant.runtime import embedder_for

    try:
        return make_engine(
            name,
            embedder_for(settings),
            jobs=jobs,
            embedder_factory=partial(embedder_for, settings),
        )
    except EngineUnavailable as err:
        raise click.ClickException(str(err)) from err


NO_BODY, NO_DATE = "(no body found)", "(no date)"


def run_preview(
    paths: tuple[Path, ...], *, committee, meeting_date, as_json: bool, jobs: int | None = None
) -> int:
    """List what an ingest would file where, storing nothing; returns the number of failed files."""
    from assistant.engines import LocalEngine
    from assistant.ingest import preview_paths
    from corpus.types import Meeting

    reader = LocalEngine(None, jobs=jobs)  # reads files in parallel; nothing is embedded
    try:
        hint = Meeting(committee=committee, date=meeting_date)
        previews = preview_paths(paths, hint=hint, engine=reader)
    finally:
        reader.close()
    if as_json:
        click.echo(json.dumps([p.to_json() for p in previews], indent=2))
    else:
        for line in _preview_lines(previews, [Path(p) for p in paths]):
            click.echo(line)
        click.echo(_preview_summary(previews))
    return sum(p.error is not None for p in previews)


def _preview_lines(previews, given: list[Path]):
    """One aligned line per file: body, date, kind, title, pages, where it is; or its error."""
    filed = [p for p in previews if not p.error]
    body_width = max((len(p.committee or NO_BODY) for p in filed), default=0)
    kind_width = max((len(p.kind) for p in filed), default=0)
    titles = {p.path: _snippet(p.title or "", 48) for p in filed}
    title_width = max(map(len, titles.values()), default=0)
    for p in previews:
        if p.error:
            yield f"error: {p.error}"
            continue
        when = p.meeting_date.isoformat() if p.meeting_date else NO_DATE
        yield (
            f"{p.committee or NO_BODY:<{body_width}}  {when:<10}  {p.kind:<{kind_width}}  "
            f"{titles[p.path]:<{title_width}}  {p.pages:>3}p  {_shown(p.path, given)}"
        )


def _shown(path: Path, given: list[Path]) -> str:
    """A file as the user would name it: under the one folder given, relative to that folder."""
    for root in given:
        absolute = root.absolute()
        if path == absolute:
            return str(root)
        if path.is_relative_to(absolute):
            relative = path.relative_to(absolute)
            return str(relative if len(given) == 1 else root / relative)
    return str(path)


def _preview_summary(previews) -> str:
    filed = [p for p in previews if not p.error]
    bodies = {p.committee for p in filed if p.committee}
    return (
        f"{_count(len(filed), 'file')} would be filed under "
        f"{_count(len(bodies), 'body', 'bodies')}; "
        f"{sum(not p.committee for p in filed)} without a body; "
        f"{sum(not p.meeting_date for p in filed)} without a date; "
        f"{len(previews) - len(filed)} failed; nothing was stored."
    )


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--committee", help="Committee or board name for these papers (overrides detection).")
@click.option("--date", "meeting_date", callback=iso_date, help="Meeting date, YYYY-MM-DD.")
@click.option(
    "--dry-run",
    is_flag=True,
    help="List what would be filed where (body, meeting date, kind, title, pages); store nothing.",
)
@click.option("--json", "as_json", is_flag=True, help="With --dry-run: machine-readable output.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where files are read and embedded: processes on this machine, or Ray tasks (a local "
    "Ray instance, or the cluster at RAY_ADDRESS; needs pip install 'boardpapers[ray]').",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes (or Ray CPUs) that read and embed at once (default: every core).",
)
@click.option(
    "--reread",
    is_flag=True,
    help="Read unchanged files again (after an upgrade that reads papers better: motions, "
    "votes, decisions); only passages whose text changed are embedded again.",
)
@click.pass_obj
def ingest(
    settings: Settings, paths, committee, meeting_date, dry_run, as_json, engine, jobs, reread
) -> None:
    """Add papers (PDF, .txt, .md, .html, .docx; files or folders) to the index.

    Unchanged files and identical copies are skipped by content hash (read again with
    --reread); a changed file replaces its old version, and its unchanged passages keep their
    vectors. Exit status 1 when any file failed. With --dry-run, every file is read
    as it would be and listed with the body and meeting it would be filed under; nothing is
    stored, and the exit status is 1 when a file would fail. Files are read and embedded on
    every core; with --engine ray, by Ray tasks, while this process stores the results.

    \b
    boardpapers ingest papers/ "Board pack March.pdf"
    boardpapers ingest --committee "Audit Committee" --date 2025-03-13 pack.pdf
    boardpapers ingest --dry-run papers/
    RAY_ADDRESS=ray://head:10001 boardpapers ingest --engine ray /shared/papers/
    """
    if as_json and not dry_run:
        raise click.UsageError("--json goes with --dry-run.")
    if dry_run:
        failed = run_preview(
            paths, committee=committee, meeting_date=meeting_date, as_json=as_json, jobs=jobs
        )
    else:
        failed = run_ingest(
            settings,
            paths,
            committee=committee,
            meeting_date=meeting_date,
            engine=engine,
            jobs=jobs,
            reread=reread,
        )
    if failed:
        sys.exit(1)


@main.command()
@click.argument("query")
@click.option("--k", default=10, show_default=True, help="How many results.")
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def search(settings: Settings, query, k, committee, since, until, kind, as_json) -> None:
    """Search the papers (hybrid keyword and meaning search).

    \b
    boardpapers search "safe havens" --k 5
    boardpapers search "budget overspend" --committee Cabinet --since 2025-01-01 --json
    """
    index = _open(settings, read_only=True)
    hits = index.search(query, k=k, filters=make_filters(committee, since, until, kind))
    if as_json:
        click.echo(json.dumps({"results": [h.to_json() for h in hits]}, indent=2))
        return
    if not hits:
        click.echo("No matching passages.")
    for n, hit in enumerate(hits, 1):
        where = " › ".join(
            str(x) for x in (hit.committee, hit.meeting_date, hit.document, hit.item) if x
        )
        page = f", page {hit.page}" if hit.page else ""
        click.secho(f"[{n}] {where}{page}  (score {hit.score:.3f})", bold=True)
        click.echo(f"    {_snippet(hit.text)}\n")


def _snippet(text: str, width: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def papers(settings: Settings, as_json: bool) -> None:
    """List what is indexed by body, then meeting: each paper's id, kind, pages, chunks, title."""
    index = _open(settings, read_only=True)
    rows = index.papers()
    if as_json:
        click.echo(json.dumps([p.to_json() for p in rows], indent=2))
        return
    if not rows:
        click.echo("No papers yet: run `boardpapers ingest PATH`.")
    for committee, meetings in _by_body_and_meeting(rows):
        click.secho(committee or NO_BODY, bold=True)
        for when, listed in meetings:
            click.echo(f"  {when.isoformat() if when else NO_DATE}")
            for p in listed:
                click.echo(
                    f"    {p.paper_id}  {p.kind:<12} {p.pages:>4}p {p.chunks:>5}c  {p.title}"
                )


def _by_body_and_meeting(rows):
    """Bodies by name, papers naming none last; under each, meetings newest first, undated last."""
    bodies: dict = {}
    for p in rows:
        bodies.setdefault(p.committee, {}).setdefault(p.meeting_date, []).append(p)
    order = sorted(bodies, key=lambda name: (name is None, (name or "").casefold()))
    return [(name, sorted(bodies[name].items(), key=_newest_first)) for name in order]


def _newest_first(meeting) -> tuple[bool, int]:
    when = meeting[0]
    return (when is None, -when.toordinal() if when else 0)


@main.command()
@click.argument("paper_id")
@click.pass_obj
def remove(settings: Settings, paper_id: str) -> None:
    """Remove a paper (by the id `papers` shows) from the index."""
    index = _open(settings, read_only=False)
    with index.writer() as writer:
        removed = writer.remove(paper_id)
    if not removed:
        raise click.ClickException(
            f"No paper {paper_id!r} in the index (see `boardpapers papers`)."
        )
    click.echo(f"Removed {paper_id}.")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--host", help="Address to listen on (default 127.0.0.1; env BOARDPAPERS_HOST).")
@click.option("--port", type=int, help="Port to listen on (default 8000; env BOARDPAPERS_PORT).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes (default 1; env BOARDPAPERS_WORKERS); each opens the index itself.",
)
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="info",
    show_default=True,
    help="Least severe log line shown; `info` logs every request.",
)
@click.pass_obj
def serve(settings: Settings, paths, host, port, workers, log_level) -> None:
    """Start the chat page and JSON API; ingest PATHS first when given.

    Every worker reads its settings from the BOARDPAPERS_* environment (set here from the
    options), and keeps nothing a later request needs in its own memory: conversations and rate
    limits are in web.sqlite in the index folder. While it runs, serve.json there tells
    `boardpapers ask` where it listens, and `ask` sends it its questions.

    \b
    boardpapers serve corpus/samples
    boardpapers serve --port 8080
    boardpapers serve --host 0.0.0.0 --workers 2
    """
    import os

    import uvicorn

    from assistant.served import announce, withdraw

    if paths:
        run_ingest(settings, paths, committee=None, meeting_date=None)
    given = {"host": host, "port": port, "workers": workers}
    settings = settings.model_copy(update={k: v for k, v in given.items() if v is not None})
    settings = settings.model_copy(update={"index": Path(settings.index).absolute()})
    os.environ.update(settings_environment(settings))
    click.echo(
        f"boardpapers is serving {settings.index} at http://{settings.host}:{settings.port}/ "
        f"with {_count(settings.workers, 'worker')}"
    )
    # `ask` finds this server through <index>/serve.json and sends it its questions; a file left
    # by a server that was killed is ignored (its process is gone or its port is closed).
    served = announce(settings.index, settings.host, settings.port) if settings.port else None
    try:
        uvicorn.run(
            "web.app:create_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            log_config=log_config(log_level),
            access_log=False,  # web.middleware.RequestLog logs each request, without its query
        )
    finally:
        if served is not None:
            withdraw(settings.index, served)


def settings_environment(settings: Settings) -> dict[str, str]:
    """The BOARDPAPERS_* variables that rebuild `settings` in another process (a worker)."""
    values = settings.model_dump().items()
    return {f"BOARDPAPERS_{name.upper()}": str(v) for name, v in values if v is not None}


def log_config(level: str) -> dict:
    """uvicorn's logging, with the app's loggers (`web.*`: requests, errors) beside its own."""
    from uvicorn.config import LOGGING_CONFIG

    config = {**LOGGING_CONFIG, "loggers": dict(LOGGING_CONFIG["loggers"])}
    # which worker process wrote a line: [pid]
    default = {
        **LOGGING_CONFIG["formatters"]["default"],
        "fmt": "%(levelprefix)s [%(process)d] %(message)s",
    }
    config["formatters"] = {**LOGGING_CONFIG["formatters"], "default": default}
    config["loggers"]["web"] = {
        "handlers": ["default"],
        "level": level.upper(),
        "propagate": False,
    }
    config["loggers"]["uvicorn"] = {**config["loggers"]["uvicorn"], "level": level.upper()}
    return config
