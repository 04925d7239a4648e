"""GraphQL types of the contract (graphql-api.md). Resolvers read plain data (engine
dataclasses, the delivery, the profile export): no queries hide in them."""

import graphene

from .enums import Channel, DeviceKind


class Persona(graphene.ObjectType):
    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    description = graphene.String()
    public_name = graphene.String(
        description=(
            "What visitors may be told this persona is called; null when editors did not make it public."
        )
    )
    public_description = graphene.String(description="One sentence for visitors; null when none.")

    @staticmethod
    def resolve_public_name(persona, info):
        return getattr(persona, "public_name", "") or None

    @staticmethod
    def resolve_public_description(persona, info):
        return getattr(persona, "public_description", "") or None


class JourneyStage(graphene.ObjectType):
    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    order = graphene.Int(required=True)


class Location(graphene.ObjectType):
    country_code = graphene.String()
    country = graphene.String()
    region = graphene.String()
    region_code = graphene.String()
    city = graphene.String()
    metro_code = graphene.Int()
    continent = graphene.String()
    timezone = graphene.String()
    eu = graphene.Boolean()


class Variant(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    persona = graphene.String()
    stage = graphene.String()
    segment = graphene.String()
    arm = graphene.String()


class Decision(graphene.ObjectType):
    visitor_id = graphene.String(
        description="Minted for a new visitor when profiling is allowed, else null."
    )
    profiling = graphene.Boolean(required=True)
    persona = graphene.Field(Persona)
    stage = graphene.Field(JourneyStage)
    segments = graphene.List(graphene.NonNull(graphene.String), required=True)
    location = graphene.Field(Location)
    device = graphene.Field(DeviceKind, required=True)
    channel = graphene.Field(Channel, required=True)
    reasons = graphene.List(graphene.NonNull(graphene.String), required=True)
    cache_key = graphene.String(required=True)
    content_url = graphene.String(
        required=True,
        description=(
            "Where the chosen content can be fetched with GET, publicly cacheable: the same URL for every visitor "
            "with this cacheKey (a path on the CMS). Never serves a draft: in a preview it answers 404."
        ),
    )


class Consent(graphene.ObjectType):
    personalization = graphene.Boolean(required=True)
    analytics = graphene.Boolean(required=True)


class Event(graphene.ObjectType):
    type = graphene.String(required=True)
    path = graphene.String()
    value = graphene.Float()
    at = graphene.DateTime(required=True)
    variant_id = graphene.ID()

    @staticmethod
    def resolve_path(event, info):
        return event["path"] or None


class Visitor(graphene.ObjectType):
    """A visitor's own profile: everything Tailor keeps about them (the data export)."""

    visitor_id = graphene.String(required=True)
    first_seen = graphene.DateTime()
    last_seen = graphene.DateTime()
    visit_count = graphene.Int(required=True)
    page_views = graphene.Int(required=True)
    persona = graphene.Field(Persona)
    stage = graphene.Field(JourneyStage)
    declared_persona = graphene.String()
    interests = graphene.List(graphene.NonNull(graphene.String), required=True)
    consent = graphene.Field(Consent, required=True)
    events = graphene.List(
        graphene.NonNull(Event), required=True, limit=graphene.Int(default_value=100)
    )
    traits = graphene.JSONString(
        required=True, description="Declared traits: the visitor's own and their user key's."
    )
    assignment_id = graphene.String(
        required=True,
        description="The id A/B arms are hashed from: the profile's first visitor id, the same "
        "after identify merges this device into the user's profile. A frontend evaluating the "
        "ruleSet JSON locally passes it as the context's visitor id.",
    )

    @staticmethod
    def resolve_assignment_id(data, info):
        return data["public_id"]

    @staticmethod
    def resolve_events(data, info, limit=100):
        return data["events"][: max(0, min(limit, 1000))]


class ConsentResult(graphene.ObjectType):
    visitor_id = graphene.String()
    consent = graphene.Field(Consent, required=True)


class TrackEventResult(graphene.ObjectType):
    ok = graphene.Boolean(required=True)


class Recommendation(graphene.ObjectType):
    path = graphene.String(required=True)
    title = graphene.String(required=True)
    reason = graphene.String(required=True)


class VisitorContextInput(graphene.InputObjectType):
    visitor_id = graphene.String()
    url = graphene.String(description="Landing URL; UTM parameters and click ids are read from it.")
    referrer = graphene.String()
    ip = graphene.String(description="Honoured only with the server key.")
    user_agent = graphene.String(description="Honoured only with the server key.")
    gpc = graphene.Boolean(description="Honoured only with the server key.")
    client_hints = graphene.JSONString(
        description=(
            "Honoured only with the server key, like userAgent: the visitor's Sec-CH-UA-* "
            'headers by name, e.g. {"Sec-CH-UA-Mobile": "?1", "Sec-CH-UA-Platform": "\\"Android\\""}.'
        )
    )


class SimulationInput(graphene.InputObjectType):
    persona = graphene.String()
    stage = graphene.String()
    segments = graphene.List(graphene.NonNull(graphene.String))
    country = graphene.String()
    region = graphene.String()
    city = graphene.String()
    device = graphene.String()
    channel = graphene.String()
    utm_campaign = graphene.String()
    visit_count = graphene.Int()
    now = graphene.DateTime()
