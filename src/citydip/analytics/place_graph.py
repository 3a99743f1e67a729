"""The registry's graph of places as arrays, read the way `analytics.graph_metrics` reads an
nx.Graph: its nodes' attribute dicts (`nodes`, `_node`), iteration in place-id order,
membership, and a node's neighbours with their edges' attribute dicts (made when asked,
from the edge columns: an 800,000-edge graph of engagements has no dict an edge).

networkx stays the reference: `to_networkx` makes the same graph as an nx.Graph (the
adjacency in place-id order), for the shortest chain and the GEXF export.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np


@dataclass(frozen=True)
class EdgeColumns:
    """Each edge's records by kind (edges in (place a, place b) order, a < b) and the tie
    types and membership roles of the edges that have any (edge → sorted, joined by
    commas)."""

    ties: np.ndarray  # int64
    engagements: np.ndarray
    memberships: np.ndarray
    types: dict[int, str] = field(default_factory=dict)

    def attrs(self, edge: int) -> dict[str, int | str]:
        ties, engagements, memberships = (
            int(self.ties[edge]),
            int(self.engagements[edge]),
            int(self.memberships[edge]),
        )
        return {
            "weight": ties + engagements + memberships,
            "ties": ties,
            "engagements": engagements,
            "memberships": memberships,
            "types": self.types.get(edge, ""),
        }


class PlaceGraph:
    """Nodes (place ids ascending, with their attributes) and edges as arrays: `heads` and
    `tails` the place ids of each edge's ends (heads < tails), `columns` their counts."""

    def __init__(
        self,
        meta: dict[str, Any],
        nodes: list[int],
        attrs: list[dict[str, Any]],
        heads: np.ndarray,
        tails: np.ndarray,
        columns: EdgeColumns,
    ) -> None:
        self.graph = meta
        self._node = dict(zip(nodes, attrs, strict=True))
        self.heads, self.tails, self.columns = heads, tails, columns
        self._adj: dict[int, dict[int, dict[str, int | str]]] = {}  # the nodes asked for

    @property
    def nodes(self) -> dict[int, dict[str, Any]]:
        return self._node

    def __iter__(self) -> Iterator[int]:
        return iter(self._node)

    def __contains__(self, node: object) -> bool:
        return node in self._node

    def __len__(self) -> int:
        return len(self._node)

    def number_of_nodes(self) -> int:
        return len(self._node)

    def number_of_edges(self) -> int:
        return len(self.heads)

    def __getitem__(self, node: int) -> dict[int, dict[str, int | str]]:
        """The node's neighbours (ascending) → their edge's attributes (made once a node:
        a scan of the edge arrays, ~1 ms for 800,000 edges)."""
        found = self._adj.get(node)
        if found is None:
            found = self._adj[node] = self._neighbours(node)
        return found

    def _neighbours(self, node: int) -> dict[int, dict[str, int | str]]:
        if node not in self._node:
            raise KeyError(node)
        edges = np.concatenate([np.flatnonzero(self.heads == node),
                                np.flatnonzero(self.tails == node)])  # fmt: skip
        others = np.where(self.heads[edges] == node, self.tails[edges], self.heads[edges])
        order = np.argsort(others, kind="stable")
        return {
            other: self.columns.attrs(edge)
            for other, edge in zip(others[order].tolist(), edges[order].tolist(), strict=True)
        }

    def has_edge(self, a: int, b: int) -> bool:
        lo, hi = min(a, b), max(a, b)
        return bool(np.any((self.heads == lo) & (self.tails == hi)))

    def to_networkx(self) -> nx.Graph:
        """The same graph as an nx.Graph (node and edge attributes as here)."""
        graph = nx.Graph(**self.graph)
        graph.add_nodes_from(self._node.items())
        # the adjacency filled directly (as add_edges_from does, without its per-edge
        # checks: both ends are nodes already, each pair comes once), in pair order
        adj = graph._adj
        cols = self.columns
        types = cols.types
        rows = zip(self.heads.tolist(), self.tails.tolist(), cols.ties.tolist(),
                   cols.engagements.tolist(), cols.memberships.tolist(), strict=True)  # fmt: skip
        for edge, (a, b, ties, engagements, memberships) in enumerate(rows):
            data = {"weight": ties + engagements + memberships, "ties": ties,
                    "engagements": engagements, "memberships": memberships,
                    "types": types.get(edge, "")}  # fmt: skip
            adj[a][b] = data
            adj[b][a] = data
        return graph
