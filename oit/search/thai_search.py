"""Thai word segmentation for Material for MkDocs' client-side search.

Material's search (lunr) splits text into terms only on its ``separator`` regex and
matches each query term as a prefix. Thai is written without spaces between words, so
a word in the middle of a sentence is never the start of a term and is never found.

This module rewrites the built ``search/search_index.json``:

* ``title`` and ``text`` of every document: each run of Thai characters is cut into
  words with PyThaiNLP's ``word_tokenize(engine="newmm")`` and the words are joined
  with U+200B ZERO WIDTH SPACE (:data:`ZWSP`), which the site's search ``separator``
  (:data:`SEARCH_SEPARATOR`) splits on. ZWSP is invisible, so result snippets read
  exactly as the page does; HTML tags and character references inside ``text`` are left
  untouched.
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

PyThaiNLP is reached only through its public API (:mod:`oit.search.thai_dictionary`,
whose tries hold only the dictionary words of the text being cut) and imported
lazily: importing this module is cheap. A site's segmented documents are kept between
builds by :class:`SegmentCache` (``.oit-cache/thai-search.json`` beside mkdocs.yml),
keyed by each document's title and text: a rebuild segments only the documents whose
text changed, and builds no trie when there are none. Another PyThaiNLP, other word
lists or an edit of this segmenter discard the file (:func:`cache_identity`). No mkdocs
import here; ``hooks/thai_search.py`` is the adapter.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import logging
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from oit.core.atomic import write_text_atomic
from oit.core.errors import InputError
from oit.search import thai_dictionary
from oit.search.thai_dictionary import cover as cover_text
from oit.search.thai_dictionary import dictionary_words, spans, syllable_trie, word_trie

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
_THAI = r"\u0E00-\u0E7F"
_THAI_RUN = re.compile(rf"[{_THAI}]+")
_THAI_CHAR = re.compile(rf"[{_THAI}]")
# Markup inside Material's ``text`` field: comments, tags (after their "<") and
# character references (between "&" and ";"). A regex, not selectolax, on purpose: the
# field is not a document but a lexically trivial fragment that Material's search
# plugin writes itself (bare <p>, <li>, <code>... tags and text escaped with
# html.escape, so every "<" starts a tag and every "&" a reference), and it is often
# unbalanced, since a section can end inside a list. Segmenting must hand the fragment
# back byte for byte with only ZWSPs added; a parser would close the open <li>, drop
# the stray </p> and re-serialize what it keeps. Splitting the fragment into markup
# and text runs is a lexer's job, and these patterns are that lexer.
_AFTER_LT = r"!--.*?-->|[^>]*>"
_REFERENCE = r"#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*"
_MARKUP = re.compile(rf"(<(?:{_AFTER_LT})|&(?:{_REFERENCE});)", re.DOTALL)
# A piece of markup (it starts with < or &) or a run of Thai outside it, for one-pass
# segmentation: what _MARKUP | _THAI_RUN matches (a test holds them together), written
# to start with one character class so that the regex engine skips from one candidate
# character to the next instead of trying each alternative at every character.
_MARKUP_OR_THAI_RUN = re.compile(
    rf"[<&{_THAI}](?:(?<=[{_THAI}])[{_THAI}]*|(?<=<)(?:{_AFTER_LT})|(?<=&)(?:{_REFERENCE});)", re.DOTALL
)
# The same, captured: ``split`` gives the text between matches and the matches in turn.
_MARKUP_OR_THAI_RUN_SPLIT = re.compile(f"({_MARKUP_OR_THAI_RUN.pattern})", re.DOTALL)
_MARKUP_START = frozenset("<&")
# Latin letters and ASCII digits: what thai-search.js also splits Thai from.
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_TAGS = re.compile(rf"<(?:{_AFTER_LT})", re.DOTALL)
_ZWSP_RUNS = re.compile(f"{ZWSP}{{2,}}")
# A ZWSP beside whitespace. Written to start with the ZWSP itself, so the regex engine
# jumps from one ZWSP to the next instead of trying a lookbehind at every character.
_ZWSP_AT_SPACE = re.compile(rf"{ZWSP}(?:(?=\s)|(?<=\s{ZWSP}))")


def is_thai(text: str) -> bool:
    """True when ``text`` contains at least one character of the Thai block."""
    return _THAI_CHAR.search(text) is not None


# --------------------------------------------------------------------------- segmenter


# The tries newmm is given hold only the dictionary words of the text already met
# (oit.search.thai_dictionary.cover). Each public function below covers its argument;
# the private ones it calls work on that text or pieces of it, which it covers too.


@lru_cache(maxsize=65536)
def thai_words(run: str) -> tuple[str, ...]:
    """Cut one run of Thai characters into words with PyThaiNLP ``newmm``."""
    cover_text(run)
    return _newmm_words(run)


@lru_cache(maxsize=65536)
def _newmm_words(text: str) -> tuple[str, ...]:
    """:func:`thai_words` of a covered ``text``."""
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(text, custom_dict=word_trie(), engine="newmm", keep_whitespace=False))


def _syllables(text: str) -> list[str]:
    """PyThaiNLP's ``syllable_tokenize(text, engine="dict")``, with our tries.

    That engine cuts the text into words with newmm, then each word with newmm on the
    syllable list; it is called here in the same two public steps because
    ``syllable_tokenize`` would build PyThaiNLP's full tries (0.4 s) where
    :func:`~oit.search.thai_dictionary.cover` gives the words of the text at hand. A
    test holds the two to each other.
    """
    from pythainlp.tokenize import word_tokenize

    segments: list[str] = []
    for word in _newmm_words(text):
        segments.extend(word_tokenize(word, custom_dict=syllable_trie(), engine="newmm"))
    return segments


@lru_cache(maxsize=65536)
def _syllable_cuts(text: str) -> frozenset[int]:
    """Offsets in ``text`` where a syllable starts or ends (0 and len included).

    Empty when the syllable tokenizer does not reproduce ``text`` (never guess).
    """
    cuts = {0}
    position = 0
    for syllable in _syllables(text):
        position += len(syllable)
        cuts.add(position)
    return frozenset(cuts) if position == len(text) else frozenset()


def _dictionary_spans(
    text: str, cuts: Iterable[int], crossing: list[int] | None = None
) -> list[tuple[int, int]]:
    """(start, end) of every dictionary word in ``text`` that starts and ends on ``cuts``.

    With ``crossing`` (ascending), only the words that cross one of those positions.
    """
    return spans(dictionary_words(), text, sorted(set(cuts)), MIN_SUBWORD_LENGTH, crossing)


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


def dictionary_parts(word: str, depth: int = SUBWORD_DEPTH) -> tuple[str, ...]:
    """Dictionary words that ``word`` is made of, found by decomposing it ``depth`` deep.

    ``dictionary_parts("ข้อมูลข่าวสาร")`` is (ข้อมูล, ข้อ, มูล, ข่าวสาร, ข่าว, สาร). A word
    of one part, or one that is not all dictionary words, gives ().
    """
    cover_text(word)
    return _parts(word, depth)


@lru_cache(maxsize=65536)
def _parts(word: str, depth: int = SUBWORD_DEPTH) -> tuple[str, ...]:
    """:func:`dictionary_parts` of a covered ``word``."""
    if depth <= 0 or len(word) < 2 * MIN_SUBWORD_LENGTH or not is_thai(word):
        return ()
    found: list[str] = []
    for cover in _covers(word):
        for part in cover:
            found.append(part)
            found.extend(_parts(part, depth - 1))
    return tuple(_unique(found))


def subwords(word: str) -> tuple[str, ...]:
    """The parts of ``word`` (see :func:`dictionary_parts`) that do not start it."""
    cover_text(word)
    return _subwords(word)


def _subwords(word: str) -> tuple[str, ...]:
    return tuple(p for p in _parts(word) if not word.startswith(p))


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
    return tuple(_unique([run[start:end] for start, end in _dictionary_spans(run, cuts, bounds)]))


@lru_cache(maxsize=65536)
def hidden_words(run: str) -> tuple[str, ...]:
    """Words of a Thai ``run`` for the hidden field: inside and across its newmm words."""
    inside = [p for word in thai_words(run) for p in _subwords(word)]
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


def segment_text(text: str) -> str:
    """Join the Thai words of ``text`` with ZWSP; markup and non-Thai text stay as they are.

    ``text`` may contain HTML (Material's ``text`` field does): tags, comments and
    character references are copied unchanged, only the text between them is
    segmented. A ZWSP also goes between a Thai word and a Latin letter or ASCII digit
    written against it ("ปี2569", "o11รายงาน"), so each becomes its own search term;
    punctuation stays attached as Material would leave it ("ป.ป.ช."). ZWSPs already in
    ``text`` are dropped first, so applying it twice gives the same result as applying
    it once.
    """
    return _segment_text(text, thai_words)


def _segment_text(
    text: str,
    words_of: Callable[[str], tuple[str, ...]],
    runs: list[str] | None = None,
    joined_of: dict[str, str] | None = None,
) -> str:
    """:func:`segment_text` with ``words_of`` cutting each Thai run.

    Each run met outside markup is appended to ``runs`` when given. ``joined_of`` keeps
    each run's words joined with ZWSP, for the next field that has the same run (a
    site's tables repeat a few hundred runs tens of thousands of times).
    """
    if not is_thai(text):
        return text
    text = text.replace(ZWSP, "")  # re-segment whole runs, not the previous words
    joined_of = {} if joined_of is None else joined_of
    known = joined_of.get
    collect = None if runs is None else runs.append
    # One pass over the whole field, then a loop over its matches (at odd indexes,
    # with the text between them around): no Python call per piece of markup, which
    # a ``sub`` callback would cost; a site's tables have tens of thousands of tags.
    pieces = _MARKUP_OR_THAI_RUN_SPLIT.split(text)
    last = len(pieces) - 1
    for i in range(1, last, 2):
        run = pieces[i]
        if run[0] in _MARKUP_START:  # markup: as it is
            continue
        if collect is not None:
            collect(run)
        joined = known(run)
        if joined is None:
            joined = joined_of[run] = ZWSP.join(words_of(run))
        # Markup starts with < or & and ends with > or ;, and a Thai run is as long as
        # it goes, so only the text between matches can put an ASCII letter or digit
        # against the run.
        before, after = pieces[i - 1], pieces[i + 1]
        if before and before[-1] in _ASCII_ALNUM:
            joined = ZWSP + joined
        if after and after[0] in _ASCII_ALNUM:
            joined += ZWSP
        pieces[i] = joined
    joined = "".join(pieces)
    if ZWSP + ZWSP in joined:  # rare: the substitution is a search of its own
        joined = _ZWSP_RUNS.sub(ZWSP, joined)
    return _ZWSP_AT_SPACE.sub("", joined)


def segment_and_runs(
    text: str, words_of: Callable[[str], tuple[str, ...]], joined_of: dict[str, str] | None = None
) -> tuple[str, list[str]]:
    """(:func:`segment_text` of ``text`` with ``words_of``, ``list(thai_runs(plain_text(text)))``).

    Without a character reference (no ``&``) the Thai runs of the plain text are
    exactly the runs the segmenting pass meets outside markup, so they are collected
    there rather than found by a second pass over the text. ``joined_of`` is passed on
    to :func:`_segment_text` (one dict for every field cut by the same ``words_of``).
    """
    if "&" in text:
        return _segment_text(text, words_of, joined_of=joined_of), list(thai_runs(plain_text(text)))
    runs: list[str] = []
    return _segment_text(text, words_of, runs, joined_of), runs


def plain_text(text: str) -> str:
    """``text`` without tags, comments or ZWSP, character references decoded."""
    return html.unescape(_TAGS.sub(" ", text)).replace(ZWSP, "")


# ---------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class SegmentedRun:
    """What segmenting gives for one run of Thai characters, the unit newmm cuts."""

    words: tuple[str, ...]
    """The run's newmm words (:func:`thai_words`)."""
    hidden: tuple[str, ...]
    """Its words for the hidden field (:func:`hidden_words`)."""
    vocabulary: tuple[str, ...]
    """Its words, its hidden words and every dictionary part of them, sorted."""


def segment_run(run: str) -> SegmentedRun:
    """Segment one Thai ``run`` (see :class:`SegmentedRun`)."""
    words, hidden = thai_words(run), hidden_words(run)
    vocabulary = set(words).union(hidden)
    vocabulary.update([part for word in vocabulary for part in _parts(word)])  # covered by the run
    return SegmentedRun(words, hidden, tuple(sorted(vocabulary)))


@dataclass(frozen=True)
class SegmentedDocument:
    """What segmenting gives for one search-index document (its ``title`` and ``text``)."""

    title: str | None
    """The segmented title; None when the document's title is not a string."""
    text: str | None
    """The segmented text; None when the document's text is not a string."""
    hidden: str
    """The hidden field's words, space-separated; empty when there are none."""
    words: tuple[str, ...]
    """The document's part of the vocabulary: its Thai terms, hidden words and their
    dictionary parts, sorted. Empty for a document without a Thai word."""
    runs: tuple[str, ...] = ()
    """Its distinct Thai runs, in order (what a cache keeps of them for the next build)."""


def segment_document(
    title: str | None, text: str | None, run_of: Callable[[str], SegmentedRun] = segment_run
) -> SegmentedDocument:
    """Segment one document's ``title`` and ``text`` (None: not a string, left alone).

    ``words`` holds what :func:`build_vocabulary` would read back from this document
    (the terms and the hidden words) and every dictionary part of them, so the site's
    vocabulary is the union of its documents' ``words``. A document is made of its
    runs: ``run_of`` (a cache's, or :func:`segment_run`) gives each one's part.
    """
    fields: dict[str, str | None] = {"title": title, "text": text}
    terms: list[str] = []
    extra: list[str] = []
    words: set[str] = set()
    seen: dict[str, None] = {}
    for name, value in fields.items():
        if value is None or not is_thai(value):
            continue
        fields[name], runs = segment_and_runs(value, lambda run: run_of(run).words)
        for run in dict.fromkeys(runs):  # a run's words again add nothing (sets, _unique)
            part = run_of(run)
            terms.extend(part.words)
            extra.extend(part.hidden)
            words.update(part.vocabulary)
            seen[run] = None
    own = set(terms)
    hidden = [w for w in _unique(extra) if w not in own]
    return SegmentedDocument(fields["title"], fields["text"], " ".join(hidden), tuple(sorted(words)), tuple(seen))


def _document_key(title: str | None, text: str | None) -> str:
    """The cache key of a document: a digest of its title and text (None kept apart from "")."""
    return hashlib.sha256(json.dumps([title, text], ensure_ascii=False).encode()).hexdigest()[:32]


# ------------------------------------------------------------------------------- cache

CACHE_SCHEMA = 3
"""Layout of the cache file; a file with another schema is discarded. 2: one entry per
document; 3: and one per Thai run, each document naming its runs."""

CACHE_FILE = Path(".oit-cache") / "thai-search.json"
"""Where the hook keeps :class:`SegmentCache`, relative to the folder of mkdocs.yml."""

_SEGMENTER_SOURCES = (Path(__file__), Path(thai_dictionary.__file__))


@lru_cache(maxsize=1)
def cache_identity() -> dict[str, Any]:
    """Everything besides a document's text that its segmentation depends on.

    The cache schema, PyThaiNLP's installed version and a digest of this segmenter's
    source (its parameters and algorithms). The word and syllable lists newmm cuts with
    are data files inside the PyThaiNLP distribution, so its version names them; read
    from package metadata, a rebuild that finds every document in its cache neither
    imports PyThaiNLP nor reads its 62,000 words. ``code`` is None when the source
    cannot be read; such an identity is never written.
    """
    return {
        "schema": CACHE_SCHEMA,
        "pythainlp": importlib.metadata.version("pythainlp"),
        "code": _digest(_SEGMENTER_SOURCES),
    }


def _digest(paths: Iterable[Path]) -> str | None:
    """Short SHA-256 of the files' names and bytes; None if one cannot be read."""
    digest = hashlib.sha256()
    try:
        for path in paths:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()[:32]


class SegmentCache:
    """Segmented search-index documents, by their title and text, kept between builds.

    :meth:`document` answers from the entries loaded from ``path`` and calls
    :func:`segment_document` only for a document whose title or text it has not seen,
    so the results are the same with or without a cache, and a rebuild after one edit
    segments only the documents of the edited page.

    A document not seen before is made of runs (:class:`SegmentedRun`), and the cache
    keeps those too: after one title is edited, the pages that show it are documents
    never seen, yet all their runs but the edited title's are known, so only the new
    words are cut (and no dictionary is loaded when there are none).

    :meth:`save` writes back only the entries used since loading (a document found in
    the file keeps its runs): text that left the site leaves the cache too, and the
    file stays the size of one build's Thai documents. The file records
    :func:`cache_identity`; a file made under another identity is discarded. A
    missing, unreadable or corrupt file is an empty cache and a file that cannot be
    written is left alone: the cache never fails a build. What went wrong is in :attr:`notes` (Thai, for the build log).

    ``SegmentCache()`` without a path is an in-memory cache for one run.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = None if path is None else Path(path)
        self.notes: list[str] = []
        self.hits = 0
        """Distinct documents answered from the file."""
        self.misses = 0
        """Distinct documents segmented afresh (the entries :meth:`save` adds)."""
        self.run_misses = 0
        """Distinct Thai runs segmented afresh."""
        self._stored: dict[str, SegmentedDocument] = {}
        self._used: dict[str, SegmentedDocument] = {}
        self._stored_runs: dict[str, SegmentedRun] = {}
        self._used_runs: dict[str, SegmentedRun] = {}
        self._loaded = False  # the file holds what _stored held
        self._changed = False  # an entry was computed since loading or saving
        if self.path is not None:
            self._load(self.path)

    def __len__(self) -> int:
        """Entries in use (what :meth:`save` writes)."""
        return len(self._used)

    def document(self, title: str | None, text: str | None) -> SegmentedDocument:
        """:func:`segment_document` of ``title`` and ``text``."""
        key = _document_key(title, text)
        found = self._used.get(key)
        if found is None:
            found = self._stored.pop(key, None)
            if found is None:
                found = segment_document(title, text, self.run)
                self.misses += 1
                self._changed = True
            else:
                self.hits += 1
                for run in found.runs:  # kept for the day this document changes
                    self._keep_run(run)
            self._used[key] = found
        return found

    def run(self, run: str) -> SegmentedRun:
        """:func:`segment_run` of ``run``."""
        found = self._used_runs.get(run) or self._keep_run(run)
        if found is None:
            found = self._used_runs[run] = segment_run(run)
            self.run_misses += 1
            self._changed = True
        return found

    def _keep_run(self, run: str) -> SegmentedRun | None:
        found = self._stored_runs.pop(run, None)
        if found is not None:
            self._used_runs[run] = found
        return found

    def _load(self, path: Path) -> None:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            self.notes.append(f"อ่านแคชการตัดคำ {path} ไม่ได้ ({exc.strerror or exc}) จะตัดคำใหม่ทั้งหมด")
            return
        entries = _parse_cache(raw)
        if isinstance(entries, str):
            self.notes.append(f"ไม่ใช้แคชการตัดคำ {path}: {entries} จะตัดคำใหม่ทั้งหมด")
            return
        self._stored, self._stored_runs = entries
        self._loaded = True

    def save(self) -> bool:
        """Write the entries used since loading to ``path``; True if the file was written.

        Nothing is written when the file already holds exactly these entries. The file
        is replaced atomically (:func:`oit.core.atomic.write_text_atomic`).
        """
        if self.path is None:
            return False
        if self._loaded and not self._changed and not self._stored:
            return False
        identity = cache_identity()
        if identity["code"] is None:
            self.notes.append("อ่านซอร์สของโปรแกรมตัดคำไม่ได้ จึงไม่เก็บแคชการตัดคำ")
            return False
        data = {
            "identity": identity,
            "documents": {key: [doc.title, doc.text, doc.hidden, list(doc.words), list(doc.runs)]
                          for key, doc in self._used.items()},
            "runs": {run: [list(seg.words), list(seg.hidden), list(seg.vocabulary)]
                     for run, seg in self._used_runs.items()},
        }
        try:
            write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")), durable=False)
        except (InputError, OSError) as exc:
            self.notes.append(f"เขียนแคชการตัดคำไม่ได้ ({exc}) การสร้างเว็บไซต์ยังทำต่อตามปกติ")
            return False
        self._stored, self._stored_runs = {}, {}
        self._loaded = True
        self._changed = False
        return True


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _parse_cache(raw: bytes) -> tuple[dict[str, SegmentedDocument], dict[str, SegmentedRun]] | str:
    """The document and run entries of a cache file, or why it cannot be used (Thai)."""
    try:
        data = json.loads(raw)
    except ValueError:  # UnicodeDecodeError is one
        return "ไฟล์เสียหาย (ไม่ใช่ JSON)"
    if not isinstance(data, dict):
        return "ไฟล์เสียหาย (โครงสร้างไม่ถูกต้อง)"
    if isinstance(data.get("identity"), dict) and data["identity"] != cache_identity():
        return "สร้างด้วย PyThaiNLP พจนานุกรม หรือโปรแกรมตัดคำรุ่นอื่น"  # an older schema too
    if (data.get("identity") != cache_identity() or not isinstance(data.get("documents"), dict)
            or not isinstance(data.get("runs"), dict)):
        return "ไฟล์เสียหาย (โครงสร้างไม่ถูกต้อง)"
    entries: dict[str, SegmentedDocument] = {}
    for key, value in data["documents"].items():
        if not (isinstance(value, list) and len(value) == 5):
            return "ไฟล์เสียหาย (ข้อมูลไม่ถูกต้อง)"
        title, text, hidden, words, runs = value
        if not (all(v is None or isinstance(v, str) for v in (title, text)) and isinstance(hidden, str)
                and _strings(words) and _strings(runs)):
            return "ไฟล์เสียหาย (ข้อมูลไม่ถูกต้อง)"
        entries[key] = SegmentedDocument(title, text, hidden, tuple(words), tuple(runs))
    runs_of: dict[str, SegmentedRun] = {}
    for run, value in data["runs"].items():
        if not (isinstance(value, list) and len(value) == 3 and all(_strings(v) for v in value)):
            return "ไฟล์เสียหาย (ข้อมูลไม่ถูกต้อง)"
        runs_of[run] = SegmentedRun(*(tuple(v) for v in value))
    return entries, runs_of


# ------------------------------------------------------------------------------- index


@dataclass
class SegmentedIndex:
    """Result of :func:`segment_search_index`: the new index and what went into it."""

    index: dict[str, Any]
    vocabulary: list[str] = field(default_factory=list)
    documents: int = 0
    thai_documents: int = 0
    hidden_words: int = 0
    cache: SegmentCache | None = None
    """The persistent cache :func:`rewrite_search_index` used, if any."""

    def log_messages(self) -> list[tuple[int, str]]:
        """(logging level, message) for the build log.

        A cache problem is INFO: it only costs time, and must not fail a ``--strict`` build.
        """
        messages = []
        separator = self.index.get("config", {}).get("separator")
        if separator != SEARCH_SEPARATOR:
            messages.append((logging.WARNING,
                             f"search separator is {separator!r}; Thai words need {SEARCH_SEPARATOR!r}"))
        cache = self.cache
        messages += [(logging.INFO, note) for note in (cache.notes if cache else [])]
        reuse = "" if cache is None else f" (cache: {cache.hits} reused, {cache.misses} new)"
        messages.append((logging.INFO, f"{self.thai_documents} documents segmented, "
                                       f"{len(self.vocabulary)} Thai words in the vocabulary{reuse}"))
        return messages


def segment_index(index: dict[str, Any]) -> dict[str, Any]:
    """Material's ``search_index.json`` (as a dict) with Thai words separated.

    Segments ``docs[].title`` and ``docs[].text``, adds the hidden field to documents
    that need it and declares it in ``config.fields``. The input is not modified;
    segmenting an already segmented index changes nothing.
    """
    return segment_search_index(index).index


def segment_search_index(index: dict[str, Any], cache: SegmentCache | None = None) -> SegmentedIndex:
    """Like :func:`segment_index`, also collecting the vocabulary and counts.

    ``cache`` answers for the documents it has seen (:class:`SegmentCache`); the result
    is the same with or without it.
    """
    cache = SegmentCache() if cache is None else cache
    config = dict(index.get("config") or {})
    fields = {name: dict(spec) for name, spec in (config.get("fields") or {}).items()}
    fields.setdefault(SUBWORD_FIELD, {"boost": SUBWORD_BOOST})
    config["fields"] = fields
    docs: list[dict[str, Any]] = []
    result = SegmentedIndex(index={**index, "config": config, "docs": docs})
    vocabulary: set[str] = set()
    for original in index.get("docs") or []:
        doc = dict(original)
        doc.pop(SUBWORD_FIELD, None)  # recomputed: segmenting twice changes nothing
        result.documents += 1
        docs.append(doc)
        title, text = (value if isinstance(value, str) else None
                       for value in (doc.get("title"), doc.get("text")))
        if not is_thai(title or "") and not is_thai(text or ""):
            continue  # nothing to segment, nothing to cache
        segmented = cache.document(title, text)
        if title is not None:
            doc["title"] = segmented.title
        if text is not None:
            doc["text"] = segmented.text
        if segmented.hidden:
            doc[SUBWORD_FIELD] = segmented.hidden
            result.hidden_words += len(segmented.hidden.split(" "))
        if segmented.words:
            result.thai_documents += 1
            vocabulary.update(segmented.words)
    result.vocabulary = sorted(vocabulary)
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


def rewrite_search_index(site_dir: Path, cache_path: Path | None = None) -> SegmentedIndex | None:
    """Segment ``site_dir/search/search_index.json`` in place and write the vocabulary.

    Returns ``None`` when the site has no search index (search plugin disabled).
    Both files are replaced atomically and stay readable by the web server.
    With ``cache_path``, a :class:`SegmentCache` kept in that file answers for the
    documents of earlier builds and is saved afterwards (``result.cache``).
    """
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return None
    index = json.loads(path.read_text(encoding="utf-8"))
    cache = None if cache_path is None else SegmentCache(cache_path)
    result = segment_search_index(index, cache)
    write_text_atomic(path, json.dumps(result.index, ensure_ascii=False, separators=(",", ":")))
    vocabulary_path = path.with_name(VOCABULARY_NAME)
    write_text_atomic(vocabulary_path, vocabulary_json(result.vocabulary))
    # A new file from the atomic writer is 0600; give it the index's (web-readable) mode.
    shutil.copymode(path, vocabulary_path)
    if cache is not None:
        cache.save()
        result.cache = cache
    return result


def _unique(items: Iterable[str]) -> list[str]:
    """``items`` without duplicates, first occurrence kept."""
    return list(dict.fromkeys(items))
