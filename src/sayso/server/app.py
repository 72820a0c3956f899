"""The FastAPI app: one process serves the page, REST, Realtime WebSocket, metrics and Wyoming."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable, MutableMapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from sayso.codes import INTERNAL_ERROR, http_code
from sayso.errors import SaysoError
from sayso.server import realtime, rest_audio
from sayso.server.errors import ApiError, from_sayso
from sayso.server.hosts import App, HostGuard, Receive, Scope, Send, respond_json
from sayso.server.security import check_bind
from sayso.server.state import Authorized, ServerState, get_state
from sayso.server.wyoming_server import start_wyoming

log = logging.getLogger(__name__)

QUIET_LOGGERS = ("python_multipart",)
"""Libraries that log a warning for every malformed upload: the client already gets a 400 with a
code, and a hostile client must not be able to flood the server log."""
STATIC = Path(__file__).parent / "static"


def create_app(assistant: Any, settings: Any) -> FastAPI:
    """Build the app around an already loaded `Assistant` (engines are shared by every client)."""
    check_bind(settings)  # the same rules however the app is started
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    state = ServerState(assistant=assistant, settings=settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        wyoming = await start_wyoming(state, settings.wyoming_uri) if settings.wyoming_uri else None
        try:
            # Timers ring and their commands run while the server does (`app/announcer.py`).
            async with assistant.announcing():
                yield
        finally:
            if wyoming is not None:
                await wyoming.stop()

    # The schema is served by a route of our own, behind the token; no docs UI (it would load
    # scripts from a CDN, and a browser cannot send the token on a plain page load anyway).
    app = FastAPI(title="sayso", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None)
    app.state.sayso = state
    app.add_middleware(LastResort, on_error=state.metrics.error)
    app.add_middleware(HostGuard, settings=settings, on_refuse=state.metrics.error)  # outermost
    _error_handlers(app, state)
    app.include_router(rest_audio.router)
    app.include_router(realtime.router)
    app.include_router(_pages())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _pages() -> Any:
    from fastapi import APIRouter

    router = APIRouter()

    @router.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        """The voice page."""
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @router.get("/health")
    async def health(request: Request) -> dict[str, Any]:
        """Liveness and what is loaded (no authentication, for probes)."""
        state = get_state(request)
        a = state.assistant
        return {
            "status": "ok",
            "engines": {name: getattr(a, name) is not None
                        for name in ("vad", "asr", "recognizer", "actions", "tts")},
            "sessions": state.sessions.in_use,
        }

    @router.get("/openapi.json", include_in_schema=False)
    async def openapi(request: Request, state: Authorized) -> JSONResponse:
        """The OpenAPI document (behind the token when one is set)."""
        return JSONResponse(request.app.openapi())

    @router.get("/metrics")
    async def metrics(state: Authorized) -> Response:
        """Prometheus metrics."""
        return Response(state.metrics.render(), media_type="text/plain; version=0.0.4")

    @router.get("/v1/home")
    async def home(state: Authorized) -> dict[str, Any]:
        """The virtual home's devices and their current state."""
        from sayso.actions.devices import all_devices

        actions = state.assistant.actions
        devices = await state.blocking(lambda: all_devices(actions.store))
        return {"devices": [d.to_dict() for d in devices]}

    return router


def _error_handlers(app: FastAPI, state: ServerState) -> None:
    def reply(error: ApiError) -> JSONResponse:
        state.metrics.error(error.code or error.type)
        return JSONResponse(error.body(), status_code=error.status, headers=error.headers())

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return reply(exc)

    @app.exception_handler(SaysoError)
    async def sayso_error(request: Request, exc: SaysoError) -> JSONResponse:
        return reply(from_sayso(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        msg = first.get("msg", "invalid request")
        message = f"{where}: {msg}" if where else "invalid JSON body"
        return reply(ApiError(400, message, param=where or None, code="invalid_request"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return reply(ApiError(exc.status_code, str(exc.detail), code=http_code(exc.status_code)))



class LastResort:
    """ASGI middleware: a bug becomes one logged traceback and a JSON 500 with a code.

    Starlette's catch-all handler re-raises after answering, so the server would log each bug
    two more times; this one answers and stops.
    """

    def __init__(self, app: App, on_error: Callable[[str], None]) -> None:
        self.app = app
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app; answer 500 if it fails before its response started."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            if started:  # half a response went out; only the server can end the connection
                raise
            log.exception("unhandled error on %s", scope.get("path"))
            self.on_error(INTERNAL_ERROR)
            await respond_json(send, "http.response", ApiError(
                500, f"internal error: {type(exc).__name__}", type="server_error",
                code=INTERNAL_ERROR))
