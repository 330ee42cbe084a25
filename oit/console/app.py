"""The console's pages: a Flask app over the officer, checker and build layers.

Every view reads the site fresh (the officer may edit indicators.yml by hand between two
clicks) and hands each change to the function the command line uses: ``add_document`` of
``oit add``, ``run_check`` of ``oit check``, ``build_site`` of ``oit build``, ``new_year``
of ``oit new-year``, the ITAS export of ``oit export``. Forms carry the fingerprint of
indicators.yml they were rendered from; a change is refused when the file has changed
since (``Journal.change``). Security checks live in ``oit.console.guard``.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, flash, redirect, render_template, request, send_from_directory, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Response as AnyResponse

from oit.checker.check import CheckOptions, run_check
from oit.checker.report import Report, render
from oit.console import guard
from oit.console.audit import Change, Journal, fingerprint
from oit.console.jobs import Job, Jobs
from oit.console.snapshot import Snapshots
from oit.console.uploads import DEFAULT_MAX_UPLOAD, MSG_REFUSED, form_date, form_month, receive
from oit.core.catalog import Period
from oit.core.errors import InputError, InputErrors
from oit.core.fiscal_calendar import format_date, format_month
from oit.core.indicators import CONTENT_DIR, Site, load_site
from oit.core.rules import ItemResult
from oit.officer.status import NO_DIVISION, division_of, next_due
from oit.pages.generate import STATUS_TH

STATUSES = ("ok", "missing", "outdated", "incomplete", "broken", "not_applicable")
EXPORT_FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "csv": "text/csv; charset=utf-8", "json": "application/json"}
SITE_OUT = "site"

# Option names in the officer layer's messages, as the form labels them.
_FIELD_LABELS = {"--date": "วันที่", "--month": "เดือนที่รายงาน", "--title": "ชื่อเอกสาร", "--url": "ลิงก์",
                 "--page": "หน้าเว็บ", "FILE": "ไฟล์", "CODE": "รหัสรายการ"}


def rule_th(period: Period, site: Site) -> str:
    """An item's currency rule as a sentence the officer can act on."""
    fy = site.fiscal_year
    return {
        Period.ANY: "เอกสารฉบับที่มีผลใช้บังคับอยู่ ไม่จำกัดวันที่",
        Period.FISCAL_YEAR: f"เอกสารลงวันที่ภายใน{fy.label}",
        Period.PREVIOUS_FISCAL_YEAR: f"รายงานผลของปีงบประมาณ {fy.be_year - 1} ที่เพิ่งสิ้นสุด",
        Period.HALF_YEAR: f"รายงานรอบ 6 เดือน (1 ต.ค. – 31 มี.ค.) ของ{fy.label}",
        Period.MONTHLY: f"ทุกเดือนของปีงบ ({fy.label}) ที่ผ่านไปแล้ว ห้ามขาดเดือนใด — "
                        "เดือนที่ไม่มีเรื่องรายงานให้บันทึกว่า \"ไม่มี\" พร้อมหมายเหตุ",
        Period.QUARTERLY: f"ทุกไตรมาสของ{fy.label}ที่ผ่านไปแล้ว",
        Period.CONTINUOUS: "ช่องทางที่ต้องเปิดใช้งานได้ตลอด (ใส่เป็นลิงก์)",
    }[period]


def error_lines(exc: InputError | InputErrors, replace: dict[str, str] | None = None) -> list[str]:
    """Thai lines for the page; temporary upload paths shown as the name the officer chose."""
    errors = exc.errors if isinstance(exc, InputErrors) else [exc]
    lines = []
    for error in errors:
        path = _FIELD_LABELS.get(error.path, error.path)
        text = str(InputError(path, error.line, error.message, error.hint))
        for old, new in (replace or {}).items():
            text = text.replace(old, new)
        lines.append(text)
    return lines


def when_th(stamp: object) -> str:
    """A journal time stamp (ISO, local time) as a Thai BE date and clock time."""
    try:
        moment = datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    return f"{format_date(moment.date())} {moment:%H:%M:%S} น."


