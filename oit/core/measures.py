"""measures.yml: the year's integrity and transparency measures and what came of them.

The file sits beside indicators.yml. Like indicators.yml it is read with
:mod:`oit.core.yamlsource` (every value keeps its line), its shape is checked by pydantic
models, then every reference is resolved against the site: the issue a measure answers
(an ITA indicator or an OIT item of the site's catalog) and each piece of evidence (a
document already recorded in indicators.yml). All problems are reported at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from oit.core.errors import InputError, InputErrors
from oit.core.fiscal_calendar import to_arabic_digits
from oit.core.indicators import Document, Site
from oit.core.model_errors import Location, shape_errors
from oit.core.yamlsource import LocatedMap, line_of, load_yaml

MEASURES_NAME = "measures.yml"

Round = Literal["half", "annual"]
ROUNDS: tuple[Round, ...] = ("half", "annual")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _lines(value: Any) -> Any:
    """A single text is accepted where a list of lines is expected."""
    return [value] if isinstance(value, str) else ([] if value is None else value)


class SignerModel(_Strict):
    """One person of the approval chain: the first signs the memo, the others give opinions."""

    name: str
    position: str
    opinion: str | None = None  # heading of the opinion block, e.g. ความเห็นปลัด อบต.


class PersonModel(_Strict):
    name: str
    position: str


class MemoModel(_Strict):
    """The cover memo's fixed parts (บันทึกข้อความ)."""

    department: str  # ส่วนราชการ
    phone: str | None = None
    number: str  # ที่
    to: str  # เรียน
    through: str | None = None  # ผ่าน
    signers: list[SignerModel]
    emblem: str | None = None  # the officer's own Garuda image, relative to the site folder


class ApprovalModel(_Strict):
    """Who asks and who allows publishing on the website (the approval form)."""

    requester: PersonModel | None = None
    approver: PersonModel | None = None
    publisher: PersonModel | None = None


class EvidenceModel(_Strict):
    item: str
    title: str | None = None
    file: str | None = None


class RoundModel(_Strict):
    done: list[str]
    outcome: list[str]
    evidence: list[EvidenceModel] = []

    _to_list = field_validator("done", "outcome", "evidence", mode="before")(_lines)


class MeasureModel(_Strict):
    title: str
    issue: str
    steps: list[str]
    responsible: str
    monitoring: list[str]
    timing: str
    results: dict[Round, RoundModel | None] = {}

    _to_list = field_validator("steps", "monitoring", mode="before")(_lines)

    @field_validator("results", mode="before")
    @classmethod
    def _empty_results(cls, value: Any) -> Any:
        return {} if value is None else value


class MeasuresModel(_Strict):
    fiscal_year: int | None = None
    report_item: str | None = None
    memo: MemoModel
    approval: ApprovalModel | None = None
    measures: list[MeasureModel]

    @field_validator("fiscal_year", mode="before")
    @classmethod
    def _thai_digits(cls, value: Any) -> Any:
        return to_arabic_digits(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Signer:
    name: str
    position: str
    opinion: str  # the opinion block's heading


@dataclass(frozen=True)
class Person:
    name: str
    position: str


@dataclass(frozen=True)
class Memo:
    department: str
    phone: str | None
    number: str
    to: str
    through: str | None
    signers: list[Signer]
    emblem: Path | None = None  # the Garuda (ตราครุฑ) at the top left, a checked PNG or JPEG


@dataclass(frozen=True)
class Evidence:
    """A document of indicators.yml that shows a measure was carried out."""

    code: str
    document: Document


@dataclass(frozen=True)
class RoundResult:
    done: list[str]
    outcome: list[str]
    evidence: list[Evidence]


@dataclass(frozen=True)
class Measure:
    number: int  # 1-based, the order in the file
    title: str
    issue: str  # indicator or item code as the catalog spells it
    issue_label: str  # e.g. "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล" or "o11 สรุปผล..."
    steps: list[str]
    responsible: str
    monitoring: list[str]
    timing: str
    results: dict[str, RoundResult]
    line: int | None


@dataclass
class MeasuresPlan:
    """measures.yml resolved against the site it belongs to."""

    path: Path
    memo: Memo
    measures: list[Measure]
    report_item: str | None
    requester: Person | None = None
    approver: Person | None = None
    publisher: Person | None = None
    warnings: list[str] = field(default_factory=list)


_MODELS_BY_KEY: dict[str, type[BaseModel]] = {
    "memo": MemoModel,
    "signers": SignerModel,
    "approval": ApprovalModel,
    "requester": PersonModel,
    "approver": PersonModel,
    "publisher": PersonModel,
    "measures": MeasureModel,
    "results": RoundModel,
    "evidence": EvidenceModel,
}


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel]:
    """The model a location's last key belongs to: the innermost named part above it."""
    for part in reversed(loc[:-1]):
        if isinstance(part, str) and part in _MODELS_BY_KEY:
            return _MODELS_BY_KEY[part]
    return MeasuresModel


