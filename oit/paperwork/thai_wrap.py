"""Break Thai text into lines between words, never inside one.

Thai is written without spaces between words, so a PDF library that breaks lines at
spaces either overflows or cuts a word in two. PyThaiNLP's ``newmm`` (the segmenter the
site's search already uses) finds the words; lines are filled greedily with them,
measured by the renderer's own width function (shaped text, real font metrics). Only a
single word wider than the line is cut: between its syllables, or (a URL) between
characters that start a cluster, so a vowel or tone mark stays on its consonant.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator

Measure = Callable[[str], float]


def _thai_letter(char: str) -> bool:
    """A Thai consonant, vowel or mark (U+0E01–U+0E4F): not a Thai digit or sign."""
    return "\u0e01" <= char <= "\u0e4f"


_OPENING = set("([{\u201c\u2018")
_CLOSING = set(")]}\u201d\u2019,.:;!?%")


def _words(text: str) -> list[str]:
    """The words of ``text``, spaces kept, a bracket held to the word it encloses."""
    from pythainlp.tokenize import word_tokenize  # heavy: loaded when a document is made

    words: list[str] = []
    hold = ""  # an opening bracket waiting for its word
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        if not word:
            continue
        if word in _OPENING:
            hold += word
        elif words and word[0] in _CLOSING and not words[-1].isspace():
            words[-1] += hold + word
            hold = ""
        elif (words and not hold and not word[0].isspace() and not words[-1][-1].isspace()
              and not _thai_letter(word[0]) and not _thai_letter(words[-1][-1])):
            # the segmenter cuts 15/2570, 12,500.00 or ๑๕/๒๕๗๐ at each sign: one word on paper
            words[-1] += word
        else:
            words.append(hold + word)
            hold = ""
    if hold:
        words.append(hold)
    return words


def _clusters(word: str) -> Iterator[str]:
    """The word in pieces that start at a base character (marks stay attached)."""
    piece = ""
    for char in word:
        if piece and unicodedata.category(char) not in ("Mn", "Mc", "Me"):
            yield piece
            piece = ""
        piece += char
    if piece:
        yield piece


def _syllables(word: str, width: float, measure: Measure) -> list[str]:
    """An over-long word cut into syllables (PyThaiNLP's dictionary syllables), else clusters.

    องค์การบริหารส่วนตำบล is one dictionary word and wider than a narrow table column;
    cut between its syllables (…บริหาร|ส่วน…) rather than anywhere.
    """
    from pythainlp.tokenize import subword_tokenize

    pieces: list[str] = []
    for syllable in subword_tokenize(word, engine="dict"):
        pieces += list(_clusters(syllable)) if measure(syllable) > width else [syllable]
    return pieces


def _fit(pieces: Iterator[str] | list[str], width: float, measure: Measure) -> list[str]:
    lines: list[str] = []
    line = ""
    for piece in pieces:
        candidate = line + piece
        if not line or measure(candidate) <= width:
            line = candidate
            continue
        if piece.isspace():  # a space at the end of a line is dropped, not carried over
            lines.append(line.rstrip())
            line = ""
            continue
        lines.append(line.rstrip())
        line = piece
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def wrap(text: str, width: float, measure: Measure) -> list[str]:
    """``text`` as lines no wider than ``width`` (in ``measure``'s unit), cut between words.

    Explicit newlines are kept.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        pieces: list[str] = []
        for word in _words(paragraph):
            if measure(word) > width and not word.isspace():
                pieces += _syllables(word, width, measure)  # a compound longer than the line
            else:
                pieces.append(word)
        lines += _fit(pieces, width, measure)
    return lines
