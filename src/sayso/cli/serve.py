"""`sayso serve`: one process for the web page, OpenAI-style REST, Realtime and Wyoming."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from sayso.cli.common import ConfigOption, SetOption, settings_from


def serve(
    host: Annotated[str, typer.Option(help="Interface to bind (non-loopback needs a token).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="HTTP port.")] = 8080,
    token: Annotated[
        str | None,
        typer.Option(envvar="SAYSO_TOKEN", help="Bearer token required from clients (at least "
                     "16 characters; prefer $SAYSO_TOKEN or --token-file: the command line is "
                     "visible to other users)."),
    ] = None,
    token_file: Annotated[
        str | None,
        typer.Option(help="Read the bearer token from this file (one line)."),
    ] = None,
    wyoming: Annotated[
        str | None,
        typer.Option(help="Also serve Wyoming (Home Assistant): tcp://127.0.0.1:10300 or unix://PATH."),
    ] = None,
    allow_remote_wyoming: Annotated[
        bool, typer.Option(help="Allow a non-loopback Wyoming address (Wyoming has no auth).")
    ] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(help="Extra Host name clients may use, e.g. a LAN name (repeatable; "
                     "loopback names and --host are always allowed)."),
    ] = None,
    allow_origin: Annotated[
        list[str] | None,
        typer.Option(help="Extra browser Origin allowed on the WebSocket (repeatable)."),
    ] = None,
    max_sessions: Annotated[
        int | None,
        typer.Option(min=1, max=10_000, help="Live sessions (Realtime and Wyoming) served at once; "
                     "the next gets `server_full` with a retry hint. Default: 4 per core."),
    ] = None,
    ray_address: Annotated[
        str | None,
        typer.Option(help="Run ASR, TTS and the LLM as Ray Serve deployments on this cluster "
                     "(auto, ray://HOST:10001, or local); needs sayso[scale]."),
    ] = None,
    replicas: Annotated[
        int, typer.Option(min=1, max=1000, help="Replicas per engine with --ray-address.")
    ] = 1,
    log_content: Annotated[
        bool, typer.Option(help="Log transcripts and replies (never audio); off for privacy.")
    ] = False,
    config: ConfigOption = None,
    set_: SetOption = None,
) -> None:
    """Serve the assistant over HTTP, WebSocket and (optionally) Wyoming."""
    from sayso.errors import ConfigError
    from sayso.runtime.heap import limit_malloc_arenas
    from sayso.server.security import check_bind, read_token_file
    from sayso.server.settings import ServerSettings

    if token and token_file:
        raise ConfigError("give the token once: --token / $SAYSO_TOKEN or --token-file")
    limit_malloc_arenas()  # before any thread allocates (runtime/heap)
    server = ServerSettings(
        host=host,
        port=port,
        token=read_token_file(token_file) if token_file else token or None,
        wyoming_uri=wyoming,
        allow_remote_wyoming=allow_remote_wyoming,
        allowed_hosts=tuple(allow_host or ()),
        allowed_origins=tuple(allow_origin or ()),
        log_content=log_content,
    )
    if max_sessions is not None:
        server = dataclasses.replace(server, max_sessions=max_sessions)
    # Refuse an unsafe or impossible bind before spending seconds loading models.
    if wyoming:
        from sayso.server.wyoming_server import check_wyoming_uri

        check_wyoming_uri(wyoming)
    check_bind(server)
    settings = settings_from(config, sets=set_)
    engines = None
    if ray_address:
        from sayso.scale.cluster import Replicas, deploy

        engines = deploy(settings, ray_address, Replicas(replicas, replicas, replicas))
    run_server(settings, server, engines)


def run_server(settings: object, server: object, engines: object = None) -> None:
    """Load the engines once (or use the deployed `engines`) and serve until interrupted."""
    import uvicorn

    from sayso.app.assistant import Assistant
    from sayso.config import Settings
    from sayso.registry import EngineSource
    from sayso.runtime.heap import freeze_loaded
    from sayso.server.app import create_app
    from sayso.server.settings import ServerSettings

    assert isinstance(settings, Settings) and isinstance(server, ServerSettings)
    assert engines is None or isinstance(engines, EngineSource)
    assistant = Assistant(settings, engines).load()
    assistant.warm_up()
    freeze_loaded()  # full collections would walk every loaded model's objects (runtime/heap)
    try:
        app = create_app(assistant, server)
        typer.echo(
            f"sayso serving on http://{server.host}:{server.port}/"
            + (f" and Wyoming on {server.wyoming_uri}" if server.wyoming_uri else "")
        )
        # access_log off: request lines would carry ?token= query strings into the logs.
        uvicorn.run(
            app,
            host=server.host,
            port=server.port,
            log_level="warning",
            access_log=False,
            ws_max_size=server.ws_hard_limit_bytes,
        )
    finally:
        assistant.close()


def register(app: typer.Typer) -> None:
    """Add this module's commands."""
    app.command()(serve)
