"""The checker's report and its formats: text, JSON, JUnit XML, Markdown and HTML.

The JSON shape is a contract (design.md): keys may be added, never removed or renamed.
Every text that came from indicators.yml (titles, reasons, URLs, file names) is escaped
for the target format, because an officer's title can contain ``<``, ``|`` or ``&``.
"""

from __future__ import annotations

import html
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from oit.core.fiscal_calendar import format_date
from oit.core.rules import ItemResult, Problem

__all__ = [
    "FORMATS",
    "STATUS_TH",
    "DocumentEntry",
    "IndicatorGroup",
    "LinkEntry",
    "Report",
    "exit_code",
    "render",
]

SCHEMA = 1
FORMATS = ("text", "json", "junit", "markdown", "html")

STATUS_TH = {
    "ok": "ผ่าน",
    "missing": "ไม่มีข้อมูล",
    "outdated": "ไม่เป็นปัจจุบัน",
    "incomplete": "ไม่ครบ",
    "broken": "ลิงก์/ไฟล์เสีย",
    "not_applicable": "ไม่เกี่ยวข้อง",
}

LINK_STATUS_TH = {
    "ok": "ใช้ได้",
    "redirected": "ใช้ได้ (เปลี่ยนเส้นทาง)",
    "broken": "เสีย",
    "timeout": "หมดเวลา",
    "blocked": "ถูกกันบอต",
    "invalid": "URL ไม่ถูกต้อง",
    "not_checked": "ไม่ได้ตรวจ",
}

# Link statuses that fail an item. "blocked" (anti-bot 403/429/999) is not among them:
# the assessor's browser usually gets through, so it is a warning to open it by hand.
BROKEN_LINK_STATUSES = frozenset({"broken", "timeout", "invalid"})
NOT_CHECKED = "not_checked"


@dataclass
class LinkEntry:
    """One distinct external URL of the site, with the items that publish it."""

    url: str
    status: str
    http_status: int | None = None
    items: list[str] = field(default_factory=list)
    message: str = ""
    final_url: str | None = None

    @property
    def checked(self) -> bool:
        return self.status != NOT_CHECKED

    @property
    def broken(self) -> bool:
        return self.status in BROKEN_LINK_STATUSES

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"url": self.url, "status": self.status, "http_status": self.http_status,
                               "items": list(self.items)}
        if self.message:
            out["message"] = self.message
        if self.final_url and self.final_url != self.url:
            out["final_url"] = self.final_url
        return out


@dataclass
class DocumentEntry:
    """One local file or page, as found on disk (size, PDF pages)."""

    path: str
    kind: str
    size: int | None
    pages: int | None = None
    items: list[str] = field(default_factory=list)
    ok: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "size": self.size, "pages": self.pages,
                "items": list(self.items), "ok": self.ok}


@dataclass
class IndicatorGroup:
    """A catalog indicator (ตัวชี้วัด) and its item codes, for per-indicator summaries."""

    code: str
    title: str
    items: list[str]


