"""The visitor's own data: the `visitor` query and the consent, event, declaration, identity
and erasure mutations. Every write goes through personalization.profiles.store."""
from __future__ import annotations

import json
import math

import graphene
from django.utils import timezone

from personalization.audiences.sync import forget_user, sync_visitor_ids
from personalization.engine.context import VisitorContext
from personalization.engine.decide import decide
from personalization.profiles import store
from personalization.visitor_signals.device import parse_device
from personalization.profiles.history import export
from personalization.profiles.profile import load_profile
from personalization.delivery.compiled import current_compiled

from . import ratelimit, trust, types, visitor_cookie
from .customer_data import checked_traits
from .errors import BadUserInput, Forbidden, NotFound
from .validation import VARIANT_ID, clean_event_type, clean_path, clean_visitor_id

MAX_PROPERTIES_BYTES = 4096
MAX_INTERESTS = 20


def visitor_data(visitor_id: str) -> dict | None:
    """The export, plus the persona and stage the visitor's own history gives them now."""
    data = export(visitor_id, event_limit=1000)
    if data is None:
        return None
    now = timezone.now()
    compiled = current_compiled()
    profile = load_profile(visitor_id, now=now, window_days=compiled.history_days)
    ctx = VisitorContext(now=now, site_timezone=compiled.rules.site_timezone, visitor_id=visitor_id,
                         history=profile.history if profile else None,
                         declared_persona=data["declared_persona"], declared_interests=tuple(data["interests"]),
                         logged_in=bool(data.get("user_key")))
    decision = decide(ctx, compiled, explain=False)
    data["visitor_id"] = visitor_id
    data["persona"] = next((p for p in compiled.rules.personas if p.slug == decision.persona), None)
    data["stage"] = next((s for s in compiled.rules.stages if s.slug == decision.stage), None)
    return data


def resolve_visitor(root, info, visitor_id):
    return visitor_data(clean_visitor_id(visitor_id) or "")


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
        given = clean_visitor_id(visitor_id) or (None if trusted else visitor_cookie.cookie_visitor_id(request))
        ratelimit.check_mutation_rate(request, given)
        if parse_device(trust.request_user_agent(request)).kind == "bot" and not trusted:
            # Bots get no profile (graphql-api.md): their consent is answered, never stored.
            return types.ConsentResult(visitor_id=None, consent=store.Consent(personalization, analytics))
        new_id, consent = store.set_consent(given, personalization=personalization, analytics=analytics,
                                            now=timezone.now())
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
        event_id = graphene.String(description="Client-chosen id: a retried event with the same id counts once.")

    Output = types.TrackEventResult

    @staticmethod
    def mutate(root, info, visitor_id, type, path=None, value=None, variant_id=None, properties=None, event_id=None):
        visitor_id = clean_visitor_id(visitor_id)
        ratelimit.check_mutation_rate(info.context, visitor_id)
        if path is not None:
            path = clean_path(path)
        if value is not None and not math.isfinite(value):
            raise BadUserInput("value must be a finite number.", field="value")
        if properties is not None:
            if not isinstance(properties, dict):
                raise BadUserInput("properties must be a JSON object.", field="properties")
            if len(json.dumps(properties)) > MAX_PROPERTIES_BYTES:
                raise BadUserInput(f"properties must be under {MAX_PROPERTIES_BYTES} bytes of JSON.", field="properties")
        if event_id is not None and not (0 < len(event_id) <= 100):
            raise BadUserInput("eventId must be 1 to 100 characters.", field="eventId")
        if variant_id is not None and not VARIANT_ID.match(variant_id):
            raise BadUserInput("variantId must be a variant id as served in personalizedPage.variant.id.",
                               field="variantId")
        ok = store.record_event(visitor_id, type=clean_event_type(type), path=path, value=value,
                                variant_id=variant_id, properties=properties, client_event_id=event_id,
                                now=timezone.now())
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
            if persona and persona not in {p.slug for p in current_compiled().rules.personas}:
                raise BadUserInput(f"Unknown persona {persona!r}.", field="persona")
            changes["persona"] = persona
        if "interests" in given:
            interests = [i.strip().lower() for i in given["interests"] or [] if i.strip()]
            if len(interests) > MAX_INTERESTS or any(len(i) > 64 for i in interests):
                raise BadUserInput(f"interests: at most {MAX_INTERESTS}, each up to 64 characters.", field="interests")
            changes["interests"] = interests
        consent = store.get_consent(visitor_id)
        if consent is None or not consent.personalization:
            raise NotFound("No visitor with personalization consent has this id: call setConsent first.",
                           field="visitorId")
        store.declare(visitor_id, now=timezone.now(), **changes)
        return visitor_data(visitor_id)


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
            raise Forbidden("identify needs the server key: only the site's server knows who logged in.")
        visitor_id = clean_visitor_id(visitor_id)
        ratelimit.check_mutation_rate(info.context, visitor_id)
        if not user_key or len(user_key) > 200:
            raise BadUserInput("userKey must be 1 to 200 characters.", field="userKey")
        values = checked_traits(traits) if traits is not None else None
        now = timezone.now()
        try:
            merged = store.identify(visitor_id, user_key=user_key, now=now)
        except store.IdentityConflict as exc:
            raise BadUserInput(str(exc), field="userKey") from None
        if merged is None:
            raise NotFound("No visitor with consent has this id: call setConsent first.", field="visitorId")
        if values:
            store.set_user_traits({user_key: values}, now=now)
        sync_visitor_ids([visitor_id], now)
        return visitor_data(visitor_id)


class ForgetVisitor(graphene.Mutation):
    """Erase the visitor's profile and every event and view recorded for it."""

    class Arguments:
        visitor_id = graphene.String(required=True)

    Output = graphene.NonNull(graphene.Boolean)

    @staticmethod
    def mutate(root, info, visitor_id):
        visitor_id = clean_visitor_id(visitor_id)
        ratelimit.check_mutation_rate(info.context, visitor_id)
        known = store.resolve(visitor_id)
        erased = store.forget(visitor_id)
        if erased and known is not None:
            forget_user(known.user_key)   # the webhook delivery log keeps nothing about them
        if visitor_cookie.cookie_visitor_id(info.context) == visitor_id:
            visitor_cookie.remember(info.context, None)
        return erased
