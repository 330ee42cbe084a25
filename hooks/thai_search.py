"""mkdocs hook: Thai words in the search index, and the vocabulary for queries.

A thin adapter over ``oit.search.thai_search``; mkdocs.yml needs the search ``separator``
and ``extra_javascript`` that module names. Segmented documents are kept in
``.oit-cache/thai-search.json`` beside mkdocs.yml unless ``OIT_NO_CACHE=1``; the output
is the same without it, and a cache problem is INFO, never a failed ``--strict`` build.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from oit.pages.site_meta import cache_beside
from oit.search.thai_search import CACHE_FILE, rewrite_search_index

log = logging.getLogger("mkdocs.hooks.thai_search")


@event_priority(-50)  # after the search plugin (0) writes the index, before offline (-100)
def on_post_build(config: MkDocsConfig) -> None:
    """Rewrite ``search/search_index.json`` and write ``search/thai-words.json``."""
    cache = cache_beside(getattr(config, "config_file_path", None), CACHE_FILE)
    result = rewrite_search_index(Path(config.site_dir), cache)
    messages = result.log_messages() if result else [(logging.INFO, "no search index in site_dir, nothing to do")]
    for level, message in messages:
        log.log(level, "thai_search: %s", message)
