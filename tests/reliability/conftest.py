"""Fixtures for the reliability and security tests (helpers live in ``helpers.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.helpers import make_content


@pytest.fixture
def content_site(tmp_path: Path) -> Path:
    """An empty site folder with the corpus content files (no indicators.yml yet)."""
    return make_content(tmp_path / "site")
