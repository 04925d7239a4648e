"""An editor's preview: the admin's "Preview as…" link opens a page here with a preview token.

The link is `{page path}?preview_token=T&persona=…&stage=…&country=…&device=…` (blank choices
left out). The token is the editor's permission, checked by the CMS on every use: it shows the
latest draft (even of an unpublished page, of any page the editor may edit) and allows
`simulate`. The frontend only passes it on; it never trusts the choices without it, because its
server key would let anyone simulate.

Entering a preview moves the token and the choices into a cookie (HttpOnly, at most an hour, the
token's own life) and redirects to the same address without them: the token never stays in the
address bar, and every link followed inside the preview stays in it until the editor leaves it
("Leave preview") or the CMS refuses the token (expired, or a page the editor may not edit).

A preview is not a visit: no visitor cookie is read or set, nothing is tracked, and the rendering
is never cached (a draft changes with every save, and its content is not everyone's).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Request
from werkzeug.wrappers import Response

from .api import Decision, VisitorContext
from .site import DEVICE_WORDS

PREVIEW_PARAMS = ("preview_token", "persona", "stage", "country", "device")
MAX_VALUE = 512  # a token is ~70 characters; anything longer is not one
PREVIEW_COOKIE = "tailor_preview"
PREVIEW_SECONDS = 3600  # a token lives an hour at most; the CMS refuses it after that anyway


@dataclass(frozen=True)
class Preview:
    """The preview parameters of one request; blank choices mean "as the rules decide"."""

    token: str
    persona: str = ""
    stage: str = ""
    country: str = ""
    device: str = ""

    @classmethod
    def from_request(cls, request: Request) -> Preview | None:
        """The preview a link asks to start (its query), or None."""
        return cls._from(request.args)

    @classmethod
    def from_cookie(cls, request: Request) -> Preview | None:
        """The preview this browser is in (started by an earlier link), or None."""
        raw = request.cookies.get(PREVIEW_COOKIE, "")
        if not raw or len(raw) > 2 * MAX_VALUE:
            return None
        fields = dict(parse_qsl(raw))
        return cls._from(
            {
                name: fields.get(key, "")
                for name, key in (
                    ("preview_token", "token"),
                    ("persona", "persona"),
                    ("stage", "stage"),
                    ("country", "country"),
                    ("device", "device"),
                )
            }
        )

    @classmethod
    def _from(cls, values) -> Preview | None:
        token = (values.get("preview_token") or "").strip()[:MAX_VALUE]
        if not token:
            return None
        return cls(
            token=token,
            persona=_arg(values, "persona"),
            stage=_arg(values, "stage"),
            country=_arg(values, "country").upper(),
            device=_arg(values, "device").lower(),
        )

    def remember(self, response: Response, secure: bool) -> None:
        response.set_cookie(
            PREVIEW_COOKIE,
            urlencode({k: v for k, v in asdict(self).items() if v}),
            max_age=PREVIEW_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=secure,
        )

    def simulation(self) -> dict[str, str]:
        """The API's `simulate` input: only the choices the editor made."""
        given = {
            "persona": self.persona,
            "stage": self.stage,
            "country": self.country,
            "device": self.device,
        }
        return {name: value for name, value in given.items() if value}

    def describe(self, decision: Decision) -> str:
        """ "as persona Family buyer, stage Need, from SE on a phone": the CMS's names where it
        gives them, the editor's own values otherwise."""
        who: list[str] = []
        if self.persona:
            persona = decision.persona
            who.append(
                f"persona {persona.name if persona and persona.slug == self.persona else self.persona}"
            )
        if self.stage:
            stage = decision.stage
            who.append(f"stage {stage.name if stage and stage.slug == self.stage else self.stage}")
        where = " ".join(
            ([f"from {self.country}"] if self.country else [])
            + ([f"on {DEVICE_WORDS.get(self.device, 'a ' + self.device)}"] if self.device else [])
        )
        if who:
            return "as " + ", ".join(who + ([where] if where else []))
        return f"as a visitor {where}" if where else "as the rules decide for your own request"


def forget_preview(response: Response, secure: bool) -> None:
    response.delete_cookie(PREVIEW_COOKIE, httponly=True, samesite="Lax", secure=secure)


def _arg(values, name: str) -> str:
    return (values.get(name) or "").strip()[:64]  # slugs, a country code, a device kind


def without_preview(url: str) -> str:
    """The URL minus the preview parameters: the token is a credential, and the CMS reads
    campaign parameters from the forwarded URL, not these."""
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in PREVIEW_PARAMS
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


def local_address(request: Request) -> str:
    """Where to send the browser once the preview is in its cookie: this page, minus the preview
    parameters (other parameters, such as a campaign, stay)."""
    return without_preview(request.full_path).rstrip("?")


def preview_context(request: Request) -> VisitorContext:
    """What the CMS decides the unchosen axes from: the editor's own request, with no visitor id
    (a preview is nobody's visit) and no referrer (the admin is not how visitors arrive)."""
    return VisitorContext(
        url=without_preview(request.url),
        ip=request.remote_addr or None,
        user_agent=request.headers.get("User-Agent") or None,
        gpc=request.headers.get("Sec-GPC", "").strip() == "1",
    )
