"""Closed vocabularies are enums in the schema, with the engine's strings on the wire."""

from graphql import GraphQLEnumType, GraphQLNonNull

from personalization.api.errors import CODES
from personalization.api.schema import schema
from personalization.engine.context import CHANNELS, DEVICE_KINDS


def _enum(type_name: str, field: str) -> GraphQLEnumType:
    field_type = schema.graphql_schema.get_type(type_name).fields[field].type
    return field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type


def test_a_typed_client_sees_every_device_channel_and_error_code_the_engine_can_answer():
    assert list(_enum("Decision", "device").values) == list(DEVICE_KINDS)
    assert list(_enum("Decision", "channel").values) == list(CHANNELS)
    assert list(_enum("EventError", "code").values) == list(CODES)


def test_the_wire_values_are_the_strings_clients_already_read():
    device = _enum("Decision", "device")
    assert device.serialize("mobile") == "mobile"
    assert _enum("Decision", "channel").serialize("paid_search") == "paid_search"
    assert _enum("EventError", "code").serialize("BAD_USER_INPUT") == "BAD_USER_INPUT"
