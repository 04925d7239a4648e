"""What the persona, stage and segment screens share: a "Used by" column and a delete view that
names what uses the object and refuses to delete it while anything does (deleting would break
those rules, variants and alternatives silently, or hit a protected foreign key)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

from .usage import Use, load_usage

LABEL = _("Used by")


def uses_html(uses: list[Use], limit: int = 4):
    if not uses:
        return gettext("Not used")
    shown = format_html_join(
        ", ", '<a href="{}">{}</a>', ((use.url, str(use)) for use in uses[:limit])
    )
    more = (
        gettext(" and %(count)s more") % {"count": len(uses) - limit} if len(uses) > limit else ""
    )
    return format_html("{}{}", shown, more)


class UsedByColumn(Column):
    """Reads `tailor_uses`, set on each row by UsageIndexMixin."""

    def __init__(self, name: str = "used_by", label: str | Promise = LABEL, **kwargs):
        super().__init__(
            name,
            label=label,
            accessor=lambda obj: uses_html(getattr(obj, "tailor_uses", [])),
            **kwargs,
        )


class UsageIndexMixin:
    """Decorates the page of rows shown with their uses (one load for the whole page)."""

    usage_kind = "persona"

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        usage = load_usage()
        for obj in object_list:
            obj.tailor_uses = usage.of(self.usage_kind, self.slug_of(obj))
        return paginator, page, object_list, is_paginated

    def slug_of(self, obj) -> str | None:
        return obj.slug


class RefusingDeleteView(generic.DeleteView):
    """Lists what uses the object; refuses to delete it while anything does."""

    template_name = "personalization/admin/confirm_delete.html"
    usage_kind = "persona"

    def slug_of(self, obj) -> str | None:
        return obj.slug

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.tailor_uses = load_usage().of(self.usage_kind, self.slug_of(self.object))

    def form_valid(self, form):
        if self.tailor_uses:  # in use: the same page again, naming the users (409 Conflict)
            return self.render_to_response(self.get_context_data(), status=409)
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tailor_uses"] = self.tailor_uses
        context["usage_kind"] = self.usage_kind
        return context
