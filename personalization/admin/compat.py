"""Where wagtail-personalisation 1.0 and Wagtail 8 disagree, and what Tailor does about it.

Tailor uses wagtail-personalisation for segments and their rule editor only; its page variants
live inside pages. The plugin's other admin additions were written for older Wagtail or for its
copied-page variants, so they are removed or made harmless here (registered in wagtail_hooks)."""

from __future__ import annotations

import wagtail_personalisation.wagtail_hooks as personalisation_hooks
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from wagtail import hooks


def drop_hook(hook_name: str, fn) -> None:
    """Remove one registered hook function (Wagtail has no public unregister)."""
    registered = hooks._hooks.get(hook_name, [])
    registered[:] = [(f, order) for f, order in registered if f is not fn]


def drop_incompatible_hooks() -> None:
    """The plugin's userbar hook has the pre-Wagtail-8 signature (request, items) and crashes
    every page editor render ("takes 2 positional arguments but 3 were given"). It only adds
    "Show as segment" links for copied-page variants, so it goes. (The plugin's module is
    imported above, so its hooks are registered before this runs.)"""
    drop_hook("construct_wagtail_userbar", personalisation_hooks.add_segment_link_items)
    # Its request path: on every page Wagtail serves it stores a session (without consent),
    # refreshes every segment (about 9 queries each) and swaps in copied-page variants. Tailor
    # decides in its own engine, so none of it may run.
    for fn in (
        personalisation_hooks.set_visit_count,
        personalisation_hooks.segment_user,
        personalisation_hooks.serve_variant,
    ):
        drop_hook("before_serve_page", fn)


def installed_icons(icons: list[str]) -> list[str]:
    """Icons whose template exists. The plugin registers Font Awesome icons from
    `wagtailfontawesomesvg`; without that app in INSTALLED_APPS every admin page would fail to
    render its icon sprite. A no-op once the app is installed."""

    def exists(name: str) -> bool:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            return False
        return True

    return [icon for icon in icons if exists(icon)]


def without_copied_page_counts(items: list) -> list:
    """Dashboard summary items minus the plugin's copied-page variant counts (always 0 here)
    and its segment count (which counted the rule groups personas and stages own; Tailor's
    SegmentSummaryItem counts the segments editors see)."""
    dropped = (
        personalisation_hooks.PersonalisedPagesSummaryPanel,
        personalisation_hooks.VariantPagesSummaryPanel,
        personalisation_hooks.SegmentSummaryPanel,
    )
    return [item for item in items if not isinstance(item, dropped)]


def _registered_by(fn, owner_class) -> bool:
    """Whether a hook function is a closure created by an instance of owner_class
    (wagtail_modeladmin registers its hooks as closures over `self`)."""
    for cell in getattr(fn, "__closure__", None) or ():
        try:
            if isinstance(cell.cell_contents, owner_class):
                return True
        except ValueError:  # an empty cell
            continue
    return False


def drop_segment_modeladmin() -> None:
    """The plugin's segment screens (wagtail_modeladmin) are replaced by Tailor's SegmentViewSet
    (admin/segments.py): its menu item, URLs and permissions hooks go. Its URL names stay
    reversible through `legacy_segment_urls()` (the dashboard's segment summary links there)."""
    from wagtail_personalisation.views import SegmentModelAdmin

    for hook_name in ("register_admin_urls", "register_admin_menu_item", "register_permissions"):
        for fn, _order in list(hooks._hooks.get(hook_name, [])):
            if _registered_by(fn, SegmentModelAdmin):
                drop_hook(hook_name, fn)


def legacy_segment_urls() -> list:
    """The plugin's segment URLs, redirecting to Tailor's segment screens."""
    from django.urls import re_path
    from django.views.generic import RedirectView

    base = "wagtail_personalisation/segment"
    name = "wagtail_personalisation_segment_modeladmin_{}"
    # (the plugin's URL name, its path after `base`, Tailor's view)
    routes = [
        ("index", "", "index"),
        ("create", "create/", "add"),
        ("edit", r"edit/(?P<pk>\d+)/", "edit"),
        ("delete", r"delete/(?P<pk>\d+)/", "delete"),
    ]
    return [
        re_path(
            rf"^{base}/{path}$",
            RedirectView.as_view(pattern_name=f"segments:{view}"),
            name=name.format(plugin),
        )
        for plugin, path, view in routes
    ]
