"""The reference frontend forwards the visitor's client hints and asks for the model."""

import json

from flask import Flask, request

from frontend.api import VisitorContext
from frontend.visitor import ACCEPT_CH, client_hints


def test_the_visitors_sec_ch_ua_headers_are_forwarded_as_client_hints():
    app = Flask(__name__)
    headers = {"Sec-CH-UA-Mobile": "?1", "Sec-CH-UA-Platform": '"Android"', "Accept": "text/html"}
    with app.test_request_context("/", headers=headers):
        hints = client_hints(request)
    data = VisitorContext(url="https://shop.example/", client_hints=hints).as_input()
    assert json.loads(data["clientHints"]) == {
        "Sec-CH-UA-Mobile": "?1",
        "Sec-CH-UA-Platform": '"Android"',
    }


def test_a_visitor_without_client_hints_sends_none():
    assert "clientHints" not in VisitorContext(url="https://shop.example/").as_input()


def test_the_site_asks_browsers_for_the_device_model():
    assert "Sec-CH-UA-Model" in ACCEPT_CH