def _shape_errors(exc: ValidationError, data: Any, shown: str) -> list[InputError]:
    def own(err: Mapping[str, Any], loc: Location, line: int | None, key: str) -> InputError | None:
        if err["type"] == "literal_error":
            return InputError(shown, line, f"ไม่รู้จักรอบการรายงาน '{key}'",
                              "ใช้ half (รอบ 6 เดือน ต.ค.–มี.ค.) หรือ annual (รอบ 12 เดือน)")
        return None

    return shape_errors(exc, data, shown, model_at=_model_at, hint="ดูคำอธิบายที่หัวไฟล์ measures.yml", special=own)


def _issue_label(site: Site, issue: str) -> str | None:
    """The Thai label of an indicator or item code, or None when the catalog has neither."""
    wanted = "".join(to_arabic_digits(issue).split()).lower()
    for indicator in site.catalog.indicators:
        if indicator.code.lower() == wanted:
            return f"ตัวชี้วัดที่ {indicator.code} {indicator.title}"
    if wanted in site.catalog:
        item = site.catalog.item(wanted)
        return f"{item.code} {item.title}"
    return None


def _find_evidence(site: Site, entry: EvidenceModel) -> tuple[str, Document | None, str | None]:
    """(item code, the document, None) or (code, None, why not) for one evidence entry."""
    code = "".join(entry.item.split()).lower()
    if code not in site.items:
        return code, None, f"ไม่รู้จักรหัสรายการ '{entry.item}' ในเกณฑ์ {site.catalog.id}"
    if (entry.title is None) == (entry.file is None):
        return code, None, "หลักฐานแต่ละรายการต้องระบุ title หรือ file อย่างใดอย่างหนึ่ง"
    documents = site.items[code].documents
    if entry.title is not None:
        wanted = " ".join(entry.title.split())
        found = [d for d in documents if " ".join(d.title.split()) == wanted]
        what = f"ชื่อ '{wanted}'"
    else:
        wanted = (entry.file or "").strip().replace("\\", "/").removeprefix("content/")
        found = [d for d in documents if d.target == wanted]
        what = f"ไฟล์ '{wanted}'"
    if not found:
        return code, None, f"ไม่พบเอกสาร{what} ในรายการ {code} ของ indicators.yml"
    return code, found[0], None


EMBLEM_FORMATS = ("PNG", "JPEG")
_EMBLEM_HINT = ("วางไฟล์ภาพตราครุฑ (PNG หรือ JPEG) ไว้ในโฟลเดอร์ของเว็บไซต์ แล้วระบุตำแหน่งนับจากโฟลเดอร์นั้น"
                " เช่น emblem: content/assets/garuda.png หรือลบบรรทัดนี้ถ้าไม่ใช้ตราครุฑ")


