"""`python -m frontend`: serve the frontend on FRONTEND_PORT (the demo and development).
Production runs `gunicorn frontend.wsgi:app` instead (see README)."""

from __future__ import annotations

import logging

from .app import create_app
from .config import Settings


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s frontend %(levelname)s %(message)s")
    settings = Settings.from_env()
    app = create_app(settings)
    logging.getLogger("frontend").info(
        "frontend on http://127.0.0.1:%s/ using %s", settings.port, settings.api_url
    )
    app.run(host="127.0.0.1", port=settings.port, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