@dataclass
class Report:
    """Everything one run of the checker found.

    ``fiscal_year`` is the BE year; ``as_of`` and ``deadline`` are ``date`` objects
    (printed in BE for people, CE ISO in JSON).
    """

    organization: str
    assessment: str
    fiscal_year: int
    as_of: date
    deadline: date | None
    items: list[ItemResult]
    links: list[LinkEntry] = field(default_factory=list)
    site_problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Extras beyond the brief's contract; all optional so a Report can be built by hand.
    indicators: list[IndicatorGroup] = field(default_factory=list)
    documents: list[DocumentEntry] = field(default_factory=list)
    not_applicable: dict[str, str] = field(default_factory=dict)  # code -> public reason
    offline: bool = False
    site_dir: str | None = None
    # Pages no item publishes that still hold init's sample text (``core.placeholders``).
    content_problems: list[Problem] = field(default_factory=list)

    @property
    def days_left(self) -> int | None:
        """Days from ``as_of`` to the deadline (negative once it has passed), or None."""
        return (self.deadline - self.as_of).days if self.deadline else None

    @property
    def passing(self) -> list[ItemResult]:
        return [item for item in self.items if item.passes]

    @property
    def failing(self) -> list[ItemResult]:
        return [item for item in self.items if not item.passes]

    @property
    def links_checked(self) -> int:
        return sum(1 for link in self.links if link.checked)

    @property
    def links_broken(self) -> int:
        return sum(1 for link in self.links if link.broken)

    @property
    def site_errors(self) -> list[Problem]:
        return [p for p in self.site_problems if p.severity == "error"]

    @property
    def content_errors(self) -> list[Problem]:
        return [p for p in self.content_problems if p.severity == "error"]

    def summary(self) -> dict[str, int]:
        """The JSON ``summary`` block: ok counts ok and not_applicable items."""
        return {
            "items": len(self.items),
            "ok": len(self.passing),
            "failing": len(self.failing),
            "links_checked": self.links_checked,
            "links_broken": self.links_broken,
        }

    def summary_line(self) -> str:
        """One Thai line, e.g. "ผ่าน 24/26 รายการ, ลิงก์เสีย 1"."""
        text = f"ผ่าน {len(self.passing)}/{len(self.items)} รายการ"
        if self.links_checked or not self.links:
            text += f", ลิงก์เสีย {self.links_broken}"
        else:
            text += f", ไม่ได้ตรวจลิงก์ภายนอก {len(self.links)} ลิงก์"
        if self.site_dir is not None or self.site_problems:
            text += f", ลิงก์ภายในเว็บไซต์เสีย {len(self.site_errors)}"
        if self.content_errors:
            text += f", หน้าเว็บที่ยังมีข้อความตัวอย่าง {len(self.content_errors)} จุด"
        return text

    def deadline_line(self) -> str:
        """Thai sentence about the deadline: days left, due today, or days overdue."""
        days = self.days_left
        if days is None or self.deadline is None:
            return "ยังไม่ได้กำหนดวันครบกำหนด (deadline) — ใส่ด้วย oit deadline ปปปป-ดด-วว เมื่อ ป.ป.ช. ประกาศ"
        when = format_date(self.deadline)
        if days > 0:
            return f"เหลือ {days} วันถึงกำหนดส่ง ({when})"
        if days == 0:
            return f"วันนี้เป็นวันกำหนดส่ง ({when})"
        return f"เลยกำหนดส่งมาแล้ว {-days} วัน ({when})"

    def to_json(self) -> dict[str, Any]:
        """The report as the JSON object of design.md (plus extra keys)."""
        items = []
        for item in self.items:
            entry: dict[str, Any] = {"code": item.code, "title": item.title, "status": item.status,
                                     "problems": [p.to_json() for p in item.problems]}
            if item.code in self.not_applicable:
                entry["reason"] = self.not_applicable[item.code]
            items.append(entry)
        return {
            "schema": SCHEMA,
            "organization": self.organization,
            "assessment": self.assessment,
            "fiscal_year": self.fiscal_year,
            "as_of": self.as_of.isoformat(),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "days_left": self.days_left,
            "summary": self.summary(),
            "items": items,
            "links": [link.to_json() for link in self.links],
            "site_problems": [p.to_json() for p in self.site_problems],
            "warnings": list(self.warnings),
            "offline": self.offline,
            "documents": [doc.to_json() for doc in self.documents],
        } | ({"content_problems": [p.to_json() for p in self.content_problems]} if self.content_problems else {})


CONTENT_HEADING = "หน้าเว็บที่ยังมีข้อความตัวอย่างจาก oit init"


def exit_code(report: Report) -> int:
    """0 when every required item passes, the built site has no broken link and no page
    still holds init's sample text; else 1."""
    return 0 if not report.failing and not report.site_errors and not report.content_errors else 1


def render(report: Report, fmt: str) -> str:
    """The report in one of ``FORMATS``; ``ValueError`` for an unknown format."""
    renderers = {"text": _text, "json": _json, "junit": _junit, "markdown": _markdown, "html": _html}
    try:
        renderer = renderers[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}") from None
    return renderer(report)


# -- shared helpers ------------------------------------------------------------------

def _header_lines(report: Report) -> list[str]:
    return [
        report.organization,
        f"ปีงบประมาณ พ.ศ. {report.fiscal_year} · เกณฑ์ {report.assessment} · ตรวจ ณ วันที่ {format_date(report.as_of)}",
        report.deadline_line(),
    ]


def _problem_line(problem: Problem) -> str:
    prefix = "คำเตือน: " if problem.severity == "warning" else ""
    return prefix + problem.message


def _first_problem(item: ItemResult, report: Report) -> str:
    if item.status == "not_applicable":
        return report.not_applicable.get(item.code, "")
    ordered = item.errors or item.problems
    if not ordered:
        return ""
    text = _problem_line(ordered[0])
    if len(item.problems) > 1:
        text += f" (+{len(item.problems) - 1})"
    return text


