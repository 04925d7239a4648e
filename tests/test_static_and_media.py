"""Static files are served by WhiteNoise; /media/ is not served by Django with DEBUG off (the web
server's job), unless TAILOR_SERVE_MEDIA lets WhiteNoise serve it."""

import httpx
import pytest
from django.conf import settings

from cms.wsgi import with_media


@pytest.mark.django_db
def test_admin_static_files_are_served_with_debug_off(client):
    assert settings.DEBUG is False
    response = client.get("/static/wagtailadmin/css/core.css")
    assert response.status_code == 200


@pytest.mark.django_db
def test_media_is_not_served_by_django_with_debug_off(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "secret.txt").write_text("from the media folder")
    response = client.get("/media/secret.txt")
    assert response.status_code == 404


def test_serve_media_lets_whitenoise_serve_files_written_after_start(tmp_path):
    def app(environ, start_response):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"the CMS"]

    wrapped = with_media(app, tmp_path, "/media/")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "coast.width-480.jpg").write_bytes(b"JPEG")  # a rendition, made later
    with httpx.Client(
        transport=httpx.WSGITransport(app=wrapped), base_url="http://cms.test"
    ) as web:
        assert web.get("/media/images/coast.width-480.jpg").content == b"JPEG"
        assert web.get("/media/../secret").status_code == 404
        assert web.get("/graphql/").text == "the CMS"
