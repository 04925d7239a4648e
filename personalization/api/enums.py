"""The closed vocabularies of the API as GraphQL enums, built from the engine's own lists so the
schema can never drift from what the engine answers. The wire values are the engine's strings
("mobile", "paid_search", "BAD_USER_INPUT"): a client reading them sees what it always saw.

Inputs (`SimulationInput.device`, `.channel`) stay strings checked against the same lists, so a
query written with a quoted literal keeps working; outputs are enums that clients can generate
types from."""

import graphene

from personalization.engine.context import CHANNELS, DEVICE_KINDS

from . import errors

DeviceKind = graphene.Enum(
    "DeviceKind",
    [(kind, kind) for kind in DEVICE_KINDS],
    description="The visitor's device class, from the user agent.",
)
Channel = graphene.Enum(
    "Channel",
    [(channel, channel) for channel in CHANNELS],
    description="GA4's default channel group of the visit's source (site-format.md).",
)
ErrorCode = graphene.Enum(
    "ErrorCode",
    [(code, code) for code in errors.CODES],
    description="The code of a client mistake (also in errors' extensions.code).",
)
