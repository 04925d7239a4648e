"""Fuzzing /graphql/ with operations from the real schema on the test shop: no HTTP 5xx and no
INTERNAL_SERVER_ERROR (issue 12, finding 2). `make fuzz` runs the long version (FUZZ_EXAMPLES)."""

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings

from tests.api.shop import shop  # noqa: F401
from tests.reliability.fuzzing import check_answer, operations

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))


@pytest.mark.usefixtures("shop")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize="FUZZ_SEED" not in os.environ,
    suppress_health_check=list(HealthCheck),
)
@given(operation=operations())
def test_no_operation_from_the_schema_gets_an_internal_error(fuzz_post, operation):
    query, variables = operation
    body = json.dumps({"query": query, "variables": variables})
    response = fuzz_post(body)
    check_answer(response, query, variables)
