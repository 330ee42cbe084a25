"""``oit new-year``: close the fiscal year that ends and start the next one.

What happens, in the officer's terms:

* the whole of indicators.yml, comments included, is kept as ``archive/<old FY>.yml``
  (loadable by ``load_site(root, config_path=...)``; the site publishes it as the
  archive page of that year). Its files stay where they are under content/.
* in indicators.yml, documents of items whose rule is ``any`` (in force until replaced)
  or ``continuous`` (a live channel) are carried forward; every other item starts empty
  (``documents: []``). ``division`` and ``not_applicable`` stay: they describe the
  organisation, not the year.
* ``fiscal_year`` goes up; ``deadline`` moves one year later (same day and month) and
  the officer is told to confirm it against the NACC announcement.
* with ``--assessment``, codes are translated through the shipped crosswalks (several
  hops if needed, e.g. ita-2566 → ita-2568 → ita-2569); carried documents move to the
  new code, and the report lists new and dropped items. The items section is rebuilt
  in the new catalog's order with fresh comments; the rest of the file keeps its own.

When the site has a measures.yml, it is archived beside indicators.yml and started anew
for the year in the same step (``oit.officer.measures_rollover``: measures carried,
results removed); one that does not load refuses the rollover before anything is written.

Every file is validated after writing (``load_site``, ``load_measures``); on failure the
archives are removed and indicators.yml and measures.yml restored byte for byte.

Two accidents are refused unless the officer asks on purpose: starting a fiscal year that
has not begun (``--force-future-year``; in December 2569 the site is in FY 2570, not
2571), and archiving a year with no documents of its own (``--force-empty-year``: a second
run in a row). What a rollover replaces is kept under ``.oit-undo/`` (``oit.officer.undo``)
so ``oit new-year --undo`` puts the site back exactly.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from oit.core.advice import oit_command, shell_word
from oit.core.catalog import CROSSWALK_DIR, Catalog, Period, load_catalog, load_crosswalk
from oit.core.errors import InputError, InputErrors
from oit.core.fiscal_calendar import (
    FiscalYear,
    format_date,
    format_iso_be,
    parse_date,
    to_arabic_digits,
    to_thai_digits,
)
from oit.core.indicators import ARCHIVE_DIR, CONFIG_NAME, Site, load_site
from oit.core.measures import MEASURES_NAME, load_measures
from oit.officer.indicators_edit import IndicatorsDocument, new_items_map, pop_trailer
from oit.officer.measures_rollover import MeasuresRoll, check_measures, plan_measures, roll_lines
from oit.officer.scaffold import catalog_or_error, parse_fiscal_year
from oit.officer.undo import (
    UNDO_DIR,
    Change,
    UndoEntry,
    apply_with_undo,
    edits_since,
    entries,
    missing_parts,
    refuse_edited,
    undo,
)

CARRIED_PERIODS = (Period.ANY, Period.CONTINUOUS)
_NOTHING_CHANGED = InputError(CONFIG_NAME, None, "ยังไม่ขึ้นปีงบประมาณใหม่ ไม่มีไฟล์ใดถูกเปลี่ยน")
UNDO_COMMAND = "new-year"
# The flags that start a year on purpose when it looks like an accident.
FORCE_FUTURE_FLAG = "--force-future-year"  # the new fiscal year has not begun yet
FORCE_EMPTY_FLAG = "--force-empty-year"  # the year to archive has no documents of its own


@dataclass
class RolloverResult:
    """What ``new_year`` did, in lines the command prints."""

    old_year: FiscalYear
    new_year: FiscalYear
    old_assessment: str
    new_assessment: str
    archive: Path
    carried: dict[str, int] = field(default_factory=dict)  # new code -> documents carried
    emptied: list[str] = field(default_factory=list)  # new codes that start empty
    new_items: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # old codes without a successor
    dropped_titles: dict[str, str] = field(default_factory=dict)
    deadline: str | None = None  # what happened to the deadline, in Thai
    notes: list[str] = field(default_factory=list)
    measures: MeasuresRoll | None = None  # measures.yml's part (None: the site has none)

    def measures_lines(self, *, done: bool = False) -> list[str]:
        """What happens to measures.yml, in Thai (``[]`` when the site has none); ``done``: and what next."""
        return roll_lines(self.measures, self.old_year, self.new_year, done=done) if self.measures else []


def code_map(source: str, target: str) -> tuple[dict[str, str | None], list[str]]:
    """Old code -> new code (``None``: dropped) from ``source`` to ``target``, and uncertain pairs.

    Uses the direct crosswalk if shipped, else chains crosswalks through the catalogs in
    between (breadth-first over ``oit/crosswalks/a__b.yml``).
    """
    edges: dict[str, list[str]] = {}
    for path in sorted(CROSSWALK_DIR.glob("*__*.yml")):
        a, _, b = path.stem.partition("__")
        edges.setdefault(a, []).append(b)
    queue: deque[list[str]] = deque([[source]])
    seen = {source}
    route: list[str] | None = None
    while queue:
        chain = queue.popleft()
        if chain[-1] == target:
            route = chain
            break
        for nxt in edges.get(chain[-1], []):
            if nxt not in seen:
                seen.add(nxt)
                queue.append([*chain, nxt])
    if route is None:
        known = ", ".join(sorted(p.stem.replace("__", " → ") for p in CROSSWALK_DIR.glob("*.yml")))
        raise InputError("--assessment", None, f"ไม่มีตารางเทียบรหัสจาก {source} ไป {target}",
                         f"ตารางที่มี: {known or 'ไม่มี'} — ถ้ายังไม่มีเกณฑ์ปีใหม่ ให้คงเกณฑ์เดิม (ไม่ต้องใส่ --assessment)")
    mapping: dict[str, str | None] = {}
    uncertain: list[str] = []
    first = load_crosswalk(route[0], route[1])
    for old in first.map:
        current: str | None = old
        for a, b in itertools.pairwise(route):
            if current is None:
                break
            walk = load_crosswalk(a, b)
            if current in walk.uncertain:
                uncertain.append(old)
            current = walk.map.get(current)
        mapping[old] = current
    return mapping, sorted(set(uncertain), key=_code_order)


def _code_order(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 0, code)


def _bump_deadline(raw: Any) -> tuple[str, date] | None:
    """The deadline one year later, written the way the officer wrote it (BE/CE, Thai digits)."""
    text = str(raw).strip()
    try:
        old = parse_date(text)
    except Exception:  # load_site already validated it; be safe anyway
        return None
    try:
        new = old.replace(year=old.year + 1)
    except ValueError:  # 29 February
        new = old.replace(year=old.year + 1, day=28)
    year_typed = int(to_arabic_digits(text)[:4])
    out = format_iso_be(new) if year_typed >= 2400 else new.isoformat()
    if text != to_arabic_digits(text):
        out = to_thai_digits(out)
    return out, new


def _documents_of(document: IndicatorsDocument, code: str) -> list[Any]:
    key = document.item_key(code)
    if key is None:
        return []
    entry = document.items[key]
    docs = entry.get("documents") if isinstance(entry, CommentedMap) else None
    return list(docs) if isinstance(docs, CommentedSeq) else []


def _item_field(document: IndicatorsDocument, code: str, name: str) -> Any:
    key = document.item_key(code)
    entry = document.items[key] if key is not None else None
    return entry.get(name) if isinstance(entry, CommentedMap) else None


def _same_assessment(site: Site, document: IndicatorsDocument, result: RolloverResult) -> None:
    for code, record in site.items.items():
        if not record.documents:
            continue
        if record.spec.period in CARRIED_PERIODS:
            result.carried[code] = len(record.documents)
        else:
            document.set_documents(code, [])
            result.emptied.append(code)


def _remap_overrides(document: IndicatorsDocument, base: Catalog, target: Catalog,
                     mapping: dict[str, str | None], result: RolloverResult) -> dict[str, Any]:
    """Move ``overrides:`` keys to their new codes; an organisation's own extra items stay."""
    overrides = document.data.get("overrides")
    if not isinstance(overrides, CommentedMap) or not overrides:
        return {}
    for key in list(overrides):
        code = str(key).strip().lower()
        if code not in base:
            continue  # an item the organisation added itself: not in any crosswalk
        moved = mapping.get(code, code if code in target else None)
        if moved is None:
            del overrides[key]
            result.notes.append(f"ลบ overrides ของ {key} เพราะไม่มีในเกณฑ์ {target.id}")
        elif moved != code:
            overrides[moved] = overrides.pop(key)
            result.notes.append(f"ย้าย overrides ของ {key} ไปที่ {moved}")
    return {str(k): dict(v) for k, v in overrides.items() if isinstance(v, dict)}


