"""Canned answers of the CMS API, shaped exactly like graphql-api.md, for the frontend's unit
tests. The API is a separate process; these stand in for it at the HTTP edge only (through
httpx.MockTransport), and every request the frontend makes is kept for assertions."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

HOME_CONTENT = {
    "title": "Cars that fit your life",
    "intro": "Test drives in your area",
    "tags": [],
    "body": [
        {
            "type": "image",
            "id": "b0",
            "value": {
                "alt": "An Aurora Family on a coastal road",
                "renditions": [
                    {"width": 480, "height": 270, "url": "/media/images/coast.width-480.jpg"},
                    {"width": 960, "height": 540, "url": "/media/images/coast.width-960.jpg"},
                    {"width": 1600, "height": 900, "url": "/media/images/coast.width-1600.jpg"},
                ],
            },
        },
        {"type": "heading", "id": "b1", "value": "Find your Aurora"},
        {
            "type": "paragraph",
            "id": "b2",
            "value": "<p>Five models, <strong>one promise</strong>.</p>",
        },
        {"type": "cta", "id": "b3", "value": {"label": "Book a test drive", "url": "/test-drive/"}},
        {
            "type": "cta",
            "id": "b4",
            "value": {"label": "Download the brochure", "url": "/media/documents/brochure.pdf"},
        },
    ],
}


def decision(**overrides: Any) -> dict[str, Any]:
    base = {
        "visitorId": None,
        "profiling": False,
        "persona": None,
        "stage": {"slug": "need", "name": "Need", "order": 1},
        "segments": [],
        "location": None,
        "device": "desktop",
        "channel": "direct",
        "reasons": [
            "No persona: no persona's rules or affinity score match this visitor",
            "Stage need: every visitor starts here",
            "Default content: no variant targets this visitor",
        ],
        "cacheKey": "k-default",
    }
    base.update(overrides)
    return base


def page(
    content: dict[str, Any] | None = None,
    variant: dict[str, Any] | None = None,
    **decision_fields: Any,
) -> dict:
    return {
        "content": json.dumps(content or HOME_CONTENT),
        "page": None,
        "variant": variant,
        "decision": decision(**decision_fields),
    }


PERSONAS = [
    {
        "slug": "family",
        "name": "Family buyer",
        "description": "Parents with two or more kids; stress the boot.",
        "publicName": "Families",
        "publicDescription": "Room for everyone",
    },
    {
        "slug": "performance",
        "name": "Performance",
        "description": None,
        "publicName": None,
        "publicDescription": None,
    },
]


@dataclass(frozen=True)
class Refusal:
    """A GraphQL error answer, as the contract's Errors section describes."""

    message: str
    code: str


@dataclass
class CannedCms:
    """Answers by root field; `answers[field]` is data, or a callable of the variables."""

    answers: dict[str, Any] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    down: bool = False
    set_cookie: str | None = None  # a Set-Cookie header on every answer, as a CMS might send

    def __post_init__(self) -> None:
        defaults = {
            "personalizedPage": page(),
            "personas": PERSONAS,
            "setConsent": lambda v: {
                "visitorId": v.get("id") or "v-minted",
                "consent": {"personalization": v["p"], "analytics": v["a"]},
            },
            "trackEvent": {"ok": True},
            "declare": lambda v: {
                "visitorId": v["id"],
                "declaredPersona": v["persona"],
                "interests": v["interests"],
                "persona": None,
            },
            "forgetVisitor": True,
            "visitor": None,
        }
        for key, value in defaults.items():
            self.answers.setdefault(key, value)

    def calls(self, root: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["root"] == root]

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        body = json.loads(request.content)
        root = next(
            name
            for name in self.answers
            if f"{name}(" in body["query"] or f"{{ {name} " in body["query"]
        )
        self.requests.append(
            {"root": root, "variables": body["variables"], "headers": dict(request.headers)}
        )
        answer = self.answers[root]
        if isinstance(answer, Refusal):
            return httpx.Response(
                200,
                json={
                    "errors": [{"message": answer.message, "extensions": {"code": answer.code}}],
                    "data": None,
                },
            )
        data = answer(body["variables"]) if isinstance(answer, Callable) else answer
        headers = {"Set-Cookie": self.set_cookie} if self.set_cookie else {}
        return httpx.Response(200, json={"data": {root: data}}, headers=headers)
