"""The arguments of list fields, checked before a resolver turns them into SQL.

wagtail-grapple's list fields (children, siblings, descendants, ancestors...) pass `order` to
`QuerySet.order_by` as is, so any ORM path could sort pages (`owner__password`,
`-has_unpublished_changes`) and sorting reveals what it sorts by; `id` must be a number, `limit`
and `offset` are turned into a slice (a negative or zero limit used to return every child), and a
search query of a thousand words exhausts the search backend's recursion. Tailor's own
`recommendations(limit:)` takes the same limit rule.

`ListArgumentsMiddleware` refuses such arguments with BAD_USER_INPUT, on any field that has them,
before the field resolves. Orders allowed: the public fields below, each ascending or descending
(`-title`), several separated by commas.
"""

from __future__ import annotations

from .errors import BadUserInput

PUBLIC_ORDER_FIELDS = frozenset(
    {
        "id",
        "title",
        "slug",
        "url_path",
        "first_published_at",
        "last_published_at",
        "path",
        "depth",
    }
)
MAX_LIMIT = 1000
MAX_OFFSET = 10_000
MAX_SEARCH_CHARS = 200
MAX_SEARCH_WORDS = 20


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def check_order(order: str) -> None:
    for part in order.split(","):
        name = part.strip().removeprefix("-")
        if name not in PUBLIC_ORDER_FIELDS:
            allowed = ", ".join(sorted(PUBLIC_ORDER_FIELDS))
            raise BadUserInput(
                f"order cannot sort by '{_short(part.strip())}'; use one of {allowed} "
                "(prefix '-' for descending).",
                field="order",
            )


def check_limit(limit: object) -> None:
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise BadUserInput(f"limit must be a whole number from 1 to {MAX_LIMIT}.", field="limit")


def check_offset(offset: object) -> None:
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_OFFSET:
        raise BadUserInput(f"offset must be a whole number from 0 to {MAX_OFFSET}.", field="offset")


def check_id(value: object) -> None:
    if not str(value).isdigit() or len(str(value)) > 18:
        raise BadUserInput(
            f"id must be a page id (a whole number), not '{_short(value)}'.", field="id"
        )


def check_search_query(query: str) -> None:
    if len(query) > MAX_SEARCH_CHARS or len(query.split()) > MAX_SEARCH_WORDS:
        raise BadUserInput(
            f"searchQuery must be at most {MAX_SEARCH_CHARS} characters and "
            f"{MAX_SEARCH_WORDS} words.",
            field="searchQuery",
        )


# An argument given as null is checked like any value: `recommendations(limit: null)` is refused.
_CHECKS = {
    "order": check_order,
    "limit": check_limit,
    "offset": check_offset,
    "id": check_id,
    "search_query": check_search_query,
}
_NULL_ALLOWED = {"order", "offset", "id", "search_query"}


def _negative_literal(info, name: str) -> bool:
    """grapple's PositiveInt turns a negative literal (`offset: -5`) into null instead of an
    error; the query text still says what was asked."""
    for argument in info.field_nodes[0].arguments or ():
        if argument.name.value == _CAMEL.get(name, name) and argument.value.kind == "int_value":
            return int(argument.value.value) < 0
    return False


_CAMEL = {"search_query": "searchQuery"}


class ListArgumentsMiddleware:
    """graphene middleware (settings GRAPHENE["MIDDLEWARE"]): see the module docstring."""

    def resolve(self, next_, root, info, **kwargs):
        if kwargs and info.parent_type.name != "Mutation":
            for name, value in kwargs.items():
                check = _CHECKS.get(name)
                if check is None:
                    continue
                if value is None and name in _NULL_ALLOWED:
                    if _negative_literal(info, name):
                        check(-1)
                    continue
                check(value)
        return next_(root, info, **kwargs)
