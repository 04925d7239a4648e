"""The one place that speaks GraphQL to the CMS (graphql-api.md is the contract).

Every call carries the server key, so the CMS believes the visitor context we forward (address,
user agent, GPC) and the key never has to reach a browser. Results come back as small
dataclasses; nothing else in the frontend knows a query string or a field name.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpx

PAGE_QUERY = """
query Page($path: String!, $context: VisitorContextInput, $track: Boolean,
           $previewToken: String, $simulate: SimulationInput) {
  personalizedPage(path: $path, context: $context, track: $track,
                   previewToken: $previewToken, simulate: $simulate) {
    content
    variant { id name persona stage segment arm }
    decision {
      visitorId profiling
      persona { slug name description publicName publicDescription }
      stage { slug name order }
      segments
      location { countryCode country region regionCode city timezone }
      device channel reasons cacheKey
    }
  }
}
"""
# Live pages: the decision only (small, private), then the content from decision.contentUrl
# (public, immutable: a CDN in front of the CMS answers it) kept here by cacheKey.
DECISION_QUERY = PAGE_QUERY.replace("    content\n", "").replace(
    "reasons cacheKey", "reasons cacheKey contentUrl"
)
CONTENT_CACHE_SIZE = 512
PERSONAS_QUERY = "query { personas { slug name description publicName publicDescription } }"
VISITOR_QUERY = """
query Visitor($id: String!) {
  visitor(visitorId: $id) {
    visitorId firstSeen lastSeen visitCount pageViews declaredPersona interests
    persona { slug name } stage { slug name }
    consent { personalization analytics }
    events(limit: 100) { type path value at variantId }
  }
}
"""
SET_CONSENT = """
mutation Consent($id: String, $p: Boolean!, $a: Boolean!) {
  setConsent(visitorId: $id, personalization: $p, analytics: $a) {
    visitorId consent { personalization analytics }
  }
}
"""
TRACK_EVENT = """
mutation Track($id: String!, $type: String!, $path: String, $value: Float, $variant: ID,
               $props: JSONString) {
  trackEvent(visitorId: $id, type: $type, path: $path, value: $value, variantId: $variant,
             properties: $props) { ok }
}
"""
DECLARE = """
mutation Declare($id: String!, $persona: String, $interests: [String!]) {
  declare(visitorId: $id, persona: $persona, interests: $interests) {
    visitorId declaredPersona interests persona { slug name }
  }
}
"""
FORGET = "mutation Forget($id: String!) { forgetVisitor(visitorId: $id) }"


class ApiError(Exception):
    """The API answered with a GraphQL error (`extensions.code` per the contract)."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class ApiUnavailable(Exception):
    """The CMS could not be reached or answered something that is not GraphQL."""


@dataclass(frozen=True)
class Persona:
    slug: str
    name: str  # the editors' name: never shown to visitors
    description: str = ""  # for editors: never shown to visitors
    public_name: str = ""  # what visitors may read; "" when editors did not make it public
    public_description: str = ""


@dataclass(frozen=True)
class Stage:
    slug: str
    name: str
    order: int = 0


@dataclass(frozen=True)
class Decision:
    visitor_id: str | None
    profiling: bool
    persona: Persona | None
    stage: Stage | None
    segments: list[str]
    location: dict[str, Any] | None
    device: str
    channel: str
    reasons: list[str]
    cache_key: str


@dataclass(frozen=True)
class Page:
    content: dict[str, Any]
    variant: dict[str, Any] | None
    decision: Decision

    @property
    def title(self) -> str:
        return str(self.content.get("title") or "")


