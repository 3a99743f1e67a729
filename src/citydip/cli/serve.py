"""`citydip serve` (the web app) and `citydip users` (its accounts)."""

from __future__ import annotations

import os
import secrets
import sys

import typer

from citydip.cli.context import AppContext, app_context, console
from citydip.errors import InputError
from citydip.services import accounts
from citydip.store.accounts import ROLES

users_app = typer.Typer(
    help="Accounts of the web app (viewer, editor, admin).", no_args_is_help=True
)

HOST = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: every interface).")
PORT = typer.Option(8000, help="Port to listen on.")


# One worker by default: each worker keeps its own caches (the views', who is signed in),
# so with two a write through one shows on the other's dashboards only within a minute, and
# a changed role within 5 s. Two on a 2-core server served 0.9–1.3x the list requests of one
# and 1.1–2.3x the detail requests, under a shared load (docs/benchmarks/web.md, 2026-12-03).
WORKERS = typer.Option(
    1,
    min=1,
    max=64,
    help="Worker processes: about one per core serves the most requests, but each keeps its "
    "own caches (a write through one worker shows on another's dashboards within about a minute).",
)


# Threads: see citydip.web.app.threads_for (measured in docs/benchmarks/web.md)
THREADS = typer.Option(
    None,
    min=1,
    max=256,
    show_default="CITYDIP_THREADS, else 2 on SQLite, 4 on PostgreSQL",
    help="Requests each worker handles at once (more wait their turn): a few per core.",
)


def run_server(
    app_: AppContext, host: str, port: int, workers: int = 1, threads: int | None = None
) -> None:
    import uvicorn

    from citydip.analytics.collector import settle_for_serving
    from citydip.web.app import create_app

    registry = app_.registry()  # created or upgraded here, once, before any worker starts
    settings = app_.settings
    if threads is not None:
        settings = settings.model_copy(update={"threads": threads})
    console.print(f"Serving {app_.url} at [bold]http://{host}:{port}[/] (Ctrl-C stops)")
    if workers == 1:
        app = create_app(settings, registry)
        settle_for_serving()
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    os.environ["CITYDIP_DATABASE_URL"] = app_.url  # what each worker's app_from_env opens
    if settings.threads is not None:
        os.environ["CITYDIP_THREADS"] = str(settings.threads)
    uvicorn.run(
        "citydip.web.app:app_from_env",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
    )


def serve(
    ctx: typer.Context,
    host: str = HOST,
    port: int = PORT,
    workers: int = WORKERS,
    threads: int | None = THREADS,
) -> None:
    """Open the web app (dashboard, map, review queue, JSON API at /api/v1)."""
    app_ = app_context(ctx)
    with app_.registry().session() as session:
        if not accounts.list_users(session):
            console.print(
                "[yellow]No users yet:[/] create the first with "
                "[bold]citydip users add NAME --admin[/]",
                highlight=False,
            )
    run_server(app_, host, port, workers, threads)


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = typer.prompt("Password", hide_input=True)
    if typer.prompt("Again", hide_input=True) != first:
        raise InputError("the two passwords differ", field="password")
    return str(first)


@users_app.command("add")
def add_user(
    ctx: typer.Context,
    username: str,
    role: str = typer.Option("viewer", help=f"One of {', '.join(ROLES)}."),
    admin: bool = typer.Option(False, "--admin", help="Same as --role admin."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input (scripts)."
    ),
) -> None:
    """Add a user (asks for the password)."""
    password = _password(password_stdin)
    with app_context(ctx).registry().session() as session:
        user = accounts.add_user(session, username, password, "admin" if admin else role)
        console.print(f"added {user.username} ({user.role})", highlight=False)


@users_app.command("list")
def list_users(ctx: typer.Context) -> None:
    """The users and their roles."""
    with app_context(ctx).registry().session() as session:
        for user in accounts.list_users(session):
            console.print(f"{user.username}\t{user.role}", highlight=False)


def demo_admin(app_: AppContext) -> tuple[str, str]:
    """A `demo` admin with a fresh one-time password (printed by `citydip demo`)."""
    password = secrets.token_urlsafe(9)
    with app_.registry().session() as session:
        user = accounts.get_user(session, "demo")
        if user is None:
            accounts.add_user(session, "demo", password, "admin")
        else:
            accounts.set_password(session, user, password)
    return "demo", password


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(users_app, name="users")
