"""Shipped OIT catalogs and crosswalks: they load, agree with the research, and the
override and lookup API behaves."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from oit.core import catalog
from oit.core.catalog import (
    ITEM_FIELDS,
    Catalog,
    Crosswalk,
    Period,
    UnknownCatalogError,
    list_catalogs,
    load_catalog,
    load_crosswalk,
)
from oit.core.yamlsource import LocatedList

SHIPPED = ["ita-2565", "ita-2566", "ita-2568", "ita-2569"]
RESEARCH = Path("/work/shared/oit/catalog-research.yml")

# From catalog-research.md/.yml: item counts and how many items carry uncertain: true.
EXPECTED_COUNTS = {"ita-2565": 43, "ita-2566": 43, "ita-2568": 26, "ita-2569": 26}
EXPECTED_UNCERTAIN = {"ita-2565": 2, "ita-2566": 8, "ita-2568": 17, "ita-2569": 26}
CROSSWALKS = [("ita-2565", "ita-2566"), ("ita-2566", "ita-2568"), ("ita-2568", "ita-2569")]


def test_shipped_catalogs_are_listed_by_year() -> None:
    summaries = list_catalogs()
    assert [s.id for s in summaries] == SHIPPED
    assert [s.year for s in summaries] == sorted(s.year for s in summaries)
    for s in summaries:
        assert s.items == EXPECTED_COUNTS[s.id]
        assert s.uncertain == EXPECTED_UNCERTAIN[s.id]


def test_2567_is_not_shipped_because_the_research_is_partial() -> None:
    with pytest.raises(UnknownCatalogError):
        load_catalog("ita-2567")


@pytest.mark.parametrize("cid", SHIPPED)
def test_catalog_loads_and_is_consistent(cid: str) -> None:
    cat = load_catalog(cid)
    assert cat.id == cid
    assert cat.year == int(cid.removeprefix("ita-"))
    assert len(cat.items) == EXPECTED_COUNTS[cid]
    # codes unique and sequential o1..oN
    assert cat.codes == [f"o{i}" for i in range(1, len(cat.items) + 1)]
    indicator_codes = {ind.code for ind in cat.indicators}
    for item in cat.items:
        assert item.indicator in indicator_codes
        assert item.title.strip()
        assert isinstance(item.period, Period)
        assert set(item.uncertain_fields) <= set(ITEM_FIELDS)
        assert item.uncertain == bool(item.uncertain_fields)
    assert sum(len(cat.items_of(c)) for c in indicator_codes) == len(cat.items)
    assert cat.sources


@pytest.mark.parametrize("cid", SHIPPED)
def test_catalog_agrees_with_research_file(cid: str) -> None:
    if not RESEARCH.is_file():
        pytest.skip("research file not available")
    year = cid.removeprefix("ita-")
    research = yaml.safe_load(RESEARCH.read_text(encoding="utf-8"))["years"][year]
    cat = load_catalog(cid)
    r_items = research["items"]
    assert [i["code"] for i in r_items] == cat.codes
    assert sum(1 for i in r_items if i.get("uncertain")) == len(cat.uncertain_items)
    for r in r_items:
        item = cat.item(r["code"])
        assert item.period == r["period"]
        assert item.group == r["group"]
        if not r["title_th"].startswith("("):  # "(not seen; …)" placeholders get a Thai title
            assert item.title == r["title_th"]


def test_lookup_helpers() -> None:
    cat = load_catalog("ita-2569")
    assert cat.item("o11").period is Period.MONTHLY
    assert cat.item("O11").code == "o11"
    assert cat.indicator("9").title
    with pytest.raises(KeyError):
        cat.item("o27")
    with pytest.raises(KeyError):
        cat.indicator("99")
    assert {i.code for i in cat.uncertain_items} == set(cat.codes)
    assert load_catalog("ita-2569") is cat  # cached


def test_period_properties() -> None:
    assert not Period.ANY.needs_date
    assert not Period.CONTINUOUS.needs_date
    assert Period.MONTHLY.needs_date and Period.HALF_YEAR.needs_date
    assert Period.MONTHLY.label_th == "รายเดือน"
    assert Period.FISCAL_YEAR.label_th == "ปีงบประมาณปัจจุบัน"
    assert all(p.label_th for p in Period)


def test_unknown_catalog_suggests_nearest() -> None:
    with pytest.raises(UnknownCatalogError) as exc:
        load_catalog("ita-2596")
    assert isinstance(exc.value, KeyError)
    msg = str(exc.value)
    assert "ita-2596" in msg and "ita-2569" in msg
    assert "ไม่พบ" in msg


def test_overrides_replace_fields_and_add_items() -> None:
    cat = load_catalog("ita-2569")
    new = cat.with_overrides(
        {
            "o18": {"period": "half_year"},
            "O27": {"title": "รายการเพิ่มเติม", "indicator": "10", "period": "any"},
        }
    )
    assert new.item("o18").period is Period.HALF_YEAR
    assert new.item("o18").title == cat.item("o18").title
    assert new.codes[-1] == "o27"
    assert new.item("o27").title == "รายการเพิ่มเติม"
    # the cached original is untouched
    assert cat.item("o18").period is Period.PREVIOUS_FISCAL_YEAR
    assert "o27" not in cat.codes


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"o1": {"period": "weekly"}}, "period"),
        ({"o1": {"colour": "red"}}, "colour"),
        ({"o1": {"indicator": "42"}}, "indicator"),
        ({"o30": {"title": "x", "period": "any"}}, "indicator"),
        ({"o30": {"indicator": "9", "period": "any"}}, "title"),
        ({"o1": {"elements": "not a list"}}, "elements"),
    ],
)
def test_overrides_reject_bad_input(overrides: dict, field: str) -> None:
    cat = load_catalog("ita-2569")
    with pytest.raises(ValueError) as exc:
        cat.with_overrides(overrides)
    assert field in str(exc.value)


def test_catalog_rejects_unknown_indicator_and_duplicates() -> None:
    base = {
        "id": "x",
        "title": "x",
        "year": 2569,
        "confidence": "low",
        "indicators": [{"code": "9", "title": "t"}],
    }
    with pytest.raises(ValueError):
        Catalog.from_data(
            {**base, "items": [{"code": "o1", "title": "t", "indicator": "8", "period": "any"}]}
        )
    with pytest.raises(ValueError):
        Catalog.from_data(
            {
                **base,
                "items": [{"code": "o1", "title": "t", "indicator": "9", "period": "any"}] * 2,
            }
        )


@pytest.mark.parametrize(("source", "target"), CROSSWALKS)
def test_crosswalk_codes_exist(source: str, target: str) -> None:
    cw = load_crosswalk(source, target)
    assert isinstance(cw, Crosswalk)
    assert (cw.source, cw.target) == (source, target)
    src, tgt = load_catalog(source), load_catalog(target)
    assert list(cw.map) == src.codes  # every source item is accounted for
    for new_code in cw.map.values():
        assert new_code is None or new_code in tgt.codes
    assert set(cw.uncertain) <= set(src.codes)


def test_crosswalk_new_and_dropped() -> None:
    cw = load_crosswalk("ita-2568", "ita-2569")
    assert cw.new_codes(load_catalog("ita-2569")) == ["o25", "o26"]
    assert cw.dropped_codes() == ["o11"]
    cw65 = load_crosswalk("ita-2565", "ita-2566")
    assert cw65.new_codes(load_catalog("ita-2566")) == [
        "o10",
        "o31",
        "o32",
        "o33",
        "o39",
        "o40",
        "o41",
    ]
    assert "o32" in cw65.dropped_codes()


def test_missing_crosswalk_is_a_thai_key_error() -> None:
    with pytest.raises(KeyError) as exc:
        load_crosswalk("ita-2565", "ita-2569")
    assert "ไม่มีตารางเทียบ" in str(exc.value)
    assert not str(exc.value).startswith("'")


# ----------------------------------------------------- data validated by pydantic alone


def _raw(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("cid", SHIPPED)
def test_shipped_catalog_gives_periods_and_lists(cid: str) -> None:
    cat = Catalog.from_data(_raw(catalog.CATALOG_DIR / f"{cid}.yml"))
    assert cat == load_catalog(cid)
    assert all(type(item.period) is Period for item in cat.items)
    assert all(type(getattr(item, f)) is list for item in cat.items for f in ("elements", "sources", "uncertain_fields"))


@pytest.mark.parametrize(("source", "target"), CROSSWALKS)
def test_shipped_crosswalk_reads_from_and_to(source: str, target: str) -> None:
    cw = Crosswalk.from_data(_raw(catalog.CROSSWALK_DIR / f"{source}__{target}.yml"))
    assert (cw.source, cw.target) == (source, target)
    assert cw == load_crosswalk(source, target)


_ITEM = {"code": "o1", "title": "โครงสร้าง", "indicator": "9", "period": "any"}
# Values pydantic accepts as they are, coerces, or refuses, for each kind of field.
_VALUES: list[object] = [
    "x", "", "true", "any", "MONTHLY", "monthly", Period.QUARTERLY, 1, 0, True, False, None, 2.5,
    ["a", "b"], [], ["a", 1], ("a",), LocatedList(["a"]), {"a": "b"},
]


@pytest.mark.parametrize("name", ITEM_FIELDS)
def test_item_fields_give_an_item_or_a_thai_message(name: str) -> None:
    accepted = 0
    for value in _VALUES:
        try:
            item = catalog._validate_item("o1", {**_ITEM, name: value})
        except ValueError as exc:
            assert str(exc).startswith("รายการ o1: ช่อง "), (name, value, str(exc))
            assert type(exc) is ValueError, (name, value)  # never pydantic's own error
            continue
        accepted += 1
        assert type(item.period) is Period
        assert all(type(getattr(item, f)) is list for f in ("elements", "sources", "uncertain_fields"))
    assert accepted > 0
    for required in ("code", "title", "indicator", "period"):
        with pytest.raises(ValueError, match="รายการ o1"):
            catalog._validate_item("o1", {k: v for k, v in _ITEM.items() if k != required})
    with pytest.raises(ValueError, match="ไม่รู้จักช่อง 'extra'"):
        catalog._validate_item("o1", {**_ITEM, "extra": "x"})


def test_item_lists_are_copied_not_shared() -> None:
    elements = ["ก", "ข"]
    item = catalog._validate_item("o1", {**_ITEM, "elements": elements})
    assert item.elements == elements and item.elements is not elements


def test_override_errors_are_worded_by_the_models() -> None:
    cat = load_catalog("ita-2569")
    cases = {
        "uncertain": ("เปล่า", "ช่อง 'uncertain' (ความไม่แน่นอน) ไม่ถูกต้อง"),
        "period": ("weekly", "ค่าที่ใช้ได้: any, fiscal_year"),
        "colour": ("แดง", "ไม่รู้จักช่อง 'colour' (ช่องที่ใช้ได้: code, title, title_en, indicator"),
        "elements": ("ไม่ใช่รายการ", "ช่อง 'elements' (องค์ประกอบ) ไม่ถูกต้อง"),
    }
    for name, (value, wanted) in cases.items():
        with pytest.raises(ValueError) as exc:
            cat.with_overrides({"o1": {name: value}})
        assert wanted in str(exc.value), (name, str(exc.value))
    # Coerced by the models, as an officer's YAML writes it: "true" is a bool.
    assert cat.with_overrides({"o1": {"uncertain": "true"}}).item("o1").uncertain is True
    assert cat.with_overrides({"o1": {"elements": LocatedList(["ก"])}}).item("o1").elements == ["ก"]