def _new_assessment(site: Site, target: Catalog, document: IndicatorsDocument,
                    result: RolloverResult) -> dict[str, str | None]:
    """Rebuild the items in ``target``'s codes; returns old code -> new code (``None``: dropped)."""
    base = load_catalog(site.catalog.id)
    mapping, uncertain = code_map(site.catalog.id, target.id)
    # Codes the organisation added through overrides keep their code.
    mapping.update({code: code for code in site.catalog.codes if code not in base})
    overrides = _remap_overrides(document, base, target, mapping, result)
    if overrides:
        try:
            target = target.with_overrides(overrides)
        except ValueError as exc:
            raise InputError(CONFIG_NAME, None, f"overrides ใช้กับเกณฑ์ {target.id} ไม่ได้: {exc}",
                             "แก้หรือลบ overrides แล้วสั่งอีกครั้ง") from None
    # The file's closing comments hang on the last document; detach them before any
    # document moves, and hang them on the new last item at the end.
    tail = pop_trailer(document.items)
    entries: dict[str, dict[str, Any]] = {}
    merged_from: dict[str, list[str]] = {}
    for old_code, record in site.items.items():
        new_code = mapping.get(old_code, old_code if old_code in target else None)
        if new_code is None:
            result.dropped.append(old_code)
            if record.documents:
                result.notes.append(f"{old_code} ไม่มีในเกณฑ์ {target.id}: เอกสาร {len(record.documents)} รายการ"
                                    f" ยังอยู่ในหน้าย้อนหลังปีงบประมาณ {result.old_year}")
            continue
        merged_from.setdefault(new_code, []).append(old_code)
        entry = entries.setdefault(new_code, {"documents": [], "not_applicable_from": []})
        division = _item_field(document, old_code, "division")
        if division is not None and "division" not in entry:
            entry["division"] = division
        new_period = target.item(new_code).period
        if record.spec.period in CARRIED_PERIODS and record.documents:
            if new_period in CARRIED_PERIODS:
                for doc in _documents_of(document, old_code):
                    pop_trailer(doc)  # blank lines/section comments belonged to the old place
                    entry["documents"].append(doc)
                result.carried[new_code] = result.carried.get(new_code, 0) + len(record.documents)
            else:
                result.notes.append(f"{old_code} → {new_code}: ไม่ยกเอกสาร {len(record.documents)} รายการมา"
                                    f" เพราะเกณฑ์ใหม่กำหนดรอบเวลาเป็น{new_period.label_th}")
        elif record.documents:
            result.emptied.append(new_code)
        if record.not_applicable is not None:
            entry["not_applicable_from"].append(record.not_applicable)
    for new_code, entry in entries.items():
        reasons = entry.pop("not_applicable_from")
        # An item stays "not applicable" only if every old item merged into it was.
        if reasons and not entry["documents"] and len(reasons) == len(merged_from[new_code]):
            entry["not_applicable"] = reasons[0]
    result.new_items = [code for code in target.codes if code not in entries]
    result.emptied = sorted(set(result.emptied) - set(result.carried), key=_code_order)
    if uncertain:
        pairs = ", ".join(f"{old}→{mapping.get(old) or '-'}" for old in uncertain)
        result.notes.append(f"การเทียบรหัสต่อไปนี้ยังไม่ยืนยัน ตรวจกับคู่มือ ป.ป.ช.: {pairs}")
    document.replace_items(new_items_map(target, entries), tail)
    document.set_top("assessment", target.id)
    # ``oit init`` writes the catalog's title after ``assessment:``; keep that comment true.
    comment = document.data.ca.items.get("assessment", [None, None, None])[2]
    if comment is not None and site.catalog.title in comment.value:
        comment.value = comment.value.replace(site.catalog.title, target.title)
    result.dropped_titles = {code: site.items[code].spec.title for code in result.dropped}
    return mapping


