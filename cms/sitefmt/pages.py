"""Pages between the site format and Wagtail: matched by path under the default site's root,
written as a revision (published unless `live: false`), skipped when nothing changed."""

from __future__ import annotations

from collections.abc import Callable

from wagtail.models import Page, Site

from cms.pages.models import ContentPage, HomePage, PageVariant, PersonaAffinity
from personalization.engine.schedule import as_time
from personalization.models import JourneyStage, Persona, SegmentIdentity

from .blocks import ImageLibrary, from_stream, iso_utc, to_stream
from .changes import ChangeLog
from .errors import SiteFormatError

PAGE_MODELS = {"content": ContentPage, "home": HomePage}
TYPE_OF = {ContentPage: "content", HomePage: "home"}


def default_site() -> Site:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            is_default_site=True,
            root_page=Page.get_first_root_node(),
            site_name="Tailor",
        )
    return site


def page_by_path(site: Site, path: str) -> Page | None:
    root = site.root_page
    if path == "/":
        return root
    url_path = root.url_path + path.lstrip("/")
    return Page.objects.filter(url_path=url_path, depth__gt=root.depth).first()


class PageWriter:
    """Writes page entries. A page entry lists all the page's variants: with `prune`, variants
    the entry no longer lists are deleted; without, they are kept (after the listed ones) and
    reported as kept."""

    def __init__(self, images: ImageLibrary, log: ChangeLog | None = None, prune: bool = False):
        self.images = images
        self.log = log if log is not None else ChangeLog()
        self.prune = prune
        self.site = default_site()
        self.personas = {p.slug: p for p in Persona.objects.all()}
        self.stages = {s.slug: s for s in JourneyStage.objects.filter(site__isnull=True)}
        self.segments = {
            i.slug: i.segment for i in SegmentIdentity.objects.select_related("segment")
        }
        self.changed = 0

    def write(self, file: str, data: dict) -> None:
        path, model = data["path"], PAGE_MODELS[data["type"]]
        existing = page_by_path(self.site, path)
        if path == "/" and existing is not None and type(existing.specific) not in TYPE_OF:
            existing = None  # Wagtail's welcome page: replaced by the site's own root below
        if existing is not None and type(existing.specific) is not model:
            raise SiteFormatError(
                file,
                f"page {path}",
                "type",
                f"{TYPE_OF.get(type(existing.specific), 'a page of another type')} "
                "(the page exists with that type; a loaded page cannot change type)",
            )
        desired = self.state(data, path)
        kept: list[PageVariant] = []
        if existing is not None:
            current = (
                existing.specific.get_latest_revision_as_object()
                if existing.specific.has_unpublished_changes
                else existing.specific
            )
            now = page_state(current, live=existing.live)
            self._log_variants(path, now["variants"], desired["variants"])
            listed = {v["name"] for v in desired["variants"]}
            kept = [v for v in current.variants.all() if v.name not in listed]
            if not self.prune:
                desired["variants"] += [v for v in now["variants"] if v["name"] not in listed]
            if now == desired:
                self.log.add("pages", "unchanged", path)
                return
            page = current
        else:
            page = model(slug="home" if path == "/" else path.rstrip("/").rsplit("/", 1)[1])
            self._log_variants(path, [], desired["variants"])
        self._apply(page, desired, [] if self.prune else kept)
        if existing is None:
            self._insert(file, page, path, live=desired["live"])
        revision = page.save_revision()
        if desired["live"]:
            revision.publish()
        elif page.live:
            page.unpublish()
        self.changed += 1
        self.log.add("pages", "created" if existing is None else "updated", path)

    def _log_variants(self, path: str, now: list[dict], listed: list[dict]) -> None:
        """Each variant the entry lists (created / updated / unchanged), and each one it no
        longer lists (deleted when pruning, else kept)."""
        before = {v["name"]: v for v in now}
        names = {v["name"] for v in listed}
        for v in listed:
            old = before.get(v["name"])
            action = "created" if old is None else "unchanged" if old == v else "updated"
            self.log.add("variants", action, f"{path} · {v['name']}")
        for name in before:
            if name not in names:
                self.log.add("variants", "deleted" if self.prune else "kept", f"{path} · {name}")

    def state(self, data: dict, path: str) -> dict:
        """What a page should look like, in the shape page_state() reads back from Wagtail."""
        return {
            "title": data["title"],
            "intro": data.get("intro") or "",
            "tags": sorted(data.get("tags") or []),
            "affinity": sorted((data.get("persona_affinity") or {}).items()),
            "body": to_stream(data.get("body"), self.images, f"{path}body"),
            "variants": [
                {
                    "name": v["name"],
                    "persona": v.get("persona"),
                    "stage": v.get("stage"),
                    "segment": v.get("segment"),
                    "weight": v.get("weight"),
                    "go_live_at": as_time(v.get("go_live_at")),
                    "expire_at": as_time(v.get("expire_at")),
                    "holdout": v.get("holdout") or 0,
                    "allocation": v.get("allocation") or "",
                    "layer": v.get("layer") or "",
                    "traffic": v.get("traffic") or 100,
                    "title": v.get("title") or "",
                    "intro": v.get("intro") or "",
                    "body": to_stream(v.get("body"), self.images, f"{path}variant/{v['name']}"),
                }
                for v in data.get("variants") or []
            ],
            "live": data.get("live", True),
        }

    def _apply(self, page: Page, state: dict, kept: list[PageVariant]) -> None:
        """Sets the page's fields to `state`; `kept` are existing variants the files do not list
        (not pruned): they stay, unchanged, after the listed ones."""
        page.title = state["title"]
        page.intro = state["intro"]
        page.body = state["body"]
        page.tags.set(state["tags"], clear=True)
        page.persona_affinity = [
            PersonaAffinity(persona=self.personas[slug], points=points, sort_order=i)
            for i, (slug, points) in enumerate(state["affinity"])
        ]
        keys = {v.name: v.key for v in page.variants.all()}
        listed = state["variants"][: len(state["variants"]) - len(kept)]
        variants = [
            PageVariant(
                name=v["name"],
                key=keys.get(v["name"]) or PageVariant._meta.get_field("key").default(),
                persona=self.personas.get(v["persona"]),
                stage=self.stages.get(v["stage"]),
                segment=self.segments.get(v["segment"]),
                weight=v["weight"],
                go_live_at=v["go_live_at"],
                expire_at=v["expire_at"],
                holdout=v["holdout"],
                allocation=v["allocation"],
                layer=v["layer"],
                traffic=v["traffic"],
                title=v["title"],
                intro=v["intro"],
                body=v["body"],
            )
            for v in listed
        ]
        for i, variant in enumerate(variants + kept):
            variant.sort_order = i
        page.variants = variants + kept

    def _insert(self, file: str, page: Page, path: str, live: bool) -> None:
        page.live = False if not live else True
        if path == "/":
            self._replace_root(page)
            return
        parent_path = path.rstrip("/").rsplit("/", 1)[0] + "/"
        parent = page_by_path(self.site, parent_path)
        if parent is None:
            raise SiteFormatError(
                file,
                f"page {path}",
                "path",
                f"a parent page {parent_path} that exists or comes earlier",
            )
        parent.add_child(instance=page)

    def _replace_root(self, page: Page) -> None:
        """The site gets its own root page; Wagtail's placeholder welcome page goes (deleting it
        deletes its Site, which is recreated with the same host, port and name)."""
        site = self.site
        host, port, name = site.hostname, site.port, site.site_name
        old_root = site.root_page
        if old_root.depth > 1 and type(old_root.specific) not in TYPE_OF:
            old_root.delete()
        Page.get_first_root_node().add_child(instance=page)
        self.site, _ = Site.objects.update_or_create(
            hostname=host,
            port=port,
            defaults={"root_page": page, "is_default_site": True, "site_name": name},
        )


