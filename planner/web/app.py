"""The web application: routers, sessions, security headers and errors in the user's words."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from planner import __version__
from planner.web import (
    accounts_pages,
    api,
    api_desk,
    api_plan,
    auth_routes,
    desk,
    manager,
    manager_replan,
    manager_rollover,
    therapist,
)
from planner.web.config import ServeConfig
from planner.web.deps import NotSignedIn, PageForbidden
from planner.web.pages import render
from planner.web.state import WebState

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("planner.web")

# Scripts only from this server: no inline script, so a name that slipped into markup could
# not run even if it did. Styles may be inline (the timeline sets positions in style attributes).
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _field_errors(error: RequestValidationError) -> list[dict[str, str]]:
    """Each invalid field by name (``body.sessions`` -> ``sessions``) and what was expected."""
    out = []
    for item in error.errors():
        where = [str(part) for part in item.get("loc", ()) if part not in ("body", "query", "form")]
        out.append({"field": ".".join(where) or "body", "message": str(item.get("msg", ""))})
    return out


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, error: NotSignedIn) -> Response:
        return RedirectResponse(f"/login?next={error.next_path}", status_code=303)

    @app.exception_handler(PageForbidden)
    async def forbidden(request: Request, error: PageForbidden) -> Response:
        return render(
            request, "error.html", status_code=403, message="This page is not for your role."
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": error.detail}, error.status_code, error.headers)
        return render(
            request, "error.html", status_code=error.status_code, message=str(error.detail)
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        fields = _field_errors(error)
        text = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
        if _is_api(request):
            return JSONResponse({"detail": text, "fields": fields}, 422)
        return render(request, "error.html", status_code=400, message=f"Please check {text}")

    @app.exception_handler(Exception)
    async def crashed(request: Request, error: Exception) -> Response:
        # The type only: a message may quote a scenario's cell, and logs are for everyone.
        log.error("internal error on %s: %s", request.url.path, type(error).__name__)
        message = "internal error; nothing was changed by this request"
        if _is_api(request):
            return JSONResponse({"detail": message}, 500)
        return render(request, "error.html", status_code=500, message=message.capitalize())


def build_app() -> FastAPI:
    """The application's routes, assets and error pages, without a spa (the OpenAPI
    description is made from it); :func:`create_app` gives it its state and sessions."""
    app = FastAPI(
        title="planner",
        version=__version__,
        description="The spa's plan, the front desk's bookings and the therapists' weeks.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    routers = (auth_routes, api, api_plan, api_desk, desk, manager, therapist, accounts_pages,
               manager_replan, manager_rollover)  # fmt: skip
    for module in routers:
        app.include_router(module.router)
    _install_errors(app)
    return app


def create_app(config: ServeConfig, state: WebState | None = None) -> FastAPI:
    """The web application for one spa (``planner serve`` runs it under uvicorn).

    Parameters
    ----------
    config
        The spa's folders and how the server is reached.
    state
        The state to serve (tests pass their own); made from ``config`` when None.
    """
    state = state or WebState.start(config)
    app = build_app()
    app.state.web = state

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith("/api/") or request.method != "GET":
            response.headers.setdefault("cache-control", "no-store")
        return response

    app.add_middleware(
        SessionMiddleware,
        secret_key=state.accounts.secret("session"),
        session_cookie="planner_session",
        max_age=int(config.session_hours * 3600),
        same_site="lax",
        https_only=config.secure,
    )
    return app