@dataclass
class RolloverPlan:
    """A rollover worked out but not written: what the command shows before asking."""

    root: Path
    today: date
    result: RolloverResult
    config_bytes: bytes
    archive_bytes: bytes
    read_bytes: bytes  # indicators.yml as the plan read it

    def apply(self) -> RolloverResult:
        """Write both files, keeping what they replace for ``oit new-year --undo``."""
        config_rel = CONFIG_NAME
        if _read(self.root / CONFIG_NAME) != self.read_bytes:
            # Edited while the officer read the question (an oit add in another window):
            # writing the plan now would throw that edit away.
            raise InputError(CONFIG_NAME, None, "ถูกแก้ไขระหว่างรอคำยืนยัน ยังไม่ขึ้นปีงบประมาณใหม่"
                                                " ไม่มีไฟล์ใดถูกเปลี่ยน", "สั่ง oit new-year อีกครั้ง")
        measures = self.result.measures
        if measures is not None and _read(self.root / MEASURES_NAME) != measures.archive_bytes:
            raise InputError(MEASURES_NAME, None, "ถูกแก้ไขระหว่างรอคำยืนยัน ยังไม่ขึ้นปีงบประมาณใหม่"
                                                  " ไม่มีไฟล์ใดถูกเปลี่ยน", "สั่ง oit new-year อีกครั้ง")
        archive_rel = f"{ARCHIVE_DIR}/{self.result.archive.name}"
        changes = [Change(archive_rel, self.archive_bytes), Change(config_rel, self.config_bytes)]
        if measures is not None:
            changes[1:1] = [Change(measures.archive, measures.archive_bytes)]
            changes.append(Change(MEASURES_NAME, measures.new_bytes))

        def validate() -> None:
            site = load_site(self.root, as_of=self.today)
            archived = load_site(self.root, as_of=self.today, config_path=self.result.archive)
            if measures is not None:
                load_measures(site)
                load_measures(archived, self.root / measures.archive)

        try:
            apply_with_undo(self.root, UNDO_COMMAND, f"{self.result.old_year} → {self.result.new_year}",
                            changes, validate)
        except (InputError, InputErrors) as exc:
            errors = exc.errors if isinstance(exc, InputErrors) else [exc]
            raise InputErrors([*errors, InputError(CONFIG_NAME, None,
                                                   "ยกเลิกการขึ้นปีงบประมาณใหม่ ไม่มีไฟล์ใดถูกเปลี่ยน")]) from None
        return self.result


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _own_documents(site: Site) -> int:
    """Documents of the year itself (not carried forward): zero right after a rollover."""
    return sum(len(r.documents) for r in site.items.values() if r.spec.period not in CARRIED_PERIODS)


