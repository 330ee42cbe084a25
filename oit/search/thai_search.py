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
costs about 0.1 s (PyThaiNLP's import, and its dictionaries as
:class:`oit.search.thai_dictionary.PrefixDictionary`, loaded from the copy ``make setup``
stores). No mkdocs import here; ``hooks/thai_search.py`` is the adapter.

Rebuilds of a site mostly see the same Thai text again, so :class:`SegmentCache` keeps
what PyThaiNLP said about each run and word in a JSON file between builds
(``.oit-cache/thai-search.json`` beside mkdocs.yml): a rebuild whose runs were all seen
before never imports PyThaiNLP; when some are new, PyThaiNLP starts and segments only
those. Editing this module, or another PyThaiNLP or dictionary, discards the file
(:func:`cache_identity`).
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from oit.collector import collector_paused
from oit.core.atomic import write_text_atomic
from oit.core.errors import InputError
from oit.lean_imports import newmm_segment
from oit.search.thai_dictionary import DICTIONARY_FILES, PrefixDictionary, corpus_folder, load_dictionaries

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
# character references (between "&" and ";").
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


@lru_cache(maxsize=1)
def _pythainlp() -> tuple[Any, PrefixDictionary, PrefixDictionary]:
    """(newmm, word dictionary, syllable dictionary), imported on first use.

    ``newmm.segment`` is what ``word_tokenize(engine="newmm")`` runs; the wrapper's
    post-processing (whitespace, numbers written with ``.,:``) has nothing to do on a run
    of Thai characters, and its engine lookup cost a tenth of the segmenting time.
    It is loaded without PyThaiNLP's package ``__init__`` (:mod:`oit.lean_imports`).
    """
    words, syllables = load_dictionaries()
    return newmm_segment(), words, syllables


@lru_cache(maxsize=65536)
def thai_words(run: str) -> tuple[str, ...]:
    """Cut one run of Thai characters into words with PyThaiNLP ``newmm``."""
    newmm, words, _ = _pythainlp()
    if run in words:  # newmm keeps a dictionary word whole (see _syllables)
        return (run,)
    return tuple(w for w in newmm(run, words) if w and not w.isspace())


def _syllables(text: str) -> list[str]:
    """PyThaiNLP's ``syllable_tokenize(text, engine="dict")``, on our dictionaries.

    The same steps as ``pythainlp.tokenize._registry._syllable_dict``: cut into words
    with ``newmm``, then each word with ``newmm`` on the syllable list.
    """
    newmm, words, syllables = _pythainlp()
    # newmm keeps every entry of either list whole (checked for all of them in the
    # tests), so an entry needs no second look: most words here are dictionary words.
    segments: list[str] = []
    for word in [text] if text in words else newmm(text, words):
        segments.extend([word] if word in syllables else newmm(word, syllables))
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
    _, words, _ = _pythainlp()
    # Only cut-to-cut pieces can count, so look those up rather than every prefix at a
    # start (a few syllable cuts per word against a dozen letters): same spans, same order.
    return words.spans(text, sorted(set(cuts)), MIN_SUBWORD_LENGTH, crossing)


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
    return tuple(_unique([run[start:end] for start, end in _dictionary_spans(run, cuts, bounds)]))


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


# ------------------------------------------------------------------------------- cache

CACHE_SCHEMA = 1
"""Layout of the cache file; a file with another schema is discarded."""

CACHE_FILE = Path(".oit-cache") / "thai-search.json"
"""Where the hook keeps :class:`SegmentCache`, relative to the folder of mkdocs.yml."""

_CACHE_TABLES = ("words", "hidden", "parts")


@lru_cache(maxsize=1)
def cache_identity() -> dict[str, Any]:
    """Everything besides the text that cached results depend on.

    The cache schema, PyThaiNLP's version, a digest of its word and syllable
    dictionaries, and a digest of this module's source (its parameters and algorithms).
    Found without importing PyThaiNLP. ``dictionaries`` is None when they cannot be
    read; such an identity is never written.
    """
    try:
        version: str | None = importlib.metadata.version("pythainlp")
    except importlib.metadata.PackageNotFoundError:
        version = None
    return {
        "schema": CACHE_SCHEMA,
        "pythainlp": version,
        "dictionaries": _dictionary_digest(),
        "code": _digest([Path(__file__)]),
    }