def page_state(page: Page, live: bool) -> dict:
    return {
        "title": page.title,
        "intro": page.intro,
        "tags": sorted(t.name for t in page.tags.all()),
        "affinity": sorted((a.persona.slug, a.points) for a in page.persona_affinity.all()),
        "body": list(page.body.raw_data),
        "variants": [
            {
                "name": v.name,
                "persona": v.persona.slug if v.persona else None,
                "stage": v.stage.slug if v.stage else None,
                "segment": _segment_slug(v.segment),
                "weight": v.weight,
                "go_live_at": v.go_live_at,
                "expire_at": v.expire_at,
                "holdout": v.holdout or 0,
                "allocation": v.allocation or "",
                "layer": v.layer or "",
                "traffic": v.traffic or 100,
                "title": v.title,
                "intro": v.intro,
                "body": list(v.body.raw_data),
            }
            for v in page.variants.all()
        ],
        "live": live,
    }


def _segment_slug(segment) -> str | None:
    if segment is None:
        return None
    identity = getattr(segment, "identity", None)
    return identity.slug if identity else None


def dump_page(page: Page, path: str, image_file: Callable[[int], str | None]) -> dict:
    """A page as a site-format entry: the live content, or the latest draft of a page never
    published."""
    specific = page.specific
    content = specific if page.live else specific.get_latest_revision_as_object()
    state = page_state(content, live=page.live)
    entry: dict = {"path": path, "type": TYPE_OF[type(specific)], "title": state["title"]}
    if state["intro"]:
        entry["intro"] = state["intro"]
    if state["tags"]:
        entry["tags"] = state["tags"]
    if state["affinity"]:
        entry["persona_affinity"] = {slug: _number(points) for slug, points in state["affinity"]}
    if not page.live:
        entry["live"] = False
    entry["body"] = from_stream(state["body"], image_file)
    variants = []
    for v in state["variants"]:
        out = {"name": v["name"]}
        out.update({k: v[k] for k in ("persona", "stage", "segment", "weight") if v[k] is not None})
        out.update({k: iso_utc(v[k]) for k in ("go_live_at", "expire_at") if v[k] is not None})
        out.update({k: v[k] for k in ("holdout", "allocation", "layer") if v[k]})
        if v["traffic"] != 100:
            out["traffic"] = v["traffic"]
        out.update({k: v[k] for k in ("title", "intro") if v[k]})
        if v["body"]:
            out["body"] = from_stream(v["body"], image_file)
        variants.append(out)
    if variants:
        entry["variants"] = variants
    return entry


def _number(value: float):
    return int(value) if float(value).is_integer() else value