def _fiscal_year_line(site: Site) -> int | None:
    """The line of ``fiscal_year:`` in indicators.yml, for messages (None when the file has none)."""
    try:
        lines = site.config_path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, 1) if line.startswith("fiscal_year:")), None)


def _refusals(root: Path, site: Site, old: FiscalYear, new: FiscalYear, today: date, *,
              force_future_year: bool, force_empty_year: bool, repeat: list[str]) -> list[InputError]:
    """Why this rollover is probably an accident, each with the flag that does it on purpose."""
    future = new.start > today and not force_future_year
    empty = _own_documents(site) == 0 and not force_empty_year
    # One command that does it on purpose, with every flag this run needs.
    # The options the officer gave come along, so the advised command does what was asked.
    flags = [*repeat, *(flag for flag, needed in ((FORCE_FUTURE_FLAG, future), (FORCE_EMPTY_FLAG, empty)) if needed)]
    on_purpose = oit_command("new-year " + " ".join(flags), root)
    problems: list[InputError] = []
    if future:
        problems.append(InputError(
            CONFIG_NAME, _fiscal_year_line(site),
            f"{new.label} ยังไม่เริ่ม (เริ่ม {format_date(new.start)}; วันนี้ {format_date(today)} อยู่ใน"
            f"{FiscalYear.of(today).label})",
            f"ตอนนี้ยังไม่ต้องขึ้นปีใหม่ เพิ่มเอกสารของปี {old} ต่อได้ตามปกติ; ถ้าตั้งใจเตรียมปี {new} ล่วงหน้าจริง"
            f" ให้สั่ง {on_purpose}"))
    if empty:
        undo_hint = (f"ถ้าขึ้นปีซ้ำโดยไม่ตั้งใจ ย้อนกลับด้วย {oit_command('new-year --undo', root)}; "
                     if entries(root, UNDO_COMMAND) else "")
        previous = (root / ARCHIVE_DIR / f"{old.previous().be_year}.yml").exists()
        why = (f" — ขึ้นปีใหม่จาก {old.previous()} มาแล้ว (มี {ARCHIVE_DIR}/{old.previous().be_year}.yml)"
               " และยังไม่ได้เพิ่มเอกสารใดของปีนี้" if previous else "")
        problems.append(InputError(
            CONFIG_NAME, _fiscal_year_line(site),
            f"{old.label} ยังไม่มีเอกสารของปีนี้เลย จะเก็บเป็นปีว่างในเอกสารย้อนหลัง{why}",
            f"{undo_hint}ถ้าตั้งใจปิดปี {old} ทั้งที่ว่างจริง ให้สั่ง {on_purpose}"))
    return problems


