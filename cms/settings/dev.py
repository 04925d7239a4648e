"""`make demo` and local development: DEBUG on unless the environment says otherwise."""

import os

from .env import demo_secret_key, env_bool

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402,F401,F403

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or demo_secret_key()
