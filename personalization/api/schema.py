"""The GraphQL schema of graphql-api.md. `make schema` writes it to schema.graphql; a test keeps
the committed file equal to what this code generates."""

import graphene
from grapple.registry import registry

from personalization.delivery.compiled import current_compiled

from . import customer_data, types, visitors
from .experiments import experiments_field
from .page import find_site, personalized_page_field
from .recommendations import resolve_recommendations
from .ruleset import rule_set_field


class Query(graphene.ObjectType):
    personalized_page = personalized_page_field()
    personas = graphene.List(graphene.NonNull(types.Persona), required=True)
    journey_stages = graphene.List(
        graphene.NonNull(types.JourneyStage), required=True, description="In order."
    )
    visitor = graphene.Field(
        types.Visitor,
        visitor_id=graphene.String(required=True),
        resolver=visitors.resolve_visitor,
        description="The visitor's own profile and events (data export).",
    )
    recommendations = graphene.List(
        graphene.NonNull(types.Recommendation),
        required=True,
        visitor_id=graphene.String(),
        path=graphene.String(),
        limit=graphene.Int(default_value=3),
        site=graphene.String(),
        resolver=resolve_recommendations,
    )
    experiments = experiments_field()
    rule_set = rule_set_field()

    @staticmethod
    def resolve_personas(root, info):
        return list(current_compiled().rules.personas)

    @staticmethod
    def resolve_journey_stages(root, info):
        """The default site's stages: the shared ones and any of its own."""
        return list(current_compiled(find_site(None)).rules.stages)


class Mutation(graphene.ObjectType):
    set_consent = visitors.SetConsent.Field(required=True)
    track_event = visitors.TrackEvent.Field(required=True)
    declare = visitors.Declare.Field()
    identify = visitors.Identify.Field()
    forget_visitor = visitors.ForgetVisitor.Field()
    set_traits = customer_data.SetTraits.Field()
    track_events = customer_data.TrackEvents.Field()


# The typed page types wagtail-grapple generated for our page models, reachable through PageInterface.
schema = graphene.Schema(query=Query, mutation=Mutation, types=list(registry.models.values()))
