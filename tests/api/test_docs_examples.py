"""Every example request in docs/api.md runs against the bicycle shop, so the doc cannot rot.

The doc marks each example with an HTML comment on the line before it (invisible when rendered):

    <!-- check: as=server error=FORBIDDEN -->
    ```graphql
    query { ... }
    ```
    ```json
    {"path": "/"}          <- optional: the variables, the block right after the query
    ```

Keys: `as` is `browser` (default: no key, the request's own headers) or `server` (the server key);
`error` the expected `extensions.code` (default: no errors at all); `status` the expected HTTP
status (default 200); `expect` comma-separated texts the answer must hold (`+` for a space; the
`content` JSON strings are decoded first); `consent=opt-out` runs with PERSONALIZATION_CONSENT
set so; `cookie=yes` sends the doc's visitor id as the `tailor_vid` cookie; `peer` sets the socket
address. ```sh blocks holding `curl` are checked too: their -H headers and --data body are sent
as written, `$TAILOR_SERVER_KEY` standing for the test server key.

The doc's literal values are used as they are, with two stand-ins mapped here: the visitor id
DOC_VISITOR (created with consent before each example) and the preview token PREVIEW_TOKEN (an
editor's real token for the page is put in its place)."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Page

from personalization.api import ratelimit
from personalization.api.page import site_root
from personalization.preview import issue_preview_token
from personalization.profiles.models import Visitor

from .shop import SERVER, shop  # noqa: F401

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
DOC_VISITOR = "k3Jx9QwE2mR7tYb5LpN0sVa8"
PREVIEW_TOKEN = "TOKEN-FROM-PREVIEW-AS"
SERVER_KEY_VARIABLE = "$TAILOR_SERVER_KEY"

MARKER = re.compile(
    r"<!--\s*check:(?P<options>[^>]*)-->\s*\n```(?P<lang>\w+)\n(?P<code>.*?)\n```", re.S
)
VARIABLES = re.compile(r"\s*```json\n(?P<json>.*?)\n```", re.S)
FENCE = re.compile(r"^```(\w+)\n(.*?)\n```", re.S | re.M)


@dataclass
class Example:
    line: int
    lang: str
    code: str
    options: dict[str, str]
    variables: dict | None = None

    @property
    def name(self) -> str:
        first = next((ln.strip() for ln in self.code.splitlines() if ln.strip()), "")
        return f"line {self.line}: {first[:50]}"


def read_examples(text: str) -> list[Example]:
    examples = []
    for match in MARKER.finditer(text):
        options = dict(item.split("=", 1) for item in match["options"].split())
        example = Example(
            text.count("\n", 0, match.start("code")), match["lang"], match["code"], options
        )
        after = VARIABLES.match(text, match.end())
        if match["lang"] == "graphql" and after:
            example.variables = json.loads(after["json"])
        examples.append(example)
    return examples


def curl_request(command: str) -> tuple[dict[str, str], str, str]:
    """Headers, body and path of a `curl ... -H 'Name: value' --data '...' URL` command line."""
    words = shlex.split(command.replace("\\\n", " "), posix=True)
    headers, body = {}, ""
    path = next((urlsplit(w).path for w in words if w.startswith("http")), "/graphql/")
    for flag, value in zip(words, words[1:], strict=False):
        if flag == "-H":
            name, _, given = value.partition(":")
            headers[name.strip()] = given.strip().replace(
                SERVER_KEY_VARIABLE, SERVER["Authorization"].split()[1]
            )
        elif flag in ("-d", "--data", "--data-raw"):
            body = value
    return headers, body, path


EXAMPLES = read_examples(DOC.read_text())


def test_every_example_in_the_doc_is_checked():
    """A ```graphql or curl block without a check marker would be an unchecked example."""
    text = DOC.read_text()
    checked = {e.line for e in EXAMPLES}
    unchecked = [
        text.count("\n", 0, m.start(2))
        for m in FENCE.finditer(text)
        if (m[1] == "graphql" or (m[1] == "sh" and "curl " in m[2]))
        and text.count("\n", 0, m.start(2)) not in checked
    ]
    assert not unchecked, f"examples without a <!-- check: --> marker at lines {unchecked}"
    assert len(EXAMPLES) >= 20


def _decoded(value):
    """The answer with every `content` JSON string decoded, so expectations read plain text."""
    if isinstance(value, dict):
        return {
            k: json.loads(v) if k == "content" and isinstance(v, str) else _decoded(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_decoded(v) for v in value]
    return value


def _prepare(example: Example, client, settings) -> None:
    cache.clear()  # snapshots start empty for each example
    ratelimit.forget()  # and so do rate-limit windows
    if example.options.get("consent") == "opt-out":
        settings.PERSONALIZATION_CONSENT = "opt-out"
    now = timezone.now()
    Visitor.objects.create(
        public_id=DOC_VISITOR,
        created_at=now,
        consent_personalization=True,
        consent_analytics=True,
        consent_at=now,
    )
    if example.options.get("cookie") == "yes":
        client.cookies["tailor_vid"] = DOC_VISITOR


def _real_token(variables: dict | None) -> dict | None:
    """The doc's preview token stand-in becomes an editor's real token for the asked page."""
    if not variables or variables.get("previewToken") != PREVIEW_TOKEN:
        return variables
    editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "x")
    root = site_root(None)
    page = Page.objects.get(url_path=root.url_path + variables["path"].lstrip("/"))
    return {**variables, "previewToken": issue_preview_token(editor, page)}


@pytest.mark.usefixtures("shop")
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_doc_example_runs_as_documented(example: Example, client, settings):
    _prepare(example, client, settings)
    extra = {"REMOTE_ADDR": example.options.get("peer", "127.0.0.1")}
    path = "/graphql/"
    if example.lang == "sh":
        headers, body, path = curl_request(example.code)
        content_type = headers.pop("Content-Type", "application/octet-stream")
        response = client.post(path, data=body, content_type=content_type, headers=headers, **extra)
    else:
        headers = dict(SERVER) if example.options.get("as") == "server" else {}
        body = {"query": example.code, "variables": _real_token(example.variables)}
        response = client.post(
            "/graphql/",
            data=json.dumps(body),
            content_type="application/json",
            headers=headers,
            **extra,
        )
    answer = response.json()
    expected_status = int(example.options.get("status", 200))
    assert response.status_code == expected_status, answer
    answers = answer if isinstance(answer, list) else [answer]
    codes = [e.get("extensions", {}).get("code") for a in answers for e in a.get("errors", [])]
    if path != "/graphql/":  # plain JSON endpoints (POST /api/events/): {"error": {"code", ...}}
        codes = [a["error"]["code"] for a in answers if isinstance(a.get("error"), dict)]
    if "error" in example.options:
        assert codes == [example.options["error"]], answer
    else:
        assert codes == [], answer
        assert path != "/graphql/" or all(a.get("data") for a in answers), answer
    text = json.dumps(_decoded(answer), ensure_ascii=False)
    for wanted in filter(None, example.options.get("expect", "").split(",")):
        assert wanted.replace("+", " ") in text, f"{wanted!r} not in {text}"
