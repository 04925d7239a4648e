"""The API fixtures (requests through the real /graphql/ view)."""

from tests.api.conftest import graphql  # noqa: F401
