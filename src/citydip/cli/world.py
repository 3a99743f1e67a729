"""`citydip world ...`: network analysis of an imported tie-pair dataset (citydip import-pairs).

citydip world stats [--dataset KEY] [--json]
citydip world rank [--by degree|weighted_degree|betweenness|weighted_betweenness|pagerank|
                   eigenvector]
                   [--top 20] [--country KR] [--samples K] [--json]
citydip world communities [--limit 10] [--json]
citydip world countries [--by ties|places|international|partners] [--top 20] [--matrix-csv FILE]
citydip world place Seoul,KR [--limit 20] [--review accepted] [--json]
citydip world path A B [--limit 10] [--json]
citydip world shared A B [--json]
citydip world export -o FILE [--format gexf|graphml]
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy.orm import Session

from citydip.analytics import world as world_mod
from citydip.analytics import world_countries as wc
from citydip.analytics import world_pairs as wp
from citydip.analytics import world_place as wpl
from citydip.analytics.briefs import PlaceBrief
from citydip.cli.context import app_context, console, print_json

world_app = typer.Typer(
    help="The world network of an imported dataset (citydip import-pairs): rankings, "
    "components, communities, chains, shared partners, countries, a city's place.",
    no_args_is_help=True,
)
DATASET = typer.Option(
    None, "--dataset", "-d", help="The dataset's key (default: the only dataset)."
)
JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")
SAMPLES = typer.Option(
    None, "--samples", help="Betweenness source places (default 500 in hops, 100 weighted)."
)
PLACE_HELP = "A place: its key (tokyo-jp), NAME,CC, a name only one place has, or its id."


@contextmanager
def _world(
    ctx: typer.Context, dataset: str | None
) -> Iterator[tuple[Session, world_mod.WorldGraph]]:
    with app_context(ctx).registry().session() as session:
        yield session, world_mod.load(session, dataset)


def _name(place: PlaceBrief) -> str:
    return escape(f"{place.name} ({place.country})" if place.country else place.name)


def _say(text: str) -> None:
    console.print(text, highlight=False)


@world_app.command("stats")
def stats(ctx: typer.Context, dataset: str | None = DATASET, as_json: bool = JSON) -> None:
    """Size, density, components, degree and clustering of the network."""
    with _world(ctx, dataset) as (_, world):
        found = world_mod.summary(world)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    comp = found.components
    sizes = ", ".join(f"{n}×{size}" for size, n in found.component_sizes[:8])
    _say(
        f"{found.dataset.name} ({found.dataset.key}): {found.nodes} places in "
        f"{found.countries} countries, {found.ties} ties; density {found.density:.2e}\n"
        f"degree: mean {found.average_degree:.2f}, median {found.median_degree:g}, "
        f"max {found.max_degree}\n"
        f"{comp.count} components: the largest {comp.largest} places "
        f"({comp.largest_share:.1%}); {comp.pairs} pairs; sizes {sizes}, ...\n"
        f"clustering: average {found.average_clustering:.3f}, transitivity "
        f"{found.transitivity:.3f}, {found.triangles} triangles"
    )
    for g in comp.groups[:5]:
        _say(f"  {g.index}. {g.size} places: " + ", ".join(_name(p) for p in g.members))


@world_app.command("rank")
def rank(
    ctx: typer.Context,
    by: str = typer.Option("degree", "--by", help=f"One of {', '.join(world_mod.METRICS)}."),
    top: int = typer.Option(20, "--top", help="Places listed."),
    country: str | None = typer.Option(None, "--country", help="Only this country's places."),
    samples: int | None = SAMPLES,
    dataset: str | None = DATASET,
    as_json: bool = JSON,
) -> None:
    """The places by a centrality (world ranks, also with --country)."""
    with _world(ctx, dataset) as (_, world):
        found = world_mod.ranking(world, by, top, country, samples)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    _say(f"{found.nodes} places by {by}: {found.method}")
    table = Table(header_style="bold")
    for col in ("#", "Place", by, "Degree"):
        table.add_column(col, justify="left" if col == "Place" else "right")
    for r in found.places:
        value = f"{r.value:g}" if "degree" in by else f"{r.value:.5f}"
        table.add_row(str(r.rank), _name(r.place), value, str(r.degree))
    console.print(table)


@world_app.command("communities")
def communities(
    ctx: typer.Context,
    limit: int = typer.Option(10, "--limit", help="Communities described."),
    dataset: str | None = DATASET,
    as_json: bool = JSON,
) -> None:
    """Louvain communities: how many, their sizes, their best-connected places and countries."""
    with _world(ctx, dataset) as (_, world):
        found = world_mod.communities(world, limit)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    com = found.communities
    _say(
        f"{com.count} communities (Louvain, seed {com.seed}), modularity {com.modularity:.3f}; "
        f"{found.in_largest_component} within the largest component"
    )
    for g in com.groups:
        countries = ", ".join(f"{c} {n}" for c, n in g.countries)
        names = ", ".join(_name(p) for p in g.members)
        _say(f"  {g.index}. {g.size} places, {g.edges} ties [{countries}]: {names}")


@world_app.command("countries")
def countries(
    ctx: typer.Context,
    by: str = typer.Option("ties", "--by", help=f"One of {', '.join(wc.COUNTRY_ORDERS)}."),
    top: int = typer.Option(20, "--top", help="Countries listed (and in --matrix-csv)."),
    matrix_csv: Path | None = typer.Option(
        None, "--matrix-csv", help="Write the top countries' tie matrix as CSV.", dir_okay=False
    ),
    dataset: str | None = DATASET,
    as_json: bool = JSON,
) -> None:
    """The countries ranked, the pairs of countries with the most ties, the matrix."""
    with _world(ctx, dataset) as (_, world):
        ranking = wc.ranking(world, by, top)
        matrix = wc.matrix(world)
    if matrix_csv is not None:
        codes = list(matrix.countries[:top])
        with matrix_csv.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["country", *codes])
            writer.writerows([c, *row] for c, row in zip(codes, matrix.square(codes), strict=True))
    if as_json:
        print_json({"ranking": dataclasses.asdict(ranking), "matrix": dataclasses.asdict(matrix)})
        return
    _say(
        f"{ranking.countries} countries; {matrix.ties} ties: {matrix.domestic} within a "
        f"country, {matrix.international} between two"
    )
    table = Table(header_style="bold")
    for col in ("#", "Country", "Places", "Ties", "Within", "Abroad", "Partners", "Top partner",
                "Top place"):  # fmt: skip
        table.add_column(col, justify="left" if col in ("Country", "Top place") else "right")
    for r in ranking.rows:
        table.add_row(str(r.rank), r.code or "?", str(r.places), str(r.ties), str(r.domestic),
                      str(r.international), str(r.partners), r.top_partner or "",
                      _name(r.top_place))  # fmt: skip
    console.print(table)
    pairs = [p for p in matrix.pairs if p.a != p.b][:10]
    _say("Most ties between two countries: " + ", ".join(f"{p.a}–{p.b} {p.ties}" for p in pairs))


@world_app.command("place")
def place(
    ctx: typer.Context,
    name: str = typer.Argument(..., help=PLACE_HELP),
    limit: int = typer.Option(20, "--limit", help="Partners listed."),
    review: str | None = typer.Option(
        None,
        "--review",
        help="The registry's ties compared: accepted (default), proposed, rejected or all.",
    ),  # fmt: skip
    samples: int | None = SAMPLES,
    dataset: str | None = DATASET,
    as_json: bool = JSON,
) -> None:
    """A city's place in the world network, and its partners against the registry's."""
    with _world(ctx, dataset) as (session, world):
        found = wpl.profile(session, world, name, limit, review, samples)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    if not found.in_dataset:
        _say(f"{_name(found.place)} has no tie in {found.dataset}.")
    else:
        countries = ", ".join(f"{c or '?'} {n}" for c, n in found.by_country)
        _say(
            f"{_name(found.place)} in {found.dataset} ({found.nodes} places): {found.degree} "
            f"partners, rank {found.degree_rank} (more than {found.degree_percentile:.2f}% of "
            f"places); betweenness rank {found.betweenness_rank} ({found.betweenness:.5f}, "
            f"{found.betweenness_sources} sources); PageRank rank {found.pagerank_rank}\n"
            f"component {found.component} ({found.component_size} places), community "
            f"{found.community} ({found.community_size} places: "
            + ", ".join(f"{c} {n}" for c, n in found.community_countries)
            + f"); {found.within_two} places within two ties\n"
            f"partners by country: {countries}\n"
            "partners: "
            + ", ".join(_name(p) for p in found.partners)
            + (f", … and {found.more_partners} more" if found.more_partners else "")
        )
    comp = found.comparison
    if comp is None:
        _say("The registry has no tie of it.")
        return
    _say(
        f"Against the registry's {comp.review} ties ({comp.registry_partners} partners): "
        f"{len(comp.both)} in both, {len(comp.only_dataset)} only in the dataset, "
        f"{len(comp.only_registry)} only in the registry"
    )
    for label, places in (("in both", comp.both), ("only in the dataset", comp.only_dataset),
                          ("only in the registry", comp.only_registry)):  # fmt: skip
        if places:
            _say(f"  {label}: " + ", ".join(_name(p) for p in places))


@world_app.command("path")
def path(
    ctx: typer.Context,
    a: str = typer.Argument(..., help=PLACE_HELP),
    b: str = typer.Argument(..., help=PLACE_HELP),
    limit: int = typer.Option(10, "--limit", help="Shortest chains listed."),
    dataset: str | None = DATASET,
    as_json: bool = JSON,
) -> None:
    """Every shortest chain of ties between two places (up to --limit listed)."""
    with _world(ctx, dataset) as (session, world):
        found = wp.chains(session, world, a, b, limit)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    if not found.found:
        _say(f"no chain of ties links {_name(found.a)} and {_name(found.b)}")
        return
    _say(f"{found.count} shortest chains of {found.hops} ties; {len(found.paths)} listed:")
    for places in found.paths:
        _say("  " + " → ".join(_name(p) for p in places))


@world_app.command("shared")
def shared(
    ctx: typer.Context,
    a: str = typer.Argument(..., help=PLACE_HELP),
    b: str = typer.Argument(..., help=PLACE_HELP),
    dataset: str | None = DATASET,
    as_json: bool = JSON,
) -> None:
    """The partners two places share in the dataset."""
    with _world(ctx, dataset) as (session, world):
        found = wp.shared(session, world, a, b)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    direct = "tied directly" if found.direct else "not tied directly"
    _say(
        f"{len(found.partners)} shared partners of {_name(found.a)} and {_name(found.b)} "
        f"({direct}); {found.only_a} only of the first, {found.only_b} only of the second; "
        f"Jaccard {found.jaccard:.3f}"
    )
    for p in found.partners:
        _say(f"  {_name(p.place)}")


@world_app.command("export")
def export(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", help="The file to write.", dir_okay=False),
    format: str = typer.Option("gexf", "--format", help="gexf or graphml (both open in Gephi)."),
    dataset: str | None = DATASET,
) -> None:
    """Write the dataset's network for Gephi."""
    with _world(ctx, dataset) as (_, world):
        world_mod.write(world, output, format)
    _say(f"{world.nodes} places, {world.ties} ties → {output}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(world_app, name="world")
