"""`citydip init` and `citydip db upgrade`: create a registry, set its home, migrate it."""

from __future__ import annotations

import typer

from citydip.cli.context import app_context, console
from citydip.config import DEFAULT_HOME
from citydip.store import migrate
from citydip.store.engine import make_engine
from citydip.store.registry import parse_place_arg, set_home

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Bring the registry's schema up to the newest migration."""
    app = app_context(ctx)
    engine = make_engine(app.url)
    try:
        before = migrate.current_revision(engine)
        migrate.upgrade(engine)
        after = migrate.current_revision(engine)
    finally:
        engine.dispose()
    console.print(f"schema {before or 'empty'} → {after} at {app.url}", highlight=False)


def init(
    ctx: typer.Context,
    home: str = typer.Option(DEFAULT_HOME, help="The home city, as NAME,CC."),
) -> None:
    """Create the registry (if needed) and set its home city."""
    app = app_context(ctx)
    ref = parse_place_arg(home)
    with app.registry().session() as session:
        place = set_home(session, ref, app.stamp("accepted"))
        console.print(
            f"registry at {app.url}; home city {place.name} ({place.country})", highlight=False
        )


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.add_typer(db_app, name="db")
