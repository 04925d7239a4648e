"""Schemathesis against the committed schema (schema.graphql): hypothesis-graphql builds
operations for every root field of Query and Mutation — every argument, nested input objects,
every selectable field down the typed page — and each goes, as JSON with the server key, through
the real /graphql/ view on the test shop. The property is the fuzzer's: no HTTP 5xx and no
INTERNAL_SERVER_ERROR (issue 12, "Build and prove" 2). `make fuzz` runs SCHEMATHESIS_EXAMPLES
(5,000 by default) spread over the fourteen root fields; `make test` a short run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from tests.api.shop import shop  # noqa: F401
from tests.reliability.fuzzing import check_answer

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"
TOTAL = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "100"))

# Our custom scalars, with hostile values next to plausible ones.
schemathesis.graphql.scalar(
    "DateTime",
    st.sampled_from(
        [
            "2026-06-01T12:00:00Z",
            "9999-12-31T23:59:59-12:00",
            "0001-01-01T00:00:00+14:00",
            "nonsense",
            "",
        ]
    ).map(nodes.String),
)
schemathesis.graphql.scalar("UUID", (st.uuids().map(str) | st.text(max_size=10)).map(nodes.String))
schemathesis.graphql.scalar("PositiveInt", st.integers(-(2**31), 2**31 - 1).map(nodes.Int))
schemathesis.graphql.scalar(
    "JSONString",
    st.sampled_from(['{"a": 1}', "{bad", '{"a": "\\u0000"}', "[]", "null", ""]).map(nodes.String),
)

# EventInput.properties: JSON text, good or malformed, NaN and too deep included (issue 25).
schemathesis.graphql.scalar(
    "JSONInput",
    st.sampled_from(
        ['{"a": 1}', "{bad", '{"a": NaN}', "[]", "null", "", json.dumps({"d": [[[[[[[[[1]]]]]]]]]})]
    ).map(nodes.String),
)
SCHEMA = schemathesis.graphql.from_path(SCHEMA_FILE)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.mark.usefixtures("shop")
@settings(
    max_examples=TOTAL,
    deadline=None,
    database=None,
    derandomize="FUZZ_SEED" not in os.environ,
    suppress_health_check=list(HealthCheck),
)
@given(case=st.one_of(*[operation.as_strategy() for operation in OPERATIONS]))
def test_no_operation_schemathesis_builds_gets_an_internal_error(fuzz_post, case):
    body = json.dumps({"query": case.body})
    response = fuzz_post(body)
    check_answer(response, case.body, {})
