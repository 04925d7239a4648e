"""Registers the personalization admin with Wagtail; the code it registers lives in admin/."""

from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin import compat
from .admin import urls as admin_urls
from .admin.buttons import page_buttons
from .admin.experiment_views import ExperimentsPanel
from .admin.segments import SegmentSummaryItem
from .admin.viewsets import SUBMENU_HOOK, PersonalizationGroup
from .delivery.rich_text import PublicPageLinkHandler

compat.drop_incompatible_hooks()
compat.drop_segment_modeladmin()


@hooks.register("register_rich_text_features", order=100)  # after Wagtail registers its own
def public_page_links(features):
    """Rich-text links to pages a visitor may not see render without their URL."""
    features.register_link_type(PublicPageLinkHandler)


@hooks.register("register_admin_viewset")
def register_personalization_viewsets():
    return PersonalizationGroup()


@hooks.register("register_admin_urls")
def register_personalization_urls():
    return [
        path("personalization/", include(admin_urls, namespace="personalization_admin")),
        *compat.legacy_segment_urls(),
    ]


@hooks.register("insert_global_admin_css")
def rule_builder_css():
    return render_to_string("personalization/admin/_rule_builder_css.html")


@hooks.register("insert_global_admin_css")
def layout_css():
    return render_to_string("personalization/admin/_layout_css.html")


@hooks.register(SUBMENU_HOOK)
def coverage_menu_item():
    return MenuItem(
        _("Coverage report"),
        reverse("personalization_admin:coverage_report"),
        name="coverage-report",
        icon_name="table",
        order=4,
    )


@hooks.register(SUBMENU_HOOK)
def experiments_menu_item():
    return MenuItem(
        _("Experiments"),
        reverse("personalization_admin:experiments"),
        name="experiments",
        icon_name="crosshairs",
        order=5,
    )


@hooks.register("construct_homepage_panels")
def experiments_home_panel(request, panels):
    panels.append(ExperimentsPanel())


@hooks.register(SUBMENU_HOOK)
def audiences_menu_item():
    return MenuItem(
        _("Audiences"),
        reverse("personalization_admin:audiences"),
        name="audiences",
        icon_name="group",
        order=6,
    )


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name=None, next_url=None):
    yield from page_buttons(page, user, priority=40)


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    yield from page_buttons(page, user, priority=45)


@hooks.register("register_icons", order=1000)
def drop_uninstalled_icons(icons):
    return compat.installed_icons(icons)


@hooks.register("construct_homepage_summary_items", order=100)
def drop_copied_page_variant_counts(request, items):
    items[:] = compat.without_copied_page_counts(items)


@hooks.register("construct_homepage_summary_items", order=101)
def segment_summary(request, items):
    items.append(SegmentSummaryItem(request))
