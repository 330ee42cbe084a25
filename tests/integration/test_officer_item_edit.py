"""The officer layer's other item edits (used by the console): remove a document, mark an
item not applicable, find the same file recorded under another name. Comments kept,
nothing changed on a refusal, the site still loads after every change."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from oit.core.errors import InputError
from oit.core.fiscal_calendar import parse_date
from oit.core.indicators import load_site
from oit.officer.item_edit import remove_document, same_content_documents, set_not_applicable
from tests.integration.test_officer_support import SAMPLE_AS_OF
from tests.support.sample import copy_sample, tree_digest
from tests.support.sites import pdf_bytes

TODAY = parse_date(SAMPLE_AS_OF)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "site")


def removed_lines(old: str, new: str) -> list[str]:
    """The lines taken out; fails if any line was added or changed."""
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    gone = []
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        assert tag in ("equal", "delete"), f"lines changed: {tag}"
        if tag == "delete":
            gone.extend(old.splitlines()[i1:i2])
    return gone


def test_remove_takes_out_exactly_that_entry_and_keeps_comments(sample: Path) -> None:
    config = sample / "indicators.yml"
    old = config.read_text(encoding="utf-8")
    record = load_site(sample, as_of=TODAY).items["o11"]
    doc = record.documents[1]
    result = remove_document(sample, "O11", 1, doc.target, today=TODAY)
    assert result.document == doc and not result.file_still_used
    gone = removed_lines(old, config.read_text(encoding="utf-8"))
    assert any(doc.target in line for line in gone)
    assert all(not line.lstrip().startswith("#") for line in gone)  # no comment lost
    after = load_site(sample, as_of=TODAY).items["o11"]
    assert [d.target for d in after.documents] == [d.target for d in record.documents if d is not doc]


def test_remove_refuses_when_the_list_changed(sample: Path) -> None:
    before = tree_digest(sample)
    record = load_site(sample, as_of=TODAY).items["o11"]
    with pytest.raises(InputError) as caught:
        remove_document(sample, "o11", 0, record.documents[1].target, today=TODAY)
    assert caught.value.message == f"ไม่พบเอกสาร '{record.documents[1].target}' ในลำดับที่ 1 ของรายการ o11"
    with pytest.raises(InputError):
        remove_document(sample, "o11", 99, "x.pdf", today=TODAY)
    assert tree_digest(sample) == before


def test_not_applicable_needs_an_item_without_documents(sample: Path) -> None:
    before = tree_digest(sample)
    with pytest.raises(InputError) as caught:
        set_not_applicable(sample, "o1", "ไม่มี", today=TODAY)
    assert "ระบุว่าไม่เกี่ยวข้องไม่ได้" in caught.value.message
    assert tree_digest(sample) == before


def test_not_applicable_set_and_cleared_round_trip(sample: Path) -> None:
    config = sample / "indicators.yml"
    site = load_site(sample, as_of=TODAY)
    record = site.items["o11"]
    for index in reversed(range(len(record.documents))):
        remove_document(sample, "o11", index, record.documents[index].target, today=TODAY)
    emptied = config.read_bytes()
    site = set_not_applicable(sample, "o11", "  อบต. ไม่มีการจัดซื้อ   ในปีนี้ ", today=TODAY)
    assert site.items["o11"].not_applicable == "อบต. ไม่มีการจัดซื้อ ในปีนี้"
    set_not_applicable(sample, "o11", "", today=TODAY)
    assert config.read_bytes() == emptied


def test_same_content_is_found_under_another_name(sample: Path, tmp_path: Path) -> None:
    site = load_site(sample, as_of=TODAY)
    doc = next(d for r in site.items.values() for d in r.documents if d.kind == "file")
    copy = tmp_path / "อีกชื่อ.pdf"
    copy.write_bytes(site.file_path(doc).read_bytes())
    assert (doc.target in [d.target for _code, d in same_content_documents(site, copy)])
    other = tmp_path / "ใหม่.pdf"
    other.write_bytes(pdf_bytes(label="something else entirely"))
    assert same_content_documents(site, other) == []
