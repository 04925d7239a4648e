"""How big a request may be: size, tokens, depth, aliases, cost, introspection.

Every limit is checked before any resolver runs, and each check is linear in the document, so an
abusive query costs milliseconds to refuse. Refusals carry the code QUERY_TOO_COMPLEX
(graphql-api.md, Errors). Each limit is a setting with the default below.

Cost model: every field costs 1 (`__typename` too), except the expensive ones, which cost their
weight in GRAPHQL_FIELD_COSTS (a page render with its decision is GRAPHQL_PAGE_RENDER_COST; see
FIELD_COSTS below), counted once per selection, aliases included; a list field multiplies the cost of what it selects by its
`limit`/`first`/`last` argument (the literal, the variable's value, or the schema default), or by
GRAPHQL_DEFAULT_LIST_SIZE when it takes none. Fragments are expanded (each fragment computed once,
so `...A ...A` chains cannot explode the walk); cycles are left to graphql's NoFragmentCycles.
One response name selected over and over in one place (`{ a a a ... }`, directly or through
fragments) is refused past GRAPHQL_MAX_REPEATS: graphql's own OverlappingFieldsCanBeMerged rule is
quadratic in it.
A batch is priced as a whole before any of its operations runs: the sum of its operations' costs
may not exceed GRAPHQL_MAX_REQUEST_COST (by default ten page renders), so neither aliases nor a
batch can make one HTTP request render more than about ten pages.
Introspection fields (`__schema`, `__type`) are outside the model: they are refused outright when
DEBUG is off and free for GraphiQL when it is on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationRule,
    VariableNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_list_type,
    parse,
    specified_rules,
)
from graphql.language.visitor import SKIP
from graphql.pyutils import Undefined
from graphql.validation import NoSchemaIntrospectionCustomRule

from ..settings import GRAPHQL_LIMITS, graphql_limit
from .errors import FORBIDDEN, QUERY_TOO_COMPLEX, coded_error

DEFAULTS = GRAPHQL_LIMITS  # names and defaults: personalization/settings.py
# The fields that do real work, in units of one page render (GRAPHQL_PAGE_RENDER_COST), keyed
# "Type.field"; an interface's entry holds for every type implementing it. A setting
# GRAPHQL_FIELD_COSTS (same keys, absolute costs) replaces an entry.
FIELD_COSTS = {
    "Query.personalizedPage": 1.0,  # resolve the path, decide, render the page and its blocks
    "Query.recommendations": 1.0,  # a decision plus scoring every candidate page
    "Query.visitor": 0.5,  # the visitor export: profile, persona, stage, events
    # The typed page's list fields: each one is a query over the page tree.
    **{
        f"PageInterface.{name}": 0.1
        for name in (
            "children",
            "siblings",
            "nextSiblings",
            "previousSiblings",
            "descendants",
            "ancestors",
        )
    },
}
LIST_SIZE_ARGUMENTS = ("limit", "first", "last")
INTROSPECTION_FIELDS = {"__schema", "__type"}


def limit(name: str) -> int:
    """A limit from settings, else its default."""
    return graphql_limit(name)


_signature: tuple[int, ...] | None = None


def signature() -> tuple[int, ...]:
    """Every limit's value: part of the key of a cached validated document. Read from settings
    once (each request needs it; a setting that is not set costs an AttributeError to read),
    again after a setting changes (override_settings in tests)."""
    global _signature
    if _signature is None:
        _signature = tuple(limit(name) for name in DEFAULTS)
    return _signature


def _forget_signature(**_: Any) -> None:
    global _signature
    _signature = None


setting_changed.connect(_forget_signature, dispatch_uid="tailor-api-limits-signature")


def too_complex(message: str, nodes: Any = None) -> GraphQLError:
    return coded_error(message, QUERY_TOO_COMPLEX, nodes)


def is_parse_limit_error(error: GraphQLError) -> bool:
    """Whether a syntax error is graphql-core refusing to read further (token, comment or nesting
    limits) rather than a mistake in the text. The limits are graphql-core's own (parse's
    max_lexical_tokens and max_comments, its recursion guard), but it raises the same
    GraphQLSyntaxError for them as for a mistake, with no code or attribute: its messages all end
    "Parsing aborted." (tests/api/test_limits.py pins the three cases against an upgrade)."""
    return "Parsing aborted" in error.message or "nested too deeply" in error.message


@dataclass(frozen=True)
class Metrics:
    depth: int = 0
    aliases: int = 0
    cost: int = 0
    repeats: int = 0  # the most times one response name is selected in one place


class _Walker:
    """Measures one operation, fragments expanded, each fragment measured once.

    Values are capped just above their limits: once a limit is exceeded the exact figure no
    longer matters, and capping keeps integers small and walks short."""

    def __init__(self, schema, fragments: Callable[[str], Any], variables: dict[str, Any]):
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.max_depth = limit("GRAPHQL_MAX_DEPTH")
        self.cap_aliases = limit("GRAPHQL_MAX_ALIASES") + 1
        self.cap_cost = limit("GRAPHQL_MAX_COST") + 1
        self.cap_repeats = limit("GRAPHQL_MAX_REPEATS") + 1
        self.default_list_size = limit("GRAPHQL_DEFAULT_LIST_SIZE")
        self.field_costs = field_costs()
        self.memo: dict[str, Metrics] = {}
        self.names_memo: dict[str, Counter[str]] = {}
        self.in_progress: set[str] = set()

    def selection_set(
        self, node: SelectionSetNode | None, parent: GraphQLNamedType | None, depth: int
    ) -> Metrics:
        """Metrics of a selection set whose fields sit at `depth` (1 for the operation's root).
        The returned depth is absolute."""
        if node is None:
            return Metrics(depth=depth - 1)
        deepest, aliases, cost = depth - 1, 0, 0
        repeats = max(self.response_names(node).values(), default=0)
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                part = self.field(selection, parent, depth)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                part = self.selection_set(selection.selection_set, inner, depth)
            elif isinstance(selection, FragmentSpreadNode):
                part = self.spread(selection.name.value, depth)
            else:
                continue
            deepest = max(deepest, part.depth)
            aliases = min(self.cap_aliases, aliases + part.aliases)
            cost = min(self.cap_cost, cost + part.cost)
            repeats = max(repeats, part.repeats)
        return Metrics(deepest, aliases, cost, repeats)

    def response_names(self, node: SelectionSetNode | None) -> Counter[str]:
        """How often each response name is selected in this one place, fragments merged in.
        graphql's OverlappingFieldsCanBeMerged compares these pairwise, so a name repeated a
        thousand times would cost it seconds."""
        names: Counter[str] = Counter()
        for selection in node.selections if node else ():
            if isinstance(selection, FieldNode):
                names[(selection.alias or selection.name).value] += 1
            elif isinstance(selection, InlineFragmentNode):
                names.update(self.response_names(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                names.update(self.fragment_names(selection.name.value))
        return Counter({name: min(count, self.cap_repeats) for name, count in names.items()})

    def fragment_names(self, name: str) -> Counter[str]:
        if name in self.in_progress:
            return Counter()
        if name not in self.names_memo:
            fragment = self.fragments(name)
            self.in_progress.add(name)
            self.names_memo[name] = (
                self.response_names(fragment.selection_set) if fragment else Counter()
            )
            self.in_progress.discard(name)
        return self.names_memo[name]

    def spread(self, name: str, depth: int) -> Metrics:
        if name in self.in_progress:  # a cycle: NoFragmentCycles reports it
            return Metrics(depth=depth - 1)
        if name not in self.memo:
            fragment = self.fragments(name)
            if fragment is None:  # unknown fragment: KnownFragmentNames reports it
                return Metrics(depth=depth - 1)
            self.in_progress.add(name)
            parent = self.schema.get_type(fragment.type_condition.name.value)
            self.memo[name] = self.selection_set(fragment.selection_set, parent, 1)
            self.in_progress.discard(name)
        found = self.memo[name]
        return Metrics(found.depth + depth - 1, found.aliases, found.cost, found.repeats)

    def field(self, node: FieldNode, parent: GraphQLNamedType | None, depth: int) -> Metrics:
        name = node.name.value
        if name in INTROSPECTION_FIELDS:
            return Metrics(depth=depth - 1)
        alias = 1 if node.alias else 0
        if depth > self.max_depth or name == "__typename":  # too deep already, or a leaf
            return Metrics(depth, alias, 1)
        definition = getattr(parent, "fields", {}).get(name) if parent is not None else None
        child_type = get_named_type(definition.type) if definition else None
        inner = self.selection_set(node.selection_set, child_type, depth + 1)
        multiplier = self.list_size(node, definition) if definition else 1
        cost = min(self.cap_cost, self.weight(parent, name) + multiplier * inner.cost)
        aliases = min(self.cap_aliases, alias + multiplier * inner.aliases)
        return Metrics(max(depth, inner.depth), aliases, cost, inner.repeats)

    def weight(self, parent: GraphQLNamedType | None, name: str) -> int:
        """What selecting this field once costs, before what it selects."""
        if parent is None:
            return 1
        for owner in (parent, *getattr(parent, "interfaces", ())):
            found = self.field_costs.get(f"{owner.name}.{name}")
            if found is not None:
                return found
        return 1

    def list_size(self, node: FieldNode, definition: GraphQLField) -> int:
        if not is_list_type(get_nullable_type(definition.type)):  # type: ignore[arg-type]
            return 1
        for argument in node.arguments:
            if argument.name.value in LIST_SIZE_ARGUMENTS:
                value = argument.value
                if isinstance(value, IntValueNode):
                    return max(0, int(value.value))
                if isinstance(value, VariableNode):
                    given = self.variables.get(value.name.value)
                    if isinstance(given, int) and not isinstance(given, bool):
                        return max(0, given)
        for name in LIST_SIZE_ARGUMENTS:
            declared = definition.args.get(name)
            default = declared.default_value if declared is not None else Undefined
            if isinstance(default, int) and not isinstance(default, bool):
                return max(0, default)
        return self.default_list_size


def field_costs() -> dict[str, int]:
    """Absolute cost of each expensive field: FIELD_COSTS in page renders, GRAPHQL_FIELD_COSTS over it."""
    page = limit("GRAPHQL_PAGE_RENDER_COST")
    costs = {key: max(1, round(share * page)) for key, share in FIELD_COSTS.items()}
    costs.update(
        {key: int(value) for key, value in getattr(settings, "GRAPHQL_FIELD_COSTS", {}).items()}
    )
    return costs


def measure(
    schema,
    operation: OperationDefinitionNode,
    fragments: Callable[[str], Any],
    variables: dict[str, Any] | None = None,
) -> Metrics:
    """Depth, aliases and cost of one operation (capped just above each limit)."""
    root = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }.get(operation.operation)
    return _Walker(schema, fragments, variables or {}).selection_set(
        operation.selection_set, root, 1
    )


def operation_cost(schema, payload: Any) -> int:
    """The cost of one operation of a batch as sent (0 when it cannot be read: that operation is
    refused on its own when its turn comes, before anything runs)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return 0
    query, variables = payload["query"], payload.get("variables")
    if len(query) > limit("GRAPHQL_MAX_QUERY_BYTES"):
        return 0
    try:
        most = limit("GRAPHQL_MAX_TOKENS")
        document = parse(query, max_lexical_tokens=most, max_comments=most)
        name = payload.get("operationName")
        operation = get_operation_ast(document, name if isinstance(name, str) and name else None)
        if operation is None:
            return 0
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        return measure(
            schema, operation, fragments.get, variables if isinstance(variables, dict) else {}
        ).cost
    except (GraphQLError, RecursionError):
        return 0


def batch_cost_error(schema, payloads: list) -> GraphQLError | None:
    """The refusal of a batch whose operations together cost more than GRAPHQL_MAX_REQUEST_COST,
    checked before any of them runs; None when it fits."""
    most = limit("GRAPHQL_MAX_REQUEST_COST")
    total = 0
    for payload in payloads:
        total += operation_cost(schema, payload)
        if total > most:
            return too_complex(
                f"The batch costs more than {most} (about {most // limit('GRAPHQL_PAGE_RENDER_COST')} "
                f"page renders); send fewer or smaller operations."
            )
    return None


def complexity_rule(variables: dict[str, Any] | None = None) -> type[ValidationRule]:
    """A validation rule refusing operations over the depth, alias or cost limits. Built per
    request because a `limit: $n` argument's cost depends on the variables."""

    class QueryComplexityRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any):
            try:
                found = measure(self.context.schema, node, self.context.get_fragment, variables)
            except RecursionError:
                self.report_error(too_complex("The query nests fragments too deeply.", node))
                return SKIP
            checks = (
                ("Query depth is {}", found.depth, "GRAPHQL_MAX_DEPTH"),
                ("Query aliases are {}", found.aliases, "GRAPHQL_MAX_ALIASES"),
                ("Query cost is {}", found.cost, "GRAPHQL_MAX_COST"),
                (
                    "One field is selected {} times in one place",
                    found.repeats,
                    "GRAPHQL_MAX_REPEATS",
                ),
            )
            for template, value, setting in checks:
                most = limit(setting)
                if value > most:  # values are capped at most + 1
                    shown = f"more than {most}" if value == most + 1 else str(value)
                    self.report_error(
                        too_complex(f"{template.format(shown)}; the limit is {most}.", node)
                    )
            return SKIP  # the walk above has seen everything below

    return QueryComplexityRule


