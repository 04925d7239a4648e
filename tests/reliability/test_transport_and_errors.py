"""Hostile transport gets a clean 4xx JSON error with a code, and errors never echo a huge input
back (issue 12, findings 3 and 6)."""

import io
import json

import pytest
from django.core.handlers.wsgi import WSGIHandler

from personalization.api.error_format import cap_message
from tests.api.shop import codes, shop  # noqa: F401

QUERY = json.dumps({"query": "{ __typename }"}).encode()


def wsgi_post(body: bytes, content_type: str = "application/json", **environ):
    """One raw WSGI call to /graphql/ (what gunicorn hands Django), answered as (status, headers, json)."""
    env = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/graphql/",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": content_type,
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_LENGTH": str(len(body)),
        **environ,
    }
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = int(status.split()[0]), dict(headers)

    raw = b"".join(WSGIHandler()(env, start_response))
    assert seen["headers"]["Content-Type"].startswith("application/json"), raw[:200]
    return seen["status"], json.loads(raw)


@pytest.mark.django_db
def test_a_well_formed_raw_request_is_answered():
    status, body = wsgi_post(QUERY)
    assert status == 200 and body == {"data": {"__typename": "Query"}}


@pytest.mark.django_db
def test_multipart_without_a_boundary_is_a_json_400(client):
    response = client.post(
        "/graphql/", data=b"query=%7B__typename%7D", content_type="multipart/form-data"
    )
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert codes(response.json()) == ["BAD_USER_INPUT"]
    status, body = wsgi_post(
        b"--x\r\nContent-Disposition: form-data; name=query\r\n\r\n{a}\r\n", "multipart/form-data"
    )
    assert status == 400 and codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.django_db
def test_multipart_with_a_broken_body_is_a_json_400():
    status, body = wsgi_post(b"--b\r\ngarbage", "multipart/form-data; boundary=b")
    assert status < 500 and codes(body), body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type",
    ["application/json", "multipart/form-data; boundary=b", "application/x-www-form-urlencoded"],
)
def test_a_body_shorter_than_its_content_length_is_a_json_400(content_type):
    status, body = wsgi_post(QUERY[:10], content_type, CONTENT_LENGTH=str(len(QUERY)))
    assert status == 400 and codes(body) == ["BAD_USER_INPUT"]
    assert "shorter than its Content-Length" in body["errors"][0]["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("content_length", ["", "0", None])
def test_a_chunked_body_is_refused_not_read_as_empty(content_length):
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(QUERY), QUERY)
    extra = {"HTTP_TRANSFER_ENCODING": "chunked"}
    if content_length is None:
        env = {"CONTENT_LENGTH": ""}
    else:
        env = {"CONTENT_LENGTH": content_length}
    status, body = wsgi_post(chunked, **extra, **env)
    assert status == 411 and codes(body) == ["BAD_USER_INPUT"]
    assert "Content-Length" in body["errors"][0]["message"]


@pytest.mark.django_db
def test_an_empty_body_is_not_read_as_a_query(client):
    for content_type in (
        "application/json",
        "application/x-www-form-urlencoded",
        "application/graphql",
    ):
        response = client.post("/graphql/", data=b"", content_type=content_type)
        assert 400 <= response.status_code < 500 and codes(response.json()) == ["BAD_USER_INPUT"], (
            content_type
        )


HUGE = "x" * 90_000


@pytest.mark.django_db
@pytest.mark.usefixtures("shop")
@pytest.mark.parametrize(
    "query, variables",
    [
        ("query Q($l: Int) { recommendations(limit: $l) { path } }", {"l": HUGE}),
        ("query Q($p: String!) { personalizedPage(path: $p) { content } }", {"p": HUGE}),
        (
            'query Q($o: String) { personalizedPage(path: "/") { page { children(order: $o) { title } } } }',
            {"o": HUGE},
        ),
        (
            'query Q($s: String) { personalizedPage(path: "/") { page { children(searchQuery: $s) { title } } } }',
            {"s": HUGE},
        ),
        (
            'query Q($i: ID) { personalizedPage(path: "/") { page { children(id: $i) { title } } } }',
            {"i": HUGE},
        ),
        (
            'query Q($c: VisitorContextInput) { personalizedPage(path: "/", context: $c) { content } }',
            {"c": {"visitorId": HUGE, HUGE[:5000]: 1}},
        ),
        ("query Q($v: String!) { visitor(visitorId: $v) { visitorId } }", {"v": HUGE}),
        ('{ recommendations(limit: "%s") { path } }' % HUGE[:15000], None),
    ],
)
def test_an_error_quotes_only_a_short_prefix_of_a_huge_input(graphql, query, variables):
    response = graphql(query, variables)
    assert response.status_code < 500
    body = response.json()
    assert body.get("errors") and "INTERNAL_SERVER_ERROR" not in codes(body), str(body)[:500]
    assert len(response.content) < 2_000, str(body)[:500]


def test_cap_message_keeps_short_messages_and_cuts_long_quotes():
    assert cap_message('Unknown argument "limt".') == 'Unknown argument "limt".'
    capped = cap_message('Int cannot represent non-integer value: "%s"' % HUGE)
    assert capped.startswith('Int cannot represent non-integer value: "xxxx') and capped.endswith(
        '…"'
    )
    assert len(capped) < 100
    assert len(cap_message("9" * 90_000)) <= 301
