"""PyThaiNLP's word and syllable lists, through its public API, and what the search asks of them.

The lists are ``pythainlp.corpus.thai_words()`` and ``thai_syllables()``; the tries
that ``word_tokenize(engine="newmm")`` walks are made from them with
``pythainlp.util.dict_trie``. Building the word trie (62,000 words, about 0.4 s) is the
costly part, so it is made only when some text has to be segmented: a rebuild whose
search-index documents are all in the cache (:class:`oit.search.thai_search.SegmentCache`)
reads the lists for :func:`dictionary_digest` and never builds a trie.

No mkdocs import here, and no PyThaiNLP import until a list is first asked for.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class WordList:
    """One of PyThaiNLP's lists, for membership tests."""

    words: frozenset[str]
    longest: int
    """Length of its longest word: no longer piece of text needs a lookup."""

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def __len__(self) -> int:
        return len(self.words)


def _word_list(words: frozenset[str]) -> WordList:
    return WordList(words, max(map(len, words), default=0))


@lru_cache(maxsize=1)
def dictionary_words() -> WordList:
    """``pythainlp.corpus.thai_words()``: what ``newmm`` segments with."""
    from pythainlp.corpus import thai_words

    return _word_list(frozenset(thai_words()))


@lru_cache(maxsize=1)
def syllables() -> WordList:
    """``pythainlp.corpus.thai_syllables()``."""
    from pythainlp.corpus import thai_syllables

    return _word_list(frozenset(thai_syllables()))


@lru_cache(maxsize=1)
def word_trie() -> Any:
    """The ``custom_dict`` for ``word_tokenize``: a trie of :func:`dictionary_words`."""
    from pythainlp.util import dict_trie

    return dict_trie(dictionary_words().words)


@lru_cache(maxsize=1)
def syllable_trie() -> Any:
    """The ``custom_dict`` that cuts a word into syllables: a trie of :func:`syllables`."""
    from pythainlp.util import dict_trie

    return dict_trie(syllables().words)


@lru_cache(maxsize=1)
def dictionary_digest() -> str:
    """Short SHA-256 of both lists' words (sorted): what a cached segmentation was made with."""
    digest = hashlib.sha256()
    for name, words in (("words", dictionary_words()), ("syllables", syllables())):
        digest.update(name.encode() + b"\0" + "\n".join(sorted(words.words)).encode() + b"\0")
    return digest.hexdigest()[:32]


def spans(
    words: WordList, text: str, cuts: Sequence[int], shortest: int = 1, crossing: Sequence[int] | None = None
) -> list[tuple[int, int]]:
    """(start, end) of every word of ``words`` that is ``text[start:end]`` with both on ``cuts``.

    ``cuts`` ascending; only words of at least ``shortest`` letters; with ``crossing``
    (ascending), only words that cross one of those positions (start < it < end). In
    order of start, then end. Only cut-to-cut pieces can count, so only those are
    looked up (a few syllable cuts per word against a dozen letters).
    """
    found: list[tuple[int, int]] = []
    members, longest = words.words, words.longest
    for i, start in enumerate(cuts):
        first = bisect_left(cuts, start + shortest, i + 1)
        if crossing is not None:  # end past the first of them after start, if any
            k = bisect_right(crossing, start)
            if k == len(crossing):
                break  # none after this start, nor after any later one
            first = max(first, bisect_right(cuts, crossing[k], i + 1))
        for end in cuts[first:]:
            if end - start > longest:
                break  # longer than any word of the list
            if text[start:end] in members:
                found.append((start, end))
    return found