class NoIntrospectionRule(NoSchemaIntrospectionCustomRule):
    """graphql-core's rule refusing `__schema` and `__type` (the schema is not public when DEBUG
    is off; `__typename` stays, clients need it for unions and caches), with our message and
    code, one error per refused field (nothing below it is looked at)."""

    refused = False

    def enter_field(self, node: FieldNode, *args: Any):
        self.refused = False
        super().enter_field(node, *args)
        return SKIP if self.refused else None

    def report_error(self, error: GraphQLError) -> None:
        self.refused = True
        super().report_error(
            coded_error("Introspection is disabled on this server.", FORBIDDEN, error.nodes)
        )


def limit_rules(variables: dict[str, Any] | None = None) -> list[type[ValidationRule]]:
    """The rules this project adds to graphql's own: complexity always, introspection off unless
    DEBUG."""
    rules: list[type[ValidationRule]] = [complexity_rule(variables)]
    if not settings.DEBUG:
        rules.append(NoIntrospectionRule)
    return rules


def validation_rules(variables: dict[str, Any] | None = None) -> list[type[ASTValidationRule]]:
    """graphql's specified rules plus ours. Passing rules to `validate()` replaces its defaults,
    so the specified ones must be listed explicitly."""
    return [*specified_rules, *limit_rules(variables)]
