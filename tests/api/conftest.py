"""Shared fixtures for the API tests: requests go through the real URL and the whole view."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def graphql(client) -> Callable[..., Any]:
    """POST one operation as JSON to /graphql/ (or `path`), the way every frontend does.

    `headers` are HTTP headers by name (`{"Authorization": "Bearer ..."}`); `remote_addr` sets the
    socket peer the view sees."""

    def post(
        query: str,
        variables: dict | None = None,
        operation_name: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        remote_addr: str = "127.0.0.1",
        path: str = "/graphql/",
    ):
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        if operation_name is not None:
            body["operationName"] = operation_name
        return client.post(
            path,
            data=json.dumps(body),
            content_type="application/json",
            headers=headers or {},
            REMOTE_ADDR=remote_addr,
        )

    return post
