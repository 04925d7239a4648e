"""Rule tests run on the real database; each starts with no compiled rule set in memory."""

import pytest

from personalization.rules.current import forget_snapshots


@pytest.fixture(autouse=True)
def fresh_snapshots():
    forget_snapshots()
    yield
    forget_snapshots()
