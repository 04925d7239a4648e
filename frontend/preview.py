"""An editor's preview: the admin's "Preview as…" link opens a page here with a preview token.

The link is `{page path}?preview_token=T&persona=…&stage=…&country=…&device=…` (blank choices
left out). The token is the editor's permission, checked by the CMS on every use: it shows the
latest draft (even of an unpublished page) and allows `simulate`. The frontend only passes it on;
it never trusts the choices without it, because its server key would let anyone simulate.

A preview is not a visit: no visitor cookie is read or set, nothing is tracked, and the rendering
is never cached (a draft changes with every save, and its content is not everyone's).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Request

from .api import Decision, VisitorContext
from .site import DEVICE_WORDS

PREVIEW_PARAMS = ("preview_token", "persona", "stage", "country", "device")
MAX_VALUE = 512  # a token is ~70 characters; anything longer is not one


@dataclass(frozen=True)
class Preview:
    """The preview parameters of one request; blank choices mean "as the rules decide"."""

    token: str
    persona: str = ""
    stage: str = ""
    country: str = ""
    device: str = ""

    @classmethod
    def from_request(cls, request: Request) -> "Preview | None":
        """The preview this request asks for, or None for an ordinary visit."""
        token = request.args.get("preview_token", "").strip()[:MAX_VALUE]
        if not token:
            return None
        return cls(token=token, persona=_arg(request, "persona"), stage=_arg(request, "stage"),
                   country=_arg(request, "country").upper(), device=_arg(request, "device").lower())

    def simulation(self) -> dict[str, str]:
        """The API's `simulate` input: only the choices the editor made."""
        given = {"persona": self.persona, "stage": self.stage, "country": self.country, "device": self.device}
        return {name: value for name, value in given.items() if value}

    def describe(self, decision: Decision) -> str:
        """ "as persona Family buyer, stage Need, from SE on a phone": the CMS's names where it
        gives them, the editor's own values otherwise."""
        who: list[str] = []
        if self.persona:
            persona = decision.persona
            who.append(f"persona {persona.name if persona and persona.slug == self.persona else self.persona}")
        if self.stage:
            stage = decision.stage
            who.append(f"stage {stage.name if stage and stage.slug == self.stage else self.stage}")
        where = " ".join(([f"from {self.country}"] if self.country else [])
                         + ([f"on {DEVICE_WORDS.get(self.device, 'a ' + self.device)}"] if self.device else []))
        if who:
            return "as " + ", ".join(who + ([where] if where else []))
        return f"as a visitor {where}" if where else "as the rules decide for your own request"


def _arg(request: Request, name: str) -> str:
    return request.args.get(name, "").strip()[:64]  # slugs, a country code, a device kind


def without_preview(url: str) -> str:
    """The URL minus the preview parameters: the token is a credential, and the CMS reads
    campaign parameters from the forwarded URL, not these."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in PREVIEW_PARAMS]
    return urlunsplit(parts._replace(query=urlencode(query)))


def preview_context(request: Request) -> VisitorContext:
    """What the CMS decides the unchosen axes from: the editor's own request, with no visitor id
    (a preview is nobody's visit) and no referrer (the admin is not how visitors arrive)."""
    return VisitorContext(
        url=without_preview(request.url),
        ip=request.remote_addr or None,
        user_agent=request.headers.get("User-Agent") or None,
        gpc=request.headers.get("Sec-GPC", "").strip() == "1",
    )
