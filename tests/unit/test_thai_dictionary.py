"""oit.search.thai_dictionary: PyThaiNLP's public word lists, tries that answer for the text
at hand as the full lists do, the lists' digest, and spans."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pythainlp.corpus import thai_syllables, thai_words
from pythainlp.util import Trie

from oit.search.thai_dictionary import (
    NOT_THAI,
    WordList,
    cover,
    dictionary_words,
    spans,
    syllable_trie,
    syllables,
    word_trie,
)
from oit.search.thai_search import cache_identity

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "indicators.yml"


def sample_runs() -> list[str]:
    runs = sorted(set(re.findall(r"[\u0e00-\u0e7f]+", SAMPLE.read_text(encoding="utf-8"))))
    assert len(runs) > 100
    return runs


def test_the_lists_are_pythainlps_public_lists() -> None:
    assert dictionary_words().words == thai_words()
    assert syllables().words == thai_syllables()
    assert len(dictionary_words()) > 10_000 and len(syllables()) > 5_000
    assert dictionary_words().longest == max(map(len, thai_words()))
    assert "ข้อมูล" in dictionary_words() and "ข้อมูลข่าวสาร" in dictionary_words()


def test_occurring_in_finds_every_word_of_the_list_in_the_text() -> None:
    for words in (dictionary_words(), syllables()):
        for run in sample_runs()[:60]:
            expected = {run[a:b] for a in range(len(run)) for b in range(a + 1, len(run) + 1)} & words.words
            assert words.occurring_in(run) == expected, run


def test_covered_tries_answer_as_the_full_lists_at_every_position() -> None:
    """newmm asks its trie only ``prefixes(text, position)``: after ``cover(text)`` our
    tries answer that as PyThaiNLP's tries of the whole lists do, on every Thai run of
    the sample, at every position of it and of every piece of it."""
    full_words, full_syllables = Trie(thai_words()), Trie(thai_syllables())
    for run in sample_runs():
        cover(run)
        for trie, full in ((word_trie(), full_words), (syllable_trie(), full_syllables)):
            assert isinstance(trie, Trie)
            for start in range(len(run)):
                assert trie.prefixes(run, start) == full.prefixes(run, start), (run, start)
                piece = run[start:start + 7]  # newmm also cuts words and chunks of a run
                assert trie.prefixes(piece, 0) == full.prefixes(piece, 0), piece
    assert NOT_THAI in word_trie() and not any(0x0E00 <= ord(c) <= 0x0E7F for c in NOT_THAI)
    assert len(word_trie()) < len(full_words) // 10, "only the words of the text at hand"


def test_the_cache_identity_is_the_same_in_every_process_and_reads_no_word_list() -> None:
    """The identity keys a cache file between builds: string hashing, which Python
    randomises per process, must not reach it; and making it must not import PyThaiNLP
    (a warm rebuild then never reads its word lists) nor build a trie."""
    code = ("import sys; from oit.search import thai_dictionary as d, thai_search as s; "
            "print(s.cache_identity()['code'], d.tries_built(), 'pythainlp' in sys.modules)")
    seen = set()
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                             env={**os.environ, "PYTHAINLP_READ_ONLY": "1", "PYTHONHASHSEED": seed})
        digest, tries, imported = out.stdout.split()
        assert (tries, imported) == ("False", "False")
        seen.add(digest)
    assert seen == {cache_identity()["code"]}


@pytest.mark.parametrize("shortest", [1, 2, 3])
def test_spans_are_every_dictionary_word_between_two_cuts(shortest: int) -> None:
    """``spans`` against trying every pair of cuts."""
    words = dictionary_words()
    for number, run in enumerate(sample_runs()):
        # every position, and a sparse set of cuts that skips some word ends
        for cuts in (list(range(len(run) + 1)), sorted({0, len(run), *range(number % 3, len(run), 3)})):
            expected = [(start, end) for start in cuts for end in cuts
                        if end - start >= shortest and run[start:end] in words]
            assert spans(words, run, cuts, shortest) == expected, run
            # only those crossing some positions (word boundaries, in thai_search)
            for crossing in ([], [len(run) // 2], sorted({len(run) // 3, len(run) // 2, len(run) - 2} - {0})):
                across = [(a, b) for a, b in expected if any(a < c < b for c in crossing)]
                assert spans(words, run, cuts, shortest, crossing) == across, (run, crossing)


def test_spans_of_a_small_list() -> None:
    small = WordList.of(frozenset({"หนอง", "บัว", "หนองบัว"}))
    assert small.longest == 7 and small.occurring_in("บัวหนองบัว") == {"หนอง", "บัว", "หนองบัว"}
    assert spans(small, "หนองบัวหนอง", [0, 4, 7, 11]) == [(0, 4), (0, 7), (4, 7), (7, 11)]
    assert spans(small, "หนองบัวหนอง", [0, 4, 7, 11], crossing=[4]) == [(0, 7)]
