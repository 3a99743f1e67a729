"""The costly metrics of a graph of places on arrays: PageRank and betweenness with NumPy
and SciPy's sparse matrices, Louvain communities with igraph (C). Each is the definition
of `analytics.graph_metrics` (networkx's), computed without a Python step per edge and
source: on the benchmark's 22,164-place, 51,403-link graph PageRank takes ~0.02 s,
betweenness from 9 sources ~0.02 s, Louvain ~0.1 s (networkx's: ~0.5, ~1 and ~3 s).

`Arrays` is the graph once as integers: node i is the i-th smallest place id; `adj` the
symmetric CSR matrix of the weights.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

import igraph as ig
import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph, linalg  # noqa: F401  (sparse.csgraph, sparse.linalg)

# sources of a betweenness batch: the n × batch matrices of distances and path counts
BATCH = 64

_IGRAPH_RNG = threading.Lock()


@dataclass(frozen=True)
class Arrays:
    nodes: list[int]  # index → place id, ascending
    heads: np.ndarray  # edge → index of one end (edges in graph.edges() order)
    tails: np.ndarray  # → of the other
    weights: np.ndarray  # float64
    adj: sparse.csr_array  # symmetric, the weights

    @property
    def n(self) -> int:
        return len(self.nodes)


def arrays(graph: nx.Graph) -> Arrays:
    """The graph as integer arrays (self-loops are left out: the registry makes none)."""
    nodes = sorted(graph)
    index = {v: i for i, v in enumerate(nodes)}
    rows = [
        (index[u], index[v], d.get("weight", 1)) for u, v, d in graph.edges(data=True) if u != v
    ]
    table = np.array(rows, dtype=np.float64).reshape(-1, 3)
    return from_edges(
        nodes, table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2].copy()
    )


def from_edges(
    nodes: list[int], heads: np.ndarray, tails: np.ndarray, weights: np.ndarray
) -> Arrays:
    """The arrays of edges given as indices into `nodes` (ascending place ids)."""
    n = len(nodes)
    adj = sparse.csr_array(
        (np.concatenate([weights, weights]),
         (np.concatenate([heads, tails]), np.concatenate([tails, heads]))),
        shape=(n, n),
    )  # fmt: skip
    return Arrays(nodes, heads, tails, weights, adj)


def degrees(data: Arrays) -> tuple[dict[int, int], dict[int, int]]:
    """place id → degree, and → weighted degree (the sum of its edges' weights)."""
    degree = np.diff(data.adj.indptr).tolist()  # stored entries a row: each neighbour once
    weighted = np.rint(np.asarray(data.adj.sum(axis=1)).ravel()).astype(np.int64).tolist()
    return dict(zip(data.nodes, degree, strict=True)), dict(zip(data.nodes, weighted, strict=True))


def component_parts(data: Arrays) -> list[list[int]]:
    """The connected components as lists of place ids (ascending), in no order."""
    if data.n == 0:
        return []
    count, labels = sparse.csgraph.connected_components(data.adj, directed=False)
    return _parts(data, labels, count)


def _parts(data: Arrays, labels: np.ndarray, count: int) -> list[list[int]]:
    order = np.argsort(labels, kind="stable")  # indices ascending within each label
    bounds = np.searchsorted(labels[order], np.arange(count + 1))
    ids = np.asarray(data.nodes, dtype=np.int64)[order].tolist()
    return [ids[bounds[i] : bounds[i + 1]] for i in range(count) if bounds[i + 1] > bounds[i]]


def inner_edges(data: Arrays, number: dict[int, int]) -> dict[int, int]:
    """group number → edges with both ends in it (`number`: place id → group number)."""
    if not len(data.heads):
        return {}
    of = np.array([number[v] for v in data.nodes], dtype=np.int64)
    a, b = of[data.heads], of[data.tails]
    counts = np.bincount(a[a == b])
    return {i: int(c) for i, c in enumerate(counts.tolist()) if c}


def pagerank(data: Arrays, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 100) -> (
    dict[int, float]
):  # fmt: skip
    """networkx's PageRank (its SciPy power iteration: dangling places spread their rank
    evenly; stop when the ranks move less than n · tol in all) on the weights."""
    n = data.n
    if n == 0:
        return {}
    strength = np.asarray(data.adj.sum(axis=1)).ravel()
    inverse = np.zeros(n)
    has = strength != 0
    inverse[has] = 1.0 / strength[has]
    # row-stochastic transition matrix; x @ P is P's transpose times x: (P.T @ x)
    transposed = (sparse.diags_array(inverse) @ data.adj).T.tocsr()
    dangling = np.flatnonzero(~has)
    x = np.full(n, 1.0 / n)
    p = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (transposed @ x + x[dangling].sum() * p) + (1 - alpha) * p
        if np.abs(x - last).sum() < n * tol:
            break
    else:
        raise nx.PowerIterationFailedConvergence(max_iter)
    return dict(zip(data.nodes, x.tolist(), strict=True))


def eigenvector(data: Arrays) -> dict[int, float]:
    """networkx's `eigenvector_centrality_numpy` on the weights, within the largest
    connected component (networkx refuses a graph in several pieces: the leading eigenvector
    would lie in one of them only); 0.0 for every place outside it. Non-negative, of unit
    length."""
    n = data.n
    if n == 0:
        return {}
    _, labels = sparse.csgraph.connected_components(data.adj, directed=False)
    inside = np.flatnonzero(labels == np.bincount(labels).argmax())
    vector = np.zeros(n)
    if len(inside) <= 2:  # one place, or two places and one link: equal shares
        vector[inside] = 1.0 / np.sqrt(len(inside))
    else:
        block = data.adj[inside][:, inside].astype(np.float64)
        start = np.ones(len(inside))  # ARPACK's own start is random: the same answer each run
        _, vectors = sparse.linalg.eigsh(block, k=1, which="LA", tol=1e-10, v0=start)
        found = vectors[:, 0]
        vector[inside] = np.abs(found) / np.linalg.norm(found)
    return dict(zip(data.nodes, vector.tolist(), strict=True))


def triangles(data: Arrays) -> np.ndarray:
    """The triangles each place (by index) is a corner of (in hops: weights left out)."""
    hops = data.adj.copy()
    hops.data = np.ones_like(hops.data)
    paths = (hops @ hops).multiply(hops)  # two-step paths i → j that close on a link i — j
    return np.rint(np.asarray(paths.sum(axis=1)).ravel() / 2).astype(np.int64)


def clustering(data: Arrays) -> tuple[float, float, int]:
    """networkx's average clustering (unweighted; places with fewer than two partners count
    as 0), its transitivity (3 × triangles / connected triples) and the triangles."""
    n = data.n
    if n == 0:
        return 0.0, 0.0, 0
    corners = triangles(data)
    degree = np.diff(data.adj.indptr).astype(np.float64)
    pairs = degree * (degree - 1) / 2  # the pairs of partners of each place
    local = np.divide(corners, pairs, out=np.zeros(n), where=pairs > 0)
    triples = pairs.sum()
    transitivity = float(corners.sum() / triples) if triples else 0.0
    return float(local.mean()), transitivity, int(corners.sum() // 3)


def betweenness(data: Arrays, k: int | None = None, seed: int = 42) -> dict[int, float]:
    """Brandes' betweenness in hops, normalised as networkx's; from `k` sources drawn with
    `seed` from the places in id order (None or k ≥ nodes: every source, exact).

    Breadth first from a batch of sources at once, a level a step: the path counts of the
    next level are the adjacency times those of this one (masked to unseen places), and the
    dependencies flow back a level a step the same way (δ(v) = σ(v) Σ_w (1 + δ(w)) / σ(w)
    over the neighbours w one level further)."""
    n = data.n
    if n == 0:
        return {}
    if k is None or k >= n:
        sources = np.arange(n)
    else:
        sources = np.array(random.Random(seed).sample(range(n), k), dtype=np.int64)
    hops = data.adj.copy()
    hops.data = np.ones_like(hops.data)  # in hops: weights are strengths, not distances
    score = np.zeros(n)
    for start in range(0, len(sources), BATCH):
        score += _dependencies(hops, sources[start : start + BATCH])
    if n <= 2:
        scale = 0.0
    else:
        scale = 1.0 / ((n - 1) * (n - 2))
        if len(sources) < n:
            scale *= n / len(sources)
    return dict(zip(data.nodes, (score * scale).tolist(), strict=True))


def betweenness_c(
    data: Arrays, k: int | None = None, seed: int = 42, lengths: np.ndarray | None = None
) -> dict[int, float]:
    """`betweenness` computed by igraph (Brandes in C, ~1 ms a source on the world's
    18,000 places against ~15 ms here): the same sources (drawn with `seed` from the places
    in id order), the same normalisation. With `lengths` (a positive length an edge, in
    the edges' order), shortest chains are the shortest in total length (Dijkstra), not
    in hops."""
    n = data.n
    if n == 0:
        return {}
    exact = k is None or k >= n
    sources = None if exact else random.Random(seed).sample(range(n), k or 0)
    graph = ig.Graph(n=n, edges=list(zip(data.heads.tolist(), data.tails.tolist(), strict=True)))
    weights = None if lengths is None else lengths.tolist()
    found = np.asarray(
        graph.betweenness(directed=False, weights=weights, sources=sources), dtype=np.float64
    )
    if n <= 2:
        return dict.fromkeys(data.nodes, 0.0)
    # igraph's sums are half networkx's (an unordered pair once), sampled or not
    scale = 2.0 / ((n - 1) * (n - 2))
    if sources is not None:
        scale *= n / len(sources)
    return dict(zip(data.nodes, (found * scale).tolist(), strict=True))


def _dependencies(hops: sparse.csr_array, batch: np.ndarray) -> np.ndarray:
    """Σ over the batch's sources s of δ_s(v), for every place v (δ_s(s) left out)."""
    n, b = hops.shape[0], len(batch)
    cols = np.arange(b)
    dist = np.full((n, b), -1, dtype=np.int64)
    sigma = np.zeros((n, b))
    dist[batch, cols] = 0
    sigma[batch, cols] = 1.0
    frontier = sigma.copy()
    level = 0
    while True:
        reached = hops @ frontier
        new = (reached > 0) & (dist < 0)
        if not new.any():
            break
        level += 1
        dist[new] = level
        sigma[new] = reached[new]
        frontier = np.where(new, reached, 0.0)
    delta = np.zeros((n, b))
    safe = np.where(sigma > 0, sigma, 1.0)
    for d in range(level, 0, -1):
        at = dist == d
        flow = hops @ np.where(at, (1.0 + delta) / safe, 0.0)
        below = dist == d - 1
        delta[below] += (sigma * flow)[below]
    delta[batch, cols] = 0.0
    return np.asarray(delta.sum(axis=1))


def louvain(data: Arrays, seed: int = 42) -> tuple[list[list[int]], float]:
    """Communities by the Louvain method (igraph's multilevel, on the weights, resolution 1,
    its random order drawn from `seed`) as lists of place ids, and their modularity."""
    if data.n == 0:
        return [], 0.0
    graph = ig.Graph(
        n=data.n, edges=list(zip(data.heads.tolist(), data.tails.tolist(), strict=True))
    )
    weights = data.weights.tolist()
    with _IGRAPH_RNG:  # igraph's generator is one per process: one seeded run at a time
        ig.set_random_number_generator(random.Random(seed))
        try:
            found = graph.community_multilevel(weights=weights if weights else None)
        finally:
            ig.set_random_number_generator(random)
    labels = np.asarray(found.membership, dtype=np.int64)
    quality = graph.modularity(found.membership, weights=weights) if weights else 0.0
    return _parts(data, labels, int(labels.max()) + 1), float(quality)
