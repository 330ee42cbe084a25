"""PyThaiNLP's word and syllable lists, held for quick lookup and quick loading.

``newmm`` asks its dictionary one question: which words start at this position of the
text (``prefixes``). PyThaiNLP answers it with ``pythainlp.util.Trie``, one Python
object per letter of its 62,000 words: about 0.6 s to build before a first build of a
site segments a single word. :class:`PrefixDictionary` answers the same question, in
the same order, from word sets.

Even a set costs: reading PyThaiNLP's word files and hashing every word into sets took
0.1 s of each first build, most of it for words the site never uses. So ``make setup``
(:mod:`oit.installation`) stores both lists once per installation (:func:`write_store`,
like the byte-compiled ``.pyc`` files beside them), grouped by their first three
letters, and a build loads that file in a few milliseconds and makes a set only for
the groups its text touches.
The file is tied to PyThaiNLP's ``__init__.py`` and word files (size and modification
time) and the Python version; when any of them differs, or the file is missing or
unreadable, the lists are read from PyThaiNLP as before. Either way the words are the
same (tests hold the two to each other).

No mkdocs and no PyThaiNLP import here until a list is read from PyThaiNLP itself.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from oit.core.atomic import write_bytes_atomic
from oit.installation import share_dir

DICTIONARY_FILES = ("words_th.txt", "syllables_th.txt")
"""PyThaiNLP's word list (for ``newmm``) and syllable list, in its ``corpus`` folder."""

IDENTITY_FILES = ("../__init__.py", *DICTIONARY_FILES)
"""What a store is checked against, relative to the ``corpus`` folder."""

_STORE_FORMAT = 3  # 3: groups kept as UTF-8 bytes, decoded when first reached
_KEY = 3  # first letters that group the words (shorter words are kept apart)
_SEPARATOR = "\n"  # between the words of a group; never inside a word of a line-based list
_NOTHING: tuple[int, frozenset[str]] = (0, frozenset())


class PrefixDictionary:
    """A word list as PyThaiNLP's ``newmm`` uses its dictionary trie: ``prefixes`` and ``len``.

    Words of one or two letters are one set. Longer words are grouped by their first
    three letters, each group held as (length of its longest word, set of its words)
    and, when read from the store, made on first use: newmm asks about every position
    of the text, yet a site's text reaches only part of the 9,700 groups. ``prefixes``
    tries only the lengths a word could have at a position, one set lookup each, and
    answers the same words in the same order as the trie.
    """

    __slots__ = ("_groups", "_sets", "_short", "_size")

    def __init__(self, words: Iterable[str]) -> None:
        # Stripped and without empty entries, as Trie.add.
        entries = frozenset(w.strip() for w in words) - {""}
        groups: dict[str, list[str]] = {}
        for word in entries:
            if len(word) >= _KEY:
                groups.setdefault(word[:_KEY], []).append(word)
        self._size = len(entries)
        self._short = frozenset(w for w in entries if len(w) < _KEY)
        self._groups: dict[str, bytes] = {}
        self._sets = {key: (max(map(len, group)), frozenset(group)) for key, group in groups.items()}

    @classmethod
    def _from_state(cls, state: Any) -> PrefixDictionary:
        """The dictionary kept by :meth:`_state`; ``ValueError`` when ``state`` is not one."""
        try:
            size, short, groups = state
        except (TypeError, ValueError):
            raise ValueError("not a dictionary state") from None
        if not (isinstance(size, int) and isinstance(short, bytes) and isinstance(groups, dict)):
            raise ValueError("not a dictionary state")
        if not all(isinstance(k, str) and len(k) == _KEY and isinstance(v, bytes) and v for k, v in groups.items()):
            raise ValueError("not a dictionary state")
        self = cls.__new__(cls)
        self._size, self._groups, self._sets = size, groups, {}
        self._short = frozenset(short.decode().split(_SEPARATOR)) - {""}
        return self

    def _state(self) -> tuple[int, bytes, dict[str, bytes]]:
        """(size, the short words joined, {first three letters: the group's words joined})."""
        groups = {key: sorted(self._group(key)[1]) for key in sorted(set(self._groups) | set(self._sets))}
        if any(_SEPARATOR in word for word in (*self._short, *(w for g in groups.values() for w in g))):
            raise ValueError("a word contains a line break")
        # UTF-8 bytes: marshal would decode every group on loading; a build reaches a third.
        joined = {key: _SEPARATOR.join(words).encode() for key, words in groups.items() if words}
        return self._size, _SEPARATOR.join(sorted(self._short)).encode(), joined

    def _group(self, key: str) -> tuple[int, frozenset[str]]:
        """(longest length, words) of the words longer than two letters that start with ``key``."""
        found = self._sets.get(key)
        if found is None:
            joined = self._groups.get(key)
            if joined:
                # A damaged byte gives a wrong word, never a failed build; the store is
                # rewritten by make setup once PyThaiNLP or Python changes.
                words = joined.decode(errors="replace").split(_SEPARATOR)
                found = (max(map(len, words)), frozenset(words))
            else:
                found = _NOTHING
            self._sets[key] = found
        return found

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """Every word of the list that starts at ``start`` in ``text``, shortest first."""
        # newmm asks this at every character: plain statements, no helper calls.
        key = text[start:start + _KEY]
        if len(key) == _KEY:
            longest, words = self._sets.get(key) or self._group(key)
            limit = min(len(text), start + longest)
            found = [piece for end in range(start + _KEY, limit + 1) if (piece := text[start:end]) in words]
        else:
            found = []
        short = self._short
        if len(key) >= 2 and key[:2] in short:
            found.insert(0, key[:2])
        if key[:1] in short:
            found.insert(0, key[:1])
        return found

    def spans(
        self, text: str, cuts: Sequence[int], shortest: int = 1, crossing: Sequence[int] | None = None
    ) -> list[tuple[int, int]]:
        """(start, end) of every word of the list ``text[start:end]`` with both on ``cuts``.

        ``cuts`` ascending; only words of at least ``shortest`` letters; with ``crossing``
        (ascending), only words that cross one of those positions (start < it < end). In
        order of start, then end. One call for a whole text: this runs for every cut of
        every Thai run.
        """
        found: list[tuple[int, int]] = []
        sets, short = self._sets, self._short
        for i, start in enumerate(cuts):
            first = bisect_left(cuts, start + shortest, i + 1)
            if crossing is not None:  # end past the first of them after start, if any
                k = bisect_right(crossing, start)
                if k == len(crossing):
                    break  # none after this start, nor after any later one
                first = max(first, bisect_right(cuts, crossing[k], i + 1))
            group: tuple[int, frozenset[str]] | None = None
            for end in cuts[first:]:
                if end - start < _KEY:
                    if text[start:end] in short:
                        found.append((start, end))
                    continue
                if group is None:
                    key = text[start:start + _KEY]
                    group = sets.get(key) or self._group(key)
                if end - start > group[0]:
                    break  # longer than any word that starts here
                if text[start:end] in group[1]:
                    found.append((start, end))
        return found

    def __contains__(self, word: str) -> bool:
        if len(word) < _KEY:
            return word in self._short
        group = self._sets.get(word[:_KEY])
        return word in (self._group(word[:_KEY]) if group is None else group)[1]

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        yield from sorted(self._short)
        for key in sorted(set(self._groups) | set(self._sets)):
            yield from sorted(self._group(key)[1])


