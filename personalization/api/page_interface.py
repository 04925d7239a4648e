"""wagtail-grapple's PageInterface, made safe for a public, personalized API.

grapple types every Page field of our page models, including ones that describe unpublished
work: `draftTitle` (the title of the newest draft), `hasUnpublishedChanges`,
`latestRevisionCreatedAt`, `lockedAt`. Declaring them on the interface makes graphene use the
resolvers below for every page type, so they answer from the published state only; `parent` and
`aliasOf` return live pages only (grapple's own children/siblings/ancestors already filter).
settings.GRAPPLE["PAGE_INTERFACE"] points here.
"""
import graphene
from grapple.types.interfaces import PageInterface


class TailorPageInterface(PageInterface):
    draft_title = graphene.String(required=True)
    has_unpublished_changes = graphene.Boolean(required=True)
    latest_revision_created_at = graphene.DateTime()
    locked_at = graphene.DateTime()

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
    def resolve_locked(page, info):
        return None

    @staticmethod
    def resolve_locked_at(page, info):
        return None

    def resolve_parent(self, info, **kwargs):
        parent = self.get_parent()
        return parent.specific if parent is not None and parent.live and parent.depth > 1 else None

    def resolve_alias_of(self, info, **kwargs):
        alias = self.alias_of
        return alias.specific if alias is not None and alias.live else None