def _dictionary_digest() -> str | None:
    """Digest of PyThaiNLP's bundled dictionaries (the package is located, not imported)."""
    corpus = corpus_folder()
    return _digest([corpus / name for name in DICTIONARY_FILES]) if corpus else None


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
    """What PyThaiNLP said about each Thai run and word, kept between builds.

    Three plain dicts: ``words`` (run → :func:`thai_words`), ``hidden`` (run →
    :func:`hidden_words`) and ``parts`` (word → :func:`dictionary_parts`), which is all
    that :func:`segment_search_index` asks PyThaiNLP. :meth:`words`, :meth:`hidden` and
    :meth:`parts` answer from the entries loaded from ``path`` and call those functions
    (importing PyThaiNLP) only for what is not there, so the results are the same with
    or without a cache.

    :meth:`save` writes back only the entries used since loading: text that left the
    site leaves the cache too, and the file stays the size of one build's Thai text.
    The file records :func:`cache_identity`; a file made under another identity is
    discarded. A missing, unreadable or corrupt file is an empty cache and a file that
    cannot be written is left alone: the cache never fails a build. What went wrong is
    in :attr:`notes` (Thai, for the build log).

    ``SegmentCache()`` without a path is an in-memory cache for one run.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = None if path is None else Path(path)
        self.notes: list[str] = []
        self.hits = 0
        """Distinct runs and words answered from the file."""
        self.misses = 0
        """Distinct runs and words that PyThaiNLP had to segment."""
        self._stored: dict[str, dict[str, tuple[str, ...]]] = {t: {} for t in _CACHE_TABLES}
        self._used: dict[str, dict[str, tuple[str, ...]]] = {t: {} for t in _CACHE_TABLES}
        self._loaded = False  # the file holds what _stored held
        self._changed = False  # an entry was computed since loading or saving
        if self.path is not None:
            self._load(self.path)

    def __len__(self) -> int:
        """Entries in use (what :meth:`save` writes)."""
        return sum(len(table) for table in self._used.values())

    # -- lookups

    def words(self, run: str) -> tuple[str, ...]:
        """:func:`thai_words` of ``run``."""
        value = self._used["words"].get(run)  # the common case, called per run of a page
        return value if value is not None else self._lookup("words", run, thai_words)

    def hidden(self, run: str) -> tuple[str, ...]:
        """:func:`hidden_words` of ``run``."""
        value = self._used["hidden"].get(run)
        return value if value is not None else self._lookup("hidden", run, hidden_words)

    def parts(self, word: str) -> tuple[str, ...]:
        """:func:`dictionary_parts` of ``word`` (default depth)."""
        value = self._used["parts"].get(word)
        return value if value is not None else self._lookup("parts", word, dictionary_parts)

    def _lookup(self, table: str, key: str, compute: Callable[[str], tuple[str, ...]]) -> tuple[str, ...]:
        used = self._used[table]
        value = used.get(key)
        if value is None:
            value = self._stored[table].pop(key, None)
            if value is None:
                value = compute(key)
                self.misses += 1
                self._changed = True
            else:
                self.hits += 1
            used[key] = value
        return value

    # -- file

    def _load(self, path: Path) -> None:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            self.notes.append(f"อ่านแคชการตัดคำ {path} ไม่ได้ ({exc.strerror or exc}) จะตัดคำใหม่ทั้งหมด")
            return
        tables = _parse_cache(raw)
        if isinstance(tables, str):
            self.notes.append(f"ไม่ใช้แคชการตัดคำ {path}: {tables} จะตัดคำใหม่ทั้งหมด")
            return
        self._stored = tables
        self._loaded = True

    def save(self) -> bool:
        """Write the entries used since loading to ``path``; True if the file was written.

        Nothing is written when the file already holds exactly these entries.
        """
        if self.path is None:
            return False
        if self._loaded and not self._changed and not any(self._stored.values()):
            return False
        identity = cache_identity()
        if identity["dictionaries"] is None:
            self.notes.append("หาไฟล์พจนานุกรมของ PyThaiNLP ไม่พบ จึงไม่เก็บแคชการตัดคำ")
            return False
        data = {
            "identity": identity,
            "tables": {name: {key: list(value) for key, value in self._used[name].items()}
                       for name in _CACHE_TABLES},
        }
        try:
            write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        except (InputError, OSError) as exc:
            self.notes.append(f"เขียนแคชการตัดคำไม่ได้ ({exc}) การสร้างเว็บไซต์ยังทำต่อตามปกติ")
            return False
        self._stored = {t: {} for t in _CACHE_TABLES}
        self._loaded = True
        self._changed = False
        return True


def _parse_cache(raw: bytes) -> dict[str, dict[str, tuple[str, ...]]] | str:
    """The tables of a cache file, or why it cannot be used (Thai)."""
    try:
        data = json.loads(raw)
    except ValueError:  # UnicodeDecodeError is one
        return "ไฟล์เสียหาย (ไม่ใช่ JSON)"
    if not isinstance(data, dict) or not isinstance(data.get("tables"), dict):
        return "ไฟล์เสียหาย (โครงสร้างไม่ถูกต้อง)"
    if data.get("identity") != cache_identity():
        return "สร้างด้วย PyThaiNLP พจนานุกรม หรือโปรแกรมตัดคำรุ่นอื่น"
    tables: dict[str, dict[str, tuple[str, ...]]] = {}
    for name in _CACHE_TABLES:
        table = data["tables"].get(name)
        if not isinstance(table, dict):
            return "ไฟล์เสียหาย (โครงสร้างไม่ถูกต้อง)"
        loaded: dict[str, tuple[str, ...]] = {}
        for key, value in table.items():
            if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
                return "ไฟล์เสียหาย (ข้อมูลไม่ถูกต้อง)"
            loaded[key] = tuple(value)
        tables[name] = loaded
    return tables


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


def segment_index(index: dict[str, Any]) -> dict[str, Any]:
    """Material's ``search_index.json`` (as a dict) with Thai words separated.

    Segments ``docs[].title`` and ``docs[].text``, adds the hidden field to documents
    that need it and declares it in ``config.fields``. The input is not modified;
    segmenting an already segmented index changes nothing.
    """
    return segment_search_index(index).index


def segment_search_index(index: dict[str, Any], cache: SegmentCache | None = None) -> SegmentedIndex:
    """Like :func:`segment_index`, also collecting the vocabulary and counts.

    ``cache`` answers for the runs and words it has seen (:class:`SegmentCache`); the
    result is the same with or without it.
    """
    cache = SegmentCache() if cache is None else cache
    config = dict(index.get("config") or {})
    fields = {name: dict(spec) for name, spec in (config.get("fields") or {}).items()}
    fields.setdefault(SUBWORD_FIELD, {"boost": SUBWORD_BOOST})
    config["fields"] = fields
    docs: list[dict[str, Any]] = []
    result = SegmentedIndex(index={**index, "config": config, "docs": docs})
    vocabulary: set[str] = set()
    joined_of: dict[str, str] = {}  # run -> its words joined, for every field of the index
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
            doc[name], runs = segment_and_runs(value, cache.words, joined_of)
            for run in dict.fromkeys(runs):  # a run's words again add nothing (sets, _unique)
                terms.extend(cache.words(run))
                extra.extend(cache.hidden(run))
        if terms:
            result.thai_documents += 1
            own = set(terms)
            hidden = [w for w in _unique(extra) if w not in own]
            if hidden:
                doc[SUBWORD_FIELD] = " ".join(hidden)
                result.hidden_words += len(hidden)
            # What build_vocabulary would read back: the terms and the hidden words.
            vocabulary.update(own)
            vocabulary.update(hidden)
        docs.append(doc)
    vocabulary.update([part for word in vocabulary for part in cache.parts(word)])
    result.vocabulary = sorted(vocabulary)
    return result


def build_vocabulary(index: dict[str, Any], cache: SegmentCache | None = None) -> list[str]:
    """Sorted Thai vocabulary of an index passed through :func:`segment_index`.

    The Thai words of ``title`` and ``text``, the hidden field's words, and every
    dictionary part of them (prefix parts too: the query side prefers whole words).
    """
    cache = SegmentCache() if cache is None else cache
    words: set[str] = set()
    for doc in index.get("docs") or []:
        for name in ("title", "text"):
            value = doc.get(name)
            if isinstance(value, str):
                for run in thai_runs(plain_text(value)):
                    words.update(cache.words(run))
        hidden = doc.get(SUBWORD_FIELD)
        if isinstance(hidden, str):
            words.update(w for w in hidden.split() if is_thai(w))
    words.update([p for w in words for p in cache.parts(w)])
    return sorted(words)


def vocabulary_json(words: Iterable[str]) -> str:
    """The ``thai-words.json`` document: ``{"schema": 1, "words": [...]}``, sorted."""
    return json.dumps({"schema": 1, "words": sorted(set(words))}, ensure_ascii=False,
                      separators=(",", ":"))


def rewrite_search_index(site_dir: Path, cache_path: Path | None = None) -> SegmentedIndex | None:
    """Segment ``site_dir/search/search_index.json`` in place and write the vocabulary.

    Returns ``None`` when the site has no search index (search plugin disabled).
    Both files are replaced atomically and stay readable by the web server.
    With ``cache_path``, a :class:`SegmentCache` kept in that file answers for the Thai
    runs and words of earlier builds and is saved afterwards (``result.cache``).
    """
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return None
    index = json.loads(path.read_text(encoding="utf-8"))
    cache = None if cache_path is None else SegmentCache(cache_path)
    with collector_paused():  # many small tuples and lists, kept until the end
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
