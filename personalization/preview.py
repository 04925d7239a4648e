"""Preview tokens: let an editor see pages (drafts included) on the frontend as a chosen
persona, stage, country or device, without the frontend holding an admin session.

The admin's "Preview as…" action issues a token for one user, starting from one page; the
GraphQL API's `previewToken` argument checks it. The preview follows the editor's links, so the
token is good for every page the user may edit (not only the one it was issued from). A token is
signed (not encrypted: it only carries ids), lives one hour, and is worth nothing once the user is
deactivated, deleted or loses edit permission on the page asked for, because those are checked
on every use rather than at issue time."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from wagtail.models import Page

SALT = "tailor.personalization.preview"
MAX_AGE = timedelta(hours=1)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def issue_preview_token(user: AbstractBaseUser, page: Page) -> str:
    """A URL-safe token that lets `user` preview `page`, and the other pages they may edit, for
    the next hour."""
    return _signer().sign_object({"u": user.pk, "p": page.pk})


def check_preview_token(token: str, page: Page) -> AbstractBaseUser | None:
    """The user the token was issued to, if it is genuine, under an hour old, and the user still
    exists, is active and may edit this page; otherwise None (never an error)."""
    if not token:
        return None
    try:
        payload = _signer().unsign_object(token, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(payload, dict) or "p" not in payload:
        return None
    user_pk = payload.get("u")
    # Only a user id as issue_preview_token writes it: a genuinely signed token carrying anything
    # else (a list, a text, a huge number) is refused like a forged one, never looked up.
    if isinstance(user_pk, bool) or not isinstance(user_pk, int) or not 0 < user_pk < 2**63:
        return None
    user = get_user_model()._default_manager.filter(pk=user_pk, is_active=True).first()
    if user is None or not page.permissions_for_user(user).can_edit():
        return None
    return user
