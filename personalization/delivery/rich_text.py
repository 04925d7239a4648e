"""Rich-text links to pages, for visitors: a link to a page a visitor may not see (a draft, a
private or an expired page) keeps its text and loses its URL, so the API never reveals that the
page exists or where it will be. Registered for every rich-text rendering (wagtail_hooks.py);
the editor's own conversions do not use link handlers, so editing is unchanged."""
from __future__ import annotations

from django.db.models import Model
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from .visibility import public_pages


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Model]:
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = public_pages(Page.objects.filter(id__in=[i for i in ids if str(i).isdigit()]))
        by_id = {str(page.id): page for page in pages.defer_streamfields().specific()}
        return [by_id.get(str(i)) for i in ids]
