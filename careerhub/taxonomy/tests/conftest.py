from __future__ import annotations

import pytest

from careerhub.taxonomy.services import taxonomy_load_curated


@pytest.fixture
def curated(db):
    """The curated taxonomy, loaded."""
    return taxonomy_load_curated(actor=None)
