"""The server-key `experiments` query (graphql-api.md): the figures of every experiment for one
goal, read from the daily aggregates (`manage.py rollup_events` brings them up to date)."""

from __future__ import annotations

import graphene

from personalization.experiments.report import Filters, UnknownGoal, experiment_reports

from . import trust
from .errors import BadUserInput, Forbidden
from .page import find_site


class ExperimentArm(graphene.ObjectType):
    name = graphene.String(
        required=True, description='The variant\'s name, or "Holdout" for the control of a holdout.'
    )
    variant_id = graphene.ID(description="Null for a holdout arm.")
    control = graphene.Boolean(required=True)
    exposures = graphene.Int(required=True, description="Visitors exposed (once per visitor).")
    conversions = graphene.Int(
        required=True,
        description="Exposed visitors who converted within the window (once per visitor).",
    )
    rate = graphene.Float(required=True)
    rate_low = graphene.Float(required=True, description="95% Wilson interval.")
    rate_high = graphene.Float(required=True)
    uplift = graphene.Float(description="rate / control rate - 1; null on the control.")
    uplift_low = graphene.Float(
        description="95% interval (always valid when sequential testing is on)."
    )
    uplift_high = graphene.Float()
    p_value = graphene.Float(description="Holm-adjusted across the arms of the experiment.")
    chance_to_beat_control = graphene.Float(
        description="Bayesian: probability that this arm is better than the control."
    )
    mean = graphene.Float(description="Value goals: the mean value per exposed visitor.")
    mean_low = graphene.Float()
    mean_high = graphene.Float()


for _field in ("name", "variant_id", "control", "exposures", "conversions"):
    setattr(
        ExperimentArm,
        f"resolve_{_field}",
        staticmethod(lambda root, info, _f=_field: getattr(root.totals, _f)),
    )


class Experiment(graphene.ObjectType):
    page = graphene.String(required=True, description="Path of the page.")
    name = graphene.String(required=True)
    goal = graphene.String(required=True, description="Goal slug.")
    status = graphene.String(required=True, description="running | stopped")
    srm = graphene.Boolean(
        required=True, description="True when the observed split does not fit the weights."
    )
    srm_p_value = graphene.Float()
    excluded = graphene.Int(
        required=True, description="Requests served without a visitor id: never counted in an arm."
    )
    arms = graphene.List(graphene.NonNull(ExperimentArm), required=True)

    @staticmethod
    def resolve_goal(root, info):
        return root.goal.slug

    @staticmethod
    def resolve_srm_p_value(root, info):
        return root.result.srm_p_value

    @staticmethod
    def resolve_arms(root, info):
        return list(root.result.arms)


def resolve_experiments(root, info, site=None, goal=None):
    if not trust.check_server_key(info.context):
        raise Forbidden("experiments needs the server key.")
    site_obj = find_site(site)
    try:
        _, reports = experiment_reports(
            Filters(goal=goal, site_id=site_obj.pk if site and site_obj else None)
        )
    except UnknownGoal as exc:
        raise BadUserInput(str(exc), field="goal") from None
    return reports


def experiments_field() -> graphene.Field:
    return graphene.List(
        graphene.NonNull(Experiment),
        required=True,
        site=graphene.String(),
        goal=graphene.String(description="A goal slug; default the first goal."),
        resolver=resolve_experiments,
    )
