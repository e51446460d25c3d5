"""The JSON API fuzzed from its own OpenAPI schema (schemathesis): whatever is sent, no 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.web.conftest import TOKEN, build_index, make_papers, settings_for
from web.app import create_app

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def fuzzed_index(tmp_path_factory, hash_embedder):
    """The fixture papers in an index of their own: fuzzed uploads land here."""
    root = tmp_path_factory.mktemp("fuzzed")
    return build_index(make_papers(root / "papers"), root / "index", hash_embedder)


def _operations(app) -> list:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_gets_a_server_error(fuzzed_index, hash_embedder, mode):
    """Valid and invalid requests to every operation; uploads and removals with the admin token,
    so they are fuzzed past their guard too."""
    app = create_app(
        settings_for(fuzzed_index, admin_token=TOKEN, max_upload_mb=1), embedder=hash_embedder
    )
    operations = _operations(app)
    assert len(operations) >= 8, [op.label for op in operations]
    statuses: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=8,  # per operation and mode: the whole run stays well under a minute
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case) -> None:
            response = case.call(headers=AUTH)
            statuses.append(response.status_code)
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} -> {response.status_code}: "
                f"{response.text[:300]}"
            )

        try:
            no_server_error()
        except Unsatisfiable:  # nothing to get wrong (no parameters, e.g. GET /healthz)
            assert mode is GenerationMode.NEGATIVE, operation.label
    assert len(statuses) > 5 * len(operations), f"too few requests sent: {len(statuses)}"
    if mode is GenerationMode.POSITIVE:
        assert any(s < 300 for s in statuses), "no valid request was answered"
