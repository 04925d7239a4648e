"""Fixtures for the profile store: a fixed clock and a consented visitor."""

import pytest

from .helpers import NOW, consented


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def visitor_id(db, now):
    """A visitor who accepted both personalization and analytics."""
    return consented(now)
