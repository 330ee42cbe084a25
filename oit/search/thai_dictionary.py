"""PyThaiNLP's word and syllable lists, through its public API, and what the search asks of them.

The lists are ``pythainlp.corpus.thai_words()`` and ``thai_syllables()``; the tries
that ``word_tokenize(engine="newmm")`` walks are ``pythainlp.util.Trie`` objects made
from them. A trie of all 62,000 words takes about 0.4 s to build, more than segmenting
a whole site, yet newmm only ever asks it which words start at a position of the text
it cuts (``Trie.prefixes``): a word that does not occur in that text can never be in an
answer. So :func:`word_trie` and :func:`syllable_trie` hold only the words that occur
in the texts handed to :func:`cover`, added with ``Trie.add`` as new text comes: the
same answers, hence the same words (a test holds :mod:`oit.search.thai_search` to
``word_tokenize`` with PyThaiNLP's own full dictionary), for the cost of the text at
hand. A rebuild that finds every document in its cache builds no trie at all.

No mkdocs import here, and no PyThaiNLP import until a list is first asked for.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class WordList:
    """One of PyThaiNLP's lists, for membership tests and for finding its words in a text."""

    words: frozenset[str]
    longest: int
    """Length of its longest word: no longer piece of text needs a lookup."""
    reach: dict[str, int] = field(compare=False, repr=False)
    """First two letters -> length of the longest word that starts with them."""

    @classmethod
    def of(cls, words: frozenset[str]) -> WordList:
        reach: dict[str, int] = {}
        for word in words:
            if len(word) >= 2 and reach.get(word[:2], 0) < len(word):
                reach[word[:2]] = len(word)
        return cls(words, max(map(len, words), default=0), reach)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def __len__(self) -> int:
        return len(self.words)

    def occurring_in(self, text: str) -> set[str]:
        """Every word of the list that occurs somewhere in ``text``."""
        members, reach = self.words, self.reach
        found = {letter for letter in text if letter in members}
        for start in range(len(text) - 1):
            end = min(len(text), start + reach.get(text[start:start + 2], 0))
            found.update(piece for stop in range(start + 2, end + 1) if (piece := text[start:stop]) in members)
        return found


@lru_cache(maxsize=1)
def dictionary_words() -> WordList:
    """``pythainlp.corpus.thai_words()``: what ``newmm`` segments with."""
    from pythainlp.corpus import thai_words

    return WordList.of(frozenset(thai_words()))


@lru_cache(maxsize=1)
def syllables() -> WordList:
    """``pythainlp.corpus.thai_syllables()``."""
    from pythainlp.corpus import thai_syllables

    return WordList.of(frozenset(thai_syllables()))


NOT_THAI = "oit"
"""The first word of both tries. newmm takes an empty ``custom_dict`` to mean its default
dictionary (``if not custom_dict``), which would build the full trie after all; a word
without a Thai letter can never start at a position of a Thai run, so it changes no
answer."""


class _Tries:
    """The word and syllable tries, and the texts whose words they hold."""

    def __init__(self) -> None:
        from pythainlp.util import dict_trie

        self.words = dict_trie([NOT_THAI])
        self.syllables = dict_trie([NOT_THAI])
        self.covered: set[str] = set()
        self.held: tuple[set[str], set[str]] = (set(), set())  # the words each trie holds


@lru_cache(maxsize=1)
def _tries() -> _Tries:
    return _Tries()


def word_trie() -> Any:
    """The ``custom_dict`` for ``word_tokenize``: the dictionary words :func:`cover` met."""
    return _tries().words


def syllable_trie() -> Any:
    """The ``custom_dict`` that cuts a word into syllables: the syllables :func:`cover` met."""
    return _tries().syllables


def tries_built() -> bool:
    """Whether any text was covered in this process (a trie built)."""
    return _tries.cache_info().currsize > 0


def cover(text: str) -> None:
    """Make :func:`word_trie` and :func:`syllable_trie` answer for ``text`` as the full lists do.

    Call it with a text before newmm cuts it or any piece of it.
    """
    tries = _tries()
    if text in tries.covered:
        return
    for trie, held, words in ((tries.words, tries.held[0], dictionary_words()),
                              (tries.syllables, tries.held[1], syllables())):
        for word in words.occurring_in(text) - held:
            trie.add(word)
            held.add(word)
    tries.covered.add(text)


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
