"""Parse and validate a query once: a bounded cache of validated documents, and Automatic
Persisted Queries (APQ) as Apollo clients send them.

First sight of a query text: parse (token limits), our limit rules alone, then graphql's
specified rules — exactly as before, so a query over a limit is refused the first time it is
seen and never enters the cache. Only documents that validated are kept, keyed by the schema,
the query text, DEBUG (introspection is allowed only with DEBUG on) and the limits' values. A later request with the
same text reuses the document and skips parsing and validation; the one check that depends on
the request, the cost of `limit: $n` list arguments, is measured again with that request's
variables (a linear walk, only for documents that have such an argument).

APQ (https://www.apollographql.com/docs/apollo-server/performance/apq): a request may carry
`extensions.persistedQuery = {version: 1, sha256Hash}` instead of, or with, its query text.
- hash without text: the stored text for that hash is used; unknown hash -> the error
  PERSISTED_QUERY_NOT_FOUND (HTTP 200, as Apollo clients expect), and the client retries with
  the text;
- hash with text: the text must hash to it (else BAD_USER_INPUT); once it validates it is stored.
Stored texts live in the default cache (shared between processes when Redis is configured) and in
this process's document cache. Only validated texts are stored, so the store cannot be filled
with junk that would not run.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache
from django.conf import settings
from django.core.cache import cache
from graphene_django.settings import graphene_settings
from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    VariableNode,
    parse,
    specified_rules,
    validate,
)
from graphql.language import Visitor, visit
from graphql.validation.validate import ValidationAbortedError

from personalization import settings as tailor_settings

from . import limits
from .errors import (
    BAD_USER_INPUT,
    PERSISTED_QUERY_NOT_FOUND,
    PERSISTED_QUERY_NOT_SUPPORTED,
    QUERY_TOO_COMPLEX,
    coded_error,
    with_code,
)

STORE_PREFIX = "tailor:apq:"
STORE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class Prepared:
    """A parsed document that passed every validation rule that does not depend on variables."""

    document: DocumentNode
    variable_cost: bool  # a list size comes from a variable: the cost is measured per request


class Invalid(Exception):
    """The query was refused before execution: its errors, with codes."""

    def __init__(self, errors: list[GraphQLError]):
        super().__init__(errors[0].message if errors else "invalid")
        self.errors = errors


class PersistedQueryError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.error = coded_error(message, code)


_lock = threading.Lock()
_documents: LRUCache = LRUCache(maxsize=tailor_settings.document_cache_size())
_hashes: LRUCache = LRUCache(maxsize=tailor_settings.document_cache_size())


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def persisted_hash(payload: dict[str, Any]) -> str | None:
    """The `extensions.persistedQuery.sha256Hash` of a payload, checked for shape; None without one."""
    extensions = payload.get("extensions")
    if isinstance(extensions, str):  # GET requests carry extensions as JSON text
        import json

        try:
            extensions = json.loads(extensions) if extensions.strip() else None
        except (ValueError, RecursionError):
            raise PersistedQueryError("extensions is not valid JSON.", BAD_USER_INPUT) from None
    if extensions is None:
        return None
    if not isinstance(extensions, dict):
        raise PersistedQueryError("extensions must be a JSON object.", BAD_USER_INPUT)
    persisted = extensions.get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise PersistedQueryError(
            "Only persistedQuery version 1 is supported.", PERSISTED_QUERY_NOT_SUPPORTED
        )
    digest = persisted.get("sha256Hash")
    if (
        not isinstance(digest, str)
        or len(digest) != 64
        or any(c not in "0123456789abcdef" for c in digest)
    ):
        raise PersistedQueryError(
            "persistedQuery.sha256Hash must be 64 lower-case hex digits.", BAD_USER_INPUT
        )
    return digest


def lookup_persisted(digest: str) -> str:
    """The query text stored for a hash, or PERSISTED_QUERY_NOT_FOUND."""
    text = _hashes.get(digest)
    if text is None:
        text = cache.get(STORE_PREFIX + digest)
        if not isinstance(text, str):
            raise PersistedQueryError("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND)
        with _lock:
            _hashes[digest] = text
    return text


def check_persisted(digest: str, query: str) -> None:
    if sha256(query) != digest:
        raise PersistedQueryError("provided sha does not match query", BAD_USER_INPUT)


def remember_persisted(digest: str, query: str) -> None:
    """Store a validated query text under its hash (this process and the shared cache)."""
    if _hashes.get(digest) == query:
        return
    with _lock:
        _hashes[digest] = query
    cache.set(STORE_PREFIX + digest, query, STORE_SECONDS)


def prepare(schema: GraphQLSchema, query: str, variables: dict[str, Any] | None) -> DocumentNode:
    """The validated document for a query text (cached), or Invalid with the errors."""
    key = (id(schema), bool(settings.DEBUG), limits.signature(), query)
    prepared = _documents.get(key)
    if prepared is None:
        prepared = _first_sight(schema, query, variables)
        with _lock:
            _documents[key] = prepared
    elif prepared.variable_cost:
        errors = _limit_errors(schema, prepared.document, variables)
        if errors:
            raise Invalid(errors)
    return prepared.document


def _first_sight(schema: GraphQLSchema, query: str, variables: dict[str, Any] | None) -> Prepared:
    try:
        max_tokens = limits.limit("GRAPHQL_MAX_TOKENS")
        document = parse(query, max_lexical_tokens=max_tokens, max_comments=max_tokens)
    except GraphQLSyntaxError as exc:
        code = QUERY_TOO_COMPLEX if limits.is_parse_limit_error(exc) else BAD_USER_INPUT
        with_code(exc, code)
        raise Invalid([exc]) from None
    # Our rules first and alone: they are linear, and they stop a huge document before
    # graphql's own rules (some of them quadratic) spend time on it.
    errors = _limit_errors(schema, document, variables)
    if not errors:
        try:
            errors = validate(
                schema, document, specified_rules, graphene_settings.MAX_VALIDATION_ERRORS
            )
        except RecursionError:
            errors = [limits.too_complex("The query is nested too deeply.")]
    for error in errors:
        if isinstance(error, ValidationAbortedError):  # graphql-core gave up: too big to check
            with_code(error, QUERY_TOO_COMPLEX)
    if errors:
        raise Invalid(errors)
    return Prepared(document, _has_variable_list_size(document))


def _limit_errors(
    schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any] | None
) -> list:
    try:
        return validate(
            schema, document, limits.limit_rules(variables), graphene_settings.MAX_VALIDATION_ERRORS
        )
    except RecursionError:
        return [limits.too_complex("The query is nested too deeply.")]


class _VariableListSize(Visitor):
    found = False

    def enter_argument(self, node: ArgumentNode, *_args):
        if node.name.value in limits.LIST_SIZE_ARGUMENTS and isinstance(node.value, VariableNode):
            self.found = True
            return self.BREAK
        return None


def _has_variable_list_size(document: DocumentNode) -> bool:
    finder = _VariableListSize()
    visit(document, finder)
    return finder.found


def clear() -> None:
    """Forget every cached document and persisted hash of this process (tests)."""
    with _lock:
        _documents.clear()
        _hashes.clear()