def plan_new_year(
    root: Path,
    *,
    fiscal_year: str | int | None = None,
    assessment: str | None = None,
    today: date | None = None,
    force_future_year: bool = False,
    force_empty_year: bool = False,
) -> RolloverPlan:
    """Work out the rollover and refuse the accidental ones; nothing is written yet."""
    root = Path(root)
    as_of_given = today is not None  # then the advised command repeats --as-of
    today = today or date.today()
    site = load_site(root, as_of=today)
    old = site.fiscal_year
    new = parse_fiscal_year(fiscal_year, today) if fiscal_year is not None else old.next()
    if new <= old:
        raise InputError("--fiscal-year", None, f"ปีงบประมาณใหม่ ({new}) ต้องมากกว่าปีปัจจุบันใน indicators.yml ({old})",
                         f"ไม่ต้องระบุ --fiscal-year เพื่อขึ้นปี {old.next()}")
    target = catalog_or_error(assessment) if assessment else site.catalog
    archive = root / ARCHIVE_DIR / f"{old.be_year}.yml"
    if archive.exists():
        raise InputError(f"{ARCHIVE_DIR}/{archive.name}", None,
                         f"มีแฟ้มย้อนหลังของปีงบประมาณ {old} อยู่แล้ว — อาจขึ้นปีใหม่ไปแล้ว",
                         "ตรวจ fiscal_year ใน indicators.yml; ถ้าต้องการทำใหม่จริง ให้ย้ายแฟ้มเดิมออกก่อน")
    repeat = [f"{option} {shell_word(str(value))}" for option, value in
              (("--fiscal-year", fiscal_year), ("--assessment", assessment),
               ("--as-of", format_iso_be(today) if as_of_given else None)) if value is not None]
    if force_future_year:
        repeat.append(FORCE_FUTURE_FLAG)
    refusals = _refusals(root, site, old, new, today, force_future_year=force_future_year,
                         force_empty_year=force_empty_year, repeat=repeat)
    refusals += check_measures(root, site, old)
    if refusals:
        raise InputErrors([*refusals, _NOTHING_CHANGED])

    result = RolloverResult(old, new, site.catalog.id, target.id, archive)
    document = IndicatorsDocument.open(site.config_path, CONFIG_NAME)
    if document.was_legacy_thai:  # as oit add says it: the new file is UTF-8
        result.notes.append(f"{CONFIG_NAME}: บันทึกใหม่เป็น UTF-8 แล้ว (เดิมเป็นรหัสอักษรไทยแบบเก่า TIS-620/Windows-874)"
                            " — เปิดด้วย Notepad ได้ตามปกติ")

    # The archive: the file as it is, plus an explicit fiscal_year so it never depends on today.
    archived = IndicatorsDocument.open(site.config_path, CONFIG_NAME)
    if archived.data.get("fiscal_year") is None or str(archived.data.get("fiscal_year")) != str(old.be_year):
        archived.set_top("fiscal_year", old.be_year)
        archive_bytes = archived.dumps().encode("utf-8")
    else:
        archive_bytes = archived.original

    recode: Callable[[str], str | None] | None = None
    if target.id == site.catalog.id:
        _same_assessment(site, document, result)
    else:
        mapping = _new_assessment(site, target, document, result)
        recode = lambda code: mapping.get(code, code if code in target else None)  # noqa: E731
    try:
        result.measures = plan_measures(root, old, new, target, recode)
    except (InputError, InputErrors) as exc:
        raise InputErrors([*(exc.errors if isinstance(exc, InputErrors) else [exc]), _NOTHING_CHANGED]) from None
    document.set_top("fiscal_year", new.be_year)
    if site.deadline is not None and "deadline" in document.data:
        bumped = _bump_deadline(document.data["deadline"])
        years = new.be_year - old.be_year
        if bumped is not None and years == 1:
            text, day = bumped
            document.set_top("deadline", text)
            result.deadline = (f"เลื่อนวันครบกำหนด (deadline) จาก {format_date(site.deadline)} เป็น {format_date(day)} "
                               "— ตรวจกับประกาศ ป.ป.ช. ของปีนี้และแก้ใน indicators.yml ถ้าไม่ตรง")
        else:
            del document.data["deadline"]
            result.deadline = "ลบวันครบกำหนด (deadline) เดิมออก — ใส่ deadline ของปีใหม่ตามประกาศ ป.ป.ช."
    else:
        result.deadline = "ไม่มีวันครบกำหนด (deadline) ใน indicators.yml — ใส่ได้เมื่อ ป.ป.ช. ประกาศ"
    return RolloverPlan(root, today, result, document.dumps().encode("utf-8"), archive_bytes, document.original)


