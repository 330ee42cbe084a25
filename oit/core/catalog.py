"""OIT item catalogs, one per ITA year, shipped as YAML data in ``oit/catalogs/``.

The list of OIT items (``o1 … oN``), their titles and their currency rules change almost
every year, so they live in data files, never in code. This module loads and validates
them, applies an organisation's overrides from ``indicators.yml`` and loads the
year-to-year crosswalks in ``oit/crosswalks/``.

Pure Python: no mkdocs import.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from pydantic import ConfigDict, TypeAdapter, ValidationError

__all__ = [
    "ITEM_FIELDS",
    "Catalog",
    "CatalogItem",
    "CatalogSummary",
    "Crosswalk",
    "Indicator",
    "Period",
    "UnknownCatalogError",
    "UnknownCrosswalkError",
    "list_catalogs",
    "load_catalog",
    "load_crosswalk",
]

# libyaml when PyYAML has it: it reads a catalog about eight times faster than the
# pure-Python loader and gives the same data (tests/unit/test_catalog.py compares them).
# The catalogs ship with the code, so libyaml's one weakness, crashing on input nested
# tens of thousands deep, does not apply to them as it does to an officer's file.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CATALOG_DIR = Path(__file__).resolve().parent / "catalogs"
CROSSWALK_DIR = Path(__file__).resolve().parent / "crosswalks"


class Period(StrEnum):
    """How current an item's document must be (the item's currency rule)."""

    ANY = "any"
    FISCAL_YEAR = "fiscal_year"
    PREVIOUS_FISCAL_YEAR = "previous_fiscal_year"
    HALF_YEAR = "half_year"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    CONTINUOUS = "continuous"

    @property
    def needs_date(self) -> bool:
        """Whether a document of this item must carry a date (False for any/continuous)."""
        return self not in (Period.ANY, Period.CONTINUOUS)

    @property
    def label_th(self) -> str:
        """Thai description of the rule, for pages and reports."""
        return _PERIOD_LABELS_TH[self]


_PERIOD_LABELS_TH: dict[Period, str] = {
    Period.ANY: "ฉบับที่มีผลใช้บังคับ",
    Period.FISCAL_YEAR: "ปีงบประมาณปัจจุบัน",
    Period.PREVIOUS_FISCAL_YEAR: "ปีงบประมาณที่ผ่านมา",
    Period.HALF_YEAR: "รอบ 6 เดือน (1 ต.ค. – 31 มี.ค.)",
    Period.MONTHLY: "รายเดือน",
    Period.QUARTERLY: "รายไตรมาส",
    Period.CONTINUOUS: "ช่องทางที่ต้องใช้งานได้ตลอด",
}

# Thai names of item fields, for error messages the officer reads.
_FIELD_TH: dict[str, str] = {
    "code": "รหัสรายการ",
    "title": "ชื่อรายการ",
    "title_en": "ชื่อภาษาอังกฤษ",
    "indicator": "ตัวชี้วัด",
    "group": "กลุ่ม",
    "period": "รอบระยะเวลา",
    "elements": "องค์ประกอบ",
    "sources": "แหล่งอ้างอิง",
    "uncertain": "ความไม่แน่นอน",
    "uncertain_fields": "ช่องที่ไม่แน่นอน",
    "notes": "หมายเหตุ",
}


# How pydantic validates these dataclasses (they are checked and coerced by pydantic
# alone, from a file's data or an officer's overrides): unknown fields are errors.
_STRICT = ConfigDict(extra="forbid")
_CROSSWALK_CONFIG = ConfigDict(
    extra="forbid",
    alias_generator=lambda name: {"source": "from", "target": "to"}.get(name, name),
    validate_by_name=True,
)


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """An indicator (ตัวชี้วัด) that groups items, e.g. ``9`` การเปิดเผยข้อมูล."""

    __pydantic_config__ = _STRICT

    code: str
    title: str


@dataclass(frozen=True, kw_only=True)
class CatalogItem:
    """One OIT item (``o1`` …) with its title, indicator and currency rule."""

    __pydantic_config__ = _STRICT

    code: str
    title: str
    title_en: str = ""
    indicator: str
    group: str | None = None
    period: Period
    elements: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    uncertain: bool = False
    uncertain_fields: list[str] = field(default_factory=list)
    notes: str | None = None


ITEM_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(CatalogItem))
"""An item's fields in order, as ``indicators.yml`` overrides may name them."""


