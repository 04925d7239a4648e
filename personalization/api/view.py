"""The HTTP edge of the GraphQL API: one request in, one JSON answer out, never a traceback.

graphene-django's GraphQLView answers client mistakes with bare text and HTTP 500-ish surprises,
parses queries without limits and lets `validate()` run without ours, so `dispatch` is rewritten
here around the same building blocks (schema, context, GraphiQL page, JSON encoding):

1. method, server key (a wrong key is UNAUTHENTICATED before anything else), body size;
2. the payload: JSON object or list (a batch), `application/graphql`, form fields, or GET params;
3. per operation: persisted-query hash (APQ), query size, the validated document
   (api/documents.py: parse with token limits, our limit rules first, graphql's specified rules —
   once per query text, then cached), operation choice, CSRF (mutations only from JSON POST
   bodies; none over GET), rate limit, execution;
4. every error formatted with `extensions.code` (api/error_format.py); anything not raised on
   purpose is logged with its traceback and answered as INTERNAL_SERVER_ERROR with no detail.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.cache import patch_vary_headers
from graphene_django.constants import MUTATION_ERRORS_FLAG
from graphene_django.settings import graphene_settings
from graphene_django.utils.utils import set_rollback
from graphene_django.views import GraphQLView
from graphql import (
    ExecutionResult,
    FragmentDefinitionNode,
    GraphQLError,
    OperationType,
    execute,
    get_operation_ast,
    validate_schema,
)
from graphql.execution.middleware import MiddlewareManager
from graphql.pyutils import AwaitableOrValue

from . import documents, limits, time_budget, visitor_cookie
from .error_format import format_error, internal_error
from .errors import (
    BAD_USER_INPUT,
    QUERY_TOO_COMPLEX,
    RateLimited,
    Unauthenticated,
    code_of,
    coded_error,
)
from .ratelimit import check_operation_rate
from .trust import check_server_key, is_trusted_server

logger = logging.getLogger("personalization.api")

JSON = "application/json"
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _sync(result: AwaitableOrValue[ExecutionResult]) -> ExecutionResult:
    """execute()'s result: never awaitable here, the schema has no async resolvers."""
    assert isinstance(result, ExecutionResult), "an async resolver in the schema"
    return result


@dataclass(eq=False)  # exceptions stay hashable
class Refusal(Exception):
    """A whole request or operation refused before execution: one error, one HTTP status."""

    error: GraphQLError
    status: int = 400
    headers: dict[str, str] = field(default_factory=dict)


def refuse(message: str, status: int = 400, code: str = BAD_USER_INPUT, **headers: str) -> Refusal:
    return Refusal(coded_error(message, code), status, headers)


@dataclass
class Answer:
    body: dict[str, Any]
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


# One MiddlewareManager per list of middleware classes, for the life of the process: it keeps
# each field's resolver chain, which graphql-core otherwise rebuilds for every field of every
# request (a fifth of an anonymous personalizedPage's time, measured with cProfile). The
# middlewares hold no state.
_MIDDLEWARE_MANAGERS: dict[tuple[type, ...], MiddlewareManager] = {}


def shared_middleware(middleware):
    if not middleware or isinstance(middleware, MiddlewareManager):
        return middleware
    key = tuple(type(m) for m in middleware)
    manager = _MIDDLEWARE_MANAGERS.get(key)
    if manager is None:
        manager = _MIDDLEWARE_MANAGERS.setdefault(key, MiddlewareManager(*middleware))
    return manager


