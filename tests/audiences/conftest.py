from tests.api.conftest import graphql  # noqa: F401  (POST /graphql/ as a frontend does)
