"""The route table: every site and every live, public page, held in process.

path -> (page id, live revision) per site, rebuilt (three queries, whatever the number of pages)
when the ROUTES stamp moves (personalization/stamps.py): publishing, unpublishing, moving,
editing or restricting a page, or changing a site. A page with a view restriction on itself or
an ancestor is not in the table: private pages are never served. Between changes, finding the
site and the page of a request costs no query.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from wagtail.models import Page, Site

from personalization import stamps


@dataclass(frozen=True)
class Route:
    page_id: int
    revision_id: int | None
    url_path: str  # Wagtail's, "/home/prices/"
    path: str  # under its site's root, "/prices/"
    expire_at: datetime | None = None  # Wagtail unpublishes it only when publish_scheduled runs

    def expired(self) -> bool:
        """Past its expire_at: gone for visitors now, not at the next publish_scheduled run."""
        return self.expire_at is not None and self.expire_at <= timezone.now()


@dataclass(frozen=True)
class SiteRoutes:
    site: Site  # with its root page loaded
    routes: dict[str, Route] = field(default_factory=dict)  # Wagtail url_path -> route

    def url_path(self, path: str) -> str:
        """The Wagtail url_path of a cleaned request path ("/", "/prices/") under this site."""
        root = self.site.root_page.url_path
        return root + path.lstrip("/") if path != "/" else root

    def public_paths(self) -> set[str]:
        """The paths ("/prices/") a visitor may see now: every route but the expired ones."""
        base = len(self.site.root_page.url_path) - 1
        return {url_path[base:] for url_path, route in self.routes.items() if not route.expired()}

    def find(self, path: str) -> Route | None:
        """The live, public, unexpired route at `path`."""
        route = self.routes.get(self.url_path(path))
        return None if route is None or route.expired() else route


@dataclass(frozen=True)
class RouteTable:
    stamp: str
    generation: int
    by_hostname: dict[str, SiteRoutes]
    default: SiteRoutes | None
    by_page: dict[int, Route]

    def of_site(self, site_id: int) -> SiteRoutes | None:
        return next(
            (entry for entry in self.by_hostname.values() if entry.site.pk == site_id), None
        )

    def site(self, hostname: str | None) -> SiteRoutes | None:
        """The site by hostname (KeyError when none has it), or the default site."""
        if hostname:
            return self.by_hostname[hostname.lower()]
        return self.default


_lock = threading.Lock()
_table: dict[str, RouteTable] = {}


def build(stamp: str, generation: int = 0) -> RouteTable:
    sites = list(Site.objects.select_related("root_page").order_by("hostname", "port", "pk"))
    rows = list(
        Page.objects.filter(live=True)
        .public()
        .values_list("pk", "url_path", "path", "live_revision_id", "expire_at")
    )
    by_page: dict[int, Route] = {}
    by_hostname: dict[str, SiteRoutes] = {}
    default = None
    for site in sites:
        root = site.root_page
        routes: dict[str, Route] = {}
        for pk, url_path, path, revision, expire_at in rows:
            if path.startswith(root.path):
                route = by_page.setdefault(
                    pk,
                    Route(pk, revision, url_path, "/" + url_path[len(root.url_path) :], expire_at),
                )
                routes[url_path] = route
        entry = SiteRoutes(site, routes)
        by_hostname.setdefault(site.hostname.lower(), entry)
        if site.is_default_site and default is None:
            default = entry
    return RouteTable(stamp, generation, by_hostname, default, by_page)


def current() -> RouteTable:
    """This process's table, rebuilt when the ROUTES stamp moved (or this process changed a page)."""
    stamp, generation = stamps.current(stamps.ROUTES), stamps.generation(stamps.ROUTES)
    table = _table.get("t")
    if table is not None and table.stamp == stamp and table.generation == generation:
        return table
    with _lock:
        table = _table.get("t")
        if table is None or table.stamp != stamp or table.generation != generation:
            table = build(stamp, generation)
            if not stamps.in_open_transaction():
                _table["t"] = table
    return table


def forget() -> None:
    with _lock:
        _table.clear()


def changed(sender=None, raw: bool = False, **kwargs) -> None:
    """Signal receiver: something the table is built from changed."""
    if not raw:
        stamps.bump(stamps.ROUTES)


def connect() -> None:
    """Connect the receivers (called from the app's ready())."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (post_save, post_delete):
        signal.connect(_model_changed, dispatch_uid=f"tailor-routes-{id(signal)}")
        signal.connect(
            changed,
            sender=PageViewRestriction,
            dispatch_uid=f"tailor-routes-restriction-{id(signal)}",
        )
        signal.connect(changed, sender=Site, dispatch_uid=f"tailor-routes-site-{id(signal)}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(changed, dispatch_uid=f"tailor-routes-page-{id(signal)}")


def _model_changed(sender, instance=None, raw=False, **kwargs) -> None:
    """post_save/post_delete of any Page subclass (the sender is the concrete class)."""
    if not raw and isinstance(instance, Page):
        stamps.bump(stamps.ROUTES)
