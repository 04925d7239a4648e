"""`ruleSet(site:)`: the portable rule set of a site, for frontends that decide by themselves
(server key only: it holds every rule and the content of every live page)."""

from __future__ import annotations

import graphene

from personalization.delivery.ruleset_json import ruleset_json

from . import trust
from .errors import Forbidden
from .page import site_routes


class RuleSet(graphene.ObjectType):
    version = graphene.String(
        required=True, description="Changes whenever anything in `json` changes."
    )
    json = graphene.JSONString(
        required=True,
        description=(
            "Personas, stages, segments and the live pages with their variants, in the format of "
            "docs/ruleset-format.md (format tailor.ruleset, formatVersion 3)."
        ),
    )


def resolve_rule_set(root, info, site=None):
    if not trust.check_server_key(info.context):
        raise Forbidden("ruleSet needs the server key.", field="ruleSet")
    entry = site_routes(site)
    if entry is None:
        return None
    version, data = ruleset_json(entry)
    return RuleSet(version=version, json=data)


def rule_set_field():
    return graphene.Field(
        RuleSet,
        site=graphene.String(),
        resolver=resolve_rule_set,
        description="Server key only: the rule set and variants of a site (default site when "
        "omitted), for deciding without a round trip.",
    )
