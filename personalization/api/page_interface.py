"""wagtail-grapple's PageInterface, made safe for a public, personalized API.

grapple types every Page field of our page models, including ones that describe unpublished
work: `draftTitle` (the title of the newest draft), `hasUnpublishedChanges`,
`latestRevisionCreatedAt`, `lockedAt`. Declaring them on the interface makes graphene use the
resolvers below for every page type, so they answer from the published state only; `parent` and
`aliasOf` return public pages only, and the list fields (children, siblings, descendants,
ancestors) and `numchild` count only what a visitor may see: live, unrestricted and not past
`expire_at` (personalization/delivery/visibility.py). settings.GRAPPLE["PAGE_INTERFACE"] points here.

`path` is treebeard's position of the page in the tree ("000100010003"): it numbers hidden pages
too, so a gap between two public siblings told that a draft or private page sat there (issue 25,
finding 7). It is answered as an empty string for every page; `urlPath`, `depth`, `parent` and
`ancestors` say where a page is.
"""

import graphene
from grapple.types.interfaces import PageInterface
from grapple.utils import resolve_queryset

from personalization.delivery.visibility import is_public, public_pages


class TailorPageInterface(PageInterface):
    draft_title = graphene.String(required=True)
    has_unpublished_changes = graphene.Boolean(required=True)
    latest_revision_created_at = graphene.DateTime()
    locked_at = graphene.DateTime()
    numchild = graphene.Int(required=True)
    path = graphene.String(
        required=True,
        description="Not exposed: always empty (the tree position counts hidden pages). Use urlPath, depth or ancestors.",
    )

    class Meta:
        name = "PageInterface"

    @staticmethod
    def resolve_draft_title(page, info):
        return page.title

    @staticmethod
    def resolve_has_unpublished_changes(page, info):
        return False

    @staticmethod
    def resolve_latest_revision_created_at(page, info):
        return page.last_published_at

    @staticmethod
    def resolve_path(page, info):
        return ""

    @staticmethod
    def resolve_locked(page, info):
        return None

    @staticmethod
    def resolve_locked_at(page, info):
        return None

    def resolve_parent(self, info, **kwargs):
        parent = self.get_parent()
        return (
            parent.specific
            if parent is not None and parent.depth > 1 and is_public(parent)
            else None
        )

    def resolve_alias_of(self, info, **kwargs):
        alias = self.alias_of
        return alias.specific if alias is not None and is_public(alias) else None

    def resolve_numchild(self, info, **kwargs):
        return public_pages(self.get_children()).count()

    def resolve_children(self, info, **kwargs):
        return resolve_queryset(public_pages(self.get_children()).specific(), info, **kwargs)

    def resolve_siblings(self, info, **kwargs):
        return resolve_queryset(
            public_pages(self.get_siblings().exclude(pk=self.pk)).specific(), info, **kwargs
        )

    def resolve_next_siblings(self, info, **kwargs):
        return resolve_queryset(
            public_pages(self.get_next_siblings().exclude(pk=self.pk)).specific(), info, **kwargs
        )

    def resolve_previous_siblings(self, info, **kwargs):
        return resolve_queryset(
            public_pages(self.get_prev_siblings().exclude(pk=self.pk)).specific(), info, **kwargs
        )

    def resolve_descendants(self, info, **kwargs):
        return resolve_queryset(public_pages(self.get_descendants()).specific(), info, **kwargs)

    def resolve_ancestors(self, info, **kwargs):
        return resolve_queryset(public_pages(self.get_ancestors()).specific(), info, **kwargs)
