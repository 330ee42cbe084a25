"""mkdocs hook: Thai words in the search index, and the vocabulary for queries.

A thin adapter over ``oit.thai_search`` (which imports PyThaiNLP only when it runs).
Needs ``plugins: - search: separator: '[\\s\\u200b\\-]+'`` and
``extra_javascript: [assets/javascripts/thai-search.js]`` in mkdocs.yml.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from oit.thai_search import SEARCH_SEPARATOR, rewrite_search_index

log = logging.getLogger("mkdocs.hooks.thai_search")


@event_priority(-50)  # after the search plugin (0) writes the index, before offline (-100)
def on_post_build(config: MkDocsConfig) -> None:
    """Rewrite ``search/search_index.json`` and write ``search/thai-words.json``."""
    result = rewrite_search_index(Path(config.site_dir))
    if result is None:
        log.info("thai_search: no search index in site_dir, nothing to do")
        return
    separator = result.index.get("config", {}).get("separator")
    if separator != SEARCH_SEPARATOR:
        log.warning("thai_search: search separator is %r; Thai words need %r",
                    separator, SEARCH_SEPARATOR)
    log.info("thai_search: %d documents segmented, %d Thai words in the vocabulary",
             result.thai_documents, len(result.vocabulary))