class TailorGraphQLView(GraphQLView):
    """POST /graphql/ (and /graphiql/ when DEBUG is on); GET /graphql/ for queries."""

    def get_middleware(self, request):
        return shared_middleware(self.middleware)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.graphiql and not settings.DEBUG:
            raise Http404("GraphiQL is only served when DEBUG is on.")
        try:
            if self.graphiql and request.method == "GET" and self.can_display_graphiql(request, {}):
                return super().dispatch(request, *args, **kwargs)  # graphene renders the page
            if request.method not in ("POST", "GET"):
                raise refuse(
                    "GraphQL is served over POST (and GET for queries).", 405, Allow="GET, POST"
                )
            # A GET never writes: mutations are refused below, and personalizedPage records no
            # page view, impression or new visitor for it (api/page.py, `read_only`).
            time_budget.start(request)
            check_server_key(request)
            payload, transport = self.read_payload(request)
            if isinstance(payload, list):
                return self.respond(request, self.run_batch(request, payload, transport))
            return self.respond(request, self.run_operation(request, payload, transport))
        except Unauthenticated as exc:
            return self.respond(
                request,
                Answer({"errors": [self.format_error(exc)]}, 401, {"WWW-Authenticate": "Bearer"}),
            )
        except Refusal as exc:
            return self.respond(
                request, Answer({"errors": [self.format_error(exc.error)]}, exc.status, exc.headers)
            )
        except Exception as exc:  # a bug of ours: log it, say nothing about it
            logger.exception("GraphQL request failed")
            return self.respond(request, Answer({"errors": [internal_error(exc, log=False)]}, 500))

    # --- reading the request -------------------------------------------------------------------

    def read_payload(self, request: HttpRequest) -> tuple[Any, str]:
        """The request's operation(s) and how they came: "get", "json", "graphql" or "form"."""
        if request.method == "GET":
            return request.GET.dict(), "get"
        # A trusted server may send bigger bodies: trackEvents takes up to 1,000 events.
        trusted = is_trusted_server(request)
        max_body = limits.limit(
            "GRAPHQL_MAX_SERVER_BODY_BYTES" if trusted else "GRAPHQL_MAX_BODY_BYTES"
        )
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > max_body:
            raise self.body_too_large(max_body)
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            # Django reads CONTENT_LENGTH bytes and a chunked body has none: it would be read as
            # empty. Refuse it rather than answer an empty query.
            raise refuse(
                "Send the request body with a Content-Length (chunked bodies are not accepted).",
                411,
            )
        content_type = self.get_content_type(request)
        try:
            body = request.body  # read first: a form is then parsed from these very bytes
            if len(body) < declared:
                raise refuse(
                    f"The request body is shorter than its Content-Length ({len(body)} of {declared} bytes)."
                )
            if content_type in FORM_TYPES:
                return request.POST.dict(), "form"
        except RequestDataTooBig:
            raise self.body_too_large(max_body) from None
        except MultiPartParserError:  # no boundary, truncated parts...
            raise refuse(
                "The multipart/form-data body could not be parsed (is its boundary set?)."
            ) from None
        except SuspiciousOperation as exc:  # e.g. too many form fields
            raise refuse(f"The request body could not be read: {exc}") from None
        if len(body) > max_body:
            raise self.body_too_large(max_body)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise refuse("The request body is not valid UTF-8.") from None
        if content_type == "application/graphql":
            return {"query": text}, "graphql"
        if content_type != JSON:
            raise refuse("Send the request as JSON (Content-Type: application/json).", 415)
        try:
            payload = json.loads(text)
        except ValueError as exc:
            raise refuse(f"The request body is not valid JSON: {exc}.") from None
        except RecursionError:
            raise refuse("The request body nests JSON too deeply.") from None
        if not isinstance(payload, (dict, list)):
            raise refuse(
                "The request body must be a JSON object {query, variables, operationName} or a list of them."
            )
        return payload, "json"

    @staticmethod
    def body_too_large(max_body: int) -> Refusal:
        return refuse(f"The request body is larger than {max_body} bytes.", 413, QUERY_TOO_COMPLEX)

    @staticmethod
    def read_params(payload: Any) -> tuple[str, dict[str, Any] | None, str | None, str | None]:
        """query, variables, operationName and the persisted-query hash of one payload, checked
        for shape. A payload with a known hash and no text gets the stored text."""
        if not isinstance(payload, dict):
            raise refuse("Each operation must be a JSON object {query, variables, operationName}.")
        query = payload.get("query")
        digest = documents.persisted_hash(payload)
        if digest is not None:
            if query is None or query == "":
                query = documents.lookup_persisted(digest)
            elif isinstance(query, str):
                documents.check_persisted(digest, query)
        if not isinstance(query, str) or not query.strip():
            raise refuse("Must provide a query string.")
        max_query = limits.limit("GRAPHQL_MAX_QUERY_BYTES")
        if len(query) > max_query or len(query.encode("utf-8")) > max_query:
            raise refuse(f"The query is larger than {max_query} bytes.", 413, QUERY_TOO_COMPLEX)
        variables = payload.get("variables")
        if isinstance(variables, str):  # GET and form requests carry variables as JSON text
            try:
                variables = json.loads(variables) if variables.strip() else None
            except (ValueError, RecursionError):
                raise refuse("variables is not valid JSON.") from None
        if variables is not None and not isinstance(variables, dict):
            raise refuse("variables must be a JSON object.")
        operation_name = payload.get("operationName")
        if operation_name in ("", "null"):
            operation_name = None
        if operation_name is not None and not isinstance(operation_name, str):
            raise refuse("operationName must be a string.")
        return query, variables, operation_name, digest

    # --- running operations --------------------------------------------------------------------

    def run_batch(self, request: HttpRequest, payload: list, transport: str) -> Answer:
        """A JSON list of operations, each answered in order as if sent alone."""
        max_batch = limits.limit("GRAPHQL_MAX_BATCH")
        if not payload:
            raise refuse("The batch is empty.")
        if len(payload) > max_batch:
            raise refuse(
                f"A batch may hold at most {max_batch} operations; this one holds {len(payload)}.",
                400,
                QUERY_TOO_COMPLEX,
            )
        too_costly = limits.batch_cost_error(self.schema.graphql_schema, payload)
        if too_costly is not None:  # priced as a whole before any operation runs
            raise Refusal(too_costly, 400)
        answers = []
        for item in payload:
            try:
                answers.append(self.run_operation(request, item, transport).body)
            except Refusal as exc:
                answers.append({"errors": [self.format_error(exc.error)]})
        return Answer(answers)  # type: ignore[arg-type]  # the body is a list here

    def run_operation(self, request: HttpRequest, payload: Any, transport: str) -> Answer:
        try:
            query, variables, operation_name, digest = self.read_params(payload)
        except documents.PersistedQueryError as exc:
            # Apollo clients read PERSISTED_QUERY_NOT_FOUND from a 200 answer, then send the text.
            return self.errors_answer(
                [exc.error], 200 if code_of(exc.error) != BAD_USER_INPUT else 400
            )
        schema = self.schema.graphql_schema
        schema_errors = validate_schema(schema)  # cached on the schema by graphql-core
        if schema_errors:  # a broken schema is our bug, not the client's
            raise RuntimeError(f"Invalid GraphQL schema: {schema_errors[0].message}")

        try:
            document = documents.prepare(schema, query, variables)
        except documents.Invalid as exc:
            return self.errors_answer(exc.errors, 400)
        if digest is not None:
            documents.remember_persisted(digest, query)

        operation = get_operation_ast(document, operation_name)
        if operation is None:
            if operation_name:
                raise refuse(f"Unknown operation named '{operation_name}'.")
            raise refuse("Must provide operationName when the query holds several operations.")
        if operation.operation == OperationType.MUTATION:
            if transport == "get":
                raise refuse("Mutations must be sent with POST.", 405, Allow="POST")
            if transport != "json":
                # Forms and text/plain can be posted cross-site without a CORS preflight; a JSON
                # body cannot, which is this API's protection against CSRF.
                raise refuse(
                    "Mutations must be sent as JSON (Content-Type: application/json).", 415
                )
            fragments = {
                d.name.value: d
                for d in document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            try:
                check_operation_rate(request, operation, fragments.get)
            except RateLimited as exc:
                retry = str((exc.extensions or {}).get("retryAfter", 60))
                return self.errors_answer([exc], 429, {"Retry-After": retry})

        result = self.execute_operation(
            request, schema, document, operation, variables, operation_name
        )
        return self.result_answer(request, result)

    def execute_operation(
        self, request, schema, document, operation, variables, operation_name
    ) -> ExecutionResult:
        """Runs the operation the way graphene-django does (context = request; mutations in one
        transaction when ATOMIC_MUTATIONS is set)."""
        options = {
            "root_value": self.get_root_value(request),
            "context_value": self.get_context(request),
            "variable_values": variables,
            "operation_name": operation_name,
            "middleware": self.get_middleware(request),
        }
        if self.execution_context_class:
            options["execution_context_class"] = self.execution_context_class
        atomic = operation.operation == OperationType.MUTATION and (
            graphene_settings.ATOMIC_MUTATIONS is True
            or connection.settings_dict.get("ATOMIC_MUTATIONS", False) is True
        )
        if not atomic:
            return _sync(execute(schema, document, **options))
        with transaction.atomic():
            result = _sync(execute(schema, document, **options))
            if getattr(request, MUTATION_ERRORS_FLAG, False) is True:
                transaction.set_rollback(True)
        return result

    def result_answer(self, request: HttpRequest, result: ExecutionResult) -> Answer:
        if getattr(request, MUTATION_ERRORS_FLAG, False) is True:
            set_rollback()
        if not result.errors:
            return Answer({"data": result.data})
        set_rollback()
        errors = [self.format_error(error) for error in result.errors]
        if any(not getattr(error, "path", None) for error in result.errors):
            # Errors before execution (variables that do not fit their types): no data at all.
            return Answer({"errors": errors}, 400)
        return Answer({"errors": errors, "data": result.data})

    def errors_answer(
        self, errors: list, status: int, headers: dict[str, str] | None = None
    ) -> Answer:
        return Answer(
            {"errors": [self.format_error(error) for error in errors]}, status, headers or {}
        )

    # --- answering -----------------------------------------------------------------------------

    def respond(self, request: HttpRequest, answer: Answer) -> HttpResponse:
        response = HttpResponse(
            self.json_encode(request, answer.body), status=answer.status, content_type=JSON
        )
        for name, value in answer.headers.items():
            response[name] = value
        # A personalized answer is for one visitor only: no shared cache may keep it.
        response["Cache-Control"] = "private, no-store"
        patch_vary_headers(response, ("Cookie", "Authorization"))
        visitor_cookie.apply(request, response)  # a resolver may have asked for the cookie
        return response

    def format_error(self, error: Exception) -> dict[str, Any]:  # type: ignore[override]
        return format_error(error)  # graphene-django's hook (api/error_format.py)