def _problem_links(report: Report) -> list[LinkEntry]:
    """Links worth listing: broken, timed-out, invalid and blocked ones."""
    return [link for link in report.links if link.broken or link.status == "blocked"]


# -- text ------------------------------------------------------------------------------

def _text(report: Report) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    # No colour and no terminal codes: the text goes to files, CI logs and pipes as well.
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system=None, force_terminal=False,
                      no_color=True, highlight=False, emoji=False, soft_wrap=False)
    for line in _header_lines(report):
        console.print(line, markup=False)
    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    table.add_column("รหัส", no_wrap=True)
    table.add_column("รายการ", ratio=3, overflow="fold")
    table.add_column("สถานะ", no_wrap=True)
    table.add_column("ปัญหาแรก", ratio=4, overflow="fold")
    for item in report.items:
        table.add_row(item.code, item.title, STATUS_TH.get(item.status, item.status), _first_problem(item, report))
    console.print(table, markup=False)
    # rich pads every cell to the column width; trailing blanks only bloat logs and diffs.
    out = ["\n".join(line.rstrip() for line in buffer.getvalue().rstrip("\n").splitlines()), ""]

    details = [item for item in report.items if item.problems]
    if details:
        out.append("รายละเอียด:")
        for item in details:
            out.append(f"  {item.code} {item.title} — {STATUS_TH.get(item.status, item.status)}")
            out.extend(f"    - {_problem_line(p)}" for p in item.problems)
        out.append("")
    bad_links = _problem_links(report)
    if bad_links:
        out.append("ลิงก์ภายนอกที่มีปัญหา:")
        for link in bad_links:
            code = f" HTTP {link.http_status}" if link.http_status else ""
            out.append(f"  - [{LINK_STATUS_TH.get(link.status, link.status)}{code}] {link.url} "
                       f"({', '.join(link.items)}){' ' + link.message if link.message else ''}")
        out.append("")
    if report.site_problems:
        out.append("ลิงก์ภายในเว็บไซต์ที่สร้างแล้ว:")
        out.extend(f"  - {_problem_line(p)}" for p in report.site_problems)
        out.append("")
    if report.content_problems:
        out.append(f"{CONTENT_HEADING}:")
        out.extend(f"  - {p.message}" for p in report.content_problems)
        out.append("")
    if report.warnings:
        out.append("คำเตือน:")
        out.extend(f"  - {w}" for w in report.warnings)
        out.append("")
    out.append(("ผลรวม: " + report.summary_line()) + (" — พร้อมส่ง" if exit_code(report) == 0 else ""))
    return "\n".join(out)


# -- json ------------------------------------------------------------------------------

def _json(report: Report) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2)


# -- junit -----------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all, even escaped; ElementTree would write them and
# produce a file no parser accepts.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: object) -> str:
    return _XML_INVALID.sub("\ufffd", str(text))


def _junit(report: Report) -> str:
    failures = len(report.failing) + (1 if report.site_errors else 0) + (1 if report.content_errors else 0)
    skipped = sum(1 for item in report.items if item.status == "not_applicable")
    tests = len(report.items) + (1 if report.site_dir is not None or report.site_problems else 0) \
        + (1 if report.content_problems else 0)
    suite = ET.Element("testsuite", {
        "name": _x(f"oit-check {report.assessment} {report.organization}"),
        "tests": str(tests), "failures": str(failures), "errors": "0", "skipped": str(skipped),
        "timestamp": report.as_of.isoformat(),
    })
    props = ET.SubElement(suite, "properties")
    for name, value in (("organization", report.organization), ("assessment", report.assessment),
                        ("fiscal_year", report.fiscal_year), ("as_of", report.as_of.isoformat()),
                        ("deadline", report.deadline.isoformat() if report.deadline else ""),
                        ("days_left", "" if report.days_left is None else report.days_left)):
        ET.SubElement(props, "property", {"name": name, "value": _x(value)})
    for item in report.items:
        case = ET.SubElement(suite, "testcase", {"classname": _x(report.assessment),
                                                 "name": _x(f"{item.code} {item.title}")})
        if item.status == "not_applicable":
            ET.SubElement(case, "skipped", {"message": _x(report.not_applicable.get(item.code, "ไม่เกี่ยวข้อง"))})
        elif not item.passes:
            first = item.errors[0].message if item.errors else STATUS_TH.get(item.status, item.status)
            failure = ET.SubElement(case, "failure", {"type": item.status, "message": _x(first)})
            failure.text = _x("\n".join(_problem_line(p) for p in item.problems))
        warnings = [p for p in item.problems if p.severity == "warning"]
        if warnings and item.passes:
            out = ET.SubElement(case, "system-out")
            out.text = _x("\n".join(_problem_line(p) for p in warnings))
    if report.site_dir is not None or report.site_problems:
        case = ET.SubElement(suite, "testcase", {"classname": _x(report.assessment), "name": "site internal links"})
        if report.site_errors:
            failure = ET.SubElement(case, "failure", {"type": "broken_internal_link",
                                                      "message": _x(report.site_errors[0].message)})
            failure.text = _x("\n".join(p.message for p in report.site_problems))
    if report.content_problems:
        case = ET.SubElement(suite, "testcase", {"classname": _x(report.assessment), "name": "site pages"})
        failure = ET.SubElement(case, "failure", {"type": "placeholder",
                                                  "message": _x(report.content_problems[0].message)})
        failure.text = _x("\n".join(p.message for p in report.content_problems))
    if report.warnings:
        out = ET.SubElement(suite, "system-out")
        out.text = _x("\n".join(report.warnings))
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


