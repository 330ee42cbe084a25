"""mkdocs hook: Thai words in the search index, and the vocabulary for queries.

A thin adapter over ``oit.search.thai_search`` (which imports PyThaiNLP only when it runs).
Needs ``plugins: - search: separator: '[\\s\\u200b\\-]+'`` and
``extra_javascript: [assets/javascripts/thai-search.js]`` in mkdocs.yml.

What PyThaiNLP said about each Thai run is kept in ``.oit-cache/thai-search.json``
beside mkdocs.yml (:class:`oit.search.thai_search.SegmentCache`), so a rebuild of unchanged
text does not load PyThaiNLP at all; the output is the same with or without it. Set the
environment variable ``OIT_NO_CACHE=1`` to segment everything afresh without reading
or writing that file (cold-build benchmarks). A cache that cannot be read or written
is reported at INFO level and never fails the build, ``--strict`` included.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from oit.pages.site_meta import caching_enabled
from oit.search.thai_search import CACHE_FILE, SEARCH_SEPARATOR, rewrite_search_index

log = logging.getLogger("mkdocs.hooks.thai_search")

def cache_path(config: MkDocsConfig) -> Path | None:
    """``<folder of mkdocs.yml>/.oit-cache/thai-search.json``, or None when turned off."""
    if not caching_enabled():
        return None
    config_file = getattr(config, "config_file_path", None)
    if not config_file:  # a config read from stdin has no project folder
        return None
    return Path(config_file).parent / CACHE_FILE


@event_priority(-50)  # after the search plugin (0) writes the index, before offline (-100)
def on_post_build(config: MkDocsConfig) -> None:
    """Rewrite ``search/search_index.json`` and write ``search/thai-words.json``."""
    result = rewrite_search_index(Path(config.site_dir), cache_path(config))
    if result is None:
        log.info("thai_search: no search index in site_dir, nothing to do")
        return
    separator = result.index.get("config", {}).get("separator")
    if separator != SEARCH_SEPARATOR:
        log.warning("thai_search: search separator is %r; Thai words need %r",
                    separator, SEARCH_SEPARATOR)
    cache = result.cache
    if cache is not None:
        for note in cache.notes:  # INFO: a cache problem must not fail a --strict build
            log.info("thai_search: %s", note)
    log.info("thai_search: %d documents segmented, %d Thai words in the vocabulary%s",
             result.thai_documents, len(result.vocabulary),
             "" if cache is None else f" (cache: {cache.hits} reused, {cache.misses} new)")
