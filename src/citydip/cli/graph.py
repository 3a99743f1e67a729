"""`citydip graph ...`: network analysis of the registry's places.

citydip graph stats [--kinds tie,membership] [--by degree] [--top 20] [--json] [--csv FILE]
citydip graph place NAME [--communities] [--json]
citydip graph shared A B [--json] [--csv FILE]
citydip graph path A B [--json]
citydip graph export -o FILE.gexf
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Sequence
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from citydip.analytics import graph as graph_mod
from citydip.analytics import graph_metrics as gm
from citydip.analytics.briefs import PlaceBrief
from citydip.cli.context import app_context, console, print_json

graph_app = typer.Typer(
    help="Network analysis: rankings, components, communities, shared partners, chains.",
    no_args_is_help=True,
)
KINDS = typer.Option(
    None,
    "--kinds",
    "-k",
    help="Edge kinds, comma-separated: tie, engagement, membership (default: tie,membership).",
)
REVIEW = typer.Option(
    None, "--review", help="Review scope: accepted (default), proposed, rejected or all."
)
JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")
CSV = typer.Option(None, "--csv", help="Also write the rows as CSV to this file.", dir_okay=False)
PLACE_HELP = "A place: its key (tokyo-jp), NAME,CC, a name only one place has, or its id."


def _kinds(text: str | None) -> tuple[str, ...]:
    return graph_mod.check_kinds(text.split(",") if text else None)


def _name(place: PlaceBrief) -> str:
    return escape(f"{place.name} ({place.country})" if place.country else place.name)


def _edge(edge: gm.EdgeInfo) -> str:
    parts = [f"{n} {label}" for n, label in ((edge.ties, "tie"), (edge.engagements, "eng."),
             (edge.memberships, "memb.")) if n]  # fmt: skip
    types = f" [{', '.join(edge.types)}]" if edge.types else ""
    return escape(", ".join(parts) + types)


def _write_csv(path: Path, header: list[str], rows: Sequence[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


@graph_app.command("stats")
def stats(
    ctx: typer.Context,
    kinds: str | None = KINDS,
    by: str = typer.Option("degree", "--by", help=f"Rank by: {', '.join(gm.METRICS)}."),
    top: int = typer.Option(20, "--top", help="Places ranked."),
    communities: bool = typer.Option(True, "--communities/--no-communities"),
    samples: int | None = typer.Option(None, "--samples", help="Betweenness source places."),
    review: str | None = REVIEW,
    csv_path: Path | None = CSV,
    as_json: bool = JSON,
) -> None:
    """Rankings (degree, weighted degree, PageRank, betweenness), components, communities."""
    with app_context(ctx).registry().session() as session:
        found = graph_mod.graph_stats(
            session, _kinds(kinds), review, by, top, communities, sources=samples
        )
    rows = [[i, r.place.id, r.place.name, r.place.country, r.degree, r.weighted_degree,
             round(r.pagerank, 6), round(r.betweenness, 6)]
            for i, r in enumerate(found.ranking, 1)]  # fmt: skip
    if csv_path is not None:
        header = ["rank", "place_id", "place", "country", "degree", "weighted_degree",
                  "pagerank", "betweenness"]  # fmt: skip
        _write_csv(csv_path, header, rows)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    how = "exact" if found.betweenness_exact else f"from {found.betweenness_sources} sources"
    console.print(
        f"{found.nodes} places, {found.edges} links ({', '.join(found.kinds)}; {found.review}); "
        f"top {len(rows)} by {by}; betweenness {how}",
        highlight=False,
    )
    table = Table(header_style="bold")
    for col in ("#", "Place", "Degree", "Weighted", "PageRank", "Betweenness"):
        table.add_column(col, justify="left" if col == "Place" else "right")
    for row, r in zip(rows, found.ranking, strict=True):
        table.add_row(str(row[0]), _name(r.place), str(r.degree), str(r.weighted_degree),
                      f"{r.pagerank:.4f}", f"{r.betweenness:.4f}")  # fmt: skip
    console.print(table)
    comp = found.components
    console.print(
        f"{comp.count} components; the largest has {comp.largest} places "
        f"({comp.largest_share:.0%}); {comp.pairs} are pairs",
        highlight=False,
    )
    if found.communities is not None:
        com = found.communities
        console.print(
            f"{com.count} communities (Louvain, seed {com.seed}), modularity {com.modularity:.3f}",
            highlight=False,
        )
        for g in com.groups:
            names = ", ".join(_name(p) for p in g.members)
            console.print(f"  {g.index}. {g.size} places, {g.edges} links: {names}")


@graph_app.command("place")
def place(
    ctx: typer.Context,
    name: str = typer.Argument(..., help=PLACE_HELP),
    kinds: str | None = KINDS,
    communities: bool = typer.Option(False, "--communities", help="Also find its community."),
    limit: int = typer.Option(20, "--limit", help="Partners listed."),
    review: str | None = REVIEW,
    as_json: bool = JSON,
) -> None:
    """A place in the network: degree and PageRank with their ranks, component, partners."""
    with app_context(ctx).registry().session() as session:
        found = graph_mod.profile(session, name, _kinds(kinds), review, communities, limit)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    if found.degree_rank is None:
        console.print(f"{_name(found.place)} has no links in this graph.", highlight=False)
        return
    console.print(
        f"{_name(found.place)}: {found.degree} partners (rank {found.degree_rank} of "
        f"{found.nodes}), {found.weighted_degree} records; PageRank {found.pagerank:.4f} "
        f"(rank {found.pagerank_rank}); component {found.component} "
        f"({found.component_size} places)"
        + (
            f"; community {found.community} ({found.community_size} places)"
            if found.community
            else ""
        ),  # fmt: skip
        highlight=False,
    )
    table = Table(title="Partners by weight", title_justify="left", header_style="bold")
    for col in ("Partner", "Weight", "Links"):
        table.add_column(col)
    for n in found.neighbours:
        table.add_row(_name(n.place), str(n.edge.weight), _edge(n.edge))
    console.print(table)
    if found.more_neighbours:
        console.print(f"… and {found.more_neighbours} more", highlight=False)


@graph_app.command("shared")
def shared(
    ctx: typer.Context,
    a: str = typer.Argument(..., help=PLACE_HELP),
    b: str = typer.Argument(..., help=PLACE_HELP),
    kinds: str | None = KINDS,
    review: str | None = REVIEW,
    csv_path: Path | None = CSV,
    as_json: bool = JSON,
) -> None:
    """The partners two places have in common."""
    with app_context(ctx).registry().session() as session:
        found = graph_mod.shared(session, a, b, _kinds(kinds), review)
    if csv_path is not None:
        rows = [[p.place.id, p.place.name, p.place.country, p.with_a.weight, p.with_b.weight]
                for p in found.partners]  # fmt: skip
        _write_csv(csv_path, ["place_id", "place", "country", "weight_a", "weight_b"], rows)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    direct = f"linked directly ({_edge(found.direct)})" if found.direct else "not linked directly"
    console.print(
        f"{len(found.partners)} shared partners of {_name(found.a)} and {_name(found.b)} "
        f"({direct}); {found.only_a} only of the first, {found.only_b} only of the second; "
        f"Jaccard {found.jaccard:.3f}",
        highlight=False,
    )
    table = Table(header_style="bold")
    for col in ("Partner", "With the first", "With the second"):
        table.add_column(col)
    for p in found.partners:
        table.add_row(_name(p.place), _edge(p.with_a), _edge(p.with_b))
    console.print(table)


@graph_app.command("path")
def path(
    ctx: typer.Context,
    a: str = typer.Argument(..., help=PLACE_HELP),
    b: str = typer.Argument(..., help=PLACE_HELP),
    kinds: str | None = KINDS,
    review: str | None = REVIEW,
    as_json: bool = JSON,
) -> None:
    """The shortest chain of links between two places."""
    with app_context(ctx).registry().session() as session:
        found = graph_mod.chain(session, a, b, _kinds(kinds), review)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    if not found.found:
        console.print(f"no chain links {_name(found.a)} and {_name(found.b)}", highlight=False)
        return
    console.print(f"{found.hops} steps: " + " → ".join(_name(p) for p in found.places))
    for s in found.steps:
        console.print(f"  {_name(s.source)} — {_name(s.target)}: {_edge(s.edge)}")


@graph_app.command("export")
def export(
    ctx: typer.Context,
    output: Path = typer.Option(
        ..., "--output", "-o", help="The GEXF file to write.", dir_okay=False
    ),  # fmt: skip
    kinds: str | None = KINDS,
    review: str | None = REVIEW,
) -> None:
    """Write the graph as GEXF for Gephi."""
    with app_context(ctx).registry().session() as session:
        graph = graph_mod.build_graph(session, _kinds(kinds), review)
    graph_mod.write_gexf(graph, output)
    console.print(
        f"{graph.number_of_nodes()} places, {graph.number_of_edges()} links → {output}",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(graph_app, name="graph")
