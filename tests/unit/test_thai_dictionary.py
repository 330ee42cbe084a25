"""oit.search.thai_dictionary: PyThaiNLP's word lists stored once per installation, read back the same."""

from __future__ import annotations

import marshal
import os
import re
import shutil
from pathlib import Path

import pytest

from oit.installation import SHARE_ENV
from oit.search import thai_dictionary
from oit.search.thai_dictionary import (
    PrefixDictionary,
    from_pythainlp,
    load_dictionaries,
    read_store,
    store_path,
    write_store,
)

SAMPLE = Path(__file__).resolve().parents[2] / "indicators.yml"


@pytest.fixture(scope="module")
def built() -> tuple[PrefixDictionary, PrefixDictionary]:
    return from_pythainlp()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "share" / "thai-dictionaries.marshal"
    assert write_store(path) is True
    return path


def sample_runs() -> list[str]:
    runs = sorted(set(re.findall(r"[\u0e00-\u0e7f]+", SAMPLE.read_text(encoding="utf-8"))))
    assert len(runs) > 100
    return runs


def test_stored_lists_answer_as_the_lists_read_from_pythainlp(
    store: Path, built: tuple[PrefixDictionary, PrefixDictionary]
) -> None:
    stored = read_store(store)
    assert stored is not None
    runs = sample_runs()
    for ours, theirs in zip(stored, built, strict=True):
        assert len(ours) == len(theirs) > 10_000
        assert list(ours) == list(theirs)
        for run in runs:
            for start in range(len(run) + 1):
                assert ours.prefixes(run, start) == theirs.prefixes(run, start), (run, start)
            for end in range(1, len(run) + 1):
                assert (run[:end] in ours) == (run[:end] in theirs)
        assert "" not in ours


@pytest.mark.parametrize("shortest", [1, 2, 3])
def test_spans_are_every_dictionary_word_between_two_cuts(
    store: Path, built: tuple[PrefixDictionary, PrefixDictionary], shortest: int
) -> None:
    """``spans`` against trying every pair of cuts, on the stored and the rebuilt lists."""
    stored = read_store(store)
    assert stored is not None
    for number, run in enumerate(sample_runs()):
        # every position, and a sparse set of cuts that skips some word ends
        for cuts in (list(range(len(run) + 1)), sorted({0, len(run), *range(number % 3, len(run), 3)})):
            expected = [(start, end) for start in cuts for end in cuts
                        if end - start >= shortest and run[start:end] in built[0]]
            assert stored[0].spans(run, cuts, shortest) == expected, run
            assert built[0].spans(run, cuts, shortest) == expected, run
            # only those crossing some positions (word boundaries, in thai_search)
            for crossing in ([], [len(run) // 2], sorted({len(run) // 3, len(run) // 2, len(run) - 2} - {0})):
                across = [(a, b) for a, b in expected if any(a < c < b for c in crossing)]
                assert stored[0].spans(run, cuts, shortest, crossing) == across, (run, crossing)


def test_a_group_becomes_a_set_only_when_the_text_reaches_it(store: Path) -> None:
    stored = read_store(store)
    assert stored is not None
    words = stored[0]
    assert words._sets == {}
    assert words.prefixes("ข้อมูลข่าวสาร") == ["ข้อ", "ข้อมูล", "ข้อมูลข่าวสาร"]
    assert set(words._sets) == {"ข้อ"}


def test_writing_again_keeps_a_store_that_matches(store: Path) -> None:
    before = store.read_bytes()
    assert write_store(store) is False
    assert store.read_bytes() == before
    assert store.stat().st_mode & 0o044  # readable by every user of the installation


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal at all",
        marshal.dumps([1, 2, 3]),
        marshal.dumps({"identity": "other"}),
    ],
)
def test_a_missing_or_unreadable_store_is_ignored(tmp_path: Path, content: bytes) -> None:
    assert read_store(tmp_path / "missing.marshal") is None
    path = tmp_path / "bad.marshal"
    path.write_bytes(content)
    assert read_store(path) is None


def test_a_store_of_another_pythainlp_or_other_files_is_ignored(
    store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real = thai_dictionary.corpus_folder()
    assert real is not None
    # The same files, copied with their size and modification time: the store holds.
    fake = tmp_path / "pythainlp" / "corpus"
    fake.mkdir(parents=True)
    shutil.copy2(real.parent / "__init__.py", fake.parent / "__init__.py")
    for name in thai_dictionary.DICTIONARY_FILES:
        shutil.copy2(real / name, fake / name)
    monkeypatch.setattr(thai_dictionary, "corpus_folder", lambda: fake)
    assert read_store(store) is not None
    # Another PyThaiNLP: its __init__.py (the version) was written at another time.
    os.utime(fake.parent / "__init__.py", ns=(0, 0))
    assert read_store(store) is None
    shutil.copy2(real.parent / "__init__.py", fake.parent / "__init__.py")
    assert read_store(store) is not None
    # Another installation's word files (size and modification time differ).
    for name in thai_dictionary.DICTIONARY_FILES:
        (fake / name).write_text("ก\n", encoding="utf-8")
    assert read_store(store) is None


@pytest.mark.parametrize(
    "groups",
    [{"ก": 5}, {"กขค": 5}, {"กขค": "ง"}, {"กขค": b""}, {"กข": b"x"}, {3: b"x"}, {"กขค": b"x", "งจฉ": None}],
)
def test_a_damaged_entry_is_ignored(store: Path, groups: dict[object, object]) -> None:
    data = marshal.loads(store.read_bytes())
    data["words"] = (1, b"", groups)
    store.write_bytes(marshal.dumps(data))
    assert read_store(store) is None
    data["words"] = (1, b"", {"กขค": b"x"})
    store.write_bytes(marshal.dumps(data))
    assert read_store(store) is not None


def test_load_dictionaries_reads_the_store_or_falls_back(
    store: Path, monkeypatch: pytest.MonkeyPatch, built: tuple[PrefixDictionary, PrefixDictionary]
) -> None:
    monkeypatch.setenv(SHARE_ENV, str(store.parent))
    assert store_path() == store
    stored = load_dictionaries()
    assert stored[0]._groups and stored[0]._sets == {}  # read from the store
    monkeypatch.setenv(SHARE_ENV, str(store.parent / "nothing-here"))
    fallback = load_dictionaries()
    assert fallback[0]._groups == {}  # read from PyThaiNLP
    for a, b, c in zip(stored, fallback, built, strict=True):
        assert list(a) == list(b) == list(c)


def test_setup_stores_into_the_installation_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.delenv(SHARE_ENV, raising=False)
    assert store_path().is_relative_to(Path(sys.prefix))
