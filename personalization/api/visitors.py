"""The visitor's own data: the `visitor` query and the consent, event, declaration, identity
and erasure mutations. Input is checked here; delivery/visitors.py reads and writes."""

from __future__ import annotations

import graphene

from personalization.delivery import visitors as delivery
from personalization.profiles.data_limits import Unstorable, check_number, parse_json_object

from . import ratelimit, trust, types, visitor_cookie
from .customer_data import checked_traits
from .errors import BadUserInput, Forbidden, NotFound
from .validation import VARIANT_ID, clean_event_type, clean_path, clean_visitor_id

MAX_INTERESTS = 20


def resolve_visitor(root, info, visitor_id):
    return delivery.visitor_data(clean_visitor_id(visitor_id) or "")


class SetConsent(graphene.Mutation):
    """Record the visitor's consent; mints a visitor id when none is given and something is granted."""

    class Arguments:
        visitor_id = graphene.String()
        personalization = graphene.Boolean(required=True)
        analytics = graphene.Boolean(required=True)

    Output = types.ConsentResult

    @staticmethod
    def mutate(root, info, personalization, analytics, visitor_id=None):
        request = info.context
        trusted = trust.check_server_key(request)
        given = clean_visitor_id(visitor_id) or (
            None if trusted else visitor_cookie.cookie_visitor_id(request)
        )
        ratelimit.check_mutation_rate(request, given)
        if delivery.is_bot(trust.request_user_agent(request)) and not trusted:
            # Bots get no profile (graphql-api.md): their consent is answered, never stored.
            return types.ConsentResult(
                visitor_id=None, consent=delivery.Consent(personalization, analytics)
            )
        new_id, consent = delivery.set_consent(
            given, personalization=personalization, analytics=analytics
        )
        if not trusted:
            if new_id != visitor_cookie.cookie_visitor_id(request):
                visitor_cookie.remember(request, new_id)
            visitor_cookie.remember_decline(request, not personalization)
        return types.ConsentResult(visitor_id=new_id, consent=consent)


class TrackEvent(graphene.Mutation):
    """Report what the visitor did. Recorded only for a visitor who consented; `eventId` makes retries count once."""

    class Arguments:
        visitor_id = graphene.String(required=True)
        type = graphene.String(required=True)
        path = graphene.String()
        value = graphene.Float()
        variant_id = graphene.ID()
        properties = graphene.JSONString()
        event_id = graphene.String(
            description="Client-chosen id: a retried event with the same id counts once."
        )

    Output = types.TrackEventResult

    @staticmethod
    def mutate(
        root,
        info,
        visitor_id,
        type,
        path=None,
        value=None,
        variant_id=None,
        properties=None,
        event_id=None,
    ):
        visitor_id = clean_visitor_id(visitor_id)
        ratelimit.check_mutation_rate(info.context, visitor_id)
        if path is not None:
            path = clean_path(path)
        try:  # the limits of profiles/data_limits.py, as for trackEvents
            if value is not None:
                value = check_number(value, "value")
            if properties is not None:
                properties = parse_json_object(properties, "properties")
        except Unstorable as exc:
            raise BadUserInput(exc.message, field=exc.field) from None
        if event_id is not None and not (0 < len(event_id) <= 100):
            raise BadUserInput("eventId must be 1 to 100 characters.", field="eventId")
        if variant_id is not None and not VARIANT_ID.match(variant_id):
            raise BadUserInput(
                "variantId must be a variant id as served in personalizedPage.variant.id.",
                field="variantId",
            )
        ok = delivery.record_event(
            visitor_id,
            type=clean_event_type(type),
            path=path,
            value=value,
            variant_id=variant_id,
            properties=properties,
            client_event_id=event_id,
        )
        return types.TrackEventResult(ok=ok)


class Declare(graphene.Mutation):
    """Zero-party data: the visitor says who they are. `persona: null` clears it; `interests: []` clears them."""

    class Arguments:
        visitor_id = graphene.String(required=True)
        persona = graphene.String()
        interests = graphene.List(graphene.NonNull(graphene.String))

    Output = graphene.NonNull(types.Visitor)

    @staticmethod
    def mutate(root, info, visitor_id, **given):
        visitor_id = clean_visitor_id(visitor_id)
        ratelimit.check_mutation_rate(info.context, visitor_id)
        changes = {}
        if "persona" in given:
            persona = given["persona"] or None
            if persona and not delivery.is_persona(persona):
                raise BadUserInput(f"Unknown persona {persona!r}.", field="persona")
            changes["persona"] = persona
        if "interests" in given:
            interests = [i.strip().lower() for i in given["interests"] or [] if i.strip()]
            if len(interests) > MAX_INTERESTS or any(len(i) > 64 for i in interests):
                raise BadUserInput(
                    f"interests: at most {MAX_INTERESTS}, each up to 64 characters.",
                    field="interests",
                )
            changes["interests"] = interests
        if not delivery.may_personalize(visitor_id):
            raise NotFound(
                "No visitor with personalization consent has this id: call setConsent first.",
                field="visitorId",
            )
        return delivery.declare(visitor_id, **changes)


class Identify(graphene.Mutation):
    """Server key only: the visitor logged in as `userKey`; profiles of the same user are merged.
    `traits` (optional) sets declared traits of the user key at the same time."""

    class Arguments:
        visitor_id = graphene.String(required=True)
        user_key = graphene.String(required=True)
        traits = graphene.JSONString()

    Output = graphene.NonNull(types.Visitor)

    @staticmethod
    def mutate(root, info, visitor_id, user_key, traits=None):
        if not trust.check_server_key(info.context):
            raise Forbidden(
                "identify needs the server key: only the site's server knows who logged in."
            )
        visitor_id = clean_visitor_id(visitor_id)
        ratelimit.check_mutation_rate(info.context, visitor_id)
        if not user_key or len(user_key) > 200:
            raise BadUserInput("userKey must be 1 to 200 characters.", field="userKey")
        values = checked_traits(traits) if traits is not None else None
        try:
            data = delivery.identify(visitor_id, user_key, values)
        except delivery.IdentityConflict as exc:
            raise BadUserInput(str(exc), field="userKey") from None
        if data is None:
            raise NotFound(
                "No visitor with consent has this id: call setConsent first.", field="visitorId"
            )
        return data


class ForgetVisitor(graphene.Mutation):
    """Erase the visitor's profile and every event and view recorded for it."""

    class Arguments:
        visitor_id = graphene.String(required=True)

    Output = graphene.NonNull(graphene.Boolean)

    @staticmethod
    def mutate(root, info, visitor_id):
        visitor_id = clean_visitor_id(visitor_id)
        ratelimit.check_mutation_rate(info.context, visitor_id)
        erased = delivery.forget(visitor_id)
        if visitor_cookie.cookie_visitor_id(info.context) == visitor_id:
            visitor_cookie.remember(info.context, None)
        return erased
