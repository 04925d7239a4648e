"""Rich-text links to pages, for visitors: a link to a page a visitor may not see (a draft, a
private or an expired page) keeps its text and loses its URL, so the API never reveals that the
page exists or where it will be. Registered for every rich-text rendering (wagtail_hooks.py);
the editor's own conversions do not use link handlers, so editing is unchanged.

`without_hidden_links` does the same on rich text in its stored form (`<a linktype="page"
id="12">`), which the typed page's `rawValue` returns: a hidden page's link loses its id."""

from __future__ import annotations

import re

from django.db.models import Model
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.rich_text.rewriters import extract_attrs

from .visibility import public_pages


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Model | None]:
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = public_pages(Page.objects.filter(id__in=[i for i in ids if str(i).isdigit()]))
        by_id = {str(page.id): page for page in pages.defer_streamfields().specific()}
        return [by_id.get(str(i)) for i in ids]


_A_TAG = re.compile(r"<a(\b[^>]*)>")


def without_hidden_links(source: str) -> str:
    """Stored rich text with every link to a page a visitor may not see reduced to `<a>` (one
    query when the text links to pages, none otherwise)."""
    if "linktype" not in source:
        return source
    tags = [(match, extract_attrs(match.group(1))) for match in _A_TAG.finditer(source)]
    ids = {attrs.get("id", "") for _, attrs in tags if attrs.get("linktype") == "page"}
    if not ids:
        return source
    numeric = [int(i) for i in ids if i.isdigit() and len(i) < 19]
    public = {
        str(pk)
        for pk in public_pages(Page.objects.filter(id__in=numeric)).values_list("id", flat=True)
    }

    def keep_or_strip(match: re.Match) -> str:
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") == "page" and attrs.get("id") not in public:
            return "<a>"
        return match.group(0)

    return _A_TAG.sub(keep_or_strip, source)