# -- markdown --------------------------------------------------------------------------

# `{` and `}` too: attr_list would turn "{: onclick=... }" at a cell's end into an attribute.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#~])")


def _md(text: object) -> str:
    """Text safe in a Markdown table cell: HTML entities, escaped punctuation, one line."""
    escaped = html.escape(str(text), quote=False)
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    return " ".join(escaped.split())


def _markdown(report: Report) -> str:
    out = [f"# รายงานตรวจความพร้อม ITA — {_md(report.organization)}", ""]
    out += [f"- ปีงบประมาณ พ.ศ. {report.fiscal_year}, เกณฑ์ `{_md(report.assessment)}`",
            f"- ตรวจ ณ วันที่ {format_date(report.as_of)}",
            f"- {_md(report.deadline_line())}",
            f"- **{_md(report.summary_line())}**", ""]
    out += ["| รหัส | รายการ | สถานะ | ปัญหา |", "|---|---|---|---|"]
    for item in report.items:
        if item.status == "not_applicable":
            problems = _md(report.not_applicable.get(item.code, ""))
        else:
            problems = "<br>".join(_md(_problem_line(p)) for p in item.problems)
        out.append(f"| {item.code} | {_md(item.title)} | {STATUS_TH.get(item.status, item.status)} | {problems} |")
    out.append("")
    bad_links = _problem_links(report)
    if bad_links:
        out += ["## ลิงก์ภายนอกที่มีปัญหา", "", "| URL | สถานะ | HTTP | รายการ |", "|---|---|---|---|"]
        for link in bad_links:
            out.append(f"| {_md(link.url)} | {LINK_STATUS_TH.get(link.status, link.status)} | "
                       f"{link.http_status or '–'} | {', '.join(link.items)} |")
        out.append("")
    if report.site_problems:
        out += ["## ลิงก์ภายในเว็บไซต์", ""]
        out += [f"- {_md(_problem_line(p))}" for p in report.site_problems]
        out.append("")
    if report.content_problems:
        out += [f"## {CONTENT_HEADING}", ""]
        out += [f"- {_md(p.message)}" for p in report.content_problems]
        out.append("")
    if report.warnings:
        out += ["## คำเตือน", ""]
        out += [f"- {_md(w)}" for w in report.warnings]
        out.append("")
    return "\n".join(out)


# -- html ------------------------------------------------------------------------------

_CSS = """
body{font-family:"Sarabun","Noto Sans Thai","Loma",system-ui,sans-serif;margin:0;padding:1rem;
color:#1b1b1b;background:#fff;line-height:1.5;max-width:70rem}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.15rem;margin-top:1.5rem}
.meta{color:#444;margin:.2rem 0}.summary{font-weight:bold}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}td ul{margin:0;padding-left:1.1rem}
.s-ok{color:#0a6b2d}.s-not_applicable{color:#555}
.s-missing,.s-broken{color:#a4000f;font-weight:bold}.s-outdated,.s-incomplete{color:#8a4b00;font-weight:bold}
.warn{color:#8a4b00}svg text{font-size:12px;fill:#1b1b1b}
@media (max-width:40rem){th:nth-child(2),td:nth-child(2){display:none}}
"""