def _emblem(site: Site, raw: str, shown: str, line: int | None) -> tuple[Path | None, InputError | None]:
    """The memo's emblem file, checked: inside the site folder, there, a PNG or JPEG that decodes."""
    from PIL import Image, UnidentifiedImageError

    typed = raw.strip()
    root = site.root.resolve()
    path = (root / typed.replace("\\", "/")).resolve()
    if not path.is_relative_to(root):
        return None, InputError(shown, line, f"ไฟล์ภาพตราครุฑ '{typed}' อยู่นอกโฟลเดอร์ของเว็บไซต์", _EMBLEM_HINT)
    if not path.is_file():
        return None, InputError(shown, line, f"ไม่พบไฟล์ภาพตราครุฑ '{typed}'", _EMBLEM_HINT)
    try:
        with Image.open(path) as image:
            kind = image.format
            if kind in EMBLEM_FORMATS:
                image.load()  # the whole picture decodes: a cut-off download is caught here, not when printing
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        return None, InputError(shown, line, f"ไฟล์ '{typed}' ไม่ใช่ภาพ PNG หรือ JPEG ที่เปิดได้",
                                "บันทึกภาพตราครุฑเป็น PNG หรือ JPEG อีกครั้ง แล้วแก้ emblem ให้ตรงกับไฟล์นั้น")
    if kind not in EMBLEM_FORMATS:
        return None, InputError(shown, line, f"ไฟล์ '{typed}' เป็นภาพ {kind} ไม่ใช่ PNG หรือ JPEG",
                                "บันทึกภาพตราครุฑเป็น PNG หรือ JPEG แล้วแก้ emblem ให้ตรงกับไฟล์ใหม่")
    return path, None


_EVIDENCE_HINT = ("หลักฐานต้องเป็นเอกสารที่บันทึกใน indicators.yml แล้ว (oit add): "
                  "คัดลอก title หรือ file ของเอกสารนั้นมาให้ตรงกัน")


