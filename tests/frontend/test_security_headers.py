"""Every frontend page carries a content security policy that allows the page's own inline script
(by hash) and nothing else inline; HSTS appears only when the operator turns it on."""

from __future__ import annotations

import re
from pathlib import Path

from frontend import security

BASE_TEMPLATE = Path(security.__file__).parent / "templates" / "base.html"


def test_pages_carry_a_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "img-src 'self' data: http://cms.test" in policy  # renditions come from the CMS
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_inline_script_of_the_base_template_is_allowed_by_its_hash(client):
    inline = re.findall(r"<script>(.*?)</script>", BASE_TEMPLATE.read_text(), re.S)
    assert inline == [security.INLINE_SCRIPT]  # any other inline script would be blocked
    policy = client.get("/").headers["Content-Security-Policy"]
    assert security.script_hash(inline[0]) in policy


def test_error_pages_carry_the_policy_too(client):
    assert "Content-Security-Policy" in client.get("/no/such/page/").headers


def test_no_hsts_unless_configured(client, monkeypatch):
    monkeypatch.delenv("FRONTEND_HSTS_SECONDS", raising=False)
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_hsts_when_configured(cms, monkeypatch):
    monkeypatch.setenv("FRONTEND_HSTS_SECONDS", "31536000")
    monkeypatch.setenv("FRONTEND_HSTS_INCLUDE_SUBDOMAINS", "1")
    from .conftest import make_client

    response = make_client(cms).get("/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
