"""Generate the small sample PDFs of the embedded demo site (content/files/2570/...).

Every ``file:`` in the sample ``indicators.yml`` points at one of these. They are real
PDFs (1-2 pages, a text layer in the standard Type1 font Helvetica, ASCII text only)
and byte-for-byte deterministic: no timestamps, no random /ID, no XMP metadata, so
re-running this script leaves ``git status`` clean.

One file is deliberately a "scan": a page made of an image only, with no font and no
text layer, so the checker's "no text layer" warning has a real example.

Usage: ``.venv/bin/python tools/make_sample_pdfs.py [--check]``
(``--check`` exits 1 if any file would change.)
"""

from __future__ import annotations

import argparse
import io
import sys
import zlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "content" / "files" / "2570"
MAX_BYTES = 3 * 1024

# (relative path under content/files/2570, English heading, pages: lists of body lines)
DOCS: list[tuple[str, str, list[list[str]]]] = [
    (
        "o1/structure.pdf",
        "Organisation chart",
        [
            [
                "Political side: Mayor, deputies, council",
                "Permanent staff: Chief Administrator,",
                "Office of the Chief, Finance, Public Works",
            ]
        ],
    ),
    (
        "o1/powers-duties.pdf",
        "Powers and duties (summary)",
        [["Summary of duties under the", "Tambon Council and SAO Act B.E. 2537"]],
    ),
    ("o3/contact-map-scan.pdf", "", []),  # scanned image, generated separately
    (
        "o5/local-development-plan-2566-2570.pdf",
        "Local development plan B.E. 2566-2570",
        [
            ["Strategies, goals and indicators", "covering fiscal years 2566-2570"],
            [
                "Strategy 1: infrastructure",
                "Strategy 2: quality of life",
                "Strategy 3: good governance",
            ],
        ],
    ),
    (
        "o5/plan-amendment-1-2570.pdf",
        "Local development plan amendment 1/2570",
        [["Amendment no. 1 for fiscal year 2570"]],
    ),
    (
        "o6/action-plan-2570.pdf",
        "Action plan FY2570",
        [["Projects, budget and duration", "by strategy"]],
    ),
    (
        "o6/progress-6-months-2570.pdf",
        "Action plan progress, 1 Oct 2569 - 31 Mar 2570",
        [["Per project: budget, disbursed, status, division, source of funds"]],
    ),
    (
        "o7/annual-report-2569.pdf",
        "Annual operations report FY2569",
        [["Results, budget used, problems and suggestions"]],
    ),
    (
        "o8/manual-tax-collection.pdf",
        "Staff manual: local tax collection",
        [["Steps, forms and time frames"]],
    ),
    (
        "o8/manual-procurement.pdf",
        "Staff manual: procurement",
        [["Procurement steps under the 2560 Act"]],
    ),
    (
        "o9/service-guide.pdf",
        "Service guide for the public",
        [
            [
                "Civil registration, building permits, elderly allowance",
                "Documents to bring, fees, time",
            ]
        ],
    ),
    (
        "o10/eservice-statistics-2570.pdf",
        "E-Service usage statistics FY2570",
        [["Requests per month, Oct - Mar"]],
    ),
    *[
        (
            f"o11/o11-{m}.pdf",
            f"Monthly procurement summary {m}",
            [["Item, amount, median price, method,", "bidders, winner, agreed price, contract"]],
        )
        for m in ("2569-10", "2569-11", "2570-01", "2570-02", "2570-03")
    ],
    (
        "o11/o11-2569-12.pdf",
        "Monthly procurement summary 2569-12",
        [["No procurement in this month"]],
    ),
    (
        "o12/annual-procurement-report-2569.pdf",
        "Annual procurement report FY2569",
        [
            [
                "Summary, analysis, problems and improvements",
                "Attached: 12 monthly summaries of FY2569",
            ]
        ],
    ),
    (
        "o13/hr-criteria.pdf",
        "HR management criteria",
        [["Recruitment, development, appraisal, rewards"]],
    ),
    (
        "o13/hr-plan-2570.pdf",
        "HR management and development plan FY2570",
        [["Training and development plan"]],
    ),
    ("o14/hr-report-2569.pdf", "HR report FY2569", [["Results of HR management and development"]]),
    ("o15/code-of-ethics.pdf", "Code of ethics for local officials", [["Code of ethics in force"]]),
    (
        "o15/ethics-activities-2570.pdf",
        "Ethics promotion activities FY2570",
        [["Training, pledge, Do and Don't"]],
    ),
    (
        "o16/complaint-handling-guide.pdf",
        "Corruption complaint handling guide",
        [["How to complain, handling steps,", "responsible unit, time frame"]],
    ),
    (
        "o18/complaint-statistics-2569.pdf",
        "Corruption complaint statistics FY2569",
        [["Received, completed, in progress"]],
    ),
    (
        "o19/participation-2570.pdf",
        "Public participation results FY2570",
        [["Issue, participants, results, use of results"]],
    ),
    (
        "o20/no-gift-policy-2570.pdf",
        "No Gift Policy announcement FY2570",
        [["Signed by the Chief Executive"]],
    ),
    (
        "o21/risk-assessment-2570.pdf",
        "Corruption risk assessment FY2570",
        [["Risks, likelihood, impact, controls"]],
    ),
    (
        "o22/risk-management-report-2569.pdf",
        "Risk management report FY2569",
        [["Results of the risk plan"]],
    ),
    (
        "o23/anti-corruption-plan-2570.pdf",
        "Anti-corruption action plan FY2570",
        [["Projects and budget"]],
    ),
    (
        "o24/anti-corruption-report-2569.pdf",
        "Anti-corruption report FY2569",
        [["Results of the action plan"]],
    ),
    (
        "o25/ita-2569-analysis.pdf",
        "Analysis of ITA 2569 results",
        [["Every indicator, strengths, weaknesses"]],
    ),
    (
        "o26/integrity-measures-report-2569.pdf",
        "Integrity measures report FY2569",
        [["Measure, owner, time frame, result"]],
    ),
]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _text_page(
    pdf: Pdf, font: Dictionary, heading: str, code: str, lines: list[str], page_no: int
) -> None:
    ops = [
        "BT",
        "/F1 16 Tf",
        "72 770 Td",
        f"({_escape(heading)}) Tj",
        "/F1 11 Tf",
        "0 -24 Td",
        f"({_escape(f'Sample document {code} FY2570 - page {page_no}')}) Tj",
    ]
    for line in lines:
        ops += ["0 -16 Td", f"({_escape(line)}) Tj"]
    ops += ["0 -32 Td", "(Fictional SAO - demo data for the OIT site generator.) Tj", "ET"]
    content = Stream(pdf, "\n".join(ops).encode("ascii"))
    page = Dictionary(
        Type=Name.Page,
        MediaBox=Array([0, 0, 595, 842]),
        Resources=Dictionary(Font=Dictionary(F1=font)),
        Contents=content,
    )
    pdf.pages.append(pikepdf.Page(page))


