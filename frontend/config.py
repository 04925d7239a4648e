"""Frontend settings, read once from the environment (runtime.md lists the shared ones).

The frontend is a separate process: everything it knows about the CMS is a URL and the
server key, so a production install can run it on another machine, or replace it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Demo "visit as" cities: addresses from the documentation ranges the demo GeoIP database maps
#: (fixtures/geoip). Only offered when FRONTEND_DEMO is on.
DEMO_CITIES: dict[str, str] = {
    "stockholm": "192.0.2.10",
    "london": "198.51.100.10",
    "munich": "198.51.100.200",
    "seattle": "203.0.113.10",
}


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    api_url: str = "http://127.0.0.1:8000/graphql/"
    server_key: str = ""
    port: int = 3000
    public_cms_url: str = ""
    demo: bool = False
    secure_cookies: bool = False
    cache_size: int = 512
    cache_ttl: float = 60.0
    api_timeout: float = 20.0  # generous: a cold CMS makes image renditions on first view
    # Seconds a request waits (retrying quietly) for a CMS that has not answered yet since this
    # frontend started: `make demo` starts both at once. 0: answer "back shortly" at once.
    startup_wait: float = 0.0

    @property
    def cms_origin(self) -> str:
        """Where media (image renditions) live when the API returns relative URLs."""
        if self.public_cms_url:
            return self.public_cms_url.rstrip("/")
        parts = urlsplit(self.api_url)
        return f"{parts.scheme}://{parts.netloc}"

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            api_url=os.environ.get("TAILOR_API_URL") or cls.api_url,
            server_key=os.environ.get("PERSONALIZATION_SERVER_KEY", ""),
            port=int(os.environ.get("FRONTEND_PORT") or cls.port),
            public_cms_url=os.environ.get("TAILOR_PUBLIC_CMS_URL", ""),
            demo=_env_bool("FRONTEND_DEMO"),
            secure_cookies=_env_bool("FRONTEND_SECURE_COOKIES"),
            cache_size=int(os.environ.get("FRONTEND_CACHE_SIZE") or cls.cache_size),
            cache_ttl=float(os.environ.get("FRONTEND_CACHE_TTL") or cls.cache_ttl),
            api_timeout=float(os.environ.get("FRONTEND_API_TIMEOUT") or cls.api_timeout),
            startup_wait=float(os.environ.get("FRONTEND_STARTUP_WAIT") or cls.startup_wait),
        )