def create_app(root: Path, token: str, *, max_upload: int = DEFAULT_MAX_UPLOAD, port: int = 0) -> Flask:
    """The console for the site in ``root``; ``token`` is the launch's secret of the printed URL."""
    root = Path(root).resolve()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),  # per launch: a restart ends every session
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_NAME=f"oit-console-{port}",
        TRUSTED_HOSTS=["127.0.0.1", "localhost"],
        OIT_ALLOWED_HOSTS=guard.allowed_hosts(port),
        # Flask's own limits, set for real PDFs: the whole body, the text fields, the parts.
        MAX_CONTENT_LENGTH=max_upload + 1024 * 1024,
        MAX_FORM_MEMORY_SIZE=1024 * 1024,
        MAX_FORM_PARTS=64,
        OIT_MAX_UPLOAD=max_upload,
    )
    guard.install(app, token)
    journal = Journal(root)
    jobs = Jobs()
    app.extensions["oit_console"] = {"root": root, "journal": journal, "jobs": jobs}
    env = app.jinja_env
    env.globals.update(STATUS_TH=STATUS_TH, format_date=format_date, format_month=format_month)
    env.filters["when_th"] = when_th

    def today() -> date:
        return date.today()

    snapshots = Snapshots(root)

    def overview(day: date) -> tuple[Site, Report]:
        return snapshots.get(day)

    def page(template: str, status: int = 200, **context: Any) -> AnyResponse:
        context.setdefault("yml", fingerprint(root / "indicators.yml"))
        context.setdefault("root", root)
        return Response(render_template(template, **context), status=status)

    # ------------------------------------------------------------------ errors

    @app.errorhandler(InputErrors)
    @app.errorhandler(InputError)
    def _bad_site(exc: InputError | InputErrors) -> AnyResponse:
        return page("problem.j2", 400, heading="indicators.yml มีข้อผิดพลาด", lines=error_lines(exc))

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(_exc: HTTPException) -> AnyResponse:
        limit = app.config["OIT_MAX_UPLOAD"] // (1024 * 1024)
        return page("problem.j2", 413, heading="ไฟล์ใหญ่เกินไป",
                    lines=[f"{MSG_REFUSED} ไฟล์ใหญ่เกิน {limit} MB — ลดขนาดไฟล์หรือแบ่งเป็นหลายไฟล์ แล้วลองอีกครั้ง"])

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(405)
    def _http(exc: HTTPException) -> AnyResponse:
        text = {
            "host": "คำขอนี้ไม่ได้มาจากที่อยู่ของคอนโซล (127.0.0.1 หรือ localhost) จึงไม่ตอบ",
            "csrf": "คำขอนี้ไม่มีรหัสยืนยันของหน้าคอนโซล (CSRF) จึงไม่ได้เปลี่ยนแปลงอะไร — เปิดหน้าใหม่แล้วทำอีกครั้ง",
        }.get(str(exc.description), {404: "ไม่พบหน้านี้", 405: "ทำรายการนี้ด้วยวิธีนี้ไม่ได้"}.get(exc.code or 0,
                                                                                                "คำขอไม่ถูกต้อง"))
        if request.headers.get("Host", "") not in app.config["OIT_ALLOWED_HOSTS"]:
            # A foreign Host: no page, no links built from that host, just the refusal.
            return Response(text, status=400, mimetype="text/plain")
        return Response(render_template("problem.j2", heading="ทำรายการไม่ได้", lines=[text], yml="", root=root),
                        status=exc.code or 400)

    # ------------------------------------------------------------------ overview and items

    @app.get("/")
    def index() -> AnyResponse:
        day = today()
        site, report = overview(day)
        divisions = {code: division_of(record) for code, record in site.items.items()}
        want_division = request.args.get("division") or ""
        want_status = request.args.get("status") or ""
        rows = []
        for result in report.items:
            record = site.items[result.code]
            due = next_due(record, site, day)
            if want_division and divisions[result.code] != want_division:
                continue
            if want_status and result.status != want_status:
                continue
            rows.append({"result": result, "division": divisions[result.code],
                         "due": due, "due_days": (due.due - day).days if due else None,
                         "documents": len(record.documents)})
        counts = {status: sum(1 for r in report.items if r.status == status) for status in STATUSES}
        return page("overview.j2", site=site, report=report, rows=rows, counts=counts,
                    divisions=sorted(set(divisions.values()) - {NO_DIVISION}) + (
                        [NO_DIVISION] if NO_DIVISION in divisions.values() else []),
                    want_division=want_division, want_status=want_status, statuses=STATUSES)

    def item_context(code: str) -> dict[str, Any]:
        day = today()
        site, report = overview(day)
        wanted = code.strip().lower()
        if wanted not in site.items:
            abort(404)
        record = site.items[wanted]
        result: ItemResult = next(r for r in report.items if r.code == wanted)
        due = next_due(record, site, day)
        return {"site": site, "report": report, "record": record, "spec": record.spec, "result": result,
                "rule": rule_th(record.spec.period, site), "due": due, "division": division_of(record),
                "monthly": record.spec.period is Period.MONTHLY, "form": {}, "errors": [],
                "months": site.fiscal_year.months(),
                "divisions": sorted({division_of(r) for r in site.items.values()} - {NO_DIVISION})}

    @app.get("/items/<code>")
    def item(code: str) -> AnyResponse:
        return page("item.j2", **item_context(code))

    def refuse(code: str, lines: list[str], status: int = 400, form: dict[str, str] | None = None) -> AnyResponse:
        context = item_context(code)
        context.update(errors=lines, form=form or {})
        return page("item.j2", status, **context)

    @app.post("/items/<code>/add")
    def add(code: str) -> AnyResponse:
        from oit.officer.intake import AddRequest, add_document
        from oit.officer.item_edit import remove_document, same_content_documents

        form = {k: v for k, v in request.form.items() if k != guard.CSRF_FIELD}
        storage = request.files.get("file")
        has_file = storage is not None and bool(storage.filename)
        url = (form.get("url") or "").strip() or None
        upload = receive(storage, app.config["OIT_MAX_UPLOAD"]) if has_file and storage is not None else None
        try:
            replace = {str(upload.path): upload.original, upload.path.name: upload.original} if upload else {}
            if upload is not None and upload.problems:
                return refuse(code, [f"{MSG_REFUSED} {p}" for p in upload.problems], form=form)
            wanted = code.strip().lower()
            warnings = list(upload.warnings) if upload else []
            if upload is not None:
                site = load_site(root, as_of=today())
                for other, doc in same_content_documents(site, upload.path):
                    if other == wanted:
                        return refuse(code, [f"{MSG_REFUSED} ไฟล์ {upload.original} มีเนื้อหาเดียวกับเอกสาร "
                                             f"'{doc.title}' ({doc.target}) ที่บันทึกไว้ใน {other} แล้ว — ไม่ต้องเพิ่มซ้ำ"],
                                      form=form)
                    warnings.append(f"ไฟล์เดียวกันนี้บันทึกไว้ในรายการ {other} แล้ว ({doc.target})")
            add_request = AddRequest(
                code=code, title=form.get("title", ""), file=upload.path if upload else None, url=url,
                date=form_date(form.get("date")), month=form_month(form.get("month")),
                division=form.get("division") or None, note=form.get("note") or None)
            replacing = form.get("replace_target")
            change = Change("replace" if replacing else "add", item=wanted, title=" ".join(add_request.title.split()),
                            file=upload.original if upload else None, detail=replacing)
            try:
                with journal.change(change, form.get("yml")):
                    result = add_document(root, add_request)
                    change.target = result.target
                    change.created_file = result.target if result.kind == "file" and result.copied else None
                    if replacing:
                        # The new document is in (appended at the end): now the old one goes,
                        # by the place and target the officer confirmed. Undo restores both.
                        # If this fails, Journal.change puts indicators.yml back and removes the copy.
                        removed = remove_document(root, code, int(form.get("replace_index") or -1), replacing)
                        if removed.document.kind == "file" and not removed.file_still_used \
                                and (root / CONTENT_DIR / replacing).is_file():
                            journal.trash(change, replacing)
            except (InputError, InputErrors) as exc:
                return refuse(code, error_lines(exc, replace), 409 if _changed(exc) else 400, form)
        finally:
            if upload is not None:
                upload.close()
        where = f"{CONTENT_DIR}/{result.target}" if result.kind == "file" else result.target
        flash(f"บันทึก '{change.title}' ใน {result.code} แล้ว ({where})"
              + (f" แทน {change.detail}" if change.detail else ""), "ok")
        for warning in [*warnings, *result.warnings]:
            flash(warning, "warning")
        return redirect(url_for("item", code=result.code), code=303)

    @app.get("/items/<code>/remove/<int:index>")
    def remove_confirm(code: str, index: int) -> AnyResponse:
        context = item_context(code)
        docs = context["record"].documents
        if not 0 <= index < len(docs):
            abort(404)
        return page("remove.j2", doc=docs[index], index=index, **context)

    @app.post("/items/<code>/remove/<int:index>")
    def remove(code: str, index: int) -> AnyResponse:
        from oit.officer.item_edit import remove_document

        target = request.form.get("target", "")
        change = Change("remove", item=code.strip().lower(), target=target)
        try:
            with journal.change(change, request.form.get("yml")):
                result = remove_document(root, code, index, target)
                change.title = result.document.title
                if result.document.kind == "file" and not result.file_still_used \
                        and (root / CONTENT_DIR / target).is_file():
                    journal.trash(change, target)
        except (InputError, InputErrors) as exc:
            return refuse(code, error_lines(exc), 409 if _changed(exc) else 400)
        flash(f"ลบเอกสาร '{change.title}' ออกจาก {result.code} แล้ว (ย้อนกลับได้ที่หน้าบันทึกการเปลี่ยนแปลง)", "ok")
        return redirect(url_for("item", code=result.code), code=303)

    @app.post("/items/<code>/not-applicable")
    def not_applicable(code: str) -> AnyResponse:
        from oit.officer.item_edit import set_not_applicable

        reason = request.form.get("reason", "")
        change = Change("not_applicable", item=code.strip().lower(), detail=" ".join(reason.split()) or None)
        try:
            with journal.change(change, request.form.get("yml")):
                set_not_applicable(root, code, reason)
        except (InputError, InputErrors) as exc:
            return refuse(code, error_lines(exc), 409 if _changed(exc) else 400)
        flash("บันทึกว่ารายการนี้ไม่เกี่ยวข้องกับหน่วยงานแล้ว" if change.detail else "ยกเลิกการระบุว่าไม่เกี่ยวข้องแล้ว", "ok")
        return redirect(url_for("item", code=code.strip().lower()), code=303)

    @app.get("/files/<path:path>")
    def content_file(path: str) -> AnyResponse:
        # send_from_directory refuses any path that leaves content/ (safe_join).
        return send_from_directory(root / CONTENT_DIR, path)

    # ------------------------------------------------------------------ journal

    @app.get("/audit")
    def audit() -> AnyResponse:
        return page("audit.j2", entries=list(reversed(journal.entries())), last=journal.last_undoable())

    @app.post("/audit/undo")
    def undo() -> AnyResponse:
        try:
            entry = journal.undo(request.form.get("yml"))
        except (InputError, InputErrors) as exc:
            return page("audit.j2", 409, entries=list(reversed(journal.entries())), last=journal.last_undoable(),
                        errors=error_lines(exc))
        flash(f"ย้อนกลับการเปลี่ยนแปลงเมื่อ {entry.get('when')} แล้ว", "ok")
        return redirect(url_for("audit"), code=303)

    # ------------------------------------------------------------------ check, export, build, new year

    @app.get("/check")
    def check() -> AnyResponse:
        job = jobs.get("check")
        return page("check.j2", job=job, report=job.result if job and job.done else None)

    @app.post("/check")
    def check_start() -> AnyResponse:
        online = request.form.get("mode") == "links"

        def work(job: Job) -> Report:
            if online:
                site = load_site(root, as_of=today())
                links = {d.target for r in site.items.values() for d in r.documents if d.kind == "url"}
                job.echo(f"ตรวจเอกสารในเครื่องและลิงก์ภายนอก {len(links)} ลิงก์")
            else:
                job.echo("ตรวจแบบออฟไลน์ (ไม่ตรวจลิงก์ภายนอก)")
            return run_check(CheckOptions(site=root, as_of=today(), offline=not online, on_link=job.advance))

        jobs.start("check", work)
        return redirect(url_for("check"), code=303)

    @app.get("/check/report.html")
    def check_report() -> AnyResponse:
        job = jobs.get("check")
        if job is None or not job.done or job.result is None:
            abort(404)
        # The checker's HTML report carries its own <style> and inline SVG, no script.
        return Response(render(job.result, "html"), mimetype="text/html", headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                       "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"})

    @app.get("/export")
    def export_page() -> AnyResponse:
        return page("export.j2", site=load_site(root, as_of=today()), formats=EXPORT_FORMATS)

    @app.get("/export/itas.<fmt>")
    def export_file(fmt: str) -> AnyResponse:
        from oit.officer.itas_export import export_rows, render_csv, render_json, render_xlsx

        if fmt not in EXPORT_FORMATS:
            abort(404)
        day = today()
        site = load_site(root, as_of=day)
        rows = export_rows(site, day)
        data = render_csv(rows) if fmt == "csv" else render_json(site, rows, day) if fmt == "json" \
            else render_xlsx(site, rows)
        name = f"itas-{site.fiscal_year.be_year}.{fmt}"
        return Response(data, mimetype=EXPORT_FORMATS[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/preview/")
    @app.get("/preview/<path:path>")
    def preview(path: str = "") -> AnyResponse:
        out = root / SITE_OUT
        if not (out / "index.html").is_file():
            return page("problem.j2", 404, heading="ยังไม่มีเว็บไซต์ที่สร้างแล้ว",
                        lines=["สร้างเว็บไซต์ก่อนที่หน้า \"เผยแพร่\" แล้วกลับมาดูตัวอย่างที่นี่"])
        if path == "" or path.endswith("/"):
            path += "index.html"
        elif (out / path).is_dir():
            return redirect(url_for("preview", path=path + "/"))
        return send_from_directory(out, path)

    @app.get("/publish")
    def publish() -> AnyResponse:
        job = jobs.get("build")
        target = load_site(root, as_of=today()).publish_target
        return page("publish.j2", job=job, built=(root / SITE_OUT / "index.html").is_file(), target=target)

    @app.post("/publish")
    def publish_start() -> AnyResponse:
        from oit.build.publish import BuildRefused, build_site

        reason = (request.form.get("allow_failing") or "").strip() or None
        online = request.form.get("links") == "1"

        def work(job: Job) -> str | None:
            change = Change("build", undoable=False, detail=reason)
            try:
                with journal.change(change, None):
                    summary = build_site(root, offline=not online, allow_failing=reason, echo=job.echo)
                    job.echo(summary)
            except BuildRefused as exc:
                job.errors = [str(exc)]
                return None
            return _send_to_configured_target(job, reason) or summary

        def _send_to_configured_target(job: Job, reason: str | None) -> str | None:
            """``oit publish`` to the target named in indicators.yml (``publish: target:``), if any:
            the gate has passed and site/ holds the new build. Secrets come from the console's
            environment, as for the command (ssh agent, ~/.ssh, OIT_PUBLISH_PASSWORD)."""
            from oit.core.indicators import CONFIG_NAME
            from oit.publishing.send import Progress, open_target, publish_site
            from oit.publishing.target_url import parse_target

            site = load_site(root, as_of=today())
            if site.publish_target is None:
                return None
            spec = parse_target(site.publish_target, source=CONFIG_NAME, line=site.publish_target_line,
                                base=root.resolve())
            change = Change("publish", undoable=False, detail=f"{spec.label}" + (f" ({reason})" if reason else ""))
            with journal.change(change, None):
                result = publish_site(root / SITE_OUT, open_target(spec), allow_failing=reason,
                                      progress=Progress(note=job.echo))
                if result.error is not None:  # the attempt is in the change log too
                    change.detail = f"{change.detail} — ไม่สำเร็จ: {result.error}"
            if result.error is not None:
                job.errors = [result.error, f"ส่งไปแล้ว {result.uploaded} ไฟล์ ลบแล้ว {result.deleted} ไฟล์ ก่อนหยุด "
                                            "— แก้ปัญหาแล้วกดเผยแพร่อีกครั้ง จะส่งต่อเฉพาะส่วนที่เหลือ"]
                return None
            if result.plan.empty:
                return f"ไม่มีอะไรเปลี่ยน ไม่ได้ส่งไฟล์ใด ({len(result.plan.unchanged)} ไฟล์ตรงกับที่ {result.target})"
            return (f"เผยแพร่แล้วที่ {result.target}: ส่ง {result.uploaded} ไฟล์ ลบ {result.deleted} ไฟล์ "
                    f"ไม่เปลี่ยน {len(result.plan.unchanged)} ไฟล์")

        jobs.start("build", work)
        return redirect(url_for("publish"), code=303)

    @app.get("/new-year")
    def new_year_page() -> AnyResponse:
        site = load_site(root, as_of=today())
        return page("new_year.j2", site=site, next_year=site.fiscal_year.next(), result=None, errors=[])

    @app.post("/new-year")
    def new_year_run() -> AnyResponse:
        from oit.officer.rollover import new_year

        site = load_site(root, as_of=today())
        if request.form.get("confirm") != "yes":
            return page("new_year.j2", 400, site=site, next_year=site.fiscal_year.next(), result=None,
                        errors=["ยังไม่ได้ยืนยัน: ติ๊กช่องยืนยันก่อนกดขึ้นปีงบประมาณใหม่"])
        years = f"{site.fiscal_year.be_year} → {site.fiscal_year.next().be_year}"
        # undoable, but by the rollover's own record (oit new-year --undo), not the journal's
        change = Change("new_year", undoable=False, detail=years)
        try:
            with journal.change(change, request.form.get("yml")):
                # the same refusals as the command: a year not begun, a year with nothing of
                # its own; the two ticks are the command's --force-future-year / --force-empty-year
                result = new_year(root, today=today(), force_future_year=request.form.get("future") == "yes",
                                  force_empty_year=request.form.get("empty") == "yes")
        except (InputError, InputErrors) as exc:
            return page("new_year.j2", 409 if _changed(exc) else 400, site=site, next_year=site.fiscal_year.next(),
                        result=None, errors=error_lines(exc), refused=not _changed(exc))
        return page("new_year.j2", site=load_site(root, as_of=today()), next_year=None, result=result, errors=[])

    @app.post("/new-year/undo")
    def new_year_undo() -> AnyResponse:
        from oit.officer.rollover import undo_new_year

        change = Change("undo_new_year", undoable=False)
        try:
            with journal.change(change, None):
                undone = undo_new_year(root)
                change.detail = undone.summary
        except (InputError, InputErrors) as exc:
            site = load_site(root, as_of=today())
            return page("new_year.j2", 400, site=site, next_year=site.fiscal_year.next(), result=None,
                        errors=error_lines(exc))
        site = load_site(root, as_of=today())
        return page("new_year.j2", site=site, next_year=site.fiscal_year.next(), result=None, errors=[],
                    undone=undone)

    return app


def _changed(exc: InputError | InputErrors) -> bool:
    from oit.console.audit import MSG_CHANGED_UNDERNEATH

    errors = exc.errors if isinstance(exc, InputErrors) else [exc]
    return any(e.message == MSG_CHANGED_UNDERNEATH for e in errors)