@dataclass(frozen=True, kw_only=True)
class Catalog:
    """The OIT item list of one ITA year, e.g. ``ita-2569``.

    Made with :meth:`from_data` from a catalog file's data, which validates its shape;
    constructing one directly checks only that codes are unique and indicators known.
    """

    __pydantic_config__ = _STRICT

    id: str
    title: str
    year: int
    confidence: str
    sources: list[str] = field(default_factory=list)
    notes: str | None = None
    indicators: list[Indicator]
    items: list[CatalogItem]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for item in self.items:
            if item.code in seen:
                raise ValueError(f"รหัสรายการ {item.code} ซ้ำในแบบตรวจ {self.id}")
            seen.add(item.code)
        known = {ind.code for ind in self.indicators}
        if len(known) != len(self.indicators):
            raise ValueError(f"รหัสตัวชี้วัดซ้ำในแบบตรวจ {self.id}")
        for item in self.items:
            if item.indicator not in known:
                raise ValueError(
                    f"รายการ {item.code} อ้างถึงตัวชี้วัด {item.indicator!r} ที่ไม่มีในแบบตรวจ {self.id}"
                    f" (มี: {', '.join(sorted(known))})"
                )

    @classmethod
    def from_data(cls, data: Any) -> Catalog:
        """A catalog from a catalog file's data; ``ValueError`` when its shape is wrong."""
        catalog: Catalog = _adapter(Catalog).validate_python(data)
        return catalog

    @property
    def codes(self) -> list[str]:
        """Item codes in catalog order."""
        return [item.code for item in self.items]

    @property
    def uncertain_items(self) -> list[CatalogItem]:
        """Items whose title, group or rule the research could not confirm."""
        return [item for item in self.items if item.uncertain]

    def item(self, code: str) -> CatalogItem:
        """The item with this code (case-insensitive: ``O1`` == ``o1``); KeyError if absent."""
        wanted = code.strip().lower()
        for item in self.items:
            if item.code == wanted:
                return item
        raise KeyError(f"ไม่มีรายการ {code} ในแบบตรวจ {self.id}")

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip().lower() in self.codes

    def indicator(self, code: str) -> Indicator:
        """The indicator with this code; KeyError if absent."""
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise KeyError(f"ไม่มีตัวชี้วัด {code} ในแบบตรวจ {self.id}")

    def items_of(self, indicator_code: str) -> list[CatalogItem]:
        """Items of one indicator, in catalog order."""
        return [item for item in self.items if item.indicator == indicator_code]

    def with_overrides(self, overrides: dict[str, dict[str, Any]]) -> Catalog:
        """A copy with an organisation's overrides applied.

        For an existing code, the given fields replace the catalog's (e.g.
        ``{"period": "any"}``). A new code needs a full item: ``title``, ``indicator``
        and ``period`` at least; it is appended. Invalid content raises ``ValueError``
        with a Thai message naming the item and the field.
        """
        items = list(self.items)
        index = {item.code: i for i, item in enumerate(items)}
        known_indicators = {ind.code for ind in self.indicators}
        for raw_code, changes in overrides.items():
            code = str(raw_code).strip().lower()
            if not isinstance(changes, dict):
                raise ValueError(f"การกำหนดค่ารายการ {code} ต้องเป็นชุดข้อมูล (mapping) ของช่องต่าง ๆ")
            if "code" in changes and str(changes["code"]).strip().lower() != code:
                raise ValueError(
                    f"รายการ {code}: ช่อง 'code' ({_FIELD_TH['code']}) ต้องตรงกับรหัสรายการ"
                )
            if code in index:
                base = asdict(items[index[code]])
                base.update(changes)
                base["code"] = code
                new_item = _validate_item(code, base)
                items[index[code]] = new_item
            else:
                missing = [f for f in ("title", "indicator", "period") if f not in changes]
                if missing:
                    names = ", ".join(f"'{f}' ({_FIELD_TH[f]})" for f in missing)
                    raise ValueError(f"รายการใหม่ {code} ต้องระบุช่อง {names}")
                new_item = _validate_item(code, {**changes, "code": code})
                index[code] = len(items)
                items.append(new_item)
            if new_item.indicator not in known_indicators:
                raise ValueError(
                    f"รายการ {code}: ช่อง 'indicator' ({_FIELD_TH['indicator']}) อ้างถึงตัวชี้วัด "
                    f"{new_item.indicator!r} ที่ไม่มีในแบบตรวจ {self.id}"
                    f" (มี: {', '.join(ind.code for ind in self.indicators)})"
                )
        return replace(self, items=items)


def _validate_item(code: str, data: dict[str, Any]) -> CatalogItem:
    """Validate one item, turning pydantic errors into a Thai ValueError naming the field."""
    try:
        item: CatalogItem = _adapter(CatalogItem).validate_python(data)
        return item
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]) if err["loc"] else "?"
        if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            allowed = ", ".join(ITEM_FIELDS)
            raise ValueError(f"รายการ {code}: ไม่รู้จักช่อง '{name}' (ช่องที่ใช้ได้: {allowed})") from None
        label = _FIELD_TH.get(name, name)
        if name == "period":
            allowed = ", ".join(p.value for p in Period)
            raise ValueError(
                f"รายการ {code}: ช่อง 'period' ({label}) ไม่ถูกต้อง: {data.get('period')!r}"
                f" (ค่าที่ใช้ได้: {allowed})"
            ) from None
        raise ValueError(f"รายการ {code}: ช่อง '{name}' ({label}) ไม่ถูกต้อง: {err['msg']}") from None


