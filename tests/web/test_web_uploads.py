"""Upload and removal: off without a token, then token-guarded, typed by bytes, atomic."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient

from tests import papers
from tests.web.conftest import TOKEN, settings_for
from web import uploads
from web.app import create_app

AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW_MINUTES = """MINUTES OF THE HARBOUR TRUST BOARD
held at 2.00 pm on 5 June 2024
11/24 DREDGING CONTRACT [Item 11]
The Board agreed that the dredging contract with Silt and Sons is extended by two years.
"""


def _state(client) -> tuple[list[str], list[str]]:
    """Paper ids and the stored upload files: what a failed upload must leave unchanged."""
    ids = sorted(p["paper_id"] for p in client.get("/api/papers").json())
    folder = client.app.state.boardpapers.uploads_dir
    files = sorted(str(p) for p in folder.rglob("*")) if folder.exists() else []
    return ids, files


def test_uploads_are_disabled_without_a_token(client):
    response = client.post("/api/papers", files={"file": ("a.txt", b"hello", "text/plain")})
    assert response.status_code == 403, response.text
    assert "BOARDPAPERS_ADMIN_TOKEN" in response.json()["error"], response.json()
    assert client.delete("/api/papers/abc").status_code == 403


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic dGVzdA==", f"Token {TOKEN}"])
def test_uploads_need_the_right_token(admin_client, header):
    headers = {"Authorization": header} if header else {}
    response = admin_client.post(
        "/api/papers",
        files={"file": ("a.txt", NEW_MINUTES.encode(), "text/plain")},
        headers=headers,
    )
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"


def test_upload_is_ingested_and_searchable(admin_client):
    before, _ = _state(admin_client)
    response = admin_client.post(
        "/api/papers",
        files={"file": ("dredging minutes.txt", NEW_MINUTES.encode(), "text/plain")},
        data={"committee": "Harbour Trust Board", "meeting_date": "2024-06-05"},
        headers=AUTH,
    )
    assert response.status_code == 201, response.text
    paper = response.json()["paper"]
    assert paper["committee"] == "Harbour Trust Board", paper
    assert paper["meeting_date"] == "2024-06-05", paper
    after, _ = _state(admin_client)
    assert len(after) == len(before) + 1, (before, after)
    hits = admin_client.get("/api/search", params={"q": "Silt and Sons"}).json()["results"]
    assert hits and hits[0]["paper_id"] == paper["paper_id"], hits
    again = admin_client.post(
        "/api/papers", files={"file": ("copy.txt", NEW_MINUTES.encode())}, headers=AUTH
    )
    assert again.status_code == 200 and again.json()["status"] in {"unchanged", "duplicate"}, (
        again.text
    )


def test_upload_of_a_pdf_is_typed_from_its_bytes(admin_client, tmp_path):
    pdf = papers.make_pdf(tmp_path / "x.pdf", ["DREDGING CONTRACT\nThe harbour is dredged."])
    response = admin_client.post(
        "/api/papers", files={"file": ("notes.txt", pdf.read_bytes(), "text/plain")}, headers=AUTH
    )
    assert response.status_code == 201, response.text
    assert response.json()["paper"]["file_type"] == "pdf", response.json()


@pytest.mark.parametrize(
    ("name", "data", "status", "fragment"),
    [
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, 415, "not a PDF"),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 200, 415, "not a PDF"),
        ("empty.txt", b"", 415, "empty"),
        ("broken.pdf", papers.CORRUPT_BYTES, 422, "broken"),
        ("blank.txt", b"   \n\n  ", 422, "blank"),
    ],
)
def test_bad_uploads_are_refused_and_change_nothing(admin_client, name, data, status, fragment):
    before = _state(admin_client)
    response = admin_client.post("/api/papers", files={"file": (name, data)}, headers=AUTH)
    assert response.status_code == status, response.text
    message = response.json()["error"]
    assert fragment in message or status == 422, message
    assert _state(admin_client) == before, (
        "a failed upload must leave the index and files as they were"
    )


def test_upload_over_the_size_limit_is_refused(fresh_index, hash_embedder):
    app = create_app(
        settings_for(fresh_index, admin_token=TOKEN, max_upload_mb=1), embedder=hash_embedder
    )
    with TestClient(app) as client:
        before = _state(client)
        big = b"Board minutes. " * (80 * 1024)  # about 1.2 MiB of text
        response = client.post("/api/papers", files={"file": ("big.txt", big)}, headers=AUTH)
        assert response.status_code == 413, response.text
        assert "1 MiB" in response.json()["error"], response.json()
        assert _state(client) == before


def test_client_filename_never_chooses_the_path(admin_client):
    response = admin_client.post(
        "/api/papers",
        files={"file": ("../../../etc/evil/../minutes.txt", NEW_MINUTES.encode())},
        headers=AUTH,
    )
    assert response.status_code == 201, response.text
    paper = response.json()["paper"]
    assert paper["file"] == "minutes.txt", "the public sees the file's name, never its path"
    state = admin_client.app.state.boardpapers
    stored = state.index().paper(paper["paper_id"]).file
    folder = state.uploads_dir.resolve()
    assert str(stored).startswith(str(folder)), f"{stored} is outside {folder}"
    assert ".." not in stored, stored


def test_remove_deletes_the_paper(admin_client):
    paper_id = admin_client.get("/api/papers").json()[0]["paper_id"]
    assert admin_client.delete(f"/api/papers/{paper_id}").status_code == 401
    response = admin_client.delete(f"/api/papers/{paper_id}", headers=AUTH)
    assert response.status_code == 200, response.text
    gone = admin_client.get(f"/api/papers/{paper_id}")
    assert gone.status_code == 410 and "was removed" in gone.json()["error"], gone.text
    again = admin_client.delete(f"/api/papers/{paper_id}", headers=AUTH)
    assert again.status_code == 404, again.text


def test_upload_into_an_empty_server_creates_the_index(tmp_path, hash_embedder):
    app = create_app(
        settings_for(tmp_path / "new-index", admin_token=TOKEN), embedder=hash_embedder
    )
    with TestClient(app) as client:
        assert client.get("/api/papers").json() == []
        response = client.post(
            "/api/papers", files={"file": ("m.txt", NEW_MINUTES.encode())}, headers=AUTH
        )
        assert response.status_code == 201, response.text
        assert len(client.get("/api/papers").json()) == 1
        assert client.get("/healthz").json()["ready"] is True


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"%PDF-1.7\n...", "x.txt", "pdf"),
        (b"<!DOCTYPE html><html><body>x", "x.pdf", "html"),
        (b"# Minutes\n\nText", "notes.md", "md"),
        (b"# Minutes\n\nText", "notes", "txt"),
        ("Caf\u00e9 minutes".encode("cp1252"), "x.txt", "txt"),
        (b"\x00\x01\x02binary", "x.txt", None),
        (b"GIF89a\x00\x00", "x.html", None),
    ],
)
def test_sniff_types_files_from_their_bytes(head, name, expected):
    assert uploads.sniff(head, name_hint=name) == expected


def test_store_keeps_the_name_harmless(tmp_path):
    stored = uploads.store(
        io.BytesIO(b"minutes"), "..\\..\\x/..//a b;rm -rf.txt", folder=tmp_path, max_bytes=100
    )
    assert stored.path.resolve().is_relative_to(tmp_path.resolve()), stored.path
    assert stored.path.suffix == ".txt" and stored.path.parent.parent == tmp_path, stored.path