def corpus_folder() -> Path | None:
    """PyThaiNLP's ``corpus`` folder, found without importing PyThaiNLP."""
    try:
        spec = importlib.util.find_spec("pythainlp")
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) / "corpus" if locations else None


def store_path() -> Path:
    """Where ``make setup`` keeps the lists (:func:`oit.installation.share_dir`)."""
    return share_dir() / "thai-dictionaries.marshal"


def _identity() -> list[Any]:
    """What the stored lists were made from; a store made from anything else is ignored.

    The size and modification time of PyThaiNLP's ``__init__.py`` (which holds its
    version) and of its two word files: installing another PyThaiNLP writes them anew.
    Reading the version from the package's metadata cost more than the rest of loading.
    """
    folder = corpus_folder()
    files: list[Any] = []
    for name in IDENTITY_FILES:
        try:
            info = os.stat(folder / name) if folder else None
        except OSError:
            info = None
        files.append([name, info.st_size, info.st_mtime_ns] if info else [name, None])
    return [_STORE_FORMAT, list(sys.version_info[:2]), files]


def read_store(path: Path) -> tuple[PrefixDictionary, PrefixDictionary] | None:
    """(words, syllables) from the store at ``path``, or None if it is missing, stale or bad."""
    try:
        data = marshal.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("identity") != _identity():
            return None
        return PrefixDictionary._from_state(data["words"]), PrefixDictionary._from_state(data["syllables"])
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None


def from_pythainlp() -> tuple[PrefixDictionary, PrefixDictionary]:
    """(words, syllables) read from PyThaiNLP's own lists."""
    from pythainlp.corpus import thai_syllables, thai_words

    return PrefixDictionary(thai_words()), PrefixDictionary(thai_syllables())


def load_dictionaries() -> tuple[PrefixDictionary, PrefixDictionary]:
    """(words, syllables): from the store when it matches this PyThaiNLP, else from PyThaiNLP."""
    return read_store(store_path()) or from_pythainlp()


def write_store(path: Path) -> bool:
    """Store PyThaiNLP's lists at ``path``; False when a matching store is already there."""
    if read_store(path) is not None:
        return False
    words, syllables = from_pythainlp()
    data = {"identity": _identity(), "words": words._state(), "syllables": syllables._state()}
    write_bytes_atomic(path, marshal.dumps(data))
    return True