@functools.cache
def _adapter(kind: type) -> TypeAdapter[Any]:
    """pydantic's validator for one of the dataclasses above (they carry its config)."""
    return TypeAdapter(kind)


class CatalogSummary(NamedTuple):
    """One line of ``list_catalogs()``."""

    id: str
    title: str
    year: int
    items: int
    uncertain: int


class UnknownCatalogError(KeyError):
    """An ``assessment`` id with no shipped catalog; the message names the nearest id."""

    def __init__(self, catalog_id: str, known: list[str]) -> None:
        super().__init__(catalog_id)
        self.catalog_id = catalog_id
        self.known = known
        import difflib  # only for a message: not loaded by a build
        close = difflib.get_close_matches(catalog_id, known, n=1, cutoff=0.0)
        self.suggestion: str | None = close[0] if close else None

    def __str__(self) -> str:
        text = f"ไม่พบแบบตรวจ (catalog) {self.catalog_id!r}"
        if self.suggestion:
            text += f" — หมายถึง {self.suggestion!r} หรือไม่?"
        if self.known:
            text += f" (ที่มี: {', '.join(self.known)})"
        return text


def _known_ids() -> list[str]:
    return sorted(p.stem for p in CATALOG_DIR.glob("*.yml"))


@functools.cache
def load_catalog(catalog_id: str) -> Catalog:
    """Load a shipped catalog by id (``ita-2569``); cached.

    Raises ``UnknownCatalogError`` (a KeyError) with a Thai message naming the nearest
    known id when there is no such catalog.
    """
    known = _known_ids()
    if catalog_id not in known:
        raise UnknownCatalogError(catalog_id, known)
    path = CATALOG_DIR / f"{catalog_id}.yml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    catalog = Catalog.from_data(data)
    if catalog.id != catalog_id:
        raise ValueError(f"{path}: id {catalog.id!r} ไม่ตรงกับชื่อไฟล์")
    return catalog


def list_catalogs() -> list[CatalogSummary]:
    """All shipped catalogs, sorted by year."""
    out = []
    for cid in _known_ids():
        cat = load_catalog(cid)
        out.append(
            CatalogSummary(cat.id, cat.title, cat.year, len(cat.items), len(cat.uncertain_items))
        )
    return sorted(out, key=lambda s: (s.year, s.id))


@dataclass(frozen=True, kw_only=True)
class Crosswalk:
    """How the item codes of one catalog map onto the next one's.

    ``map[old] = new`` (several old codes may map to one new code when items merged);
    ``None`` means the old item was dropped. Target codes no mapping reaches are new.
    In the file, ``source`` and ``target`` are written ``from`` and ``to``.
    """

    __pydantic_config__ = _CROSSWALK_CONFIG

    source: str
    target: str
    map: dict[str, str | None]
    uncertain: list[str] = field(default_factory=list)
    notes: str | None = None

    @classmethod
    def from_data(cls, data: Any) -> Crosswalk:
        """A crosswalk from a crosswalk file's data; ``ValueError`` when its shape is wrong."""
        crosswalk: Crosswalk = _adapter(Crosswalk).validate_python(data)
        return crosswalk

    def new_codes(self, target: Catalog) -> list[str]:
        """Codes of ``target`` that no mapping reaches (items new in that year), in order."""
        reached = {v for v in self.map.values() if v is not None}
        return [code for code in target.codes if code not in reached]

    def dropped_codes(self) -> list[str]:
        """Source codes with no counterpart in the target."""
        return [k for k, v in self.map.items() if v is None]


class UnknownCrosswalkError(KeyError):
    """No shipped crosswalk between two catalogs; ``str()`` is the plain Thai message."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@functools.cache
def load_crosswalk(source: str, target: str) -> Crosswalk:
    """Load the shipped crosswalk ``source__target.yml`` (direct file only).

    Raises KeyError with a Thai message when there is none.
    """
    path = CROSSWALK_DIR / f"{source}__{target}.yml"
    if not path.is_file():
        known = sorted(p.stem.replace("__", " → ") for p in CROSSWALK_DIR.glob("*.yml"))
        raise UnknownCrosswalkError(
            f"ไม่มีตารางเทียบรหัสจาก {source} ไป {target} (ที่มี: {', '.join(known) or 'ไม่มี'})"
        )
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    return Crosswalk.from_data(data)
