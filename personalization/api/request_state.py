"""What the API remembers about one HTTP request while it answers it, in one typed object
(`state(request)`), instead of loose attributes on Django's HttpRequest.

One request may carry a batch of operations and many aliased fields; these facts make it count
once: the server key checked once, one page view recorded, the request's mutations counted once
against the address limit, and the cookies the response must set or delete."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_UNSET: Any = object()


@dataclass
class RequestState:
    #: None until checked; then whether the request presented the right server key (api/trust.py)
    server_key: bool | None = None
    #: a page view was recorded for this request (api/page.py): the next aliases do not track
    page_view_recorded: bool = False
    #: the view counted this request's mutations against the address limit (api/ratelimit.py)
    mutations_counted: bool = False
    #: the visitor-id cookie to set ("" deletes it); unset: leave it (api/visitor_cookie.py)
    visitor_cookie: str | None = _UNSET
    #: keep (True) or drop (False) the "declined" cookie; unset: leave it
    declined_cookie: bool | None = _UNSET

    def sets_visitor_cookie(self) -> bool:
        return self.visitor_cookie is not _UNSET

    def sets_declined_cookie(self) -> bool:
        return self.declined_cookie is not _UNSET


def state(request) -> RequestState:
    """This request's state, made on first use."""
    current = getattr(request, "tailor_state", None)
    if current is None:
        current = RequestState()
        request.tailor_state = current
    return current
