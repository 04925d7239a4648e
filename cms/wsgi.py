"""WSGI entry point: `gunicorn cms.wsgi`.

/static/ is served by WhiteNoise's middleware (cms/settings/base.py). /media/ (uploaded images,
renditions, documents) is the web server's job in production (README, "Running in production");
a single-machine install without one sets TAILOR_SERVE_MEDIA=1 and WhiteNoise serves it here,
looking files up per request (renditions are written while the site runs).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")


def with_media(app, media_root, media_url: str):
    """`app` with WhiteNoise serving the files under `media_root` at `media_url`."""
    from whitenoise import WhiteNoise

    return WhiteNoise(app, root=str(media_root), prefix=media_url, autorefresh=True)


application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (after setup)

if settings.TAILOR_SERVE_MEDIA:
    application = with_media(application, settings.MEDIA_ROOT, settings.MEDIA_URL)