def _scan_page(pdf: Pdf) -> None:
    """A page that is only an image (a fake grey 'scan' with dark bars as 'text')."""
    w, h = 120, 170
    rows = bytearray()
    for y in range(h):
        for x in range(w):
            ink = (
                12 <= x < w - 12 and y % 10 < 3 and (y // 10) % 4 != 3 and x < w - 12 - (y * 7) % 40
            )
            rows.append(40 if ink else 235)
    image = Stream(pdf, zlib.compress(bytes(rows), 9))
    image.Type = Name.XObject
    image.Subtype = Name.Image
    image.Width = w
    image.Height = h
    image.ColorSpace = Name.DeviceGray
    image.BitsPerComponent = 8
    image.Filter = Name.FlateDecode
    content = Stream(pdf, b"q 595 0 0 842 0 0 cm /Im1 Do Q")
    page = Dictionary(
        Type=Name.Page,
        MediaBox=Array([0, 0, 595, 842]),
        Resources=Dictionary(XObject=Dictionary(Im1=image)),
        Contents=content,
    )
    pdf.pages.append(pikepdf.Page(page))


def build(rel: str, heading: str, pages: list[list[str]]) -> bytes:
    """The bytes of one sample PDF."""
    pdf = Pdf.new()
    code = rel.split("/")[0]
    if not pages:
        _scan_page(pdf)
    else:
        font = pdf.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.Type1,
                BaseFont=Name.Helvetica,
                Encoding=Name.WinAnsiEncoding,
            )
        )
        for number, lines in enumerate(pages, start=1):
            _text_page(pdf, font, heading, code, lines, number)
    buf = io.BytesIO()
    pdf.save(
        buf,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        linearize=False,
    )
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if any file would change")
    args = parser.parse_args(argv)
    changed = []
    for rel, heading, pages in DOCS:
        data = build(rel, heading, pages)
        if len(data) > MAX_BYTES:
            raise SystemExit(f"{rel}: {len(data)} bytes, over the {MAX_BYTES} byte budget")
        path = OUT / rel
        if path.is_file() and path.read_bytes() == data:
            continue
        changed.append(rel)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    verb = "would change" if args.check else "wrote"
    for rel in changed:
        print(f"{verb} content/files/2570/{rel}")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