@dataclass(frozen=True)
class VisitorContext:
    """What the frontend knows about the visitor's request and forwards with the server key."""

    url: str
    referrer: str | None = None
    ip: str | None = None
    user_agent: str | None = None
    gpc: bool = False
    visitor_id: str | None = None
    client_hints: tuple[tuple[str, str], ...] = ()  # the request's Sec-CH-UA-* headers

    def as_input(self) -> dict[str, Any]:
        data: dict[str, Any] = {"url": self.url, "gpc": self.gpc}
        if self.visitor_id:
            data["visitorId"] = self.visitor_id
        if self.referrer:
            data["referrer"] = self.referrer
        if self.ip:
            data["ip"] = self.ip
        if self.user_agent:
            data["userAgent"] = self.user_agent
        if self.client_hints:
            data["clientHints"] = json.dumps(dict(self.client_hints))
        return data


def cookieless_client(**options: Any) -> httpx.Client:
    """One client serves every visitor, so it must never keep a cookie one answer sets and send
    it along with the next visitor's request."""
    return httpx.Client(
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])), **options
    )


@dataclass
class TailorApi:
    """A thin GraphQL client. `client` is injectable so tests can answer with canned responses.

    Every method takes the visitor's address (`ip`): with the server key, the CMS counts rate
    limits per visitor, by the first X-Forwarded-For value, not per frontend server.
    """

    url: str
    server_key: str = ""
    timeout: float = 20.0
    client: httpx.Client = field(default_factory=cookieless_client)
    contents: OrderedDict[str, dict[str, Any]] = field(
        default_factory=OrderedDict
    )  # cacheKey -> content
    # While the CMS has never answered (it is starting beside us), a refused connection is
    # retried quietly for up to `startup_wait` seconds from the first request instead of failing.
    startup_wait: float = 0.0
    retry_every: float = 0.5
    _answered: bool = field(default=False, repr=False)
    _first_request: float | None = field(default=None, repr=False)

    def _post(self, **kwargs: Any) -> httpx.Response:
        if self._first_request is None:
            self._first_request = time.monotonic()
        while True:
            try:
                response = self.client.post(self.url, **kwargs)
            except httpx.ConnectError:
                waited = time.monotonic() - self._first_request
                if self._answered or waited + self.retry_every > self.startup_wait:
                    raise
                time.sleep(self.retry_every)
                continue
            self._answered = True
            return response

    def execute(
        self, query: str, variables: dict[str, Any] | None = None, ip: str | None = None
    ) -> dict[str, Any]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.server_key:
            headers["Authorization"] = f"Bearer {self.server_key}"
            if ip:
                headers["X-Forwarded-For"] = ip
        try:
            response = self._post(
                json={"query": query, "variables": variables or {}},
                headers=headers,
                timeout=httpx.Timeout(self.timeout, connect=3.0),
            )
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ApiUnavailable(f"the CMS API at {self.url} did not answer: {exc}") from exc
        if not isinstance(body, dict):
            raise ApiUnavailable(
                f"the CMS API answered HTTP {response.status_code} without GraphQL"
            )
        if body.get("errors"):
            first = body["errors"][0]
            code = (first.get("extensions") or {}).get("code", "")
            raise ApiError(str(first.get("message", "error")), code)
        if "data" not in body or body["data"] is None:
            raise ApiUnavailable(f"the CMS API answered HTTP {response.status_code} without data")
        return body["data"]

    def personalized_page(
        self,
        path: str,
        context: VisitorContext,
        track: bool = True,
        preview_token: str | None = None,
        simulate: dict[str, str] | None = None,
    ) -> Page | None:
        """The page as this visitor gets it. An editor's preview adds the admin's token (the latest
        draft, even of an unpublished page) and who to show it as; a bad token is ApiError FORBIDDEN."""
        variables: dict[str, Any] = {"path": path, "context": context.as_input(), "track": track}
        if preview_token:
            variables["previewToken"] = preview_token
        if simulate:
            variables["simulate"] = simulate
        live = not preview_token
        data = self.execute(DECISION_QUERY if live else PAGE_QUERY, variables, ip=context.ip)
        raw = data.get("personalizedPage")
        if raw and live and "content" not in raw:
            raw = {
                **raw,
                "content": self.content(raw["decision"]["cacheKey"], raw["decision"]["contentUrl"]),
            }
        return _page(raw) if raw else None

    def content(self, cache_key: str, content_url: str) -> dict[str, Any]:
        """The content for a cache key: from memory, else GET contentUrl (no key, no cookie, no
        visitor header: it is the same for everyone)."""
        found = self.contents.get(cache_key)
        if found is not None:
            self.contents.move_to_end(cache_key)
            return found
        try:
            response = self.client.get(
                httpx.URL(self.url).join(content_url),
                timeout=httpx.Timeout(self.timeout, connect=3.0),
            )
            response.raise_for_status()
            found = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ApiUnavailable(
                f"the content at {content_url} could not be fetched: {exc}"
            ) from exc
        self.contents[cache_key] = found
        while len(self.contents) > CONTENT_CACHE_SIZE:
            self.contents.popitem(last=False)
        return found

    def personas(self) -> list[Persona]:
        return [_persona_of(p) for p in self.execute(PERSONAS_QUERY)["personas"]]

    def visitor(self, visitor_id: str, ip: str | None = None) -> dict[str, Any] | None:
        return self.execute(VISITOR_QUERY, {"id": visitor_id}, ip=ip)["visitor"]

    def set_consent(
        self, visitor_id: str | None, personalization: bool, analytics: bool, ip: str | None = None
    ) -> str | None:
        """Record the choice; returns the visitor id (minted when none was given)."""
        data = self.execute(
            SET_CONSENT, {"id": visitor_id, "p": personalization, "a": analytics}, ip=ip
        )
        return data["setConsent"]["visitorId"]

    def track_event(
        self,
        visitor_id: str,
        type_: str,
        path: str | None = None,
        value: float | None = None,
        variant_id: str | None = None,
        properties: dict[str, Any] | None = None,
        ip: str | None = None,
    ) -> bool:
        variables = {
            "id": visitor_id,
            "type": type_,
            "path": path,
            "value": value,
            "variant": variant_id,
            "props": json.dumps(properties) if properties else None,
        }
        return bool(self.execute(TRACK_EVENT, variables, ip=ip)["trackEvent"]["ok"])

    def declare(
        self, visitor_id: str, persona: str | None, interests: list[str], ip: str | None = None
    ) -> dict[str, Any]:
        """Zero-party data. `persona=None, interests=[]` clears what the visitor declared before."""
        return self.execute(
            DECLARE, {"id": visitor_id, "persona": persona, "interests": interests}, ip=ip
        )["declare"]

    def forget_visitor(self, visitor_id: str, ip: str | None = None) -> bool:
        return bool(self.execute(FORGET, {"id": visitor_id}, ip=ip)["forgetVisitor"])


def _persona(raw: dict[str, Any] | None) -> Persona | None:
    return _persona_of(raw) if raw else None


def _persona_of(raw: dict[str, Any]) -> Persona:
    return Persona(
        slug=raw["slug"],
        name=raw["name"],
        description=raw.get("description") or "",
        public_name=raw.get("publicName") or "",
        public_description=raw.get("publicDescription") or "",
    )


def _page(raw: dict[str, Any]) -> Page:
    content = raw["content"]
    if isinstance(content, str):  # JSONString arrives as a string holding JSON
        content = json.loads(content)
    d = raw["decision"]
    decision = Decision(
        visitor_id=d.get("visitorId"),
        profiling=bool(d["profiling"]),
        persona=_persona(d.get("persona")),
        stage=Stage(d["stage"]["slug"], d["stage"]["name"], int(d["stage"].get("order") or 0))
        if d.get("stage")
        else None,
        segments=list(d.get("segments") or []),
        location=d.get("location"),
        device=d.get("device") or "unknown",
        channel=d.get("channel") or "direct",
        reasons=list(d.get("reasons") or []),
        cache_key=d["cacheKey"],
    )
    return Page(content=content, variant=raw.get("variant"), decision=decision)
