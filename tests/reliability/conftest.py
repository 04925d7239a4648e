"""The API fixtures (requests through the real /graphql/ view), and where the fuzzers send.

`fuzz_post(body)` posts one JSON body to /graphql/: through Django's test client, or, when
FUZZ_TARGET is set (bench/fuzz_served.py: gunicorn as in production), over HTTP to that server.
FUZZ_AUTH=none sends no server key (default: the key)."""

import os

import pytest

from tests.api.conftest import graphql  # noqa: F401
from tests.api.shop import SERVER


@pytest.fixture
def fuzz_post(client):
    headers = {} if os.environ.get("FUZZ_AUTH") == "none" else SERVER
    target = os.environ.get("FUZZ_TARGET")
    if not target:
        yield lambda body: client.post(
            "/graphql/", data=body, content_type="application/json", headers=headers
        )
        return
    import httpx

    served = httpx.Client(base_url=target, timeout=60, headers=headers)

    def post(body: str):
        return served.post(
            "/graphql/",
            content=body.encode("utf-8", "surrogatepass"),
            headers={"Content-Type": "application/json"},
        )

    yield post
    served.close()
