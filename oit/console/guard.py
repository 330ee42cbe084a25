"""Who may talk to the console: this launch's browser, on this machine, through its own pages.

* The Host header must be exactly ``127.0.0.1:PORT`` or ``localhost:PORT``: a web page
  elsewhere cannot reach the console through a DNS name rebound to 127.0.0.1.
* The URL printed in the terminal carries a token of this launch; the first visit swaps
  it for Flask's signed session cookie (HttpOnly, SameSite=Strict) and redirects to the
  same URL without it, so the token leaves the address bar and the history.
* Without that session nothing but the stylesheet is served: a shared office PC's other
  users, and other local programs, see a Thai page saying where to get the URL.
* Every POST carries the session's CSRF token in a form field (multipart uploads too:
  the form is parsed before any view runs); a missing or wrong one is refused with 403
  before the view can change anything. GET never changes anything.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlencode

from flask import Flask, Response, abort, redirect, render_template, request, session
from werkzeug.wrappers import Response as AnyResponse

CSRF_FIELD = "csrf_token"
TOKEN_PARAM = "token"
_SESSION_OK = "ok"
_SESSION_CSRF = "csrf"


def allowed_hosts(port: int) -> list[str]:
    return [f"127.0.0.1:{port}", f"localhost:{port}"]


def csrf_token() -> str:
    """The session's CSRF token, for the hidden field of every form."""
    token = session.get(_SESSION_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[_SESSION_CSRF] = token
    return token


def _same(a: object, b: str) -> bool:
    return isinstance(a, str) and hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def install(app: Flask, launch_token: str) -> None:
    """Attach the checks to ``app``; they run before every view."""

    @app.before_request
    def _guard() -> AnyResponse | None:
        hosts = app.config["OIT_ALLOWED_HOSTS"]
        if request.headers.get("Host", "") not in hosts:
            abort(400, description="host")
        if request.endpoint == "static":
            return None  # the stylesheet: no data of the site
        given = request.args.get(TOKEN_PARAM)
        if given is not None:
            if not _same(given, launch_token):
                return Response(render_template("locked.j2", wrong_token=True), status=403)
            session.clear()
            session[_SESSION_OK] = True
            csrf_token()
            rest = [(k, v) for k, v in request.args.items(multi=True) if k != TOKEN_PARAM]
            return redirect(request.path + (f"?{urlencode(rest)}" if rest else ""), code=303)
        if session.get(_SESSION_OK) is not True:
            return Response(render_template("locked.j2", wrong_token=False), status=403)
        if request.method not in ("GET", "HEAD"):
            # Defence in depth: a browser says where a cross-site request comes from.
            origin = request.headers.get("Origin")
            if origin is not None and origin not in {f"http://{h}" for h in hosts}:
                abort(403, description="csrf")
            if request.headers.get("Sec-Fetch-Site") not in (None, "same-origin", "none"):
                abort(403, description="csrf")
            if not _same(request.form.get(CSRF_FIELD), session.get(_SESSION_CSRF) or ""):
                abort(403, description="csrf")
        return None

    @app.after_request
    def _headers(response: Response) -> AnyResponse:
        # same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on
        # our own form posts, which the Origin check above would refuse.
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cache-Control", "no-store")
        if not request.path.startswith("/preview/"):
            # Our pages use no script and no inline style; the preview keeps the built
            # site's own policy (Material's inline scripts are allowed there by hash).
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "form-action 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'")
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response

    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["CSRF_FIELD"] = CSRF_FIELD
