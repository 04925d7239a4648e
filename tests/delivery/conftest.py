"""The API tests' fixtures, shared."""

from tests.api.conftest import graphql  # noqa: F401