def new_year(root: Path, **options: Any) -> RolloverResult:
    """Plan and apply in one step (``plan_new_year`` options). Raises ``InputError`` on bad input."""
    return plan_new_year(root, **options).apply()


@dataclass(frozen=True)
class UndoResult:
    """What ``undo_new_year`` put back."""

    summary: str  # "2570 → 2571"
    restored: list[str]
    removed: list[str]
    kept_edits: Path | None


def last_rollover(root: Path) -> UndoEntry:
    """The rollover ``--undo`` would reverse, or the message that there is none."""
    found = entries(root, UNDO_COMMAND)
    if not found:
        raise InputError(str(Path(root) / UNDO_DIR), None, "ไม่มีการขึ้นปีงบประมาณใหม่ที่ย้อนกลับได้ในโฟลเดอร์นี้",
                         "ย้อนกลับได้เฉพาะการขึ้นปีที่ทำด้วย oit new-year ในโฟลเดอร์ของเว็บไซต์นี้"
                         " ตรวจว่าอยู่ในโฟลเดอร์ที่ถูกต้อง (หรือระบุ --site)")
    return found[-1]


def undoable_rollover(root: Path, *, discard_edits: bool = False) -> UndoEntry:
    """The rollover ``--undo`` will reverse, or why it cannot (nothing to undo, a damaged
    record, files edited since without ``discard_edits``)."""
    root = Path(root)
    entry = last_rollover(root)
    missing = missing_parts(entry)
    if missing:
        shown = entry.folder.relative_to(root).as_posix() if entry.folder.is_relative_to(root) else str(entry.folder)
        raise InputError(shown, None, f"สำเนาที่เก็บไว้สำหรับย้อนกลับไม่ครบ (ไม่มี {', '.join(missing)})"
                                      " จึงย้อนกลับไม่ได้ ไม่มีไฟล์ใดถูกเปลี่ยน",
                         f"แก้ indicators.yml เองตามแฟ้มย้อนหลังใน {ARCHIVE_DIR}/ หรือคืนจากสำเนาสำรองของหน่วยงาน")
    edited = edits_since(root, entry, f"ขึ้นปีงบประมาณใหม่ {entry.summary}")
    if edited and not discard_edits:
        raise refuse_edited(edited, (
            "ถ้าการแก้ไขนั้นไม่ต้องการแล้ว ให้สั่ง " + oit_command("new-year --undo --discard-edits", root)
            + f" (เก็บสำเนาไฟล์ที่แก้ไว้ใน {UNDO_DIR}/ ให้ด้วย); ถ้ายังต้องการ ให้คงปีใหม่ไว้และแก้ต่อในปีนี้"))
    return entry


def undo_new_year(root: Path, *, discard_edits: bool = False) -> UndoResult:
    """Put the site back as it was before the last ``oit new-year``, byte for byte."""
    root = Path(root)
    entry = undoable_rollover(root, discard_edits=discard_edits)
    kept = undo(root, entry, discard_edits=discard_edits)
    restored = [f["path"] for f in entry.files if f["before"] is not None]
    removed = [f["path"] for f in entry.files if f["before"] is None]
    return UndoResult(entry.summary, restored, removed, kept)


__all__ = ["FORCE_EMPTY_FLAG", "FORCE_FUTURE_FLAG", "RolloverPlan", "RolloverResult", "UndoResult", "code_map",
           "last_rollover", "new_year", "plan_new_year", "undo_new_year", "undoable_rollover"]
