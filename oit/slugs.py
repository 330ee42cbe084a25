"""Kept for sites made before the layered layout: their mkdocs.yml names
``oit.slugs.slugify``. New sites name :func:`oit.core.slugs.slugify`."""

from oit.core.slugs import slugify

__all__ = ["slugify"]
