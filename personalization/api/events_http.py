"""`POST /api/events/`: trackEvents as plain JSON, for servers and pipelines without a GraphQL
client. Same events, same limits, same answer (graphql-api.md, docs/api.md "Bulk events").

Request: `Authorization: Bearer <server key>`, `Content-Type: application/json`, body
`{"events": [EventInput, ...]}` (camelCase, as in GraphQL). Answer 200
`{"accepted": n, "duplicates": n, "errors": [{"index", "code", "message"}]}`; a request that is
wrong as a whole gets `{"error": {"code", "message"}}` with 400, 401, 403, 405 or 413.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from . import limits
from .bulk_events import MAX_EVENTS, ingest
from .errors import BAD_USER_INPUT, FORBIDDEN, QUERY_TOO_COMPLEX, UNAUTHENTICATED, Unauthenticated
from .trust import check_server_key


def _refuse(status: int, code: str, message: str) -> JsonResponse:
    response = JsonResponse({"error": {"code": code, "message": message}}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


@csrf_exempt
def events_view(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        response = _refuse(405, BAD_USER_INPUT, 'Use POST with a JSON body {"events": [...]}.')
        response["Allow"] = "POST"
        return response
    try:
        trusted = check_server_key(request)
    except Unauthenticated as exc:
        return _refuse(401, UNAUTHENTICATED, exc.message)
    if not trusted:
        return _refuse(
            403, FORBIDDEN, "POST /api/events/ needs the server key (Authorization: Bearer ...)."
        )
    if request.content_type != "application/json":
        return _refuse(400, BAD_USER_INPUT, "Send the events as application/json.")
    max_body = limits.limit("GRAPHQL_MAX_SERVER_BODY_BYTES")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_body:
        return _refuse(413, QUERY_TOO_COMPLEX, f"The request body is larger than {max_body} bytes.")
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return _refuse(400, BAD_USER_INPUT, "The body is not valid JSON.")
    except Exception:  # RequestDataTooBig and the like
        return _refuse(413, QUERY_TOO_COMPLEX, f"The request body is larger than {max_body} bytes.")
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list):
        return _refuse(400, BAD_USER_INPUT, 'The body must be a JSON object {"events": [...]}.')
    if len(events) > MAX_EVENTS:
        return _refuse(
            400, BAD_USER_INPUT, f"At most {MAX_EVENTS} events per call (got {len(events)})."
        )
    return JsonResponse(ingest(events, timezone.now()))
