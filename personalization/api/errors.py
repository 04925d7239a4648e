"""Client mistakes as GraphQL errors with `extensions.code` (graphql-api.md, Errors).

Raise these from resolvers, validators and the view; anything else that escapes a resolver is
an internal error: logged with its traceback, answered as INTERNAL_SERVER_ERROR without detail."""

from graphql import GraphQLError

BAD_USER_INPUT = "BAD_USER_INPUT"
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
RATE_LIMITED = "RATE_LIMITED"
INTERNAL = "INTERNAL_SERVER_ERROR"
# Automatic persisted queries, with the codes Apollo clients look for (api/documents.py)
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
CODES = (
    BAD_USER_INPUT,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    QUERY_TOO_COMPLEX,
    RATE_LIMITED,
    INTERNAL,
    PERSISTED_QUERY_NOT_FOUND,
    PERSISTED_QUERY_NOT_SUPPORTED,
)


def coded_error(message: str, code: str, nodes=None, **extensions) -> GraphQLError:
    """A GraphQL error carrying `extensions.code`: how every coded error is built, for the
    places that cannot raise a ClientError (validation rules, the view's refusals)."""
    assert code in CODES, code
    return GraphQLError(message, nodes, extensions={"code": code, **extensions})


def with_code(error: GraphQLError, code: str) -> GraphQLError:
    """`error` (from graphql-core) marked with `code`, its other extensions kept."""
    assert code in CODES, code
    error.extensions = {**(error.extensions or {}), "code": code}
    return error


def code_of(error: GraphQLError) -> str | None:
    return (error.extensions or {}).get("code")


class ClientError(GraphQLError):
    code = BAD_USER_INPUT

    def __init__(self, message: str, *, field: str | None = None, **extensions):
        ext = {"code": self.code, **extensions}
        if field:
            ext["field"] = field
        super().__init__(message, extensions=ext)


class BadUserInput(ClientError):
    code = BAD_USER_INPUT


class Unauthenticated(ClientError):
    code = UNAUTHENTICATED


class Forbidden(ClientError):
    code = FORBIDDEN


class NotFound(ClientError):
    code = NOT_FOUND


class QueryTooComplex(ClientError):
    code = QUERY_TOO_COMPLEX


class RateLimited(ClientError):
    code = RATE_LIMITED
