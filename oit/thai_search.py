"""Thai word segmentation for Material for MkDocs' client-side search.

Material's search (lunr) splits text into terms only on its ``separator`` regex and
matches each query term as a prefix. Thai is written without spaces between words, so
a word in the middle of a sentence is never the start of a term and is never found.

This module rewrites the built ``search/search_index.json``:

* ``title`` and ``text`` of every document: each run of Thai characters is cut into
  words with PyThaiNLP's ``newmm`` and the words are joined with U+200B ZERO WIDTH SPACE
  (:data:`ZWSP`), which the site's search ``separator`` (:data:`SEARCH_SEPARATOR`)
  splits on. ZWSP is invisible, so result snippets read exactly as the page does; HTML
  tags and character references inside ``text`` are left untouched.
* a hidden field (:data:`SUBWORD_FIELD`, declared in the index's ``config.fields``, so
  lunr indexes it while Material's result template never shows it) with the other
  dictionary words of the text that no term starts with:

  - words inside a compound: ข่าวสาร in ข้อมูลข่าวสาร, บุคคล in ทรัพยากรบุคคล;
  - words across two of newmm's words, where newmm cut a word apart: รายงาน in
    "ราย|งานการ", ราชการ in "ราช|การตาม".

  A word that begins a term is left out: Material appends a ``*`` wildcard to every
  query term, so ข้อมูล already finds ข้อมูลข่าวสาร.

It also returns the site's Thai vocabulary (every Thai word of the index and of the
hidden field), shipped as ``search/thai-words.json`` for
``content/assets/javascripts/thai-search.js``: that script cuts a query typed without
spaces (รายงานผล) into the same words (รายงาน + ผล) before Material's worker sees it.

PyThaiNLP is imported lazily: importing this module is cheap, the first segmentation
costs about a second (dictionary tries). No mkdocs import here; ``hooks/thai_search.py``
is the adapter.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from oit.atomic import write_text_atomic

ZWSP = "\u200b"
"""Joins Thai words in the index; must be matched by the search ``separator``."""

SEARCH_SEPARATOR = r"[\s\u200b\-]+"
"""The ``plugins: search: separator`` the site needs (Material's default plus ZWSP)."""

SUBWORD_FIELD = "thai"
"""Hidden index field holding the words inside and across segmented Thai words."""

SUBWORD_BOOST = 0.5
"""lunr boost of :data:`SUBWORD_FIELD` (``text`` has 1, ``title`` 1000)."""

VOCABULARY_NAME = "thai-words.json"
"""File name, next to ``search_index.json``, of the vocabulary for the query side."""

MIN_SUBWORD_LENGTH = 2
"""Shortest hidden word, in code points."""

MAX_COVERS = 4
"""At most this many equally short decompositions of one word are used."""

SUBWORD_DEPTH = 2
"""Decompose a word, then its parts once more (ข้อมูลข่าวสาร → ข่าวสาร → ข่าว, สาร)."""

# The Thai block. Thai digits are in it, so "ปี๒๕๖๙" stays one run that newmm cuts.
_THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+")
_THAI_CHAR = re.compile(r"[\u0E00-\u0E7F]")
# Markup inside Material's ``text`` field: comments, tags and character references.
_MARKUP = re.compile(
    r"(<!--.*?-->|<[^>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)", re.DOTALL
)
_TAGS = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_ZWSP_RUNS = re.compile(f"{ZWSP}{{2,}}")
_ZWSP_AT_SPACE = re.compile(rf"{ZWSP}(?=\s)|(?<=\s){ZWSP}")


def is_thai(text: str) -> bool:
    """True when ``text`` contains at least one character of the Thai block."""
    return _THAI_CHAR.search(text) is not None


# --------------------------------------------------------------------------- segmenter


@lru_cache(maxsize=1)
def _pythainlp() -> tuple[Any, Any, Any]:
    """(word_tokenize, dictionary trie, syllable_tokenize), imported on first use."""
    from pythainlp.tokenize import syllable_tokenize, word_dict_trie, word_tokenize

    return word_tokenize, word_dict_trie(), syllable_tokenize


@lru_cache(maxsize=65536)
def thai_words(run: str) -> tuple[str, ...]:
    """Cut one run of Thai characters into words with PyThaiNLP ``newmm``."""
    word_tokenize, _, _ = _pythainlp()
    words = word_tokenize(run, engine="newmm", keep_whitespace=False)
    return tuple(w for w in words if w and not w.isspace())


@lru_cache(maxsize=65536)
def _syllable_cuts(text: str) -> frozenset[int]:
    """Offsets in ``text`` where a syllable starts or ends (0 and len included).

    Empty when the syllable tokenizer does not reproduce ``text`` (never guess).
    """
    _, _, syllable_tokenize = _pythainlp()
    cuts = {0}
    position = 0
    for syllable in syllable_tokenize(text, engine="dict"):
        position += len(syllable)
        cuts.add(position)
    return frozenset(cuts) if position == len(text) else frozenset()


def _dictionary_spans(text: str, cuts: Iterable[int]) -> Iterator[tuple[int, int]]:
    """(start, end) of every dictionary word in ``text`` that starts and ends on ``cuts``."""
    _, trie, _ = _pythainlp()
    allowed = set(cuts)
    for start in sorted(allowed):
        for word in trie.prefixes(text, start):
            end = start + len(word)
            if len(word) >= MIN_SUBWORD_LENGTH and end in allowed:
                yield start, end


def _covers(word: str) -> list[list[str]]:
    """The shortest ways to write ``word`` as two or more dictionary words.

    Only syllable boundaries are cut points, so no part splits a syllable (no "รง" out
    of โครงการ), and every part is a dictionary word of at least
    :data:`MIN_SUBWORD_LENGTH` characters: "ข่าวสาร" gives [["ข่าว", "สาร"]]; a word
    that cannot be written that way ("พัสดุ") gives none.
    """
    n = len(word)
    cuts = _syllable_cuts(word)
    edges: dict[int, list[int]] = {i: [] for i in cuts}
    for start, end in _dictionary_spans(word, cuts):
        if (start, end) != (0, n):
            edges[start].append(end)
    steps: dict[int, int] = {n: 0}  # fewest parts from a cut to the end
    for i in sorted(cuts, reverse=True):
        reachable = [steps[j] + 1 for j in edges[i] if j in steps]
        if i != n and reachable:
            steps[i] = min(reachable)
    found: list[list[str]] = []

    def walk(i: int, parts: list[str]) -> None:
        if len(found) >= MAX_COVERS:
            return
        if i == n:
            found.append(parts)
            return
        for j in sorted(edges[i], reverse=True):
            if steps.get(j) == steps[i] - 1:
                walk(j, [*parts, word[i:j]])

    if 0 in steps:
        walk(0, [])
    return found


@lru_cache(maxsize=65536)
def dictionary_parts(word: str, depth: int = SUBWORD_DEPTH) -> tuple[str, ...]:
    """Dictionary words that ``word`` is made of, found by decomposing it ``depth`` deep.

    ``dictionary_parts("ข้อมูลข่าวสาร")`` is (ข้อมูล, ข้อ, มูล, ข่าวสาร, ข่าว, สาร). A word
    of one part, or one that is not all dictionary words, gives ().
    """
    if depth <= 0 or len(word) < 2 * MIN_SUBWORD_LENGTH or not is_thai(word):
        return ()
    found: list[str] = []
    for cover in _covers(word):
        for part in cover:
            found.append(part)
            found.extend(dictionary_parts(part, depth - 1))
    return tuple(_unique(found))


def subwords(word: str) -> tuple[str, ...]:
    """The parts of ``word`` (see :func:`dictionary_parts`) that do not start it."""
    return tuple(p for p in dictionary_parts(word) if not word.startswith(p))


@lru_cache(maxsize=65536)
def crossing_words(run: str) -> tuple[str, ...]:
    """Dictionary words of a Thai ``run`` that straddle a boundary between newmm words.

    newmm sometimes cuts a word apart ("ราย|งานการ", "ราช|การตาม"); the words it cut
    are found again here, on syllable boundaries: รายงาน, ราชการ.
    """
    words = thai_words(run)
    if len(words) < 2:
        return ()
    # Syllable boundaries word by word: words repeat across a site, runs rarely do.
    bounds: list[int] = []
    cuts: set[int] = {0}
    position = 0
    for word in words:
        cuts.update(position + cut for cut in _syllable_cuts(word))
        position += len(word)
        bounds.append(position)
        cuts.add(position)
    if position != len(run):
        return ()
    bounds.pop()
    found = [run[start:end] for start, end in _dictionary_spans(run, cuts)
             if any(start < b < end for b in bounds)]
    return tuple(_unique(found))


@lru_cache(maxsize=65536)
def hidden_words(run: str) -> tuple[str, ...]:
    """Words of a Thai ``run`` for the hidden field: inside and across its newmm words."""
    inside = [p for word in thai_words(run) for p in subwords(word)]
    return tuple(_unique([*inside, *crossing_words(run)]))


# -------------------------------------------------------------------------------- text


def _plain_parts(text: str) -> Iterator[tuple[bool, str]]:
    """Split ``text`` into (is_markup, piece) pairs, in order."""
    for i, part in enumerate(_MARKUP.split(text)):
        if part:
            yield bool(i % 2), part


def thai_runs(text: str) -> Iterator[str]:
    """The runs of Thai characters in ``text`` outside markup (HTML is allowed)."""
    for is_markup, part in _plain_parts(text):
        if not is_markup:
            yield from _THAI_RUN.findall(part)


def _cut_plain(text: str) -> Iterator[str]:
    """Yield the pieces of markup-free ``text``: Thai words, ZWSPs, and the rest as is.

    A ZWSP goes between two Thai words, and between a Thai word and a Latin letter or
    ASCII digit written against it ("ปี2569", "o11รายงาน"), so each becomes its own
    search term.
    Punctuation stays attached as Material would leave it ("ป.ป.ช.").
    """
    last = 0
    for match in _THAI_RUN.finditer(text):
        start, end = match.span()
        before = text[last:start]
        if before:
            yield before
            if _ascii_alnum(before[-1]):
                yield ZWSP
        for i, word in enumerate(thai_words(match.group())):
            if i:
                yield ZWSP
            yield word
        if end < len(text) and _ascii_alnum(text[end]):
            yield ZWSP
        last = end
    if last < len(text):
        yield text[last:]


def _ascii_alnum(char: str) -> bool:
    """A Latin letter or ASCII digit (what thai-search.js also splits Thai from)."""
    return char.isascii() and char.isalnum()


def segment_text(text: str) -> str:
    """Join the Thai words of ``text`` with ZWSP; markup and non-Thai text stay as they are.

    ``text`` may contain HTML (Material's ``text`` field does): tags, comments and
    character references are copied unchanged, only the text between them is
    segmented. ZWSPs already in ``text`` are dropped first, so applying it twice gives
    the same result as applying it once.
    """
    if not is_thai(text):
        return text
    text = text.replace(ZWSP, "")  # re-segment whole runs, not the previous words
    out: list[str] = []
    for is_markup, part in _plain_parts(text):
        if is_markup or not is_thai(part):
            out.append(part)
        else:
            out.extend(_cut_plain(part))
    joined = _ZWSP_RUNS.sub(ZWSP, "".join(out))
    return _ZWSP_AT_SPACE.sub("", joined)


def plain_text(text: str) -> str:
    """``text`` without tags, comments or ZWSP, character references decoded."""
    return html.unescape(_TAGS.sub(" ", text)).replace(ZWSP, "")


# ------------------------------------------------------------------------------- index


@dataclass
class SegmentedIndex:
    """Result of :func:`segment_search_index`: the new index and what went into it."""

    index: dict[str, Any]
    vocabulary: list[str] = field(default_factory=list)
    documents: int = 0
    thai_documents: int = 0
    hidden_words: int = 0


def segment_index(index: dict[str, Any]) -> dict[str, Any]:
    """Material's ``search_index.json`` (as a dict) with Thai words separated.

    Segments ``docs[].title`` and ``docs[].text``, adds the hidden field to documents
    that need it and declares it in ``config.fields``. The input is not modified;
    segmenting an already segmented index changes nothing.
    """
    return segment_search_index(index).index


def segment_search_index(index: dict[str, Any]) -> SegmentedIndex:
    """Like :func:`segment_index`, also collecting the vocabulary and counts."""
    config = dict(index.get("config") or {})
    fields = {name: dict(spec) for name, spec in (config.get("fields") or {}).items()}
    fields.setdefault(SUBWORD_FIELD, {"boost": SUBWORD_BOOST})
    config["fields"] = fields
    docs: list[dict[str, Any]] = []
    result = SegmentedIndex(index={**index, "config": config, "docs": docs})
    for original in index.get("docs") or []:
        doc = dict(original)
        doc.pop(SUBWORD_FIELD, None)  # recomputed: segmenting twice changes nothing
        result.documents += 1
        terms: list[str] = []
        extra: list[str] = []
        for name in ("title", "text"):
            value = doc.get(name)
            if not isinstance(value, str) or not is_thai(value):
                continue
            for run in thai_runs(plain_text(value)):
                terms.extend(thai_words(run))
                extra.extend(hidden_words(run))
            doc[name] = segment_text(value)
        if terms:
            result.thai_documents += 1
            own = set(terms)
            hidden = [w for w in _unique(extra) if w not in own]
            if hidden:
                doc[SUBWORD_FIELD] = " ".join(hidden)
                result.hidden_words += len(hidden)
        docs.append(doc)
    result.vocabulary = build_vocabulary(result.index)
    return result


def build_vocabulary(index: dict[str, Any]) -> list[str]:
    """Sorted Thai vocabulary of an index passed through :func:`segment_index`.

    The Thai words of ``title`` and ``text``, the hidden field's words, and every
    dictionary part of them (prefix parts too: the query side prefers whole words).
    """
    words: set[str] = set()
    for doc in index.get("docs") or []:
        for name in ("title", "text"):
            value = doc.get(name)
            if isinstance(value, str):
                for run in thai_runs(plain_text(value)):
                    words.update(thai_words(run))
        hidden = doc.get(SUBWORD_FIELD)
        if isinstance(hidden, str):
            words.update(w for w in hidden.split() if is_thai(w))
    words.update([p for w in words for p in dictionary_parts(w)])
    return sorted(words)


def vocabulary_json(words: Iterable[str]) -> str:
    """The ``thai-words.json`` document: ``{"schema": 1, "words": [...]}``, sorted."""
    return json.dumps({"schema": 1, "words": sorted(set(words))}, ensure_ascii=False,
                      separators=(",", ":"))


def rewrite_search_index(site_dir: Path) -> SegmentedIndex | None:
    """Segment ``site_dir/search/search_index.json`` in place and write the vocabulary.

    Returns ``None`` when the site has no search index (search plugin disabled).
    Both files are replaced atomically and stay readable by the web server.
    """
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return None
    result = segment_search_index(json.loads(path.read_text(encoding="utf-8")))
    write_text_atomic(path, json.dumps(result.index, ensure_ascii=False, separators=(",", ":")))
    vocabulary_path = path.with_name(VOCABULARY_NAME)
    write_text_atomic(vocabulary_path, vocabulary_json(result.vocabulary))
    # A new file from the atomic writer is 0600; give it the index's (web-readable) mode.
    shutil.copymode(path, vocabulary_path)
    return result


def _unique(items: Iterable[str]) -> list[str]:
    """``items`` without duplicates, first occurrence kept."""
    return list(dict.fromkeys(items))
