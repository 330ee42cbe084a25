"""The monthly procurement summary (แบบ สขร.1) read from the office's own export.

Offices keep the summary in Excel or export it from e-GP or their accounting program:
CSV in UTF-8 (with or without BOM) or in cp874/TIS-620 from Excel on Thai Windows, or
XLSX. Column names vary in spacing, parentheses and units ("วงเงิน (บาท)"), so headers
are matched loosely against the nine สขร.1 columns; ``--column KEY=HEADER`` maps any
other export. Amounts may use Thai digits and thousands separators. Every problem is
reported with its row and column, all at once.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from oit.core.errors import InputError, InputErrors
from oit.core.fiscal_calendar import to_arabic_digits

MAX_BYTES = 20 * 1024 * 1024  # a month of procurement is a few hundred rows


@dataclass(frozen=True)
class Column:
    key: str  # the name used by --column and in the open data
    title: str  # the สขร.1 heading
    aliases: tuple[str, ...] = ()
    amount: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("number", "ลำดับที่", ("ลำดับ", "ที่")),
    Column("work", "งานที่จัดซื้อหรือจัดจ้าง", ("งานที่จัดซื้อจัดจ้าง", "รายการ")),
    Column("budget", "วงเงินที่จัดซื้อหรือจัดจ้าง", ("วงเงินที่จะซื้อหรือจ้าง", "วงเงิน", "วงเงินงบประมาณ"), amount=True),
    Column("median_price", "ราคากลาง", (), amount=True),
    Column("method", "วิธีซื้อหรือจ้าง", ("วิธีจัดซื้อจัดจ้าง", "วิธีการจัดซื้อจัดจ้าง")),
    Column("bidders", "รายชื่อผู้เสนอราคาและราคาที่เสนอ", ("ผู้เสนอราคาและราคาที่เสนอ",)),
    Column("winner", "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", ("ผู้ได้รับการคัดเลือกและราคา",)),
    Column("reason", "เหตุผลที่คัดเลือกโดยสรุป", ("เหตุผลที่คัดเลือก",)),
    Column("contract", "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง",
           ("เลขที่และวันที่ของสัญญาหรือข้อตกลง", "เลขที่และวันที่ของสัญญา")),
)
KEYS = tuple(c.key for c in COLUMNS)


@dataclass(frozen=True)
class ProcurementRow:
    values: dict[str, str]  # by column key; amounts as plain decimal text ("12500.00")
    line: int  # the row in the file (1-based, header rows counted)


def _normal(header: str) -> str:
    """A heading as compared: no spaces, no parenthesised part, no unit, Thai digits as ASCII."""
    text = to_arabic_digits(header)
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", text)
    text = re.sub(r"\s+|บาท|หน่วย:?|\.|:", "", text)
    return text.lower()


def _match(header: str, mapping: dict[str, str]) -> str | None:
    """The column key of ``header``: an explicit ``--column`` mapping first, then the names."""
    wanted = _normal(header)
    if not wanted:
        return None
    for key, name in mapping.items():
        if _normal(name) == wanted:
            return key
    for column in COLUMNS:
        names = [_normal(column.title), *(_normal(a) for a in column.aliases)]
        if wanted in names:
            return column.key
    for column in COLUMNS:  # "งานที่จัดซื้อหรือจัดจ้าง ประจำเดือน..." and the like
        if len(_normal(column.title)) >= 6 and wanted.startswith(_normal(column.title)):
            return column.key
    return None


def _decode(raw: bytes, shown: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp874")  # Excel on Thai Windows ("CSV (Comma delimited)"); TIS-620 is its subset
    except UnicodeDecodeError:
        raise InputError(shown, None, "อ่านไฟล์ไม่ได้: ไม่ใช่ข้อความ UTF-8 หรือ TIS-620 (cp874)",
                         "บันทึกจาก Excel เป็น CSV UTF-8 หรือส่งไฟล์ .xlsx แทน") from None


def _read_table(path: Path) -> list[list[str]]:
    """Every row of the file's first sheet as text cells."""
    shown = str(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise InputError(shown, None, "ไม่พบไฟล์", "ตรวจชื่อไฟล์และโฟลเดอร์") from None
    if size > MAX_BYTES:
        raise InputError(shown, None, "ไฟล์ใหญ่เกินไป (รับได้ไม่เกิน 20 MB)", "ตรวจว่าเลือกไฟล์ถูก")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise InputError(shown, None, f"เปิดไฟล์ Excel ไม่ได้ ({type(exc).__name__})",
                             "เปิดใน Excel แล้วบันทึกเป็น .xlsx ใหม่") from None
        try:
            sheet = workbook.worksheets[0]
            return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    if path.suffix.lower() not in (".csv", ".txt"):
        raise InputError(shown, None, f"ไม่รองรับไฟล์ชนิด '{path.suffix or '(ไม่มีนามสกุล)'}'",
                         "ส่งไฟล์ .csv หรือ .xlsx")
    text = _decode(path.read_bytes(), shown)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _amount(value: str) -> Decimal | None:
    text = to_arabic_digits(value).replace(",", "").replace("บาท", "").replace("\u00a0", "").strip()
    if not text or text == "-":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None


def parse_mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    """``--column budget="วงเงิน (บาท)"`` options as {key: heading}."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        key, sep, header = pair.partition("=")
        if not sep or key.strip() not in KEYS or not header.strip():
            raise InputError("--column", None, f"'{pair}' ใช้ไม่ได้",
                             "เขียนแบบ --column ชื่อคีย์=หัวคอลัมน์ในไฟล์ ชื่อคีย์ที่ใช้ได้: " + ", ".join(KEYS))
        mapping[key.strip()] = header.strip()
    return mapping


REQUIRED = ("work", "budget", "method", "winner", "reason")


def read_procurement(path: Path, mapping: dict[str, str] | None = None) -> list[ProcurementRow]:
    """The rows of a สขร.1 export; ``InputErrors`` naming row and column of every problem."""
    shown = str(path)
    rows = _read_table(path)
    mapping = mapping or {}
    # Exports often start with a title or the office's name: the header is the first
    # row that names most of the columns.
    header_index, keys = None, {}
    for index, row in enumerate(rows[:30]):
        found = {i: _match(cell, mapping) for i, cell in enumerate(row)}
        found = {i: k for i, k in found.items() if k}
        if len(set(found.values()) & set(REQUIRED)) >= 3:
            header_index, keys = index, found
            break
    names = {c.key: c.title for c in COLUMNS}
    if header_index is None:
        raise InputError(shown, None, "ไม่พบแถวหัวตารางของแบบ สขร.1",
                         "แถวหัวตารางต้องมีคอลัมน์ " + ", ".join(names[k] for k in REQUIRED)
                         + " หรือจับคู่เองด้วย --column เช่น --column budget=\"วงเงิน\"")
    missing = [k for k in REQUIRED if k not in keys.values()]
    if missing:
        raise InputError(shown, header_index + 1,
                         "ไม่พบคอลัมน์ " + ", ".join(f"'{names[k]}'" for k in missing),
                         "เพิ่มคอลัมน์นี้ในไฟล์ หรือจับคู่กับหัวคอลัมน์ที่มีด้วย --column "
                         + f"{missing[0]}=\"ชื่อหัวคอลัมน์\"")
    errors: list[InputError] = []
    result: list[ProcurementRow] = []
    headers = rows[header_index]
    for index, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        cells = {keys[i]: " ".join(str(v).split()) for i, v in enumerate(row) if i in keys}
        if not any(cells.values()):
            continue  # blank rows and the sheet's empty tail
        values = {}
        for i, key in keys.items():
            value = cells.get(key, "")
            column = next(c for c in COLUMNS if c.key == key)
            if column.amount:
                try:
                    amount = _amount(value)
                except ValueError:
                    errors.append(InputError(shown, index, f"คอลัมน์ '{headers[i].strip()}': '{value}' ไม่ใช่จำนวนเงิน",
                                             "เขียนเป็นตัวเลข เช่น 12,500.00 (ใช้เลขไทยได้)"))
                    continue
                value = "" if amount is None else f"{amount:.2f}"
            values[key] = value
        if not values.get("work"):
            errors.append(InputError(shown, index, f"คอลัมน์ '{names['work']}' ว่างอยู่",
                                     "ระบุงานที่จัดซื้อหรือจัดจ้าง หรือลบแถวนี้"))
        result.append(ProcurementRow({k: values.get(k, "") for k in KEYS}, index))
    if errors:
        raise InputErrors(errors)
    return result


def baht(value: str) -> str:
    """An amount as printed: "12,500.00"; empty stays empty."""
    return f"{Decimal(value):,.2f}" if value else ""