WARN_LI = '<li class="warn">'


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _indicator_rows(report: Report) -> list[tuple[str, int, int]]:
    """(label, passing, total) per indicator; one row for everything if none are known."""
    by_code = {item.code: item for item in report.items}
    rows = []
    for group in report.indicators:
        items = [by_code[c] for c in group.items if c in by_code]
        if items:
            rows.append((f"{group.code} {group.title}", sum(1 for i in items if i.passes), len(items)))
    if not rows:
        rows.append(("ทุกรายการ", len(report.passing), len(report.items)))
    return rows


def _svg_chart(report: Report) -> str:
    rows = _indicator_rows(report)
    label_w, bar_w, row_h = 260, 300, 26
    width, height = label_w + bar_w + 80, row_h * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" viewBox="0 0 {width} {height}" '
             f'aria-label="{_e("จำนวนรายการที่ผ่านแยกตามตัวชี้วัด")}">']
    for index, (label, passed, total) in enumerate(rows):
        y = 5 + index * row_h
        filled = round(bar_w * passed / total) if total else 0
        short = label if len(label) <= 40 else label[:39] + "…"
        parts.append(f'<text x="0" y="{y + 16}">{_e(short)}<title>{_e(label)}</title></text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="16" fill="#e4e4e4"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{filled}" height="16" fill="#1e7d3a"/>')
        parts.append(f'<text x="{label_w + bar_w + 8}" y="{y + 16}">{passed}/{total}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _html(report: Report) -> str:
    title = f"รายงานตรวจความพร้อม ITA — {report.organization}"
    out = ["<!DOCTYPE html>", '<html lang="th">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>", "<main>",
           f"<h1>{_e(title)}</h1>",
           f'<p class="meta">ปีงบประมาณ พ.ศ. {report.fiscal_year} · เกณฑ์ {_e(report.assessment)} · '
           f"ตรวจ ณ วันที่ {_e(format_date(report.as_of))}</p>",
           f'<p class="meta">{_e(report.deadline_line())}</p>',
           f'<p class="summary">{_e(report.summary_line())}</p>',
           "<h2>รายการที่ผ่านแยกตามตัวชี้วัด</h2>", _svg_chart(report),
           "<h2>ผลรายการ</h2>",
           "<table><thead><tr><th scope=\"col\">รหัส</th><th scope=\"col\">รายการ</th>"
           "<th scope=\"col\">สถานะ</th><th scope=\"col\">ปัญหา</th></tr></thead><tbody>"]
    for item in report.items:
        if item.status == "not_applicable":
            cell = _e(report.not_applicable.get(item.code, ""))
        elif item.problems:
            cell = "<ul>" + "".join(
                (WARN_LI if p.severity == "warning" else "<li>") + _e(_problem_line(p)) + "</li>"
                for p in item.problems) + "</ul>"
        else:
            cell = ""
        out.append(f"<tr><td>{_e(item.code)}</td><td>{_e(item.title)}</td>"
                   f'<td class="s-{_e(item.status)}">{_e(STATUS_TH.get(item.status, item.status))}</td>'
                   f"<td>{cell}</td></tr>")
    out.append("</tbody></table>")
    bad_links = _problem_links(report)
    if bad_links:
        out.append("<h2>ลิงก์ภายนอกที่มีปัญหา</h2><table><thead><tr><th scope=\"col\">URL</th>"
                   "<th scope=\"col\">สถานะ</th><th scope=\"col\">HTTP</th><th scope=\"col\">รายการ</th>"
                   "</tr></thead><tbody>")
        for link in bad_links:
            # The URL is shown as text, not a live link: the report must make no request.
            out.append(f"<tr><td><code>{_e(link.url)}</code></td>"
                       f"<td>{_e(LINK_STATUS_TH.get(link.status, link.status))}</td>"
                       f"<td>{_e(link.http_status or '–')}</td><td>{_e(', '.join(link.items))}</td></tr>")
        out.append("</tbody></table>")
    if report.site_problems:
        out.append("<h2>ลิงก์ภายในเว็บไซต์</h2><ul>")
        out += [f"<li>{_e(_problem_line(p))}</li>" for p in report.site_problems]
        out.append("</ul>")
    if report.content_problems:
        out.append(f"<h2>{_e(CONTENT_HEADING)}</h2><ul>")
        out += [f"<li>{_e(p.message)}</li>" for p in report.content_problems]
        out.append("</ul>")
    if report.warnings:
        out.append("<h2>คำเตือน</h2><ul>")
        out += [f'<li class="warn">{_e(w)}</li>' for w in report.warnings]
        out.append("</ul>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)
