"""`ask` through a running `serve` of the same index: the discovery file `serve` keeps in the index
folder while it listens, and the one request `ask` sends it.

Standard library only: this is the path that lets `ask` answer without importing numpy, FAISS or
the model runtime, so anything heavier here would undo it.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DISCOVERY = "serve.json"  # in the index folder, while a `serve` of that folder is listening
TOKEN_HEADER = "X-Boardpapers-Token"
CONNECT_SECONDS = 1.0  # a live server on this machine accepts at once; anything slower is not one
# A question takes the server well under a second on Limerick's 35,000 passages; this only
# bounds a server that hangs (then `ask` answers locally after all).
ANSWER_SECONDS = 30.0
_WILDCARD = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}  # listening on all: ask loopback


class NotServed(Exception):
    """No usable server for this index: `ask` answers in its own process (the message says why)."""


@dataclass(frozen=True)
class Served:
    """A running `serve`, as its discovery file records it."""

    host: str  # where it listens, as given to `serve`
    port: int
    pid: int  # the `serve` process (with --workers, the one that supervises them)
    index: str  # the index folder, resolved: a copied folder does not lead to the server
    token: str  # proves a client read this file, so may see the files' full paths

    @property
    def address(self) -> tuple[str, int]:
        return _WILDCARD.get(self.host, self.host), self.port


def announce(index: Path, host: str, port: int) -> Served | None:
    """Write `<index>/serve.json` for this process (atomically, readable by its owner only);
    None when it cannot be written, and `serve` goes on without it."""
    folder = Path(index).resolve()
    served = Served(host, port, os.getpid(), str(folder), secrets.token_hex(16))
    temporary = folder / f".{DISCOVERY}.{served.pid}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(served), out)
        os.replace(temporary, folder / DISCOVERY)  # readers see the old file or the new, whole
    except OSError as err:
        log.warning("`ask` will not find this server: %s not written (%s)", DISCOVERY, err)
        temporary.unlink(missing_ok=True)
        return None
    return served


def withdraw(index: Path, served: Served) -> None:
    """Remove the discovery file on shutdown, unless another `serve` has replaced it since."""
    path = Path(index).resolve() / DISCOVERY
    try:
        if _read(path) == served:
            path.unlink()
    except (OSError, NotServed):
        pass


def _read(path: Path) -> Served:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Served(
            host=str(data["host"]),
            port=int(data["port"]),
            pid=int(data["pid"]),
            index=str(data["index"]),
            token=str(data["token"]),
        )
    except FileNotFoundError as err:
        raise NotServed(f"no {DISCOVERY} in {path.parent}") from err
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise NotServed(f"{path} is unreadable ({err})") from err


def running(index: Path) -> Served:
    """The server of this index that its discovery file names; NotServed when there is no file,
    it names another folder, or its process is gone."""
    folder = Path(index).resolve()
    served = _read(folder / DISCOVERY)
    if served.index != str(folder):
        raise NotServed(f"{DISCOVERY} names another index ({served.index})")
    if not _alive(served.pid):
        raise NotServed(f"the server that wrote {DISCOVERY} (pid {served.pid}) is gone")
    return served


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # nothing cheap to ask; a closed port is caught by the request itself
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, under another user
    return True


def is_token(index: Path, token: str | None) -> bool:
    """Whether `token` is the one in this index's discovery file (asked by the server)."""
    if not token:
        return False
    try:
        served = _read(Path(index).resolve() / DISCOVERY)
    except NotServed:
        return False
    return secrets.compare_digest(token.encode(), served.token.encode())


def ask_server(served: Served, body: dict) -> dict:
    """POST `body` to the server's /api/ask and return its response object; NotServed on any
    failure (refused, timed out, an error status, a reply that is not an answer)."""
    host, port = served.address
    conn = http.client.HTTPConnection(host, port, timeout=CONNECT_SECONDS)
    try:
        conn.connect()
        conn.sock.settimeout(ANSWER_SECONDS)
        conn.request(
            "POST",
            "/api/ask",
            body=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", TOKEN_HEADER: served.token},
        )
        response = conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise NotServed(f"{host}:{port} answered {response.status}: {data[:200]!r}")
        payload = json.loads(data)
    except (OSError, http.client.HTTPException, ValueError) as err:
        raise NotServed(f"{host}:{port} did not answer ({err})") from err
    finally:
        conn.close()
    if not isinstance(payload, dict) or not {"answer", "answered", "citations"} <= set(payload):
        raise NotServed(f"{host}:{port} did not reply with an answer")
    return payload
