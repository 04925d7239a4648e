"""Customer data from the site's server (graphql-api.md, "Experiments and customer data"):
`setTraits` and `trackEvents`. Server key only; every write goes through profiles.store."""

from __future__ import annotations

import graphene
from django.utils import timezone

from personalization.audiences.sync import sync_user_keys, sync_visitor_ids
from personalization.profiles import store
from personalization.traits import TraitError, clean_traits, declared_traits

from . import trust
from .bulk_events import MAX_EVENTS, ingest
from .enums import ErrorCode
from .errors import BadUserInput, Forbidden
from .json_input import JSONInput
from .validation import clean_visitor_id

MAX_USER_KEY = 200


def require_server_key(info, operation: str) -> None:
    if not trust.check_server_key(info.context):
        raise Forbidden(
            f"{operation} needs the server key: only the site's server sends customer data."
        )


def clean_user_key(user_key: str | None) -> str | None:
    if user_key is None:
        return None
    if not 0 < len(user_key) <= MAX_USER_KEY:
        raise BadUserInput(f"userKey must be 1 to {MAX_USER_KEY} characters.", field="userKey")
    return user_key


def checked_traits(values) -> dict:
    """The stored form of trait values; BAD_USER_INPUT names the trait that is wrong."""
    try:
        return clean_traits(values, declared_traits())
    except TraitError as exc:
        raise BadUserInput(
            str(exc), field="traits", **({"trait": exc.name} if exc.name else {})
        ) from None


class SetTraits(graphene.Mutation):
    """Server key only: set declared traits of a visitor (with consent) or of a user key. A null
    value removes a trait. False when the visitor has no profile with personalization consent."""

    class Arguments:
        visitor_id = graphene.String()
        user_key = graphene.String()
        traits = graphene.JSONString(required=True)

    Output = graphene.NonNull(graphene.Boolean)

    @staticmethod
    def mutate(root, info, traits, visitor_id=None, user_key=None):
        require_server_key(info, "setTraits")
        visitor_id, user_key = clean_visitor_id(visitor_id), clean_user_key(user_key)
        if (visitor_id is None) == (user_key is None):
            raise BadUserInput("Give exactly one of visitorId and userKey.", field="visitorId")
        values = checked_traits(traits)
        now = timezone.now()
        if user_key is not None:
            store.set_user_traits({user_key: values}, now=now)
            sync_user_keys([user_key], now)
            return True
        stored = store.set_visitor_traits(visitor_id, values, now=now)
        if stored:
            sync_visitor_ids([visitor_id], now)
        return stored


class EventInput(graphene.InputObjectType):
    visitor_id = graphene.String()
    user_key = graphene.String(
        description="The site's user id: the event goes to that user's merged profile."
    )
    type = graphene.String(required=True)
    path = graphene.String()
    value = graphene.Float()
    variant_id = graphene.ID()
    properties = JSONInput(
        description="A JSON object (or its JSON text); a malformed one is this item's error."
    )
    event_id = graphene.String(
        description="Client-chosen id: the same event sent again is stored once."
    )
    at = graphene.DateTime(description="When it happened; default now. Never in the future.")


class EventError(graphene.ObjectType):
    index = graphene.Int(required=True)
    code = graphene.Field(ErrorCode, required=True)
    message = graphene.String(required=True)


class TrackEventsResult(graphene.ObjectType):
    accepted = graphene.Int(required=True)
    duplicates = graphene.Int(required=True)
    errors = graphene.List(graphene.NonNull(EventError), required=True)


_CAMEL = {
    "visitor_id": "visitorId",
    "user_key": "userKey",
    "variant_id": "variantId",
    "event_id": "eventId",
}


class TrackEvents(graphene.Mutation):
    """Server key only: up to 1,000 events; idempotent by eventId; a bad item never rejects the others."""

    class Arguments:
        events = graphene.List(graphene.NonNull(EventInput), required=True)

    Output = graphene.NonNull(TrackEventsResult)

    @staticmethod
    def mutate(root, info, events):
        require_server_key(info, "trackEvents")
        if len(events) > MAX_EVENTS:
            raise BadUserInput(
                f"events: at most {MAX_EVENTS} per call (got {len(events)}).", field="events"
            )
        items = [{_CAMEL.get(k, k): v for k, v in dict(e).items() if v is not None} for e in events]
        now = timezone.now()
        result = ingest(items, now)
        if result["accepted"]:  # known users whose new events move them into or out of an audience
            sync_visitor_ids(
                [i["visitorId"] for i in items if isinstance(i.get("visitorId"), str)], now
            )
            sync_user_keys([i["userKey"] for i in items if isinstance(i.get("userKey"), str)], now)
        return TrackEventsResult(
            accepted=result["accepted"],
            duplicates=result["duplicates"],
            errors=[EventError(**e) for e in result["errors"]],
        )