def _resolve(site: Site, model: MeasuresModel, data: LocatedMap, shown: str, path: Path) -> MeasuresPlan:
    errors: list[InputError] = []
    if model.fiscal_year is not None and model.fiscal_year != site.fiscal_year.be_year:
        errors.append(InputError(shown, data.key_lines.get("fiscal_year"),
                                 f"ปีงบประมาณ {model.fiscal_year} ไม่ตรงกับ indicators.yml ({site.fiscal_year.be_year})",
                                 f"แก้เป็น fiscal_year: {site.fiscal_year.be_year} หรือลบบรรทัดนี้"))
    report_item = None
    if model.report_item is not None:
        report_item = "".join(model.report_item.split()).lower()
        if report_item not in site.items:
            errors.append(InputError(shown, data.key_lines.get("report_item"),
                                     f"ไม่รู้จักรหัสรายการ '{model.report_item}' ในเกณฑ์ {site.catalog.id}",
                                     "ระบุรายการ OIT ที่จะบันทึกรายงานไว้ เช่น report_item: o26"))
    if not model.memo.signers:
        errors.append(InputError(shown, line_of(data, ("memo", "signers")), "ต้องมีผู้ลงนามอย่างน้อยหนึ่งคน",
                                 "เพิ่มผู้ลงนามใต้ signers: (คนแรกคือผู้เสนอบันทึก คนถัดไปคือผู้ให้ความเห็นตามลำดับ)"))
    if not model.measures:
        errors.append(InputError(shown, data.key_lines.get("measures"), "ยังไม่มีมาตรการ",
                                 "เพิ่มมาตรการอย่างน้อยหนึ่งข้อใต้ measures:"))
    measures: list[Measure] = []
    for index, entry in enumerate(model.measures):
        where = ("measures", index)
        label = _issue_label(site, entry.issue)
        if label is None:
            codes = site.catalog.codes
            indicators = ", ".join(i.code for i in site.catalog.indicators)
            errors.append(InputError(shown, line_of(data, (*where, "issue")),
                                     f"มาตรการที่ {index + 1}: ไม่รู้จักประเด็น '{entry.issue}' ในเกณฑ์ {site.catalog.id}",
                                     f"ระบุรหัสตัวชี้วัด ({indicators}) หรือรหัสรายการ ({codes[0]}–{codes[-1]})"))
        for key in ("title", "responsible", "timing"):
            if not str(getattr(entry, key)).strip():
                errors.append(InputError(shown, line_of(data, (*where, key)),
                                         f"มาตรการที่ {index + 1}: '{key}' ว่างอยู่", "เขียนข้อความให้ครบ"))
        results: dict[str, RoundResult] = {}
        for round_name, result in entry.results.items():
            if result is None:
                continue
            evidence: list[Evidence] = []
            for number, item in enumerate(result.evidence):
                code, document, problem = _find_evidence(site, item)
                if document is None:
                    errors.append(InputError(shown, line_of(data, (*where, "results", round_name, "evidence", number)),
                                             f"มาตรการที่ {index + 1}: {problem}", _EVIDENCE_HINT))
                else:
                    evidence.append(Evidence(code, document))
            results[round_name] = RoundResult(list(result.done), list(result.outcome), evidence)
        measures.append(Measure(
            number=index + 1, title=" ".join(entry.title.split()), issue=entry.issue.strip(),
            issue_label=label or entry.issue, steps=list(entry.steps), responsible=entry.responsible.strip(),
            monitoring=list(entry.monitoring), timing=entry.timing.strip(), results=results,
            line=line_of(data, where)))
    emblem: Path | None = None
    if model.memo.emblem is not None:
        emblem, wrong = _emblem(site, model.memo.emblem, shown, line_of(data, ("memo", "emblem")))
        if wrong is not None:
            errors.append(wrong)
    if errors:
        raise InputErrors(errors)
    memo = model.memo
    signers = [Signer(s.name.strip(), s.position.strip(), (s.opinion or f"ความเห็น{s.position}").strip())
               for s in memo.signers]
    approval = model.approval or ApprovalModel()

    def person(value: PersonModel | None) -> Person | None:
        return Person(value.name.strip(), value.position.strip()) if value else None

    return MeasuresPlan(
        path=path,
        memo=Memo(memo.department.strip(), memo.phone, memo.number.strip(), memo.to.strip(),
                  memo.through, signers, emblem),
        measures=measures,
        report_item=report_item,
        # Without an approval section the memo's author asks and its last signer allows.
        requester=person(approval.requester) or Person(signers[0].name, signers[0].position),
        approver=person(approval.approver) or Person(signers[-1].name, signers[-1].position),
        publisher=person(approval.publisher),
    )


def measures_path(site: Site) -> Path:
    return site.root / MEASURES_NAME


def load_measures(site: Site, path: Path | None = None) -> MeasuresPlan:
    """Read and check measures.yml against ``site``; ``InputErrors`` lists every problem."""
    path = path or measures_path(site)
    shown = MEASURES_NAME if path == measures_path(site) else str(path)
    if not path.exists():
        # load_yaml's hint (oit init) is for a new site; this one exists already
        raise InputError(shown, None, "ไม่พบไฟล์",
                         "สร้างไฟล์ measures.yml ข้าง indicators.yml ตามตัวอย่างใน README หัวข้อ \"รายงานมาตรการ\"")
    data = load_yaml(path, shown)
    if not isinstance(data, LocatedMap):
        raise InputErrors([InputError(shown, getattr(data, "line", 1) if data is not None else 1,
                                      "ไฟล์ต้องเป็นชุด คีย์: ค่า (memo, measures)",
                                      "เริ่มจากไฟล์ที่ oit init สร้างให้ หรือดูตัวอย่างใน README")])
    try:
        model = MeasuresModel.model_validate(data)
    except ValidationError as exc:
        raise InputErrors(_shape_errors(exc, data, shown)) from None
    return _resolve(site, model, data, shown, path)


__all__ = [
    "EMBLEM_FORMATS",
    "MEASURES_NAME",
    "ROUNDS",
    "Evidence",
    "Measure",
    "MeasuresPlan",
    "Memo",
    "Person",
    "Round",
    "RoundResult",
    "Signer",
    "load_measures",
    "measures_path",
]
