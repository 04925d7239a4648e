"""`JSONInput`: a scalar for JSON objects sent as input, taken as the client sent it.

graphene's `JSONString` parses its text while graphql coerces the variables, so one malformed
`properties` refused a whole `trackEvents` batch while `POST /api/events/` stored the good items
and listed the bad one (issue 25, finding 5). `JSONInput` accepts JSON text (as `JSONString`
does) or an object, and leaves the parsing to the resolver (api/bulk_events.py), item by item,
with the limits of profiles/data_limits.py: a bad one is that item's BAD_USER_INPUT.
"""

from __future__ import annotations

import json
from typing import Any

import graphene
from graphql import StringValueNode, ValueNode, value_from_ast_untyped


class JSONInput(graphene.Scalar):
    """A JSON object, as an object or as JSON text (as JSONString takes it). Read per item: a
    malformed one is reported for its item, never for the whole request."""

    @staticmethod
    def serialize(value: Any) -> str:
        return value if isinstance(value, str) else json.dumps(value)

    @staticmethod
    def parse_value(value: Any) -> Any:
        return value

    @staticmethod
    def parse_literal(node: ValueNode, _variables: Any = None) -> Any:
        if isinstance(node, StringValueNode):
            return node.value
        return value_from_ast_untyped(node, _variables)
