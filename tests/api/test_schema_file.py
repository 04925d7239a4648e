"""schema.graphql is the published schema: it must be what the code generates (`make schema`)."""

from pathlib import Path

from graphql import print_schema

from personalization.api.schema import schema

COMMITTED = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_committed_schema_matches_the_code():
    generated = print_schema(schema.graphql_schema)
    assert COMMITTED.read_text().strip() == generated.strip(), (
        "run `make schema` and commit schema.graphql"
    )


def test_the_schema_has_every_operation_of_the_contract():
    text = COMMITTED.read_text()
    for name in (
        "personalizedPage(",
        "personas:",
        "journeyStages:",
        "visitor(",
        "recommendations(",
        "setConsent(",
        "trackEvent(",
        "declare(",
        "identify(",
        "forgetVisitor(",
    ):
        assert name in text, name
