"""`timeline-kg neo4j start|stop|status`: manage the local Maven-built Neo4j server.

A thin typer layer over :mod:`graph_service.local_neo4j`; all logic lives there.
Errors go to stderr and exit with status 1.

``start`` also configures Neo4j Browser for analysts: on connect it sets the analyst library's parameters, applies
the style and opens the guide, both served by the API (``--api-url``), whose host it adds to the allow-list of
hosts Browser may fetch remote content from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn
from urllib.parse import urlsplit

import typer

from graph_service import local_neo4j
from timeline_kg.settings import Settings, get_settings

neo4j_app = typer.Typer(
    name="neo4j",
    help="Run a local Neo4j Community server built from Maven Central jars.",
    no_args_is_help=True,
    add_completion=False,
)

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        help="Server home directory (default: $TIMELINE_KG_NEO4J_HOME, else <repo>/var/neo4j).",
        file_okay=False,
        show_default=False,
    ),
]


DEFAULT_API_URL = Settings.model_fields["api_url"].default
# Browser's own default allow-list, kept: `:play` of the built-in remote guides still works.
_DEFAULT_ALLOWED_HOSTS = ("guides.neo4j.com", "localhost", "127.0.0.1")


def browser_conf(api_url: str) -> dict[str, str]:
    """The Neo4j 5.26 settings that open Browser on the analyst kit served at ``api_url``.

    ``browser.post_connect_cmd`` runs its ``;``-separated commands (each without the leading colon) after every
    connect; ``browser.remote_content_hostname_whitelist`` is the 5.x name (no "allowlist" alias in 5.26) of the
    hosts ``:play`` and ``:style`` may fetch from, matched by hostname without port.
    """
    from graph_service.routers.analyst import params_command

    base = api_url.rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise typer.BadParameter(f"expected an http(s) URL such as {DEFAULT_API_URL}, got {api_url!r}")
    hosts = list(dict.fromkeys((*_DEFAULT_ALLOWED_HOSTS, parts.hostname)))
    commands = [
        params_command().removeprefix(":"),
        f"style {base}/analyst/style.grass",
        f"play {base}/analyst/guide.html",
    ]
    return {
        "browser.post_connect_cmd": "; ".join(commands),
        "browser.remote_content_hostname_whitelist": ",".join(hosts),
    }


def _fail(error: local_neo4j.LocalNeo4jError) -> NoReturn:
    typer.echo(f"error: {error.summary}", err=True)
    if error.details:
        typer.echo(error.details, err=True)
    raise typer.Exit(code=1)


def _progress(message: str) -> None:
    typer.echo(message, err=True)


def _describe(info: local_neo4j.ServerInfo) -> None:
    typer.echo(f"Bolt URI:    {info.bolt_uri}")
    typer.echo(f"Browser URL: {info.browser_url}")
    typer.echo(f"User:        {info.user}")
    # A loopback-only dev/test server: showing the password is the convenient
    # choice (it is also in <home>/run/password, mode 0600).
    typer.echo(f"Password:    {info.password}  (stored in {info.home / 'run' / 'password'})")


@neo4j_app.command()
def start(
    home: HomeOption = None,
    bolt_port: Annotated[int, typer.Option("--bolt-port", help="Bolt port on 127.0.0.1.")] = (
        local_neo4j.DEFAULT_BOLT_PORT
    ),
    http_port: Annotated[
        int, typer.Option("--http-port", help="HTTP (Browser) port on 127.0.0.1.")
    ] = local_neo4j.DEFAULT_HTTP_PORT,
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            help=(
                "Password of user neo4j, applied on first start "
                "(default: $NEO4J_PASSWORD, else the stored one, else generated)."
            ),
            show_default=False,
        ),
    ] = None,
    heap: Annotated[str, typer.Option("--heap", help="JVM heap size.")] = "2g",
    pagecache: Annotated[str, typer.Option("--pagecache", help="Page cache size.")] = "1g",
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for Bolt.")] = 120.0,
    api_url: Annotated[
        str | None,
        typer.Option(
            "--api-url",
            help="Where `timeline-kg serve` answers: Browser loads the analyst style and guide from it on connect "
            f"(default: $TIMELINE_KG_API_URL, else {DEFAULT_API_URL}).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start the server in the background and wait until Bolt answers."""
    settings = get_settings()
    api_url = api_url or settings.api_url
    extra_conf = browser_conf(api_url)
    try:
        info = local_neo4j.start(
            home if home is not None else settings.neo4j_home,
            bolt_port=bolt_port,
            http_port=http_port,
            password=password,
            heap=heap,
            pagecache=pagecache,
            timeout=timeout,
            extra_conf=extra_conf,
            progress=_progress,
        )
    except local_neo4j.LocalNeo4jError as error:
        _fail(error)
    state = "started"
    if info.already_running:
        state = "already running" if info.ready else "already starting (Bolt not answering yet)"
    typer.echo(f"Neo4j {info.version} {state} (pid {info.pid}, home {info.home})")
    _describe(info)
    if info.already_running:
        _progress("(a server that was already running keeps the Browser settings it was started with)")
    else:
        _progress(f"Browser opens the analyst guide and style from {api_url} (run `timeline-kg serve` there)")


@neo4j_app.command()
def stop(home: HomeOption = None) -> None:
    """Stop the server; succeeds (exit 0) when none is running."""
    resolved = home if home is not None else get_settings().neo4j_home
    try:
        stopped = local_neo4j.stop(resolved)
    except local_neo4j.LocalNeo4jError as error:
        _fail(error)
    typer.echo("Neo4j stopped" if stopped else f"Neo4j is not running (home {resolved})")


@neo4j_app.command()
def status(home: HomeOption = None) -> None:
    """Print whether the server is running, and where."""
    resolved = home if home is not None else get_settings().neo4j_home
    info = local_neo4j.status(resolved)
    if info is None:
        typer.echo(f"not running (home {resolved})")
        return
    state = "running" if info.ready else "starting"
    typer.echo(f"{state} (pid {info.pid}, Neo4j {info.version}, home {info.home})")
    _describe(info)
